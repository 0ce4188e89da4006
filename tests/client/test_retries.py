"""Rate limits are retried up to 3 times after 1, 2 and 4 s (or what Retry-After says), each retry
signed afresh; state-changing calls are never sent twice after an ambiguous failure."""

from __future__ import annotations

import asyncio
import itertools
import logging

import pytest

from tests.client.conftest import ACCESS_KEY_ID, ACCESS_KEY_PASSWORD, ServerFactory, make_client
from tests.client.loopback import Received, Reply, Responder, envelope, error
from zenlayer_vm_client import AccessKeyAuth, RetryPolicy
from zenlayer_vm_client.api.instances import describe_instances_status, reset_instance, stop_instances
from zenlayer_vm_client.errors import ERROR_CLASSES, OutcomeUnknownError
from zenlayer_vm_client.models import DescribeInstancesStatusRequest, ResetInstanceRequest, StopInstancesRequest

STATUS = DescribeInstancesStatusRequest()


def limited_then_ok(limited: int, headers: dict[str, str] | None = None) -> Responder:
    calls = itertools.count()

    def respond(_: Received) -> Reply:
        if next(calls) < limited:
            return error(429, "REQUEST_LIMIT_EXCEEDED", headers=headers)
        return envelope(totalCount=0, dataSet=[])

    return respond


def test_rate_limit_is_retried_with_backoff(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(limited_then_ok(2))
    with make_client(server, sleeps) as client:
        answer = describe_instances_status.sync(client=client, body=STATUS)
    assert answer.total_count == 0
    assert len(server.received) == 3
    assert sleeps == [1.0, 2.0]


def test_rate_limit_gives_up_after_three_retries(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(limited_then_ok(10))
    with make_client(server, sleeps) as client, pytest.raises(ERROR_CLASSES["REQUEST_LIMIT_EXCEEDED"]):
        describe_instances_status.sync(client=client, body=STATUS)
    assert len(server.received) == 4
    assert sleeps == [1.0, 2.0, 4.0]


def test_retry_after_is_honoured_and_capped(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(limited_then_ok(1, {"Retry-After": "7"}))
    with make_client(server, sleeps) as client:
        describe_instances_status.sync(client=client, body=STATUS)
    assert sleeps == [7.0]
    policy = RetryPolicy(max_retry_after_seconds=30.0)
    assert policy.delay(0, "3600") == 30.0
    # An HTTP date counts from the wall clock; garbage falls back to the backoff.
    dated = RetryPolicy(wall_clock=lambda: 1_792_567_670.0)  # 10 s before the date below
    assert dated.delay(1, "Wed, 21 Oct 2026 07:28:00 GMT") == 10.0
    assert dated.delay(1, "next Tuesday") == 2.0


def test_retries_are_configurable(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(limited_then_ok(10))
    policy = RetryPolicy(max_retries=1, backoff_seconds=(0.25,), sleep=sleeps.append)
    with make_client(server, sleeps, retry=policy) as client, pytest.raises(ERROR_CLASSES["REQUEST_LIMIT_EXCEEDED"]):
        describe_instances_status.sync(client=client, body=STATUS)
    assert sleeps == [0.25]
    assert len(server.received) == 2


def test_a_rate_limited_reset_is_retried_and_signed_afresh(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(limited_then_ok(2))
    ticks = itertools.count(1_764_200_000)
    signer = AccessKeyAuth(ACCESS_KEY_ID, ACCESS_KEY_PASSWORD, clock=lambda: float(next(ticks)))
    with make_client(server, sleeps, auth=signer) as client:
        reset_instance.sync(client=client, body=ResetInstanceRequest(instance_id="ins-1"))
    timestamps = [r.headers["x-zc-timestamp"] for r in server.received]
    signatures = [r.headers["authorization"] for r in server.received]
    assert len(set(timestamps)) == 3
    assert len(set(signatures)) == 3  # a 429 is unambiguous: nothing was done, so resending is safe


def test_ambiguous_failures_are_retried_only_for_reads(serve: ServerFactory, sleeps: list[float]) -> None:
    calls = itertools.count()

    def drop_first(_: Received) -> Reply:
        return Reply(drop=True) if next(calls) == 0 else envelope(totalCount=0, dataSet=[])

    server = serve(drop_first)
    with make_client(server, sleeps) as client:
        describe_instances_status.sync(client=client, body=STATUS)
    assert len(server.received) == 2
    assert sleeps == [1.0]

    stop_server = serve(lambda _: Reply(drop=True))
    with make_client(stop_server, sleeps) as client, pytest.raises(OutcomeUnknownError, match="may have taken effect"):
        stop_instances.sync(client=client, body=StopInstancesRequest(instance_ids=["ins-1"]))
    assert len(stop_server.received) == 1


def test_async_rate_limit_retries(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(limited_then_ok(3))

    async def run() -> None:
        async with make_client(server, sleeps) as client:
            await describe_instances_status.asyncio(client=client, body=STATUS)

    asyncio.run(run())
    assert sleeps == [1.0, 2.0, 4.0]
    assert len(server.received) == 4


def test_retries_are_logged_without_secrets(
    serve: ServerFactory, sleeps: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    server = serve(limited_then_ok(1))
    with caplog.at_level(logging.INFO, logger="zenlayer_vm_client"), make_client(server, sleeps) as client:
        reset_instance.sync(client=client, body=ResetInstanceRequest(instance_id="ins-1", password="Example+123"))
    assert "ResetInstance: HTTP 429, retrying in 1.0 s (retry 1 of 3)" in caplog.text
    assert "Example+123" not in caplog.text
    assert ACCESS_KEY_PASSWORD not in caplog.text
