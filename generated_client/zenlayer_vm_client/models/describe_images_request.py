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

T = TypeVar("T", bound="DescribeImagesRequest")


@_attrs_define
class DescribeImagesRequest:
    """
    Attributes:
        zone_id (str): The zone whose images to list. An unknown zone answers 404 `INVALID_ZONE_NOT_FOUND`.
        image_ids (list[str] | Unset): Only these images, at most 100 ids.
        image_name (str | Unset): Only images with exactly this name.
        category (ImageCategory | Unset):
        image_type (ImageType | Unset):
        os_type (OsType | Unset):
        image_status (ImageStatus | Unset):
        page_num (int | Unset): The page to return, from 1.
        page_size (int | Unset): Items per page, 1 to 1000.
    """

    zone_id: str
    image_ids: list[str] | Unset = UNSET
    image_name: str | Unset = UNSET
    category: ImageCategory | Unset = UNSET
    image_type: ImageType | Unset = UNSET
    os_type: OsType | Unset = UNSET
    image_status: ImageStatus | Unset = UNSET
    page_num: int | Unset = UNSET
    page_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        zone_id = self.zone_id

        image_ids: list[str] | Unset = UNSET
        if not isinstance(self.image_ids, Unset):
            image_ids = self.image_ids

        image_name = self.image_name

        category: str | Unset = UNSET
        if not isinstance(self.category, Unset):
            category = self.category.value

        image_type: str | Unset = UNSET
        if not isinstance(self.image_type, Unset):
            image_type = self.image_type.value

        os_type: str | Unset = UNSET
        if not isinstance(self.os_type, Unset):
            os_type = self.os_type.value

        image_status: str | Unset = UNSET
        if not isinstance(self.image_status, Unset):
            image_status = self.image_status.value

        page_num = self.page_num

        page_size = self.page_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "zoneId": zone_id,
            }
        )
        if image_ids is not UNSET:
            field_dict["imageIds"] = image_ids
        if image_name is not UNSET:
            field_dict["imageName"] = image_name
        if category is not UNSET:
            field_dict["category"] = category
        if image_type is not UNSET:
            field_dict["imageType"] = image_type
        if os_type is not UNSET:
            field_dict["osType"] = os_type
        if image_status is not UNSET:
            field_dict["imageStatus"] = image_status
        if page_num is not UNSET:
            field_dict["pageNum"] = page_num
        if page_size is not UNSET:
            field_dict["pageSize"] = page_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        zone_id = d.pop("zoneId")

        image_ids = cast(list[str], d.pop("imageIds", UNSET))

        image_name = d.pop("imageName", UNSET)

        _category = d.pop("category", UNSET)
        category: ImageCategory | Unset
        if isinstance(_category, Unset):
            category = UNSET
        else:
            category = ImageCategory(_category)

        _image_type = d.pop("imageType", UNSET)
        image_type: ImageType | Unset
        if isinstance(_image_type, Unset):
            image_type = UNSET
        else:
            image_type = ImageType(_image_type)

        _os_type = d.pop("osType", UNSET)
        os_type: OsType | Unset
        if isinstance(_os_type, Unset):
            os_type = UNSET
        else:
            os_type = OsType(_os_type)

        _image_status = d.pop("imageStatus", UNSET)
        image_status: ImageStatus | Unset
        if isinstance(_image_status, Unset):
            image_status = UNSET
        else:
            image_status = ImageStatus(_image_status)

        page_num = d.pop("pageNum", UNSET)

        page_size = d.pop("pageSize", UNSET)

        describe_images_request = cls(
            zone_id=zone_id,
            image_ids=image_ids,
            image_name=image_name,
            category=category,
            image_type=image_type,
            os_type=os_type,
            image_status=image_status,
            page_num=page_num,
            page_size=page_size,
        )

        describe_images_request.additional_properties = d
        return describe_images_request

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
