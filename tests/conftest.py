"""Fixtures shared by the test packages. Nothing is imported from the toolkit at module level: the
client's own tests also run in an environment that holds the client alone
(tests/packaging/test_client_versions.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from mock_server.process import MockProcess


# The mocks these tests start (about 100 in a run) fork from one warm process each test process starts
# on first use: a new interpreter per mock spent about 45 of the run's 340 CPU-s importing and compiling
# the same spec. tests/mock/test_process.py still starts them as new interpreters (`python -m`).
FORKED_MOCK_MODULES = ("mock_server", "contract_tests.mutants")
PRELOADED = ("mock_server.warm", "contract_tests.mutants")


def pytest_configure(config: pytest.Config) -> None:
    try:
        from contract_tests import end_of_session
        from mock_server import process
        from mock_server.fork_server import ForkServer
    except ImportError:  # the environment that holds the client alone
        return
    process.start_by_forking(ForkServer(FORKED_MOCK_MODULES, preload=PRELOADED))
    config.pluginmanager.register(end_of_session, "zenlayer-end-of-session")  # quick to exit, like the suite


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On workers, the tests marked heavy start first, spread over the workers: pytest-xdist's worksteal
    hands each worker an equal, contiguous share of the tests in order, and an idle worker steals from
    the end of another's share. Left in their place, several heavy tests could fall to one worker, or
    start last, and the run would wait on them alone."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0"))
    if workers < 2:
        return
    items[:] = heavy_first(items, workers)


def heavy_first(items: list[pytest.Item], workers: int) -> list[pytest.Item]:
    """`items` in shares as worksteal cuts them (each `remaining // workers left`), each share beginning
    with its round-robin part of the heavy tests."""
    heavy = [item for item in items if item.get_closest_marker("heavy")]
    rest = [item for item in items if not item.get_closest_marker("heavy")]
    ordered: list[pytest.Item] = []
    for worker in range(workers):
        share = (len(items) - len(ordered)) // (workers - worker)
        mine = heavy[worker::workers]
        light = max(0, share - len(mine))
        ordered += mine + rest[:light]
        rest = rest[light:]
    return ordered + rest


@pytest.fixture(scope="module")
def module_mock() -> Iterator[MockProcess]:
    """One mock process for a test module, changes settling at once."""
    from mock_server.process import MockProcess

    with MockProcess("--quiet", "--transition-seconds", "0") as process:
        yield process


@pytest.fixture
def reset_mock(module_mock: MockProcess) -> MockProcess:
    """The module's mock put back as it started (SIGHUP; it then answers as a new process would): each test
    meets a fresh world, without a process started for each (half a second of CPU)."""
    module_mock.reset_world()
    return module_mock
