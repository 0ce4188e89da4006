from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.instance_status import InstanceStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="DescribeInstancesRequest")


@_attrs_define
class DescribeInstancesRequest:
    """
    Attributes:
        instance_ids (list[str] | Unset): Only these instances, at most 100 ids; empty or absent filters nothing.
        zone_id (str | Unset): Only instances in this zone (an unknown zone matches nothing).
        image_id (str | Unset): Only instances running this image.
        instance_type (str | Unset): Only instances of this type.
        instance_status (InstanceStatus | Unset): The instance lifecycle. Transitional statuses (`x-zc-transitional`)
            change by themselves:
            PENDING, DEPLOYING, STOPPING, BOOTING, RELEASING, REBUILDING, RECYCLING and REBOOT. RECYCLE and
            RECYCLING mean the instance is in the recycle bin.
        key_id (str | Unset): Only instances logged into with this key pair.
        instance_name (str | Unset): Only instances with exactly this name, or with one trailing `*` a name starting
            with what precedes it.
        page_num (int | Unset): The page to return, from 1.
        page_size (int | Unset): Items per page, 1 to 1000.
    """

    instance_ids: list[str] | Unset = UNSET
    zone_id: str | Unset = UNSET
    image_id: str | Unset = UNSET
    instance_type: str | Unset = UNSET
    instance_status: InstanceStatus | Unset = UNSET
    key_id: str | Unset = UNSET
    instance_name: str | Unset = UNSET
    page_num: int | Unset = UNSET
    page_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        instance_ids: list[str] | Unset = UNSET
        if not isinstance(self.instance_ids, Unset):
            instance_ids = self.instance_ids

        zone_id = self.zone_id

        image_id = self.image_id

        instance_type = self.instance_type

        instance_status: str | Unset = UNSET
        if not isinstance(self.instance_status, Unset):
            instance_status = self.instance_status.value

        key_id = self.key_id

        instance_name = self.instance_name

        page_num = self.page_num

        page_size = self.page_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if instance_ids is not UNSET:
            field_dict["instanceIds"] = instance_ids
        if zone_id is not UNSET:
            field_dict["zoneId"] = zone_id
        if image_id is not UNSET:
            field_dict["imageId"] = image_id
        if instance_type is not UNSET:
            field_dict["instanceType"] = instance_type
        if instance_status is not UNSET:
            field_dict["instanceStatus"] = instance_status
        if key_id is not UNSET:
            field_dict["keyId"] = key_id
        if instance_name is not UNSET:
            field_dict["instanceName"] = instance_name
        if page_num is not UNSET:
            field_dict["pageNum"] = page_num
        if page_size is not UNSET:
            field_dict["pageSize"] = page_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        instance_ids = cast(list[str], d.pop("instanceIds", UNSET))

        zone_id = d.pop("zoneId", UNSET)

        image_id = d.pop("imageId", UNSET)

        instance_type = d.pop("instanceType", UNSET)

        _instance_status = d.pop("instanceStatus", UNSET)
        instance_status: InstanceStatus | Unset
        if isinstance(_instance_status, Unset):
            instance_status = UNSET
        else:
            instance_status = InstanceStatus(_instance_status)

        key_id = d.pop("keyId", UNSET)

        instance_name = d.pop("instanceName", UNSET)

        page_num = d.pop("pageNum", UNSET)

        page_size = d.pop("pageSize", UNSET)

        describe_instances_request = cls(
            instance_ids=instance_ids,
            zone_id=zone_id,
            image_id=image_id,
            instance_type=instance_type,
            instance_status=instance_status,
            key_id=key_id,
            instance_name=instance_name,
            page_num=page_num,
            page_size=page_size,
        )

        describe_instances_request.additional_properties = d
        return describe_instances_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
