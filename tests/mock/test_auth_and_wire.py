"""Authentication as docs/contract.md §2 and §8 say, and the wire behaviour of §3 and §8, over real HTTP."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from mock_server import MockApp
from tests.mock.harness import Caller, default_world_ids
from tests.mock.in_process import send_in_process
from tests.signing_reference import expected_authorization, expected_signature

STATUS = "DescribeInstancesStatus"


def code_of(response: httpx.Response) -> str:
    return str(response.json().get("code", "-"))


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
def test_both_content_types_verify(caller: Caller, content_type: str) -> None:
    assert caller.call(STATUS, {}, content_type=content_type).status_code == 200


def test_signature_covers_host_as_received(caller: Caller) -> None:
    """Signed for console.zenlayer.com and sent with that Host, it verifies wherever the mock listens."""
    assert caller.call(STATUS, {}, headers={"Host": "console.zenlayer.com"}).status_code == 401
    body = b"{}"
    stamp = str(int(time.time()))
    signature = expected_signature("zl-mock-key-password", stamp, "application/json", "console.zenlayer.com", body)
    headers = {
        "Host": "console.zenlayer.com",
        "Content-Type": "application/json",
        "X-ZC-Action": STATUS,
        "X-ZC-Version": "2026-04-01",
        "X-ZC-Timestamp": stamp,
        "Authorization": expected_authorization("zl-mock-key-id", signature),
    }
    assert caller.http.post(caller.endpoint, content=body, headers=headers).status_code == 200


def test_signature_covers_the_exact_bytes(caller: Caller) -> None:
    stamp = int(time.time())
    signed = caller.call(STATUS, raw=b'{"pageNum": 1}', timestamp=stamp)
    assert signed.status_code == 200
    # Same JSON, other bytes (no space): the old signature no longer matches.
    tampered = caller.call(
        STATUS,
        raw=b'{"pageNum":1}',
        headers={"Authorization": signed.request.headers["Authorization"]},
        timestamp=stamp,
    )
    assert code_of(tampered) == "AUTHFAILURE_SIGNATURE_FAILURE"


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "AUTHFAILURE_INVALID_AUTHORIZATION"),
        ({"Authorization": "ZC2-HMAC-SHA256 Credential=x"}, "AUTHFAILURE_INVALID_AUTHORIZATION"),
        ({"Authorization": "Bearer not-the-token"}, "AUTHFAILURE_INVALID_AUTHORIZATION"),
        ({"X-ZC-Timestamp": "yesterday"}, "AUTHFAILURE_INVALID_AUTHORIZATION"),
        ({"X-ZC-Timestamp": None}, "AUTHFAILURE_INVALID_AUTHORIZATION"),
        ({"X-ZC-Signature-Method": "HMAC-SHA1"}, "AUTHFAILURE_INVALID_AUTHORIZATION"),
    ],
)
def test_malformed_credentials(caller: Caller, headers: dict[str, str | None], code: str) -> None:
    response = caller.call(STATUS, {}, headers=headers)
    assert (response.status_code, code_of(response)) == (401, code)


def test_absent_signature_method_is_tolerated(caller: Caller) -> None:
    assert caller.call(STATUS, {}, headers={"X-ZC-Signature-Method": None}).status_code == 200


@pytest.mark.parametrize(("offset", "ok"), [(-300, True), (300, True), (-301, False), (301, False)])
def test_five_minute_window_both_ways(offset: int, ok: bool) -> None:
    # In process, on a wall clock that stands still: the edge is exact (a real process's clock moves on
    # between signing and checking, and a second off the edge would pass or fail by the machine's load).
    now = 1_800_000_000
    app = MockApp(wall_clock=lambda: float(now))
    request = Caller("http://mock.test/api/v2/vm").call_request(STATUS, {}, timestamp=now + offset)
    response = send_in_process(app, request)
    assert (response.status_code, code_of(response)) == ((200, "-") if ok else (401, "AUTHFAILURE_SIGNATURE_EXPIRED"))


def test_unknown_key_id_is_a_signature_failure(caller: Caller) -> None:
    stranger = Caller(caller.endpoint, caller.http, access_key_id="nobody", access_key_password="zl-mock-key-password")
    assert code_of(stranger.call(STATUS, {})) == "AUTHFAILURE_SIGNATURE_FAILURE"


def test_bearer_token_and_telemetry_headers(caller: Caller) -> None:
    telemetry = {
        "Authorization": "Bearer zl-mock-token",
        "X-ZC-Service": "vm",
        "X-ZC-SDK-Version": "SDK_PYTHON_2.0.77",
        "X-ZC-SDK-Lang": "Python",
        "X-ZC-Request-Client": "tests",
    }
    assert caller.call(STATUS, {}, sign=False, headers=telemetry).status_code == 200


@pytest.mark.parametrize(
    ("version", "status", "code"),
    [(None, 400, "MISSING_PARAMETER"), ("2023-03-13", 400, "INVALID_PARAMETER_VALUE")],
)
def test_version_header(caller: Caller, version: str | None, status: int, code: str) -> None:
    response = caller.call(STATUS, {}, version=version)
    assert (response.status_code, code_of(response)) == (status, code)


def test_missing_action_header(caller: Caller) -> None:
    response = caller.call("", {})
    assert (response.status_code, code_of(response)) == (400, "MISSING_PARAMETER")


def test_success_envelope_and_fresh_request_ids(caller: Caller) -> None:
    ids = set()
    for _ in range(3):
        body = caller.call(STATUS, {"instanceIds": ["ins-stopped-fra"]}).json()
        assert set(body) == {"requestId", "response"}
        assert body["response"]["requestId"] == body["requestId"]
        assert body["response"]["dataSet"] == [{"instanceId": "ins-stopped-fra", "instanceStatus": "STOPPED"}]
        ids.add(body["requestId"])
    assert len(ids) == 3


def test_other_methods_and_paths(caller: Caller) -> None:
    for method in ("GET", "PUT", "DELETE", "PATCH"):
        response = caller.http.request(method, caller.endpoint)
        assert (response.status_code, response.headers["allow"], code_of(response)) == (
            405,
            "POST",
            "INVALID_PARAMETER_VALUE",
        )
    for path in ("/", "/api/v2/vm/", "/api/v2/bmc", "/api/v2/vm/ResetInstance"):
        response = caller.http.post(caller.endpoint.rsplit("/api/v2/vm", 1)[0] + path, content=b"{}")
        assert (response.status_code, code_of(response)) == (404, "OPERATION_FAILED_RESOURCE_NOT_FOUND")


@pytest.mark.parametrize("raw", [b"", b"not json", b"\xff\xfe", b"[1, 2]", b'"text"', b"NaN", b'{"pageNum": NaN}'])
def test_bodies_that_are_not_a_json_object(caller: Caller, raw: bytes) -> None:
    response = caller.call(STATUS, raw=raw)
    assert (response.status_code, code_of(response)) == (400, "INVALID_PARAMETER_TYPE")


def test_a_body_over_one_mebibyte_is_refused_quickly(caller: Caller) -> None:
    response = caller.call("ResetInstance", raw=b"{" + b" " * (1024 * 1024) + b"}")
    assert (response.status_code, code_of(response)) == (400, "INVALID_PARAMETER_EXCEED_LENGTH")


def test_integral_floats_are_integers(caller: Caller) -> None:
    body = caller.call(STATUS, {"pageNum": 1.0, "pageSize": 2.0}).json()
    assert len(body["response"]["dataSet"]) == 2
    assert body["response"]["totalCount"] == len(default_world_ids("instances", "instanceId"))
    assert code_of(caller.call(STATUS, {"pageSize": 2.5})) == "INVALID_PARAMETER_TYPE"


def test_null_is_a_type_error_and_unknown_fields_are_ignored(caller: Caller) -> None:
    assert code_of(caller.call(STATUS, {"pageNum": None})) == "INVALID_PARAMETER_TYPE"
    assert caller.call(STATUS, {"futureField": {"x": 1}}).status_code == 200


def test_order_of_checks_answers_one_fault_predictably(caller: Caller) -> None:
    """Missing instanceId and a bad password: the missing field wins; a bad signature beats both."""
    body = {"password": "bad", "wanName": "X"}
    assert code_of(caller.call("ResetInstance", body)) == "MISSING_PARAMETER"
    assert code_of(caller.call("ResetInstance", body, sign=False)) == "AUTHFAILURE_INVALID_AUTHORIZATION"
    both = {"instanceId": "ins-nope", "password": "Example+123", "keyId": "key-YWD2QFOl"}
    assert code_of(caller.call("ResetInstance", both)) == "INVALID_PARAMETER_VALUE"  # exclusivity before existence
    assert (
        json.loads(caller.call("ResetInstance", {"instanceId": "ins-nope"}).content)["code"]
        == "INVALID_INSTANCE_NOT_FOUND"
    )
