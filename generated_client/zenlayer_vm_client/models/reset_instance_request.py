from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ResetInstanceRequest")


@_attrs_define
class ResetInstanceRequest:
    """What to reinstall. `password` and `keyId` are mutually exclusive (both given answers 400
    `INVALID_PARAMETER_VALUE`); with neither, a random password is mailed.

        Attributes:
            instance_id (str): An instance id, as DescribeInstances returns it. Its format is the server's and is not
                checked here.
            password (str | Unset): The login password: 8 to 16 characters, only from `a-z`, `A-Z`, `0-9` and
                ``!@#$%^&*`~()-+=``, with at least one character of each of these four groups. Any breach
                answers 400 `INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED` (`x-zc-error-code`). Mutually exclusive
                with `keyId`. A secret: never logged or echoed.
            key_id (str | Unset): SSH key pair id, created in the console (for example `key-YWD2QFOl`). Not supported for
                Windows
                images (400 `INVALID_PARAMETER_VALUE`); an unknown key answers 404
                `OPERATION_FAILED_RESOURCE_NOT_FOUND`. Mutually exclusive with `password`.
            image_id (str | Unset): The image to install, from DescribeImages. When absent, the instance's current image is
                reinstalled. It must be offered in the instance's zone (else 404 `INVALID_IMAGE_NOT_FOUND`)
                and fit its system disk (else 404 `INVALID_IMAGE_SIZE_EXCEED`).
            instance_name (str | Unset): The instance name to display. 1 to 64 characters (a project rule; the vendor
                documents no limit).
            wan_name (str | Unset): Public NIC name; a lowercase letter, then 3 to 14 lowercase letters or digits.
            lan_name (str | Unset): Private NIC name; a lowercase letter, then 3 to 14 lowercase letters or digits.
            init_script (str | Unset): An initialization script run at first boot. At most 32 KiB = 32,768 bytes of UTF-8
                (`x-zc-max-utf8-bytes`; over it answers 403 `INVALID_REGION_SCRIPT_EXCEED_LENGTH`, a business
                answer rather than a schema error, since `maxLength` counts characters). Only in zones that
                support scripts (else 403 `INVALID_REGION_SCRIPT_NOT_SUPPORT`).
    """

    instance_id: str
    password: str | Unset = _attrs_field(default=UNSET, repr=False)
    key_id: str | Unset = UNSET
    image_id: str | Unset = UNSET
    instance_name: str | Unset = UNSET
    wan_name: str | Unset = UNSET
    lan_name: str | Unset = UNSET
    init_script: str | Unset = _attrs_field(default=UNSET, repr=False)
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        instance_id = self.instance_id

        password = self.password

        key_id = self.key_id

        image_id = self.image_id

        instance_name = self.instance_name

        wan_name = self.wan_name

        lan_name = self.lan_name

        init_script = self.init_script

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "instanceId": instance_id,
            }
        )
        if password is not UNSET:
            field_dict["password"] = password
        if key_id is not UNSET:
            field_dict["keyId"] = key_id
        if image_id is not UNSET:
            field_dict["imageId"] = image_id
        if instance_name is not UNSET:
            field_dict["instanceName"] = instance_name
        if wan_name is not UNSET:
            field_dict["wanName"] = wan_name
        if lan_name is not UNSET:
            field_dict["lanName"] = lan_name
        if init_script is not UNSET:
            field_dict["initScript"] = init_script

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        instance_id = d.pop("instanceId")

        password = d.pop("password", UNSET)

        key_id = d.pop("keyId", UNSET)

        image_id = d.pop("imageId", UNSET)

        instance_name = d.pop("instanceName", UNSET)

        wan_name = d.pop("wanName", UNSET)

        lan_name = d.pop("lanName", UNSET)

        init_script = d.pop("initScript", UNSET)

        reset_instance_request = cls(
            instance_id=instance_id,
            password=password,
            key_id=key_id,
            image_id=image_id,
            instance_name=instance_name,
            wan_name=wan_name,
            lan_name=lan_name,
            init_script=init_script,
        )

        reset_instance_request.additional_properties = d
        return reset_instance_request

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
