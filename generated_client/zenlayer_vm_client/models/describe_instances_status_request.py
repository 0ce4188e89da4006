from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DescribeInstancesStatusRequest")


@_attrs_define
class DescribeInstancesStatusRequest:
    """
    Attributes:
        instance_ids (list[str] | Unset): The instances to describe, at most 100 ids; empty or absent means all
            instances.
        page_num (int | Unset): The page to return, from 1.
        page_size (int | Unset): Items per page, 1 to 1000.
    """

    instance_ids: list[str] | Unset = UNSET
    page_num: int | Unset = UNSET
    page_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        instance_ids: list[str] | Unset = UNSET
        if not isinstance(self.instance_ids, Unset):
            instance_ids = self.instance_ids

        page_num = self.page_num

        page_size = self.page_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if instance_ids is not UNSET:
            field_dict["instanceIds"] = instance_ids
        if page_num is not UNSET:
            field_dict["pageNum"] = page_num
        if page_size is not UNSET:
            field_dict["pageSize"] = page_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        instance_ids = cast(list[str], d.pop("instanceIds", UNSET))

        page_num = d.pop("pageNum", UNSET)

        page_size = d.pop("pageSize", UNSET)

        describe_instances_status_request = cls(
            instance_ids=instance_ids,
            page_num=page_num,
            page_size=page_size,
        )

        describe_instances_status_request.additional_properties = d
        return describe_instances_status_request

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
