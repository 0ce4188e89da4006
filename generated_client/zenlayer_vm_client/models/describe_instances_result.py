from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.instance_info import InstanceInfo


T = TypeVar("T", bound="DescribeInstancesResult")


@_attrs_define
class DescribeInstancesResult:
    """What a successful DescribeInstances holds inside its envelope (`response`); the client's `sync` returns it.

    Attributes:
        request_id (str): The unique id of this request; quote it when reporting a problem.
        total_count (int | Unset): How many instances match, over all pages.
        data_set (list[InstanceInfo] | Unset):
    """

    request_id: str
    total_count: int | Unset = UNSET
    data_set: list[InstanceInfo] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        total_count = self.total_count

        data_set: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.data_set, Unset):
            data_set = []
            for data_set_item_data in self.data_set:
                data_set_item = data_set_item_data.to_dict()
                data_set.append(data_set_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requestId": request_id,
            }
        )
        if total_count is not UNSET:
            field_dict["totalCount"] = total_count
        if data_set is not UNSET:
            field_dict["dataSet"] = data_set

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.instance_info import InstanceInfo  # noqa: PLC0415

        d = dict(src_dict)
        request_id = d.pop("requestId")

        total_count = d.pop("totalCount", UNSET)

        _data_set = d.pop("dataSet", UNSET)
        data_set: list[InstanceInfo] | Unset = UNSET
        if _data_set is not UNSET:
            data_set = []
            for data_set_item_data in _data_set:
                data_set_item = InstanceInfo.from_dict(data_set_item_data)

                data_set.append(data_set_item)

        describe_instances_result = cls(
            request_id=request_id,
            total_count=total_count,
            data_set=data_set,
        )

        describe_instances_result.additional_properties = d
        return describe_instances_result

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
