"""The mock follows the spec it loads: a new optional field, a tightened constraint or a new action
code changes what it accepts, without a line of mock code changing (in-process, on modified copies)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mock_server import MockApp
from mock_server.contract import load_contract
from tests.mock.harness import Caller
from tests.mock.in_process import send_in_process
from tests.spec_copies import edited_spec


def call(app: MockApp, action: str, body: dict[str, Any]) -> tuple[int, str]:
    """One signed request to the app in process (httpx's ASGI transport: the same bytes, no socket)."""
    response = send_in_process(app, Caller("http://mock.test/api/v2/vm").call_request(action, body))
    return response.status_code, str(json.loads(response.content).get("code", "-"))


def test_a_tightened_constraint(tmp_path: Path) -> None:
    def shorter_names(document: dict[str, Any]) -> None:
        document["components"]["schemas"]["ResetInstanceRequest"]["properties"]["instanceName"]["maxLength"] = 8

    body = {"instanceId": "ins-stopped-fra", "instanceName": "twelve-chars"}
    assert call(MockApp(), "ResetInstance", body) == (200, "-")
    strict = MockApp(contract=load_contract(edited_spec(tmp_path, shorter_names)))
    assert call(strict, "ResetInstance", body) == (400, "INVALID_PARAMETER_EXCEED_LENGTH")


def test_a_new_optional_field_with_a_rule(tmp_path: Path) -> None:
    def add_hostname(document: dict[str, Any]) -> None:
        properties = document["components"]["schemas"]["ResetInstanceRequest"]["properties"]
        properties["hostname"] = {"type": "string", "pattern": "^[a-z][a-z0-9-]{0,62}$"}

    app = MockApp(contract=load_contract(edited_spec(tmp_path, add_hostname)))
    assert call(app, "ResetInstance", {"instanceId": "ins-stopped-fra", "hostname": "Web_01"}) == (
        400,
        "INVALID_PARAMETER_PATTERN_ERROR",
    )
    assert call(app, "ResetInstance", {"instanceId": "ins-stopped-fra", "hostname": "web-01"}) == (200, "-")


def test_a_new_api_version(tmp_path: Path) -> None:
    def next_version(document: dict[str, Any]) -> None:
        document["components"]["parameters"]["ApiVersion"]["schema"]["enum"] = ["2027-01-01"]

    app = MockApp(contract=load_contract(edited_spec(tmp_path, next_version)))
    assert call(app, "DescribeInstancesStatus", {}) == (400, "INVALID_PARAMETER_VALUE")


def test_each_app_has_its_own_state() -> None:
    first, second = MockApp(transition_seconds=60), MockApp(transition_seconds=60)
    assert call(first, "ResetInstance", {"instanceId": "ins-stopped-fra"}) == (200, "-")
    assert call(first, "ResetInstance", {"instanceId": "ins-stopped-fra"}) == (
        403,
        "OPERATION_DENIED_INSTANCE_NOT_STOPPED",
    )
    assert call(second, "ResetInstance", {"instanceId": "ins-stopped-fra"}) == (200, "-")
