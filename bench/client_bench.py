"""Client throughput and CPU: the generated client, the vendor's SDK and raw httpx, sequentially
against the same mock; the async client at concurrency 32; and the cost of signing plus local
checks per call, in process."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
import timeit
from collections.abc import Callable

import attrs
import httpx

from bench import ENDPOINT_PATH, OPERATIONS, STOPPED_INSTANCE
from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from zenlayer_spec.operations import ACTION_HEADER, VERSION_HEADER
from zenlayer_vm_client import AccessKeyAuth, Client
from zenlayer_vm_client.api.instances import describe_instances_status
from zenlayer_vm_client.auth import signature
from zenlayer_vm_client.checks import check_request
from zenlayer_vm_client.models import DescribeInstancesStatusRequest

BODY = {"instanceIds": [STOPPED_INSTANCE]}
STATUS = OPERATIONS["DescribeInstancesStatus"]


@attrs.frozen
class ClientResult:
    calls_per_second: float
    cpu_us_per_call: float


def _timed(calls: int, call: Callable[[], object]) -> ClientResult:
    call()  # warm up: connection, caches
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        call()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return ClientResult(calls / wall, cpu / calls * 1e6)


def generated_client(base_url: str, calls: int) -> ClientResult:
    with Client(base_url=base_url, auth=AccessKeyAuth(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD)) as client:
        body = DescribeInstancesStatusRequest(instance_ids=[STOPPED_INSTANCE])
        return _timed(calls, lambda: describe_instances_status.sync(client=client, body=body))


def raw_httpx(base_url: str, calls: int) -> ClientResult:
    """httpx with keep-alive, JSON and ZC2 signing, and nothing else: the floor for any Python client."""
    auth = AccessKeyAuth(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD)
    headers = {ACTION_HEADER: STATUS.action, VERSION_HEADER: STATUS.api_version}
    with httpx.Client(base_url=base_url, auth=auth) as client:
        return _timed(calls, lambda: client.post(ENDPOINT_PATH, json=BODY, headers=headers).json())


def vendor_sdk(base_url: str, calls: int) -> ClientResult:
    from zenlayercloud.common.config import Config
    from zenlayercloud.common.credential import Credential
    from zenlayercloud.vm.v20260401 import models
    from zenlayercloud.vm.v20260401.vm_client import VmClient

    domain = base_url.removeprefix("http://").split("/", 1)[0]
    client = VmClient(
        Credential(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD), Config(scheme="http", domain=domain)
    )
    request = models.DescribeInstancesStatusRequest()
    request.instanceIds = [STOPPED_INSTANCE]
    return _timed(calls, lambda: client.DescribeInstancesStatus(request))


def async_generated_client(base_url: str, calls: int, concurrency: int = 32, aiohttp: bool = False) -> ClientResult:
    """The async client, `concurrency` calls in flight; with `aiohttp`, on httpx-aiohttp's transport
    instead of httpcore's async pool (which spends more CPU per call the more calls are in flight)."""

    async def run() -> ClientResult:
        async_args: dict[str, object]
        if aiohttp:
            import aiohttp as aiohttp_module
            from httpx_aiohttp import AiohttpTransport

            connector = lambda: aiohttp_module.ClientSession(  # noqa: E731 - the transport wants a factory
                connector=aiohttp_module.TCPConnector(limit=concurrency)
            )
            async_args = {"transport": AiohttpTransport(client=connector)}
        else:
            # httpx's own transport, named: with the aiohttp extra installed the client would pick that one.
            limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
            async_args = {"transport": httpx.AsyncHTTPTransport(limits=limits)}
        client = Client(
            base_url=base_url,
            auth=AccessKeyAuth(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD),
            async_httpx_args=async_args,
        )
        body = DescribeInstancesStatusRequest(instance_ids=[STOPPED_INSTANCE])
        async with client:
            await describe_instances_status.asyncio(client=client, body=body)
            semaphore = asyncio.Semaphore(concurrency)

            async def one() -> None:
                async with semaphore:
                    await describe_instances_status.asyncio(client=client, body=body)

            wall, cpu = time.perf_counter(), time.process_time()
            await asyncio.gather(*(one() for _ in range(calls)))
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        return ClientResult(calls / wall, cpu / calls * 1e6)

    return asyncio.run(run())


def signing_and_checks_us(repeats: int = 20000) -> tuple[float, float]:
    """Microseconds per call for one ZC2 signature, and for the local checks of a ResetInstance body."""
    request = {"instanceId": STOPPED_INSTANCE, "password": "Example+123", "wanName": "eth0", "initScript": "#!/bin/sh"}
    body = json.dumps(request, separators=(",", ":")).encode()
    headers = {"content-type": "application/json", "host": "console.zenlayer.com"}
    sign = min(timeit.repeat(lambda: signature("password", "1700000000", headers, body), number=repeats, repeat=5))
    check = min(timeit.repeat(lambda: check_request("ResetInstance", request), number=repeats, repeat=5))
    return sign / repeats * 1e6, check / repeats * 1e6


def construction_ms(base_url: str, repeats: int = 50) -> tuple[float, float]:
    """Milliseconds of CPU to make a client ready to send (sync and async, closed again), ours then plain
    httpx's pair: what a short-lived program (a CLI call, a Lambda) pays before its first request."""
    auth = AccessKeyAuth(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD)

    def ours() -> None:
        client = Client(base_url=base_url, auth=auth)
        client.get_httpx_client()
        client.get_async_httpx_client()
        client.close()

    def plain() -> None:
        httpx.Client(base_url=base_url).close()
        httpx.AsyncClient(base_url=base_url)

    def cpu_ms(make: Callable[[], None]) -> float:
        make()  # imports, caches
        started = time.process_time()
        for _ in range(repeats):
            make()
        return (time.process_time() - started) / repeats * 1e3

    return cpu_ms(ours), cpu_ms(plain)


def pin_to(core: int) -> None:
    """Keep the client on one core and the server (pinned elsewhere) on the other."""
    with contextlib.suppress(OSError, AttributeError):
        os.sched_setaffinity(0, {core})
