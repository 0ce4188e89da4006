"""Schemathesis draws passwords from the spec's own password schema (length, and an `allOf` of one
pattern per part), with no strategy of ours: positive cases carry passwords the spec accepts, negative
ones passwords it refuses. (A lookahead pattern once needed a strategy of its own: slow to draw from.)

The cases are drawn for ResetInstance's `password` field alone (its schema as the spec states it, every
component beside it): in a whole ResetInstance body a negative case mostly breaks another field, and
a round of 200 cases cost 2-3 s for a few passwords."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings

from zenlayer_spec import load_spec
from zenlayer_spec.document import resolve_pointer
from zenlayer_spec.frozen import thaw
from zenlayer_spec.request_check import schema_errors

OPERATION = "ResetInstance"
FIELD = "password"
PATH = f"/{OPERATION}/{FIELD}"


def _field_alone() -> schemathesis.schemas.BaseSchema:
    """A spec of one operation whose body is the field, with the field's schema as the spec has it."""
    spec = load_spec()
    document = thaw(spec.document)
    body = resolve_pointer(document, spec.operations[OPERATION].request_schema_pointer)
    schema = {"type": "object", "required": [FIELD], "properties": {FIELD: body["properties"][FIELD]}}
    operation = {
        "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
        "responses": {"200": {"description": "accepted"}},
    }
    return schemathesis.openapi.from_dict(
        {
            "openapi": document["openapi"],
            "info": document["info"],
            "paths": {PATH: {"post": operation}},
            "components": document["components"],
        }
    )


def passwords(mode: schemathesis.GenerationMode, run: int, examples: int) -> list[object]:
    """The passwords of the bodies Schemathesis generates in `mode` (seeded by `run`)."""
    operation = _field_alone()[PATH]["POST"]
    found: list[object] = []

    @seed(run)
    @given(operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, suppress_health_check=list(HealthCheck), database=None, deadline=None)
    def collect(case: schemathesis.Case[Any]) -> None:
        if isinstance(case.body, dict) and FIELD in case.body:
            found.append(case.body[FIELD])

    collect()
    return found


def accepted(value: object) -> bool:
    spec = load_spec()
    body = resolve_pointer(spec.document, spec.operations[OPERATION].request_schema_pointer)
    pointer = body["properties"][FIELD]["$ref"]
    return schema_errors(spec.document, pointer, value) == []


def test_the_field_is_the_spec_password_schema() -> None:
    spec = load_spec()
    body = resolve_pointer(spec.document, spec.operations[OPERATION].request_schema_pointer)
    assert body["properties"][FIELD]["$ref"] == "#/components/schemas/InstancePassword"
    assert not accepted("short")
    assert accepted("Example+123")


def test_positive_cases_carry_passwords_the_spec_accepts() -> None:
    drawn = [value for run in (1, 2) for value in passwords(schemathesis.GenerationMode.POSITIVE, run, examples=60)]
    assert len(drawn) >= 60
    assert all(accepted(value) for value in drawn), [value for value in drawn if not accepted(value)][:5]
    examples = set(map(str, load_spec().request_examples[OPERATION][0].values()))
    assert set(map(str, drawn)) - examples, drawn  # drawn from the schema too, not only the spec's example


@pytest.mark.parametrize("run", [1])
def test_negative_cases_carry_passwords_the_spec_refuses(run: int) -> None:
    # Schemathesis picks which rule a negative case breaks from state shared in the process: seeded rounds
    # until one carries a refused password, so that the order tests run in cannot starve it.
    refused: list[object] = []
    for attempt in range(run, run + 25):
        drawn = passwords(schemathesis.GenerationMode.NEGATIVE, attempt, examples=40)
        refused += [value for value in drawn if not accepted(value)]
        if any(isinstance(value, str) for value in refused):
            break
    assert any(isinstance(value, str) for value in refused), refused[:5]
