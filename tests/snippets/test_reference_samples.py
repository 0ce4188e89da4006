"""Every code sample the reference shows (curl, the client, zenlayer-vm, the vendor's SDK, for every
operation) runs against a fresh mock and gets a 200 answer; a sample whose request the spec's example
makes fails would fail here. The shell samples run in bash; the Python ones in this process, as
`python -c` would run them (tests/as_a_process.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from mock_server.process import MockProcess
from tests.as_a_process import run_in_process
from zenlayer_spec import load_spec
from zenlayer_spec.samples import SAMPLE_ADDRESS, Sample, samples

ROOT = Path(__file__).resolve().parents[2]
SPEC = load_spec()
CASES = [
    pytest.param(sample, id=f"{operation_id}-{sample.label.split()[0]}")
    for operation_id in SPEC.operations
    for sample in samples(SPEC, operation_id)
]


@pytest.fixture
def mock(reset_mock: MockProcess) -> MockProcess:
    return reset_mock


@pytest.mark.parametrize("sample", CASES)
def test_a_reference_sample_runs_against_the_mock(sample: Sample, mock: MockProcess) -> None:
    address = urlsplit(mock.base_url).netloc
    source = sample.source.replace(SAMPLE_ADDRESS, address)
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("ZENLAYER_")},
        # `python` and `zenlayer-vm` are this environment's, as after `nox -s dev`.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "ZENLAYER_BASE_URL": mock.base_url,
        "ZENLAYER_ACCESS_KEY_ID": DEFAULT_ACCESS_KEY_ID,
        "ZENLAYER_ACCESS_KEY_PASSWORD": DEFAULT_ACCESS_KEY_PASSWORD,
    }
    if sample.lang == "Python":
        result = _python_in_process(source, env)
    else:
        command = ["bash", "-c", f"set -o pipefail; {source}"]
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{source}\n{output}"
    assert "requestId" in output or "request_id" in output or "RequestId" in output, output
    assert '"code"' not in result.stdout, output  # curl prints the answer: not an error envelope


def _python_in_process(source: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`python -c SOURCE`, run in this process as a process would run it (fresh globals: the sample must
    import all it uses)."""
    code = compile(source, "<sample>", "exec")
    return run_in_process([sys.executable, "-c", source], lambda: exec(code, {"__name__": "__main__"}), env=env)
