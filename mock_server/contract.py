"""What the mock takes from the spec at start: where it listens, which actions exist, how headers and
bodies are checked (and with which code), and what each operation does (its compiled behaviour: rules,
effects, lists, answers; zenlayer_spec.behaviour, run by mock_server.engine).

Nothing here restates the contract: a new operation, rule, effect or answer field in the spec changes
what the mock accepts and answers without touching mock code.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs

from zenlayer_spec import (
    SPEC_PATH,
    ErrorCode,
    ListRules,
    Operation,
    Redactor,
    RequestChecker,
    RequestGuards,
    SpecError,
    Violation,
    load_spec,
)
from zenlayer_spec.behaviour import Behaviour, Behaviours
from zenlayer_spec.operations import ACTION_HEADER, VERSION_HEADER, header_schema


@attrs.frozen
class ApiError(Exception):
    """An error answer: the code decides the HTTP status (from the spec's catalogue)."""

    code: str
    message: str
    # Set when the request was not read to its end: the connection cannot carry another request.
    close_connection: bool = False


@attrs.define
class Contract:
    document: Mapping[str, Any]
    endpoint_path: str
    operations_by_action: Mapping[str, Operation]
    checkers: Mapping[str, RequestChecker]
    catalogue: Mapping[str, ErrorCode]
    # By action: what a valid request does, and the list rules of the list operations.
    behaviours: Behaviours
    behaviour_by_action: Mapping[str, Behaviour]
    list_rules: Mapping[str, ListRules]
    max_body_bytes: int
    missing_code: str
    unknown_action_code: str
    api_versions: frozenset[str]
    bad_version_code: str
    not_found_code: str
    method_code: str
    guards: RequestGuards
    # Redacts every field the spec marks secret, in any body, at any depth.
    redactor: Redactor
    # A body that is not JSON breaks its `type`; one over the size limit its `maxLength` (the spec's
    # overview says so, in these words).
    not_json_code: str
    body_too_large_code: str
    # Injected faults answer what the spec declares by status: its one 429 code, and its 5xx codes.
    rate_limit_code: str
    server_error_codes: tuple[str, ...]

    def status_of(self, code: str) -> int:
        return self.catalogue[code].status

    def header_error(self, action: str | None, version: str | None) -> ApiError | None:
        """The answer to missing or wrong X-ZC-Action / X-ZC-Version headers, if any (docs/contract.md §4)."""
        if not action or not version:
            missing = ACTION_HEADER if not action else VERSION_HEADER
            return ApiError(self.missing_code, f"the {missing} header is required")
        if action not in self.operations_by_action:
            return ApiError(self.unknown_action_code, f"the action {action[:64]!r} does not exist")
        if version not in self.api_versions:
            return ApiError(self.bad_version_code, f"{VERSION_HEADER} {version[:32]!r} is not supported")
        return None

    def body_error(self, action: str, body: object) -> ApiError | None:
        """The first schema breach of `body`, as the API answers it."""
        violations = self.checkers[action].schema_violations(body)
        return _as_error(violations[0]) if violations else None

    def extension_error(self, action: str, body: object) -> ApiError | None:
        """The first breach of an extension the schema cannot carry (checked after the business rules)."""
        violations = self.checkers[action].extension_violations(body)
        return _as_error(violations[0]) if violations else None


def _as_error(violation: Violation) -> ApiError:
    return ApiError(violation.code, violation.message)


def _header_schema(document: Mapping[str, Any], operation: Operation, name: str) -> Mapping[str, Any]:
    parameters = document["paths"][operation.pseudo_path]["post"]["parameters"]
    return header_schema(document, parameters, name, operation.operation_id)


def load_contract(spec_path: Path = SPEC_PATH) -> Contract:
    """The mock's view of the spec, built from its records (read once per process and path)."""
    spec = load_spec(spec_path)
    document = spec.document
    ops = spec.operations
    mapping = spec.keyword_codes
    catalogue = spec.catalogue
    local_servers = [urlsplit(server["url"]).path for server in document["servers"]]
    if len(set(local_servers)) != 1:
        raise SpecError("the mock needs one server base path")
    version_schemas = [_header_schema(document, operation, VERSION_HEADER) for operation in ops.values()]
    guards = spec.guards
    for code in (
        guards.max_header_bytes.code,
        guards.max_json_depth.code,
        guards.incomplete_body_code,
        guards.malformed_http_code,
        guards.server_busy_code,
        *guards.single_headers.values(),
    ):
        if code not in catalogue:
            raise SpecError(f"x-zc-request-guards names {code}, which x-zc-error-codes does not describe")
    return Contract(
        document=document,
        endpoint_path=local_servers[0].rstrip("/") + spec.endpoint_path,
        operations_by_action={operation.action: operation for operation in ops.values()},
        checkers={operation.action: RequestChecker(document, operation) for operation in ops.values()},
        catalogue=catalogue,
        behaviours=spec.behaviours,
        behaviour_by_action={op.action: spec.behaviours.operations[op_id] for op_id, op in ops.items()},
        list_rules={ops[op_id].action: rules for op_id, rules in spec.list_rules.items()},
        max_body_bytes=guards.max_body_bytes,
        missing_code=mapping.code_for("required"),
        unknown_action_code=spec.unknown_action_code,
        api_versions=frozenset(value for schema in version_schemas for value in schema["enum"]),
        bad_version_code=mapping.code_for("enum"),
        # docs/contract.md §8: other paths and other methods, answered with the error envelope.
        not_found_code=spec.other_requests.path_code,
        method_code=spec.other_requests.method_code,
        guards=guards,
        redactor=spec.redactor(),
        not_json_code=mapping.code_for("type"),
        body_too_large_code=mapping.code_for("maxLength"),
        rate_limit_code=_only(catalogue, 429),
        server_error_codes=tuple(code for code, entry in catalogue.items() if entry.status >= 500),
    )


def _only(catalogue: Mapping[str, ErrorCode], status: int) -> str:
    codes = [code for code, entry in catalogue.items() if entry.status == status]
    if len(codes) != 1:
        raise SpecError(f"x-zc-error-codes must describe exactly one code with status {status}, not {codes}")
    return codes[0]
