"""Broken variants derived from the spec's rules and effects (`contract_tests.mutants.derived_variants`:
each rule dropped, inverted, swapped with its neighbour; each effect skipped, or spilled over its whole
kind), for every operation with no code per operation. Each must be killed by the suite's own cases that
need the mock's world: every business check's example, every world rule case, every request example
(accepted, a state change seen in its waiter's pending status, and nothing changed outside the call's
frame). They run in process, the variant injected into the app (a changed
behaviour, no module patched); the intact mock passes the same cases. The real suite, as a process, is
run against one variant of each kind in test_suite_power.py."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from contract_tests.checks import list_problem
from contract_tests.mutants import derived_variants, mutant
from contract_tests.raw_calls import Caller
from contract_tests.rule_cases import RULE_CASES
from mock_server import MockApp
from tests.mock.in_process import InProcessTransport
from zenlayer_spec import load_spec, read_back

SPEC = load_spec()
ENDPOINT = "http://mock.test/api/v2/vm"
# Variants no request can tell from the intact mock in the default world, each with why; the test below
# fails when one of them is killed after all (drop it here) or another survives (a gap in the suite).
EQUIVALENT = {
    "list-filter-drop:DescribeImages:imageStatus": "every image of the default world is AVAILABLE: no "
    "request of it can tell an imageStatus filter from none",
}


def fresh(variant: str | None) -> Caller:
    """A caller of a fresh mock (its own world; transitions long enough to see the pending status)."""
    app = MockApp(transition_seconds=600)
    if variant is not None:
        wrap = mutant(variant)
        assert wrap is not None, variant
        wrap(app)
    return Caller(ENDPOINT, http=httpx.Client(transport=InProcessTransport(app)))


def _answer(response: httpx.Response) -> tuple[int, object]:
    return response.status_code, response.json().get("code") if response.status_code >= 400 else None


def failures(variant: str | None) -> Iterator[str]:
    """What the world cases find wrong with the mock running `variant` (None: the intact mock), case by
    case: a variant is killed by the first."""
    for operation_id, checks in SPEC.business_checks.items():
        for check in checks:
            if check.example is None:
                continue
            response, outside = _framed(fresh(variant), operation_id, check.example)
            got = _answer(response)
            expected = (SPEC.catalogue[check.code].status, check.code)
            if got != expected:
                yield f"{operation_id} check {check.id} ({check.check}): got {got}, not {expected}"
            yield from (f"{operation_id} check {check.id}: {problem}" for problem in outside)
    for case in RULE_CASES:
        if not case.needs_world:
            continue
        response = case.send(fresh(variant))
        if _answer(response) != (case.status, case.code) or (
            case.body_holds is not None and not case.body_holds(response.json())
        ):
            yield f"rule case {case.name!r}: got {_answer(response)}"
    yield from _list_failures(variant)
    for operation_id, operation in SPEC.operations.items():
        for body in SPEC.request_examples[operation_id]:
            caller = fresh(variant)
            response, outside = _framed(caller, operation_id, body)
            yield from (f"{operation_id} example {body}: {problem}" for problem in outside)
            got = _answer(response)
            if got != (200, None):
                yield f"{operation_id} example {body}: got {got}, not accepted"
            elif operation.waiter is not None:
                yield from _pending(caller, operation_id, body, response.json())
            if got == (200, None):
                yield from _read_back(caller, operation_id, body)


def _framed(caller: Caller, operation_id: str, body: dict[str, object]) -> tuple[httpx.Response, list[str]]:
    """The call, and what it changed outside its frame: every resource of the kinds its effects act on,
    listed before and after (zenlayer_spec.read_back, as the suite's effects_stay_in_their_frame)."""
    operation = SPEC.operations[operation_id]
    behaviour = SPEC.behaviours.operations[operation_id]
    frames = read_back.frames(SPEC.behaviours, behaviour, body, SPEC.read_backs, SPEC.list_rules)

    def listed(frame: read_back.Frame) -> dict[str, Any] | None:
        return read_back.listed(frame, lambda request: caller.call(frame.read_back.operation.action, request).json())

    before = {frame.kind: listed(frame) for frame in frames} if operation.changes_state else {}
    response = caller.call(operation.action, body)
    problems = []
    for frame in frames if operation.changes_state else []:
        was, now = before[frame.kind], listed(frame)
        if was is None or now is None:
            problems.append(f"{frame.kind} cannot be listed with {frame.read_back.operation.operation_id}")
            continue
        accepted, answer = response.status_code == 200, response.json()
        transitional = frozenset(SPEC.behaviours.transitional)
        problems += read_back.frame_problems(frame, was, now, accepted, answer, transitional)
    return response, problems


def _list_failures(variant: str | None) -> Iterator[str]:
    """Each paged list as its `x-zc-results` says: the whole list in order, each filter applied (a request
    naming the first item's value), and its pages of two adding up to the whole, each item once."""
    for operation_id, rules in SPEC.list_rules.items():
        operation = SPEC.operations[operation_id]
        example = {**SPEC.request_examples[operation_id][0], rules.page_size: 1000}
        example = {key: value for key, value in example.items() if key not in {f.request_field for f in rules.filters}}
        whole = fresh(variant).call(operation.action, example).json()
        if "response" not in whole:
            yield f"{operation_id}: the whole list was refused ({whole.get('code')})"
            continue
        items = whole["response"][rules.items]
        requests = [example]
        for rule in rules.filters:
            value = _rarest(items, rule.item_field)
            requests.append({**example, rule.request_field: [value] if rule.match == "anyOf" else value})
        for request in requests:
            answer = whole if request is example else fresh(variant).call(operation.action, request).json()
            if problem := list_problem(operation, request, answer):
                yield f"{operation_id} list {request}: {problem}"
        caller, number = fresh(variant), 1
        pages: list[dict[str, object]] = []
        while len(pages) < len(items) and number <= len(items):
            answer = caller.call(operation.action, {**example, rules.page_size: 2, rules.page_number: number}).json()
            pages += answer["response"][rules.items]
            number += 1
        if [item[rules.sorted_by] for item in pages] != [item[rules.sorted_by] for item in items]:
            yield f"{operation_id}: its pages of two are not the whole list, in order"


def _rarest(items: list[dict[str, object]], field: str) -> object:
    """The value of `field` the fewest items have: a filter on a value every item has could be dropped
    unseen."""
    counts = Counter(str(item.get(field)) for item in items)
    return min((item.get(field) for item in items), key=lambda value: counts[str(value)], default=None)


def _pending(caller: Caller, operation_id: str, body: dict[str, object], answer: dict[str, object]) -> list[str]:
    """After an accepted change, every resource it names (or its answer names: what it made) is in the
    waiter's first pending status; an answer that should name what was made names something."""
    waiter, shape = SPEC.operations[operation_id].waiter, SPEC.poll_shapes[operation_id]
    assert waiter is not None
    ids = waiter.ids_in(body, answer)
    if not ids:
        return [f"{operation_id} example {body}: the answer names nothing to wait for ({waiter.ids_field})"]
    polled = caller.call(shape.poll.action, {shape.ids_field: ids}).json()["response"]
    statuses = {item[shape.id_field]: item[shape.status_field] for item in polled[shape.items_field]}
    wrong = {key: statuses.get(key) for key in ids if statuses.get(key) != waiter.pending[0]}
    return [f"{operation_id} example {body}: then {wrong}, not {waiter.pending[0]}"] if wrong else []


def _read_back(caller: Caller, operation_id: str, body: dict[str, object]) -> list[str]:
    """After an accepted change, what it set from the request shows when read back (zenlayer_spec.read_back)."""
    behaviour = SPEC.behaviours.operations[operation_id]
    found = []
    for expected in read_back.expected(SPEC.behaviours, behaviour, body, SPEC.read_backs):
        answer = caller.call(expected.read_back.operation.action, expected.request()).json()
        found += [f"{operation_id} example {body}: {problem}" for problem in expected.mismatches(answer)]
    return found


def test_the_intact_mock_passes_every_world_case() -> None:
    assert list(failures(None)) == []


def test_every_rule_and_effect_has_derived_variants() -> None:
    variants = derived_variants()
    for operation_id, behaviour in SPEC.behaviours.operations.items():
        for rule in behaviour.rules:
            if rule.expression is not None:
                assert f"rule-drop:{operation_id}:{rule.id}" in variants
                assert f"rule-invert:{operation_id}:{rule.id}" in variants
        for index, effect in enumerate(behaviour.effects):
            assert f"effect-skip:{operation_id}:{index}" in variants
            assert (f"effect-spill:{operation_id}:{index}" in variants) == (effect.action != "create")
    for operation_id, rules in SPEC.list_rules.items():
        assert {f"list-page-ignored:{operation_id}", f"list-sort-broken:{operation_id}"} <= set(variants)
        assert all(f"list-filter-drop:{operation_id}:{rule.request_field}" in variants for rule in rules.filters)


@pytest.mark.parametrize("variant", derived_variants())
def test_each_derived_variant_is_killed(variant: str) -> None:
    if variant in EQUIVALENT:
        assert list(failures(variant)) == [], f"{variant} is killed now: take it out of EQUIVALENT"
    else:
        assert next(failures(variant), None) is not None, f"{variant} survives every world case of the suite"
