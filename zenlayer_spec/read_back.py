"""How an effect is observed without a waiter: each kind names the list operation that reads it back
(`x-zc-resources.<kind>.describe`, e.g. DescribeInstances), and after an accepted call the attributes an
effect sets from the request alone are expected in that list. ModifyInstancesAttribute's new name is
checked so, against any service; AWS's and Azure's SDKs read a resource back the same way (a GET after
a PATCH) where no waiter applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from zenlayer_spec.behaviour import Behaviour, Behaviours, ExpressionFailed
from zenlayer_spec.document import JSON, SpecError
from zenlayer_spec.frozen import thaw
from zenlayer_spec.lists import ListRules
from zenlayer_spec.operations import Operation

RESPONSE_FIELD = "response"


@attrs.frozen
class ReadBack:
    """What to send to read resources of one kind back, and where their fields are in the answer."""

    operation: Operation
    ids_field: str  # the request field of the list's `anyOf` id filter
    items_field: str
    id_field: str
    fields: frozenset[str]  # the listed item's fields


@attrs.frozen
class Expected:
    """After an accepted call: these resources, read back, show these answer fields with these values."""

    read_back: ReadBack
    ids: tuple[str, ...]
    fields: Mapping[str, JSON]

    def request(self) -> dict[str, JSON]:
        return {self.read_back.ids_field: list(self.ids)}

    def mismatches(self, answer: JSON) -> list[str]:
        """What the read-back answer shows otherwise than expected (an id absent included)."""
        inner = answer.get(RESPONSE_FIELD) if isinstance(answer, Mapping) else None
        items = inner.get(self.read_back.items_field) if isinstance(inner, Mapping) else None
        listed = {str(item.get(self.read_back.id_field)): item for item in items or [] if isinstance(item, Mapping)}
        found = []
        for key in self.ids:
            item = listed.get(key)
            if item is None:
                found.append(f"{key} is not listed by {self.read_back.operation.operation_id}")
                continue
            found += [
                f"{key}'s {field} is {item.get(field)!r}, not {value!r}"
                for field, value in self.fields.items()
                if item.get(field) != value
            ]
        return found


def read_backs(
    behaviours: Behaviours, operations: Mapping[str, Operation], lists: Mapping[str, ListRules]
) -> dict[str, ReadBack]:
    """By kind: how it is read back; a SpecError where a kind's `describe` cannot read it."""
    found = {}
    for kind in behaviours.kinds.values():
        if kind.describe is None:
            continue
        where = f"x-zc-resources.{kind.name}.describe"
        operation = operations.get(kind.describe)
        rules = lists.get(kind.describe)
        source = behaviours.operations[kind.describe].list_source if kind.describe in behaviours.operations else None
        id_filters = [rule for rule in (rules.filters if rules else ()) if rule.match == "anyOf"]
        if operation is None or rules is None or source is None or source.kind != kind.name or len(id_filters) != 1:
            raise SpecError(
                f"{where}: {kind.describe!r} must be an operation listing {kind.name} resources (x-zc-results "
                f"from: {kind.name}) with one `anyOf` id filter"
            )
        found[kind.name] = ReadBack(
            operation,
            id_filters[0].request_field,
            rules.items,
            id_filters[0].item_field,
            frozenset(field.name for field in source.fields),
        )
    return found


def expected(
    behaviours: Behaviours, behaviour: Behaviour, body: Mapping[str, Any], read_back: Mapping[str, ReadBack]
) -> list[Expected]:
    """What an accepted call of `behaviour` should show when read back: for each effect on resources the
    request names, the attributes it sets to values computed from the request alone (one that needs the
    world, such as ResetInstance's `variables.image`, cannot be known by a client and is left out)."""
    activation = behaviours.environment.Activation(
        {"request": thaw(body), "recycled": list(behaviours.recycled), "now": "", "newId": "", "index": 0}
    )
    found = []
    for effect in behaviour.effects:
        kind = behaviours.kinds[effect.kind]
        reader = read_back.get(kind.name)
        if reader is None or effect.action != "ids" or effect.ids is None:
            continue
        answer_names = {attribute: field for field, attribute in kind.answer_names.items()}
        fields = {}
        for attribute, expression in effect.sets:
            field = answer_names.get(attribute, attribute)
            try:
                value = expression.evaluate(activation)
            except (ExpressionFailed, RuntimeError):
                continue  # it reads the world: not something a client can predict
            if field in reader.fields:
                fields[field] = value
        try:
            ids = effect.ids.evaluate(activation)
        except (ExpressionFailed, RuntimeError):
            continue
        named = tuple(dict.fromkeys(str(item) for item in (ids if isinstance(ids, list) else [ids])))
        if fields and named:
            found.append(Expected(reader, named, fields))
    return found
