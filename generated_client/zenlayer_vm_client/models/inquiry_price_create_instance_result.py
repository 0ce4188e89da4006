from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.price_item import PriceItem


T = TypeVar("T", bound="InquiryPriceCreateInstanceResult")


@_attrs_define
class InquiryPriceCreateInstanceResult:
    """
    Attributes:
        request_id (str): The unique id of this request; quote it when reporting a problem.
        instance_price (PriceItem | Unset):
        bandwidth_price (None | PriceItem | Unset):
        eip_price (None | PriceItem | Unset):
        system_disk_price (None | PriceItem | Unset):
        data_disk_price (None | PriceItem | Unset):
    """

    request_id: str
    instance_price: PriceItem | Unset = UNSET
    bandwidth_price: None | PriceItem | Unset = UNSET
    eip_price: None | PriceItem | Unset = UNSET
    system_disk_price: None | PriceItem | Unset = UNSET
    data_disk_price: None | PriceItem | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.price_item import PriceItem  # noqa: PLC0415

        request_id = self.request_id

        instance_price: dict[str, Any] | Unset = UNSET
        if not isinstance(self.instance_price, Unset):
            instance_price = self.instance_price.to_dict()

        bandwidth_price: dict[str, Any] | None | Unset
        if isinstance(self.bandwidth_price, Unset):
            bandwidth_price = UNSET
        elif isinstance(self.bandwidth_price, PriceItem):
            bandwidth_price = self.bandwidth_price.to_dict()
        else:
            bandwidth_price = self.bandwidth_price

        eip_price: dict[str, Any] | None | Unset
        if isinstance(self.eip_price, Unset):
            eip_price = UNSET
        elif isinstance(self.eip_price, PriceItem):
            eip_price = self.eip_price.to_dict()
        else:
            eip_price = self.eip_price

        system_disk_price: dict[str, Any] | None | Unset
        if isinstance(self.system_disk_price, Unset):
            system_disk_price = UNSET
        elif isinstance(self.system_disk_price, PriceItem):
            system_disk_price = self.system_disk_price.to_dict()
        else:
            system_disk_price = self.system_disk_price

        data_disk_price: dict[str, Any] | None | Unset
        if isinstance(self.data_disk_price, Unset):
            data_disk_price = UNSET
        elif isinstance(self.data_disk_price, PriceItem):
            data_disk_price = self.data_disk_price.to_dict()
        else:
            data_disk_price = self.data_disk_price

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requestId": request_id,
            }
        )
        if instance_price is not UNSET:
            field_dict["instancePrice"] = instance_price
        if bandwidth_price is not UNSET:
            field_dict["bandwidthPrice"] = bandwidth_price
        if eip_price is not UNSET:
            field_dict["eipPrice"] = eip_price
        if system_disk_price is not UNSET:
            field_dict["systemDiskPrice"] = system_disk_price
        if data_disk_price is not UNSET:
            field_dict["dataDiskPrice"] = data_disk_price

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.price_item import PriceItem  # noqa: PLC0415

        d = dict(src_dict)
        request_id = d.pop("requestId")

        _instance_price = d.pop("instancePrice", UNSET)
        instance_price: PriceItem | Unset
        if isinstance(_instance_price, Unset):
            instance_price = UNSET
        else:
            instance_price = PriceItem.from_dict(_instance_price)

        def _parse_bandwidth_price(data: object) -> None | PriceItem | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                bandwidth_price_type_0 = PriceItem.from_dict(data)

                return bandwidth_price_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PriceItem | Unset, data)

        bandwidth_price = _parse_bandwidth_price(d.pop("bandwidthPrice", UNSET))

        def _parse_eip_price(data: object) -> None | PriceItem | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                eip_price_type_0 = PriceItem.from_dict(data)

                return eip_price_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PriceItem | Unset, data)

        eip_price = _parse_eip_price(d.pop("eipPrice", UNSET))

        def _parse_system_disk_price(data: object) -> None | PriceItem | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                system_disk_price_type_0 = PriceItem.from_dict(data)

                return system_disk_price_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PriceItem | Unset, data)

        system_disk_price = _parse_system_disk_price(d.pop("systemDiskPrice", UNSET))

        def _parse_data_disk_price(data: object) -> None | PriceItem | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_disk_price_type_0 = PriceItem.from_dict(data)

                return data_disk_price_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PriceItem | Unset, data)

        data_disk_price = _parse_data_disk_price(d.pop("dataDiskPrice", UNSET))

        inquiry_price_create_instance_result = cls(
            request_id=request_id,
            instance_price=instance_price,
            bandwidth_price=bandwidth_price,
            eip_price=eip_price,
            system_disk_price=system_disk_price,
            data_disk_price=data_disk_price,
        )

        inquiry_price_create_instance_result.additional_properties = d
        return inquiry_price_create_instance_result

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
