"""`python -m generator`: deterministic, atomic, located errors, and a drift check that catches any
edit to the spec or to generated_client/."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import manifest
from generator.__main__ import main
from generator.build import GENERATOR_DIR as GENERATOR
from generator.build import VERBATIM_MODULES, build_client
from generator.output import check_in_sync, generated_files
from tests.spec_copies import edited_spec
from zenlayer_spec import SPEC_PATH

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "generated_client"


def tree_digest(root: Path) -> str:
    """What was generated (the manifest aside: it says what the generation was made from)."""
    digest = hashlib.sha256()
    for name, content in generated_files(root).items():
        if name != manifest.NAME:
            digest.update(name.encode() + b"\0" + content)
    return digest.hexdigest()


@pytest.fixture
def output(tmp_path: Path) -> Path:
    """A copy of the committed client, to generate over."""
    copy = tmp_path / "generated_client"
    shutil.copytree(COMMITTED, copy, ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache"))
    return copy


def test_the_committed_client_is_in_sync() -> None:
    assert check_in_sync(SPEC_PATH, COMMITTED) == []


def test_generation_is_deterministic(output: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--output", str(output)]) == 0
    first = tree_digest(output)
    assert main(["--output", str(output)]) == 0
    assert tree_digest(output) == first == tree_digest(COMMITTED)
    assert "generated" in capsys.readouterr().out


def test_stale_files_are_removed(output: Path) -> None:
    stale = output / "zenlayer_vm_client" / "api" / "instances" / "old_action.py"
    stale.write_text("# from an older spec\n", encoding="utf-8")
    assert main(["--output", str(output)]) == 0
    assert not stale.exists()
    assert not list(output.parent.glob(".generated_client-*")), "the temporary build folder was left behind"


def test_drift_check_catches_an_edited_generated_file(output: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = output / "zenlayer_vm_client" / "checks.py"
    target.write_text(target.read_text(encoding="utf-8").replace("min_length=8", "min_length=6"), encoding="utf-8")
    (output / "zenlayer_vm_client" / "extra.py").write_text("x = 1\n", encoding="utf-8")
    assert main(["--check", "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert "differs: zenlayer_vm_client/checks.py" in err
    assert "-        min_length=6," in err or "min_length=6" in err
    assert (
        "not generated (a leftover, e.g. after a revert; nox -s generate removes it): zenlayer_vm_client/extra.py"
        in err
    )


def test_a_manifest_that_matches_answers_the_drift_check_without_generating(
    output: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["--output", str(output)]) == 0  # a fresh generation writes its manifest

    def no_generation(*arguments: object) -> None:
        raise AssertionError("the drift check generated again although the manifest matched")

    monkeypatch.setattr("generator.build.build_client", no_generation)
    assert check_in_sync(SPEC_PATH, output) == []
    with pytest.raises(AssertionError, match="generated again"):
        check_in_sync(SPEC_PATH, output, full=True)  # --full always generates


def test_a_stale_manifest_is_no_drift_but_a_slower_check(output: Path) -> None:
    """The generator's code changed and its output did not: the full check runs, and finds nothing."""
    recorded = output / manifest.NAME
    lines = recorded.read_text(encoding="utf-8").splitlines()
    recorded.write_text("\n".join(["inputs " + "0" * 64, *lines[1:]]) + "\n", encoding="utf-8")
    assert not manifest.unchanged(SPEC_PATH, generated_files(output))
    assert check_in_sync(SPEC_PATH, output) == []


def test_drift_check_catches_an_edited_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def longer_names(document: dict[str, object]) -> None:
        schemas = document["components"]["schemas"]  # type: ignore[index]
        schemas["ResetInstanceRequest"]["properties"]["instanceName"]["maxLength"] = 128

    spec = edited_spec(tmp_path, longer_names)
    assert main(["--check", "--spec", str(spec), "--output", str(COMMITTED)]) == 1
    err = capsys.readouterr().err
    assert "differs: zenlayer_vm_client/checks.py" in err
    assert "max_length=128" in err


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            lambda d: d["paths"]["/vm#StopInstances"]["post"].__setitem__("operationId", 5),
            "at paths//vm#StopInstances/post/operationId: 5 is not of type",
            id="not OpenAPI",
        ),
        pytest.param(
            lambda d: d["paths"]["/vm#StopInstances"]["post"]["parameters"][0].__setitem__(
                "schema", {"type": "string", "const": "StopInstances", "default": "StopInstances"}
            ),
            "POST /vm#StopInstances within instances. Endpoint will not be generated.",
            id="dropped endpoint",
        ),
        pytest.param(
            lambda d: d["components"]["schemas"]["StopInstancesRequest"]["properties"]["instanceIds"].__setitem__(
                "uniqueItems", True
            ),
            "StopInstancesRequest/properties/instanceIds: keyword 'uniqueItems' has no local check",
            id="unchecked constraint",
        ),
    ],
)
def test_a_bad_spec_leaves_the_client_untouched(
    edit: Callable[[dict[str, object]], None],
    expected: str,
    tmp_path: Path,
    output: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = tree_digest(output)
    spec = edited_spec(tmp_path, edit)
    assert main(["--spec", str(spec), "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert expected in err
    assert "was left as it was" in err
    assert tree_digest(output) == before
    assert not list(output.parent.glob(".generated_client-*"))


def test_invalid_yaml_is_located_without_a_traceback(tmp_path: Path, output: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.1.0\ninfo:\n  title: [oops\n", encoding="utf-8")
    before = tree_digest(output)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--spec", str(spec), "--output", str(output)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "spec.yaml:4:1: not valid YAML" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(output) == before


def test_any_edit_to_the_spec_is_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Even an edit that changes no code (a comment) shows: the client records the spec's digest."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC_PATH.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert main(["--check", "--spec", str(spec), "--output", str(COMMITTED)]) == 1
    assert "differs: zenlayer_vm_client/operations.py" in capsys.readouterr().err


def test_a_waiter_polling_an_unknown_operation_is_a_located_error(
    tmp_path: Path, output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_digest(output)
    spec = edited_spec(tmp_path, lambda d: d["paths"]["/vm#ResetInstance"]["post"]["x-zc-waiter"].update(poll="Nope"))
    assert main(["--spec", str(spec), "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert "paths./vm#ResetInstance.post.x-zc-waiter.poll: 'Nope' is not an operation of the spec" in err
    assert "Traceback" not in err
    assert tree_digest(output) == before


def test_a_spec_without_the_reset_waiter_still_gives_an_importable_client(tmp_path: Path) -> None:
    """Waiters are rendered from the spec: without ResetInstance's, there is no wait_for_reset_instance and no
    stop_reset_and_wait, and the rest still imports and waits through its poll."""

    def without_the_waiter(document: dict[str, Any]) -> None:
        reset = document["paths"]["/vm#ResetInstance"]["post"]
        reset.pop("x-zc-waiter")
        effect = reset["x-zc-effects"][0]
        del effect["transition"]  # which means "through the waiter's statuses": written out instead
        effect["lifecycle"] = ["REBUILDING", "RUNNING"]

    spec = edited_spec(tmp_path, without_the_waiter)
    built = tmp_path / "built" / "generated_client"
    build_client(spec, built)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import zenlayer_vm_client.waiters as w; print(sorted(n for n in dir(w) if 'wait' in n))",
        ],
        cwd=built,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    names = result.stdout
    assert "wait_for_stop_instances" in names
    assert "wait_until_stopped" in names  # the deprecated alias
    assert "wait_for_reset_instance" not in names
    assert "stop_reset_and_wait" not in names


def test_every_template_fills_something_in_and_plain_modules_are_copied_as_they_are() -> None:
    """A module with nothing from the spec is plain Python (checked by ruff and mypy where it is edited),
    and reaches the client byte for byte; every template left has template syntax in it."""
    templates = sorted((GENERATOR / "templates").rglob("*.jinja"))
    assert templates
    plain = [template.name for template in templates if not re.search(r"{{|{%", template.read_text(encoding="utf-8"))]
    assert plain == [], f"templates with nothing to fill in: move them to generator/verbatim/: {plain}"
    assert VERBATIM_MODULES
    package = ROOT / "generated_client" / "zenlayer_vm_client"
    for module in VERBATIM_MODULES:
        assert (package / module.name).read_bytes() == module.read_bytes(), module.name


def test_a_stale_manifest_is_said(output: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recorded = output / manifest.NAME
    lines = recorded.read_text(encoding="utf-8").splitlines()
    recorded.write_text("\n".join(["inputs " + "0" * 64, *lines[1:]]) + "\n", encoding="utf-8")
    assert main(["--check", "--output", str(output)]) == 0
    assert "GENERATION.sha256 is stale" in capsys.readouterr().out
    assert main(["--output", str(output)]) == 0  # generating refreshes it
    assert main(["--check", "--output", str(output)]) == 0
    assert "GENERATION.sha256 is stale" not in capsys.readouterr().out.split("generated", 1)[-1]
