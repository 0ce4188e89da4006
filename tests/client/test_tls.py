"""HTTPS as the real service speaks it, over loopback: a server whose certificate a test CA issued
(trustme), the CA bundle named by SSL_CERT_FILE as httpx reads it.

Every client of a process shares one TLS context per setting (zenlayer_vm_client/tls.py): making a
client no longer loads the CA bundle again, which was nearly all of its cost. What must not change with
that: each client verifies the server against the bundle its setting names, a bundle replaced on disk is
read again, and settings that differ (HTTP/2's ALPN, no verification, a certificate of the caller's own)
never share a context."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from tests.client.conftest import make_client
from tests.client.loopback import LoopbackServer, envelope
from zenlayer_vm_client import TlsSettingsError, ZenlayerConnectionError
from zenlayer_vm_client.api.instances import describe_instances_status
from zenlayer_vm_client.models import DescribeInstancesStatusRequest
from zenlayer_vm_client.tls import verify_option

ANSWER = envelope(totalCount=1, dataSet=[{"instanceId": "ins-1", "instanceStatus": "RUNNING"}])
REQUEST = DescribeInstancesStatusRequest(instance_ids=["ins-1"])


@pytest.fixture
def service_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def https_service(service_ca: trustme.CA) -> Iterator[LoopbackServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    service_ca.issue_cert("127.0.0.1").configure_cert(context)
    server = LoopbackServer(lambda _: ANSWER, tls=context).start()
    yield server
    server.stop()


@pytest.fixture
def bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The CA bundle every client of the test reads (SSL_CERT_FILE, as httpx reads it); empty at first."""
    path = tmp_path / "ca-bundle.pem"
    path.write_bytes(b"")
    monkeypatch.setenv("SSL_CERT_FILE", str(path))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    return path


@pytest.fixture
def bundle_loads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each time a TLS context loads a CA bundle, what it loaded."""
    loads: list[object] = []
    load = ssl.SSLContext.load_verify_locations

    def counted(context: ssl.SSLContext, *args: object, **kwargs: object) -> None:
        loads.append(args or kwargs)
        load(context, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    return loads


def _status(client_options: dict[str, Any], server: LoopbackServer, *, run_async: bool) -> str:
    """One DescribeInstancesStatus call over HTTPS by a new client; the status it read."""
    client = make_client(server, [], **client_options)
    if run_async:

        async def call() -> Any:
            async with client:
                return await describe_instances_status.asyncio(client=client, body=REQUEST)

        answer = asyncio.run(call())
    else:
        with client:
            answer = describe_instances_status.sync(client=client, body=REQUEST)
    entries = answer.data_set
    assert isinstance(entries, list)
    return str(entries[0].instance_status)


@pytest.mark.parametrize("run_async", [False, True], ids=["sync", "async"])
def test_clients_verify_the_service_through_one_shared_context(
    run_async: bool, https_service: LoopbackServer, service_ca: trustme.CA, bundle: Path, bundle_loads: list[object]
) -> None:
    service_ca.cert_pem.write_to_path(str(bundle))
    statuses = [_status({}, https_service, run_async=run_async) for _ in range(3)]
    assert statuses == ["RUNNING"] * 3  # each handshake verified the server against the bundle
    assert len(bundle_loads) == 1, bundle_loads  # three clients, one context, the bundle read once


def test_a_bundle_replaced_on_disk_is_read_by_the_next_client(
    https_service: LoopbackServer, service_ca: trustme.CA, bundle: Path, bundle_loads: list[object]
) -> None:
    trustme.CA().cert_pem.write_to_path(str(bundle))  # a CA that did not issue the service's certificate
    with pytest.raises(ZenlayerConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
        _status({}, https_service, run_async=False)
    service_ca.cert_pem.write_to_path(str(bundle))
    assert _status({}, https_service, run_async=False) == "RUNNING"
    assert len(bundle_loads) == 2


def test_an_unverified_client_reaches_a_service_no_bundle_vouches_for(
    https_service: LoopbackServer, bundle: Path
) -> None:
    trustme.CA().cert_pem.write_to_path(str(bundle))
    assert _status({"verify_ssl": False}, https_service, run_async=False) == "RUNNING"
    with pytest.raises(ZenlayerConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
        _status({}, https_service, run_async=False)  # the verifying setting did not take the unverified context


def test_settings_that_differ_never_share_a_context(service_ca: trustme.CA, bundle: Path) -> None:
    service_ca.cert_pem.write_to_path(str(bundle))
    default = verify_option(True)
    assert verify_option(True) is default
    assert isinstance(default, ssl.SSLContext)
    assert default.verify_mode == ssl.CERT_REQUIRED
    # httpcore sets a context's ALPN protocols from the client's http2 on every connection.
    assert verify_option(True, http2=True) is not default
    assert verify_option(True, trust_env=False) is not default  # certifi's bundle, not SSL_CERT_FILE's
    unverified = verify_option(False)
    assert isinstance(unverified, ssl.SSLContext)
    assert unverified.verify_mode == ssl.CERT_NONE
    # httpx loads a client certificate into the context it is given: the caller's setting passes through.
    assert verify_option(True, cert="client.pem") is True
    own = ssl.create_default_context()
    assert verify_option(own) is own


@pytest.mark.parametrize(
    ("content", "why"), [(None, "No such file or directory"), (b"not a certificate\n", "no certificate")]
)
def test_a_bundle_that_cannot_be_used_is_a_typed_error_naming_it_and_is_read_again_once_mended(
    content: bytes | None, why: str, https_service: LoopbackServer, service_ca: trustme.CA, bundle: Path
) -> None:
    if content is None:
        bundle.unlink()
    else:
        bundle.write_bytes(content)
    with pytest.raises(TlsSettingsError, match=rf"the CA bundle '{bundle}' cannot be used for TLS: .*{why}"):
        _status({}, https_service, run_async=False)
    service_ca.cert_pem.write_to_path(str(bundle))
    assert _status({}, https_service, run_async=False) == "RUNNING"  # the failure was not kept
