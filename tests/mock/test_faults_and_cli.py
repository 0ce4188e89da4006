"""Faults on demand (latency, dropped connections), the CLI's banner and log lines, and loading
another world with --fixtures. Options the mock refuses are tried on its main in this process, and once as
`python -m mock_server`."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import unittest.mock
from pathlib import Path

import httpx
import pytest
import yaml

import mock_server.__main__ as mock_main
from mock_server.world import DEFAULT_WORLD
from tests.as_a_process import run_in_process
from tests.mock.conftest import StartMock
from tests.mock.harness import ROOT, Caller, MockProcess
from tests.mock.in_process import poll_until
from zenlayer_spec.document import load_document
from zenlayer_spec.errors import not_api_answers


def run_cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m mock_server ...` when it is expected to refuse to start: its main, in this process
    (tests/as_a_process.py), where a server that starts after all fails the test instead of serving."""
    command = [sys.executable, "-m", "mock_server", *arguments]
    started = AssertionError("the mock started instead of refusing its options")
    with unittest.mock.patch("uvicorn.Server", side_effect=started):
        return run_in_process(command, lambda: sys.exit(mock_main.main(list(arguments))), cwd=ROOT)


def run_cli_process(*arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m mock_server ...` as a process."""
    command = [sys.executable, "-m", "mock_server", *arguments]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)


def test_added_latency(start_mock: StartMock) -> None:
    caller = Caller(start_mock("--latency-ms", "150").endpoint)
    started = time.perf_counter()
    assert caller.call("DescribeInstancesStatus", {}).status_code == 200
    assert time.perf_counter() - started >= 0.15


def test_dropped_connections(start_mock: StartMock) -> None:
    caller = Caller(start_mock("--drop-rate", "1").endpoint)
    with pytest.raises(httpx.RemoteProtocolError):
        caller.call("DescribeInstancesStatus", {})


def test_answers_that_are_not_the_apis(start_mock: StartMock) -> None:
    """--not-api-rate: the network in front of the API answers, as the spec's x-zc-not-api-answers say."""
    caller = Caller(start_mock("--not-api-rate", "1", "--transition-seconds", "600").endpoint)
    expected = {answer.code: answer for answer in not_api_answers(load_document())}
    seen = set()
    for _ in range(40):
        response = caller.call("ResetInstance", {"instanceId": "ins-stopped-fra"})
        assert "application/json" not in response.headers["content-type"]  # a page, not the envelope
        code = next(code for code, answer in expected.items() if answer.matches(response.status_code, response.headers))
        seen.add(code)
        if seen == set(expected):
            break
    assert seen == set(expected)
    status = caller.call("DescribeInstancesStatus", {"instanceIds": ["ins-stopped-fra"]})
    assert status.status_code in {answer.status for answer in expected.values()}  # faults apply to every call


def test_banner_and_one_log_line_per_request_without_secrets() -> None:
    mock = MockProcess("--token", "my-own-token", "--access-key-password", "my-own-password")
    try:
        assert mock.banner[0] == f"mock listening on {mock.endpoint}"
        assert "accepting access key id zl-mock-key-id" in mock.banner[1]
        caller = Caller(mock.endpoint, access_key_password="my-own-password")
        response = caller.call("ResetInstance", {"instanceId": "ins-stopped-fra", "password": "Example+123"})
        assert response.status_code == 200
        caller.call("ResetInstance", {"instanceId": "ins-nope"})
        # The log is read by a thread: wait for the two lines, bounded by a deadline.
        poll_until(lambda: sum(line.startswith("action=") for line in mock.log), 2)
    finally:
        mock.stop()
    lines = [line for line in mock.log if line.startswith("action=")]
    assert len(lines) == 2
    assert lines[0].startswith("action=ResetInstance status=200 code=- latency_ms=")
    assert f"requestId={response.json()['requestId']}" in lines[0]
    assert "status=404 code=INVALID_INSTANCE_NOT_FOUND" in lines[1]
    everything = "\n".join(mock.banner + mock.log)
    for secret in ("my-own-token", "my-own-password", "Example+123"):
        assert secret not in everything


def test_another_world_from_fixtures(tmp_path: Path, start_mock: StartMock) -> None:
    world = yaml.safe_load(DEFAULT_WORLD.read_text(encoding="utf-8"))
    world["instances"].append(
        {
            "instanceId": "ins-extra",
            "zoneId": "SEL-A",
            "status": "RUNNING",
            "imageId": "img-ubuntu-2204",
            "systemDiskSize": 80,
        }
    )
    fixtures = tmp_path / "world.json"
    fixtures.write_text(json.dumps(world), encoding="utf-8")
    caller = Caller(start_mock("--fixtures", str(fixtures)).endpoint)
    data = caller.call("DescribeInstancesStatus", {"instanceIds": ["ins-extra"]}).json()["response"]["dataSet"]
    assert data == [{"instanceId": "ins-extra", "instanceStatus": "RUNNING"}]


@pytest.mark.parametrize(
    ("world", "message"),
    [
        ({"zones": [{"zoneId": "X"}]}, "zones[0]: `initScriptSupported` is missing"),
        (
            {
                "zones": [],
                "images": [],
                "instances": [
                    {"instanceId": "i", "zoneId": "Z", "imageId": "m", "status": "RUNNING", "systemDiskSize": 1}
                ],
            },
            "instances[0]: unknown zone 'Z'",
        ),
        ([1, 2], "must be a mapping"),
        # A misspelled optional attribute would be dropped unseen; a misspelled required one named so.
        (
            {"zones": [{"zoneId": "X", "initScriptSupported": True, "instanceQuta": 3}]},
            "zones[0]: unknown key `instanceQuta`: did you mean `instanceQuota`?",
        ),
        (
            {"zones": [{"zoneId": "X", "initScriptSuported": True}]},
            "zones[0]: unknown key `initScriptSuported`: did you mean `initScriptSupported`?",
        ),
        ({"zones": [], "instnaces": []}, "the world: unknown key `instnaces`: did you mean `instances`?"),
    ],
)
def test_a_bad_world_file_is_a_clear_error(tmp_path: Path, world: object, message: str) -> None:
    fixtures = tmp_path / "world.yaml"
    fixtures.write_text(yaml.safe_dump(world), encoding="utf-8")
    result = run_cli("--fixtures", str(fixtures))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_fault_options_are_refused() -> None:
    result = run_cli_process("--error-rate", "1.5")  # as a process: the module's own exit status
    assert result.returncode == 2
    assert "error: --error-rate is a share: between 0 and 1, not 1.5" in result.stderr


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (("--drop-rate", "-0.1"), "--drop-rate is a share: between 0 and 1, not -0.1"),
        (("--not-api-rate", "2"), "--not-api-rate is a share: between 0 and 1, not 2"),
        (("--create-fail-rate", "1.01"), "--create-fail-rate is a share: between 0 and 1, not 1.01"),
        (("--rate-limit", "0"), "--rate-limit must be positive (requests per second), not 0"),
        (("--latency-ms", "-5"), "--latency-ms must be zero or more, not -5"),
        (("--port", "70000"), "--port must be 0 to 65535 (0: any free port), not 70000"),
    ],
)
def test_each_bad_option_is_named_by_its_flag(arguments: tuple[str, ...], says: str) -> None:
    result = run_cli(*arguments)
    assert result.returncode == 2
    assert f"error: {says}" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_printed_curl_command_works(shared_mock: MockProcess) -> None:
    body = '{"zoneId": "FRA-A", "osType": "windows"}'
    command = [sys.executable, "-m", "mock_server.curl", "DescribeImages", body, "--endpoint", shared_mock.endpoint]
    printed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True).stdout
    answer = subprocess.run(printed, shell=True, capture_output=True, text=True, timeout=60, check=True).stdout
    assert '"imageId":"img-windows-2022"' in answer


@pytest.mark.parametrize(
    "flag",
    [
        "--header-timeout",
        "--body-timeout",
        "--keep-alive-timeout",
        "--max-connections",
        "--max-buffered-body-mib",
        "--max-header-bytes",
    ],
)
@pytest.mark.parametrize("value", ["0", "-1"])
def test_limits_that_cannot_work_are_refused(flag: str, value: str) -> None:
    result = run_cli(flag, value)
    assert result.returncode == 2
    assert f"error: {flag} must be positive" in result.stderr
    assert "Traceback" not in result.stderr
    assert "listening" not in result.stdout


@pytest.mark.parametrize("flag", ["--transition-seconds", "--transition-requests"])
def test_a_negative_transition_is_refused(flag: str) -> None:
    result = run_cli(flag, "-1")
    assert result.returncode == 2
    assert f"error: {flag} must be zero or more" in result.stderr
    assert "listening" not in result.stdout


def test_the_two_lifecycle_clocks_are_exclusive() -> None:
    result = run_cli("--transition-seconds", "1", "--transition-requests", "2")
    assert result.returncode == 2
    assert "not allowed with argument" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_lifecycle_counted_in_requests_ignores_the_wall_clock(start_mock: StartMock) -> None:
    """Over a real process: a stop lasts three requests, however long they take (a slow machine
    cannot change the answers of a run that sends the same requests)."""
    caller = Caller(start_mock("--transition-requests", "3").endpoint)
    assert caller.call("StopInstances", {"instanceIds": ["ins-running-fra"]}).status_code == 200  # request 1
    seen = [
        caller.call("DescribeInstancesStatus", {"instanceIds": ["ins-running-fra"]}).json()["response"]["dataSet"][0][
            "instanceStatus"
        ]
        for _ in range(3)  # requests 2, 3, 4
    ]
    assert seen == ["STOPPING", "STOPPING", "STOPPED"]
