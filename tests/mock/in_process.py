"""The mock in process, on a clock the test moves: httpx's ASGI transport (the same bytes, no socket),
for tests of behaviour that is not the transport's (lifecycles, state) and must not wait on time."""

from __future__ import annotations

import asyncio
import atexit
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import attrs
import httpx

from mock_server import MockApp
from mock_server.faults import FaultSettings
from tests.mock.harness import Caller

T = TypeVar("T")


_loops = threading.local()


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run`, on one event loop per thread kept between calls: a new loop for each of the
    thousands of in-process requests cost three times the request itself. The loop's own
    `run_until_complete`, not `asyncio.Runner.run`: the runner installs and removes a Ctrl-C handler
    around every call (signal lookups through enums: an in-process request 440 -> 380 µs)."""
    loop = getattr(_loops, "loop", None)
    if loop is None:
        loop = _loops.loop = asyncio.new_event_loop()
        atexit.register(loop.close)
    return loop.run_until_complete(coroutine)


def send_in_process(app: MockApp, request: httpx.Request) -> httpx.Response:
    """One request to `app` over httpx's ASGI transport: the same bytes as over a socket, no socket."""

    async def send() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as client:
            return await client.send(request)

    return _run(send())


@attrs.define
class FakeClock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@attrs.define
class InProcessMock:
    """A fresh MockApp (its own world) on `clock`, called with signed requests."""

    clock: FakeClock = attrs.field(factory=FakeClock)
    transition_seconds: float = 2.0
    create_fail_rate: float = 0.0  # the mock's create fault
    app: MockApp = attrs.field(init=False)
    caller: Caller = attrs.field(init=False, factory=lambda: Caller("http://mock.test/api/v2/vm"))

    def __attrs_post_init__(self) -> None:
        self.app = MockApp(
            clock=self.clock,
            wall_clock=time.time,
            transition_seconds=self.transition_seconds,
            faults=FaultSettings(create_fail_rate=self.create_fail_rate),
        )

    def call(self, action: str, body: dict[str, Any]) -> httpx.Response:
        return send_in_process(self.app, self.caller.call_request(action, body))


def poll_until(read: Callable[[], object], expected: object, deadline_seconds: float = 10.0) -> object:
    """Read until the value is `expected` or the deadline passes (for real processes, never a fixed sleep)."""
    deadline = time.monotonic() + deadline_seconds
    value = read()
    while value != expected and time.monotonic() < deadline:
        time.sleep(0.02)
        value = read()
    return value


class InProcessTransport(httpx.BaseTransport):
    """A synchronous httpx transport into an ASGI app (httpx's own ASGI transport is async only), so
    that code written for a synchronous client (the suite's Caller) runs against the app in process."""

    def __init__(self, app: MockApp) -> None:
        self._app = app

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> tuple[int, httpx.Headers, bytes]:
            response = await httpx.ASGITransport(app=self._app).handle_async_request(request)
            return response.status_code, response.headers, await response.aread()

        status, headers, content = _run(send())
        return httpx.Response(status, headers=headers, content=content, request=request)
