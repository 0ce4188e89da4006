"""The wire section: operations, headers, request and response bodies, security schemes, servers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from spec_diff import pointers
from spec_diff.changes import Change, Level, Section
from spec_diff.schemas import SchemaComparison, locate
from zenlayer_spec.document import JSON
from zenlayer_spec.operations import ACTION_HEADER

JSON_MEDIA = "application/json"


@attrs.frozen
class RawOperation:
    """An operation as written, found by its action (its identity on the wire)."""

    action: str
    operation_id: str
    pointer: str
    raw: Mapping[str, JSON]


def raw_operations(document: Mapping[str, JSON]) -> dict[str, RawOperation]:
    found: dict[str, RawOperation] = {}
    for path, item in (document.get("paths") or {}).items():
        for method, raw in (item or {}).items():
            pointer = pointers.join("", "paths", path, method)
            action = str(raw.get("operationId", path))
            for index, parameter in enumerate(raw.get("parameters") or []):
                resolved = locate(document, parameter, pointers.join(pointer, "parameters", index)).schema
                if resolved.get("name") == ACTION_HEADER:
                    action = str((resolved.get("schema") or {}).get("default", action))
            found[action] = RawOperation(action, str(raw.get("operationId", "")), pointer, raw)
    return found


def _headers(document: Mapping[str, JSON], operation: RawOperation) -> dict[str, tuple[Mapping[str, JSON], str]]:
    headers = {}
    for index, parameter in enumerate(operation.raw.get("parameters") or []):
        located = locate(document, parameter, pointers.join(operation.pointer, "parameters", index))
        if located.schema.get("in") == "header":
            headers[str(located.schema.get("name", "")).lower()] = (located.schema, located.pointer)
    return headers


def _body(operation: RawOperation) -> tuple[JSON, str] | None:
    content = ((operation.raw.get("requestBody") or {}).get("content") or {}).get(JSON_MEDIA)
    if not content or "schema" not in content:
        return None
    return content["schema"], pointers.join(operation.pointer, "requestBody", "content", JSON_MEDIA, "schema")


def _success(document: Mapping[str, JSON], operation: RawOperation) -> tuple[JSON, str] | None:
    response = (operation.raw.get("responses") or {}).get("200")
    if response is None:
        return None
    located = locate(document, response, pointers.join(operation.pointer, "responses", "200"))
    content = (located.schema.get("content") or {}).get(JSON_MEDIA) or {}
    if "schema" not in content:
        return None
    return content["schema"], pointers.join(located.pointer, "content", JSON_MEDIA, "schema")


def wire_changes(old: Mapping[str, JSON], new: Mapping[str, JSON], schemas: SchemaComparison) -> Iterator[Change]:
    old_operations, new_operations = raw_operations(old), raw_operations(new)
    for action in sorted(old_operations.keys() - new_operations.keys()):
        yield Change(
            Section.WIRE,
            Level.BREAKING,
            "api-removed-without-deprecation",
            f"operation {action} removed",
            old_operations[action].pointer,
        )
    for action in sorted(new_operations.keys() - old_operations.keys()):
        yield Change(
            Section.WIRE, Level.COMPATIBLE, "endpoint-added", f"new operation {action}", new_operations[action].pointer
        )
    for action in sorted(old_operations.keys() & new_operations.keys()):
        yield from _operation(old, new, old_operations[action], new_operations[action], schemas)
    yield from _security(old, new)
    yield from _servers(old, new)


def _operation(
    old: Mapping[str, JSON], new: Mapping[str, JSON], was: RawOperation, now: RawOperation, schemas: SchemaComparison
) -> Iterator[Change]:
    action = now.action
    if was.operation_id != now.operation_id:
        yield Change(
            Section.WIRE,
            Level.BREAKING,
            "zc-operation-id-changed",
            f"{action}: operationId {was.operation_id} -> {now.operation_id}",
            pointers.join(now.pointer, "operationId"),
            reason="the client's module and function names follow the operationId",
        )
    old_headers, new_headers = _headers(old, was), _headers(new, now)
    for name in sorted(old_headers.keys() - new_headers.keys()):
        yield Change(
            Section.WIRE,
            Level.BREAKING,
            "request-parameter-removed",
            f"{action}: header {name} removed",
            old_headers[name][1],
        )
    for name in sorted(new_headers.keys() - old_headers.keys()):
        schema, where = new_headers[name]
        if schema.get("required"):
            yield Change(
                Section.WIRE,
                Level.BREAKING,
                "new-required-request-parameter",
                f"{action}: new required header {schema.get('name')}",
                where,
            )
        else:
            yield Change(
                Section.WIRE,
                Level.COMPATIBLE,
                "new-optional-request-parameter",
                f"{action}: new optional header {schema.get('name')}",
                where,
            )
    for name in sorted(old_headers.keys() & new_headers.keys()):
        (before, before_at), (after, after_at) = old_headers[name], new_headers[name]
        if bool(before.get("required")) != bool(after.get("required")):
            became = "required" if after.get("required") else "optional"
            level = Level.BREAKING if after.get("required") else Level.COMPATIBLE
            yield Change(
                Section.WIRE,
                level,
                f"request-parameter-became-{became}",
                f"{action}: header {after.get('name')} became {became}",
                pointers.join(after_at, "required"),
            )
        schemas.compare(
            before.get("schema", {}),
            pointers.join(before_at, "schema"),
            after.get("schema", {}),
            pointers.join(after_at, "schema"),
            f"header {after.get('name')}",
            "request",
            f"{action} request",
        )
    old_body, new_body = _body(was), _body(now)
    if old_body and new_body:
        before_required = bool((was.raw.get("requestBody") or {}).get("required"))
        after_required = bool((now.raw.get("requestBody") or {}).get("required"))
        if before_required != after_required:
            level = Level.BREAKING if after_required else Level.COMPATIBLE
            yield Change(
                Section.WIRE,
                level,
                f"request-body-became-{'required' if after_required else 'optional'}",
                f"{action}: the request body became {'required' if after_required else 'optional'}",
                pointers.join(now.pointer, "requestBody", "required"),
            )
        schemas.compare(*old_body, *new_body, "", "request", f"{action} request")
    old_success, new_success = _success(old, was), _success(new, now)
    if old_success and not new_success:
        yield Change(
            Section.WIRE,
            Level.BREAKING,
            "response-success-status-removed",
            f"{action}: the 200 answer was removed",
            pointers.join(was.pointer, "responses", "200"),
        )
    if old_success and new_success:
        schemas.compare(*old_success, *new_success, "", "response", f"{action} answer")
    before_security = was.raw.get("security", old.get("security"))
    after_security = now.raw.get("security", new.get("security"))
    yield from _alternatives(before_security, after_security, pointers.join(now.pointer, "security"), action)


def _alternatives(before: JSON, after: JSON, where: str, who: str) -> Iterator[Change]:
    """Security requirements are alternatives: losing one breaks its users, a new one is an option."""

    def names(requirements: JSON) -> set[str]:
        return {"+".join(sorted(requirement)) for requirement in requirements or []}

    for name in sorted(names(before) - names(after)):
        yield Change(
            Section.WIRE, Level.BREAKING, "api-security-removed", f"{who}: authentication by {name} removed", where
        )
    for name in sorted(names(after) - names(before)):
        yield Change(
            Section.WIRE, Level.COMPATIBLE, "api-security-added", f"{who}: authentication by {name} added", where
        )


def _security(old: Mapping[str, JSON], new: Mapping[str, JSON]) -> Iterator[Change]:
    before = (old.get("components") or {}).get("securitySchemes") or {}
    after = (new.get("components") or {}).get("securitySchemes") or {}
    base = "/components/securitySchemes"
    for name in sorted(before.keys() - after.keys()):
        yield Change(
            Section.WIRE,
            Level.BREAKING,
            "api-security-scheme-removed",
            f"security scheme {name} removed",
            pointers.join(base, name),
        )
    for name in sorted(before.keys() & after.keys()):
        for key in ("type", "in", "name", "scheme", "bearerFormat"):
            if before[name].get(key) != after[name].get(key):
                yield Change(
                    Section.WIRE,
                    Level.BREAKING,
                    "api-security-scheme-changed",
                    f"security scheme {name}: {key} {before[name].get(key)!r} -> {after[name].get(key)!r}",
                    pointers.join(base, name, key),
                )
        if before[name].get("x-zc-signature") != after[name].get("x-zc-signature"):
            keys = sorted(
                key
                for key in {**(before[name].get("x-zc-signature") or {}), **(after[name].get("x-zc-signature") or {})}
                if (before[name].get("x-zc-signature") or {}).get(key)
                != (after[name].get("x-zc-signature") or {}).get(key)
            )
            yield Change(
                Section.WIRE,
                Level.BREAKING,
                "zc-signing-changed",
                f"security scheme {name}: signing changed ({', '.join(keys)})",
                pointers.join(base, name, "x-zc-signature"),
                reason="a request signed the old way may be refused",
            )
    yield from _alternatives(old.get("security"), new.get("security"), "/security", "every operation")


def _servers(old: Mapping[str, JSON], new: Mapping[str, JSON]) -> Iterator[Change]:
    before = [str(server.get("url")) for server in old.get("servers") or []]
    after = [str(server.get("url")) for server in new.get("servers") or []]
    for url in before:
        if url not in after:
            yield Change(Section.WIRE, Level.BREAKING, "zc-server-removed", f"server {url} removed", "/servers")
    for url in after:
        if url not in before:
            yield Change(Section.WIRE, Level.COMPATIBLE, "zc-server-added", f"new server {url}", "/servers")
