from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PriceItem")


@_attrs_define
class PriceItem:
    """
    Attributes:
        discount (float | Unset):
        original_price (float | None | Unset):
        discount_price (float | None | Unset):
        unit_price (float | None | Unset):
        discount_unit_price (float | None | Unset):
        charge_unit (None | str | Unset):
    """

    discount: float | Unset = UNSET
    original_price: float | None | Unset = UNSET
    discount_price: float | None | Unset = UNSET
    unit_price: float | None | Unset = UNSET
    discount_unit_price: float | None | Unset = UNSET
    charge_unit: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        discount = self.discount

        original_price: float | None | Unset
        if isinstance(self.original_price, Unset):
            original_price = UNSET
        else:
            original_price = self.original_price

        discount_price: float | None | Unset
        if isinstance(self.discount_price, Unset):
            discount_price = UNSET
        else:
            discount_price = self.discount_price

        unit_price: float | None | Unset
        if isinstance(self.unit_price, Unset):
            unit_price = UNSET
        else:
            unit_price = self.unit_price

        discount_unit_price: float | None | Unset
        if isinstance(self.discount_unit_price, Unset):
            discount_unit_price = UNSET
        else:
            discount_unit_price = self.discount_unit_price

        charge_unit: None | str | Unset
        if isinstance(self.charge_unit, Unset):
            charge_unit = UNSET
        else:
            charge_unit = self.charge_unit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if discount is not UNSET:
            field_dict["discount"] = discount
        if original_price is not UNSET:
            field_dict["originalPrice"] = original_price
        if discount_price is not UNSET:
            field_dict["discountPrice"] = discount_price
        if unit_price is not UNSET:
            field_dict["unitPrice"] = unit_price
        if discount_unit_price is not UNSET:
            field_dict["discountUnitPrice"] = discount_unit_price
        if charge_unit is not UNSET:
            field_dict["chargeUnit"] = charge_unit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        discount = d.pop("discount", UNSET)

        def _parse_original_price(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        original_price = _parse_original_price(d.pop("originalPrice", UNSET))

        def _parse_discount_price(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        discount_price = _parse_discount_price(d.pop("discountPrice", UNSET))

        def _parse_unit_price(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        unit_price = _parse_unit_price(d.pop("unitPrice", UNSET))

        def _parse_discount_unit_price(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        discount_unit_price = _parse_discount_unit_price(d.pop("discountUnitPrice", UNSET))

        def _parse_charge_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        charge_unit = _parse_charge_unit(d.pop("chargeUnit", UNSET))

        price_item = cls(
            discount=discount,
            original_price=original_price,
            discount_price=discount_price,
            unit_price=unit_price,
            discount_unit_price=discount_unit_price,
            charge_unit=charge_unit,
        )

        price_item.additional_properties = d
        return price_item

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
