"""The mock follows the spec it loads: a new optional field, a tightened constraint, a new action code
or a whole new operation (its rules and effects) changes what it accepts and does, without a line of
mock code changing (in-process, on modified copies)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from contract_tests.run import example_only_note
from mock_server import MockApp
from tests.mock.harness import Caller
from tests.mock.in_process import FakeClock, send_in_process
from tests.spec_copies import add_operation_like, edited_spec
from zenlayer_spec import SpecError, load_spec
from zenlayer_spec.pointers import yaml_value


def call(app: MockApp, action: str, body: dict[str, Any]) -> tuple[int, str]:
    """One signed request to the app in process (httpx's ASGI transport: the same bytes, no socket)."""
    response = send_in_process(app, Caller("http://mock.test/api/v2/vm").call_request(action, body))
    return response.status_code, str(json.loads(response.content).get("code", "-"))


def test_a_tightened_constraint(tmp_path: Path) -> None:
    def shorter_names(document: dict[str, Any]) -> None:
        document["components"]["schemas"]["ResetInstanceRequest"]["properties"]["instanceName"]["maxLength"] = 8

    body = {"instanceId": "ins-stopped-fra", "instanceName": "twelve-chars"}
    assert call(MockApp(), "ResetInstance", body) == (200, "-")
    strict = MockApp(serving=load_spec(edited_spec(tmp_path, shorter_names)).serving)
    assert call(strict, "ResetInstance", body) == (400, "INVALID_PARAMETER_EXCEED_LENGTH")


def test_a_new_optional_field_with_a_rule(tmp_path: Path) -> None:
    def add_hostname(document: dict[str, Any]) -> None:
        properties = document["components"]["schemas"]["ResetInstanceRequest"]["properties"]
        properties["hostname"] = {"type": "string", "pattern": "^[a-z][a-z0-9-]{0,62}$"}

    app = MockApp(serving=load_spec(edited_spec(tmp_path, add_hostname)).serving)
    assert call(app, "ResetInstance", {"instanceId": "ins-stopped-fra", "hostname": "Web_01"}) == (
        400,
        "INVALID_PARAMETER_PATTERN_ERROR",
    )
    assert call(app, "ResetInstance", {"instanceId": "ins-stopped-fra", "hostname": "web-01"}) == (200, "-")


def test_a_new_api_version(tmp_path: Path) -> None:
    def next_version(document: dict[str, Any]) -> None:
        document["components"]["parameters"]["ApiVersion"]["schema"]["enum"] = ["2027-01-01"]

    app = MockApp(serving=load_spec(edited_spec(tmp_path, next_version)).serving)
    assert call(app, "DescribeInstancesStatus", {}) == (400, "INVALID_PARAMETER_VALUE")


def test_each_app_has_its_own_state() -> None:
    first, second = MockApp(transition_seconds=60), MockApp(transition_seconds=60)
    assert call(first, "ResetInstance", {"instanceId": "ins-stopped-fra"}) == (200, "-")
    assert call(first, "ResetInstance", {"instanceId": "ins-stopped-fra"}) == (
        403,
        "OPERATION_DENIED_INSTANCE_NOT_STOPPED",
    )
    assert call(second, "ResetInstance", {"instanceId": "ins-stopped-fra"}) == (200, "-")


def _start_instances(document: dict[str, Any]) -> None:
    """StartInstances as a user adds it: StopInstances copied, its statuses and code changed (the vendor's
    Go SDK: STOPPED -> BOOTING -> RUNNING)."""
    operation = add_operation_like(document, "StopInstances", "StartInstances")
    operation["x-zc-waiter"] = {**operation["x-zc-waiter"], "target": "RUNNING", "pending": ["BOOTING"]}
    last = operation["x-zc-business-checks"][2]
    last.update(check="every instance is STOPPED", rule="instances[item].status == 'STOPPED'")
    last["code"] = "OPERATION_DENIED_INSTANCE_NOT_STOPPED"


def test_a_new_operation_runs_from_its_rules_and_effects(tmp_path: Path) -> None:
    clock = FakeClock()
    app = MockApp(serving=load_spec(edited_spec(tmp_path, _start_instances)).serving, clock=clock, transition_seconds=5)
    assert call(app, "StartInstances", {"instanceIds": ["ins-running-fra"]}) == (
        403,
        "OPERATION_DENIED_INSTANCE_NOT_STOPPED",
    )
    assert call(app, "StartInstances", {"instanceIds": ["ins-nope"]}) == (404, "INVALID_INSTANCE_NOT_FOUND")
    # All or nothing: a good id before a bad one changes nothing.
    assert call(app, "StartInstances", {"instanceIds": ["ins-stopped-fra", "ins-recycled"]})[0] == 403
    assert statuses(app, "ins-stopped-fra") == ["STOPPED"]
    assert call(app, "StartInstances", {"instanceIds": ["ins-stopped-fra"]}) == (200, "-")
    assert statuses(app, "ins-stopped-fra") == ["BOOTING"]
    clock.advance(5)
    assert statuses(app, "ins-stopped-fra") == ["RUNNING"]


def test_an_operation_without_behaviour_answers_its_success_example(tmp_path: Path) -> None:
    def describe_twice(document: dict[str, Any]) -> None:
        operation = add_operation_like(document, "DescribeInstancesStatus", "DescribeInstancesStatusAgain")
        del operation["x-zc-results"]

    spec = edited_spec(tmp_path, describe_twice)
    app = MockApp(serving=load_spec(spec).serving)
    assert app.serving.behaviours.operations["DescribeInstancesStatusAgain"].example_only
    request = Caller("http://mock.test/api/v2/vm").call_request("DescribeInstancesStatusAgain", {})
    answer = json.loads(send_in_process(app, request).content)
    example = yaml_value(spec.read_text(encoding="utf-8"))["paths"]["/vm#DescribeInstancesStatus"]["post"]
    expected = example["responses"]["200"]["content"]["application/json"]["examples"]["oneInstance"]["value"]
    assert answer["response"]["dataSet"] == expected["response"]["dataSet"]
    assert answer["response"]["requestId"] == answer["requestId"] != expected["requestId"]  # its own id
    # The suite's coverage table says so; the project's own spec has no such operation.
    assert example_only_note(app.serving.behaviours.operations) == (
        "example only (the spec gives no rules, effects or list): DescribeInstancesStatusAgain"
    )
    assert example_only_note(MockApp().serving.behaviours.operations) is None


def test_a_rule_that_does_not_compile_stops_the_mock_with_a_located_message(tmp_path: Path) -> None:
    def broken(document: dict[str, Any]) -> None:
        document["paths"]["/vm#StopInstances"]["post"]["x-zc-business-checks"][0]["rule"] = "item in instancez"

    spec = edited_spec(tmp_path, broken)
    with pytest.raises(SpecError) as raised:
        _ = load_spec(spec).serving
    message = str(raised.value)
    line = next(
        number for number, text in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if "instancez" in text
    )
    assert message.startswith(f"{spec}:{line}: /paths/~1vm#StopInstances/post/x-zc-business-checks/0/rule")
    assert "'item in instancez'" in message
    assert "undeclared reference to 'instancez'" in message  # the compiler's own words


def statuses(app: MockApp, instance_id: str) -> list[str]:
    request = Caller("http://mock.test/api/v2/vm").call_request(
        "DescribeInstancesStatus", {"instanceIds": [instance_id]}
    )
    data = json.loads(send_in_process(app, request).content)["response"]["dataSet"]
    return [entry["instanceStatus"] for entry in data]


def test_a_rule_that_cannot_be_evaluated_answers_its_code_never_a_5xx(tmp_path: Path) -> None:
    """A rule that cannot be evaluated for a request (a spec slip no static check sees) cannot hold: it fails
    with its own declared code, and the request changes nothing."""

    def slip(document: dict[str, Any]) -> None:
        check = document["paths"]["/vm#StopInstances"]["post"]["x-zc-business-checks"][0]
        check["rule"] = "int(item) > 0"  # an id is no number: fails when evaluated, not when compiled

    app = MockApp(serving=load_spec(edited_spec(tmp_path, slip)).serving)
    assert call(app, "StopInstances", {"instanceIds": ["ins-running-fra"]}) == (404, "INVALID_INSTANCE_NOT_FOUND")
    assert statuses(app, "ins-running-fra") == ["RUNNING"]


def test_an_effect_value_that_cannot_be_computed_leaves_the_attribute_as_it_was(tmp_path: Path) -> None:
    def slip(document: dict[str, Any]) -> None:
        effect = document["paths"]["/vm#ResetInstance"]["post"]["x-zc-effects"][0]
        effect["set"] = {"imageId": "request.imageId"}  # absent from this request (no has() guard)

    app = MockApp(serving=load_spec(edited_spec(tmp_path, slip)).serving)
    before = app.world.resources["instance"]["ins-stopped-fra"].attributes["imageId"]
    assert call(app, "ResetInstance", {"instanceId": "ins-stopped-fra"}) == (200, "-")
    assert app.world.resources["instance"]["ins-stopped-fra"].attributes["imageId"] == before
    assert statuses(app, "ins-stopped-fra") == ["REBUILDING"]  # the rest of the effect still took place


def _message(app: MockApp, action: str, body: dict[str, Any]) -> str:
    request = Caller("http://mock.test/api/v2/vm").call_request(action, body)
    return str(json.loads(send_in_process(app, request).content)["message"])


@pytest.mark.parametrize(
    ("action", "body", "said"),
    [
        (
            "ResetInstance",
            {"instanceId": "ins-running-fra"},
            "instance ins-running-fra is RUNNING; ResetInstance needs STOPPED",
        ),
        ("ResetInstance", {"instanceId": "ins-nope"}, "instance ins-nope does not exist"),
        ("ResetInstance", {"instanceId": "ins-recycled"}, "instance ins-recycled is in the recycle bin (RECYCLE)"),
        (
            "ResetInstance",
            {"instanceId": "ins-stopped-fra", "imageId": "img-oversized"},
            "image img-oversized needs 500 GB; the system disk of ins-stopped-fra has 40 GB",
        ),
        (
            "StopInstances",
            {"instanceIds": ["ins-running-fra", "ins-stopped-fra"]},
            "instance ins-stopped-fra is STOPPED, not RUNNING",
        ),
        ("DescribeImages", {"zoneId": "NOWHERE-1"}, "zone NOWHERE-1 does not exist"),
    ],
)
def test_a_refusal_says_what_is(action: str, body: dict[str, Any], said: str) -> None:
    """A check's message is built from the request and the world (its `message` expression), not the rule:
    "instance ins-x is RUNNING; ResetInstance needs STOPPED", not "the instance is STOPPED"."""
    assert _message(MockApp(), action, body) == said


def test_a_message_that_cannot_be_evaluated_falls_back_to_the_prose(tmp_path: Path) -> None:
    def slip(document: dict[str, Any]) -> None:
        check = document["paths"]["/vm#DescribeImages"]["post"]["x-zc-business-checks"][0]
        check["message"] = "'zone ' + request.zoneId + ' has ' + string(int(request.zoneId)) + ' images'"

    app = MockApp(serving=load_spec(edited_spec(tmp_path, slip)).serving)
    assert _message(app, "DescribeImages", {"zoneId": "NOWHERE-1"}) == "check failed: the zone exists"


def _unique_names(document: dict[str, Any]) -> None:
    """A uniqueness rule as a user would add it: no other instance may already carry the new name (a rule
    over the whole kind, seen when the spec is read: the mock hands this operation every instance)."""
    operation = document["paths"]["/vm#ModifyInstancesAttribute"]["post"]
    operation["x-zc-business-checks"].append(
        {
            "id": "name-unused",
            "check": "no other instance carries the new name",
            "message": "'the name ' + request.instanceName + ' is taken'",
            "code": "INVALID_PARAMETER_VALUE",
            "rule": "!instances.exists(id, instances[id].instanceName == request.instanceName"
            " && !(id in request.instanceIds))",
            "source": "project-rule: a test of the vocabulary",
        }
    )


def test_a_uniqueness_rule_sees_every_instance_not_only_those_named(tmp_path: Path) -> None:
    behaviours = load_spec(edited_spec(tmp_path, _unique_names)).serving.behaviours
    assert behaviours.operations["ModifyInstancesAttribute"].whole_kinds == {"instances"}
    app = MockApp(serving=load_spec(edited_spec(tmp_path, _unique_names)).serving)
    rename = "ModifyInstancesAttribute"
    assert call(app, rename, {"instanceIds": ["ins-stopped-fra"], "instanceName": "only-one"}) == (200, "-")
    # The name is now taken by an instance this request does not name: refused, and nothing renamed.
    assert call(app, rename, {"instanceIds": ["ins-running-fra"], "instanceName": "only-one"}) == (
        400,
        "INVALID_PARAMETER_VALUE",
    )
    described = Caller("http://mock.test/api/v2/vm").call_request(
        "DescribeInstances", {"instanceIds": ["ins-running-fra"]}
    )
    [running] = json.loads(send_in_process(app, described).content)["response"]["dataSet"]
    assert running["instanceName"] != "only-one"
    # The instance that carries it may keep it; the unchanged spec has no such rule.
    assert call(app, rename, {"instanceIds": ["ins-stopped-fra"], "instanceName": "only-one"}) == (200, "-")
    plain = MockApp()
    assert call(plain, rename, {"instanceIds": ["ins-stopped-fra"], "instanceName": "only-one"}) == (200, "-")
    assert call(plain, rename, {"instanceIds": ["ins-running-fra"], "instanceName": "only-one"}) == (200, "-")
