"""Where generated code lands: built in a temporary folder beside the output, swapped in only when
complete, or compared file by file for the drift check."""

from __future__ import annotations

import difflib
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

from generator import manifest
from spec_diff.history import HistoryError, release_base, tree_at

# The project's own client, in a checkout (the toolkit's repository root).
ROOT = Path(__file__).resolve().parent.parent
GENERATED_CLIENT = ROOT / "generated_client"

_DIFF_LINES = 20


def _build_beside(spec_path: Path, output: Path, *, strict: bool = True) -> tuple[Path, Path, str | None]:
    """Build into a fresh temporary folder next to `output` (same file system, so a rename is atomic).

    Also returns the version problem, when not `strict` (which raises it instead)."""
    # Imported here: openapi-python-client and the history are a third of a second a drift check that
    # its manifest answers never needs.
    from generator.build import build_client
    from generator.history import record_history

    output.parent.mkdir(parents=True, exist_ok=True)
    workspace = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    built = workspace / output.name
    try:
        build_client(spec_path, built)
        # The previous generation is what the version and the changelog are measured against.
        problem = record_history(spec_path, built, _base_generation(output, workspace), strict=strict)
        _write_manifest(spec_path, built)
    except BaseException:
        shutil.rmtree(workspace, ignore_errors=True)
        raise
    return workspace, built, problem


def _write_manifest(spec_path: Path, built: Path) -> None:
    """The generation's manifest (generator.manifest); none where an input cannot be read (a tool not
    installed as a distribution): the drift check then always generates."""
    try:
        inputs = manifest.inputs_digest(spec_path)
    except (OSError, metadata.PackageNotFoundError):
        return
    (built / manifest.NAME).write_text(manifest.text(inputs, generated_files(built)), encoding="utf-8")


def _base_generation(output: Path, workspace: Path) -> Path | None:
    """The generation the version and the changelog are measured against. For the project's own client
    in a git checkout: the client as committed at the branch's release base (spec_diff.history), the
    base `nox -s spec-diff` compares with, so that regenerating twice before a commit never asks for a
    second bump. Elsewhere (an installed toolkit, another output folder): the folder as it is."""
    here = output if output.is_dir() else None
    if output.resolve() != GENERATED_CLIENT:
        return here
    try:
        ref = release_base(ROOT)
        return tree_at(ROOT, ref, GENERATED_CLIENT.name, workspace / "base") or here
    except HistoryError:
        return here


def generate_into(spec_path: Path, output: Path) -> list[str]:
    """Replace `output` with the client generated from `spec_path`; on any error leave it untouched.

    Returns the files that changed (added, removed or rewritten), by path relative to `output`.
    """
    workspace, built, _ = _build_beside(spec_path, output)
    before, after = generated_files(output), generated_files(built)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    try:
        old = workspace / "previous"
        if output.exists():
            output.rename(old)
        try:
            built.rename(output)
        except OSError:
            if old.exists():
                old.rename(output)  # the previous generation back where it was: never no client at all
            raise
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    return changed


# Caches tools leave in a project folder; never part of what is generated.
_NOT_GENERATED = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


def generated_files(root: Path) -> dict[str, bytes]:
    """Every file under `root` that counts as generated output, by relative path, with its bytes."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not _NOT_GENERATED.intersection(path.relative_to(root).parts)
    }


def check_in_sync(spec_path: Path, output: Path, *, full: bool = False) -> list[str]:
    """The differences between `output` and what `spec_path` produces: one entry per file, with a diff.
    Unless `full`, a folder whose manifest says it was made from the inputs as they are, and whose files
    are all as made, is in sync without generating again (generator.manifest)."""
    if not full and manifest.unchanged(spec_path, generated_files(output)):
        return []
    workspace, built, problem = _build_beside(spec_path, output, strict=False)
    try:
        expected, actual = generated_files(built), generated_files(output)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    # The manifest only speeds the next check: a stale one (the generator's code changed, its output did
    # not) is no drift; `nox -s generate` refreshes it.
    expected.pop(manifest.NAME, None)
    actual.pop(manifest.NAME, None)
    differences: list[str] = [f"version: {problem}"] if problem else []
    for name in sorted(expected.keys() | actual.keys()):
        if name not in actual:
            differences.append(f"missing: {name}")
        elif name not in expected:
            differences.append(f"not generated (a leftover, e.g. after a revert; nox -s generate removes it): {name}")
        elif expected[name] != actual[name]:
            diff = difflib.unified_diff(
                actual[name].decode("utf-8", "replace").splitlines(),
                expected[name].decode("utf-8", "replace").splitlines(),
                f"{name} (as committed)",
                f"{name} (as generated)",
                lineterm="",
            )
            lines = list(diff)
            shown = lines[:_DIFF_LINES]
            if len(lines) > _DIFF_LINES:
                shown.append(f"... ({len(lines) - _DIFF_LINES} more diff lines)")
            differences.append(f"differs: {name}\n" + "\n".join(shown))
    return differences
