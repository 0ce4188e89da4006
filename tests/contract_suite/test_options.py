"""The suite's own options: a count that would skip a phase (0 stateful runs, 0 examples) is a usage
error before anything runs, not a run that passes with the phase left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.contract_suite.suite_runs import run_suite

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
