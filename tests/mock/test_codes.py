"""The mock's codes: the ones its authentication names (mock_server.codes) and the ones its rules answer
(the spec's business checks) are declared by the spec for each operation that answers them, at the
status the spec gives them; no other module of the mock spells a code; the codes of faults and
transport errors are the spec's by status and keyword."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from mock_server import codes
from zenlayer_spec import load_spec
from zenlayer_spec.document import load_document
from zenlayer_spec.errors import error_catalogue, keyword_codes
from zenlayer_spec.operations import operations

DOCUMENT = load_document()
CATALOGUE = error_catalogue(DOCUMENT)
OPERATIONS = {operation.action: operation for operation in operations(DOCUMENT).values()}
MOCK_DIR = Path(codes.__file__).resolve().parent


@pytest.mark.parametrize("action", sorted(OPERATIONS))
def test_each_code_a_rule_answers_is_declared_for_its_operation_at_its_status(action: str) -> None:
    operation = OPERATIONS[action]
    declared = operation.error_codes
    rules = load_spec().behaviours.operations[operation.operation_id].rules
    for code in (*(rule.code for rule in rules), *codes.AUTHENTICATION):
        status = CATALOGUE[code].status
        assert code in declared.get(status, ()), f"{action} answers {code}, which the spec does not declare at {status}"


def test_no_other_module_of_the_mock_spells_an_error_code() -> None:
    spelled = []
    for path in sorted(MOCK_DIR.glob("*.py")):
        if path.name == "codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in CATALOGUE:
                spelled.append(f"{path.name}:{node.lineno} {node.value}")
    assert spelled == []


def test_fault_and_transport_codes_are_the_specs_by_status_and_keyword() -> None:
    contract = load_spec().serving
    assert [CATALOGUE[contract.rate_limit_code].status] == [429]
    assert contract.server_error_codes == tuple(c for c, e in CATALOGUE.items() if e.status >= 500)
    assert len(contract.server_error_codes) >= 2
    mapping = keyword_codes(DOCUMENT)
    assert contract.not_json_code == mapping.code_for("type")
    assert contract.body_too_large_code == mapping.code_for("maxLength")
