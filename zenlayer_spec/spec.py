"""The whole contract as one typed record, read once: `load_spec()`.

Every fact our tools need, resolved and checked when the spec is read: the operations (action,
version, request schema, error codes by status, waiter, whether they change state) with their poll
shapes, list rules and business checks; the error catalogue and the code of each schema keyword; the
request guards and the answers to other requests; the signing scheme; the secret fields; the endpoint
path; the client's version. Consumers read these records instead of walking the document again.
(`Spec.document` is kept for the few that must hand the raw OpenAPI document to another tool:
openapi-python-client, Schemathesis, the reference docs.)
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import attrs

from zenlayer_spec import extensions, reuse
from zenlayer_spec.answers import answer_shape
from zenlayer_spec.behaviour import Behaviours, behaviours
from zenlayer_spec.document import JSON, SPEC_PATH, SpecError, read_document
from zenlayer_spec.errors import ErrorCode, KeywordCodes, NotApiAnswer, error_catalogue, keyword_codes, not_api_answers
from zenlayer_spec.fields import RequestField, request_fields
from zenlayer_spec.frozen import freeze
from zenlayer_spec.guards import OtherRequests, RequestGuards, other_requests, request_guards
from zenlayer_spec.lists import ListRules, list_rules
from zenlayer_spec.local_rules import local_rules
from zenlayer_spec.operations import Operation, endpoint_path, operations, unknown_action_code
from zenlayer_spec.provenance import BusinessCheck, business_checks
from zenlayer_spec.read_back import ReadBack, read_backs
from zenlayer_spec.redaction import Redactor, secret_fields, secret_names
from zenlayer_spec.serving import Serving, serving
from zenlayer_spec.signing import Signing
from zenlayer_spec.versions import version_of
from zenlayer_spec.waiters import PollShape, poll_shape


@attrs.frozen
class ClientIdentity:
    """How the generated client names itself (`x-zc-client-identity`): a header and its value."""

    header: str
    value_template: str  # with {version}

    def value(self, version: str) -> str:
        return self.value_template.replace("{version}", version)


@attrs.frozen
class Spec:
    path: Path
    document: Mapping[str, JSON] = attrs.field(repr=False)
    title: str
    api_version: str  # info.version, the API's date version
    server_urls: tuple[str, ...]  # the first is the live service
    client_version: str  # info.x-zc-client-version
    operations: Mapping[str, Operation]  # by operationId, in the spec's order
    catalogue: Mapping[str, ErrorCode]
    keyword_codes: KeywordCodes
    guards: RequestGuards
    other_requests: OtherRequests
    not_api_answers: tuple[NotApiAnswer, ...]
    signing: Signing
    secret_names: frozenset[str]
    endpoint_path: str
    list_rules: Mapping[str, ListRules]  # by operationId, for the list operations
    poll_shapes: Mapping[str, PollShape]  # by operationId, for the operations with a waiter
    business_checks: Mapping[str, tuple[BusinessCheck, ...]]  # by operationId, in their order
    # by operationId: its request examples' values, in the spec's order (each a body every rule accepts)
    request_examples: Mapping[str, tuple[JSON, ...]]
    # (component schema, property) of every field marked x-zc-secret
    secret_fields: frozenset[tuple[str, str]]
    # optional header parameters with a default (e.g. X-ZC-Service: vm): sent on every call
    default_headers: Mapping[str, str]
    client_identity: ClientIdentity | None
    # by operationId: the JSON types of its success answer, field by field (zenlayer_spec.answers)
    answer_shapes: Mapping[str, Mapping[str, JSON]]
    # by operationId: its request fields, in the spec's order (for command lines)
    request_fields: Mapping[str, tuple[RequestField, ...]]

    @functools.cached_property
    def behaviours(self) -> Behaviours:
        """The resources, the request fields that name them, and each operation's rules, effects and list
        source, compiled (zenlayer_spec.behaviour): what the mock executes. Compiled when first asked (the
        mock and the suite ask at start; the generator never needs it), then kept."""
        return freeze(behaviours(self.document, self.operations, self.path))  # type: ignore[no-any-return]

    @functools.cached_property
    def read_backs(self) -> Mapping[str, ReadBack]:
        """By kind: the list operation that reads it back (zenlayer_spec.read_back)."""
        return read_backs(self.behaviours, self.operations, self.list_rules)

    @functools.cached_property
    def serving(self) -> Serving:
        """What a server of this contract checks and answers, by action (zenlayer_spec.serving): what the
        mock runs. Built when first asked, then kept."""
        return serving(self)

    @property
    def by_action(self) -> Mapping[str, Operation]:
        return {operation.action: operation for operation in self.operations.values()}

    @property
    def unknown_action_code(self) -> str:
        """The code of a request naming no action (read when asked: only the mock and the suite need it)."""
        return unknown_action_code(self.document, self.keyword_codes.code_for("enum"))

    def client_rules(self, operation_id: str) -> dict[str, JSON]:
        """The request rules as data for the client's local checks (a keyword the client cannot check is a
        SpecError here, asked by the generator only)."""
        return local_rules(self.document, self.operations[operation_id])

    def redactor(self, marker: str | None = None) -> Redactor:
        return Redactor(self.secret_names) if marker is None else Redactor(self.secret_names, marker=marker)


def spec_from_document(document: Mapping[str, JSON], path: Path = SPEC_PATH) -> Spec:
    try:
        document = reuse.resolved(dict(document), str(path))  # as parse_document does (idempotent)
    except reuse.ReuseError as error:
        raise SpecError(str(error)) from None
    extensions.check(document, path)  # an unknown or misplaced x-zc-* key is an error, not ignored
    ops = operations(document)
    codes = keyword_codes(document)
    lists = {op_id: rules for op_id, op in ops.items() if (rules := list_rules(document, op)) is not None}
    info = document.get("info") or {}
    # Read-only all the way down: one record is shared by every caller of load_spec() in a process.
    return freeze(  # type: ignore[no-any-return]
        _spec(document, path, ops, codes, lists, info)
    )


def _spec(
    document: Mapping[str, JSON],
    path: Path,
    ops: Mapping[str, Operation],
    codes: KeywordCodes,
    lists: Mapping[str, ListRules],
    info: Mapping[str, JSON],
) -> Spec:
    return Spec(
        path=path,
        document=document,
        title=str(info.get("title", "")),
        api_version=str(info.get("version", "")),
        server_urls=tuple(str(server["url"]) for server in document.get("servers") or []),
        client_version=str(version_of(document)),
        operations=ops,
        catalogue=error_catalogue(document),
        keyword_codes=codes,
        guards=request_guards(document),
        other_requests=other_requests(document),
        not_api_answers=not_api_answers(document),
        signing=Signing.from_document(document),
        secret_names=secret_names(document),
        endpoint_path=endpoint_path(document),
        list_rules=lists,
        poll_shapes={op_id: poll_shape(document, op) for op_id, op in ops.items() if op.waiter is not None},
        business_checks={op_id: tuple(checks) for op_id, checks in business_checks(document).items()},
        request_examples={op_id: _request_examples(document, op) for op_id, op in ops.items()},
        secret_fields=secret_fields(document),
        default_headers=_default_headers(document),
        client_identity=_client_identity(document),
        request_fields={op_id: request_fields(document, op) for op_id, op in ops.items()},
        answer_shapes={
            op_id: answer_shape(document, {"$ref": op.success_schema_pointer}, op.success_schema_pointer)
            for op_id, op in ops.items()
        },
    )


def _default_headers(document: Mapping[str, JSON]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, parameter in (document.get("components") or {}).get("parameters", {}).items():
        schema = parameter.get("schema", {})
        if parameter.get("in") == "header" and not parameter.get("required") and "default" in schema:
            if not isinstance(schema["default"], str):
                raise SpecError(f"#/components/parameters/{name}: a header's default must be a string")
            headers[str(parameter["name"])] = schema["default"]
    return headers


def _client_identity(document: Mapping[str, JSON]) -> ClientIdentity | None:
    identity = (document.get("components") or {}).get("x-zc-client-identity")
    if identity is None:
        return None
    if not isinstance(identity, Mapping) or "{version}" not in str(identity.get("value", "")):
        raise SpecError("components.x-zc-client-identity needs `header` and a `value` with {version}")
    return ClientIdentity(str(identity["header"]), str(identity["value"]))


def _request_examples(document: Mapping[str, JSON], operation: Operation) -> tuple[JSON, ...]:
    body = document["paths"][operation.pseudo_path]["post"].get("requestBody", {})
    examples = body.get("content", {}).get("application/json", {}).get("examples", {})
    return tuple(example["value"] for example in examples.values() if isinstance(example, Mapping))


@functools.cache
def load_spec(path: Path = SPEC_PATH) -> Spec:
    """The spec at `path` as records, read and checked once per process (SpecError if it cannot be)."""
    return spec_from_document(read_document(path), path)
