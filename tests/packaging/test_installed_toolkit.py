"""The toolkit as users install it: `pip install .[mock,generator]` (a wheel, not editable) in a fresh
virtual environment, then the mock and the generator's drift check from a directory outside the
checkout. The spec comes from the package data, the templates and the default world too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest

from contract_tests.raw_calls import Caller

ROOT = Path(__file__).resolve().parents[2]
BANNER = "mock listening on "


def run(*command: str | Path, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    # No PYTHONPATH, no checkout on the path: only what was installed.
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False, env=env
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(python of a fresh venv with the toolkit's wheel installed, a directory outside the checkout)."""
    uv = shutil.which("uv")
    assert uv is not None, "uv (installed by .ci/run beside nox) builds the wheel and the venv"
    work = tmp_path_factory.mktemp("installed")
    built = run(uv, "build", "--wheel", "--out-dir", work / "dist", ROOT, cwd=work)
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("zenlayer_vm_toolkit-*.whl")
    made = run(uv, "venv", "--quiet", "--python", sys.executable, work / "venv", cwd=work)
    assert made.returncode == 0, made.stderr
    python = work / "venv" / "bin" / "python"
    added = run(uv, "pip", "install", "--quiet", "--python", python, f"{wheel}[mock,generator]", cwd=work)
    assert added.returncode == 0, added.stderr
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    return python, elsewhere


def test_the_spec_is_read_from_the_package(installed: tuple[Path, Path]) -> None:
    python, elsewhere = installed
    where = run(python, "-c", "import zenlayer_spec; print(zenlayer_spec.SPEC_PATH)", cwd=elsewhere)
    assert where.returncode == 0, where.stderr
    path = Path(where.stdout.strip())
    assert "site-packages" in path.parts
    assert path.read_bytes() == (ROOT / "spec" / "zenlayer-vm.openapi.yaml").read_bytes()


def test_the_drift_check_runs_from_any_directory(installed: tuple[Path, Path]) -> None:
    python, elsewhere = installed
    checked = run(python, "-m", "generator", "--check", "--output", ROOT / "generated_client", cwd=elsewhere)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "is in sync with" in checked.stdout
    missing = run(python, "-m", "generator", "--check", cwd=elsewhere)
    assert missing.returncode == 1
    assert "missing: pyproject.toml" in missing.stderr


def test_the_mock_serves_from_any_directory(installed: tuple[Path, Path]) -> None:
    python, elsewhere = installed
    process = subprocess.Popen(
        [str(python), "-m", "mock_server", "--host", "127.0.0.1", "--port", "0"],
        cwd=elsewhere,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stderr is not None
        banner = process.stdout.readline()
        assert banner.startswith(BANNER), banner + (process.stderr.read() if process.poll() is not None else "")
        endpoint = banner[len(BANNER) :].split()[0]
        with httpx.Client(timeout=30) as http:
            answer = Caller(endpoint, http).call("DescribeImages", {"zoneId": "FRA-A"})
        assert answer.status_code == 200, answer.text
        assert answer.json()["response"]["totalCount"] >= 1
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_client_without_its_cli_extra_says_what_to_install(tmp_path: Path) -> None:
    """The client alone (no `cli` extra: no click, no Rich) is a library; its command says what it lacks."""
    uv = shutil.which("uv")
    assert uv is not None
    made = run(uv, "venv", "--quiet", "--python", sys.executable, tmp_path / "venv", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = tmp_path / "venv" / "bin" / "python"
    added = run(uv, "pip", "install", "--quiet", "--python", python, ROOT / "generated_client", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    library = run(
        python, "-c", "import zenlayer_vm_client, importlib.util as u; print(u.find_spec('click'))", cwd=tmp_path
    )
    assert library.stdout.strip() == "None"  # the library installs without the command line's packages
    command = run(tmp_path / "venv" / "bin" / "zenlayer-vm", "--help", cwd=tmp_path)
    assert command.returncode == 2
    assert command.stderr.strip() == (
        "zenlayer-vm needs the client's `cli` extra (click is missing): pip install 'zenlayer-vm-client[cli]'"
    )


def test_the_wheel_ships_what_its_users_run_and_not_the_benchmarks(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    assert uv is not None
    built = run(uv, "build", "--wheel", "--out-dir", tmp_path, ROOT, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("zenlayer_vm_toolkit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packages = {name.split("/", 1)[0] for name in archive.namelist() if name.endswith("/__init__.py")}
    assert packages == {"zenlayer_spec", "spec_diff", "generator", "mock_server", "contract_tests"}
