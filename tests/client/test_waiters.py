"""Waiters built from the spec's x-zc-waiter: reach the target, fail fast on a failure status, time
out reporting the last status, report progress; stop, reset and wait. Sync and async, with an
injected clock so that nothing really sleeps."""

from __future__ import annotations

import asyncio
from typing import Any

import attrs
import pytest

from tests.client.conftest import ServerFactory, make_client
from tests.client.loopback import Received, Reply, Responder, envelope, error
from zenlayer_spec.document import load_document
from zenlayer_spec.operations import operations
from zenlayer_vm_client import LocalCheckError, WaiterFailedError, WaiterTimeoutError
from zenlayer_vm_client.models import ResetInstanceRequest
from zenlayer_vm_client.waiters import (
    INSTANCE_WAITERS,
    RESET_INSTANCE_WAITER,
    STOP_INSTANCES_WAITER,
    Waiter,
    stop_reset_and_wait,
    stop_reset_and_wait_async,
    wait_for_instances,
    wait_for_instances_async,
    wait_for_reset_instance,
    wait_for_reset_instance_async,
    wait_for_stop_instances,
    wait_until_running,
)

SPEC_WAITERS = {op.operation_id: op.waiter for op in operations(load_document()).values() if op.waiter}


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def waiter(self, base: Waiter) -> Waiter:
        return attrs.evolve(base, clock=self.clock, sleep=self.sleep, async_sleep=self.async_sleep)


def statuses(*sequence: str | None) -> Responder:
    """Answer DescribeInstancesStatus with each status in turn (None: the instance is absent), then the last."""
    remaining = iter(sequence)
    last: list[str | None] = [None]

    def respond(received: Received) -> Reply:
        if received.action != "DescribeInstancesStatus":
            return envelope()
        last[0] = next(remaining, last[0])
        entries = [] if last[0] is None else [{"instanceId": "ins-1", "instanceStatus": last[0]}]
        return envelope(totalCount=len(entries), dataSet=entries)

    return respond


def test_waiters_come_from_the_spec() -> None:
    for waiter, operation_id in ((RESET_INSTANCE_WAITER, "ResetInstance"), (STOP_INSTANCES_WAITER, "StopInstances")):
        spec = SPEC_WAITERS[operation_id]
        assert (waiter.target, waiter.pending, waiter.failure) == (spec.target, spec.pending, spec.failure)
        assert (waiter.delay_seconds, waiter.timeout_seconds) == (spec.delay_seconds, spec.timeout_seconds)


def test_wait_until_running_polls_until_the_target(serve: ServerFactory, sleeps: list[float]) -> None:
    respond = statuses("REBUILDING", "REBUILDING", "RUNNING")
    server = serve(respond)
    fake = FakeTime()
    progress: list[tuple[str | None, float]] = []
    with make_client(server, sleeps) as client:
        result = wait_for_reset_instance(
            client, "ins-1", on_progress=lambda s, t: progress.append((s, t)), waiter=fake.waiter(RESET_INSTANCE_WAITER)
        )
    assert result == "RUNNING"
    assert progress == [("REBUILDING", 0.0), ("REBUILDING", 5.0), ("RUNNING", 10.0)]
    assert fake.slept == [5.0, 5.0]
    assert [r.json() for r in server.received] == [{"instanceIds": ["ins-1"]}] * 3


def test_the_names_before_2027_1_still_wait_and_say_they_are_deprecated(
    serve: ServerFactory, sleeps: list[float]
) -> None:
    server = serve(statuses("REBUILDING", "RUNNING"))
    with make_client(server, sleeps) as client, pytest.warns(DeprecationWarning, match="use wait_for_reset_instance"):
        assert wait_until_running(client, "ins-1", waiter=FakeTime().waiter(RESET_INSTANCE_WAITER)) == "RUNNING"
    assert len(server.received) == 2


def test_a_failure_status_fails_fast(serve: ServerFactory, sleeps: list[float]) -> None:
    respond = statuses("REBUILDING", "CREATE_FAILED")
    server = serve(respond)
    fake = FakeTime()
    with make_client(server, sleeps) as client, pytest.raises(WaiterFailedError, match="is CREATE_FAILED") as raised:
        wait_for_reset_instance(client, "ins-1", waiter=fake.waiter(RESET_INSTANCE_WAITER))
    assert raised.value.status == "CREATE_FAILED"
    assert len(server.received) == 2


def test_a_vanished_instance_fails(serve: ServerFactory, sleeps: list[float]) -> None:
    respond = statuses("STOPPING", None)
    server = serve(respond)
    with make_client(server, sleeps) as client, pytest.raises(WaiterFailedError, match="is gone"):
        wait_for_stop_instances(client, "ins-1", waiter=FakeTime().waiter(STOP_INSTANCES_WAITER))


def test_timeout_reports_the_last_status_seen(serve: ServerFactory, sleeps: list[float]) -> None:
    respond = statuses("MIGRATING")  # a status this client does not know yet: still pending
    server = serve(respond)
    fake = FakeTime()
    short = attrs.evolve(fake.waiter(RESET_INSTANCE_WAITER), timeout_seconds=12.0)
    with make_client(server, sleeps) as client, pytest.raises(WaiterTimeoutError) as raised:
        wait_for_reset_instance(client, "ins-1", waiter=short)
    assert raised.value.last_status == "MIGRATING"
    assert raised.value.waited_seconds == 12.0
    assert fake.slept == [5.0, 5.0, 2.0]  # the last sleep is cut to the time left
    assert "last status seen: MIGRATING" in str(raised.value)


def test_async_wait(serve: ServerFactory, sleeps: list[float]) -> None:
    respond = statuses("REBUILDING", "RUNNING")
    server = serve(respond)
    fake = FakeTime()

    async def run() -> str:
        async with make_client(server, sleeps) as client:
            return await wait_for_reset_instance_async(client, "ins-1", waiter=fake.waiter(RESET_INSTANCE_WAITER))

    assert asyncio.run(run()) == "RUNNING"
    assert fake.slept == [5.0]


def lifecycle(first: str = "RUNNING") -> Responder:
    """A tiny instance: RUNNING; StopInstances -> STOPPING, STOPPED; ResetInstance -> REBUILDING, RUNNING.
    Stopping an instance that is not RUNNING is refused, as the API does."""
    state = {"status": first, "polls": 0}

    def respond(received: Received) -> Reply:
        if received.action == "StopInstances":
            if state["status"] != "RUNNING":
                return error(403, "OPERATION_DENIED_INSTANCE_NOT_RUNNING")
            state["status"] = "STOPPING"
        elif received.action == "ResetInstance":
            state["status"] = "REBUILDING"
        elif received.action == "DescribeInstancesStatus":
            current = state["status"]
            state["status"] = {"STOPPING": "STOPPED", "REBUILDING": "RUNNING"}.get(str(current), current)
            return envelope(totalCount=1, dataSet=[{"instanceId": "ins-1", "instanceStatus": current}])
        return envelope()

    return respond


def test_stop_reset_and_wait(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(lifecycle())
    fake = FakeTime()
    seen: list[str | None] = []
    with make_client(server, sleeps) as client:
        stop_reset_and_wait(
            client,
            ResetInstanceRequest(instance_id="ins-1", password="Example+123"),
            on_progress=lambda status, _: seen.append(status),
            stop_waiter=fake.waiter(STOP_INSTANCES_WAITER),
            reset_waiter=fake.waiter(RESET_INSTANCE_WAITER),
        )
    assert [r.action for r in server.received] == [
        "DescribeInstancesStatus",
        "StopInstances",
        "DescribeInstancesStatus",
        "DescribeInstancesStatus",
        "ResetInstance",
        "DescribeInstancesStatus",
        "DescribeInstancesStatus",
    ]
    assert seen == ["STOPPING", "STOPPED", "REBUILDING", "RUNNING"]


def test_stop_reset_and_wait_lets_a_rebuild_under_way_end_first(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(lifecycle(first="REBUILDING"))
    fake = FakeTime()
    seen: list[str | None] = []
    with make_client(server, sleeps) as client:
        stop_reset_and_wait(
            client,
            ResetInstanceRequest(instance_id="ins-1", password="Example+123"),
            on_progress=lambda status, _: seen.append(status),
            stop_waiter=fake.waiter(STOP_INSTANCES_WAITER),
            reset_waiter=fake.waiter(RESET_INSTANCE_WAITER),
        )
    # The first read saw REBUILDING: the reset's waiter polled until RUNNING, and only then came the stop
    # (which the service refuses while the instance rebuilds).
    assert [r.action for r in server.received][:3] == [
        "DescribeInstancesStatus",
        "DescribeInstancesStatus",
        "StopInstances",
    ]
    assert seen == ["RUNNING", "STOPPING", "STOPPED", "REBUILDING", "RUNNING"]


def test_stop_reset_and_wait_checks_before_stopping(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(lifecycle())
    with make_client(server, sleeps) as client, pytest.raises(LocalCheckError, match="password"):
        stop_reset_and_wait(client, ResetInstanceRequest(instance_id="ins-1", password="weak"))
    assert server.received == []  # the instance was not stopped for a reset that could not happen


def test_stop_reset_and_wait_async(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(lifecycle())
    fake = FakeTime()

    async def run() -> None:
        async with make_client(server, sleeps) as client:
            await stop_reset_and_wait_async(
                client,
                ResetInstanceRequest(instance_id="ins-1", key_id="key-1"),
                stop_waiter=fake.waiter(STOP_INSTANCES_WAITER),
                reset_waiter=fake.waiter(RESET_INSTANCE_WAITER),
            )

    asyncio.run(run())
    assert [r.action for r in server.received].count("ResetInstance") == 1
    assert server.received[-1].action == "DescribeInstancesStatus"


def test_the_kind_named_waiter_follows_whichever_operation_started_the_change(
    serve: ServerFactory, sleeps: list[float]
) -> None:
    """`wait_for_instances(client, ids, after=...)`: one API for the instance kind, every operation's
    waiter behind it (a creation's ids, read from its answer, included); duplicates polled once."""
    assert set(INSTANCE_WAITERS) == set(SPEC_WAITERS)
    server = serve(statuses("RUNNING"))
    with make_client(server, sleeps) as client:
        assert wait_for_instances(client, ["ins-1", "ins-1"], after="CreateInstances") == {"ins-1": "RUNNING"}
    assert [r.json() for r in server.received] == [{"instanceIds": ["ins-1"]}]
    gone = serve(statuses(None))  # released: the poll no longer lists it, which is the target
    with make_client(gone, sleeps) as client:
        assert wait_for_instances(client, ["ins-1"], after="ReleaseInstances") == {"ins-1": "absent"}
        assert asyncio.run(wait_for_instances_async(client, ["ins-1"], after="ReleaseInstances")) == {"ins-1": "absent"}
        with pytest.raises(ValueError, match=r"after='CreateInstance': .*known: ResetInstance, StopInstances"):
            wait_for_instances(client, ["ins-1"], after="CreateInstance")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"timeout_seconds": float("nan")}, "timeout_seconds must be a finite number of seconds, above 0, not nan"),
        ({"timeout_seconds": float("inf")}, "timeout_seconds must be a finite number of seconds, above 0, not inf"),
        ({"timeout_seconds": 0}, "timeout_seconds must be a finite number of seconds, above 0, not 0"),
        ({"delay_seconds": -1}, "delay_seconds must be a finite number of seconds, 0 or more, not -1"),
        ({"delay_seconds": float("nan")}, "delay_seconds must be a finite number of seconds, 0 or more, not nan"),
    ],
)
def test_a_waiter_that_would_wait_for_ever_is_refused_when_made(change: dict[str, Any], says: str) -> None:
    """A NaN or infinite timeout never passes (every comparison with NaN is false): the wait is unbounded."""
    with pytest.raises(ValueError, match="must be a finite number of seconds") as raised:
        attrs.evolve(RESET_INSTANCE_WAITER, **change)
    assert str(raised.value) == says
    assert attrs.evolve(RESET_INSTANCE_WAITER, delay_seconds=0).delay_seconds == 0  # polling without a pause
