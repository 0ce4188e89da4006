from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ModifyInstancesAttributeRequest")


@_attrs_define
class ModifyInstancesAttributeRequest:
    """
    Attributes:
        instance_ids (list[str]): The instances to rename, 1 to 100 ids. Duplicates count once.
        instance_name (str): The new display name, 1 to 64 characters.
    """

    instance_ids: list[str]
    instance_name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        instance_ids = self.instance_ids

        instance_name = self.instance_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "instanceIds": instance_ids,
                "instanceName": instance_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        instance_ids = cast(list[str], d.pop("instanceIds"))

        instance_name = d.pop("instanceName")

        modify_instances_attribute_request = cls(
            instance_ids=instance_ids,
            instance_name=instance_name,
        )

        modify_instances_attribute_request.additional_properties = d
        return modify_instances_attribute_request

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
