"""Every (operation, error code) the spec declares has a recipe that provokes it from the mock's default
world; the contract suite runs them against the mock (contract_tests/test_contract.py)."""

from __future__ import annotations

from contract_tests.targeted import declared_pairs, fault_cases, recipes


def test_every_declared_code_has_a_recipe() -> None:
    assert set(recipes()) | set(fault_cases()) == declared_pairs()
