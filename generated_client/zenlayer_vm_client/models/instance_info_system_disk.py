from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="InstanceInfoSystemDisk")


@_attrs_define
class InstanceInfoSystemDisk:
    """
    Attributes:
        disk_id (str | Unset):
        disk_size (int | Unset): GB.
    """

    disk_id: str | Unset = UNSET
    disk_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        disk_id = self.disk_id

        disk_size = self.disk_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if disk_id is not UNSET:
            field_dict["diskId"] = disk_id
        if disk_size is not UNSET:
            field_dict["diskSize"] = disk_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        disk_id = d.pop("diskId", UNSET)

        disk_size = d.pop("diskSize", UNSET)

        instance_info_system_disk = cls(
            disk_id=disk_id,
            disk_size=disk_size,
        )

        instance_info_system_disk.additional_properties = d
        return instance_info_system_disk

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
