"""Requests that break one rule of the schema each, derived from the spec: for each operation, its first
request example with one field set to a value past one of its keywords. The contract suite sends them
(its targeted cases), and the spec's own tests count them as exercising each code."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from zenlayer_spec.document import JSON, dereference
from zenlayer_spec.request_check import BYTE_LIMIT_KEY, RequestChecker
from zenlayer_spec.spec import load_spec


# The bad values tried on each field of a request, by the schema keyword they break (the spec's own
# checker then says which code each earns): what a person would try at each limit.
def _candidates(field: Mapping[str, Any], valid: object) -> Iterator[object]:
    item = valid[0] if isinstance(valid, list) and valid else "x"
    declared = field.get("type")
    if declared is not None:
        yield 12345 if declared in ("string", "array", "boolean") else "not-a-number"  # of another type
    if isinstance(field.get("minItems"), int) and field["minItems"] > 0:
        yield [item] * (field["minItems"] - 1)
    if isinstance(field.get("maxItems"), int):
        yield [item] * (field["maxItems"] + 1)
    if isinstance(field.get("minLength"), int) and field["minLength"] > 0:
        yield "a" * (field["minLength"] - 1)
    if isinstance(field.get("maxLength"), int):
        yield "a" * (field["maxLength"] + 1)
    if isinstance(field.get("minimum"), int | float):
        yield field["minimum"] - 1
    if isinstance(field.get("maximum"), int | float):
        yield field["maximum"] + 1
    if "pattern" in field:
        yield from ("", "!", "A" * 8, "a" * 64, "Example+12345678")
    if "enum" in field:
        yield "NOT-ONE-OF-THE-VALUES"
    if isinstance(limit := field.get(BYTE_LIMIT_KEY), Mapping):
        yield "é" * (int(limit["limit"]) // 2 + 1)  # two bytes of UTF-8 each: one byte over


def derived_bodies() -> dict[tuple[str, str], JSON]:
    """(operationId, code) -> a body that earns it, derived from the schema keywords of each request
    field (required, type, minItems, maxItems, minLength, maxLength, minimum, maximum, pattern, enum, the
    byte limit):
    the operation's first example with one field broken, kept when the spec's own checker answers the
    code (or, for the byte limit, its extension check does). No recipe is keyed by an operation's name."""
    found: dict[tuple[str, str], JSON] = {}
    spec = load_spec()
    for operation_id, operation in spec.operations.items():
        checker = RequestChecker(spec.document, operation)
        example = spec.request_examples[operation_id][0]
        schema = dereference(spec.document, {"$ref": operation.request_schema_pointer})
        for name in schema.get("required") or []:
            missing = {key: value for key, value in example.items() if key != name}
            if violations := checker.schema_violations(missing):
                found.setdefault((operation_id, violations[0].code), missing)
        for name, raw in (schema.get("properties") or {}).items():
            field = dereference(spec.document, raw)
            for value in _candidates(field, example.get(name, field.get("default"))):
                body = {**example, name: value}
                violations = checker.schema_violations(body) or checker.extension_violations(body)
                if violations:
                    found.setdefault((operation_id, violations[0].code), body)
    return found
