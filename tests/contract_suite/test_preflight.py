"""A live run checks its endpoint first, with one signed harmless call, and stops in one line naming the
host when it cannot go on: no connection tracebacks, nothing else sent."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

from contract_tests.preflight import PreflightFailed, preflight
from contract_tests.signing import ZcSigner
from mock_server.process import ROOT, MockProcess
from zenlayer_spec import load_spec

KEY = ("zl-mock-key-id", "zl-mock-key-password")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_reachable_mock_with_good_credentials_passes() -> None:
    with MockProcess("--quiet") as mock:
        line = preflight(load_spec(), mock.base_url, ZcSigner(*KEY))
    host = mock.base_url.split("//")[1].split("/")[0]
    assert line.startswith(f"preflight: {host} answered DescribeInstancesStatus in ")


def test_wrong_credentials_say_which_host_and_what_to_check() -> None:
    with MockProcess("--quiet") as mock, pytest.raises(PreflightFailed) as failed:
        preflight(load_spec(), mock.base_url, ZcSigner(KEY[0], "wrong"))
    host = mock.base_url.split("//")[1].split("/")[0]
    assert str(failed.value) == (
        f"preflight: {host} refused the credentials (AUTHFAILURE_SIGNATURE_FAILURE): "
        "check the key id, the key password or the token"
    )


def test_an_unreachable_endpoint_stops_the_live_run_in_one_line(tmp_path: object) -> None:
    port = closed_port()
    env = {
        "ZENLAYER_CONTRACT_TARGET": "live",
        "ZENLAYER_CONTRACT_BASE_URL": f"http://127.0.0.1:{port}/api/v2",
        "ZENLAYER_ACCESS_KEY_ID": KEY[0],
        "ZENLAYER_ACCESS_KEY_PASSWORD": KEY[1],
        "ZENLAYER_CONTRACT_ALLOWED_INSTANCES": "",
        "ZENLAYER_CONTRACT_ALLOWED_IMAGES": "",
        "ZENLAYER_CONTRACT_ALLOWED_KEY_PAIRS": "",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "contract_tests", "-p", "no:cacheprovider", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert f"preflight: cannot reach 127.0.0.1:{port} (Connection refused)" in output
    assert "Traceback" not in output
    assert "ConnectionRefusedError" not in output


def test_an_endpoint_that_never_answers_fails_within_the_deadline() -> None:
    """A socket that accepts and then says nothing: the preflight gives up at its deadline, in one line."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(PreflightFailed) as failed:
            preflight(load_spec(), f"http://127.0.0.1:{port}/api/v2", ZcSigner(*KEY), timeout=0.5)
        assert time.monotonic() - started < 10  # bounded by the deadline asked for, not the default's
    assert str(failed.value) == f"preflight: 127.0.0.1:{port} did not answer within 0.5 s"
