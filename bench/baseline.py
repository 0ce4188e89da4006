"""Time targets measured against the project itself: the same task at a pinned earlier commit, run in
this session on this machine. The machine's speed swings about 2x from day to day, so a time alone
cannot pass or fail a target; the ratio to the pinned commit's time, taken minutes apart, can.

The pinned commit is `main` when the speed targets were set (issue #15: `nox -s contract` 48 s,
`nox -s tests` about 6 min, regeneration + drift check 3.3 s that day). Each target in seconds becomes
a ratio: 20 s of 48 s is 0.42 of the pinned commit's time, measured today.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import attrs

from mock_server.process import ROOT

COMMIT = "01ec1cec08119198a3e91079a25c2fce0ec9b3f7"
TREES = ROOT / "build" / "bench-baseline"


@attrs.frozen
class TimeTarget:
    """A target in seconds, and what the pinned commit took the day it was set."""

    seconds: float
    pinned_seconds_then: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.pinned_seconds_then


CONTRACT = TimeTarget(20, 48)
TESTS = TimeTarget(120, 360)
REGENERATION = TimeTarget(2.5, 3.3)


@attrs.frozen
class Timed:
    seconds: float
    passed: bool


def tree() -> Path | None:
    """The pinned commit's files (extracted once into build/), or None when the clone lacks the commit."""
    path = TREES / COMMIT[:12]
    if (path / "noxfile.py").exists():
        return path
    check = subprocess.run(
        ["git", "cat-file", "-e", f"{COMMIT}^{{commit}}"], cwd=ROOT, capture_output=True, check=False, timeout=60
    )
    if check.returncode != 0:  # a shallow clone: the ratios are left out, said so in the row
        return None
    with tempfile.TemporaryDirectory() as raw:
        archive = Path(raw) / "tree.tar"
        subprocess.run(["git", "archive", "--output", str(archive), COMMIT], cwd=ROOT, check=True, timeout=120)
        staging = Path(raw) / "tree"
        with tarfile.open(archive) as bundle:
            bundle.extractall(staging, filter="data")
        path.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(path)  # whole or not at all
    return path


def nox_session(where: Path, session: str) -> Timed:
    """Wall time of `nox -R -s <session>` in `where`, its environment built first (not timed)."""
    nox = [sys.executable, "-m", "nox"]
    subprocess.run([*nox, "-s", session, "--install-only"], cwd=where, capture_output=True, check=True, timeout=1800)
    started = time.perf_counter()
    result = subprocess.run([*nox, "-R", "-s", session], cwd=where, capture_output=True, check=False, timeout=3600)
    return Timed(time.perf_counter() - started, result.returncode == 0)
