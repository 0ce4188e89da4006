"""MockProcess, the way tests and scripts start the mock: no race at start, deadlines that hold, and a
mock that dies says how."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from mock_server.process import ROOT, MockProcess, MockStartError, start_by_forking


@pytest.fixture(autouse=True, scope="module")
def _new_interpreters() -> Iterator[None]:
    """These tests are about `python -m mock_server` as MockProcess starts it: no fork server."""
    forking = start_by_forking(None)
    yield
    start_by_forking(forking)


# Enough cycles to catch the old race (it killed 10 of 10), few enough for a quick suite (a start costs
# 0.4 s of CPU); the closing note of the session that fixed it ran 200.
CYCLES = 5


def test_a_reset_right_after_the_banner_never_kills_the_mock() -> None:
    """SIGHUP sent as soon as the banner is read: the handler is installed before the banner."""
    for _ in range(CYCLES):
        mock = MockProcess("--quiet")
        try:
            mock.reset_world()
            assert mock._process.poll() is None
        finally:
            mock.stop(wait=False)  # its shutdown is not what this test is about


def test_the_startup_deadline_holds_when_the_process_prints_nothing() -> None:
    started = time.monotonic()
    with pytest.raises(MockStartError, match=r"did not start within 1 s: still running") as raised:
        MockProcess(module="tests.mock.silent_process", startup_seconds=1)
    assert time.monotonic() - started < 15  # bounded by the deadline (plus the stop), not by the process
    assert "printed []" in str(raised.value)


def test_a_mock_that_dies_at_start_says_how_and_why() -> None:
    with pytest.raises(MockStartError) as raised:
        MockProcess(module="no_such_mock_module")
    message = str(raised.value)
    assert "exited with status 1" in message
    assert "No module named no_such_mock_module" in message  # the last lines of its stderr


def test_a_mock_the_system_cannot_start_is_a_start_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """No interpreter to run (or no file descriptor left): the system's refusal, as a MockStartError."""
    monkeypatch.setattr(sys, "executable", "/nonexistent/python3")
    with pytest.raises(MockStartError, match=r"python -m mock_server could not be started: .*nonexistent/python3"):
        MockProcess()


def test_ctrl_c_stops_the_mock_with_a_line_not_a_traceback() -> None:
    mock = MockProcess()
    mock._process.send_signal(signal.SIGINT)
    assert mock._process.wait(timeout=30) == 130
    mock._stderr_reader.join(timeout=5)
    assert "mock stopped (interrupted)" in mock.log
    assert not any("Traceback" in line for line in mock.log)


def test_a_busy_port_is_named() -> None:
    with MockProcess("--quiet") as first:
        port = first.base_url.rsplit(":", 1)[1].split("/")[0]
        result = subprocess.run(
            [sys.executable, "-m", "mock_server", "--port", port, "--quiet"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: cannot listen on 127.0.0.1:{port}: Address already in use"


def test_the_log_of_a_crash_is_read_to_its_end_before_it_is_shown() -> None:
    """A 500 from the mock comes after its traceback went to stderr; the pipe's reader may still be
    behind. `settled_log` waits (bounded) until no line has come for a while."""
    with MockProcess("--quiet") as mock:
        before = len(mock.log)

        def trickle() -> None:  # stands in for the reader thread catching up
            for index in range(5):
                time.sleep(0.01)
                mock.log.append(f"line {index}")

        writer = threading.Thread(target=trickle)
        writer.start()
        settled = mock.settled_log(quiet_seconds=0.5, deadline_seconds=10)
        writer.join()
    assert settled[before:] == [f"line {index}" for index in range(5)]


def test_a_mock_stopped_without_waiting_still_ends() -> None:
    mock = MockProcess("--quiet")
    mock.stop(wait=False)
    assert mock._process.wait(timeout=10) is not None
