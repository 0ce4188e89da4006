from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.service_unavailable_error_code import ServiceUnavailableErrorCode

T = TypeVar("T", bound="ServiceUnavailableError")


@_attrs_define
class ServiceUnavailableError:
    """
    Attributes:
        request_id (str): The unique id of this request; quote it when reporting a problem.
        code (ServiceUnavailableErrorCode): The error code; the contract. See `x-zc-error-codes` for what each means.
        message (str): A human-readable explanation; may change, never parse it.
    """

    request_id: str
    code: ServiceUnavailableErrorCode
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        code = self.code.value

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requestId": request_id,
                "code": code,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        request_id = d.pop("requestId")

        code = ServiceUnavailableErrorCode(d.pop("code"))

        message = d.pop("message")

        service_unavailable_error = cls(
            request_id=request_id,
            code=code,
            message=message,
        )

        service_unavailable_error.additional_properties = d
        return service_unavailable_error

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
