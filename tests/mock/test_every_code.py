"""Every error code the spec declares is reachable over HTTP from the default world (faults switched
on where the code is a fault), with the status the spec gives it, for an operation that declares it."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest

from tests.mock.conftest import StartMock
from tests.mock.harness import Caller
from zenlayer_spec import error_catalogue, load_document, operations

DOCUMENT = load_document()
CATALOGUE = error_catalogue(DOCUMENT)
DECLARED = {op.action: op.error_codes for op in operations(DOCUMENT).values()}
FRA = "ins-stopped-fra"

Recipe = Callable[[Caller], httpx.Response]

RECIPES: dict[str, tuple[str, Recipe]] = {
    "MISSING_PARAMETER": ("ResetInstance", lambda c: c.call("ResetInstance", {"imageId": "img-ubuntu-2204"})),
    "INVALID_PARAMETER_TYPE": ("ResetInstance", lambda c: c.call("ResetInstance", raw=b"{not json")),
    "INVALID_PARAMETER_EXCEED_MAXIMUM": (
        "DescribeInstancesStatus",
        lambda c: c.call("DescribeInstancesStatus", {"pageSize": 1001}),
    ),
    "INVALID_PARAMETER_LESS_MINIMUM": (
        "DescribeImages",
        lambda c: c.call("DescribeImages", {"zoneId": "FRA-A", "pageNum": 0}),
    ),
    "INVALID_PARAMETER_EXCEED_LENGTH": (
        "ResetInstance",
        lambda c: c.call("ResetInstance", {"instanceId": FRA, "instanceName": "n" * 65}),
    ),
    "INVALID_PARAMETER_LESS_LENGTH": ("StopInstances", lambda c: c.call("StopInstances", {"instanceIds": []})),
    "INVALID_PARAMETER_PATTERN_ERROR": (
        "ResetInstance",
        lambda c: c.call("ResetInstance", {"instanceId": FRA, "wanName": "Eth0"}),
    ),
    "INVALID_PARAMETER_VALUE": (
        "ResetInstance",
        lambda c: c.call("ResetInstance", {"instanceId": "ins-stopped-win", "keyId": "key-YWD2QFOl"}),
    ),
    "INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED": (
        "ResetInstance",
        lambda c: c.call("ResetInstance", {"instanceId": FRA, "password": "password"}),
    ),
    "AUTHFAILURE_INVALID_AUTHORIZATION": (
        "ResetInstance",
        lambda c: c.call("ResetInstance", {"instanceId": FRA}, sign=False),
    ),
    "AUTHFAILURE_SIGNATURE_FAILURE": (
        "ResetInstance",
        lambda c: Caller(c.endpoint, c.http, access_key_password="wrong").call("ResetInstance", {"instanceId": FRA}),
    ),
    "AUTHFAILURE_SIGNATURE_EXPIRED": (
        "ResetInstance",
        lambda c: c.call("ResetInstance", {"instanceId": FRA}, timestamp=int(time.time()) - 301),
    ),
    "AUTHFAILURE_UNAUTHORIZED_OPERATION": ("ResetInstance", lambda c: c.call("RebootInstance", {"instanceId": FRA})),
    "OPERATION_DENIED_INSTANCE_RECYCLED": (
        "StopInstances",
        lambda c: c.call("StopInstances", {"instanceIds": ["ins-recycled"]}),
    ),
    "OPERATION_DENIED_INSTANCE_NOT_STOPPED": (
        "ResetInstance",
        lambda c: c.call("ResetInstance", {"instanceId": "ins-running-fra"}),
    ),
    "OPERATION_DENIED_INSTANCE_NOT_RUNNING": (
        "StopInstances",
        lambda c: c.call("StopInstances", {"instanceIds": [FRA]}),
    ),
    "INVALID_REGION_SCRIPT_NOT_SUPPORT": (
        "ResetInstance",
        lambda c: c.call("ResetInstance", {"instanceId": "ins-stopped-sel", "initScript": "#!/bin/sh\n"}),
    ),
    "INVALID_REGION_SCRIPT_EXCEED_LENGTH": (
        "ResetInstance",
        lambda c: c.call("ResetInstance", {"instanceId": FRA, "initScript": "é" * 16385}),
    ),
    "INVALID_INSTANCE_NOT_FOUND": ("ResetInstance", lambda c: c.call("ResetInstance", {"instanceId": "ins-nope"})),
    "INVALID_IMAGE_NOT_FOUND": (
        "ResetInstance",
        lambda c: c.call("ResetInstance", {"instanceId": "ins-stopped-sel", "imageId": "img-windows-2022"}),
    ),
    "INVALID_IMAGE_SIZE_EXCEED": (
        "ResetInstance",
        lambda c: c.call("ResetInstance", {"instanceId": FRA, "imageId": "img-oversized"}),
    ),
    "OPERATION_FAILED_RESOURCE_NOT_FOUND": (
        "ResetInstance",
        lambda c: c.call("ResetInstance", {"instanceId": FRA, "keyId": "key-nope"}),
    ),
    "INVALID_ZONE_NOT_FOUND": ("DescribeImages", lambda c: c.call("DescribeImages", {"zoneId": "XXX-Z"})),
}
# Codes that only a fault produces: the CLI options that make the mock answer them.
FAULTS: dict[str, tuple[str, ...]] = {
    "REQUEST_LIMIT_EXCEEDED": ("--rate-limit", "1"),
    "INTERNAL_SERVER_ERROR": ("--error-rate", "1"),
    "SERVICE_TEMPORARY_UNAVAILABLE": ("--error-rate", "1"),
    "REQUEST_TIMED_OUT": ("--error-rate", "1"),
}


def test_every_declared_code_has_a_recipe() -> None:
    assert set(RECIPES) | set(FAULTS) == set(CATALOGUE)


@pytest.mark.parametrize("code", list(RECIPES))
def test_code_is_reachable_from_the_default_world(code: str, caller: Caller) -> None:
    action, recipe = RECIPES[code]
    response = recipe(caller)
    body = response.json()
    assert (response.status_code, body["code"]) == (CATALOGUE[code].status, code), body
    assert code in DECLARED[action][response.status_code]
    assert set(body) == {"requestId", "code", "message"}


@pytest.mark.parametrize("code", list(FAULTS))
def test_fault_codes_are_reachable(code: str, start_mock: StartMock) -> None:
    mock = start_mock(*FAULTS[code])
    caller = Caller(mock.endpoint)
    seen = set()
    for _ in range(30):  # the 5xx code is drawn at random among the three; rate limit needs a burst
        response = caller.call("DescribeInstancesStatus", {})
        if response.status_code >= 400:
            seen.add(response.json()["code"])
            assert response.status_code == CATALOGUE[response.json()["code"]].status
        if code in seen:
            break
    assert code in seen
    if code == "REQUEST_LIMIT_EXCEEDED":
        assert response.headers["retry-after"] == "1"
