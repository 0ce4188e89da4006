"""An operation's request fields as a command line needs them: name, JSON type, whether required,
the help text, the choices, the default and whether the value is a secret."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from zenlayer_spec.document import JSON, dereference, resolve_pointer
from zenlayer_spec.operations import Operation
from zenlayer_spec.request_check import SECRET_KEY


@attrs.frozen
class RequestField:
    name: str  # the JSON name
    json_type: str  # string, integer, number, boolean, array
    item_type: str | None  # for arrays
    required: bool
    description: str
    choices: tuple[str, ...] | None
    default: JSON
    secret: bool


def _type_of(schema: Mapping[str, JSON]) -> str:
    kind = schema.get("type", "string")
    return str(kind[0] if isinstance(kind, list) else kind)


def request_fields(document: Mapping[str, JSON], operation: Operation) -> tuple[RequestField, ...]:
    body = dereference(document, resolve_pointer(document, operation.request_schema_pointer))
    required = set(body.get("required", []))
    fields = []
    for name, raw in (body.get("properties") or {}).items():
        schema = dereference(document, raw)
        items = dereference(document, schema.get("items", {})) if _type_of(schema) == "array" else None
        enum = schema.get("enum")
        fields.append(
            RequestField(
                name=str(name),
                json_type=_type_of(schema),
                item_type=_type_of(items) if items is not None else None,
                required=name in required,
                description=" ".join(str(schema.get("description", "")).split()),
                choices=tuple(str(value) for value in enum) if isinstance(enum, list) else None,
                default=schema.get("default"),
                secret=bool(schema.get(SECRET_KEY)),
            )
        )
    return tuple(fields)
