"""How a waiter reads its poll's answer: which request field takes the ids, which answer field lists
the entries, and which fields of an entry hold the id and the status. All derived from the spec: the
poll's `x-zc-results` (its list and its id filter) and the entry property whose values include the
waiter's target."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from zenlayer_spec.document import JSON, SpecError, dereference, resolve_pointer
from zenlayer_spec.lists import list_rules
from zenlayer_spec.operations import WAITER_KEY, Operation, operations

RESPONSE_FIELD = "response"  # the success envelope's inner object (docs/contract.md §3)


@attrs.frozen
class PollShape:
    """What a waiter of `operation_id` sends to its poll and reads from the answer (JSON names)."""

    operation_id: str
    poll: Operation
    ids_field: str
    items_field: str
    id_field: str
    status_field: str


def _enum_values(document: Mapping[str, JSON], schema: JSON) -> set[object]:
    schema = dereference(document, schema)
    if not isinstance(schema, Mapping):
        return set()
    values = set(schema.get("enum") or ())
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        values |= _enum_values(document, branch)
    return values


def _success_schema(document: Mapping[str, JSON], operation: Operation) -> Mapping[str, JSON]:
    raw = document["paths"][operation.pseudo_path]["post"]["responses"]["200"]
    schema = dereference(document, dereference(document, raw)["content"]["application/json"]["schema"])
    return schema if isinstance(schema, Mapping) else {}


def poll_shape(document: Mapping[str, JSON], operation: Operation) -> PollShape:
    """The shape a waiter of `operation` reads; a located SpecError if its poll cannot be read."""
    if operation.waiter is None:
        raise SpecError(f"{operation.operation_id} has no {WAITER_KEY}")
    where = f"paths.{operation.pseudo_path}.post.{WAITER_KEY}.poll"
    all_operations = operations(document)
    poll = all_operations.get(operation.waiter.poll)
    if poll is None:
        known = ", ".join(all_operations)
        raise SpecError(f"{where}: {operation.waiter.poll!r} is not an operation of the spec (it has {known})")
    rules = list_rules(document, poll)
    id_filters = [entry for entry in (rules.filters if rules else ()) if entry.match == "anyOf"]
    if rules is None or len(id_filters) != 1:
        raise SpecError(f"{where}: {poll.operation_id} must be a list (x-zc-results) with one `anyOf` id filter")
    request = dereference(document, resolve_pointer(document, poll.request_schema_pointer))
    if id_filters[0].request_field not in request.get("properties", {}):
        raise SpecError(f"{where}: {poll.operation_id}'s request has no field {id_filters[0].request_field}")
    inner = dereference(document, _success_schema(document, poll).get("properties", {}).get(RESPONSE_FIELD, {}))
    listed = dereference(document, inner.get("properties", {}).get(rules.items, {}))
    entry = dereference(document, listed.get("items", {})) if isinstance(listed, Mapping) else {}
    properties = entry.get("properties", {}) if isinstance(entry, Mapping) else {}
    # The status field holds the target; for a wait until the resource is gone, its pending status.
    known = operation.waiter.pending[0] if operation.waiter.target_is_absent else operation.waiter.target
    statuses = [name for name, schema in properties.items() if known in _enum_values(document, schema)]
    if id_filters[0].item_field not in properties or len(statuses) != 1:
        raise SpecError(
            f"{where}: an entry of {poll.operation_id}'s `{rules.items}` needs the id field "
            f"{id_filters[0].item_field} and one field whose values include {known!r}"
        )
    return PollShape(
        operation_id=operation.operation_id,
        poll=poll,
        ids_field=id_filters[0].request_field,
        items_field=rules.items,
        id_field=id_filters[0].item_field,
        status_field=statuses[0],
    )
