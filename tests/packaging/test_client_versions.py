"""The client works across the version ranges it declares: installed with the lowest versions they allow
(uv's `--resolution lowest-direct`: httpx, httpcore and attrs at their floors) and with the highest, the
client's tests that need nothing but the client and the spec pass on both."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT_TESTS = [
    "tests/client/test_errors.py",
    "tests/client/test_hostile_answers.py",
    "tests/client/test_lenient_answers.py",
    "tests/client/test_proxies.py",
    "tests/client/test_redaction_and_compat.py",
    "tests/client/test_retries.py",
    "tests/client/test_surface.py",
    "tests/client/test_tls.py",
    "tests/client/test_waiters.py",
]


def run(*command: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.mark.parametrize("resolution", ["lowest-direct", "highest"])
def test_the_client_passes_its_tests_at_both_ends_of_its_ranges(resolution: str, tmp_path: Path) -> None:
    uv = shutil.which("uv")
    assert uv is not None, "uv (installed by .ci/run beside nox) makes the venvs"
    assert run(uv, "venv", "--quiet", "--python", sys.executable, tmp_path / "venv").returncode == 0
    python = tmp_path / "venv" / "bin" / "python"
    # The client alone at the chosen end; then what the tests need, leaving the client's packages as they are.
    client = run(
        uv, "pip", "install", "--quiet", "--python", python, "--resolution", resolution, ROOT / "generated_client"
    )
    assert client.returncode == 0, client.stderr[-2000:]
    tools = [
        f"{name}=={version(name)}" for name in ("pytest", "pytest-timeout", "pyyaml", "cel-expr-python", "trustme")
    ]
    added = run(uv, "pip", "install", "--quiet", "--python", python, *tools, "jsonschema-rs>=0.29,<1")
    assert added.returncode == 0, added.stderr[-2000:]
    toolkit = run(uv, "pip", "install", "--quiet", "--python", python, "--no-deps", ROOT)
    assert toolkit.returncode == 0, toolkit.stderr[-2000:]
    shown = run(python, "-c", "import httpx, httpcore; print(httpx.__version__, httpcore.__version__)")
    floors = resolution == "lowest-direct"
    assert (shown.stdout.split()[0] == "0.27.0") == floors, shown.stdout  # the floor of httpx>=0.27,<0.29
    tested = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CLIENT_TESTS, timeout=600)
    assert tested.returncode == 0, tested.stdout[-3000:]
