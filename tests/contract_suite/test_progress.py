"""A live run says what it is doing every few seconds: phase, operation, requests against the rate
limit and the time left at that rate (a fake clock: nothing waits)."""

from __future__ import annotations

import attrs

from contract_tests.progress import INTERVAL_SECONDS, Progress, per_second


@attrs.define
class FakeClock:
    now: float = 100.0

    def __call__(self) -> float:
        return self.now


def test_rate_limits_read_as_requests_per_second() -> None:
    assert per_second("2/s") == 2.0
    assert per_second("120/m") == 2.0
    assert per_second("3600/h") == 1.0
    assert per_second("fast") is None


def test_a_line_every_interval_with_phase_operation_rate_and_time_left() -> None:
    shown: list[str] = []
    clock = FakeClock()
    progress = Progress(shown.append, "2/s", tests=10, clock=clock)
    progress.test_started("contract_tests/test_contract.py::test_operation_conforms_examples")
    for _ in range(4):
        progress.request_sent("ResetInstance")
    # The first request shows a line at once (the run is alive); then none until an interval went by.
    assert shown == [
        "live: test_operation_conforms_examples ResetInstance: 1 requests in 0 s (rate limit 2/s), "
        "test 1 of 10; about 4 s left at that rate"
    ]
    clock.now += INTERVAL_SECONDS
    progress.request_sent("StopInstances")
    # 5 requests in 1 test of 10: 9 tests left at 5 requests each, at 2 per second.
    assert shown[1:] == [
        "live: test_operation_conforms_examples StopInstances: 5 requests in 5 s (rate limit 2/s), "
        "test 1 of 10; about 22 s left at that rate"
    ]
    progress.request_sent("StopInstances")
    assert len(shown) == 2  # one line per interval
