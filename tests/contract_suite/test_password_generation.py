"""Schemathesis draws passwords from the spec's own password schema (length, and an `allOf` of one
pattern per part), with no strategy of ours: positive cases carry passwords the spec accepts, negative
ones passwords it refuses. (A lookahead pattern once needed a strategy of its own: slow to draw from.)"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings

from zenlayer_spec import SPEC_PATH, load_spec
from zenlayer_spec.request_check import schema_errors

POINTER = "#/components/schemas/InstancePassword"


def passwords(mode: schemathesis.GenerationMode, run: int, examples: int = 200) -> list[object]:
    """The passwords of ResetInstance bodies Schemathesis generates in `mode` (seeded by `run`)."""
    operation = schemathesis.openapi.from_path(str(SPEC_PATH))["/vm#ResetInstance"]["POST"]
    found: list[object] = []

    @seed(run)
    @given(operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, suppress_health_check=list(HealthCheck), database=None, deadline=None)
    def collect(case: schemathesis.Case[Any]) -> None:
        if isinstance(case.body, dict) and "password" in case.body:
            found.append(case.body["password"])

    collect()
    return found


def accepted(value: object) -> bool:
    return schema_errors(load_spec().document, POINTER, value) == []


def test_positive_cases_carry_passwords_the_spec_accepts() -> None:
    drawn = [value for run in (1, 2) for value in passwords(schemathesis.GenerationMode.POSITIVE, run)]
    assert all(accepted(value) for value in drawn), [value for value in drawn if not accepted(value)][:5]
    examples = set(map(str, load_spec().request_examples["ResetInstance"][0].values()))
    assert set(map(str, drawn)) - examples, drawn  # drawn from the schema too, not only the spec's example


@pytest.mark.parametrize("run", [1])
def test_negative_cases_carry_passwords_the_spec_refuses(run: int) -> None:
    # Schemathesis picks which rule a negative case breaks from state shared in the process: seeded rounds
    # until one carries a refused password, so that the order tests run in cannot starve it. Small rounds:
    # drawing negative passwords costs 10-15 ms a case, and the first refused one ends the test.
    refused: list[object] = []
    for attempt in range(run, run + 25):
        drawn = passwords(schemathesis.GenerationMode.NEGATIVE, attempt, examples=40)
        refused += [value for value in drawn if not accepted(value)]
        if any(isinstance(value, str) for value in refused):
            break
    assert any(isinstance(value, str) for value in refused), refused[:5]
