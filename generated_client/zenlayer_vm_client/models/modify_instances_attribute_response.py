from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.accepted_response import AcceptedResponse


T = TypeVar("T", bound="ModifyInstancesAttributeResponse")


@_attrs_define
class ModifyInstancesAttributeResponse:
    """
    Attributes:
        request_id (str): The unique id of this request; quote it when reporting a problem.
        response (AcceptedResponse): The body of an accepted asynchronous action; it carries only the request id.
    """

    request_id: str
    response: AcceptedResponse
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        response = self.response.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requestId": request_id,
                "response": response,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.accepted_response import AcceptedResponse  # noqa: PLC0415

        d = dict(src_dict)
        request_id = d.pop("requestId")

        response = AcceptedResponse.from_dict(d.pop("response"))

        modify_instances_attribute_response = cls(
            request_id=request_id,
            response=response,
        )

        modify_instances_attribute_response.additional_properties = d
        return modify_instances_attribute_response

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
