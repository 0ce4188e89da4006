"""The async client's transport: httpx-aiohttp's when the `aiohttp` extra is installed (as in this
environment), httpx's own when a transport is given; both sign, answer and fail the same way."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from httpx_aiohttp import AiohttpTransport

from tests.client.conftest import ServerFactory, make_client
from tests.client.loopback import envelope, free_port_refusing_connections
from tests.signing_reference import expected_signature
from zenlayer_vm_client import RetryPolicy, ZenlayerConnectionError
from zenlayer_vm_client.api.instances import describe_instances_status
from zenlayer_vm_client.models import DescribeInstancesStatusRequest

NO_RETRIES = RetryPolicy(max_retries=0)
ANSWER = envelope(totalCount=1, dataSet=[{"instanceId": "ins-1", "instanceStatus": "RUNNING"}])
TRANSPORTS = {"aiohttp (the extra)": None, "httpx": httpx.AsyncHTTPTransport}


def test_the_extra_is_used_when_installed(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(lambda _: ANSWER)
    client = make_client(server, sleeps)
    assert isinstance(client.get_async_httpx_client()._transport, AiohttpTransport)
    given = make_client(server, sleeps, async_httpx_args={"transport": httpx.AsyncHTTPTransport()})
    assert isinstance(given.get_async_httpx_client()._transport, httpx.AsyncHTTPTransport)


@pytest.mark.parametrize("transport", list(TRANSPORTS))
def test_both_transports_sign_and_read_the_same(transport: str, serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(lambda _: ANSWER)
    kind = TRANSPORTS[transport]
    extra = {"async_httpx_args": {"transport": kind()}} if kind is not None else {}

    async def call() -> str:
        async with make_client(server, sleeps, **extra) as client:
            answer = await describe_instances_status.asyncio(
                client=client, body=DescribeInstancesStatusRequest(instance_ids=["ins-1"])
            )
            entries = answer.data_set
            assert isinstance(entries, list)
            return str(entries[0].instance_status)

    assert asyncio.run(call()) == "RUNNING"
    (received,) = server.received
    headers = {name.lower(): value for name, value in received.headers.items()}
    signature = expected_signature(
        "test-key-password-Secret1", headers["x-zc-timestamp"], headers["content-type"], headers["host"], received.body
    )
    assert headers["authorization"].endswith(f"Signature={signature}")
    assert json.loads(received.body) == {"instanceIds": ["ins-1"]}


@pytest.mark.parametrize("transport", list(TRANSPORTS))
def test_a_refused_connection_is_a_connection_error_on_both(
    transport: str, sleeps: list[float], serve: ServerFactory
) -> None:
    server = serve(lambda _: ANSWER)
    kind = TRANSPORTS[transport]
    extra = {"async_httpx_args": {"transport": kind()}} if kind is not None else {}
    refused = f"http://127.0.0.1:{free_port_refusing_connections()}/api/v2"

    async def call() -> None:
        async with make_client(server, sleeps, base_url=refused, retry=NO_RETRIES, **extra) as client:
            await describe_instances_status.asyncio(client=client, body=DescribeInstancesStatusRequest())

    with pytest.raises(ZenlayerConnectionError) as raised:
        asyncio.run(call())
    assert type(raised.value) is ZenlayerConnectionError  # not a timeout, as httpx-aiohttp would have it
