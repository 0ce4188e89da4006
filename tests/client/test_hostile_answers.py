"""The client against slow, broken and hostile servers: every call ends by its deadline, a server's
Retry-After is read defensively, a state-changing call that may have taken effect says so, and a
hostile answer becomes MalformedResponseError (never a bare ValueError, RecursionError or a hang)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from tests.client.conftest import ServerFactory, make_client
from tests.client.loopback import Reply, envelope, error
from tests.client.raw_server import RawScriptServer, send_then_hold, trickle
from zenlayer_vm_client import (
    MalformedResponseError,
    OutcomeUnknownError,
    RetryPolicy,
    ZenlayerConnectionError,
    ZenlayerError,
    ZenlayerTimeoutError,
)
from zenlayer_vm_client.api.images import describe_images
from zenlayer_vm_client.api.instances import describe_instances_status, reset_instance
from zenlayer_vm_client.errors import ERROR_CLASSES, NOT_API_CLASSES, NotApiAnswerError, UnexpectedStatus
from zenlayer_vm_client.models import DescribeImagesRequest, DescribeInstancesStatusRequest, ResetInstanceRequest

RESET = ResetInstanceRequest(instance_id="ins-1")
ERROR_CLASSES_NOT_API = {error_class.declared_code: error_class for error_class in NOT_API_CLASSES}
STATUS = DescribeInstancesStatusRequest()
# A 200 whose body never ends: it announces 1 MB and trickles a byte every 50 ms.
TRICKLING = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"
# Generous bounds: the deadline is 0.5 s; without it these calls would last until the server stops.
DEADLINE = 0.5
BOUND = 3.0


class FakeTime:
    """A clock that moves only when the client sleeps: retries and deadlines without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def policy(self, **kwargs: object) -> RetryPolicy:
        return RetryPolicy(sleep=self.sleep, async_sleep=self.async_sleep, **kwargs)  # type: ignore[arg-type]


def timed(call: Callable[[], object]) -> tuple[BaseException, float]:
    started = time.monotonic()
    with pytest.raises(ZenlayerError) as raised:
        call()
    return raised.value, time.monotonic() - started


# -- 6. a total deadline -----------------------------------------------------------------------------


def test_a_trickling_answer_ends_at_the_clients_deadline() -> None:
    with RawScriptServer(trickle(TRICKLING, 0.05)) as server:
        client = make_client(server, [], deadline=DEADLINE, timeout=3.0)  # type: ignore[arg-type]
        with client:
            reset_error, reset_took = timed(lambda: reset_instance.sync(client=client, body=RESET))
            read_error, read_took = timed(lambda: describe_instances_status.sync(client=client, body=STATUS))
    assert reset_took < BOUND
    assert read_took < BOUND
    # The reset was sent: its outcome is unknown, and the error says how to find out.
    assert isinstance(reset_error, OutcomeUnknownError)
    assert isinstance(reset_error, ZenlayerTimeoutError)
    assert "DescribeInstancesStatus" in str(reset_error)
    assert f"deadline of {DEADLINE:g} s" in str(reset_error)
    assert type(read_error) is ZenlayerTimeoutError


def test_a_server_that_sends_nothing_more_ends_at_the_per_call_deadline() -> None:
    with RawScriptServer(send_then_hold(TRICKLING)) as server:
        client = make_client(server, [], timeout=60.0)  # type: ignore[arg-type]
        with client:
            caught, took = timed(lambda: describe_instances_status.sync(client=client, body=STATUS, deadline=DEADLINE))
    assert took < BOUND
    assert isinstance(caught, ZenlayerTimeoutError)


def test_the_async_client_keeps_the_deadline_too() -> None:
    async def run() -> tuple[BaseException, float]:
        started = time.monotonic()
        async with make_client(server, [], timeout=3.0) as client:  # type: ignore[arg-type]
            try:
                await reset_instance.asyncio(client=client, body=RESET, deadline=DEADLINE)
            except Exception as caught:
                return caught, time.monotonic() - started
        raise AssertionError("no error")

    with RawScriptServer(trickle(TRICKLING, 0.05)) as server:
        caught, took = asyncio.run(run())
    assert took < BOUND
    assert isinstance(caught, OutcomeUnknownError)
    assert isinstance(caught, ZenlayerTimeoutError)


def test_retries_never_wait_past_the_deadline(serve: ServerFactory) -> None:
    server = serve(lambda _: error(429, "REQUEST_LIMIT_EXCEEDED", headers={"Retry-After": "99999"}))
    fake = FakeTime()
    with (
        make_client(server, [], retry=fake.policy(), clock=fake.clock, deadline=30.0) as client,
        pytest.raises(ERROR_CLASSES["REQUEST_LIMIT_EXCEEDED"]),
    ):
        describe_instances_status.sync(client=client, body=STATUS)
    # 99999 s is capped at 20 s; a second 20 s wait would end past the 30 s deadline: given up.
    assert fake.sleeps == [20.0]
    assert len(server.received) == 2


# -- 7. Retry-After, parsed defensively ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "waits"),
    [
        ("nan", [1.0, 2.0, 4.0]),
        ("-3", [1.0, 2.0, 4.0]),
        ("1.5", [1.0, 2.0, 4.0]),
        ("inf", [1.0, 2.0, 4.0]),
        ("99999", [20.0, 20.0, 20.0]),
        ("2", [2.0, 2.0, 2.0]),
    ],
)
def test_retry_after_is_parsed_defensively_sync_and_async(serve: ServerFactory, value: str, waits: list[float]) -> None:
    server = serve(lambda _: error(429, "REQUEST_LIMIT_EXCEEDED", headers={"Retry-After": value}))
    fake = FakeTime()
    limited = ERROR_CLASSES["REQUEST_LIMIT_EXCEEDED"]
    with make_client(server, [], retry=fake.policy(), clock=fake.clock) as client, pytest.raises(limited):
        describe_instances_status.sync(client=client, body=STATUS)

    async def run() -> None:
        async with make_client(server, [], retry=fake.policy(), clock=fake.clock) as client:
            with pytest.raises(limited):
                await describe_instances_status.asyncio(client=client, body=STATUS)

    asyncio.run(asyncio.wait_for(run(), timeout=30))  # the old client hung here on `nan`
    assert fake.sleeps == waits + waits


def test_retry_after_as_an_http_date() -> None:
    policy = RetryPolicy(wall_clock=lambda: 1_792_567_675.0)  # 5 s before Wed, 21 Oct 2026 07:28:00 GMT
    assert policy.delay(0, "Wed, 21 Oct 2026 07:28:00 GMT") == 5.0
    assert policy.delay(0, "Wed, 21 Oct 2026 07:27:00 GMT") == 0.0  # in the past: at once
    assert policy.delay(0, "Wed, 21 Oct 2026 07:28:00") == 1.0  # no zone: not an HTTP date


# -- 8. after the request left, the error says it may have taken effect ---------------------------------


def test_a_dropped_reset_is_an_outcome_unknown_and_never_resent(serve: ServerFactory) -> None:
    server = serve(lambda _: Reply(drop=True))
    fake = FakeTime()
    with (
        make_client(server, [], retry=fake.policy(), clock=fake.clock) as client,
        pytest.raises(OutcomeUnknownError) as raised,
    ):
        reset_instance.sync(client=client, body=RESET)
    assert isinstance(raised.value, ZenlayerConnectionError)
    assert raised.value.action == "ResetInstance"
    assert raised.value.poll_action == "DescribeInstancesStatus"
    assert "may have taken effect" in str(raised.value)
    assert len(server.received) == 1
    assert fake.sleeps == []
    assert raised.value.__cause__ is not None  # the transport's error is kept for debugging


def test_a_dropped_read_is_retried_and_never_an_outcome_unknown(serve: ServerFactory) -> None:
    server = serve(lambda _: Reply(drop=True))
    fake = FakeTime()
    with (
        make_client(server, [], retry=fake.policy(), clock=fake.clock) as client,
        pytest.raises(ZenlayerConnectionError) as raised,
    ):
        describe_instances_status.sync(client=client, body=STATUS)
    assert type(raised.value) is ZenlayerConnectionError
    assert len(server.received) == 4


# -- 9. hostile answers ------------------------------------------------------------------------------


def deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


@pytest.mark.parametrize("status", [200, 400, 503])
def test_an_answer_too_deep_to_parse_is_malformed(serve: ServerFactory, status: int) -> None:
    server = serve(lambda _: Reply(status, deep(100_000), {"Content-Type": "application/json"}))
    fake = FakeTime()
    with (
        make_client(server, [], retry=fake.policy(), clock=fake.clock) as client,
        pytest.raises(MalformedResponseError, match="too deep"),
    ):
        describe_instances_status.sync(client=client, body=STATUS)


def test_a_huge_answer_is_not_read_whole_and_not_kept(serve: ServerFactory) -> None:
    huge = b'{"requestId": "T1", "code": "X", "message": "' + b"m" * 10_000_000 + b'"}'
    server = serve(lambda _: Reply(400, huge, {"Content-Type": "application/json"}))
    with make_client(server, []) as client, pytest.raises(MalformedResponseError, match="max_response_bytes") as raised:
        describe_instances_status.sync(client=client, body=STATUS)
    assert len(repr(raised.value)) < 1000


def test_a_huge_answer_without_a_length_is_cut_while_read() -> None:
    chunked = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(100))  # 6.5 MB, never finished
    with RawScriptServer(send_then_hold(chunked + body)) as server:
        client = make_client(server, [], max_response_bytes=1_000_000)  # type: ignore[arg-type]
        with client, pytest.raises(MalformedResponseError, match="over 1000000 bytes"):
            describe_instances_status.sync(client=client, body=STATUS)


def test_a_long_server_message_is_kept_but_shown_short(serve: ServerFactory) -> None:
    message = "m" * 100_000
    server = serve(lambda _: error(400, "INVALID_PARAMETER_VALUE", message))
    with make_client(server, []) as client, pytest.raises(ERROR_CLASSES["INVALID_PARAMETER_VALUE"]) as raised:
        describe_instances_status.sync(client=client, body=STATUS)
    assert raised.value.message == message
    assert len(str(raised.value)) < 1000
    assert len(repr(raised.value)) < 1000


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"totalCount": "1", "dataSet": []}, "$.response.totalCount must be integer"),
        ({"totalCount": 1, "dataSet": [{"instanceId": 5, "instanceStatus": "RUNNING"}]}, "dataSet[0].instanceId"),
        ({"totalCount": True, "dataSet": []}, "totalCount must be integer"),
        ({"totalCount": 1, "dataSet": {"instanceId": "ins-1"}}, "dataSet must be array"),
        ({"totalCount": 1, "dataSet": [{"instanceId": "i", "instanceStatus": 3}]}, "instanceStatus must be string"),
    ],
)
def test_a_success_with_wrong_types_is_malformed(serve: ServerFactory, fields: dict[str, object], where: str) -> None:
    server = serve(lambda _: envelope(**fields))
    with make_client(server, []) as client, pytest.raises(MalformedResponseError) as raised:
        describe_instances_status.sync(client=client, body=STATUS)
    assert where in str(raised.value)


def test_forward_compatible_answers_still_parse(serve: ServerFactory) -> None:
    image = {
        "imageId": "img-1",
        "imageName": "n",
        "imageType": "NEW_TYPE",
        "imageSize": "20",
        "imageStatus": "NEW",
        "category": "NewOS",
        "osType": "plan9",
        "imageDescription": None,
        "somethingNew": {"x": [1]},
    }
    server = serve(lambda _: envelope(totalCount=1, dataSet=[image], extra=True))
    with make_client(server, []) as client:
        answer = describe_images.sync(client=client, body=DescribeImagesRequest(zone_id="FRA-A"))
    assert isinstance(answer.data_set, list)
    assert answer.data_set[0].os_type == "plan9"


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_named_as_one(serve: ServerFactory, status: int) -> None:
    server = serve(lambda _: Reply(status, b"", {"Location": "https://elsewhere.example/api/v2/vm"}))
    with make_client(server, []) as client, pytest.raises(MalformedResponseError, match="redirect") as raised:
        describe_instances_status.sync(client=client, body=STATUS)
    assert "elsewhere.example" in str(raised.value)
    assert not isinstance(raised.value, UnexpectedStatus)


# -- answers that are not the API's (x-zc-not-api-answers) ----------------------------------------------


def test_a_cdn_challenge_is_named_as_such(serve: ServerFactory) -> None:
    page = b"<!DOCTYPE html><title>Just a moment...</title>"
    server = serve(lambda _: Reply(403, page, {"Content-Type": "text/html", "cf-mitigated": "challenge"}))
    with make_client(server, []) as client, pytest.raises(NotApiAnswerError) as raised:
        reset_instance.sync(client=client, body=RESET)
    assert type(raised.value) is ERROR_CLASSES_NOT_API["SECURITY_CHALLENGE"]
    assert raised.value.status_code == 403
    assert "not an API answer" in str(raised.value)
    assert not isinstance(raised.value, MalformedResponseError)


def test_a_block_is_named_as_such(serve: ServerFactory) -> None:
    server = serve(lambda _: Reply(451, b"blocked", {"Content-Type": "text/plain"}))
    with make_client(server, []) as client, pytest.raises(ERROR_CLASSES_NOT_API["REQUEST_BLOCKED"]):
        describe_instances_status.sync(client=client, body=STATUS)


def test_an_api_403_is_still_an_api_error(serve: ServerFactory) -> None:
    server = serve(lambda _: error(403, "OPERATION_DENIED_INSTANCE_NOT_STOPPED"))
    with make_client(server, []) as client, pytest.raises(ERROR_CLASSES["OPERATION_DENIED_INSTANCE_NOT_STOPPED"]):
        reset_instance.sync(client=client, body=RESET)


@pytest.mark.parametrize("deadline", [0.0, -5.0])
def test_a_deadline_already_past_sends_nothing(serve: ServerFactory, deadline: float) -> None:
    server = serve(lambda _: envelope())
    with make_client(server, []) as client, pytest.raises(ZenlayerTimeoutError) as raised:
        reset_instance.sync(client=client, body=RESET, deadline=deadline)
    assert not isinstance(raised.value, OutcomeUnknownError)  # nothing left the client
    assert server.received == []
