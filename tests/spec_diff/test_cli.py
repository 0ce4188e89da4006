"""`python -m spec_diff` on a real git history: a branch that narrows a field and adds an error code
without a bump fails with both named as breaking and located in the spec; with the bump and the
regenerated client (version and changelog), it passes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zenlayer_spec.pointers import yaml_value

ROOT = Path(__file__).resolve().parents[2]
SPEC = "spec/zenlayer-vm.openapi.yaml"


def git(clone: Path, *arguments: str) -> str:
    result = subprocess.run(["git", *arguments], cwd=clone, capture_output=True, text=True, check=True, timeout=120)
    return result.stdout


def spec_diff(clone: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    # Run from the clone, so that its own spec_diff, spec and git history are the ones read.
    return subprocess.run(
        [sys.executable, "-m", "spec_diff", *arguments],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of this repository's HEAD, with the working tree's spec_diff and spec on a `main` branch."""
    clone = tmp_path_factory.mktemp("repo") / "repo"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True, timeout=300)
    git(clone, "checkout", "-q", "-B", "main")
    git(clone, "config", "user.email", "test@example.com")
    git(clone, "config", "user.name", "test")
    return clone


def edit_spec(clone: Path, version: str | None = None) -> None:
    # Text edits, as a person makes them, so that line numbers are the real ones.
    path = clone / SPEC
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "          minLength: 1\n          maxLength: 64\n", "          minLength: 1\n          maxLength: 32\n", 1
    )
    marker = "                - OPERATION_DENIED_INSTANCE_NOT_RUNNING\n"
    assert marker in text
    text = text.replace(marker, marker + "                - OPERATION_DENIED_INSTANCE_NOT_STOPPED\n", 1)
    if version is not None:
        current = yaml_value(text)["info"]["x-zc-client-version"]
        text = text.replace(f"x-zc-client-version: {current}", f"x-zc-client-version: {version}", 1)
    path.write_text(text, encoding="utf-8")


def test_a_branch_with_breaking_changes_and_no_bump_fails_with_the_report(clone: Path) -> None:
    git(clone, "checkout", "-q", "-B", "narrow-names", "main")
    edit_spec(clone)
    git(clone, "commit", "-qam", "narrow instanceName, a new StopInstances code")
    result = spec_diff(clone)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "since " in out
    assert "the merge base with main" in out
    assert "[breaking] maxLength 64 -> 32, in ResetInstance request `instanceName`" in out
    assert "[breaking] StopInstances: new error 403 OPERATION_DENIED_INSTANCE_NOT_STOPPED" in out
    lines = (clone / SPEC).read_text(encoding="utf-8").splitlines()
    narrowed = next(i for i, line in enumerate(lines, 1) if line == "          maxLength: 32")
    assert f"request-property-max-length-decreased at {SPEC}:{narrowed} " in out
    schema = lines.index("    StopInstancesForbiddenError:")
    enum = next(i for i, line in enumerate(lines[schema:], schema + 1) if line.strip() == "enum:")
    assert f"zc-error-code-added at {SPEC}:{enum} /components/schemas/StopInstancesForbiddenError/" in out
    assert "FAIL: info.x-zc-client-version is" in out
    assert "Overall: breaking." in out

    report = json.loads(spec_diff(clone, "--format", "json", "--no-client").stdout)
    assert report["level"] == "breaking"
    assert {(c["section"], c["rule"]) for c in report["changes"]} >= {
        ("wire", "request-property-max-length-decreased"),
        ("contract", "zc-error-code-added"),
    }


def test_the_bump_and_the_regenerated_client_make_it_pass(clone: Path) -> None:
    git(clone, "checkout", "-q", "-B", "narrow-bumped", "main")
    current = yaml_value((clone / SPEC).read_text(encoding="utf-8"))["info"]["x-zc-client-version"]
    major = int(str(current).split(".")[0]) + 1
    edit_spec(clone, f"{major}.0.0")
    result = spec_diff(clone, "--no-client")
    assert result.returncode == 1
    assert "has no entry for" in result.stdout
    generated = subprocess.run(
        [sys.executable, "-m", "generator"], cwd=clone, capture_output=True, text=True, timeout=300
    )
    assert generated.returncode == 0, generated.stderr
    assert "CHANGELOG.md" in generated.stdout
    git(clone, "commit", "-qam", "narrow instanceName, bumped and regenerated")
    result = spec_diff(clone)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"OK: version {major}.0.0 matches the changes." in result.stdout


def test_two_edits_before_a_commit_need_the_one_bump_spec_diff_asks_for(clone: Path) -> None:
    """Edit, bump, generate; edit again, generate again (nothing committed in between): the generator
    measures against the same base as spec-diff (the committed client), so the second generation asks
    for no second bump, and the changelog has one entry for the release, naming both changes."""
    git(clone, "checkout", "-q", "-B", "two-edits", "main")
    current = yaml_value((clone / SPEC).read_text(encoding="utf-8"))["info"]["x-zc-client-version"]
    major = int(str(current).split(".")[0]) + 1
    edit_spec(clone, f"{major}.0.0")  # breaking: a major bump
    first = subprocess.run([sys.executable, "-m", "generator"], cwd=clone, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    path = clone / SPEC
    text = path.read_text(encoding="utf-8")
    marker = "      description: Public NIC name;"
    assert marker in text
    path.write_text(text.replace(marker, "      description: The public NIC name;", 1), encoding="utf-8")
    second = subprocess.run([sys.executable, "-m", "generator"], cwd=clone, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stdout + second.stderr
    assert spec_diff(clone, "--no-client").returncode == 0
    changelog = (clone / "generated_client" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.count(f"## {major}.0.0\n") == 1
    entry = changelog.split(f"## {major}.0.0\n", 1)[1].split("\n## ", 1)[0]
    assert "WanNicName/description" in entry  # the second edit is in the release's one entry
    git(clone, "checkout", "-q", "-f", "main")
    git(clone, "clean", "-qfd")


def test_on_main_it_compares_with_the_spec_before_its_last_change(clone: Path) -> None:
    git(clone, "checkout", "-q", "main")
    result = spec_diff(clone, "--no-client")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the spec before its last change" in result.stdout


def test_an_unknown_base_is_an_error_not_a_traceback(clone: Path) -> None:
    result = spec_diff(clone, "--base", "no-such-ref", "--no-client")
    assert result.returncode == 2
    assert result.stderr.startswith("error: git show no-such-ref:")
    assert "Traceback" not in result.stderr


def test_a_client_that_cannot_be_generated_is_a_located_message_not_a_traceback(tmp_path: Path) -> None:
    """The client section builds the client; a spec it cannot be built from says so in a message."""
    spec = tmp_path / "spec.yaml"
    text = (ROOT / "spec" / "zenlayer-vm.openapi.yaml").read_text(encoding="utf-8")
    spec.write_text(text.replace("      operationId: StopInstances\n", "      operationId: 5\n"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "spec_diff", "--spec", str(spec)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "error: " in result.stderr
    assert "Traceback" not in result.stderr
