"""The spec's error codes hang together: each operation's codes per status, the catalogue, and the
codes the request schemas and headers can produce."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from zenlayer_spec.document import dereference, load_document
from zenlayer_spec.errors import error_catalogue, keyword_codes
from zenlayer_spec.operations import operations
from zenlayer_spec.request_check import RequestChecker, codes_of_schema

DOCUMENT = load_document()
OPERATIONS = operations(DOCUMENT)
CATALOGUE = error_catalogue(DOCUMENT)
MAPPING = keyword_codes(DOCUMENT)


def header_codes(operation_id: str) -> set[str]:
    """Codes a header breach can earn: a missing required header, or a value its schema rejects."""
    raw = DOCUMENT["paths"][OPERATIONS[operation_id].pseudo_path]["post"]
    codes: set[str] = set()
    for parameter in raw["parameters"]:
        resolved: Mapping[str, Any] = dereference(DOCUMENT, parameter)
        if resolved.get("required"):
            codes.add(MAPPING.code_for("required"))
        codes |= codes_of_schema(DOCUMENT, resolved["schema"]) - {MAPPING.code_for("type")}
    return codes


@pytest.mark.parametrize("operation_id", list(OPERATIONS))
def test_codes_come_with_their_catalogue_status(operation_id: str) -> None:
    for status, codes in OPERATIONS[operation_id].error_codes.items():
        assert codes, f"{operation_id} {status} declares no code"
        assert len(set(codes)) == len(codes), f"{operation_id} {status} lists a code twice"
        for code in codes:
            assert code in CATALOGUE, f"{code} is not described in x-zc-error-codes"
            assert CATALOGUE[code].status == status, f"{operation_id} answers {code} with {status}"


def test_every_catalogue_entry_is_described_and_used() -> None:
    used = {code for operation in OPERATIONS.values() for codes in operation.error_codes.values() for code in codes}
    assert set(CATALOGUE) == used
    assert all(entry.description.strip() for entry in CATALOGUE.values())


@pytest.mark.parametrize("operation_id", list(OPERATIONS))
def test_bad_request_codes_are_exactly_what_schema_and_headers_can_produce(operation_id: str) -> None:
    """No 400 code is declared that no rule produces, and no rule produces an undeclared code."""
    operation = OPERATIONS[operation_id]
    produced = RequestChecker(DOCUMENT, operation).possible_codes(DOCUMENT) | header_codes(operation_id)
    for status in {CATALOGUE[code].status for code in produced}:
        produced_here = {code for code in produced if CATALOGUE[code].status == status}
        assert produced_here <= set(operation.error_codes.get(status, ())), (operation_id, status)
    assert set(operation.error_codes[400]) == {code for code in produced if CATALOGUE[code].status == 400}


def test_unknown_action_is_an_authorization_failure() -> None:
    """docs/contract.md section 4: an unknown X-ZC-Action answers 401, every operation declares it."""
    for operation_id in OPERATIONS:
        assert "AUTHFAILURE_UNAUTHORIZED_OPERATION" in header_codes(operation_id)
        assert "AUTHFAILURE_UNAUTHORIZED_OPERATION" in OPERATIONS[operation_id].error_codes[401]


def test_reset_instance_forbidden_codes_answer_the_question_from_the_spec_alone() -> None:
    """'Which codes can ResetInstance return with 403, and what does each mean?'"""
    answer = {code: CATALOGUE[code].description for code in OPERATIONS["ResetInstance"].error_codes[403]}
    assert set(answer) == {
        "OPERATION_DENIED_INSTANCE_RECYCLED",
        "OPERATION_DENIED_INSTANCE_NOT_STOPPED",
        "INVALID_REGION_SCRIPT_NOT_SUPPORT",
        "INVALID_REGION_SCRIPT_EXCEED_LENGTH",
    }
    assert "32" in answer["INVALID_REGION_SCRIPT_EXCEED_LENGTH"]


def test_every_operation_answers_the_common_failures() -> None:
    for operation in OPERATIONS.values():
        assert set(operation.error_codes) >= {400, 401, 429, 500, 503}
        assert operation.error_codes[429] == ("REQUEST_LIMIT_EXCEEDED",)
