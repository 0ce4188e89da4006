"""The spec works unchanged with the tools built on it: openapi-python-client generates every
operation with --fail-on-warning, and Schemathesis loads every operation and generates bodies the
spec's own checks accept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.core.result import Ok

from zenlayer_spec import SPEC_PATH
from zenlayer_spec.document import load_document
from zenlayer_spec.operations import operations
from zenlayer_spec.request_check import RequestChecker

DOCUMENT = load_document()
OPERATIONS = operations(DOCUMENT)


def module_name(operation_id: str) -> str:
    """openapi-python-client's module name for an operationId (snake case)."""
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in operation_id).lstrip("_")


def test_openapi_python_client_generates_every_operation(tmp_path: Path) -> None:
    output = tmp_path / "client"
    # No post hooks: formatting is the generator's business (generator/), not the spec's.
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\n", encoding="utf-8")
    generator = Path(sys.executable).with_name("openapi-python-client")
    command = [str(generator), "generate", "--path", str(SPEC_PATH), "--output-path", str(output)]
    command += ["--config", str(config), "--meta", "none", "--fail-on-warning"]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    generated = {path.stem for path in output.glob("api/*/*.py") if path.stem != "__init__"}
    assert generated == {module_name(operation_id) for operation_id in OPERATIONS}
    # The action header is a keyword with a default, never something the caller has to pass.
    reset = (output / "api" / "instances" / "reset_instance.py").read_text(encoding="utf-8")
    assert "x_zc_action: ResetInstanceXZCAction = ResetInstanceXZCAction.RESETINSTANCE" in reset


SCHEMA = schemathesis.openapi.from_path(str(SPEC_PATH))


def test_schemathesis_loads_every_operation() -> None:
    results = list(SCHEMA.get_all_operations())
    assert all(isinstance(result, Ok) for result in results), [
        result for result in results if not isinstance(result, Ok)
    ]
    labels = {result.ok().label for result in results if isinstance(result, Ok)}
    assert labels == {f"POST {operation.pseudo_path}" for operation in OPERATIONS.values()}


@pytest.mark.parametrize("operation_id", list(OPERATIONS))
def test_schemathesis_positive_bodies_pass_the_spec_checks(operation_id: str) -> None:
    """What Schemathesis generates as valid, the spec's checks (schema and extensions) accept."""
    operation = SCHEMA[OPERATIONS[operation_id].pseudo_path]["POST"]
    checker = RequestChecker(DOCUMENT, OPERATIONS[operation_id])
    seen: list[object] = []

    @given(operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    @settings(max_examples=25, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        seen.append(case.body)
        assert checker.schema_violations(case.body) == []
        assert case.headers is not None
        assert case.headers["X-ZC-Action"] == operation_id

    check()
    assert len(seen) >= 10
