"""The client's version follows the spec: a change without its bump is refused with the report, the
bump writes the changelog entry, and the drift check holds the result (the issue's end-to-end case)."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from generator.__main__ import main
from generator.history import CHANGELOG, SPEC_COPY
from spec_diff import Level, version_of
from tests.spec_copies import edited_spec
from zenlayer_spec import SPEC_PATH
from zenlayer_spec.document import read_document

COMMITTED = Path(__file__).resolve().parents[2] / "generated_client"
CURRENT = version_of(read_document(SPEC_PATH))


@pytest.fixture
def output(tmp_path: Path) -> Path:
    copy = tmp_path / "generated_client"
    shutil.copytree(COMMITTED, copy, ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache"))
    return copy


def narrow_and_add_a_code(document: dict[str, Any], version: str | None = None) -> None:
    schemas = document["components"]["schemas"]
    schemas["ResetInstanceRequest"]["properties"]["instanceName"]["maxLength"] = 32
    schemas["StopInstancesForbiddenError"]["allOf"][1]["properties"]["code"]["enum"].append(
        "OPERATION_DENIED_INSTANCE_NOT_STOPPED"
    )
    if version is not None:
        document["info"]["x-zc-client-version"] = version


def test_a_breaking_change_needs_a_major_bump_then_gets_its_changelog_entry(
    tmp_path: Path, output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {path: path.read_bytes() for path in output.rglob("*") if path.is_file()}
    needed = CURRENT.bumped(Level.BREAKING)

    spec = edited_spec(tmp_path, narrow_and_add_a_code)
    assert main(["--spec", str(spec), "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert f"fix: set info.x-zc-client-version to {needed} (or higher)" in err
    assert "[breaking] maxLength 64 -> 32, in ResetInstance request `instanceName`" in err
    assert "[breaking] StopInstances: new error 403 OPERATION_DENIED_INSTANCE_NOT_STOPPED" in err
    assert "Traceback" not in err
    assert {path: path.read_bytes() for path in output.rglob("*") if path.is_file()} == before

    # A minor bump is not enough for a breaking change.
    spec = edited_spec(tmp_path, lambda d: narrow_and_add_a_code(d, str(CURRENT.bumped(Level.COMPATIBLE))))
    assert main(["--spec", str(spec), "--output", str(output)]) == 1
    capsys.readouterr()

    spec = edited_spec(tmp_path, lambda d: narrow_and_add_a_code(d, str(needed)))
    assert main(["--spec", str(spec), "--output", str(output)]) == 0
    changelog = (output / CHANGELOG).read_text(encoding="utf-8")
    entry = changelog.split(f"## {needed}\n", 1)[1].split("\n## ", 1)[0]
    assert entry.lstrip().startswith("### Breaking")
    assert "request-property-max-length-decreased" in entry
    assert "zc-error-code-added" in entry
    assert changelog.index(f"## {needed}") < changelog.index(f"## {CURRENT}"), "newest first, older entries kept"
    assert tomllib.loads((output / "pyproject.toml").read_text())["project"]["version"] == str(needed)
    assert (output / SPEC_COPY).read_text(encoding="utf-8") == spec.read_text(encoding="utf-8")
    assert main(["--check", "--spec", str(spec), "--output", str(output)]) == 0


def test_a_documentation_change_needs_a_patch_bump(
    tmp_path: Path, output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def reword(document: dict[str, Any], version: str | None = None) -> None:
        document["components"]["schemas"]["InstanceId"]["description"] = "An instance id."
        if version:
            document["info"]["x-zc-client-version"] = version

    assert main(["--spec", str(edited_spec(tmp_path, reword)), "--output", str(output)]) == 1
    assert f"to {CURRENT.bumped(Level.DOCS)} (or higher)" in capsys.readouterr().err
    spec = edited_spec(tmp_path, lambda d: reword(d, str(CURRENT.bumped(Level.DOCS))))
    assert main(["--spec", str(spec), "--output", str(output)]) == 0
    entry = (output / CHANGELOG).read_text(encoding="utf-8").split(f"## {CURRENT.bumped(Level.DOCS)}\n", 1)[1]
    assert entry.lstrip().startswith("### Documentation")


def test_the_drift_check_names_a_missing_bump_beside_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = edited_spec(tmp_path, narrow_and_add_a_code)
    assert main(["--check", "--spec", str(spec), "--output", str(COMMITTED)]) == 1
    err = capsys.readouterr().err
    assert "version: " in err
    assert f"to {CURRENT.bumped(Level.BREAKING)}" in err
    assert "differs: zenlayer_vm_client/checks.py" in err


def test_a_malformed_version_is_a_located_spec_error(
    tmp_path: Path, output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = edited_spec(tmp_path, lambda d: d["info"].update({"x-zc-client-version": "2027.1"}))
    assert main(["--spec", str(spec), "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert "info.x-zc-client-version: '2027.1' is not MAJOR.MINOR.PATCH" in err
    assert "Traceback" not in err


def test_a_template_change_to_the_public_api_needs_its_bump_too(
    tmp_path: Path, output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The previous generation recorded its public API: a client that lost a public function (here, as
    if a template had dropped it) is breaking even though the spec did not change."""
    api_file = output / "public-api.jsonl"
    gone = '["zenlayer_vm_client.waiters.gone_function", "function", "None", [], [], false]\n'
    api_file.write_text(api_file.read_text(encoding="utf-8") + gone, encoding="utf-8")
    assert main(["--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert "function `zenlayer_vm_client.waiters.gone_function` removed" in err
    assert f"to {CURRENT.bumped(Level.BREAKING)} (or higher)" in err
