"""Requests that break one rule of the schema each, derived from the spec: for each operation, its first
request example with one field set to a value past one of its keywords. The contract suite sends them
(its targeted cases), and the spec's own tests count them as exercising each code."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from zenlayer_spec.document import JSON, dereference
from zenlayer_spec.patterns import python_pattern
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


@attrs.frozen
class PartCase:
    """A request that breaks one part of a rule stated in parts (an `allOf` member) and no other rule."""

    operation_id: str
    field: str
    pointer: str  # the part's place in the spec
    title: str
    body: JSON
    code: str


def _without_part(value: str, part: re.Pattern[str], minimum: int) -> Iterator[str]:
    """Values near `value` that `part` does not accept: what matched it taken out (the rest repeated up
    to the minimum length), or one character swapped for one no class of a password holds."""
    rest = "".join(character for character in value if not part.search(character))
    if rest:
        yield (rest * (minimum // len(rest) + 1))[: max(minimum, len(rest))]
    for outsider in (" ", "é", "_", "?"):
        yield value[:-1] + outsider


def part_cases() -> list[PartCase]:
    """For every request field whose rule is stated in parts (`allOf` of patterns), one case per part:
    the operation's first example with that field changed so that the part alone fails (checked with
    the spec's own checker, which must answer the field's code). Schemathesis's coverage phase draws a
    value that breaks a pattern as a whole, not each part."""
    found: list[PartCase] = []
    spec = load_spec()
    for operation_id, operation in spec.operations.items():
        checker = RequestChecker(spec.document, operation)
        example = spec.request_examples[operation_id][0]
        schema = dereference(spec.document, {"$ref": operation.request_schema_pointer})
        for name, raw in (schema.get("properties") or {}).items():
            field = dereference(spec.document, raw)
            members = field.get("allOf") or []
            valid = example.get(name)
            if not isinstance(valid, str) or not members:
                continue
            base = raw.get("$ref", f"{operation.request_schema_pointer}/properties/{name}")
            compiled = [re.compile(python_pattern(member.get("pattern", ""))) for member in members]
            for index, member in enumerate(members):
                for value in _without_part(valid, compiled[index], int(field.get("minLength", 0))):
                    others = [part.search(value) for position, part in enumerate(compiled) if position != index]
                    if compiled[index].search(value) or not all(others) or not _in_length(field, value):
                        continue
                    violations = checker.schema_violations({**example, name: value})
                    if [(v.field, v.rule) for v in violations] == [(name, "pattern")]:
                        title = str(member.get("title", member.get("pattern")))
                        found.append(
                            PartCase(
                                operation_id,
                                name,
                                f"{base}/allOf/{index}",
                                title,
                                {**example, name: value},
                                violations[0].code,
                            )
                        )
                        break
    return found


def _in_length(field: Mapping[str, Any], value: str) -> bool:
    return int(field.get("minLength", 0)) <= len(value) <= int(field.get("maxLength", len(value)))
