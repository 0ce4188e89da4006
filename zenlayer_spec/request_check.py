"""Check a request body against an operation's request schema and the spec's extensions, and say
which error code (and HTTP status) each breach is answered with.

The mapping is the spec's, never a hand-kept list: the code of a broken keyword comes from
`x-zc-schema-error-codes`, a schema may override it with `x-zc-error-code`, a byte limit comes from
`x-zc-max-utf8-bytes`, and every code's HTTP status from `x-zc-error-codes`. Messages never echo the
value of a field marked `x-zc-secret`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
import jsonschema_rs

from zenlayer_spec.document import JSON, dereference, resolve_pointer
from zenlayer_spec.errors import ErrorCode, KeywordCodes, error_catalogue, keyword_codes
from zenlayer_spec.frozen import thaw
from zenlayer_spec.operations import Operation

ERROR_CODE_KEY = "x-zc-error-code"
SECRET_KEY = "x-zc-secret"
BYTE_LIMIT_KEY = "x-zc-max-utf8-bytes"
# JSON Schema keywords that describe and never constrain.
JSON_SCHEMA_ANNOTATIONS = frozenset(
    {"description", "title", "examples", "default", "format", "writeOnly", "readOnly", "deprecated", "$comment"}
)

# One table of messages for every breach: the mock's answers and the client's local checks alike (the
# generator renders it into the client). {subject} is the field (with its path), {value} the rule's.
MESSAGES: Mapping[str, str] = {
    "object": "the body must be a JSON object",
    "required": "{subject} is required",
    "type": "{subject} must be of type {value}",
    "pattern": "{subject} must match {value}",
    # A pattern with a title (the spec's words for it): "password must have a digit (0-9)".
    "pattern title": "{subject} must have {value}",
    "minLength": "{subject} must be at least {value} characters",
    "maxLength": "{subject} must be at most {value} characters",
    "minItems": "{subject} must hold at least {value} items",
    "maxItems": "{subject} must hold at most {value} items",
    "minimum": "{subject} must be at least {value}",
    "maximum": "{subject} must be at most {value}",
    "enum": "{subject} must be one of {value}",
    "not": "{value} must not both be given",
    BYTE_LIMIT_KEY: "{subject} is {size} bytes of UTF-8, over the limit of {value}",
}


def message(rule: str, subject: str = "", value: object = "", **more: object) -> str:
    """The message of a breach of `rule`, from MESSAGES."""
    return MESSAGES.get(rule, "{subject} breaks " + rule).format(subject=subject, value=value, **more)


# docs/contract.md section 5, "order of checks", within the schema step (after "the body is an object"):
# missing fields, then wrong types, then field formats in field order, then cross-field rules.
_RANK_MISSING, _RANK_TYPE, _RANK_FORMAT, _RANK_CROSS_FIELD = range(4)
_SHOWN_VALUE_CHARS = 40


@attrs.frozen
class Violation:
    """One broken rule: which field (None for the body as a whole), which rule, and the answer."""

    field: str | None
    rule: str
    code: str
    status: int
    message: str


def _describe_value(value: object, secret: bool) -> str:
    if secret:
        return "(value redacted)"
    shown = repr(value)
    if len(shown) > _SHOWN_VALUE_CHARS:
        shown = shown[: _SHOWN_VALUE_CHARS - 3] + "..."
    return f"(got {shown})"


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


@attrs.frozen
class _Breach:
    """One error of the compiled validator, in the terms the code mapping needs."""

    validator: str
    absolute_path: tuple[str | int, ...]
    validator_value: JSON
    schema: JSON
    instance: JSON


def _at(node: JSON, path: Iterable[str | int]) -> JSON:
    """The value at a JSON path (keys and list indexes), or None where the path does not lead."""
    for part in path:
        if isinstance(node, Mapping):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return None
    return node


def schema_errors(document: Mapping[str, JSON], pointer: str, value: JSON) -> list[str]:
    """Every breach of the schema at `pointer` by `value`, on the same engine as RequestChecker
    (jsonschema-rs: JSON Schema 2020-12 with ECMA-262 regular expressions)."""
    resolve_pointer(document, pointer)  # fail early, with the pointer named
    validator = jsonschema_rs.Draft202012Validator({"$ref": pointer, "components": thaw(document["components"])})
    return [error.message for error in validator.iter_errors(value)]


class RequestChecker:
    """Checks bodies for one operation. Build once per operation and reuse: building compiles the schema.

    Validation runs on jsonschema-rs (compiled, and with ECMA-262 regular expressions, as JSON Schema
    specifies them: Python's `re` would let `$` match before a trailing newline)."""

    def __init__(self, document: Mapping[str, JSON], operation: Operation) -> None:
        self.operation = operation
        # The document's components travel with the schema, so that its `#/components/...` references resolve.
        # A plain copy: jsonschema-rs takes exact dicts and lists, not the spec's read-only ones.
        self._root: dict[str, JSON] = {
            "$ref": operation.request_schema_pointer,
            "components": thaw(document["components"]),
        }
        resolve_pointer(document, operation.request_schema_pointer)  # fail early, with the pointer named
        self._validator = jsonschema_rs.Draft202012Validator(self._root)
        self._schema: Mapping[str, Any] = dereference(
            document, resolve_pointer(document, operation.request_schema_pointer)
        )
        self._catalogue: Mapping[str, ErrorCode] = error_catalogue(document)
        self._keyword_codes: KeywordCodes = keyword_codes(document)
        self._fields: dict[str, Mapping[str, Any]] = {
            name: dereference(document, schema) for name, schema in self._schema.get("properties", {}).items()
        }
        self._field_order = {name: index for index, name in enumerate(self._fields)}

    # -- the schema step -------------------------------------------------------------------------

    def schema_violations(self, body: object) -> list[Violation]:
        """Every schema breach of `body`, in the order docs/contract.md checks them: the first is the answer."""
        if not isinstance(body, Mapping):
            # Nothing inside a body that is not an object is checked (docs/contract.md: "body is a JSON object").
            return [self._violation(None, "type", f"{message('object')}, not {_json_type(body)}")]
        if self._validator.is_valid(body):
            return []
        found: dict[tuple[str | None, str], tuple[tuple[int, int], Violation]] = {}
        for error in self._breaches(body):
            for rank, violation in self._violations_of(error, body):
                key = (violation.field, violation.rule)
                if key not in found:
                    found[key] = (rank, violation)
        return [violation for _, violation in sorted(found.values(), key=lambda item: item[0])]

    def _breaches(self, body: JSON) -> Iterator[_Breach]:
        for error in self._validator.iter_errors(body):
            schema_path = list(error.schema_path)
            keyword = str(schema_path[-1])
            owner = _at(self._root, schema_path[:-1])
            yield _Breach(
                validator=keyword,
                absolute_path=tuple(error.instance_path),
                validator_value=owner.get(keyword) if isinstance(owner, Mapping) else None,
                schema=owner,
                instance=_at(body, error.instance_path),
            )

    def _violations_of(self, error: _Breach, body: object) -> Iterator[tuple[tuple[int, int], Violation]]:
        keyword = str(error.validator)
        path = list(error.absolute_path)
        if not path:
            if keyword == "required" and isinstance(body, Mapping) and isinstance(error.validator_value, list):
                for name in error.validator_value:
                    if name not in body:
                        yield (
                            (_RANK_MISSING, self._field_order.get(name, len(self._field_order))),
                            self._violation(name, "required", message("required", name)),
                        )
            else:
                # A cross-field rule: `not: {required: [...]}` forbids those fields together.
                rule_schema = error.validator_value
                names = rule_schema.get("required", []) if isinstance(rule_schema, Mapping) else []
                text = message(keyword, value=" and ".join(names)) if names else message(keyword, "the body")
                yield (_RANK_CROSS_FIELD, 0), self._violation(None, keyword, text)
            return
        field = str(path[0])
        field_schema = self._fields.get(field, {})
        secret = bool(field_schema.get(SECRET_KEY, False))
        order = self._field_order.get(field, len(self._field_order))
        where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path[1:])
        subject = f"{field}{where}"
        if keyword == "type":
            expected = error.validator_value
            text = f"{message('type', subject, expected)}, not {_json_type(error.instance)}"
            yield (_RANK_TYPE, order), self._violation(field, "type", text)
            return
        override = error.schema.get(ERROR_CODE_KEY) if isinstance(error.schema, Mapping) else None
        override = override or field_schema.get(ERROR_CODE_KEY)
        title = error.schema.get("title") if keyword == "pattern" and isinstance(error.schema, Mapping) else None
        said = message("pattern title", subject, title) if title else message(keyword, subject, error.validator_value)
        text = f"{said} {_describe_value(error.instance, secret)}"
        yield (_RANK_FORMAT, order), self._violation(field, keyword, text, override)

    def _violation(self, field: str | None, rule: str, text: str, override: str | None = None) -> Violation:
        code = override or self._keyword_codes.code_for(rule)
        return Violation(field=field, rule=rule, code=code, status=self._catalogue[code].status, message=text)

    # -- the extensions the schema cannot carry --------------------------------------------------

    def extension_violations(self, body: object) -> list[Violation]:
        """Breaches of `x-zc-max-utf8-bytes`. docs/contract.md checks them last, after the business rules."""
        if not isinstance(body, Mapping):
            return []
        found: list[Violation] = []
        for name, schema in self._fields.items():
            limit = schema.get(BYTE_LIMIT_KEY)
            value = body.get(name)
            if limit is None or not isinstance(value, str):
                continue
            size = len(value.encode("utf-8"))
            if size > limit["limit"]:
                text = message(BYTE_LIMIT_KEY, name, limit["limit"], size=size)
                found.append(self._violation(name, BYTE_LIMIT_KEY, text, limit["code"]))
        return found

    # -- what the schema can answer ---------------------------------------------------------------

    def possible_codes(self, document: Mapping[str, JSON]) -> set[str]:
        """Every code a schema or extension breach of this operation's body can be answered with."""
        # The body itself can be of the wrong type, whatever the schema says inside.
        return {self._keyword_codes.code_for("type")} | codes_of_schema(document, self._schema)


def codes_of_schema(document: Mapping[str, JSON], schema: JSON) -> set[str]:
    """Every code a breach of `schema` (its keywords, subschemas and extensions) can be answered with."""
    return _codes_in(document, keyword_codes(document), schema, None, frozenset())


_SUBSCHEMA_KEYWORDS = frozenset({"properties", "items", "not", "allOf", "anyOf", "oneOf"})


def _codes_in(
    document: Mapping[str, JSON], mapping: KeywordCodes, schema: JSON, override: str | None, seen: frozenset[str]
) -> set[str]:
    if isinstance(schema, Mapping) and "$ref" in schema:
        if schema["$ref"] in seen:
            return set()
        seen = seen | {schema["$ref"]}
    schema = dereference(document, schema)
    if not isinstance(schema, Mapping):
        return set()
    override = schema.get(ERROR_CODE_KEY, override)
    codes: set[str] = set()
    for keyword in schema:
        if keyword in _SUBSCHEMA_KEYWORDS or keyword.startswith("x-"):
            continue
        if keyword in {"type", "required"}:
            codes.add(mapping.code_for(keyword))
        elif keyword in mapping.by_keyword or keyword in {"enum", "const"}:
            codes.add(override or mapping.code_for(keyword))
    if "not" in schema:
        codes.add(override or mapping.code_for("not"))
    if BYTE_LIMIT_KEY in schema:
        codes.add(schema[BYTE_LIMIT_KEY]["code"])
    for child in schema.get("properties", {}).values():
        codes |= _codes_in(document, mapping, child, None, seen)
    if "items" in schema:
        codes |= _codes_in(document, mapping, schema["items"], None, seen)
    return codes
