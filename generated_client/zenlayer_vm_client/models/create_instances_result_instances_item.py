from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateInstancesResultInstancesItem")


@_attrs_define
class CreateInstancesResultInstancesItem:
    """
    Attributes:
        instance_id (str | Unset):
        disk_id_set (list[str] | Unset):
    """

    instance_id: str | Unset = UNSET
    disk_id_set: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        instance_id = self.instance_id

        disk_id_set: list[str] | Unset = UNSET
        if not isinstance(self.disk_id_set, Unset):
            disk_id_set = self.disk_id_set

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if instance_id is not UNSET:
            field_dict["instanceId"] = instance_id
        if disk_id_set is not UNSET:
            field_dict["diskIdSet"] = disk_id_set

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        instance_id = d.pop("instanceId", UNSET)

        disk_id_set = cast(list[str], d.pop("diskIdSet", UNSET))

        create_instances_result_instances_item = cls(
            instance_id=instance_id,
            disk_id_set=disk_id_set,
        )

        create_instances_result_instances_item.additional_properties = d
        return create_instances_result_instances_item

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
