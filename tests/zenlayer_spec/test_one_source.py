"""One source for every fact: the project's error codes, header names, API version, the mock's
credentials and the default world's ids appear in product code only where they are defined — the spec
(read through zenlayer_spec), the mock's code table (mock_server/codes.py) and its default world file —
or as the expected values of the contract suite's cases."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

from mock_server.world import DEFAULT_WORLD
from zenlayer_spec import error_catalogue, load_document, operations
from zenlayer_spec.operations import ACTION_HEADER, VERSION_HEADER
from zenlayer_spec.signing import AUTHORIZATION_HEADER, Signing

ROOT = Path(__file__).resolve().parents[2]
# zenlayer_spec is where the spec is read (it names the headers it looks for): not scanned.
PRODUCT = ("spec_diff", "generator", "mock_server", "contract_tests", "bench")
# Where a fact may be spelled: its one definition, or a test's expected value.
ALLOWED = {
    "mock_server/codes.py",  # the codes the mock's rules answer, held against the spec by tests/mock/test_codes.py
    "contract_tests/rule_cases.py",  # each case's expected code
    "contract_tests/targeted.py",  # how to provoke each declared code: keyed by the code it expects
    "contract_tests/test_client_e2e.py",  # the exception each provoked code must raise
}


def facts() -> dict[str, str]:
    document = load_document()
    found = dict.fromkeys(error_catalogue(document), "error code")
    signing = Signing.from_document(document)
    for header in (
        ACTION_HEADER,
        VERSION_HEADER,
        AUTHORIZATION_HEADER,
        signing.timestamp_header,
        signing.method_header,
    ):
        found[header] = "header name"
    for operation in operations(document).values():
        found[operation.api_version] = "API version"
    world = yaml.safe_load(DEFAULT_WORLD.read_text(encoding="utf-8"))
    for value in world["credentials"].values():
        found[value] = "mock credential"
    for kind, key in (("zones", "zoneId"), ("images", "imageId"), ("keyPairs", "keyId"), ("instances", "instanceId")):
        for entry in world[kind]:
            found[entry[key]] = "world id"
    return found


def test_no_fact_is_retyped_in_product_code() -> None:
    known = facts()
    retyped = []
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in ALLOWED:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in known:
                    retyped.append(f"{relative}:{node.lineno}: {known[node.value]} {node.value!r}")
    assert retyped == []


def test_the_scan_knows_every_kind_of_fact() -> None:
    kinds = set(facts().values())
    assert kinds == {"error code", "header name", "API version", "mock credential", "world id"}
