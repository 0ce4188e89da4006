from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

import pytest

from tests.client.loopback import LoopbackServer, Responder
from zenlayer_vm_client import AccessKeyAuth, Client, RetryPolicy

ACCESS_KEY_ID = "test-key-id"
ACCESS_KEY_PASSWORD = "test-key-password-Secret1"
FROZEN_TIME = 1_764_200_000.0

ServerFactory = Callable[[Responder], LoopbackServer]


@pytest.fixture
def serve() -> Iterator[ServerFactory]:
    started: list[LoopbackServer] = []

    def start(responder: Responder) -> LoopbackServer:
        server = LoopbackServer(responder).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def sleeps() -> list[float]:
    """The delays the client slept, instead of sleeping."""
    return []


def make_client(server: LoopbackServer, sleeps: list[float], **kwargs: object) -> Client:
    options: dict[str, object] = {
        "base_url": server.base_url,
        "auth": AccessKeyAuth(ACCESS_KEY_ID, ACCESS_KEY_PASSWORD, clock=lambda: FROZEN_TIME),
        "retry": RetryPolicy(sleep=sleeps.append, async_sleep=_async_recorder(sleeps)),
        "timeout": 5.0,
    }
    options.update(kwargs)
    return Client(**options)  # type: ignore[arg-type]


def _async_recorder(sleeps: list[float]) -> Callable[[float], Awaitable[None]]:
    async def record(delay: float) -> None:
        sleeps.append(delay)

    return record
