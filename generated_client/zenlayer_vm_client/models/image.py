from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.image_category import ImageCategory
from ..models.image_status import ImageStatus
from ..models.image_type import ImageType
from ..models.os_type import OsType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Image")


@_attrs_define
class Image:
    """
    Attributes:
        image_id (str | Unset):
        image_name (str | Unset):
        image_type (ImageType | str | Unset):
        image_size (str | Unset): The image's size in GB, as a decimal string (e.g. `"30"`). ResetInstance needs it to
            fit the system disk.
        image_description (None | str | Unset): A free-text description; may be null.
        image_version (str | Unset):
        image_status (ImageStatus | str | Unset):
        category (ImageCategory | str | Unset):
        os_type (OsType | str | Unset):
    """

    image_id: str | Unset = UNSET
    image_name: str | Unset = UNSET
    image_type: ImageType | str | Unset = UNSET
    image_size: str | Unset = UNSET
    image_description: None | str | Unset = UNSET
    image_version: str | Unset = UNSET
    image_status: ImageStatus | str | Unset = UNSET
    category: ImageCategory | str | Unset = UNSET
    os_type: OsType | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        image_id = self.image_id

        image_name = self.image_name

        image_type: str | Unset
        if isinstance(self.image_type, Unset):
            image_type = UNSET
        elif isinstance(self.image_type, ImageType):
            image_type = self.image_type.value
        else:
            image_type = self.image_type

        image_size = self.image_size

        image_description: None | str | Unset
        if isinstance(self.image_description, Unset):
            image_description = UNSET
        else:
            image_description = self.image_description

        image_version = self.image_version

        image_status: str | Unset
        if isinstance(self.image_status, Unset):
            image_status = UNSET
        elif isinstance(self.image_status, ImageStatus):
            image_status = self.image_status.value
        else:
            image_status = self.image_status

        category: str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        elif isinstance(self.category, ImageCategory):
            category = self.category.value
        else:
            category = self.category

        os_type: str | Unset
        if isinstance(self.os_type, Unset):
            os_type = UNSET
        elif isinstance(self.os_type, OsType):
            os_type = self.os_type.value
        else:
            os_type = self.os_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if image_id is not UNSET:
            field_dict["imageId"] = image_id
        if image_name is not UNSET:
            field_dict["imageName"] = image_name
        if image_type is not UNSET:
            field_dict["imageType"] = image_type
        if image_size is not UNSET:
            field_dict["imageSize"] = image_size
        if image_description is not UNSET:
            field_dict["imageDescription"] = image_description
        if image_version is not UNSET:
            field_dict["imageVersion"] = image_version
        if image_status is not UNSET:
            field_dict["imageStatus"] = image_status
        if category is not UNSET:
            field_dict["category"] = category
        if os_type is not UNSET:
            field_dict["osType"] = os_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        image_id = d.pop("imageId", UNSET)

        image_name = d.pop("imageName", UNSET)

        def _parse_image_type(data: object) -> ImageType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                image_type_type_0 = ImageType(data)

                return image_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImageType | str | Unset, data)

        image_type = _parse_image_type(d.pop("imageType", UNSET))

        image_size = d.pop("imageSize", UNSET)

        def _parse_image_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image_description = _parse_image_description(d.pop("imageDescription", UNSET))

        image_version = d.pop("imageVersion", UNSET)

        def _parse_image_status(data: object) -> ImageStatus | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                image_status_type_0 = ImageStatus(data)

                return image_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImageStatus | str | Unset, data)

        image_status = _parse_image_status(d.pop("imageStatus", UNSET))

        def _parse_category(data: object) -> ImageCategory | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                category_type_0 = ImageCategory(data)

                return category_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImageCategory | str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        def _parse_os_type(data: object) -> OsType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                os_type_type_0 = OsType(data)

                return os_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(OsType | str | Unset, data)

        os_type = _parse_os_type(d.pop("osType", UNSET))

        image = cls(
            image_id=image_id,
            image_name=image_name,
            image_type=image_type,
            image_size=image_size,
            image_description=image_description,
            image_version=image_version,
            image_status=image_status,
            category=category,
            os_type=os_type,
        )

        image.additional_properties = d
        return image

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
