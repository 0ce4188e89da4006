"""The client goes through a proxy as httpx does: HTTP_PROXY/HTTPS_PROXY/ALL_PROXY from the environment
(unless NO_PROXY names the host) or an explicit `proxy=`, sync and async (with the aiohttp extra
installed, its default), each keeping the call's total deadline.

The proxy is a small forward proxy the test starts on loopback; the service sits behind a host name only
the proxy can resolve, so a call that does not go through the proxy cannot reach it at all."""

from __future__ import annotations

import asyncio
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.client.conftest import ServerFactory, make_client
from tests.client.loopback import LoopbackServer, Reply, envelope
from tests.relay import QuietServer, relay
from zenlayer_vm_client import Client, RetryPolicy, ZenlayerTimeoutError
from zenlayer_vm_client.api.instances import describe_instances_status
from zenlayer_vm_client.models import DescribeInstancesStatusRequest
from zenlayer_vm_client.proxies import proxy_for

HIDDEN_HOST = "zenlayer-api.proxy-only.test"  # resolves nowhere but in the proxy
ANSWER = envelope(totalCount=1, dataSet=[{"instanceId": "ins-1", "instanceStatus": "RUNNING"}])
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy")


class ForwardProxy:
    """An HTTP forward proxy on loopback: takes absolute-form requests, sends them on to the target (a host
    name it alone maps to the loopback server) and records each URL it was asked for."""

    def __init__(self, upstream_port: int) -> None:
        self.asked: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                proxy.asked.append(self.path)
                target = urlsplit(self.path)
                host = "127.0.0.1" if target.hostname == HIDDEN_HOST else target.hostname
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                relay(self, host or "", upstream_port, target.path, body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def service(serve: ServerFactory) -> LoopbackServer:
    return serve(lambda _: ANSWER)


@pytest.fixture
def proxy(service: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[ForwardProxy]:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    started = ForwardProxy(int(urlsplit(service.base_url).port or 0))
    yield started
    started.stop()


def _hidden_base_url(service: LoopbackServer) -> str:
    port = urlsplit(service.base_url).port
    return f"http://{HIDDEN_HOST}:{port}/api/v2"


def _status(client: Client, mode: str) -> str:
    body = DescribeInstancesStatusRequest(instance_ids=["ins-1"])
    if mode == "sync":
        with client:
            answer = describe_instances_status.sync(client=client, body=body)
    else:

        async def call() -> Any:
            async with client:
                return await describe_instances_status.asyncio(client=client, body=body)

        answer = asyncio.run(call())
    entries = answer.data_set
    assert isinstance(entries, list)
    return str(entries[0].instance_status)


MODES = ["sync", "async"]


@pytest.mark.parametrize("mode", MODES)
def test_http_proxy_from_the_environment_reaches_a_host_only_the_proxy_knows(
    mode: str, service: LoopbackServer, proxy: ForwardProxy, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    client = make_client(service, sleeps, base_url=_hidden_base_url(service))
    assert _status(client, mode) == "RUNNING"
    assert proxy.asked == [f"{_hidden_base_url(service)}/vm"]
    assert len(service.received) == 1


@pytest.mark.parametrize("mode", MODES)
def test_no_proxy_bypasses_the_proxy(
    mode: str, service: LoopbackServer, proxy: ForwardProxy, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    client = make_client(service, sleeps)  # the service's own loopback address
    assert _status(client, mode) == "RUNNING"
    assert proxy.asked == []
    assert len(service.received) == 1


@pytest.mark.parametrize("mode", MODES)
def test_an_explicit_proxy_is_used_without_the_environment(
    mode: str, service: LoopbackServer, proxy: ForwardProxy, sleeps: list[float]
) -> None:
    client = make_client(
        service, sleeps, base_url=_hidden_base_url(service), httpx_args={"proxy": proxy.url, "trust_env": False}
    )
    assert _status(client, mode) == "RUNNING"
    assert proxy.asked == [f"{_hidden_base_url(service)}/vm"]


@pytest.mark.parametrize("mode", MODES)
def test_trust_env_false_ignores_the_environment(
    mode: str, service: LoopbackServer, proxy: ForwardProxy, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    client = make_client(service, sleeps, httpx_args={"trust_env": False})
    assert _status(client, mode) == "RUNNING"
    assert proxy.asked == []


def test_the_environment_is_read_once_per_client_as_httpx_reads_it(
    service: LoopbackServer, proxy: ForwardProxy, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the proxy variables walks the whole environment: once when the client's transport is made,
    not per request (it was a sixth of a call's CPU). A variable unset afterwards changes nothing for that
    client, as with httpx; the next client reads it again."""
    reads: list[int] = []
    real = urllib.request.getproxies_environment

    def counted() -> dict[str, str]:
        reads.append(1)
        return real()

    monkeypatch.setattr(urllib.request, "getproxies_environment", counted)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    body = DescribeInstancesStatusRequest(instance_ids=["ins-1"])
    with make_client(service, sleeps, base_url=_hidden_base_url(service)) as client:
        describe_instances_status.sync(client=client, body=body)
        after_one = len(reads)
        monkeypatch.delenv("HTTP_PROXY")
        for _ in range(3):
            describe_instances_status.sync(client=client, body=body)
    assert after_one == len(reads) == 1
    assert len(proxy.asked) == 4  # every call of that client through the proxy it was made with
    assert _status(make_client(service, sleeps), "sync") == "RUNNING"  # the next client: no proxy now
    assert len(reads) == 2
    assert len(proxy.asked) == 4


def test_the_deadline_holds_through_the_proxy(
    serve: ServerFactory, proxy: ForwardProxy, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proxy waits on a service that answers late: the call ends at its deadline, not the timeout."""
    slow = serve(lambda _: Reply(200, b"{}", delay=3.0))
    stalled = ForwardProxy(int(urlsplit(slow.base_url).port or 0))
    monkeypatch.setenv("HTTP_PROXY", stalled.url)
    client = make_client(
        slow, sleeps, base_url=_hidden_base_url(slow), deadline=0.3, timeout=10.0, retry=RetryPolicy(max_retries=0)
    )
    started = time.monotonic()
    try:
        with pytest.raises(ZenlayerTimeoutError):
            _status(client, "sync")
        assert time.monotonic() - started < 2.5  # the 10 s read timeout was clamped to the 0.3 s deadline
    finally:
        stalled.stop()


@pytest.mark.parametrize(
    ("no_proxy", "url", "bypassed"),
    [
        ("*", "http://api.example.com/x", True),
        ("example.com", "http://api.example.com/x", True),
        (".example.com", "http://api.example.com/x", True),
        ("example.com", "http://example.com/x", True),
        ("example.com", "http://notexample.com/x", False),
        ("other.com, api.example.com:8080", "http://api.example.com:8080/x", True),
        ("127.0.0.1", "http://127.0.0.1:9/x", True),
        ("127.0.0.1", "http://127.0.0.2:9/x", False),
        ("", "http://api.example.com/x", False),
    ],
)
def test_no_proxy_forms(no_proxy: str, url: str, bypassed: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", "proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", no_proxy)
    chosen = proxy_for(url, None, trust_env=True)
    assert (chosen is None) is bypassed
    if chosen is not None:
        assert str(chosen.url) == "http://proxy.internal:3128"
