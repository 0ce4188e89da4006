from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.mock.harness import Caller, MockProcess

StartMock = Callable[..., MockProcess]


@pytest.fixture
def start_mock() -> Iterator[StartMock]:
    """Start a fresh mock process (fresh state) with extra CLI arguments; stopped after the test."""
    started: list[MockProcess] = []

    def start(*arguments: str) -> MockProcess:
        process = MockProcess("--quiet", *arguments)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


@pytest.fixture(scope="module")
def shared_mock() -> Iterator[MockProcess]:
    """One mock for a module's tests that do not change state."""
    process = MockProcess("--quiet")
    yield process
    process.stop()


@pytest.fixture
def caller(shared_mock: MockProcess) -> Caller:
    return Caller(shared_mock.endpoint)
