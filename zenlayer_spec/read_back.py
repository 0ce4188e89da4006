"""How an effect is observed without a waiter: each kind names the list operation that reads it back
(`x-zc-resources.<kind>.describe`, e.g. DescribeInstances), and after an accepted call the attributes an
effect sets from the request alone are expected in that list. ModifyInstancesAttribute's new name is
checked so, against any service; AWS's and Azure's SDKs read a resource back the same way (a GET after
a PATCH) where no waiter applies.

And what an effect must leave alone (its frame, as model-based testing calls it): every resource of the
kinds a call's effects act on is listed before and after the call. After an accepted call, those the
effects do not name are as they were, and a new one appears only where the answer names it; after a
refused one, nothing changed at all. A status that changes by itself (`x-zc-transitional`) may move on
meanwhile. A delete that removes more than it names, or a refused request with an effect, is caught so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


@attrs.frozen
class Frame:
    """One kind a call's effects act on: how to list all of it, and which resources the call names."""

    kind: str
    read_back: ReadBack
    rules: ListRules
    status_field: str | None  # the answer field of the kind's status
    named: frozenset[str]  # what the effects act on, computed from the request


# A frame is listed in pages as large as the list allows (its default size where it states no maximum),
# up to this many: a world larger than that is not one a contract run should list whole at every change.
MAX_FRAME_PAGES = 20


def frames(
    behaviours: Behaviours,
    behaviour: Behaviour,
    body: Mapping[str, Any],
    read_backs_by_kind: Mapping[str, ReadBack],
    lists: Mapping[str, ListRules],
) -> list[Frame]:
    """The frames of a call of `behaviour`: one per kind its effects act on that can be read back, where
    the ids they act on follow from the request alone (an effect on what the world refers to is left out:
    a client cannot know which resources it names)."""
    activation = behaviours.environment.Activation(
        {"request": thaw(body), "recycled": list(behaviours.recycled), "now": "", "newId": "", "index": 0}
    )
    named: dict[str, set[str]] = {}
    unknowable: set[str] = set()
    for effect in behaviour.effects:
        if effect.action == "create":
            named.setdefault(effect.kind, set())
            continue
        try:
            ids = effect.ids.evaluate(activation) if effect.ids is not None else None
        except (ExpressionFailed, RuntimeError):
            unknowable.add(effect.kind)
            continue
        listed = ids if isinstance(ids, list) else [ids]
        named.setdefault(effect.kind, set()).update(str(item) for item in listed if item is not None)
    found = []
    for name, ids in named.items():
        reader, kind = read_backs_by_kind.get(name), behaviours.kinds[name]
        rules = lists.get(reader.operation.operation_id) if reader is not None else None
        if reader is None or rules is None or name in unknowable:
            continue
        status = next((field for field, attribute in kind.answer_names.items() if attribute == kind.status), None)
        found.append(Frame(name, reader, rules, status or kind.status, frozenset(ids)))
    return found


def listed(frame: Frame, send: Callable[[dict[str, JSON]], JSON]) -> dict[str, Mapping[str, JSON]] | None:
    """Every resource of the frame's kind by id, page by page through `send` (a request body -> the
    answer's JSON); None when an answer is not a page of the list (the list's own check says why)."""
    found: dict[str, Mapping[str, JSON]] = {}
    rules = frame.rules
    for page in range(1, MAX_FRAME_PAGES + 1):
        answer = send({rules.page_number: page, rules.page_size: rules.largest_page_size or rules.default_page_size})
        inner = answer.get(RESPONSE_FIELD) if isinstance(answer, Mapping) else None
        items = inner.get(rules.items) if isinstance(inner, Mapping) else None
        total = inner.get(rules.total) if isinstance(inner, Mapping) else None
        if not isinstance(items, list) or not isinstance(total, int):
            return None
        for item in items:
            if isinstance(item, Mapping):
                found[str(item.get(frame.read_back.id_field))] = item
        if not items or len(found) >= total:
            return found
    return None


def frame_problems(
    frame: Frame,
    before: Mapping[str, Mapping[str, JSON]],
    after: Mapping[str, Mapping[str, JSON]],
    accepted: bool,
    answer: JSON,
    transitional: frozenset[str],
    secret: frozenset[str] = frozenset(),
) -> list[str]:
    """What changed outside the frame (see the module): after an accepted call, any resource the effects
    do not name; after a refused one, any at all. A status in `transitional` may have moved on. The values
    of fields named in `secret` are not shown."""
    why = "the request does not name it" if accepted else "the request was refused"
    problems = []
    for key, item in before.items():
        if accepted and key in frame.named:
            continue
        now = after.get(key)
        if now is None:
            problems.append(f"{frame.kind} {key} is gone, though {why}")
            continue
        for field in sorted(item.keys() | now.keys()):
            if item.get(field) == now.get(field):
                continue
            if field == frame.status_field and item.get(field) in transitional:
                continue  # it was on its way (a transition of its own)
            shown = "changed" if field in secret else f"went {item.get(field)!r} -> {now.get(field)!r}"
            problems.append(f"{frame.kind} {key}'s {field} {shown}, though {why}")
            break
    mentioned = set(_strings(answer)) if accepted else set()
    for key in sorted(after.keys() - before.keys()):
        if key not in mentioned:
            problems.append(f"{frame.kind} {key} appeared, and the answer names no such {frame.kind}")
    return problems


def _strings(node: JSON) -> list[str]:
    stack, found = [node], []
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
