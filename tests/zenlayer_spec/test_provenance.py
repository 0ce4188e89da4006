"""Every rule of the spec says where it comes from, the lint locates any that does not, and the
project carries its own account of the contract (nothing points outside the repository)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from zenlayer_spec import SPEC_PATH
from zenlayer_spec.document import load_document
from zenlayer_spec.errors import error_catalogue
from zenlayer_spec.operations import operations
from zenlayer_spec.provenance import Kind, business_checks, error_code_sources, lint, rules
from zenlayer_spec.request_check import RequestChecker

DOCUMENT = load_document()
ROOT = Path(__file__).resolve().parents[2]


def test_every_rule_of_the_spec_has_a_source() -> None:
    assert lint(SPEC_PATH) == []
    found = rules(DOCUMENT)
    assert len(found) > 90
    kinds = {rule.source.kind for rule in found if rule.source is not None}
    assert kinds == set(Kind)  # the spec uses all three


@pytest.mark.parametrize(
    ("old", "new", "names"),
    [
        (
            '          x-zc-source: "project-rule: the vendor documents no limit for the display name',
            '          x-zc-note: "project-rule: the vendor documents no limit for the display name',
            "minLength of #/components/schemas/ResetInstanceRequest/properties/instanceName",
        ),
        (
            '      source: "vendor-docs: docs:reset, error codes (404',
            '      source: "vendor docs (404',
            "INVALID_IMAGE_SIZE_EXCEED",
        ),
    ],
)
def test_the_lint_locates_an_unsourced_rule(tmp_path: Path, old: str, new: str, names: str) -> None:
    text = SPEC_PATH.read_text(encoding="utf-8")
    assert text.count(old) == 1
    broken = tmp_path / "spec.yaml"
    broken.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    problems = lint(broken)
    assert len(problems) >= 1
    assert any(names in problem for problem in problems), problems
    located = next(problem for problem in problems if names in problem)
    reported = int(located.split(":")[1])
    assert abs(reported - line) <= 12, (reported, line)  # the rule's own line, beside which the source goes
    assert "Fix: add `x-zc-source`" in located


def test_the_lint_command_exits_non_zero_with_located_messages(tmp_path: Path) -> None:
    broken = tmp_path / "spec.yaml"
    broken.write_text(
        SPEC_PATH.read_text(encoding="utf-8").replace(
            '    x-zc-max-body-bytes: "project-rule', '    # x-zc-max-body-bytes: "project-rule'
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "zenlayer_spec.lint", "--spec", str(broken)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert f"{broken}:" in result.stderr
    assert "components.x-zc-max-body-bytes has no source" in result.stderr
    assert "Traceback" not in result.stderr
    assert "RuntimeWarning" not in result.stderr  # run as its own module, not one the package imports


def test_the_lint_command_locates_a_rule_that_does_not_compile(tmp_path: Path) -> None:
    broken = tmp_path / "spec.yaml"
    text = SPEC_PATH.read_text(encoding="utf-8")
    assert "rule: request.zoneId in zones" in text
    broken.write_text(text.replace("rule: request.zoneId in zones", "rule: request.zoneId in zonez", 1))
    rows = broken.read_text().splitlines()
    line = next(n for n, row in enumerate(rows, 1) if "zonez" in row)
    # The operation the broken rule belongs to: the last path item above it.
    operation = next(row.strip(" :/") for row in reversed(rows[:line]) if row.startswith("  /vm#"))
    result = subprocess.run(
        [sys.executable, "-m", "zenlayer_spec.lint", "--spec", str(broken)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert f"error: {broken}:{line}: /paths/~1{operation}/post/x-zc-business-checks/" in result.stderr
    assert "undeclared reference to 'zonez'" in result.stderr
    assert "Traceback" not in result.stderr


def test_business_checks_name_codes_declared_for_their_operation() -> None:
    catalogue = error_catalogue(DOCUMENT)
    ops = operations(DOCUMENT)
    checks = business_checks(DOCUMENT)
    assert set(checks) == set(ops)
    assert [check.code for check in checks["ResetInstance"]][:2] == [
        "INVALID_PARAMETER_VALUE",
        "INVALID_INSTANCE_NOT_FOUND",
    ]
    for operation_id, entries in checks.items():
        for check in entries:
            status = catalogue[check.code].status
            assert check.code in ops[operation_id].error_codes[status], (operation_id, check)


def test_every_error_code_has_a_source() -> None:
    assert set(error_code_sources(DOCUMENT)) == set(error_catalogue(DOCUMENT))


def test_nothing_in_the_project_points_outside_it() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    outside = "../" + "shared"  # spelled apart, so that this file does not match itself
    offenders = [
        name
        for name in tracked
        if (ROOT / name).is_file() and outside in (ROOT / name).read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []


def test_every_business_check_example_passes_the_schema() -> None:
    """An example that broke the schema would never reach the check it stands for (but for the
    password/keyId check, which the schema states itself as a cross-field `not`, checked last)."""
    ops = operations(DOCUMENT)
    examples = 0
    for operation_id, checks in business_checks(DOCUMENT).items():
        checker = RequestChecker(DOCUMENT, ops[operation_id])
        for check in checks:
            if check.example is not None:
                examples += 1
                violations = checker.schema_violations(check.example)
                assert all(v.rule == "not" and v.code == check.code for v in violations), (operation_id, check.check)
    assert examples >= 13
