"""Generator speed: a full regeneration and the drift check, against bare openapi-python-client
generating the same spec (each a fresh process, as a user or CI runs it)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mock_server.process import ROOT
from zenlayer_spec import SPEC_PATH


def _seconds(command: list[str], where: Path = ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=where, capture_output=True, check=True, timeout=300)
    return time.perf_counter() - started


def regenerate(where: Path = ROOT) -> float:
    """A full regeneration by the generator of the tree at `where` (this one, or the pinned commit's)."""
    with tempfile.TemporaryDirectory() as directory:
        return _seconds([sys.executable, "-m", "generator", "--output", str(Path(directory) / "client")], where)


def drift_check(where: Path = ROOT) -> float:
    return _seconds([sys.executable, "-m", "generator", "--check"], where)


def bare_openapi_python_client() -> float:
    """openapi-python-client alone: its own templates, no post hooks (ruff would only add to it)."""
    with tempfile.TemporaryDirectory() as raw:
        directory = Path(raw)
        config = directory / "config.yaml"
        config.write_text("post_hooks: []\n", encoding="utf-8")
        generator = Path(sys.executable).with_name("openapi-python-client")
        command = [str(generator), "generate", "--path", str(SPEC_PATH), "--output-path", str(directory / "out")]
        return _seconds([*command, "--meta", "none", "--config", str(config)])
