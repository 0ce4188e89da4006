"""The mock processes of a run, kept between its tests: a test that needs a mock of its own takes one put
back as it started (SIGHUP: a few milliseconds, and it answers byte for byte as a new process would,
tests/mock/test_lifecycle.py) instead of starting a process (half a second of CPU). While a test holds
a mock it is that test's alone."""

from __future__ import annotations

import attrs

from mock_server.process import MockProcess, MockStartError


@attrs.define
class MockPool:
    _idle: dict[tuple[str, tuple[str, ...]], list[MockProcess]] = attrs.field(factory=dict, alias="_idle")
    _held: dict[int, tuple[str, tuple[str, ...]]] = attrs.field(factory=dict, alias="_held")

    def take(self, module: str, options: tuple[str, ...]) -> MockProcess:
        key = (module, options)
        idle = self._idle.setdefault(key, [])
        while idle:
            mock = idle.pop()
            if not mock.running:
                continue  # a test ended it (or it died): never handed out again
            try:
                mock.reset_world()
            except MockStartError:
                mock.stop(wait=False)
                continue
            self._held[id(mock)] = key
            return mock
        mock = MockProcess("--quiet", *options, module=module)
        self._held[id(mock)] = key
        return mock

    def give_back(self, mock: MockProcess) -> None:
        key = self._held.pop(id(mock))
        if mock.running:
            self._idle.setdefault(key, []).append(mock)

    def close(self) -> None:
        """Stop every idle mock (without waiting: their shutdowns overlap what follows)."""
        for mocks in self._idle.values():
            for mock in mocks:
                mock.stop(wait=False)
        self._idle.clear()
