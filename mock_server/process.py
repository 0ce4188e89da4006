"""Run the mock as a real process on a free loopback port and learn its URL from its banner: for test
suites (the contract suite, the mock's own tests) and anyone scripting against it."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from zenlayer_spec import load_spec

# In a checkout, run from its root (so that a module not installed is found); installed, anywhere.
ROOT = Path(__file__).resolve().parent.parent
_CHECKOUT = ROOT if (ROOT / "pyproject.toml").is_file() else None
STARTUP_SECONDS = 30
BANNER_PREFIX = "mock listening on "
RESET_LINE = "world reset to its fixtures"


class MockStartError(RuntimeError):
    """The mock process did not print its banner in time; the message holds what it printed."""


class MockProcess:
    """`python -m <module> --port 0 ...` (module `mock_server` or a variant with the same CLI)."""

    def __init__(self, *arguments: str, module: str = "mock_server") -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", module, "--host", "127.0.0.1", "--port", "0", *arguments],
            cwd=_CHECKOUT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.banner: list[str] = []
        self.log: list[str] = []
        # Both are pipes (PIPE above); the asserts narrow the types.
        assert self._process.stdout is not None
        assert self._process.stderr is not None
        threading.Thread(target=self._collect, args=(self._process.stderr, self.log), daemon=True).start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            line = self._process.stdout.readline()
            if not line:
                break
            self.banner.append(line.rstrip("\n"))
            if line.startswith("accepting"):
                break
        if not self.banner or not self.banner[0].startswith(BANNER_PREFIX):
            self.stop()
            raise MockStartError(f"the mock did not start: {self.banner} {self.log}")
        threading.Thread(target=self._collect, args=(self._process.stdout, self.banner), daemon=True).start()
        self.endpoint = self.banner[0].removeprefix(BANNER_PREFIX)
        self.base_url = self.endpoint.removesuffix(load_spec().endpoint_path)

    def reset_world(self, deadline_seconds: float = 10.0) -> None:
        """Put the mock's world back as its fixtures describe it (SIGHUP) and wait until it says so."""
        done = sum(RESET_LINE in line for line in self.log)
        self._process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + deadline_seconds
        while sum(RESET_LINE in line for line in self.log) <= done:
            if time.monotonic() > deadline or self._process.poll() is not None:
                raise MockStartError(f"the mock did not reset its world within {deadline_seconds:g} s: {self.log[-5:]}")
            time.sleep(0.002)

    @property
    def pid(self) -> int:
        return self._process.pid

    @staticmethod
    def _collect(stream: Iterable[str], into: list[str]) -> None:
        for line in stream:
            into.append(line.rstrip("\n"))

    def stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)

    def __enter__(self) -> MockProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
