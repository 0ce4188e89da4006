"""Local checks of what a caller makes up, before anything is sent.

The rules are the spec's request schemas and extensions, turned into data by `python -m generator`;
the code below only interprets them, in the order the API checks: missing fields, wrong types, field
formats in field order, cross-field rules, then byte limits. Server-owned values (ids) carry no rule
in the spec, so they are never checked here. A secret's value never appears in a message.
Generated; do not edit.
"""

import functools
import re
from collections.abc import Mapping
from typing import Any

from attrs import frozen

from .errors import LocalCheckError

# The code the API answers a broken JSON Schema keyword with (`x-zc-schema-error-codes`).
KEYWORD_CODES: dict[str, str] = {
    "required": "MISSING_PARAMETER",
    "type": "INVALID_PARAMETER_TYPE",
    "maximum": "INVALID_PARAMETER_EXCEED_MAXIMUM",
    "minimum": "INVALID_PARAMETER_LESS_MINIMUM",
    "maxLength": "INVALID_PARAMETER_EXCEED_LENGTH",
    "maxItems": "INVALID_PARAMETER_EXCEED_LENGTH",
    "minLength": "INVALID_PARAMETER_LESS_LENGTH",
    "minItems": "INVALID_PARAMETER_LESS_LENGTH",
    "pattern": "INVALID_PARAMETER_PATTERN_ERROR",
}
FALLBACK_CODE = "INVALID_PARAMETER_VALUE"
# The message of each breach: the table the API mock answers with too (zenlayer_spec.request_check).
_MESSAGES: dict[str, str] = {
    "object": "the body must be a JSON object",
    "required": "{subject} is required",
    "type": "{subject} must be of type {value}",
    "pattern": "{subject} must match {value}",
    "pattern title": "{subject} must have {value}",
    "minLength": "{subject} must be at least {value} characters",
    "maxLength": "{subject} must be at most {value} characters",
    "minItems": "{subject} must hold at least {value} items",
    "maxItems": "{subject} must hold at most {value} items",
    "minimum": "{subject} must be at least {value}",
    "maximum": "{subject} must be at most {value}",
    "enum": "{subject} must be one of {value}",
    "not": "{value} must not both be given",
    "x-zc-max-utf8-bytes": "{subject} is {size} bytes of UTF-8, over the limit of {value}",
}
_SHOWN_VALUE_CHARS = 40


def _message(rule: str, subject: str = "", value: object = "", **more: object) -> str:
    return _MESSAGES.get(rule, "{subject} breaks " + rule).format(subject=subject, value=value, **more)


@frozen
class FieldRule:
    types: tuple[str, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    # (pattern, the words a breach is reported in, or None to show the pattern), all to be matched.
    patterns: tuple[tuple[str, str | None], ...] = ()
    enum: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    items: "FieldRule | None" = None
    # An object field's own fields, each checked where the object has it.
    properties: "Mapping[str, FieldRule] | None" = None
    # The field's own code for every breach but a type error (`x-zc-error-code`).
    code: str | None = None
    secret: bool = False
    max_utf8_bytes: int | None = None
    max_utf8_bytes_code: str | None = None


@frozen
class RequestRules:
    required: tuple[str, ...]
    fields: Mapping[str, FieldRule]
    # Groups of fields that must never be given together.
    exclusive: tuple[tuple[str, ...], ...] = ()


RULES: dict[str, RequestRules] = {
    "ResetInstance": RequestRules(
        required=("instanceId",),
        fields={
            "instanceId": FieldRule(
                types=("string",),
            ),
            "password": FieldRule(
                types=("string",),
                min_length=8,
                max_length=16,
                patterns=(
                    ("^[a-zA-Z0-9!@#$%^&*`~()+=-]*\\Z", "characters only from a-z, A-Z, 0-9 and !@#$%^&*`~()+=-"),
                    ("[a-z]", "a lowercase letter (a-z)"),
                    ("[A-Z]", "an uppercase letter (A-Z)"),
                    ("[0-9]", "a digit (0-9)"),
                    ("[!@#$%^&*`~()+=-]", "one of !@#$%^&*`~()+=-"),
                ),
                code="INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED",
                secret=True,
            ),
            "keyId": FieldRule(
                types=("string",),
            ),
            "imageId": FieldRule(
                types=("string",),
            ),
            "instanceName": FieldRule(
                types=("string",),
                min_length=1,
                max_length=64,
            ),
            "wanName": FieldRule(
                types=("string",),
                patterns=(("^[a-z][a-z0-9]{3,14}\\Z", None),),
            ),
            "lanName": FieldRule(
                types=("string",),
                patterns=(("^[a-z][a-z0-9]{3,14}\\Z", None),),
            ),
            "initScript": FieldRule(
                types=("string",),
                secret=True,
                max_utf8_bytes=32768,
                max_utf8_bytes_code="INVALID_REGION_SCRIPT_EXCEED_LENGTH",
            ),
        },
        exclusive=(("password", "keyId"),),
    ),
    "StopInstances": RequestRules(
        required=("instanceIds",),
        fields={
            "instanceIds": FieldRule(
                types=("array",),
                min_items=1,
                max_items=100,
                items=FieldRule(
                    types=("string",),
                ),
            ),
            "forceShutdown": FieldRule(
                types=("boolean",),
            ),
        },
        exclusive=(),
    ),
    "StartInstances": RequestRules(
        required=("instanceIds",),
        fields={
            "instanceIds": FieldRule(
                types=("array",),
                min_items=1,
                max_items=100,
                items=FieldRule(
                    types=("string",),
                ),
            ),
        },
        exclusive=(),
    ),
    "RebootInstances": RequestRules(
        required=("instanceIds",),
        fields={
            "instanceIds": FieldRule(
                types=("array",),
                min_items=1,
                max_items=100,
                items=FieldRule(
                    types=("string",),
                ),
            ),
        },
        exclusive=(),
    ),
    "CreateInstances": RequestRules(
        required=("zoneId", "imageId", "instanceType"),
        fields={
            "zoneId": FieldRule(
                types=("string",),
            ),
            "imageId": FieldRule(
                types=("string",),
            ),
            "instanceType": FieldRule(
                types=("string",),
            ),
            "instanceName": FieldRule(
                types=("string",),
                min_length=1,
                max_length=64,
            ),
            "password": FieldRule(
                types=("string",),
                min_length=8,
                max_length=16,
                patterns=(
                    ("^[a-zA-Z0-9!@#$%^&*`~()+=-]*\\Z", "characters only from a-z, A-Z, 0-9 and !@#$%^&*`~()+=-"),
                    ("[a-z]", "a lowercase letter (a-z)"),
                    ("[A-Z]", "an uppercase letter (A-Z)"),
                    ("[0-9]", "a digit (0-9)"),
                    ("[!@#$%^&*`~()+=-]", "one of !@#$%^&*`~()+=-"),
                ),
                code="INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED",
                secret=True,
            ),
            "keyId": FieldRule(
                types=("string",),
            ),
            "instanceCount": FieldRule(
                types=("integer",),
                minimum=1,
                maximum=100,
            ),
            "initScript": FieldRule(
                types=("string",),
                secret=True,
                max_utf8_bytes=32768,
                max_utf8_bytes_code="INVALID_REGION_SCRIPT_EXCEED_LENGTH",
            ),
            "instanceChargeType": FieldRule(
                types=("string",),
                enum=("PREPAID", "POSTPAID"),
            ),
        },
        exclusive=(("password", "keyId"),),
    ),
    "ModifyInstancesAttribute": RequestRules(
        required=("instanceIds", "instanceName"),
        fields={
            "instanceIds": FieldRule(
                types=("array",),
                min_items=1,
                max_items=100,
                items=FieldRule(
                    types=("string",),
                ),
            ),
            "instanceName": FieldRule(
                types=("string",),
                min_length=1,
                max_length=64,
            ),
        },
        exclusive=(),
    ),
    "TerminateInstance": RequestRules(
        required=("instanceId",),
        fields={
            "instanceId": FieldRule(
                types=("string",),
            ),
        },
        exclusive=(),
    ),
    "ReleaseInstances": RequestRules(
        required=("instanceIds",),
        fields={
            "instanceIds": FieldRule(
                types=("array",),
                min_items=1,
                max_items=100,
                items=FieldRule(
                    types=("string",),
                ),
            ),
        },
        exclusive=(),
    ),
    "DescribeInstancesStatus": RequestRules(
        required=(),
        fields={
            "instanceIds": FieldRule(
                types=("array",),
                max_items=100,
                items=FieldRule(
                    types=("string",),
                ),
            ),
            "pageNum": FieldRule(
                types=("integer",),
                minimum=1,
            ),
            "pageSize": FieldRule(
                types=("integer",),
                minimum=1,
                maximum=1000,
            ),
        },
        exclusive=(),
    ),
    "DescribeInstances": RequestRules(
        required=(),
        fields={
            "instanceIds": FieldRule(
                types=("array",),
                max_items=100,
                items=FieldRule(
                    types=("string",),
                ),
            ),
            "zoneId": FieldRule(
                types=("string",),
            ),
            "imageId": FieldRule(
                types=("string",),
            ),
            "instanceType": FieldRule(
                types=("string",),
            ),
            "instanceStatus": FieldRule(
                types=("string",),
                enum=(
                    "PENDING",
                    "DEPLOYING",
                    "REBUILDING",
                    "REBOOT",
                    "RUNNING",
                    "STOPPED",
                    "BOOTING",
                    "RELEASING",
                    "STOPPING",
                    "RECYCLE",
                    "RECYCLING",
                    "CREATE_FAILED",
                    "IMAGING",
                ),
            ),
            "keyId": FieldRule(
                types=("string",),
            ),
            "instanceName": FieldRule(
                types=("string",),
            ),
            "pageNum": FieldRule(
                types=("integer",),
                minimum=1,
            ),
            "pageSize": FieldRule(
                types=("integer",),
                minimum=1,
                maximum=1000,
            ),
        },
        exclusive=(),
    ),
    "InquiryPriceCreateInstance": RequestRules(
        required=("zoneId", "imageId", "instanceType"),
        fields={
            "zoneId": FieldRule(
                types=("string",),
            ),
            "imageId": FieldRule(
                types=("string",),
            ),
            "instanceType": FieldRule(
                types=("string",),
            ),
            "instanceCount": FieldRule(
                types=("integer",),
                minimum=1,
                maximum=100,
            ),
            "instanceChargeType": FieldRule(
                types=("string",),
                enum=("PREPAID", "POSTPAID"),
            ),
            "instanceChargePrepaid": FieldRule(
                types=("object",),
                properties={
                    "period": FieldRule(
                        types=("integer",),
                        minimum=1,
                        maximum=36,
                    ),
                },
            ),
        },
        exclusive=(),
    ),
    "DescribeImages": RequestRules(
        required=("zoneId",),
        fields={
            "zoneId": FieldRule(
                types=("string",),
            ),
            "imageIds": FieldRule(
                types=("array",),
                max_items=100,
                items=FieldRule(
                    types=("string",),
                ),
            ),
            "imageName": FieldRule(
                types=("string",),
            ),
            "category": FieldRule(
                types=("string",),
                enum=(
                    "Windows",
                    "Ubuntu",
                    "CentOS",
                    "Debian",
                    "ARCH_LINUX",
                    "COREOS",
                    "FEDORA",
                    "FreeBSD",
                    "KYLIN",
                    "ORACLE_LINUX",
                    "REDHAT",
                    "SUSE",
                    "TencentOS",
                    "OTHERS",
                ),
            ),
            "imageType": FieldRule(
                types=("string",),
                enum=("PUBLIC_IMAGE", "CUSTOM_IMAGE"),
            ),
            "osType": FieldRule(
                types=("string",),
                enum=("windows", "linux"),
            ),
            "imageStatus": FieldRule(
                types=("string",),
                enum=("CREATING", "AVAILABLE", "UNAVAILABLE"),
            ),
            "pageNum": FieldRule(
                types=("integer",),
                minimum=1,
            ),
            "pageSize": FieldRule(
                types=("integer",),
                minimum=1,
                maximum=1000,
            ),
        },
        exclusive=(),
    ),
}


@frozen
class LocalViolation:
    field: str | None
    rule: str
    code: str
    message: str


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # The generator already turned the spec's ECMA-262 `$` into `\Z`; ASCII keeps `\d` and `\w` as in ECMA-262.
    return re.compile(pattern, re.ASCII)


def _has_type(value: object, json_type: str) -> bool:
    if json_type == "string":
        return isinstance(value, str)
    if json_type == "boolean":
        return isinstance(value, bool)
    if json_type == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if json_type == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if json_type == "array":
        return isinstance(value, list | tuple)
    if json_type == "object":
        return isinstance(value, Mapping)
    return json_type == "null" and value is None


def _shown(value: object, secret: bool) -> str:
    if secret:
        return "(value redacted)"
    text = repr(value)
    return f"(got {text if len(text) <= _SHOWN_VALUE_CHARS else text[: _SHOWN_VALUE_CHARS - 3] + '...'})"


def _field_violations(name: str, subject: str, rule: FieldRule, value: object) -> list[LocalViolation]:
    """Breaches of one field's rule; a type error hides the rest, as in the API."""
    if rule.types and not any(_has_type(value, json_type) for json_type in rule.types):
        message = _message("type", subject, " or ".join(rule.types))
        return [LocalViolation(name, "type", KEYWORD_CODES.get("type", FALLBACK_CODE), message)]
    # (the keyword broken, the message's key, the rule's value to show)
    found: list[tuple[str, str, object]] = []
    if isinstance(value, str):
        if rule.min_length is not None and len(value) < rule.min_length:
            found.append(("minLength", "minLength", rule.min_length))
        if rule.max_length is not None and len(value) > rule.max_length:
            found.append(("maxLength", "maxLength", rule.max_length))
        for pattern, title in rule.patterns:
            if not _compiled(pattern).search(value):
                # In the spec's words where it gives them (the pattern's title), else the pattern itself.
                found.append(("pattern", "pattern", pattern) if title is None else ("pattern", "pattern title", title))
    if rule.enum is not None and value not in rule.enum:
        found.append(("enum", "enum", list(rule.enum)))
    if isinstance(value, int | float) and not isinstance(value, bool):
        if rule.minimum is not None and value < rule.minimum:
            found.append(("minimum", "minimum", rule.minimum))
        if rule.maximum is not None and value > rule.maximum:
            found.append(("maximum", "maximum", rule.maximum))
    violations = [
        LocalViolation(
            name,
            keyword,
            rule.code or KEYWORD_CODES.get(keyword, FALLBACK_CODE),
            f"{_message(key, subject, limit)} {_shown(value, rule.secret)}",
        )
        for keyword, key, limit in found
    ]
    if isinstance(value, list | tuple):
        if rule.min_items is not None and len(value) < rule.min_items:
            code = rule.code or KEYWORD_CODES.get("minItems", FALLBACK_CODE)
            violations.append(LocalViolation(name, "minItems", code, _message("minItems", subject, rule.min_items)))
        if rule.max_items is not None and len(value) > rule.max_items:
            code = rule.code or KEYWORD_CODES.get("maxItems", FALLBACK_CODE)
            violations.append(LocalViolation(name, "maxItems", code, _message("maxItems", subject, rule.max_items)))
        if rule.items is not None:
            for index, item in enumerate(value):
                violations += _field_violations(name, f"{subject}[{index}]", rule.items, item)
    if isinstance(value, Mapping) and rule.properties is not None:
        for child, child_rule in rule.properties.items():
            if child in value:
                violations += _field_violations(name, f"{subject}.{child}", child_rule, value[child])
    return violations


def violations(operation_id: str, body: object) -> list[LocalViolation]:
    """Every rule `body` breaks, in the order the API checks them (the first is its answer)."""
    rules = RULES[operation_id]
    if not isinstance(body, Mapping):
        return [LocalViolation(None, "type", KEYWORD_CODES.get("type", FALLBACK_CODE), _message("object"))]
    found = [
        LocalViolation(name, "required", KEYWORD_CODES.get("required", FALLBACK_CODE), _message("required", name))
        for name in rules.required
        if name not in body
    ]
    present = [(name, rule) for name, rule in rules.fields.items() if name in body]
    per_field = [(_field_violations(name, name, rule, body[name])) for name, rule in present]
    found += [violation for field in per_field for violation in field if violation.rule == "type"]
    found += [violation for field in per_field for violation in field if violation.rule != "type"]
    for group in rules.exclusive:
        if all(name in body for name in group):
            found.append(
                LocalViolation(
                    None, "not", KEYWORD_CODES.get("not", FALLBACK_CODE), _message("not", value=" and ".join(group))
                )
            )
    for name, rule in present:
        value = body[name]
        if rule.max_utf8_bytes is not None and isinstance(value, str):
            size = len(value.encode("utf-8"))
            if size > rule.max_utf8_bytes:
                message = _message("x-zc-max-utf8-bytes", name, rule.max_utf8_bytes, size=size)
                found.append(
                    LocalViolation(name, "x-zc-max-utf8-bytes", rule.max_utf8_bytes_code or FALLBACK_CODE, message)
                )
    return found


def check_request(operation_id: str, body: object) -> None:
    """Raise LocalCheckError for the first rule `body` breaks; return quietly if it breaks none."""
    found = violations(operation_id, body)
    if found:
        first = found[0]
        raise LocalCheckError(
            operation_id=operation_id, field=first.field, rule=first.rule, code=first.code, message=first.message
        )
