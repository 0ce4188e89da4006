"""Secrets never show in a repr, str or log line; a status or a field the spec does not know yet
does not break parsing."""

from __future__ import annotations

import json

import pytest

from tests.client.conftest import ServerFactory, make_client
from tests.client.loopback import Reply, envelope
from zenlayer_vm_client import AccessKeyAuth, BearerTokenAuth, Client, LocalCheckError
from zenlayer_vm_client.api.images import describe_images
from zenlayer_vm_client.api.instances import describe_instances_status
from zenlayer_vm_client.checks import check_request
from zenlayer_vm_client.models import (
    DescribeImagesRequest,
    DescribeInstancesStatusRequest,
    ImageType,
    InstanceStatus,
    ResetInstanceRequest,
)

PASSWORD = "Example+123"
KEY_PASSWORD = "very-secret-key-password"
TOKEN = "pat-very-secret-token"


def test_secrets_stay_out_of_reprs() -> None:
    request = ResetInstanceRequest(instance_id="ins-1", password=PASSWORD)
    signer = AccessKeyAuth("key-id", KEY_PASSWORD)
    bearer = BearerTokenAuth(TOKEN)
    client = Client(auth=signer)
    texts = [repr(request), str(request), repr(signer), repr(bearer), repr(client), str(client)]
    texts.append(repr(Client(auth=bearer)))
    for text in texts:
        assert PASSWORD not in text
        assert KEY_PASSWORD not in text
        assert TOKEN not in text
    assert "key-id" in repr(signer)  # the id is not a secret and helps debugging
    assert "ins-1" in repr(request)
    assert request.to_dict()["password"] == PASSWORD  # redacted from the repr only, sent as given


@pytest.mark.parametrize("bad", ["short1A", "NoSpecial123", "x" * 40])
def test_local_check_errors_never_echo_the_password(bad: str) -> None:
    with pytest.raises(LocalCheckError) as raised:
        check_request("ResetInstance", {"instanceId": "i", "password": bad})
    assert raised.value.field == "password"
    assert bad not in str(raised.value)
    assert bad not in repr(raised.value)


def test_unknown_status_and_extra_fields_parse(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(
        lambda _: envelope(
            totalCount=2,
            dataSet=[
                {"instanceId": "ins-1", "instanceStatus": "RUNNING", "zoneId": "FRA-A"},
                {"instanceId": "ins-2", "instanceStatus": "HIBERNATING"},
            ],
            nextToken="abc",
        )
    )
    with make_client(server, sleeps) as client:
        answer = describe_instances_status.sync(client=client, body=DescribeInstancesStatusRequest())
    assert isinstance(answer.data_set, list)  # optional in the model, as in the vendor's SDKs
    first, second = answer.data_set
    assert first.instance_status == InstanceStatus.RUNNING
    assert first.additional_properties == {"zoneId": "FRA-A"}
    assert second.instance_status == "HIBERNATING"
    assert answer.additional_properties == {"nextToken": "abc"}


def test_unknown_image_enums_parse(serve: ServerFactory, sleeps: list[float]) -> None:
    image = {
        "imageId": "img-1",
        "imageName": "Plan 9",
        "imageType": "MARKETPLACE_IMAGE",
        "imageSize": "20",
        "imageDescription": None,
        "imageVersion": "4",
        "imageStatus": "DEPRECATED",
        "category": "PLAN9",
        "osType": "plan9",
    }
    server = serve(lambda _: envelope(totalCount=1, dataSet=[image]))
    with make_client(server, sleeps) as client:
        answer = describe_images.sync(client=client, body=DescribeImagesRequest(zone_id="FRA-A"))
    assert isinstance(answer.data_set, list)
    parsed = answer.data_set[0]
    assert (parsed.image_type, parsed.image_status, parsed.category, parsed.os_type) == (
        "MARKETPLACE_IMAGE",
        "DEPRECATED",
        "PLAN9",
        "plan9",
    )
    assert parsed.image_description is None


def test_known_enums_stay_typed(serve: ServerFactory, sleeps: list[float]) -> None:
    image = {
        "imageId": "img-1",
        "imageName": "Ubuntu",
        "imageType": "PUBLIC_IMAGE",
        "imageSize": "20",
        "imageStatus": "AVAILABLE",
        "category": "Ubuntu",
        "osType": "linux",
    }
    server = serve(
        lambda _: Reply(
            200,
            json.dumps(
                {"requestId": "T1", "response": {"requestId": "T1", "totalCount": 1, "dataSet": [image]}}
            ).encode(),
        )
    )
    with make_client(server, sleeps) as client:
        answer = describe_images.sync(client=client, body=DescribeImagesRequest(zone_id="FRA-A"))
    assert isinstance(answer.data_set, list)
    assert answer.data_set[0].image_type is ImageType.PUBLIC_IMAGE
