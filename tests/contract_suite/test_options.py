"""What the suite is told and what it generates: a count that would skip a phase (0 stateful runs, 0
examples) is a usage error before anything runs, not a run that passes with the phase left out; and no
generated case of one operation carries another operation's action."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.contract_suite.suite_runs import run_suite
from zenlayer_spec.operations import ACTION_HEADER

USAGE_ERROR = 4  # pytest's exit code for wrong options


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (("--contract-stateful-runs", "0"), "argument --contract-stateful-runs: 0 is not 1 or more"),
        (("--contract-stateful-runs", "-1"), "argument --contract-stateful-runs: -1 is not 1 or more"),
        (("--contract-max-examples", "0"), "argument --contract-max-examples: 0 is not 1 or more"),
        (("--contract-max-examples", "many"), "argument --contract-max-examples: 'many' is not a whole number"),
    ],
)
def test_a_count_that_would_skip_a_phase_is_refused(arguments: tuple[str, ...], says: str, tmp_path: Path) -> None:
    result = run_suite(*arguments, env={}, reports=tmp_path)
    assert result.returncode == USAGE_ERROR
    assert says in result.stderr
    assert "passed" not in result.stdout


def test_a_generated_action_header_naming_another_operation_is_dropped() -> None:
    """Negative cases of an operation's action header are any other value, another real action included:
    that request is the other operation's (the API answers it as such), so it is not generated. Seen: a
    seeded run fuzzing InquiryPriceCreateInstance sent `X-ZC-Action: DescribeImages` and failed."""
    import schemathesis

    from contract_tests import checks
    from contract_tests import run as run_state

    operation = run_state.SPEC.operations["InquiryPriceCreateInstance"]

    class Labelled:  # what the hook reads of Schemathesis's operation
        label = f"POST {operation.pseudo_path}"

    context = schemathesis.HookContext(operation=Labelled())  # type: ignore[arg-type]
    other = run_state.SPEC.operations["DescribeImages"].action
    assert checks.filter_headers(context, {ACTION_HEADER: other}) is False
    assert checks.filter_headers(context, {ACTION_HEADER: operation.action}) is True
    assert checks.filter_headers(context, {ACTION_HEADER: "NoSuchAction"}) is True  # a wrong one: kept
    assert checks.filter_headers(context, {ACTION_HEADER: ["a", "list"]}) is True
    assert checks.filter_headers(context, None) is True
