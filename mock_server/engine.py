"""Executes a valid request as the spec's behaviour says (zenlayer_spec.behaviour): the business rules in
their order, then the effects, then the answer (a page of a list, or the success example's fields).

Everything runs without awaiting, so a check and the change it guards are atomic on the event loop:
two concurrent resets of one instance cannot both pass the STOPPED check. All ids and values of the
effects are computed before any is applied (all or nothing).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from mock_server.contract import ApiError, check_rule
from mock_server.world import World
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
from zenlayer_spec.lists import ListRules
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
) -> dict[str, Any]:
    """The fields of the success answer (beside requestId), or raises the ApiError of the first failing rule."""
    named: dict[str, set[str]] = {}
    for field in behaviours.resource_fields[behaviour.operation_id]:
        for value in values_at(body, field.path):
            if isinstance(value, str):
                named.setdefault(field.kind, set()).add(value)
    rules_view = world.view_of(named, now)
    data: dict[str, Any] = {"request": body, "recycled": list(behaviours.recycled), **rules_view}
    activation = behaviours.environment.Activation(data)
    _check(behaviour.rules, behaviours, data, activation, body, extension_error)
    _apply(behaviour, world, activation, now)
    if behaviour.list_source is not None and list_rules is not None:
        return _page(behaviour.list_source, behaviours, world, now, data, body, list_rules)
    return dict(behaviour.example_response)


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


def _apply(behaviour: Behaviour, world: World, activation: Any, now: float) -> None:  # noqa: ANN401
    changes = []
    for effect in behaviour.effects:
        ids = _value(effect.ids, activation)
        named = ids if isinstance(ids, list) else [ids]
        # A value that cannot be computed (a spec slip) leaves its attribute as it was, rather than null.
        values = [
            (attribute, value)
            for attribute, expression in effect.sets
            if (value := _value(expression, activation)) is not None
        ]
        records = world.resources[effect.kind]
        for key in dict.fromkeys(str(item) for item in named):
            if key in records:  # the rules have checked existence; an unchecked id changes nothing
                changes.append((records[key], effect.pending, effect.target, values))
    for resource, pending, target, values in changes:
        if pending is not None and target is not None:
            resource.start_change(pending, target, now, world.transition_seconds)
        for attribute, value in values:
            resource.attributes[attribute] = value


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
    records = [resource.resolve(now) for resource in world.resources[kind.name].values()]
    fields = {field.name: field for field in source.fields}
    # Filters first, on each record's rendered field (the answer's value), so that only the kept ones
    # are rendered whole: a filtered list costs what it returns, not what the world holds.
    for rule in rules.filters:
        wanted = body.get(rule.request_field)
        field = fields.get(rule.item_field)
        if wanted is None or field is None or (rule.match == "anyOf" and not wanted):
            continue  # absent (or an empty list): no filter
        allowed = set(wanted) if rule.match == "anyOf" else {wanted}
        records = [record for record in records if _rendered(field, record) in allowed]
    if source.where is not None:
        records = [record for record in records if _value(source.where, _with_item(behaviours, data, record)) is True]
    items = [{field.name: _rendered(field, record) for field in source.fields} for record in records]
    items.sort(key=lambda item: str(item.get(rules.sorted_by)))
    number = int(body.get(rules.page_number, rules.default_page_number))
    size = int(body.get(rules.page_size, rules.default_page_size))
    start = (number - 1) * size
    return {rules.total: len(items), rules.items: items[start : start + size]}


def _rendered(field: AnswerField, record: Mapping[str, Any]) -> Any:  # noqa: ANN401 - a JSON value
    value = record.get(field.attribute)
    return str(value) if field.as_string and isinstance(value, int) else value


def _with_item(behaviours: Behaviours, data: dict[str, Any], item: Mapping[str, Any]) -> Any:  # noqa: ANN401
    return behaviours.environment.Activation({**data, "item": item})
