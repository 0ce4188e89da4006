from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="InquiryPriceCreateInstanceRequestInstanceChargePrepaid")


@_attrs_define
class InquiryPriceCreateInstanceRequestInstanceChargePrepaid:
    """With PREPAID, the period paid for.

    Attributes:
        period (int | Unset): Months, 1 to 36; without it, a PREPAID price is for one month. Default: 1.
    """

    period: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        period = self.period

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if period is not UNSET:
            field_dict["period"] = period

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        period = d.pop("period", UNSET)

        inquiry_price_create_instance_request_instance_charge_prepaid = cls(
            period=period,
        )

        inquiry_price_create_instance_request_instance_charge_prepaid.additional_properties = d
        return inquiry_price_create_instance_request_instance_charge_prepaid

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
