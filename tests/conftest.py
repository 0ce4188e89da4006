"""Fixtures shared by the test packages. Nothing is imported from the toolkit at module level: the
client's own tests also run in an environment that holds the client alone
(tests/packaging/test_client_versions.py)."""

from __future__ import annotations

import gc
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

# A test process holds half a million objects (every module the tests import, the in-process suite runs'
# Schemathesis and Hypothesis state); at CPython's default first threshold (700 allocations) the collector
# walked them so often that it took a quarter of the test workers' CPU (35 of 145 CPU-s in a run), at
# 20 000 about a twelfth (12). Garbage without cycles is freed at once either way; cycles wait longer.
GC_THRESHOLDS = (20_000, 10, 10)


def pytest_configure(config: pytest.Config) -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        from contract_tests import end_of_session
        from mock_server import process
        from mock_server.fork_server import ForkServer
    except ImportError:  # the environment that holds the client alone
        return
    process.start_by_forking(ForkServer(FORKED_MOCK_MODULES, preload=PRELOADED))
    config.pluginmanager.register(end_of_session, "zenlayer-end-of-session")  # quick to exit, like the suite


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
