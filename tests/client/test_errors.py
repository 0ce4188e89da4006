"""Every error the API can answer raises its own class; undeclared codes, malformed bodies, timeouts
and refused connections each raise a clear, typed error; sync and async alike."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

import pytest

from tests.client.conftest import ServerFactory, make_client
from tests.client.loopback import LoopbackServer, Reply, error, free_port_refusing_connections
from zenlayer_spec.document import load_document
from zenlayer_spec.errors import error_catalogue
from zenlayer_vm_client import (
    MalformedResponseError,
    OutcomeUnknownError,
    RetryPolicy,
    ZenlayerApiError,
    ZenlayerConnectionError,
    ZenlayerError,
    ZenlayerTimeoutError,
)
from zenlayer_vm_client.api.instances import describe_instances_status, reset_instance
from zenlayer_vm_client.errors import ERROR_CLASSES, UnexpectedStatus
from zenlayer_vm_client.models import DescribeInstancesStatusRequest, ResetInstanceRequest

CATALOGUE = error_catalogue(load_document())
RESET = ResetInstanceRequest(instance_id="ins-1")
NO_RETRIES = RetryPolicy(max_retries=0)


def fixed(reply: Reply) -> Callable[[object], Reply]:
    return lambda _: reply


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_each_declared_code_raises_its_own_class(code: str, serve: ServerFactory, sleeps: list[float]) -> None:
    status = CATALOGUE[code].status
    reply = error(status, code, f"the {code} message")
    server = serve(fixed(reply))
    with make_client(server, sleeps, retry=NO_RETRIES) as client, pytest.raises(ZenlayerApiError) as raised:
        reset_instance.sync(client=client, body=RESET)
    caught = raised.value
    assert type(caught) is ERROR_CLASSES[code]
    assert (caught.code, caught.status_code, caught.message) == (code, status, f"the {code} message")
    assert caught.request_id == json.loads(reply.body)["requestId"]
    assert code in str(caught)


def test_class_names_read_well() -> None:
    assert ERROR_CLASSES["INVALID_INSTANCE_NOT_FOUND"].__name__ == "InvalidInstanceNotFoundError"
    assert ERROR_CLASSES["AUTHFAILURE_SIGNATURE_EXPIRED"].__name__ == "AuthFailureSignatureExpiredError"
    assert ERROR_CLASSES["INTERNAL_SERVER_ERROR"].__name__ == "InternalServerError"
    assert set(ERROR_CLASSES) == set(CATALOGUE)


def test_an_undeclared_code_raises_the_base_class_with_the_code(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(fixed(error(409, "OPERATION_CONFLICT_SOMETHING_NEW", "new in 2027")))
    with make_client(server, sleeps) as client, pytest.raises(ZenlayerApiError) as raised:
        reset_instance.sync(client=client, body=RESET)
    assert type(raised.value) is ZenlayerApiError
    assert (raised.value.code, raised.value.status_code) == ("OPERATION_CONFLICT_SOMETHING_NEW", 409)


def test_a_status_http_does_not_define_is_a_typed_error(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(fixed(error(599, "INTERNAL_SERVER_ERROR")))
    with make_client(server, sleeps) as client, pytest.raises(UnexpectedStatus) as raised:
        reset_instance.sync(client=client, body=RESET)
    assert raised.value.status_code == 599


def test_detailed_returns_the_error_instead_of_raising(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(fixed(error(404, "INVALID_INSTANCE_NOT_FOUND")))
    with make_client(server, sleeps) as client:
        response = reset_instance.sync_detailed(client=client, body=RESET)
    assert response.status_code == 404
    assert isinstance(response.parsed, ERROR_CLASSES["INVALID_INSTANCE_NOT_FOUND"])


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(502, b"<html>Bad gateway</html>", {"Content-Type": "text/html"}), "not JSON"),
        (Reply(400, b'{"requestId": "T1", "message": "no code"}'), "no string `code`"),
        (Reply(500, b"[1, 2]"), "no string `code`"),
        (Reply(200, b'{"requestId": "T1"}', {"Content-Type": "application/json"}), "does not parse"),
        (Reply(200, b"not json"), "does not parse"),
    ],
)
def test_malformed_bodies_raise_a_typed_error(
    reply: Reply, reason: str, serve: ServerFactory, sleeps: list[float]
) -> None:
    server = serve(fixed(reply))
    with make_client(server, sleeps) as client, pytest.raises(MalformedResponseError, match=reason) as raised:
        reset_instance.sync(client=client, body=RESET)
    assert raised.value.status_code == reply.status


def test_a_timeout_raises_a_typed_error_and_is_not_retried_for_a_reset(
    serve: ServerFactory, sleeps: list[float]
) -> None:
    server = serve(fixed(Reply(200, b"{}", delay=0.6)))
    with (
        make_client(server, sleeps, timeout=0.2) as client,
        pytest.raises(ZenlayerTimeoutError, match="may have taken"),
    ):
        reset_instance.sync(client=client, body=RESET)
    assert len(server.received) == 1  # never sent twice: the first one may have wiped the disk
    assert sleeps == []


def test_a_dropped_connection_is_not_retried_for_a_reset(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(fixed(Reply(drop=True)))
    with make_client(server, sleeps) as client, pytest.raises(ZenlayerConnectionError):
        reset_instance.sync(client=client, body=RESET)
    assert len(server.received) == 1


def test_a_refused_connection_raises_a_typed_error(sleeps: list[float]) -> None:
    port = free_port_refusing_connections()
    server = LoopbackServer(fixed(Reply()))  # never started: only its shape is borrowed
    with (
        make_client(server, sleeps, base_url=f"http://127.0.0.1:{port}/api/v2") as client,
        pytest.raises(ZenlayerConnectionError, match=f"connection to 127.0.0.1:{port} failed"),  # the host named
    ):
        describe_instances_status.sync(client=client, body=DescribeInstancesStatusRequest())
    # A refused connection never carried the request, so it was retried (3 times, 1, 2, 4 s).
    assert sleeps == [1.0, 2.0, 4.0]


def test_async_errors_are_the_same_classes(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(fixed(error(403, "OPERATION_DENIED_INSTANCE_NOT_STOPPED")))

    async def run() -> ZenlayerError:
        async with make_client(server, sleeps) as client:
            try:
                await reset_instance.asyncio(client=client, body=RESET)
            except ZenlayerError as caught:
                return caught
        raise AssertionError("no error raised")

    caught = asyncio.run(run())
    assert type(caught) is ERROR_CLASSES["OPERATION_DENIED_INSTANCE_NOT_STOPPED"]


def test_async_timeout_and_refusal_are_typed(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(fixed(Reply(200, b"{}", delay=0.6)))
    refused = f"http://127.0.0.1:{free_port_refusing_connections()}/api/v2"

    async def run() -> list[type[BaseException]]:
        seen: list[type[BaseException]] = []
        for base_url, timeout in ((server.base_url, 0.2), (refused, 5.0)):
            async with make_client(server, sleeps, base_url=base_url, timeout=timeout, retry=NO_RETRIES) as client:
                try:
                    await reset_instance.asyncio(client=client, body=RESET)
                except ZenlayerError as caught:
                    seen.append(type(caught))
        return seen

    after_sending, never_sent = asyncio.run(run())
    # The reset was sent before it timed out: its outcome is unknown (still a timeout error); the
    # refused one never left.
    assert issubclass(after_sending, OutcomeUnknownError)
    assert issubclass(after_sending, ZenlayerTimeoutError)
    assert never_sent is ZenlayerConnectionError
