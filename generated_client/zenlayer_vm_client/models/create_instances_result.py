from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_instances_result_instances_item import CreateInstancesResultInstancesItem


T = TypeVar("T", bound="CreateInstancesResult")


@_attrs_define
class CreateInstancesResult:
    """
    Attributes:
        request_id (str): The unique id of this request; quote it when reporting a problem.
        instance_id_set (list[str]): The new instances' ids, in order.
        order_number (str | Unset): The order the creation was billed under.
        instances (list[CreateInstancesResultInstancesItem] | Unset): Per new instance, its data disks (empty without
            data disks).
    """

    request_id: str
    instance_id_set: list[str]
    order_number: str | Unset = UNSET
    instances: list[CreateInstancesResultInstancesItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        instance_id_set = self.instance_id_set

        order_number = self.order_number

        instances: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.instances, Unset):
            instances = []
            for instances_item_data in self.instances:
                instances_item = instances_item_data.to_dict()
                instances.append(instances_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requestId": request_id,
                "instanceIdSet": instance_id_set,
            }
        )
        if order_number is not UNSET:
            field_dict["orderNumber"] = order_number
        if instances is not UNSET:
            field_dict["instances"] = instances

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_instances_result_instances_item import CreateInstancesResultInstancesItem  # noqa: PLC0415

        d = dict(src_dict)
        request_id = d.pop("requestId")

        instance_id_set = cast(list[str], d.pop("instanceIdSet"))

        order_number = d.pop("orderNumber", UNSET)

        _instances = d.pop("instances", UNSET)
        instances: list[CreateInstancesResultInstancesItem] | Unset = UNSET
        if _instances is not UNSET:
            instances = []
            for instances_item_data in _instances:
                instances_item = CreateInstancesResultInstancesItem.from_dict(instances_item_data)

                instances.append(instances_item)

        create_instances_result = cls(
            request_id=request_id,
            instance_id_set=instance_id_set,
            order_number=order_number,
            instances=instances,
        )

        create_instances_result.additional_properties = d
        return create_instances_result

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
