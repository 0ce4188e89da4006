"""Mocks forked from a warm process (mock_server.fork_server: how these tests start theirs, see
tests/conftest.py) are what `python -m mock_server` starts: the same answers, the caller's arguments and
environment, failures said the same way, the same end."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mock_server.fork_server import ForkedProcess, ForkServer
from mock_server.process import ROOT, MockProcess, MockStartError, start_by_forking
from tests.mock.harness import Caller, answers_of_a_start
from zenlayer_spec import SPEC_PATH


def _new_interpreter(*arguments: str) -> MockProcess:
    forking = start_by_forking(None)
    try:
        return MockProcess(*arguments)
    finally:
        start_by_forking(forking)


def test_a_forked_mock_answers_and_ends_as_a_new_interpreter_would() -> None:
    arguments = ("--quiet", "--transition-requests", "1", "--fault-seed", "7", "--create-fail-rate", "0.5")
    with MockProcess(*arguments) as forked, _new_interpreter(*arguments) as fresh:
        assert isinstance(forked._process, ForkedProcess)
        assert isinstance(fresh._process, subprocess.Popen)
        assert forked.pid not in {fresh.pid, os.getpid()}  # a process of its own
        assert answers_of_a_start(forked.endpoint) == answers_of_a_start(fresh.endpoint)
        ports = (forked.endpoint.split(":")[2].split("/")[0], fresh.endpoint.split(":")[2].split("/")[0])
        assert [line.replace(ports[0], "PORT") for line in forked.banner] == [
            line.replace(ports[1], "PORT") for line in fresh.banner
        ]
        forked.stop()
        fresh.stop()
        assert forked._process.returncode == fresh._process.returncode is not None


def test_the_callers_environment_reaches_the_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZENLAYER_MUTANT", "undeclared_status")  # read by the variant when it starts
    with MockProcess("--quiet", module="contract_tests.mutants") as mock:
        assert isinstance(mock._process, ForkedProcess)
        gone = Caller(mock.endpoint).call("StopInstances", {"instanceIds": ["ins-nope"]})
    assert gone.status_code == 410


def test_a_fork_that_cannot_start_says_how_and_why(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-world.yaml")
    with pytest.raises(MockStartError, match=r"(?s)exited with status 2.*cannot read") as raised:
        MockProcess("--fixtures", missing)
    assert "no-such-world.yaml" in str(raised.value)


def test_a_mock_the_server_cannot_be_starts_as_a_new_interpreter(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    server = ForkServer(["mock_server"], preload=[])
    assert not server.serves("tests.mock.silent_process")  # a module it was not set up for
    copy = tmp_path / "spec.yaml"
    copy.write_text(SPEC_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert server.serves("mock_server")
    monkeypatch.setenv("ZENLAYER_SPEC", str(copy))  # read at import: the server's modules read another
    assert not server.serves("mock_server")
    with MockProcess("--quiet") as mock:
        assert isinstance(mock._process, subprocess.Popen)


def test_a_forked_mock_left_running_ends_with_its_caller() -> None:
    """A caller that exits without stopping its mock neither hangs on it nor leaves it running."""
    script = (
        "from mock_server import process\n"
        "from mock_server.fork_server import ForkServer\n"
        "if __name__ == '__main__':\n"
        "    process.start_by_forking(ForkServer(['mock_server'], preload=['mock_server.warm']))\n"
        "    print(process.MockProcess('--quiet').pid, flush=True)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    pid = int(done.stdout)
    deadline = time.monotonic() + 10
    while _alive(pid):
        assert time.monotonic() < deadline, f"the forked mock {pid} outlived its caller"
        time.sleep(0.02)


def _alive(pid: int) -> bool:
    """Running: neither gone nor a zombie (an orphan waits for whoever reaps it, not always quickly)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
