"""Fixtures shared by the test packages. Nothing is imported from the toolkit at module level: the
client's own tests also run in an environment that holds the client alone
(tests/packaging/test_client_versions.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from mock_server.process import MockProcess


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
