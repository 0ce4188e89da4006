"""Turn the spec into the data the client templates render: operations, exception classes, local
check rules, signing constants, waiters and secret fields.

This is the generator's parser side; the templates in `generator/templates/` only lay it out. Every
fact comes from the spec through `zenlayer_spec`; a constraint the local checks could not enforce
exactly is a generation error, never silently skipped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs
from openapi_python_client.strings import snake_case

from zenlayer_spec import Spec, SpecError
from zenlayer_spec.behaviour import resource_fields
from zenlayer_spec.operations import ACTION_HEADER, VERSION_HEADER, Operation, Waiter
from zenlayer_spec.pointers import LineIndex
from zenlayer_spec.pointers import join as join_pointer
from zenlayer_spec.request_check import MESSAGES
from zenlayer_spec.signing import AUTHORIZATION_HEADER

# Words of an error code that read better with an inner capital in a class name.
_CLASS_NAME_WORDS = {"AUTHFAILURE": "AuthFailure"}


@attrs.frozen
class ErrorClass:
    code: str
    class_name: str
    status: int
    description: str


@attrs.frozen
class NotApiClass:
    code: str
    class_name: str
    status: int
    description: str
    header_name: str | None
    header_value: str | None


@attrs.frozen
class OperationData:
    operation_id: str
    action: str
    api_version: str
    changes_state: bool
    request_model: str
    response_model: str
    # What `sync` returns: the envelope's `response`, by its component name.
    result_model: str
    # The HTTP statuses of the error answers the spec declares for it.
    error_statuses: tuple[int, ...]
    # Where openapi-python-client puts its module, e.g. api.instances.reset_instance.
    api_module: str = ""
    # The operation that tells whether it took effect (its waiter's `poll`), if it has a waiter.
    poll_action: str | None = None


@attrs.frozen
class WaiterData:
    """A waiter of the spec, with the names the client gives it and what it reads from its poll."""

    operation_id: str
    function_name: str  # wait_for_<operation>: two operations may wait for the same status
    spec: Waiter
    # The name waiters had before 2027.1.0 (wait_until_<status>), kept as a deprecated alias by the
    # first operation in the spec's order that waits for that status.
    alias: str | None
    # The poll (x-zc-waiter's `poll`): its module under the package, its request and answer models.
    poll_operation_id: str
    poll_module: str
    poll_function: str
    poll_request_model: str
    poll_response_model: str
    poll_result_model: str
    # Python names: the request's id list, the answer's entry list, an entry's id and status.
    ids_field: str
    items_field: str
    id_field: str
    status_field: str
    # The kind of resource waited for (its poll's list: `x-zc-results.from`), which names the waiter API
    # of that kind (wait_for_instances).
    kind: str = ""


@attrs.frozen
class CommandField:
    """One option of a `zenlayer-vm` command: a request field, with the Python name of its model."""

    name: str  # JSON name
    option: str  # --kebab-case
    python_name: str
    json_type: str
    item_type: str | None
    required: bool
    help: str
    choices: tuple[str, ...] | None
    default: Any
    secret: bool


@attrs.frozen
class CommandData:
    """One `zenlayer-vm` command: an operation of the spec."""

    name: str  # kebab-case operationId
    operation_id: str
    summary: str
    api_module: str
    request_model: str
    fields: tuple[CommandField, ...]
    # With a waiter: the function that waits, and the request field holding the instance id(s).
    waiter_function: str | None
    wait_field: str | None
    wait_timeout_seconds: float | None
    # Whether it changes state (then confirmed before it is sent), and the request fields naming resources.
    changes_state: bool = False
    resource_fields: tuple[str, ...] = ()
    # A paged list: the paginator `--all` runs (paginators.py).
    paginator: str | None = None
    # The ids waited for are in the answer's `response` (what the call made), not the request.
    wait_from_answer: bool = False


@attrs.frozen
class PaginatorData:
    """A lazy iterator over every item of a paged list (`x-zc-results` with `page`)."""

    operation_id: str
    function_name: str  # iter_<operation>; its async twin is aiter_<operation>
    api_module: str
    request_model: str
    result_model: str
    # Python attribute names of the request's page number and size, the answer's items and total.
    page_number: str
    page_size: str
    items: str
    total: str
    first_page: int
    default_page_size: int


@attrs.frozen
class ContractData:
    """Everything the templates need, already checked and in a stable order."""

    title: str
    api_version: str
    # The client's version: the spec's info.x-zc-client-version (semver; spec_diff.versions says how it moves).
    package_version: str
    default_base_url: str
    # The one path every operation is sent to, relative to the base URL (the pseudo-paths without `#...`).
    endpoint_path: str
    operations: tuple[OperationData, ...]
    error_classes: tuple[ErrorClass, ...]
    # Answers of the network in front of the API (`x-zc-not-api-answers`), each its own exception.
    not_api_classes: tuple[NotApiClass, ...]
    keyword_codes: Mapping[str, str]
    fallback_code: str
    # operationId -> {"required": [...], "fields": {name: rule kwargs}, "exclusive": [[...]], ...}
    check_rules: Mapping[str, Mapping[str, Any]]
    # rule -> message template, the same table the mock answers with (zenlayer_spec.request_check).
    check_messages: Mapping[str, str]
    signature: Mapping[str, Any]
    waiters: tuple[WaiterData, ...]
    # (component schema name, JSON property name) of every secret field
    secret_fields: frozenset[tuple[str, str]]
    rate_limit_codes: tuple[str, ...]
    # Headers sent with every call: optional header parameters with a default (X-ZC-Service), and the
    # client's own identity (`x-zc-client-identity`, with the client's version filled in).
    common_headers: Mapping[str, str]
    # operationId -> the JSON types of its success body, field by field (see _shape)
    response_shapes: Mapping[str, Any]
    # The `zenlayer-vm` console script's commands, one per operation.
    commands: tuple[CommandData, ...] = ()
    # SHA-256 of the spec file's bytes, set by the build.
    spec_sha256: str = ""
    # The header names the client sends by name (the action, the version, the credentials).
    headers: Mapping[str, str] = attrs.field(factory=dict)
    paginators: tuple[PaginatorData, ...] = ()
    # operationId -> its request examples (a body every rule accepts), for the README's example.
    request_examples: Mapping[str, tuple[Any, ...]] = attrs.field(factory=dict)


def class_name_for(code: str) -> str:
    words = [_CLASS_NAME_WORDS.get(word, word.capitalize()) for word in code.split("_")]
    name = "".join(words)
    return name if name.endswith("Error") else f"{name}Error"


def _component_name(pointer: str) -> str:
    prefix = "#/components/schemas/"
    if not pointer.startswith(prefix):
        raise SpecError(f"{pointer}: request and response bodies must be component schemas")
    return pointer[len(prefix) :]


def _api_module(operation: Operation) -> str:
    """Where openapi-python-client puts an operation: api/<first tag>/<operationId>, in snake case."""
    tag = operation.tags[0] if operation.tags else "default"
    return f"api.{snake_case(tag)}.{snake_case(operation.operation_id)}"


# The waiters' names before 2027.1.0 were wait_until_<status>, for these statuses only: kept as
# deprecated aliases, and no new ones are made (a new waiter is named after its operation).
PRE_2027_ALIAS_TARGETS = frozenset({"RUNNING", "STOPPED"})


def waiter_function(operation_id: str) -> str:
    return f"wait_for_{snake_case(operation_id)}"


def _waiter_data(spec: Spec, operation: Operation, alias: str | None) -> WaiterData:
    assert operation.waiter is not None
    shape = spec.poll_shapes[operation.operation_id]
    return WaiterData(
        operation_id=operation.operation_id,
        function_name=waiter_function(operation.operation_id),
        spec=operation.waiter,
        alias=alias,
        poll_operation_id=shape.poll.operation_id,
        poll_module=_api_module(shape.poll),
        poll_function=snake_case(shape.poll.operation_id),
        poll_request_model=_component_name(shape.poll.request_schema_pointer),
        poll_response_model=_component_name(shape.poll.success_schema_pointer),
        poll_result_model=_result_model(shape.poll),
        ids_field=snake_case(shape.ids_field),
        items_field=snake_case(shape.items_field),
        id_field=snake_case(shape.id_field),
        status_field=snake_case(shape.status_field),
        kind=str((spec.document["paths"][shape.poll.pseudo_path]["post"].get("x-zc-results") or {}).get("from", "")),
    )


def _result_model(operation: Operation) -> str:
    if not operation.result_schema_pointer:
        raise SpecError(
            f"{operation.success_schema_pointer}/properties/response: must be a $ref to a component schema "
            "(the client's `sync` returns it by that name)"
        )
    return _component_name(operation.result_schema_pointer)


def _kebab(name: str) -> str:
    return snake_case(name).replace("_", "-")


def _with_json_example(spec: Spec, operation: Operation, name: str, description: str) -> str:
    """An object option is given as JSON: its help says so, with the value a request example of the spec
    gives it (none is invented)."""
    example = next(
        (
            json.dumps(body[name], separators=(", ", ": "))
            for body in spec.request_examples.get(operation.operation_id, ())
            if isinstance(body, Mapping) and name in body
        ),
        None,
    )
    return f"{description} As a JSON object" + (f", e.g. '{example}'." if example else ".")


def paginator_function(operation_id: str) -> str:
    """`DescribeImages` -> iter_describe_images (the async twin: aiter_...)."""
    return f"iter_{snake_case(operation_id)}"


def _command(spec: Spec, operation: Operation) -> CommandData:
    fields = tuple(
        CommandField(
            name=field.name,
            option=f"--{_kebab(field.name)}",
            python_name=snake_case(field.name),
            json_type=field.json_type,
            item_type=field.item_type,
            required=field.required,
            help=_with_json_example(spec, operation, field.name, field.description)
            if field.json_type == "object"
            else field.description,
            choices=field.choices,
            default=field.default,
            secret=field.secret,
        )
        for field in spec.request_fields[operation.operation_id]
    )
    waiter, wait_field = None, None
    if operation.waiter is not None:
        names = {field.name for field in fields}
        # The field the waiter's `ids` names (the spec says it; no name is guessed): the request's, or the
        # answer's for the ids of what the call made.
        from_answer = operation.waiter.ids_from_answer
        wait_field = operation.waiter.ids_field if from_answer or operation.waiter.ids_field in names else None
        waiter = waiter_function(operation.operation_id) if wait_field else None
    return CommandData(
        name=_kebab(operation.operation_id),
        operation_id=operation.operation_id,
        summary=operation.summary or operation.operation_id,
        api_module=_api_module(operation),
        request_model=_component_name(operation.request_schema_pointer),
        fields=fields,
        waiter_function=waiter,
        wait_field=wait_field,
        wait_timeout_seconds=operation.waiter.timeout_seconds if operation.waiter is not None and waiter else None,
        changes_state=operation.changes_state,
        resource_fields=tuple(
            dict.fromkeys(field.path[0] for field in resource_fields(spec.document, operation) if field.path)
        ),
        paginator=paginator_function(operation.operation_id) if operation.operation_id in spec.list_rules else None,
        wait_from_answer=bool(waiter) and operation.waiter is not None and operation.waiter.ids_from_answer,
    )


def _common_headers(spec: Spec) -> dict[str, str]:
    headers = dict(spec.default_headers)
    if spec.client_identity is not None:
        headers[spec.client_identity.header] = spec.client_identity.value(spec.client_version)
    return headers


def contract_data(spec: Spec) -> ContractData:
    """Everything the client templates need, from the spec's records."""
    catalogue = spec.catalogue
    mapping = spec.keyword_codes
    ops = spec.operations
    classes = tuple(
        ErrorClass(
            code=entry.code, class_name=class_name_for(entry.code), status=entry.status, description=entry.description
        )
        for entry in catalogue.values()
    )
    not_api = tuple(
        NotApiClass(
            code=answer.code,
            class_name=class_name_for(answer.code),
            status=answer.status,
            description=answer.description,
            header_name=answer.header_name,
            header_value=answer.header_value,
        )
        for answer in spec.not_api_answers
    )
    signing = spec.signing
    aliases: dict[str, str] = {}
    for operation in ops.values():
        if operation.waiter is not None and operation.waiter.target in PRE_2027_ALIAS_TARGETS:
            aliases.setdefault(f"wait_until_{operation.waiter.target.lower()}", operation.operation_id)
    by_operation = {operation_id: alias for alias, operation_id in aliases.items()}
    waiters = tuple(
        _waiter_data(spec, operation, by_operation.get(operation.operation_id))
        for operation in ops.values()
        if operation.waiter is not None
    )
    commands = tuple(_command(spec, operation) for operation in ops.values())
    paginators = tuple(
        PaginatorData(
            operation_id=operation.operation_id,
            function_name=paginator_function(operation.operation_id),
            api_module=_api_module(operation),
            request_model=_component_name(operation.request_schema_pointer),
            result_model=_result_model(operation),
            page_number=snake_case(rules.page_number),
            page_size=snake_case(rules.page_size),
            items=snake_case(rules.items),
            total=snake_case(rules.total),
            first_page=rules.default_page_number,
            default_page_size=rules.default_page_size,
        )
        for operation in ops.values()
        if (rules := spec.list_rules.get(operation.operation_id)) is not None
    )
    check_unique_names(spec, classes, not_api, waiters, commands)
    package_version = spec.client_version
    return ContractData(
        title=spec.title,
        endpoint_path=spec.endpoint_path,
        api_version=spec.api_version,
        package_version=package_version,
        default_base_url=spec.server_urls[0],
        operations=tuple(
            OperationData(
                operation_id=operation.operation_id,
                action=operation.action,
                api_version=operation.api_version,
                changes_state=operation.changes_state,
                request_model=_component_name(operation.request_schema_pointer),
                response_model=_component_name(operation.success_schema_pointer),
                result_model=_result_model(operation),
                error_statuses=tuple(operation.error_codes),
                api_module=_api_module(operation),
                poll_action=operation.waiter.poll if operation.waiter is not None else None,
            )
            for operation in ops.values()
        ),
        error_classes=classes,
        not_api_classes=not_api,
        keyword_codes=dict(mapping.by_keyword),
        fallback_code=mapping.fallback,
        check_rules={operation_id: spec.client_rules(operation_id) for operation_id in ops},
        check_messages=dict(MESSAGES),
        signature={
            "algorithm": signing.algorithm,
            "canonicalMethod": signing.canonical_method,
            "canonicalPath": signing.canonical_path,
            "canonicalQuery": signing.canonical_query,
            "signedHeaders": signing.signed_headers,
            "timestampHeader": signing.timestamp_header,
            "signatureMethodHeader": signing.method_header,
            "clockSkewSeconds": signing.clock_skew_seconds,
        },
        waiters=waiters,
        secret_fields=spec.secret_fields,
        rate_limit_codes=tuple(entry.code for entry in catalogue.values() if entry.status == 429),
        common_headers=_common_headers(spec),
        response_shapes=spec.answer_shapes,
        commands=commands,
        headers={"action": ACTION_HEADER, "version": VERSION_HEADER, "credentials": AUTHORIZATION_HEADER},
        request_examples=spec.request_examples,
        paginators=paginators,
    )


def check_unique_names(
    spec: Spec,
    classes: tuple[ErrorClass, ...],
    not_api: tuple[NotApiClass, ...],
    waiters: tuple[WaiterData, ...],
    commands: tuple[CommandData, ...],
) -> None:
    """No two generated identifiers may be the same: a clash is a SpecError naming both sources (their
    place in the spec, with its line), before any file is written."""
    lines = LineIndex(spec.path.read_text(encoding="utf-8")) if spec.path.is_file() else None

    def where(pointer: str) -> str:
        line = lines.line(pointer) if lines is not None else None
        return f"{spec.path}:{line} {pointer}" if line else pointer

    operations = {operation.operation_id: operation for operation in spec.operations.values()}

    def operation_pointer(operation_id: str, *parts: str) -> str:
        return join_pointer("/paths", operations[operation_id].pseudo_path, "post", *parts)

    named: list[tuple[str, str, str]] = []  # (identifier, what it is, where it comes from)
    for error in classes:
        named.append((error.class_name, "error class", join_pointer("/components/x-zc-error-codes", error.code)))
    for answer in not_api:
        named.append((answer.class_name, "error class", join_pointer("/components/x-zc-not-api-answers")))
    for waiter in waiters:
        origin = operation_pointer(waiter.operation_id, "x-zc-waiter")
        named.append((waiter.function_name, "waiter function", origin))
        named.append((f"{snake_case(waiter.operation_id).upper()}_WAITER", "waiter constant", origin))
        if waiter.alias:
            named.append((waiter.alias, "deprecated waiter alias", origin))
    for command in commands:
        named.append((command.name, "zenlayer-vm command", operation_pointer(command.operation_id, "operationId")))
    seen: dict[str, tuple[str, str]] = {}
    for identifier, what, origin in named:
        if identifier in seen:
            first_what, first_origin = seen[identifier]
            raise SpecError(
                f"the generated name {identifier!r} comes from two places:\n"
                f"  the {first_what} of {where(first_origin)}\n  the {what} of {where(origin)}\n"
                "fix: rename one of them in the spec"
            )
        seen[identifier] = (what, origin)
