"""Lenient where the vendor is: the vendor's SDKs treat every answer field but the envelope as optional,
so the generated client reads answers without them (docs/contract.md §3), and its waiters cope."""

from __future__ import annotations

from tests.client.conftest import ServerFactory, make_client
from tests.client.loopback import envelope
from zenlayer_spec.document import dereference, load_document
from zenlayer_vm_client.api.images import describe_images
from zenlayer_vm_client.api.instances import describe_instances_status
from zenlayer_vm_client.models import DescribeImagesRequest, DescribeInstancesStatusRequest
from zenlayer_vm_client.types import UNSET
from zenlayer_vm_client.waiters import instance_status

SCHEMAS = load_document()["components"]["schemas"]


def test_the_spec_expects_but_does_not_require_what_the_vendor_sdks_make_optional() -> None:
    assert "required" not in SCHEMAS["Image"]
    assert set(SCHEMAS["Image"]["x-zc-expected"]) >= {"imageId", "imageName", "osType"}
    inner = dereference(load_document(), SCHEMAS["DescribeImagesResponse"]["properties"]["response"])
    assert inner["required"] == ["requestId"]
    assert inner["x-zc-expected"] == ["totalCount", "dataSet"]


def test_a_describe_images_answer_stripped_of_every_optional_field_parses(serve: ServerFactory) -> None:
    server = serve(lambda _: envelope())  # requestId outside and inside, nothing else
    with make_client(server, []) as client:
        answer = describe_images.sync(client=client, body=DescribeImagesRequest(zone_id="FRA-A"))
    assert answer.total_count is UNSET
    assert answer.data_set is UNSET


def test_images_stripped_of_their_fields_parse(serve: ServerFactory) -> None:
    server = serve(lambda _: envelope(totalCount=2, dataSet=[{}, {"imageId": "img-1"}]))
    with make_client(server, []) as client:
        answer = describe_images.sync(client=client, body=DescribeImagesRequest(zone_id="FRA-A"))
    images = answer.data_set
    assert isinstance(images, list)
    assert [image.image_id for image in images] == [UNSET, "img-1"]
    assert images[0].os_type is UNSET


def test_a_status_answer_without_fields_is_read_as_no_status(serve: ServerFactory) -> None:
    answers = iter([envelope(), envelope(), envelope(dataSet=[{"instanceId": "ins-1"}])])
    server = serve(lambda _: next(answers))
    with make_client(server, []) as client:
        assert describe_instances_status.sync(client=client, body=DescribeInstancesStatusRequest()).data_set is UNSET
        assert instance_status(client, "ins-1") is None  # no list: the instance is not listed
        assert instance_status(client, "ins-1") == "(no status)"  # listed without a status: wait on
