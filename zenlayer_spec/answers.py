"""The JSON types a success answer may hold, field by field: what the generated client checks an answer
against (types only: enums and extra fields stay open, docs/contract.md §3)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zenlayer_spec.document import JSON, SpecError, dereference

_SHAPE_DEPTH = 16


def answer_shape(document: Mapping[str, Any], schema: JSON, where: str, depth: int = 0) -> dict[str, Any]:
    """The JSON types a response value may have, with those of its properties and items:
    {"t": types, "p": {name: shape}, "i": shape}. Only types: a response keeps every other rule open
    (new enum values, extra fields), and a missing required field already fails the model."""
    if depth > _SHAPE_DEPTH:
        raise SpecError(f"{where}: a response schema nests deeper than {_SHAPE_DEPTH}")
    schema = dereference(document, schema)
    types: set[str] = set()
    properties: dict[str, Any] = {}
    items: dict[str, Any] | None = None
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        inner = answer_shape(document, branch, f"{where}/anyOf", depth + 1)
        types |= set(inner.get("t", ()))
        properties.update(inner.get("p", {}))
        items = inner.get("i", items)
    declared = schema.get("type")
    if declared is not None:
        types |= set(declared) if isinstance(declared, list) else {declared}
    for name, field in schema.get("properties", {}).items():
        properties[name] = answer_shape(document, field, f"{where}/properties/{name}", depth + 1)
    if "items" in schema:
        items = answer_shape(document, schema["items"], f"{where}/items", depth + 1)
    shape: dict[str, Any] = {}
    if types:
        shape["t"] = tuple(sorted(types))
    if properties:
        shape["p"] = properties
    if items is not None:
        shape["i"] = items
    return shape
