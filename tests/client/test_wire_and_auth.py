"""What the client puts on the wire: exactly POST /api/v2/vm, the action headers, only the fields
set, signed byte for byte over what was sent; bearer tokens; credentials from the environment;
one connection reused across calls."""

from __future__ import annotations

import asyncio
import importlib
import json
import re
from importlib.metadata import version

import httpx
import pytest
from openapi_python_client.strings import snake_case

from tests.client.conftest import ACCESS_KEY_ID, ACCESS_KEY_PASSWORD, FROZEN_TIME, ServerFactory, make_client
from tests.client.loopback import Received, Reply, envelope
from tests.signing_reference import TEST_VECTOR, expected_authorization, expected_signature
from zenlayer_spec import load_spec
from zenlayer_spec.document import load_document
from zenlayer_spec.operations import operations
from zenlayer_vm_client import (
    AccessKeyAuth,
    BearerTokenAuth,
    Client,
    InvalidBaseUrlError,
    MissingCredentialsError,
    auth,
    models,
)
from zenlayer_vm_client.api.images import describe_images
from zenlayer_vm_client.api.instances import describe_instances_status, reset_instance, stop_instances
from zenlayer_vm_client.models import (
    DescribeImagesRequest,
    DescribeInstancesStatusRequest,
    ImageType,
    ResetInstanceRequest,
    StopInstancesRequest,
)

OPERATIONS = operations(load_document())


# Each action's success example (what its `response` holds, beside requestId), from the spec.
EXAMPLE_ANSWERS = {
    operation.action: dict(load_spec().behaviours.operations[operation_id].example_response)
    for operation_id, operation in OPERATIONS.items()
}


def answer(received: Received) -> Reply:
    if received.action == "DescribeInstancesStatus":
        return envelope(totalCount=1, dataSet=[{"instanceId": "ins-1", "instanceStatus": "STOPPED"}])
    if received.action == "DescribeImages":
        return envelope(totalCount=0, dataSet=[])
    return envelope(**EXAMPLE_ANSWERS.get(received.action or "", {}))


def test_signature_matches_the_vendor_test_vector() -> None:
    vector = TEST_VECTOR
    headers = {"content-type": vector["contentType"], "host": vector["host"]}
    body = vector["body"].encode()
    assert auth.signature(vector["accessKeyPassword"], vector["timestamp"], headers, body) == vector["signature"]


def test_every_operation_goes_out_as_post_api_v2_vm(serve: ServerFactory, sleeps: list[float]) -> None:
    """Every operation of the spec, through its generated module and request model, from its first
    request example: one POST to the one endpoint, its action and version in headers."""
    server = serve(answer)
    spec = load_spec()
    with make_client(server, sleeps) as client:
        for operation in OPERATIONS.values():
            tag = snake_case(operation.tags[0]) if operation.tags else "default"
            module = importlib.import_module(f"zenlayer_vm_client.api.{tag}.{snake_case(operation.operation_id)}")
            model = getattr(models, operation.request_schema_pointer.rsplit("/", 1)[-1])
            module.sync(client=client, body=model.from_dict(spec.request_examples[operation.operation_id][0]))
    assert [(r.method, r.path) for r in server.received] == [("POST", "/api/v2/vm")] * len(OPERATIONS)
    assert [r.action for r in server.received] == [operation.action for operation in OPERATIONS.values()]
    assert {r.headers["x-zc-version"] for r in server.received} == {"2026-04-01"}
    assert {r.headers["content-type"] for r in server.received} == {"application/json"}


def test_body_holds_only_the_fields_set(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(answer)
    with make_client(server, sleeps) as client:
        reset_instance.sync(client=client, body=ResetInstanceRequest(instance_id="ins-1"))
        stop_instances.sync(client=client, body=StopInstancesRequest(instance_ids=["ins-1"]))
        describe_images.sync(
            client=client, body=DescribeImagesRequest(zone_id="FRA-A", image_type=ImageType.CUSTOM_IMAGE)
        )
    # No spec defaults (wanName eth0, forceShutdown true, pageSize 20) are sent on the caller's behalf.
    assert [r.json() for r in server.received] == [
        {"instanceId": "ins-1"},
        {"instanceIds": ["ins-1"]},
        {"zoneId": "FRA-A", "imageType": "CUSTOM_IMAGE"},
    ]


def test_signature_is_over_the_exact_bytes_and_headers_received(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(answer)
    request = ResetInstanceRequest(instance_id="ins-ü", password="Example+123", instance_name="wëb 01")
    with make_client(server, sleeps) as client:
        reset_instance.sync(client=client, body=request)
    received = server.received[0]
    assert received.headers["x-zc-timestamp"] == str(int(FROZEN_TIME))
    assert received.headers["x-zc-signature-method"] == "ZC2-HMAC-SHA256"
    signature = expected_signature(
        ACCESS_KEY_PASSWORD,
        received.headers["x-zc-timestamp"],
        received.headers["content-type"],
        received.headers["host"],
        received.body,
    )
    assert received.headers["authorization"] == expected_authorization(ACCESS_KEY_ID, signature)
    assert json.loads(received.body)["instanceName"] == "wëb 01"


def test_bearer_token(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(answer)
    with make_client(server, sleeps, auth=BearerTokenAuth("tok-123")) as client:
        stop_instances.sync(client=client, body=StopInstancesRequest(instance_ids=["ins-1"]))
    headers = server.received[0].headers
    assert headers["authorization"] == "Bearer tok-123"
    assert "x-zc-timestamp" not in headers
    assert "x-zc-signature-method" not in headers


def test_connections_are_reused(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(answer)
    with make_client(server, sleeps) as client:
        for _ in range(5):
            describe_instances_status.sync(client=client, body=DescribeInstancesStatusRequest())
    assert len(server.received) == 5
    assert len({r.connection for r in server.received}) == 1


def test_async_variants_send_the_same(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(answer)

    async def run() -> str:
        async with make_client(server, sleeps) as client:
            await reset_instance.asyncio(client=client, body=ResetInstanceRequest(instance_id="ins-1"))
            answer = await describe_instances_status.asyncio(client=client, body=DescribeInstancesStatusRequest())
            detailed = await stop_instances.asyncio_detailed(
                client=client, body=StopInstancesRequest(instance_ids=["x"])
            )
            assert detailed.status_code == 200
            assert isinstance(answer.data_set, list)
            return str(answer.data_set[0].instance_status)

    assert asyncio.run(run()) == "STOPPED"
    assert [(r.path, r.action) for r in server.received] == [
        ("/api/v2/vm", "ResetInstance"),
        ("/api/v2/vm", "DescribeInstancesStatus"),
        ("/api/v2/vm", "StopInstances"),
    ]
    assert all(r.headers["authorization"].startswith("ZC2-HMAC-SHA256 Credential=") for r in server.received)


def test_credentials_from_the_environment(serve: ServerFactory) -> None:
    server = serve(answer)
    environ = {
        "ZENLAYER_ACCESS_KEY_ID": "env-id",
        "ZENLAYER_ACCESS_KEY_PASSWORD": "env-password",
        "ZENLAYER_BASE_URL": server.base_url,
    }
    with Client.from_env(environ) as client:
        describe_instances_status.sync(client=client, body=DescribeInstancesStatusRequest())
    assert server.received[0].headers["authorization"].startswith("ZC2-HMAC-SHA256 Credential=env-id,")
    token_client = Client.from_env({"ZENLAYER_TOKEN": "env-token"})
    assert isinstance(token_client.auth, BearerTokenAuth)
    assert token_client.base_url == "https://console.zenlayer.com/api/v2"


def test_missing_credentials_say_what_to_set() -> None:
    with pytest.raises(MissingCredentialsError, match="ZENLAYER_ACCESS_KEY_ID and ZENLAYER_ACCESS_KEY_PASSWORD"):
        Client.from_env({})
    with pytest.raises(ValueError, match="non-empty"):
        AccessKeyAuth("id", "")


def test_async_only_httpx_arguments_stay_off_the_sync_client(serve: ServerFactory, sleeps: list[float]) -> None:
    """An async-only transport goes in async_httpx_args; the sync client keeps httpx's own."""
    server = serve(answer)
    seen: list[str] = []

    class CountingTransport(httpx.AsyncHTTPTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(request.headers["x-zc-action"])
            return await super().handle_async_request(request)

    client = make_client(server, sleeps, async_httpx_args={"transport": CountingTransport()})

    async def run() -> None:
        async with client:
            await stop_instances.asyncio(client=client, body=StopInstancesRequest(instance_ids=["ins-1"]))

    asyncio.run(run())
    with client:
        stop_instances.sync(client=client, body=StopInstancesRequest(instance_ids=["ins-1"]))
    assert seen == ["StopInstances"]  # the async call only
    assert len(server.received) == 2


def test_every_call_says_its_service_and_who_sends_it(serve: ServerFactory, sleeps: list[float]) -> None:
    """X-ZC-Service as the vendor's SDKs send it (the spec's default), and the client's own User-Agent."""
    document = load_document()
    service = document["components"]["parameters"]["Service"]["schema"]["default"]
    identity = document["components"]["x-zc-client-identity"]
    server = serve(lambda _: envelope())
    with make_client(server, sleeps) as client:
        reset_instance.sync(client=client, body=ResetInstanceRequest(instance_id="ins-1"))
        describe_images.sync(client=client, body=DescribeImagesRequest(zone_id="FRA-A"))
    for received in server.received:
        assert received.headers["x-zc-service"] == service == "vm"
        user_agent = received.headers["user-agent"]
        assert user_agent == identity["value"].replace("{version}", version("zenlayer-vm-client"))
        assert not any(name.startswith("x-zc-sdk") for name in received.headers)  # never poses as the vendor's SDK


@pytest.mark.parametrize("endpoint", ["http://127.0.0.1:8080/api/v2/vm", "http://127.0.0.1:8080/api/v2/vm/"])
def test_the_endpoint_url_is_refused_with_the_base_to_pass(endpoint: str) -> None:
    """What the mock prints is the endpoint; as a base URL it would send every call to /vm/vm."""
    with pytest.raises(InvalidBaseUrlError, match=r"pass its base, 'http://127\.0\.0\.1:8080/api/v2'"):
        Client(base_url=endpoint, auth=AccessKeyAuth("key-id", "key-password"))


@pytest.mark.parametrize(
    ("base_url", "says"),
    [
        ("notaurl", "is not an http:// or https:// URL with a host"),
        ("ftp://files.example/api/v2", "is not an http:// or https:// URL with a host"),
        ("http://", "is not an http:// or https:// URL with a host"),
        ("http://127.0.0.1:99999/api/v2", "names port 99999, outside 1-65535"),
        ("http://127.0.0.1:0/api/v2", "names port 0, outside 1-65535"),
        ("http://host:abc/api/v2", "is not a URL (Invalid port: 'abc')"),
    ],
)
def test_a_base_url_no_call_can_go_to_is_refused_when_the_client_is_made(base_url: str, says: str) -> None:
    """Not a connection error at the first call (retried three times, as a network failure would be)."""
    with pytest.raises(InvalidBaseUrlError) as raised:
        Client(base_url=base_url, auth=AccessKeyAuth("key-id", "key-password"))
    assert str(raised.value) == f"base_url {base_url!r} {says}"
    assert isinstance(raised.value, ValueError)  # as it was: callers catching ValueError still do
    environment = {"ZENLAYER_TOKEN": "t", "ZENLAYER_BASE_URL": base_url}
    with pytest.raises(InvalidBaseUrlError, match=f"^ZENLAYER_BASE_URL: base_url {re.escape(repr(base_url))}"):
        Client.from_env(environment)
    assert Client(base_url="http://127.0.0.1:8080/api/v2", auth=AccessKeyAuth("key-id", "key-password")).base_url


@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf"), True, "5"])
def test_a_deadline_or_timeout_setting_that_bounds_nothing_is_refused(value: object) -> None:
    """A NaN or infinite duration bounds no wait; a setting of 0 or less would time every call out."""
    for name in ("deadline", "timeout"):
        with pytest.raises(ValueError, match=f"^{name} must be a finite number of seconds"):
            Client(auth=AccessKeyAuth("key-id", "key-password"), **{name: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "5"])
def test_a_call_deadline_that_bounds_nothing_is_refused(value: object) -> None:
    """(A call's deadline of 0 or less has passed: ZenlayerTimeoutError, nothing sent, as
    test_hostile_answers shows.)"""
    client = Client(base_url="http://127.0.0.1:9/api/v2", auth=AccessKeyAuth("key-id", "key-password"))
    with pytest.raises(ValueError, match=r"^deadline must be a finite number of seconds, not "):
        describe_images.sync(client=client, body=DescribeImagesRequest(zone_id="FRA-A"), deadline=value)  # type: ignore[arg-type]
