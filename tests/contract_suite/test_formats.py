"""The password strategy produces exactly the language of the spec's schema, both ways, and with it
registered Schemathesis's negative mode still sends passwords outside that language."""

from __future__ import annotations

import collections
import re
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi import unregister_string_format
from schemathesis.specs.openapi.formats import STRING_FORMATS

from contract_tests import formats
from zenlayer_spec import SPEC_PATH
from zenlayer_spec.document import load_document
from zenlayer_spec.patterns import python_pattern
from zenlayer_spec.request_check import schema_errors

DOCUMENT = load_document()
POINTER = "#/components/schemas/InstancePassword"
SCHEMA = DOCUMENT["components"]["schemas"]["InstancePassword"]


def _language() -> formats.GroupedCharacters:
    language = formats.password_language()
    assert language is not None, "the spec's password schema has the grouped shape"
    return language


def _in_schema(value: str) -> bool:
    """Whether the value is a password by the schema's own keywords, read here on their own."""
    patterns = [member["pattern"] for member in SCHEMA["allOf"]]
    in_length = SCHEMA["minLength"] <= len(value) <= SCHEMA["maxLength"]
    return in_length and all(re.search(python_pattern(pattern), value) for pattern in patterns)


LANGUAGE = _language()
# Passwords from the schema's own keywords, read independently of the strategy: any string of the allowed
# characters and lengths that every part accepts.
EVERY_PASSWORD = st.text(LANGUAGE.allowed, min_size=SCHEMA["minLength"], max_size=SCHEMA["maxLength"]).filter(
    _in_schema
)


@given(LANGUAGE.strategy())
@settings(max_examples=300, database=None)
def test_every_generated_password_matches_the_spec(value: str) -> None:
    assert schema_errors(DOCUMENT, POINTER, value) == []


@given(EVERY_PASSWORD)
@settings(max_examples=100, database=None, suppress_health_check=list(HealthCheck))
def test_every_value_of_the_schema_is_in_the_strategy_language(value: str) -> None:
    assert LANGUAGE.matches(value)


@given(st.text(alphabet=LANGUAGE.allowed + " _?é\n", max_size=20))
@settings(max_examples=500, database=None)
def test_the_two_languages_agree_on_any_text(value: str) -> None:
    assert LANGUAGE.matches(value) == _in_schema(value) == (schema_errors(DOCUMENT, POINTER, value) == [])


def breaks(run: int) -> collections.Counter[str]:
    """How negative ResetInstance bodies break the password, over a fixed number of cases (seeded by `run`)."""
    operation = schemathesis.openapi.from_path(str(SPEC_PATH))["/vm#ResetInstance"]["POST"]
    kinds: collections.Counter[str] = collections.Counter()

    @seed(run)
    @given(operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE))
    @settings(max_examples=300, suppress_health_check=list(HealthCheck), database=None, deadline=None)
    def collect(case: schemathesis.Case[Any]) -> None:
        value = case.body.get("password") if isinstance(case.body, dict) else None
        if isinstance(value, str) and not LANGUAGE.matches(value):
            short, long = len(value) < LANGUAGE.minimum, len(value) > LANGUAGE.maximum
            kinds["short" if short else "long" if long else "characters"] += 1
        elif value is not None and not isinstance(value, str):
            kinds["not a string"] += 1

    collect()
    return kinds


def test_negative_generation_still_breaks_the_password() -> None:
    """With the strategy registered, negative cases still carry passwords outside the language."""
    registered = formats.FORMAT in STRING_FORMATS  # another test of this process may have registered it
    formats.register()
    # Schemathesis picks which rule a negative case breaks from state shared in the process (what other
    # tests generated before): a few seeded rounds, so that the order tests run in cannot starve it.
    try:
        kinds: collections.Counter[str] = collections.Counter()
        for run in range(5):
            kinds += breaks(run)
            if kinds["short"] + kinds["long"] + kinds["characters"]:
                break
    finally:
        if not registered:
            unregister_string_format(formats.FORMAT)
    assert kinds["short"] + kinds["long"] + kinds["characters"] > 0, kinds


@pytest.mark.parametrize(
    "schema",
    [
        {"pattern": "^[a-z]{3,5}$"},
        {"maxLength": 8, "allOf": [{"pattern": "^[a-z]*$"}]},  # no group
        {"maxLength": 8, "allOf": [{"pattern": "[a-z]"}]},  # no class of allowed characters
        {"maxLength": 8, "allOf": [{"pattern": "^[a-z]*$"}, {"pattern": "[0-9]"}]},  # a group outside the class
        {"maxLength": 8, "allOf": [{"pattern": "^[a-z]*$"}, {"pattern": "\\d"}]},
        {"allOf": [{"pattern": "^[a-z]*$"}, {"pattern": "[a-z]"}]},  # no maximum length
    ],
)
def test_other_schema_shapes_keep_schemathesis_generation(schema: dict[str, Any]) -> None:
    assert formats.grouped_characters(schema) is None


def test_the_spec_shape_is_read() -> None:
    assert formats.grouped_characters({"maxLength": 5, "allOf": [{"pattern": "^[a-c]*$"}, {"pattern": "[b]"}]}) == (
        formats.GroupedCharacters(("b",), "abc", 0, 5)
    )
