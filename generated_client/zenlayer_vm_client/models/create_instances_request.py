from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_instances_request_instance_charge_type import CreateInstancesRequestInstanceChargeType
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateInstancesRequest")


@_attrs_define
class CreateInstancesRequest:
    """What to create. `password` and `keyId` are mutually exclusive (both given answers 400
    `INVALID_PARAMETER_VALUE`). Other vendor fields (disks, networks, ...) are accepted and ignored.

        Attributes:
            zone_id (str): The zone to create in (else 404 `INVALID_ZONE_NOT_FOUND`).
            image_id (str): The image to install; offered in the zone (else 404 `INVALID_IMAGE_NOT_FOUND`).
            instance_type (str): The instance type; sold in the zone (else 400 `INVALID_PARAMETER_VALUE`).
            instance_name (str | Unset): The name of every instance of the batch; default each its own id. 1 to 64
                characters.
            password (str | Unset): The login password: 8 to 16 characters, only from `a-z`, `A-Z`, `0-9` and
                ``!@#$%^&*`~()-+=``, with at least one character of each of these four groups. Any breach
                answers 400 `INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED` (`x-zc-error-code`). Mutually exclusive
                with `keyId`. A secret: never logged or echoed.
            key_id (str | Unset): SSH key pair id (an unknown key answers 404 `OPERATION_FAILED_RESOURCE_NOT_FOUND`; not
                with Windows images).
            instance_count (int | Unset): How many instances, 1 to 100. Default: 1.
            init_script (str | Unset): An initialization script run at first boot; at most 32,768 bytes of UTF-8, in zones
                that support scripts.
            instance_charge_type (CreateInstancesRequestInstanceChargeType | Unset): How the instances are paid for.
                Default: CreateInstancesRequestInstanceChargeType.POSTPAID.
    """

    zone_id: str
    image_id: str
    instance_type: str
    instance_name: str | Unset = UNSET
    password: str | Unset = _attrs_field(default=UNSET, repr=False)
    key_id: str | Unset = UNSET
    instance_count: int | Unset = UNSET
    init_script: str | Unset = _attrs_field(default=UNSET, repr=False)
    instance_charge_type: CreateInstancesRequestInstanceChargeType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        zone_id = self.zone_id

        image_id = self.image_id

        instance_type = self.instance_type

        instance_name = self.instance_name

        password = self.password

        key_id = self.key_id

        instance_count = self.instance_count

        init_script = self.init_script

        instance_charge_type: str | Unset = UNSET
        if not isinstance(self.instance_charge_type, Unset):
            instance_charge_type = self.instance_charge_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "zoneId": zone_id,
                "imageId": image_id,
                "instanceType": instance_type,
            }
        )
        if instance_name is not UNSET:
            field_dict["instanceName"] = instance_name
        if password is not UNSET:
            field_dict["password"] = password
        if key_id is not UNSET:
            field_dict["keyId"] = key_id
        if instance_count is not UNSET:
            field_dict["instanceCount"] = instance_count
        if init_script is not UNSET:
            field_dict["initScript"] = init_script
        if instance_charge_type is not UNSET:
            field_dict["instanceChargeType"] = instance_charge_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        zone_id = d.pop("zoneId")

        image_id = d.pop("imageId")

        instance_type = d.pop("instanceType")

        instance_name = d.pop("instanceName", UNSET)

        password = d.pop("password", UNSET)

        key_id = d.pop("keyId", UNSET)

        instance_count = d.pop("instanceCount", UNSET)

        init_script = d.pop("initScript", UNSET)

        _instance_charge_type = d.pop("instanceChargeType", UNSET)
        instance_charge_type: CreateInstancesRequestInstanceChargeType | Unset
        if isinstance(_instance_charge_type, Unset):
            instance_charge_type = UNSET
        else:
            instance_charge_type = CreateInstancesRequestInstanceChargeType(_instance_charge_type)

        create_instances_request = cls(
            zone_id=zone_id,
            image_id=image_id,
            instance_type=instance_type,
            instance_name=instance_name,
            password=password,
            key_id=key_id,
            instance_count=instance_count,
            init_script=init_script,
            instance_charge_type=instance_charge_type,
        )

        create_instances_request.additional_properties = d
        return create_instances_request

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
