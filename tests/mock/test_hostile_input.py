"""Hostile input to the mock as a real process over raw sockets: every request gets the status and code
the spec's `x-zc-request-guards` give it, never a 5xx or a body that is not the envelope, and a request
that was refused or not fully received changes nothing."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.mock.conftest import StartMock
from tests.mock.harness import Caller, MockProcess
from tests.mock.raw_http import Answer, Connection, read_answer, request_bytes, signed_headers
from zenlayer_spec.document import load_document
from zenlayer_spec.errors import error_catalogue
from zenlayer_spec.guards import request_guards

DOCUMENT = load_document()
GUARDS = request_guards(DOCUMENT)
CATALOGUE = error_catalogue(DOCUMENT)
RESET_BODY = {"instanceId": "ins-stopped-fra", "imageId": "img-ubuntu-2204", "password": "Example+123"}


def address(mock: MockProcess) -> tuple[str, int]:
    host, port = mock.endpoint.removeprefix("http://").split("/", 1)[0].split(":")
    return host, int(port)


def host_of(mock: MockProcess) -> str:
    return "{}:{}".format(*address(mock))


def world(mock: MockProcess) -> list[Any]:
    answer = Caller(mock.endpoint).call("DescribeInstancesStatus", {"pageSize": 1000})
    assert answer.status_code == 200
    return sorted(answer.json()["response"]["dataSet"], key=lambda entry: entry["instanceId"])


def send(mock: MockProcess, data: bytes) -> Answer:
    with Connection(*address(mock)) as connection:
        answer = connection.exchange(data)
    assert answer is not None, "the mock closed the connection without an answer"
    return answer


def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Poll `condition` until it holds or `seconds` pass (a process's output arrives by a thread)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def assert_envelope(answer: Answer, status: int, code: str) -> None:
    assert (answer.status, answer.headers.get("content-type")) == (status, "application/json"), answer
    body = answer.json()
    assert body["code"] == code, body
    assert isinstance(body["requestId"], str)
    assert isinstance(body["message"], str)


@pytest.mark.parametrize("timestamp", ["²", "1¹", "١٢٣", "9" * 400, "9" * 5000, "-5", "1.5", ""])
def test_a_timestamp_that_is_not_plain_ascii_seconds_gets_401(shared_mock: MockProcess, timestamp: str) -> None:
    body = b"{}"
    headers = [
        (name, timestamp if name == "X-ZC-Timestamp" else value)
        for name, value in signed_headers(host_of(shared_mock), body, action="DescribeImages")
    ]
    answer = send(shared_mock, request_bytes(headers, body))
    code = (
        "AUTHFAILURE_SIGNATURE_EXPIRED"
        if timestamp.isascii() and timestamp.isdigit()
        else "AUTHFAILURE_INVALID_AUTHORIZATION"
    )
    assert_envelope(answer, 401, code)


def lists(levels: int) -> bytes:
    """`levels` nested JSON lists around an id, written out (json.dumps itself recurses)."""
    return b"[" * levels + b'"ins-x"' + b"]" * levels


LIMIT = GUARDS.max_json_depth.limit


@pytest.fixture(scope="module")
def recording_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    """One mock recording every request, for the bodies below (none changes state)."""
    with MockProcess("--quiet", "--record", str(tmp_path_factory.mktemp("record") / "record.jsonl")) as mock:
        yield mock


@pytest.mark.parametrize("depth", [LIMIT, LIMIT + 1, 256, 1000, 3000])
def test_a_body_too_deep_to_check_gets_400_with_recording_on(recording_mock: MockProcess, depth: int) -> None:
    mock = recording_mock
    # `depth` levels in all: the body object, then lists inside a checked field (ids are strings).
    body = b'{"instanceIds": ' + lists(depth - 1) + b"}"
    answer = send(mock, request_bytes(signed_headers(host_of(mock), body, action="DescribeInstancesStatus"), body))
    if depth <= LIMIT:
        assert_envelope(answer, 400, "INVALID_PARAMETER_TYPE")  # checked as usual: a list is no id
    else:
        assert_envelope(answer, 400, GUARDS.max_json_depth.code)
        assert str(LIMIT) in answer.json()["message"]


def test_a_body_that_does_not_fully_arrive_is_never_executed(start_mock: StartMock) -> None:
    mock = start_mock("--transition-seconds", "60")
    before = world(mock)
    body = json.dumps(RESET_BODY).encode()
    data = request_bytes(
        signed_headers(host_of(mock), body, action="ResetInstance"), body, content_length=len(body) + 50
    )
    with socket.create_connection(address(mock), timeout=10) as sock:
        sock.sendall(data)  # 50 bytes short of what it announced, then hangs up
    assert Caller(mock.endpoint).call("DescribeImages", {"zoneId": "FRA-A"}).status_code == 200  # the mock went on
    assert world(mock) == before
    mock.stop()
    assert wait_for(lambda: any("aborted: the sender hung up" in line for line in mock.log)), mock.log


def test_a_body_that_stalls_gets_400_and_no_effect(start_mock: StartMock) -> None:
    mock = start_mock("--body-timeout", "0.5")
    before = world(mock)
    body = json.dumps(RESET_BODY).encode()
    data = request_bytes(signed_headers(host_of(mock), body, action="ResetInstance"), body)
    with socket.create_connection(address(mock), timeout=10) as sock:
        sock.sendall(data[:-5])  # the last bytes never come: the mock's read deadline answers
        answer = read_answer(sock)
    assert answer is not None
    assert_envelope(answer, 400, GUARDS.incomplete_body_code)
    assert answer.headers["connection"] == "close"
    assert world(mock) == before


@pytest.mark.parametrize(
    ("header", "status"),
    [
        ("Authorization", 401),
        ("X-ZC-Timestamp", 401),
        ("Content-Type", 401),
        ("X-ZC-Action", 400),
        ("X-ZC-Version", 400),
    ],
)
def test_a_header_given_twice_is_refused(reset_mock: MockProcess, header: str, status: int) -> None:
    mock = reset_mock
    before = world(mock)
    body = json.dumps(RESET_BODY).encode()
    headers = signed_headers(host_of(mock), body, action="ResetInstance")
    # The second copy is the one a last-wins server would act on; here it is ambiguous and refused.
    second = {"Authorization": headers[-1][1], "X-ZC-Action": "ResetInstance"}.get(header, dict(headers)[header])
    answer = send(mock, request_bytes([*headers, (header, second)], body))
    code = GUARDS.single_headers[header.lower()]
    assert CATALOGUE[code].status == status
    assert_envelope(answer, status, code)
    assert world(mock) == before


def test_headers_over_the_limit_get_400_at_once(shared_mock: MockProcess) -> None:
    body = b"{}"
    headers = [*signed_headers(host_of(shared_mock), body, action="DescribeImages"), ("X-Padding", "a" * 100_000)]
    answer = send(shared_mock, request_bytes(headers, body))
    assert_envelope(answer, 400, GUARDS.max_header_bytes.code)
    # One under the limit in all still goes through.
    body = b'{"zoneId": "FRA-A"}'
    fitting = [*signed_headers(host_of(shared_mock), body, action="DescribeImages"), ("X-Padding", "a" * 15_000)]
    assert send(shared_mock, request_bytes(fitting, body)).status == 200


@pytest.mark.parametrize("data", [b"GARBAGE\r\n\r\n", b"POST /api/v2/vm HTTP/9.9\r\n\r\n", b"\x00\xff\xfe\r\n\r\n"])
def test_bytes_that_are_not_http_get_the_envelope(shared_mock: MockProcess, data: bytes) -> None:
    assert_envelope(send(shared_mock, data), 400, GUARDS.malformed_http_code)


def test_an_idle_connection_is_closed(start_mock: StartMock) -> None:
    mock = start_mock("--header-timeout", "0.3")
    with socket.create_connection(address(mock), timeout=10) as sock:
        sock.sendall(b"POST /api/v2/vm HTTP/1.1\r\nHost: x")  # and never the rest
        assert sock.recv(100) == b""  # closed by the mock (the socket's own timeout would raise)


def test_connections_past_the_cap_get_429(start_mock: StartMock) -> None:
    mock = start_mock("--max-connections", "3")
    held = [socket.create_connection(address(mock), timeout=10) for _ in range(3)]
    try:
        with socket.create_connection(address(mock), timeout=10) as extra:
            answer = read_answer(extra)
        assert answer is not None
        assert_envelope(answer, 429, GUARDS.server_busy_code)
        assert answer.headers["retry-after"] == "1"
    finally:
        for sock in held:
            sock.close()


def test_a_busy_port_fails_before_announcing(start_mock: StartMock) -> None:
    mock = start_mock()
    _, port = address(mock)
    result = subprocess.run(
        [sys.executable, "-m", "mock_server", "--port", str(port)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "listening" not in result.stdout
    assert "Address already in use" in result.stderr


SECRETS = ["Hunter+1Hunter", "Tok3n+Sekrit", "Sc+ript123", "#!/bin/sh\nexport API_TOKEN=s3cr3t-in-script\n"]


def test_recordings_redact_every_secret_at_any_depth_and_are_owner_only(start_mock: StartMock, tmp_path: Path) -> None:
    record = tmp_path / "record.jsonl"
    mock = start_mock("--record", str(record))
    caller = Caller(mock.endpoint)
    bodies: list[tuple[str, Any]] = [
        ("ResetInstance", [{"password": SECRETS[0]}]),  # an array body
        ("ResetInstance", {"instanceId": "ins-nope", "nested": {"deeper": [{"password": SECRETS[1]}]}}),
        ("DescribeImages", {"zoneId": "FRA-A", "password": SECRETS[2]}),  # under another action
        ("ResetInstance", {**RESET_BODY, "password": "Example+123", "initScript": SECRETS[3]}),
    ]
    for action, body in bodies:
        assert caller.call(action, body).status_code < 500
    text = record.read_text(encoding="utf-8")
    assert len(text.splitlines()) == len(bodies)
    for secret in [*SECRETS, "Example+123", json.dumps(SECRETS[3])[1:-1]]:
        assert secret not in text
    assert "<redacted> (" in text  # the length of a secret string may show, never its value
    assert record.stat().st_mode & 0o777 == 0o600
