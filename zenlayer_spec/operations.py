"""The operations of the spec as typed records: action, request schema, error codes, waiter."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from zenlayer_spec.document import JSON, SpecError, dereference
from zenlayer_spec.pointers import join

ACTION_HEADER = "X-ZC-Action"
VERSION_HEADER = "X-ZC-Version"
WAITER_KEY = "x-zc-waiter"
CHANGES_STATE_KEY = "x-zc-changes-state"
# Where every operation goes on the wire, whatever its pseudo-path says after `#`.
WIRE_METHOD = "POST"


@attrs.frozen
class Waiter:
    """What a caller waits for after an operation that starts a change (`x-zc-waiter`)."""

    poll: str
    target: str
    pending: tuple[str, ...]
    failure: tuple[str, ...]
    absent_is_failure: bool
    delay_seconds: float
    timeout_seconds: float
    # Which request field holds the id(s) of what is waited for, stated once in the spec as a runtime
    # expression (`ids: $request.body#/instanceIds`), not found by a field name's coincidence.
    ids_field: str = ""
    # Or which field of the answer's `response` holds them (`ids: $response.body#/response/instanceIdSet`):
    # the ids of what the call made.
    ids_from_answer: bool = False

    @property
    def target_is_absent(self) -> bool:
        """The change ends when the resource is gone (`target: absent`), not in a status."""
        return self.target == ABSENT

    def ids_in(self, body: Mapping[str, JSON], answer: Mapping[str, JSON] | None = None) -> list[str]:
        """The ids waited for: named by the request (one, or each of a list), or by the answer's `response`."""
        source = (answer or {}).get("response") if self.ids_from_answer else body
        value = source.get(self.ids_field) if isinstance(source, Mapping) else None
        listed = value if isinstance(value, list) else [] if value is None else [value]
        return [str(item) for item in listed]


@attrs.frozen
class Operation:
    operation_id: str
    pseudo_path: str
    action: str
    api_version: str
    request_schema_pointer: str
    # Whether the operation changes state, so that it must never be sent twice after an ambiguous failure.
    changes_state: bool
    # HTTP status -> the exact error codes the operation can answer with it, in the spec's order.
    error_codes: Mapping[int, tuple[str, ...]]
    waiter: Waiter | None
    # The component schema of the success answer (its 200), e.g. #/components/schemas/ResetInstanceResponse.
    success_schema_pointer: str = ""
    # The component schema of what the success envelope holds in `response` (its result).
    result_schema_pointer: str = ""
    tags: tuple[str, ...] = ()
    summary: str = ""

    def pointer(self, *parts: str | int) -> str:
        """The JSON pointer of a part of this operation in the spec, e.g. its `x-zc-business-checks`."""
        return join("#", "paths", self.pseudo_path, "post", *parts)


def header_schema(document: Mapping[str, JSON], parameters: list[JSON], name: str, where: str) -> Mapping[str, JSON]:
    """The schema of header parameter `name` among an operation's `parameters`."""
    for parameter in parameters:
        resolved = dereference(document, parameter)
        if resolved.get("in") == "header" and resolved.get("name") == name:
            schema = resolved.get("schema", {})
            if isinstance(schema, Mapping):
                return schema
    raise SpecError(f"{where}: no {name} header parameter")


def _header_default(document: Mapping[str, JSON], parameters: list[JSON], name: str, where: str) -> str:
    default = header_schema(document, parameters, name, where).get("default")
    if isinstance(default, str):
        return default
    raise SpecError(f"{where}: header {name} has no string default")


def unknown_action_code(document: Mapping[str, JSON], keyword_code: str) -> str:
    """The code of a request naming no action of the spec: the one every action header names with
    `x-zc-error-code`, else `keyword_code` (the code of the `enum` keyword)."""
    found = set()
    for operation in operations(document).values():
        raw = document["paths"][operation.pseudo_path]["post"]
        schema = header_schema(document, raw.get("parameters", []), ACTION_HEADER, operation.operation_id)
        found.add(str(schema.get("x-zc-error-code", keyword_code)))
    if len(found) != 1:
        raise SpecError(f"the {ACTION_HEADER} headers disagree on the code of an unknown action: {sorted(found)}")
    return found.pop()


def endpoint_path(document: Mapping[str, JSON]) -> str:
    """The one path every operation is sent to, relative to a server URL (the pseudo-paths before `#`)."""
    paths = {operation.pseudo_path.split("#", 1)[0] for operation in operations(document).values()}
    if len(paths) != 1:
        raise SpecError(f"every operation must go to one path on the wire, not {sorted(paths)}")
    return paths.pop()


def error_schema_codes(document: Mapping[str, JSON], schema: JSON) -> tuple[str, ...] | None:
    """The `code` enumeration of an error schema, looking through `$ref` and `allOf`."""
    schema = dereference(document, schema)
    if not isinstance(schema, Mapping):
        return None
    enum = schema.get("properties", {}).get("code", {}).get("enum")
    if isinstance(enum, list):
        return tuple(enum)
    for part in schema.get("allOf", []):
        found = error_schema_codes(document, part)
        if found is not None:
            return found
    return None


IDS_EXPRESSION = "$request.body#/"
ANSWER_IDS_EXPRESSION = "$response.body#/response/"
ABSENT = "absent"  # a waiter's target when the change ends with the resource gone


def _ids_field(
    raw: Mapping[str, JSON], where: str, request_fields: Mapping[str, JSON], answer_fields: Mapping[str, JSON]
) -> tuple[str, bool]:
    """The field a waiter's `ids` names: a top-level field of the request (`$request.body#/<field>`) or of
    the answer's `response` (`$response.body#/response/<field>`); and whether it is the answer's."""
    expression = raw.get("ids")
    text = expression if isinstance(expression, str) else ""
    from_answer = text.startswith(ANSWER_IDS_EXPRESSION)
    field = text.removeprefix(ANSWER_IDS_EXPRESSION if from_answer else IDS_EXPRESSION)
    if not (from_answer or text.startswith(IDS_EXPRESSION)) or "/" in field or not field:
        raise SpecError(
            f"{where}.{WAITER_KEY}.ids: say which field holds the ids waited for, as a runtime expression like "
            f"`$request.body#/instanceIds` or `$response.body#/response/instanceIdSet` (not {expression!r})"
        )
    fields, what = (answer_fields, "the answer's response") if from_answer else (request_fields, "the request")
    if field not in fields:
        known = ", ".join(fields)
        raise SpecError(f"{where}.{WAITER_KEY}.ids: {expression!r} names no field of {what} (it has {known})")
    return field, from_answer


def _waiter(
    raw: JSON,
    where: str,
    request_fields: Mapping[str, JSON] | None = None,
    answer_fields: Mapping[str, JSON] | None = None,
) -> Waiter | None:
    if raw is None:
        return None
    try:
        ids_field, from_answer = _ids_field(raw, where, request_fields or {}, answer_fields or {})
        if raw["target"] == ABSENT and raw.get("absentIsFailure"):
            raise SpecError(
                f"{where}.{WAITER_KEY}: `target: absent` waits for the resource to be gone, so "
                f"`absentIsFailure` cannot be true: set it false"
            )
        return Waiter(
            poll=raw["poll"],
            target=raw["target"],
            pending=tuple(raw["pending"]),
            failure=tuple(raw["failure"]),
            absent_is_failure=bool(raw.get("absentIsFailure", False)),
            delay_seconds=float(raw["delaySeconds"]),
            timeout_seconds=float(raw["timeoutSeconds"]),
            ids_field=ids_field,
            ids_from_answer=from_answer,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SpecError(f"{where}.{WAITER_KEY}: malformed ({exc!r})") from None


def _request_fields(document: Mapping[str, JSON], pointer: str) -> Mapping[str, JSON]:
    schema = dereference(document, {"$ref": pointer})
    properties = schema.get("properties") if isinstance(schema, Mapping) else None
    return properties if isinstance(properties, Mapping) else {}


def operations(document: Mapping[str, JSON]) -> dict[str, Operation]:
    """Every operation of the spec, by operationId, in the spec's order."""
    found: dict[str, Operation] = {}
    for path, item in document.get("paths", {}).items():
        for method, raw in item.items():
            where = f"paths.{path}.{method}"
            if method.upper() != WIRE_METHOD:
                raise SpecError(f"{where}: every operation must be a {WIRE_METHOD}")
            parameters = raw.get("parameters", [])
            body_schema = raw.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if not isinstance(body_schema, Mapping) or "$ref" not in body_schema:
                raise SpecError(f"{where}: the JSON request body must be a $ref to a component schema")
            error_codes: dict[int, tuple[str, ...]] = {}
            for status, response in raw.get("responses", {}).items():
                if int(status) < 400:
                    continue
                response = dereference(document, response)
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                codes = error_schema_codes(document, schema)
                if codes is None:
                    raise SpecError(f"{where}.responses.{status}: no error schema with a `code` enum")
                error_codes[int(status)] = codes
            success = dereference(document, raw.get("responses", {}).get("200", {}))
            success_schema = success.get("content", {}).get("application/json", {}).get("schema", {})
            if not isinstance(success_schema, Mapping) or "$ref" not in success_schema:
                raise SpecError(f"{where}.responses.200: the JSON success answer must be a $ref to a component schema")
            envelope = dereference(document, success_schema)
            inner = envelope.get("properties", {}).get("response", {}) if isinstance(envelope, Mapping) else {}
            result_pointer = inner.get("$ref", "") if isinstance(inner, Mapping) else ""
            changes_state = raw.get(CHANGES_STATE_KEY)
            if not isinstance(changes_state, bool):
                raise SpecError(f"{where}: {CHANGES_STATE_KEY} must be true or false")
            operation = Operation(
                operation_id=raw["operationId"],
                pseudo_path=path,
                action=_header_default(document, parameters, ACTION_HEADER, where),
                api_version=_header_default(document, parameters, VERSION_HEADER, where),
                request_schema_pointer=body_schema["$ref"],
                changes_state=changes_state,
                error_codes=error_codes,
                waiter=_waiter(
                    raw.get(WAITER_KEY),
                    where,
                    _request_fields(document, body_schema["$ref"]),
                    _request_fields(document, str(result_pointer)) if result_pointer else {},
                ),
                success_schema_pointer=success_schema["$ref"],
                result_schema_pointer=str(result_pointer),
                tags=tuple(str(tag) for tag in raw.get("tags", ())),
                summary=str(raw.get("summary", "")),
            )
            found[operation.operation_id] = operation
    for operation in found.values():
        if operation.waiter is not None and operation.waiter.poll not in found:
            raise SpecError(
                f"paths.{operation.pseudo_path}.post.{WAITER_KEY}.poll: {operation.waiter.poll!r} is not an "
                f"operation of the spec (it has {', '.join(found)})"
            )
    return found
