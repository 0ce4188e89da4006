"""Stop when asked: the first SIGINT/SIGTERM stops sending and ends the test in progress; a second exits at
once; a run that still has not ended after the grace period writes what it can and exits. Signals are
delivered to the handler directly and exits are recorded, so nothing here ends the test process."""

from __future__ import annotations

import signal
import threading

from contract_tests.interrupt import Interrupt, exit_code


def test_the_first_signal_stops_sending_then_the_second_exits_at_once() -> None:
    stopped: list[str] = []
    exits: list[int] = []
    interrupt = Interrupt(on_first=stopped.append, on_overdue=lambda name: None, grace_seconds=60, exit=exits.append)
    interrupt.handle(signal.SIGINT, None)  # nothing raised into the test that runs: it ends by itself
    assert stopped == ["SIGINT"]
    assert interrupt.name == "SIGINT"
    assert exits == []
    interrupt.handle(signal.SIGINT, None)  # the second: at once
    assert exits == [130]
    interrupt.uninstall()  # cancels the grace timer


def test_a_run_that_does_not_end_in_time_writes_what_it_can_and_exits() -> None:
    overdue: list[str] = []
    exited = threading.Event()
    codes: list[int] = []

    def record_exit(code: int) -> None:
        codes.append(code)
        exited.set()

    interrupt = Interrupt(on_first=lambda name: None, on_overdue=overdue.append, grace_seconds=0.01, exit=record_exit)
    interrupt.handle(signal.SIGTERM, None)
    assert exited.wait(10), "the grace timer never fired"
    assert overdue == ["SIGTERM"]
    assert codes == [143]


def test_a_disarmed_run_is_not_cut_off_when_the_grace_period_ends() -> None:
    # The tests ended in time; the release that follows takes longer than the grace period (a machine
    # under load): it must finish, so nothing is written twice and nothing exits under it.
    overdue: list[str] = []
    codes: list[int] = []
    interrupt = Interrupt(on_first=lambda name: None, on_overdue=overdue.append, grace_seconds=60, exit=codes.append)
    interrupt.handle(signal.SIGINT, None)
    interrupt.disarm()
    interrupt._overdue()  # as the timer would, had it fired just then
    assert (overdue, codes) == ([], [])
    interrupt.handle(signal.SIGINT, None)  # a second signal still exits at once
    assert codes == [130]


def test_disarming_waits_for_an_overdue_path_under_way() -> None:
    entered, leave = threading.Event(), threading.Event()
    codes: list[int] = []

    def slow_overdue(name: str) -> None:
        entered.set()
        leave.wait(10)

    interrupt = Interrupt(on_first=lambda name: None, on_overdue=slow_overdue, grace_seconds=0.01, exit=codes.append)
    interrupt.handle(signal.SIGTERM, None)
    assert entered.wait(10), "the grace timer never fired"
    disarming = threading.Thread(target=interrupt.disarm)
    disarming.start()
    disarming.join(0.2)
    assert disarming.is_alive()  # held until the overdue path is done
    leave.set()
    disarming.join(10)
    assert codes == [143]


def test_handlers_are_installed_and_given_back() -> None:
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    interrupt = Interrupt(on_first=lambda name: None, on_overdue=lambda name: None)
    interrupt.install()
    try:
        assert signal.getsignal(signal.SIGTERM) == interrupt.handle
        assert signal.getsignal(signal.SIGINT) == interrupt.handle
    finally:
        interrupt.uninstall()
    assert {signum: signal.getsignal(signum) for signum in before} == before


def test_exit_codes_are_128_plus_the_signal() -> None:
    assert (exit_code(signal.SIGINT), exit_code(signal.SIGTERM)) == (130, 143)
