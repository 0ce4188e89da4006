"""What a server of this contract checks and answers, by action: the endpoint, the actions and API
versions, how headers and bodies are checked (and with which code), what each operation does (its
compiled behaviour), and the codes of faults and of requests that are not the API's. Part of the spec
record (`load_spec().serving`); the mock runs it (mock_server.app), variants of it are handed to the
mock whole (contract_tests.mutants).

Nothing here restates the contract: every value is read from the spec's records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import attrs

from zenlayer_spec.behaviour import Behaviour, Behaviours
from zenlayer_spec.document import SpecError
from zenlayer_spec.errors import ErrorCode, NotApiAnswer
from zenlayer_spec.guards import RequestGuards
from zenlayer_spec.lists import ListRules
from zenlayer_spec.operations import ACTION_HEADER, VERSION_HEADER, Operation, header_schema
from zenlayer_spec.redaction import Redactor
from zenlayer_spec.request_check import RequestChecker, Violation
from zenlayer_spec.signing import Signing

if TYPE_CHECKING:
    from zenlayer_spec.spec import Spec


@attrs.frozen
class Refusal:
    """An error answer a server gives: the code (its HTTP status is the catalogue's) and a message."""

    code: str
    message: str


@attrs.frozen
class Serving:
    endpoint_path: str  # the server's base path and the endpoint, e.g. /api/v2/vm
    operations_by_action: Mapping[str, Operation]
    checkers: Mapping[str, RequestChecker] = attrs.field(repr=False)
    catalogue: Mapping[str, ErrorCode] = attrs.field(repr=False)
    behaviours: Behaviours = attrs.field(repr=False)
    # By action: what a valid request does, and the list rules of the list operations.
    behaviour_by_action: Mapping[str, Behaviour] = attrs.field(repr=False)
    list_rules: Mapping[str, ListRules]
    api_versions: frozenset[str]
    missing_code: str
    unknown_action_code: str
    bad_version_code: str
    not_found_code: str  # another path (docs/contract.md §8)
    method_code: str  # another method
    guards: RequestGuards
    signing: Signing
    not_api_answers: tuple[NotApiAnswer, ...]
    # Redacts every field the spec marks secret, in any body, at any depth.
    redactor: Redactor = attrs.field(repr=False)
    # A body that is not JSON breaks its `type`; one over the size limit its `maxLength` (the spec's
    # overview says so, in these words).
    not_json_code: str
    body_too_large_code: str
    # Injected faults answer what the spec declares by status: its one 429 code, and its 5xx codes.
    rate_limit_code: str
    server_error_codes: tuple[str, ...]

    def status_of(self, code: str) -> int:
        return self.catalogue[code].status

    def header_refusal(self, action: str | None, version: str | None) -> Refusal | None:
        """The answer to missing or wrong X-ZC-Action / X-ZC-Version headers, if any (docs/contract.md §4)."""
        if not action or not version:
            missing = ACTION_HEADER if not action else VERSION_HEADER
            return Refusal(self.missing_code, f"the {missing} header is required")
        if action not in self.operations_by_action:
            return Refusal(self.unknown_action_code, f"the action {action[:64]!r} does not exist")
        if version not in self.api_versions:
            return Refusal(self.bad_version_code, f"{VERSION_HEADER} {version[:32]!r} is not supported")
        return None

    def body_refusal(self, action: str, body: object) -> Refusal | None:
        """The first schema breach of `body`, as the API answers it."""
        violations = self.checkers[action].schema_violations(body)
        return _refusal(violations[0]) if violations else None

    def extension_refusal(self, action: str, body: object) -> Refusal | None:
        """The first breach of an extension the schema cannot carry (checked after the business rules)."""
        violations = self.checkers[action].extension_violations(body)
        return _refusal(violations[0]) if violations else None


def _refusal(violation: Violation) -> Refusal:
    return Refusal(violation.code, violation.message)


def serving(spec: Spec) -> Serving:
    """The serving rules of `spec` (SpecError when a server could not follow them)."""
    document, ops, mapping, catalogue, guards = (
        spec.document,
        spec.operations,
        spec.keyword_codes,
        spec.catalogue,
        spec.guards,
    )
    local_servers = [urlsplit(url).path for url in spec.server_urls]
    if len(set(local_servers)) != 1:
        raise SpecError("the mock needs one server base path")
    version_schemas = [
        header_schema(
            document, document["paths"][op.pseudo_path]["post"]["parameters"], VERSION_HEADER, op.operation_id
        )
        for op in ops.values()
    ]
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
    return Serving(
        endpoint_path=local_servers[0].rstrip("/") + spec.endpoint_path,
        operations_by_action={operation.action: operation for operation in ops.values()},
        checkers={operation.action: RequestChecker(document, operation) for operation in ops.values()},
        catalogue=catalogue,
        behaviours=spec.behaviours,
        behaviour_by_action={op.action: spec.behaviours.operations[op_id] for op_id, op in ops.items()},
        list_rules={ops[op_id].action: rules for op_id, rules in spec.list_rules.items()},
        api_versions=frozenset(value for schema in version_schemas for value in schema["enum"]),
        missing_code=mapping.code_for("required"),
        unknown_action_code=spec.unknown_action_code,
        bad_version_code=mapping.code_for("enum"),
        not_found_code=spec.other_requests.path_code,
        method_code=spec.other_requests.method_code,
        guards=guards,
        signing=spec.signing,
        not_api_answers=spec.not_api_answers,
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
