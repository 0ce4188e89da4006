"""Executes a valid request as the spec's behaviour says (zenlayer_spec.behaviour): the business rules in
their order, then the effects (change, create, delete), then the answer (a page of a list, or the
success example's fields with those `x-zc-answer` computes).

Everything runs without awaiting, so a check and the change it guards are atomic on the event loop:
two concurrent resets of one instance cannot both pass the STOPPED check. All ids and values of the
effects are computed before any is applied (all or nothing).
"""

from __future__ import annotations

import itertools
import logging
import random
import time
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from mock_server.contract import ApiError, check_rule
from mock_server.world import GONE, World
from zenlayer_spec.behaviour import (
    AnswerField,
    Behaviour,
    Behaviours,
    Expression,
    ExpressionFailed,
    ListSource,
    Rule,
    values_at,
)
from zenlayer_spec.lists import ListRules, sort_key
from zenlayer_spec.request_check import BYTE_LIMIT_KEY

logger = logging.getLogger("mock_server")
# The answer to a breach of a schema extension at its place among the rules (None: none).
ExtensionCheck = Callable[[Mapping[str, Any]], ApiError | None]


def execute(
    behaviour: Behaviour,
    behaviours: Behaviours,
    world: World,
    body: Mapping[str, Any],
    now: float,
    extension_error: ExtensionCheck,
    list_rules: ListRules | None,
    wall_time: float | None = None,
    creation_fails: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    """The fields of the success answer (beside requestId), or raises the ApiError of the first failing rule.
    `wall_time`: what `now` says in expressions (default: the machine's clock); `creation_fails`: asked per
    created resource whether it ends in its effect's `failed` status (the mock's create fault)."""
    named: dict[str, set[str]] = {}
    for field in behaviours.resource_fields[behaviour.operation_id]:
        for value in values_at(body, field.path):
            if isinstance(value, str):
                named.setdefault(field.kind, set()).add(value)
    rules_view = world.view_of(named, now, behaviour.whole_kinds)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if wall_time is None else wall_time))
    data: dict[str, Any] = {"request": body, "recycled": list(behaviours.recycled), "now": stamp, **rules_view}
    activation = behaviours.environment.Activation(data)
    _check(behaviour.rules, behaviours, data, activation, body, extension_error)
    created = _apply(behaviour, behaviours, world, data, activation, now, creation_fails)
    if behaviour.list_source is not None and list_rules is not None:
        return _page(behaviour.list_source, behaviours, world, now, data, body, list_rules)
    answer = dict(behaviour.example_response)
    if behaviour.answer:
        after = behaviours.environment.Activation({**data, "created": created})
        answer.update((field, stable(_value(expression, after))) for field, expression in behaviour.answer)
    return answer


def _check(
    rules: tuple[Rule, ...],
    behaviours: Behaviours,
    data: dict[str, Any],
    activation: Any,  # noqa: ANN401 - a CEL activation
    body: Mapping[str, Any],
    extension_error: ExtensionCheck,
) -> None:
    """Each rule in order; consecutive rules with the same `each` run per element, all for one element first."""
    for field, grouped in itertools.groupby(rules, key=lambda rule: rule.each):
        group = list(grouped)
        if field is None:
            for rule in group:
                _hold(rule, activation, body, extension_error, None)
            continue
        items = body.get(field) or []
        for item in dict.fromkeys(items) if all(isinstance(i, str) for i in items) else items:
            per_item = behaviours.environment.Activation({**data, "item": item})
            for rule in group:
                _hold(rule, per_item, body, extension_error, item)


def _hold(
    rule: Rule,
    activation: Any,  # noqa: ANN401 - a CEL activation
    body: Mapping[str, Any],
    extension_error: ExtensionCheck,
    item: object,
) -> None:
    if rule.expression is None:
        # Held by the schema: a keyword was checked with it already; an extension is checked here.
        if rule.enforced_by == BYTE_LIMIT_KEY and (failure := extension_error(body)):
            raise attrs.evolve(failure, rule=check_rule(rule.id))
        return
    about = f" ({item!r})" if item is not None else ""
    try:
        held = rule.expression.evaluate(activation)
    except ExpressionFailed as error:
        # The rule cannot hold over this request (a key it needs is absent): it fails, with its own code.
        logger.info("rule %r could not be evaluated: %s", rule.check, error)
        held = False
    if held is not True:
        raise ApiError(rule.code, _message(rule, activation, about), rule=check_rule(rule.id))


def _message(rule: Rule, activation: Any, about: str) -> str:  # noqa: ANN401 - a CEL activation
    """What is, said by the check's message expression; the check's prose where it has none or it cannot
    be evaluated (a refusal always gets a message)."""
    if rule.message is not None:
        try:
            said = rule.message.evaluate(activation)
        except ExpressionFailed:
            said = None
        if isinstance(said, str) and said:
            return said
    return f"check failed: {rule.check}{about}"


def _apply(
    behaviour: Behaviour,
    behaviours: Behaviours,
    world: World,
    data: dict[str, Any],
    activation: Any,  # noqa: ANN401 - a CEL activation
    now: float,
    creation_fails: Callable[[], bool] | None,
) -> dict[str, list[str]]:
    """Every effect, all computed before any is applied (all or nothing); the ids created, by world name."""
    changes: list[Callable[[], None]] = []
    created: dict[str, list[str]] = {kind.world: [] for kind in behaviours.kinds.values()}
    seconds = world.transition_seconds
    for effect in behaviour.effects:
        kind = behaviours.kinds[effect.kind]
        if effect.action == "create":
            count = _value(effect.count, activation) if effect.count is not None else 0
            for index in range(count if isinstance(count, int) and not isinstance(count, bool) else 0):
                new_id = world.new_id(kind)
                per_item = behaviours.environment.Activation({**data, "newId": new_id, "index": index})
                attributes = {attribute.name: attribute.fresh_default() for attribute in kind.attributes}
                attributes.update((name, _value(expression, per_item)) for name, expression in effect.sets)
                attributes[kind.id] = new_id
                lifecycle = list(effect.lifecycle)
                if lifecycle and effect.failed is not None and creation_fails is not None and creation_fails():
                    lifecycle[-1] = effect.failed
                created[kind.world].append(new_id)
                changes.append(_creation(world, kind.name, new_id, attributes, kind.status, lifecycle, now, seconds))
            continue
        ids = _value(effect.ids, activation) if effect.ids is not None else None
        named = ids if isinstance(ids, list) else [ids]
        # A value that cannot be computed (a spec slip) leaves its attribute as it was, rather than null.
        values = [
            (attribute, value)
            for attribute, expression in effect.sets
            if (value := _value(expression, activation)) is not None
        ]
        for key in dict.fromkeys(str(item) for item in named if item is not None):
            resource = world.get(kind.name, key, now)
            if resource is None:  # the rules have checked existence; an unchecked id changes nothing
                continue
            statuses: list[str | None] = list(effect.lifecycle)
            if effect.action == "delete":
                statuses.append(GONE)
            changes.append(_change(resource, values, statuses, now, seconds))
    for change in changes:
        change()
    return created


def _creation(
    world: World,
    kind: str,
    key: str,
    attributes: dict[str, Any],
    status: str | None,
    statuses: list[str],
    now: float,
    seconds: float,
) -> Callable[[], None]:
    def apply() -> None:
        resource = world.add(kind, key, attributes)
        if statuses:
            assert status is not None  # the spec refuses a lifecycle on a kind without a status
            resource.start_lifecycle(statuses, now, seconds)

    return apply


def _change(
    resource: Any,  # noqa: ANN401 - a world Resource
    values: list[tuple[str, Any]],
    statuses: list[str | None],
    now: float,
    seconds: float,
) -> Callable[[], None]:
    def apply() -> None:
        for attribute, value in values:
            resource.attributes[attribute] = value
        if statuses:
            resource.start_lifecycle(statuses, now, seconds)

    return apply


def _value(expression: Expression, activation: Any) -> Any:  # noqa: ANN401 - CEL values
    try:
        return expression.evaluate(activation)
    except ExpressionFailed:
        return None


def _page(
    source: ListSource,
    behaviours: Behaviours,
    world: World,
    now: float,
    data: dict[str, Any],
    body: Mapping[str, Any],
    rules: ListRules,
) -> dict[str, Any]:
    kind = behaviours.kinds[source.kind]
    fields = {field.name: field for field in source.fields}
    records = [resource.attributes for resource in _candidates(source, kind.name, kind.id, world, now, body, rules)]
    rendered: Callable[[AnswerField, Mapping[str, Any]], Any] = _rendered
    if source.render:
        # A field computed over the world (a join, an object) sees the item and every resource it refers
        # to (its zone, its image...), as a rule sees what its request names: the cost of an item does not
        # grow with the world.
        activations: dict[str, Any] = {}  # by item id: one view of its world for all its fields

        def rendered(field: AnswerField, record: Mapping[str, Any]) -> Any:  # noqa: ANN401 - a JSON value
            expression = source.render.get(field.name)
            if expression is None:
                return _rendered(field, record)
            key = str(record[kind.id])
            if key not in activations:
                around = world.view_of({kind.name: {key}}, now)
                activations[key] = behaviours.environment.Activation({**data, **around, "item": record})
            return stable(_value(expression, activations[key]))

    # Filters first, on each record's rendered field (the answer's value), so that only the kept ones
    # are rendered whole: a filtered list costs what it returns, not what the world holds.
    for rule in rules.filters:
        wanted = body.get(rule.request_field)
        field = fields.get(rule.item_field)
        if field is None or not rule.applies(wanted):
            continue  # absent (or an empty list of alternatives): no filter
        if rule.match == "anyOf" and isinstance(wanted, list):
            allowed = set(wanted)
            records = [record for record in records if rendered(field, record) in allowed]
        else:
            records = [record for record in records if rule.keeps(wanted, rendered(field, record))]
    if source.where is not None:
        records = [record for record in records if _value(source.where, _with_item(behaviours, data, record)) is True]
    items = [{field.name: rendered(field, record) for field in source.fields} for record in records]
    items.sort(key=lambda item: sort_key(item.get(rules.sorted_by)), reverse=rules.descending)
    number = int(body.get(rules.page_number, rules.default_page_number))
    size = int(body.get(rules.page_size, rules.default_page_size))
    start = (number - 1) * size
    return {rules.total: len(items), rules.items: items[start : start + size]}


def _candidates(
    source: ListSource,
    kind: str,
    id_attribute: str,
    world: World,
    now: float,
    body: Mapping[str, Any],
    rules: ListRules,
) -> list[Any]:
    """The resources a list can answer: those a filter on the kind's own id names, when there is one (a
    lookup, not a scan: a request naming two instances costs the same in a world of thousands), else all.
    In the world's order either way, so that items with equal sort keys keep their place."""
    table = world.resources[kind]
    for rule in rules.filters:
        wanted = body.get(rule.request_field)
        field = next((field for field in source.fields if field.name == rule.item_field), None)
        if (
            rule.match == "anyOf"
            and field is not None
            and field.attribute == id_attribute
            and field.name not in source.render
            and isinstance(wanted, list)
            and wanted
            and all(isinstance(item, str) for item in wanted)
        ):
            named = set(wanted)
            keys = [key for key in table if key in named]
            return [resource for key in keys if (resource := world.get(kind, key, now)) is not None]
    return list(world.live(kind, now).values())


def stable(value: Any) -> Any:  # noqa: ANN401 - a JSON value
    """A value computed by CEL with its objects' keys sorted: CEL's maps have no order, and a seeded run
    must answer byte for byte alike."""
    if isinstance(value, dict):
        return {key: stable(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [stable(item) for item in value]
    return value


def _rendered(field: AnswerField, record: Mapping[str, Any]) -> Any:  # noqa: ANN401 - a JSON value
    value = record.get(field.attribute)
    return str(value) if field.as_string and isinstance(value, int) else value


def _with_item(behaviours: Behaviours, data: dict[str, Any], item: Mapping[str, Any]) -> Any:  # noqa: ANN401
    return behaviours.environment.Activation({**data, "item": item})


def seeded_failures(rate: float, seed: int) -> Callable[[], bool] | None:
    """The mock's create fault: each created resource fails with probability `rate` (seeded draws)."""
    if rate <= 0:
        return None
    draws = random.Random(seed)
    return lambda: draws.random() < rate
