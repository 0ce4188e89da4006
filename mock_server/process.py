"""Run the mock as a real process on a free loopback port and learn its URL from its banner: for test
suites (the contract suite, the mock's own tests) and anyone scripting against it."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from mock_server.fork_server import ForkedProcess, ForkServer
from zenlayer_spec import load_spec

# In a checkout, run from its root (so that a module not installed is found); installed, anywhere.
ROOT = Path(__file__).resolve().parent.parent
_CHECKOUT = ROOT if (ROOT / "pyproject.toml").is_file() else None
STARTUP_SECONDS = 30
BANNER_PREFIX = "mock listening on "
RESET_LINE = "world reset to its fixtures"


_fork_server: ForkServer | None = None


def start_by_forking(server: ForkServer | None) -> ForkServer | None:
    """From now on, start the mocks `server` serves by forking it (None: each as a new interpreter, the
    default). Returns the choice it replaces."""
    global _fork_server
    previous, _fork_server = _fork_server, server
    return previous


class MockStartError(RuntimeError):
    """The mock process did not start or did not do what it was asked in time: the message says whether
    it died (exit status or signal) and holds the last lines of its stderr."""


class MockProcess:
    """`python -m <module> --port 0 ...` (module `mock_server` or a variant with the same CLI)."""

    def __init__(self, *arguments: str, module: str = "mock_server", startup_seconds: float = STARTUP_SECONDS) -> None:
        argv = ["--host", "127.0.0.1", "--port", "0", *arguments]
        self._process: subprocess.Popen[str] | ForkedProcess
        try:
            if _fork_server is not None and _fork_server.serves(module):
                self._process = _fork_server.start(module, argv, str(_CHECKOUT or Path.cwd()))
            else:
                command = [sys.executable, "-m", module, *argv]
                self._process = subprocess.Popen(
                    command, cwd=_CHECKOUT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                )
        # What the system (no such file, too many open files) or a fork server that died says.
        except (OSError, EOFError) as error:
            raise MockStartError(f"python -m {module} could not be started: {error}") from error
        self.banner: list[str] = []
        self.log: list[str] = []
        # Both are pipes (PIPE above); the asserts narrow the types.
        assert self._process.stdout is not None
        assert self._process.stderr is not None
        self._stderr_reader = threading.Thread(target=self._collect, args=(self._process.stderr, self.log), daemon=True)
        self._stderr_reader.start()
        # Lines reach us through a queue read with a timeout, so the deadline holds even when the
        # process prints nothing at all (a blocking readline() could not be interrupted).
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._forward, args=(self._process.stdout, lines), daemon=True).start()
        deadline = time.monotonic() + startup_seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                break
            if line is None:
                break
            self.banner.append(line)
            if line.startswith("accepting"):
                break
        if (
            not self.banner
            or not self.banner[0].startswith(BANNER_PREFIX)
            or not self.banner[-1].startswith("accepting")
        ):
            fate = self._fate()
            self.stop()
            raise MockStartError(f"the mock did not start within {startup_seconds:g} s: {fate}")
        threading.Thread(target=self._drain, args=(lines, self.banner), daemon=True).start()
        self.endpoint = self.banner[0].removeprefix(BANNER_PREFIX)
        self.base_url = self.endpoint.removesuffix(load_spec().endpoint_path)

    def reset_world(self, deadline_seconds: float = 10.0) -> None:
        """Put the mock's world back as its fixtures describe it (SIGHUP) and wait until it says so."""
        done = sum(RESET_LINE in line for line in self.log)
        self._process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + deadline_seconds
        while sum(RESET_LINE in line for line in self.log) <= done:
            if self._process.poll() is not None:
                raise MockStartError(f"the mock died while resetting its world: {self._fate()}")
            if time.monotonic() > deadline:
                raise MockStartError(f"the mock did not reset its world within {deadline_seconds:g} s: {self._fate()}")
            time.sleep(0.002)

    def settled_log(self, quiet_seconds: float = 0.05, deadline_seconds: float = 2.0) -> list[str]:
        """Its stderr lines once the reader has caught up: what the mock wrote before it answered (a
        traceback before a 500) may still be in the pipe. Returns when no line came for `quiet_seconds`,
        or at the deadline."""
        deadline = time.monotonic() + deadline_seconds
        seen, quiet_since = len(self.log), time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - quiet_since < quiet_seconds:
            time.sleep(0.005)
            if len(self.log) != seen:
                seen, quiet_since = len(self.log), time.monotonic()
        return list(self.log)

    @property
    def running(self) -> bool:
        return self._process.poll() is None

    @property
    def pid(self) -> int:
        return self._process.pid

    def _fate(self, lines: int = 8) -> str:
        """Whether the process is alive, else how it ended (exit status or signal), and its last stderr lines."""
        try:
            status = self._process.wait(timeout=1) if self._process.poll() is None else self._process.returncode
        except subprocess.TimeoutExpired:
            status = None
        if status is None:
            state = "still running"
        elif status < 0:
            state = f"killed by {signal.Signals(-status).name}"
        else:
            state = f"exited with status {status}"
        if status is not None:
            self._stderr_reader.join(timeout=1)  # its last lines, up to the pipe's end
        tail = "\n  ".join(self.log[-lines:]) or "(nothing)"
        return f"{state}; printed {self.banner}; last lines of its stderr:\n  {tail}"

    @staticmethod
    def _collect(stream: Iterable[str], into: list[str]) -> None:
        for line in stream:
            into.append(line.rstrip("\n"))

    @staticmethod
    def _forward(stream: Iterable[str], into: queue.Queue[str | None]) -> None:
        for line in stream:
            into.put(line.rstrip("\n"))
        into.put(None)

    @staticmethod
    def _drain(lines: queue.Queue[str | None], into: list[str]) -> None:
        while (line := lines.get()) is not None:
            into.append(line)

    def stop(self, wait: bool = True) -> None:
        """Stop it (SIGTERM: uvicorn finishes what it serves, about 0.2 s; SIGKILL after 10 s). Without
        `wait`, return at once and let a thread see it end: for callers that read nothing after (the
        contract suite's per-test mocks), which then overlap its shutdown with their next test."""
        self._process.terminate()
        if wait:
            self._reap()
        else:
            threading.Thread(target=self._reap, daemon=True).start()

    def _reap(self) -> None:
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)

    def __enter__(self) -> MockProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
