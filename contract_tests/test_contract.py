"""The property-based contract suite: every operation through Schemathesis's phases (examples,
coverage, fuzzing) in positive and negative mode, the stateful phase along the spec's links, and the
targeted cases random generation cannot reach. Every check applies, plus the suite's own
(contract_tests/checks.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import hypothesis
import pytest
import schemathesis

from contract_tests import live_guard
from contract_tests import run as run_state
from contract_tests.checks import CLASSIFIER
from contract_tests.findings import rule_tag
from contract_tests.raw_calls import Caller
from contract_tests.rule_cases import RULE_CASES, RuleCase
from contract_tests.signing import ZcSigner
from contract_tests.target import Target
from contract_tests.targeted import (
    FAULTS,
    check_recipes,
    declared_pairs,
    example_body,
    fault_cases,
    guard_recipes,
    recipes,
)
from mock_server.contract import RULE_HEADER, check_rule, guard_rule
from mock_server.process import MockProcess

# One schema per phase: every operation x phase runs and reports on its own, so a failure in one
# (say a TRACE answered 501 in the coverage phase) never stops the fuzzing of the others. The heavy
# phases get a test per operation, each on a fresh mock: on several cores (pytest-xdist) they spread
# over the workers, and what each sees never depends on which ran before it.
examples = schemathesis.pytest.from_fixture("examples_schema")
CATALOGUE = run_state.SPEC.catalogue


@examples.parametrize()
def test_operation_conforms_examples(case: schemathesis.Case[Any]) -> None:
    operation_id = case.operation.definition.raw.get("operationId", "")
    _conforms(str(operation_id))(case)


def _conforms(operation_id: str) -> Callable[[schemathesis.Case[Any]], None]:
    """The test of one operation's cases; a live run skips one it never sends (Schemathesis's lazy tests
    take the operations from the spec, not from the live run's filtered schema)."""
    withheld = live_guard.withheld(run_state.SPEC, operation_id) if operation_id in run_state.SPEC.operations else ""

    def test(case: schemathesis.Case[Any]) -> None:
        run = run_state.run_of(case)
        if withheld and run is not None and not run.target.is_mock:
            pytest.skip(f"a live run never sends {operation_id}: {withheld}")
        case.call_and_validate(session=run.session if run is not None else None)

    return test


def _per_operation(phase: str) -> dict[str, Callable[..., None]]:
    """`test_operation_conforms_<phase>_<operationId>` for every operation of the spec."""
    lazy = schemathesis.pytest.from_fixture(f"{phase}_schema")
    tests = {}
    for operation_id in run_state.OPERATIONS:
        test = lazy.include(operation_id=operation_id).parametrize()(_conforms(operation_id))

        name = f"test_operation_conforms_{phase}_{operation_id}"
        test.__name__ = test.__qualname__ = name
        tests[name] = test
    return tests


globals().update(_per_operation("coverage"))
globals().update(_per_operation("fuzzing"))


def test_linked_calls_conform(stateful_schema: schemathesis.schemas.BaseSchema, stateful_run: int) -> None:
    """The stateful phase: StopInstances -> DescribeInstancesStatus -> ResetInstance -> ... along the links
    (`--contract-stateful-runs N` repeats it, to show it never flakes on a service's other content)."""
    # The run's seed (Schemathesis seeds its phase tests, not a state machine run by hand): without it
    # a seeded run repeats every phase but this one. Each repetition gets its own.
    machine = hypothesis.seed(stateful_schema.config.seed + stateful_run)(_from_the_start(stateful_schema))
    steps = stateful_schema.config.phases.stateful.max_steps or 6
    examples = max(5, (stateful_schema.config.generation.max_examples or 20) // 2)
    try:
        machine.run(
            settings=hypothesis.settings(
                max_examples=examples,
                stateful_step_count=steps,
                deadline=None,
                database=None,
                suppress_health_check=list(hypothesis.HealthCheck),
                phases=[hypothesis.Phase.generate],
            )
        )
    except hypothesis.errors.FlakyStrategyDefinition:
        run = run_state.run_of_schema(stateful_schema)
        if run is None or run.reset is not None:
            raise  # the mock is put back before each scenario: the same steps must repeat
        # A live service cannot be put back: once a scenario changed it (or the budget was spent, and the
        # same requests came back redirected), the same choices led elsewhere. Said, not failed: what the
        # scenarios before it checked stands.
        pytest.skip(
            "the stateful exploration stopped early: the live service's state changed under it (it cannot be "
            "put back between scenarios), so the same steps were answered otherwise"
        )


def _from_the_start(schema: schemathesis.schemas.BaseSchema) -> type[Any]:
    """The schema's state machine, each scenario starting from the target's initial state where it can
    be put back (the mock's fixtures). Hypothesis requires it: the rules a scenario may take depend on
    earlier answers, and a world changed by the previous scenario made the same choices lead elsewhere
    (FlakyStrategyDefinition, in 3 of 20 seeds before this)."""
    run = run_state.run_of_schema(schema)
    reset = run.reset if run is not None else None
    session = run.session if run is not None else None

    class OnTheRunsConnections(schema.as_state_machine()):  # type: ignore[misc]
        def call(self, case: schemathesis.Case[Any], **kwargs: Any) -> Any:  # noqa: ANN401 - Schemathesis's Response
            return super().call(case, session=session, **kwargs)

    if reset is None:
        return OnTheRunsConnections
    back_to_start: Callable[[], None] = reset

    class FromTheStart(OnTheRunsConnections):
        def setup(self) -> None:
            back_to_start()

    return FromTheStart


def _mock_only(target: Target) -> None:
    if not target.is_mock:
        pytest.skip("targeted cases rely on the mock's default world; they never run against a live service")


@pytest.fixture(scope="module")
def pristine_mock(target: Target) -> Iterator[MockProcess | None]:
    """A mock in its default world, untouched by the generated cases (which change state)."""
    if not target.is_mock:
        yield None
        return
    with MockProcess("--quiet", module=target.mock_module) as mock:
        yield mock


RECIPES = recipes()
CHECK_RECIPES = check_recipes()
GUARD_RECIPES = guard_recipes()
CHECKS = {
    (check.operation_id, check.id): check for checks in run_state.SPEC.business_checks.values() for check in checks
}


def _rule_of(response: httpx.Response) -> str | None:
    """The rule the mock says decided the answer (its own header; the API has none)."""
    rule = response.headers.get(RULE_HEADER)
    return str(rule) if rule is not None else None


@pytest.mark.parametrize(("operation_id", "check_id"), list(CHECK_RECIPES), ids=lambda value: str(value))
def test_business_check(
    operation_id: str,
    check_id: str,
    target: Target,
    observed: run_state.Observations,
    pristine_mock: MockProcess | None,
) -> None:
    """Every business check the spec lists, provoked by the spec's own example for it, and answered by
    that check (not by another with the same code)."""
    _mock_only(target)
    assert pristine_mock is not None
    check = CHECKS[(operation_id, check_id)]
    response = CHECK_RECIPES[(operation_id, check_id)](Caller(pristine_mock.endpoint))
    # A check held by a schema keyword (`enforcedBy: not`) is answered by the schema's check, untagged.
    held_by_keyword = check.rule is None and not str(check.enforced_by).startswith("x-zc-")
    decided = check_rule(check.id) if held_by_keyword else _rule_of(response)
    observed.observe(operation_id, response.status_code, response.content, decided)
    body = response.json()
    tag = rule_tag(run_state.OPERATIONS[operation_id].pointer("x-zc-business-checks", check.position))
    assert (response.status_code, body.get("code")) == (CATALOGUE[check.code].status, check.code), (
        f"{operation_id}: check {check.id} ({check.check}) should answer {check.code}, got HTTP "
        f"{response.status_code} {body} {tag}"
    )
    assert decided == check_rule(check.id), f"{operation_id}: check {check.id}'s example was decided by {decided} {tag}"


@pytest.mark.parametrize("guard", list(GUARD_RECIPES))
def test_guard(guard: str, target: Target, observed: run_state.Observations, pristine_mock: MockProcess | None) -> None:
    """Every request guard an HTTP client can provoke (the body limit, the JSON depth, the header bytes, a
    header given twice), each by a case of its own: one case per code hid a guard whose code another
    rule also answers."""
    _mock_only(target)
    assert pristine_mock is not None
    recipe, code = GUARD_RECIPES[guard]
    response = recipe(Caller(pristine_mock.endpoint))
    operation_id = run_state.GUARDED_OPERATION
    observed.observe(operation_id, response.status_code, response.content, _rule_of(response))
    tag = rule_tag(
        f"#/components/{guard}" if guard.startswith("x-zc-") else f"#/components/x-zc-request-guards/{guard}"
    )
    answered = (response.status_code, response.json().get("code"), _rule_of(response))
    assert answered == (CATALOGUE[code].status, code, guard_rule(guard)), f"guard {guard}: got {answered} {tag}"


def test_targeted_cases_cover_every_declared_code() -> None:
    assert set(RECIPES) | set(fault_cases()) == declared_pairs()


@pytest.mark.parametrize(("operation_id", "code"), list(RECIPES))
def test_targeted_code(
    operation_id: str, code: str, target: Target, observed: run_state.Observations, pristine_mock: MockProcess | None
) -> None:
    _mock_only(target)
    assert pristine_mock is not None
    response = RECIPES[(operation_id, code)](Caller(pristine_mock.endpoint))
    observed.observe(operation_id, response.status_code, response.content, _rule_of(response))
    operation = run_state.OPERATIONS[operation_id]
    declared = operation.error_codes.get(response.status_code, ())
    body = response.json()
    rule = rule_tag(CLASSIFIER.code_rule(operation, CATALOGUE[code].status, code))
    assert body.get("code") == code, f"{operation_id}: expected {code}, got HTTP {response.status_code} {body} {rule}"
    assert code in declared, f"{operation_id}: {code} came with HTTP {response.status_code}, not declared there {rule}"


@pytest.fixture(scope="module")
def faulty_mocks(target: Target) -> Iterator[dict[tuple[str, ...], MockProcess]]:
    """One mock per distinct fault setting."""
    if not target.is_mock:
        yield {}
        return
    started = {options: MockProcess("--quiet", *options, module=target.mock_module) for options in set(FAULTS.values())}
    yield started
    for mock in started.values():
        mock.stop()


@pytest.mark.parametrize(("operation_id", "code"), fault_cases())
def test_fault_code(
    operation_id: str,
    code: str,
    target: Target,
    observed: run_state.Observations,
    faulty_mocks: dict[tuple[str, ...], MockProcess],
) -> None:
    _mock_only(target)
    caller = Caller(faulty_mocks[FAULTS[code]].endpoint)
    action = run_state.OPERATIONS[operation_id].action
    seen: set[str] = set()
    for _ in range(60):  # a 5xx code is drawn among three; a rate limit needs a burst
        response = caller.call(action, example_body(operation_id))
        observed.observe(operation_id, response.status_code, response.content, _rule_of(response))
        if response.status_code >= 400:
            answered = response.json()["code"]
            seen.add(answered)
            assert response.status_code == CATALOGUE[answered].status
        if code in seen:
            break
    assert code in seen, f"{operation_id}: {code} was never answered with {FAULTS[code]}"


def _signed_caller(target: Target, endpoint: str) -> Caller:
    if target.gateway is not None:  # live: the gateway guards and signs; the caller holds no credentials
        if not target.gateway.signs_with_key:
            pytest.skip("the signing rules need access-key credentials, not a bearer token")
        return Caller(endpoint, gateway_auth=target.gateway.auth.header)
    if not isinstance(target.auth, ZcSigner):
        pytest.skip("the signing rules need access-key credentials, not a bearer token")
    key_id, password = target.auth.credentials()
    return Caller(endpoint, access_key_id=key_id, access_key_password=password)


@pytest.mark.parametrize("rule_case", RULE_CASES, ids=lambda case: case.name)
def test_rule_holds(
    rule_case: RuleCase, target: Target, observed: run_state.Observations, pristine_mock: MockProcess | None
) -> None:
    """Each rule of the contract as one request: the signing edges against any target, the world's
    rules against the mock (a case that changes the world on a mock of its own)."""
    if rule_case.needs_world or rule_case.mock_only:
        _mock_only(target)
    own = MockProcess("--quiet", module=target.mock_module) if rule_case.changes_state else None
    try:
        mock = own or pristine_mock
        endpoint = mock.endpoint if mock is not None else f"{target.base_url}{run_state.SPEC.endpoint_path}"
        response = rule_case.send(_signed_caller(target, endpoint))
    finally:
        if own is not None:
            own.stop()
    body = response.json()
    answered = (response.status_code, body.get("code") if response.status_code >= 400 else None)
    tag = rule_tag(rule_case.rule)
    assert answered == (rule_case.status, rule_case.code), f"{rule_case.name}: got {answered}, {body} {tag}"
    if rule_case.body_holds is not None:
        assert rule_case.body_holds(body), f"{rule_case.name}: the answer does not show it: {body} {tag}"


LISTS = run_state.SPEC.list_rules


@pytest.mark.parametrize("operation_id", list(LISTS))
def test_pages_add_up_to_the_whole_list(
    operation_id: str, target: Target, observed: run_state.Observations, pristine_mock: MockProcess | None
) -> None:
    """Against any target (it only reads): the list's pages of two, read until the total, are the whole list
    read at once, in order, each item once, every page within its size and the total the same on each."""
    rules, operation = LISTS[operation_id], run_state.OPERATIONS[operation_id]
    endpoint = (
        pristine_mock.endpoint if pristine_mock is not None else f"{target.base_url}{run_state.SPEC.endpoint_path}"
    )
    caller = _signed_caller(target, endpoint) if not target.is_mock else Caller(endpoint)
    example = {**example_body(operation_id), rules.page_size: 100, rules.page_number: 1}
    whole = caller.call(operation.action, example)
    observed.observe(operation_id, whole.status_code, whole.content, _rule_of(whole))
    tag = rule_tag(operation.pointer("x-zc-source", "results"))
    assert whole.status_code == 200, f"{operation_id}: the example was refused: {whole.text} {tag}"
    total, items = whole.json()["response"][rules.total], whole.json()["response"][rules.items]
    pages: list[dict[str, object]] = []
    for number in range(1, min(total, 50) // 2 + 2):  # bounded: at most 26 calls
        answer = caller.call(operation.action, {**example, rules.page_size: 2, rules.page_number: number})
        observed.observe(operation_id, answer.status_code, answer.content, _rule_of(answer))
        page = answer.json()["response"]
        assert page[rules.total] == total, (
            f"{operation_id}: page {number} says {page[rules.total]} items, not {total} {tag}"
        )
        assert len(page[rules.items]) <= 2, f"{operation_id}: page {number} holds {len(page[rules.items])} items {tag}"
        pages += page[rules.items]
        if len(pages) >= min(total, len(items)):
            break
    keys = [item[rules.sorted_by] for item in pages]
    assert keys == [item[rules.sorted_by] for item in items][: len(keys)], f"{operation_id}: pages {keys} {tag}"
    assert len(keys) == len(set(map(str, keys))), f"{operation_id}: an item came twice across pages {tag}"
