from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.instance_status import InstanceStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.instance_info_system_disk import InstanceInfoSystemDisk


T = TypeVar("T", bound="InstanceInfo")


@_attrs_define
class InstanceInfo:
    """
    Attributes:
        instance_id (str | Unset): An instance id, as DescribeInstances returns it. Its format is the server's and is
            not
            checked here.
        instance_name (None | str | Unset):
        zone_id (str | Unset):
        instance_type (str | Unset):
        cpu_count (int | Unset): Virtual CPUs.
        memory (int | Unset): Memory in GB.
        image_id (str | Unset):
        image_name (None | str | Unset): The image's name; null when the image is gone.
        instance_status (InstanceStatus | str | Unset): The status; a value not yet in `InstanceStatus` is still valid
            (forward compatibility).
        instance_charge_type (str | Unset):
        create_time (str | Unset): When it was created, `YYYY-MM-DDTHH:MM:SSZ` (UTC).
        system_disk (InstanceInfoSystemDisk | Unset):
        key_id (None | str | Unset):
        public_ip_addresses (list[str] | Unset):
        private_ip_addresses (list[str] | Unset):
    """

    instance_id: str | Unset = UNSET
    instance_name: None | str | Unset = UNSET
    zone_id: str | Unset = UNSET
    instance_type: str | Unset = UNSET
    cpu_count: int | Unset = UNSET
    memory: int | Unset = UNSET
    image_id: str | Unset = UNSET
    image_name: None | str | Unset = UNSET
    instance_status: InstanceStatus | str | Unset = UNSET
    instance_charge_type: str | Unset = UNSET
    create_time: str | Unset = UNSET
    system_disk: InstanceInfoSystemDisk | Unset = UNSET
    key_id: None | str | Unset = UNSET
    public_ip_addresses: list[str] | Unset = UNSET
    private_ip_addresses: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        instance_id = self.instance_id

        instance_name: None | str | Unset
        if isinstance(self.instance_name, Unset):
            instance_name = UNSET
        else:
            instance_name = self.instance_name

        zone_id = self.zone_id

        instance_type = self.instance_type

        cpu_count = self.cpu_count

        memory = self.memory

        image_id = self.image_id

        image_name: None | str | Unset
        if isinstance(self.image_name, Unset):
            image_name = UNSET
        else:
            image_name = self.image_name

        instance_status: str | Unset
        if isinstance(self.instance_status, Unset):
            instance_status = UNSET
        elif isinstance(self.instance_status, InstanceStatus):
            instance_status = self.instance_status.value
        else:
            instance_status = self.instance_status

        instance_charge_type = self.instance_charge_type

        create_time = self.create_time

        system_disk: dict[str, Any] | Unset = UNSET
        if not isinstance(self.system_disk, Unset):
            system_disk = self.system_disk.to_dict()

        key_id: None | str | Unset
        if isinstance(self.key_id, Unset):
            key_id = UNSET
        else:
            key_id = self.key_id

        public_ip_addresses: list[str] | Unset = UNSET
        if not isinstance(self.public_ip_addresses, Unset):
            public_ip_addresses = self.public_ip_addresses

        private_ip_addresses: list[str] | Unset = UNSET
        if not isinstance(self.private_ip_addresses, Unset):
            private_ip_addresses = self.private_ip_addresses

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if instance_id is not UNSET:
            field_dict["instanceId"] = instance_id
        if instance_name is not UNSET:
            field_dict["instanceName"] = instance_name
        if zone_id is not UNSET:
            field_dict["zoneId"] = zone_id
        if instance_type is not UNSET:
            field_dict["instanceType"] = instance_type
        if cpu_count is not UNSET:
            field_dict["cpuCount"] = cpu_count
        if memory is not UNSET:
            field_dict["memory"] = memory
        if image_id is not UNSET:
            field_dict["imageId"] = image_id
        if image_name is not UNSET:
            field_dict["imageName"] = image_name
        if instance_status is not UNSET:
            field_dict["instanceStatus"] = instance_status
        if instance_charge_type is not UNSET:
            field_dict["instanceChargeType"] = instance_charge_type
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if system_disk is not UNSET:
            field_dict["systemDisk"] = system_disk
        if key_id is not UNSET:
            field_dict["keyId"] = key_id
        if public_ip_addresses is not UNSET:
            field_dict["publicIpAddresses"] = public_ip_addresses
        if private_ip_addresses is not UNSET:
            field_dict["privateIpAddresses"] = private_ip_addresses

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.instance_info_system_disk import InstanceInfoSystemDisk  # noqa: PLC0415

        d = dict(src_dict)
        instance_id = d.pop("instanceId", UNSET)

        def _parse_instance_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        instance_name = _parse_instance_name(d.pop("instanceName", UNSET))

        zone_id = d.pop("zoneId", UNSET)

        instance_type = d.pop("instanceType", UNSET)

        cpu_count = d.pop("cpuCount", UNSET)

        memory = d.pop("memory", UNSET)

        image_id = d.pop("imageId", UNSET)

        def _parse_image_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image_name = _parse_image_name(d.pop("imageName", UNSET))

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

        instance_charge_type = d.pop("instanceChargeType", UNSET)

        create_time = d.pop("createTime", UNSET)

        _system_disk = d.pop("systemDisk", UNSET)
        system_disk: InstanceInfoSystemDisk | Unset
        if isinstance(_system_disk, Unset):
            system_disk = UNSET
        else:
            system_disk = InstanceInfoSystemDisk.from_dict(_system_disk)

        def _parse_key_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        key_id = _parse_key_id(d.pop("keyId", UNSET))

        public_ip_addresses = cast(list[str], d.pop("publicIpAddresses", UNSET))

        private_ip_addresses = cast(list[str], d.pop("privateIpAddresses", UNSET))

        instance_info = cls(
            instance_id=instance_id,
            instance_name=instance_name,
            zone_id=zone_id,
            instance_type=instance_type,
            cpu_count=cpu_count,
            memory=memory,
            image_id=image_id,
            image_name=image_name,
            instance_status=instance_status,
            instance_charge_type=instance_charge_type,
            create_time=create_time,
            system_disk=system_disk,
            key_id=key_id,
            public_ip_addresses=public_ip_addresses,
            private_ip_addresses=private_ip_addresses,
        )

        instance_info.additional_properties = d
        return instance_info

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
