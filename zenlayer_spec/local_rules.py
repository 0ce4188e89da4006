"""An operation's request rules as data for the generated client's local checks.

The same rules the mock enforces with `zenlayer_spec.request_check` (one engine, one message table:
`request_check.MESSAGES`), put in the shape the client's small interpreter reads: per field the
keywords it enforces, its own code, whether it is secret, its UTF-8 byte limit. A keyword the client
cannot check stops generation with the schema location, rather than being silently skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from zenlayer_spec.document import JSON, SpecError, dereference, resolve_pointer
from zenlayer_spec.operations import Operation
from zenlayer_spec.patterns import python_pattern
from zenlayer_spec.request_check import BYTE_LIMIT_KEY, ERROR_CODE_KEY, JSON_SCHEMA_ANNOTATIONS, SECRET_KEY

# JSON Schema keyword -> the client's rule field that enforces it (the client's FieldRule has these).
RULE_FIELDS: Mapping[str, str] = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "minimum": "minimum",
    "maximum": "maximum",
    "minItems": "min_items",
    "maxItems": "max_items",
}
CHECKED_KEYWORDS = frozenset({*RULE_FIELDS, "type", "pattern", "allOf", "enum", "items", "properties"})
_BODY_KEYWORDS = frozenset({"type", "required", "properties", "not", "description", "title", "examples"})


def _field_rule(document: Mapping[str, JSON], schema: JSON, where: str) -> dict[str, Any]:
    schema = dereference(document, schema)
    rule: dict[str, Any] = {}
    for keyword, value in schema.items():
        if keyword.startswith("x-") or keyword in JSON_SCHEMA_ANNOTATIONS:
            continue
        if keyword not in CHECKED_KEYWORDS:
            raise SpecError(f"{where}: keyword {keyword!r} has no local check; teach zenlayer_spec/local_rules.py it")
        if keyword == "items":
            rule["items"] = _field_rule(document, value, f"{where}/items")
        elif keyword == "properties":  # an object field's own fields (InquiryPriceCreateInstance's period)
            rule["properties"] = {
                str(name): _field_rule(document, child, f"{where}/properties/{name}") for name, child in value.items()
            }
        elif keyword == "type":
            rule["types"] = tuple(value) if isinstance(value, list) else (value,)
        elif keyword == "enum":
            rule["enum"] = tuple(value)
        elif keyword == "pattern":
            rule["patterns"] = (*rule.get("patterns", ()), _pattern(value, schema.get("title")))
        elif keyword == "allOf":
            rule["patterns"] = (*rule.get("patterns", ()), *_member_patterns(document, value, f"{where}/allOf"))
        else:
            rule[RULE_FIELDS[keyword]] = value
    if ERROR_CODE_KEY in schema:
        rule["code"] = schema[ERROR_CODE_KEY]
    if schema.get(SECRET_KEY):
        rule["secret"] = True
    if BYTE_LIMIT_KEY in schema:
        rule["max_utf8_bytes"] = schema[BYTE_LIMIT_KEY]["limit"]
        rule["max_utf8_bytes_code"] = schema[BYTE_LIMIT_KEY]["code"]
    return rule


def _pattern(ecma: str, title: str | None) -> tuple[str, str | None]:
    """(the pattern in Python's terms, the words a breach is reported in: the schema's title, if any)."""
    translated = python_pattern(ecma)
    re.compile(translated, re.ASCII)  # a pattern Python cannot compile fails here, at generation time
    return translated, title


def _member_patterns(document: Mapping[str, JSON], members: JSON, where: str) -> list[tuple[str, str | None]]:
    """`allOf` of patterns (one part of a rule each, with its title): the only `allOf` the client checks."""
    found = []
    for index, member in enumerate(members if isinstance(members, list) else []):
        member = dereference(document, member)
        keywords = {key for key in member if not key.startswith("x-") and key not in JSON_SCHEMA_ANNOTATIONS}
        if keywords != {"pattern"}:
            raise SpecError(f"{where}/{index}: only an `allOf` of patterns has a local check, not {sorted(keywords)}")
        found.append(_pattern(member["pattern"], member.get("title")))
    return found


def local_rules(document: Mapping[str, JSON], operation: Operation) -> dict[str, Any]:
    """{"required": (...), "fields": {name: rule}, "exclusive": ((name, ...), ...)} for one operation."""
    pointer = operation.request_schema_pointer
    schema = dereference(document, resolve_pointer(document, pointer))
    unknown = {key for key in schema if not key.startswith("x-")} - _BODY_KEYWORDS
    if unknown:
        raise SpecError(f"{pointer}: keywords {sorted(unknown)} have no local check")
    exclusive: list[tuple[str, ...]] = []
    if "not" in schema:
        forbidden = schema["not"]
        if set(forbidden) - {"required", "description"}:
            raise SpecError(f"{pointer}/not: only `not: {{required: [...]}}` has a local check")
        exclusive.append(tuple(forbidden["required"]))
    fields = {
        name: _field_rule(document, field, f"{pointer}/properties/{name}")
        for name, field in schema.get("properties", {}).items()
    }
    return {"required": tuple(schema.get("required", ())), "fields": fields, "exclusive": tuple(exclusive)}
