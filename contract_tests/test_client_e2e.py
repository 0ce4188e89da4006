"""End to end: the generated client against the mock over HTTP. A whole reset (stop, wait until
STOPPED, reset with a password, wait until RUNNING), and each typed error raised by the condition
that causes it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

from contract_tests.target import Target
from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from mock_server.process import MockProcess
from zenlayer_vm_client import AccessKeyAuth, Client, RetryPolicy
from zenlayer_vm_client.api.images import describe_images
from zenlayer_vm_client.api.instances import describe_instances_status, reset_instance, stop_instances
from zenlayer_vm_client.errors import ERROR_CLASSES
from zenlayer_vm_client.models import (
    DescribeImagesRequest,
    DescribeInstancesStatusRequest,
    InstanceStatus,
    ResetInstanceRequest,
    StopInstancesRequest,
)
from zenlayer_vm_client.waiters import RESET_INSTANCE_WAITER, STOP_INSTANCES_WAITER, stop_reset_and_wait


@pytest.fixture(scope="module")
def mock_for_client(target: Target) -> Iterator[MockProcess]:
    if not target.is_mock:
        pytest.skip("the end-to-end client run resets instances: mock only")
    with MockProcess("--quiet", "--transition-seconds", "0.3", module=target.mock_module) as mock:
        yield mock


def client_for(mock: MockProcess, **kwargs: Any) -> Client:  # noqa: ANN401 - Client's own options
    options: dict[str, Any] = {
        "base_url": mock.base_url,
        "auth": AccessKeyAuth(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD),
        "retry": RetryPolicy(max_retries=0),
    }
    options.update(kwargs)
    return Client(**options)


def test_a_whole_reset(mock_for_client: MockProcess) -> None:
    seen: list[str | None] = []
    quick = 0.05  # seconds between polls: the spec's 5 s is for the live service
    with client_for(mock_for_client) as client:
        stop_reset_and_wait(
            client,
            ResetInstanceRequest(instance_id="ins-running-fra", image_id="img-ubuntu-2204", password="Example+123"),
            on_progress=lambda status, _: seen.append(status),
            stop_waiter=attrs.evolve(STOP_INSTANCES_WAITER, delay_seconds=quick),
            reset_waiter=attrs.evolve(RESET_INSTANCE_WAITER, delay_seconds=quick),
        )
        final = describe_instances_status.sync(
            client=client, body=DescribeInstancesStatusRequest(instance_ids=["ins-running-fra"])
        )
    assert "STOPPING" in seen
    assert "REBUILDING" in seen
    assert seen[-1] == "RUNNING"
    assert isinstance(final.data_set, list)
    assert final.data_set[0].instance_status == InstanceStatus.RUNNING


Call = Callable[[Client], object]
TYPED_ERRORS: dict[str, tuple[Call, dict[str, Any]]] = {
    "OPERATION_DENIED_INSTANCE_NOT_STOPPED": (
        lambda c: reset_instance.sync(
            client=c, body=ResetInstanceRequest(instance_id="ins-stopped-sel", init_script="x")
        ),
        {},
    ),
    "INVALID_INSTANCE_NOT_FOUND": (
        lambda c: reset_instance.sync(client=c, body=ResetInstanceRequest(instance_id="ins-x")),
        {},
    ),
    "OPERATION_DENIED_INSTANCE_RECYCLED": (
        lambda c: stop_instances.sync(client=c, body=StopInstancesRequest(instance_ids=["ins-recycled"])),
        {},
    ),
    "INVALID_IMAGE_SIZE_EXCEED": (
        lambda c: reset_instance.sync(
            client=c, body=ResetInstanceRequest(instance_id="ins-stopped-win", image_id="img-oversized")
        ),
        {},
    ),
    "INVALID_PARAMETER_VALUE": (
        lambda c: reset_instance.sync(
            client=c, body=ResetInstanceRequest(instance_id="ins-stopped-win", key_id="key-YWD2QFOl")
        ),
        {},
    ),
    "INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED": (
        lambda c: reset_instance.sync(
            client=c, body=ResetInstanceRequest(instance_id="ins-stopped-win", password="weak")
        ),
        {"local_checks": False},  # what the service says, not the client's own check
    ),
    "INVALID_ZONE_NOT_FOUND": (
        lambda c: describe_images.sync(client=c, body=DescribeImagesRequest(zone_id="MARS-A")),
        {},
    ),
    "AUTHFAILURE_SIGNATURE_FAILURE": (
        lambda c: describe_images.sync(client=c, body=DescribeImagesRequest(zone_id="FRA-A")),
        {"auth": AccessKeyAuth(DEFAULT_ACCESS_KEY_ID, "not-the-password")},
    ),
}


@pytest.mark.parametrize("code", list(TYPED_ERRORS))
def test_each_condition_raises_its_typed_error(code: str, mock_for_client: MockProcess) -> None:
    call, options = TYPED_ERRORS[code]
    with client_for(mock_for_client, **options) as client:
        if code == "OPERATION_DENIED_INSTANCE_NOT_STOPPED":
            # Reset once first, so that the instance is REBUILDING, not STOPPED, for the second reset.
            reset_instance.sync(client=client, body=ResetInstanceRequest(instance_id="ins-stopped-sel"))
        with pytest.raises(ERROR_CLASSES[code]) as raised:
            call(client)
    assert raised.value.code == code
    assert raised.value.request_id
