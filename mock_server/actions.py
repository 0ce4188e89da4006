"""The business rules of the four actions, in docs/contract.md's order of checks. Everything the schema
says has already been checked (mock_server.contract); only state, lifecycle and cross-resource rules
are here. Each handler runs without awaiting, so a check and the change it guards are atomic on the
event loop: two concurrent resets of one instance cannot both pass the STOPPED check."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mock_server import codes
from mock_server.contract import ApiError, Contract
from mock_server.world import Instance, World

Handler = Callable[[World, Contract, Mapping[str, Any], float], dict[str, Any]]
WINDOWS = "windows"


def _instance(world: World, contract: Contract, instance_id: str, now: float) -> tuple[Instance, str]:
    instance = world.instances.get(instance_id)
    if instance is None:
        raise ApiError(codes.INSTANCE_NOT_FOUND, f"instance {instance_id!r} does not exist")
    status = instance.current_status(now)
    if status in contract.recycled_statuses:
        raise ApiError(codes.INSTANCE_RECYCLED, f"instance {instance_id!r} is in the recycle bin")
    return instance, status


def reset_instance(world: World, contract: Contract, body: Mapping[str, Any], now: float) -> dict[str, Any]:
    instance, status = _instance(world, contract, body["instanceId"], now)
    if status != "STOPPED":
        raise ApiError(codes.INSTANCE_NOT_STOPPED, f"instance {instance.instance_id!r} is {status}, not STOPPED")
    image_id = body.get("imageId", instance.image_id)
    image = world.images.get(image_id)
    if image is None or instance.zone_id not in image.zones:
        raise ApiError(codes.IMAGE_NOT_FOUND, f"image {image_id!r} is not offered in zone {instance.zone_id}")
    if image.image_size_gb > instance.system_disk_gb:
        raise ApiError(
            codes.IMAGE_TOO_LARGE,
            f"image {image_id!r} ({image.image_size_gb} GB) exceeds the system disk ({instance.system_disk_gb} GB)",
        )
    if "keyId" in body:
        if body["keyId"] not in world.key_pairs:
            raise ApiError(codes.KEY_PAIR_NOT_FOUND, f"key pair {body['keyId']!r} does not exist")
        if image.os_type == WINDOWS:
            raise ApiError(codes.KEY_PAIR_WITH_WINDOWS, "SSH key pairs are not supported for Windows images")
    if "initScript" in body and not world.zones[instance.zone_id].init_script_supported:
        raise ApiError(codes.SCRIPTS_NOT_SUPPORTED, f"zone {instance.zone_id} does not support init scripts")
    if extension := contract.extension_error("ResetInstance", body):
        raise extension
    transition = contract.transitions["ResetInstance"]
    instance.image_id = image.image_id
    instance.start_change(transition.pending, transition.target, now, world.transition_seconds)
    return {}


def stop_instances(world: World, contract: Contract, body: Mapping[str, Any], now: float) -> dict[str, Any]:
    # Every id is checked, in request order, before any instance changes (all or nothing).
    to_stop: dict[str, Instance] = {}
    for instance_id in body["instanceIds"]:
        instance, status = _instance(world, contract, instance_id, now)
        if status != "RUNNING":
            raise ApiError(codes.INSTANCE_NOT_RUNNING, f"instance {instance_id!r} is {status}, not RUNNING")
        to_stop[instance_id] = instance
    transition = contract.transitions["StopInstances"]
    for instance in to_stop.values():
        instance.start_change(transition.pending, transition.target, now, world.transition_seconds)
    return {}


def _page(contract: Contract, action: str, body: Mapping[str, Any], items: list[Any]) -> dict[str, Any]:
    defaults = contract.list_defaults[action]
    page_num = int(body.get("pageNum", defaults.get("pageNum", 1)))
    page_size = int(body.get("pageSize", defaults.get("pageSize", 20)))
    start = (page_num - 1) * page_size
    return {"totalCount": len(items), "dataSet": items[start : start + page_size]}


def describe_instances_status(world: World, contract: Contract, body: Mapping[str, Any], now: float) -> dict[str, Any]:
    wanted = set(body.get("instanceIds") or world.instances)
    entries = [
        {"instanceId": instance_id, "instanceStatus": world.instances[instance_id].current_status(now)}
        for instance_id in sorted(wanted & world.instances.keys())
    ]
    return _page(contract, "DescribeInstancesStatus", body, entries)


def describe_images(world: World, contract: Contract, body: Mapping[str, Any], now: float) -> dict[str, Any]:
    zone_id = body["zoneId"]
    if zone_id not in world.zones:
        raise ApiError(codes.ZONE_NOT_FOUND, f"zone {zone_id!r} does not exist")
    filters = {
        "imageName": "image_name",
        "category": "category",
        "imageType": "image_type",
        "osType": "os_type",
        "imageStatus": "image_status",
    }
    wanted_ids = set(body["imageIds"]) if "imageIds" in body else None
    images = [
        image.as_api()
        for image_id, image in sorted(world.images.items())
        if zone_id in image.zones
        and (wanted_ids is None or image_id in wanted_ids)
        and all(getattr(image, attribute) == body[name] for name, attribute in filters.items() if name in body)
    ]
    return _page(contract, "DescribeImages", body, images)


HANDLERS: dict[str, Handler] = {
    "ResetInstance": reset_instance,
    "StopInstances": stop_instances,
    "DescribeInstancesStatus": describe_instances_status,
    "DescribeImages": describe_images,
}
