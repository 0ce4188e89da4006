"""The mock processes of a run, kept between its tests: a test that needs a mock of its own takes one put
back as it started (SIGHUP: a few milliseconds, and it answers byte for byte as a new process would,
tests/mock/test_lifecycle.py) instead of starting a process (half a second of CPU). While a test holds
a mock it is that test's alone."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import attrs

from mock_server.process import MockProcess, MockStartError


@attrs.define
class MockPool:
    _idle: dict[tuple[str, tuple[str, ...]], list[MockProcess]] = attrs.field(factory=dict, alias="_idle")

    @contextlib.contextmanager
    def lease(self, module: str, options: tuple[str, ...]) -> Iterator[MockProcess]:
        """A mock as it started, the caller's until the block ends; then kept for the next, if it runs."""
        idle = self._idle.setdefault((module, options), [])
        mock = self._reset_one(idle) or MockProcess("--quiet", *options, module=module)
        try:
            yield mock
        finally:
            if mock.running:
                idle.append(mock)

    @staticmethod
    def _reset_one(idle: list[MockProcess]) -> MockProcess | None:
        while idle:
            mock = idle.pop()
            if not mock.running:
                continue  # a test ended it (or it died): never handed out again
            try:
                mock.reset_world()
            except MockStartError:
                mock.stop(wait=False)
                continue
            return mock
        return None

    def close(self) -> None:
        """Stop every idle mock (without waiting: their shutdowns overlap what follows)."""
        for mocks in self._idle.values():
            for mock in mocks:
                mock.stop(wait=False)
        self._idle.clear()
