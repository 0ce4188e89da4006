"""Body deadlines kept by one shared timer (mock_server/deadlines.py): a body that stops arriving is
cut off and answered with the spec's code, a body that arrives in time is not, and a cancellation
that is not the deadline's (the server shutting down) is passed on, not answered."""

from __future__ import annotations

import asyncio
import json
from collections.abc import MutableMapping
from typing import Any

import pytest

from mock_server import MockApp
from mock_server.deadlines import BodyDeadlines
from tests.mock.harness import Caller
from zenlayer_spec import load_spec

GUARDS = load_spec().guards
TIMEOUT = 0.05  # the behaviour under test is a time limit: a short real one, bounded by wait_for below


def _scope(request: Any) -> dict[str, Any]:
    headers = [(name.lower().encode(), value.encode()) for name, value in request.headers.items()]
    return {"type": "http", "method": "POST", "path": "/api/v2/vm", "headers": headers, "query_string": b""}


async def _answer(app: MockApp, scope: dict[str, Any], receive: Any) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    await asyncio.wait_for(app(scope, receive, send), timeout=5)
    return sent


def test_a_stalled_body_is_answered_with_the_specs_code() -> None:
    app = MockApp(body_timeout_seconds=TIMEOUT)
    request = Caller("http://mock.test/api/v2/vm").call_request("DescribeImages", {"zoneId": "FRA-A"})
    parts = iter([{"type": "http.request", "body": request.content[:5], "more_body": True}])

    async def receive() -> dict[str, Any]:
        part = next(parts, None)
        if part is None:
            await asyncio.Event().wait()  # the rest never comes
        assert part is not None
        return part

    sent = asyncio.run(_answer(app, _scope(request), receive))
    assert sent[0]["status"] == 400
    assert json.loads(sent[1]["body"])["code"] == GUARDS.incomplete_body_code
    assert (b"connection", b"close") in sent[0]["headers"]


def test_a_body_in_time_is_read_whole_and_the_timer_stops() -> None:
    app = MockApp(body_timeout_seconds=TIMEOUT)
    request = Caller("http://mock.test/api/v2/vm").call_request("DescribeImages", {"zoneId": "FRA-A"})
    parts = iter(
        [
            {"type": "http.request", "body": request.content[:5], "more_body": True},
            {"type": "http.request", "body": request.content[5:], "more_body": False},
        ]
    )

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(TIMEOUT / 5)  # slow, but in time
        return next(parts)

    sent = asyncio.run(_answer(app, _scope(request), receive))
    assert sent[0]["status"] == 200


def test_a_cancellation_that_is_not_the_deadlines_is_passed_on() -> None:
    deadlines = BodyDeadlines(seconds=60)

    async def reader(started: asyncio.Event) -> None:
        task = deadlines.start()
        try:
            started.set()
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            assert not deadlines.expired(task)
            raise
        finally:
            deadlines.stop(task)

    async def main() -> None:
        started = asyncio.Event()
        task = asyncio.create_task(reader(started))
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())


def test_an_expired_reader_is_cancelled_and_marked() -> None:
    deadlines = BodyDeadlines(seconds=TIMEOUT)
    outcome: list[bool] = []

    async def reader() -> None:
        task = deadlines.start()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            outcome.append(deadlines.expired(task))
            task.uncancel()
        finally:
            deadlines.stop(task)
            outcome.append(deadlines.expired(task))  # forgotten once stopped

    async def main() -> None:
        await asyncio.wait_for(reader(), timeout=5)

    asyncio.run(main())
    assert outcome == [True, False]
