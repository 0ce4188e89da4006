from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.instance_status import InstanceStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="InstanceStatusEntry")


@_attrs_define
class InstanceStatusEntry:
    """
    Attributes:
        instance_id (str | Unset): An instance id, as DescribeInstances returns it. Its format is the server's and is
            not
            checked here.
        instance_status (InstanceStatus | str | Unset): The status; a value not yet in `InstanceStatus` is still valid
            (forward compatibility).
    """

    instance_id: str | Unset = UNSET
    instance_status: InstanceStatus | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        instance_id = self.instance_id

        instance_status: str | Unset
        if isinstance(self.instance_status, Unset):
            instance_status = UNSET
        elif isinstance(self.instance_status, InstanceStatus):
            instance_status = self.instance_status.value
        else:
            instance_status = self.instance_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if instance_id is not UNSET:
            field_dict["instanceId"] = instance_id
        if instance_status is not UNSET:
            field_dict["instanceStatus"] = instance_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        instance_id = d.pop("instanceId", UNSET)

        def _parse_instance_status(data: object) -> InstanceStatus | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                instance_status_type_0 = InstanceStatus(data)

                return instance_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InstanceStatus | str | Unset, data)

        instance_status = _parse_instance_status(d.pop("instanceStatus", UNSET))

        instance_status_entry = cls(
            instance_id=instance_id,
            instance_status=instance_status,
        )

        instance_status_entry.additional_properties = d
        return instance_status_entry

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
