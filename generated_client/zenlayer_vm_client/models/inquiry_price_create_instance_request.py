from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.inquiry_price_create_instance_request_instance_charge_type import (
    InquiryPriceCreateInstanceRequestInstanceChargeType,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.inquiry_price_create_instance_request_instance_charge_prepaid import (
        InquiryPriceCreateInstanceRequestInstanceChargePrepaid,
    )


T = TypeVar("T", bound="InquiryPriceCreateInstanceRequest")


@_attrs_define
class InquiryPriceCreateInstanceRequest:
    """
    Attributes:
        zone_id (str):
        image_id (str):
        instance_type (str):
        instance_count (int | Unset):  Default: 1.
        instance_charge_type (InquiryPriceCreateInstanceRequestInstanceChargeType | Unset):  Default:
            InquiryPriceCreateInstanceRequestInstanceChargeType.POSTPAID.
        instance_charge_prepaid (InquiryPriceCreateInstanceRequestInstanceChargePrepaid | Unset): With PREPAID, the
            period paid for.
    """

    zone_id: str
    image_id: str
    instance_type: str
    instance_count: int | Unset = UNSET
    instance_charge_type: InquiryPriceCreateInstanceRequestInstanceChargeType | Unset = UNSET
    instance_charge_prepaid: InquiryPriceCreateInstanceRequestInstanceChargePrepaid | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        zone_id = self.zone_id

        image_id = self.image_id

        instance_type = self.instance_type

        instance_count = self.instance_count

        instance_charge_type: str | Unset = UNSET
        if not isinstance(self.instance_charge_type, Unset):
            instance_charge_type = self.instance_charge_type.value

        instance_charge_prepaid: dict[str, Any] | Unset = UNSET
        if not isinstance(self.instance_charge_prepaid, Unset):
            instance_charge_prepaid = self.instance_charge_prepaid.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "zoneId": zone_id,
                "imageId": image_id,
                "instanceType": instance_type,
            }
        )
        if instance_count is not UNSET:
            field_dict["instanceCount"] = instance_count
        if instance_charge_type is not UNSET:
            field_dict["instanceChargeType"] = instance_charge_type
        if instance_charge_prepaid is not UNSET:
            field_dict["instanceChargePrepaid"] = instance_charge_prepaid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inquiry_price_create_instance_request_instance_charge_prepaid import (
            InquiryPriceCreateInstanceRequestInstanceChargePrepaid,  # noqa: PLC0415
        )

        d = dict(src_dict)
        zone_id = d.pop("zoneId")

        image_id = d.pop("imageId")

        instance_type = d.pop("instanceType")

        instance_count = d.pop("instanceCount", UNSET)

        _instance_charge_type = d.pop("instanceChargeType", UNSET)
        instance_charge_type: InquiryPriceCreateInstanceRequestInstanceChargeType | Unset
        if isinstance(_instance_charge_type, Unset):
            instance_charge_type = UNSET
        else:
            instance_charge_type = InquiryPriceCreateInstanceRequestInstanceChargeType(_instance_charge_type)

        _instance_charge_prepaid = d.pop("instanceChargePrepaid", UNSET)
        instance_charge_prepaid: InquiryPriceCreateInstanceRequestInstanceChargePrepaid | Unset
        if isinstance(_instance_charge_prepaid, Unset):
            instance_charge_prepaid = UNSET
        else:
            instance_charge_prepaid = InquiryPriceCreateInstanceRequestInstanceChargePrepaid.from_dict(
                _instance_charge_prepaid
            )

        inquiry_price_create_instance_request = cls(
            zone_id=zone_id,
            image_id=image_id,
            instance_type=instance_type,
            instance_count=instance_count,
            instance_charge_type=instance_charge_type,
            instance_charge_prepaid=instance_charge_prepaid,
        )

        inquiry_price_create_instance_request.additional_properties = d
        return inquiry_price_create_instance_request

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
