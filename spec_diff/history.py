"""Earlier versions of the spec and of the generated client, read from git."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

MAIN_BRANCH = "main"


class HistoryError(Exception):
    """Git cannot say what the base version was (no repository, a shallow clone, an unknown ref)."""


def _git(root: Path, *arguments: str) -> bytes:
    try:
        result = subprocess.run(["git", *arguments], cwd=root, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise HistoryError(f"git {arguments[0]}: {error}") from error
    if result.returncode != 0:
        raise HistoryError(f"git {' '.join(arguments)}: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def default_base(root: Path, spec: str) -> tuple[str, str]:
    """The ref to compare with, and why: the merge base with main on another branch; HEAD when the
    spec has uncommitted edits; else the commit before the last one that changed the spec."""
    head = _git(root, "rev-parse", "HEAD").decode().strip()
    try:
        merge_base = _git(root, "merge-base", "HEAD", MAIN_BRANCH).decode().strip()
    except HistoryError:
        merge_base = head
    if merge_base != head:
        return merge_base, f"the merge base with {MAIN_BRANCH}"
    if _git(root, "status", "--porcelain", "--", spec).strip():
        return "HEAD", "the last commit (the spec has uncommitted edits)"
    last = _git(root, "log", "-1", "--format=%H", "--", spec).decode().strip()
    if not last:
        raise HistoryError(f"no commit changed {spec}")
    parents = _git(root, "rev-list", "--parents", "-n", "1", last).decode().split()
    if len(parents) < 2:
        raise HistoryError(f"{last[:12]} is the first commit of {spec}, or this is a shallow clone")
    return parents[1], f"the spec before its last change ({last[:12]})"


def release_base(root: Path) -> str:
    """The commit a branch's work is measured against: its merge base with main (HEAD on main). A
    branch's changes make one release, however many commits and generations it took."""
    try:
        return _git(root, "merge-base", "HEAD", MAIN_BRANCH).decode().strip()
    except HistoryError:
        return _git(root, "rev-parse", "HEAD").decode().strip()


def file_at(root: Path, ref: str, path: str) -> str:
    return _git(root, "show", f"{ref}:{path}").decode("utf-8")


def tree_at(root: Path, ref: str, path: str, destination: Path) -> Path | None:
    """Extract folder `path` as it was at `ref` into `destination`; None if it did not exist then."""
    try:
        archive = _git(root, "archive", "--format=tar", ref, path)
    except HistoryError:
        return None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")
    return destination / path
