"""The live guard follows the spec's resource declarations and fails closed: every field a state-changing
request names a resource with (at any depth, arrays included) is held to its kind's allow-list; an
id-like field that declares no kind, or a kind without an allow-list variable, refuses the run; a budget
caps what may change; the plan says all of it before anything is sent."""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests.gateway import Credentials, Gateway, RateLimiter
from contract_tests.live_guard import (
    NONEXISTENT_PREFIX,
    Guard,
    LivePlan,
    LiveRefusal,
    Outgoing,
    allow_list_variable,
    id_like,
    live_plan,
    named_resources,
    protocol_headers,
    shard_share,
    withheld,
)
from contract_tests.raw_calls import Caller
from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from mock_server.process import MockProcess
from mock_server.world import DEFAULT_WORLD
from tests.contract_suite.excerpts import excerpt
from tests.contract_suite.suite_runs import run_suite
from tests.spec_copies import add_operation_like, edited_spec
from zenlayer_spec import Spec, SpecError, load_spec

EVERY_KIND = {
    "ZENLAYER_CONTRACT_ALLOWED_INSTANCES": "ins-stopped-fra",
    "ZENLAYER_CONTRACT_ALLOWED_IMAGES": "",
    "ZENLAYER_CONTRACT_ALLOWED_KEY_PAIRS": "",
}
PHASES = ("examples", "stateful")


def plan_for(spec: Spec, **environ: str) -> LivePlan:
    return live_plan(spec, environ, "https://api.example.test/api/v2", "2/s", PHASES)


class GuardProbe:
    """The gateway's guard and budget on their own: what a body would become (nothing is sent)."""

    def __init__(self, plan: LivePlan) -> None:
        self.gateway = Gateway(
            load_spec(), plan, "http://127.0.0.1:9/api/v2", Credentials("key", "password"), limiter=RateLimiter(0.0)
        )
        self.tally = self.gateway.tally

    def guard(self, action: str, body: Any) -> Any:
        raw = json.dumps(body).encode()
        headers = (("x-zc-action", action), ("content-type", "application/json"))
        decision = self.gateway.decide(Outgoing("POST", "/api/v2/vm", headers, raw, signed=True))
        self.gateway.record(decision, 404)
        return json.loads(decision.body) if decision.body != raw else body


def guard_for(plan: LivePlan) -> GuardProbe:
    return GuardProbe(plan)


def _attach_disk(document: dict[str, Any], declared: bool) -> None:
    """AttachDisk as a user would add it: StopInstances copied, its body an instance, a disk and a list of
    nested resources."""
    operation = add_operation_like(document, "StopInstances", "AttachDisk")
    schemas = document["components"]["schemas"]
    disk: dict[str, Any] = {"type": "string", **({"x-zc-resource": "disk"} if declared else {})}
    schemas["AttachDiskRequest"] = {
        "type": "object",
        "required": ["instanceId", "diskId"],
        "properties": {
            "instanceId": {"$ref": "#/components/schemas/InstanceId"},
            "diskId": disk,
            "resources": {"type": "array", "items": {"type": "object", "properties": {"id": dict(disk)}}},
        },
    }
    body = operation["requestBody"]["content"]["application/json"]
    body["schema"] = {"$ref": "#/components/schemas/AttachDiskRequest"}
    body["examples"] = {"one": {"value": {"instanceId": "ins-stopped-fra", "diskId": "disk-1"}}}
    operation["x-zc-waiter"]["ids"] = "$request.body#/instanceId"  # its request names one instance
    del operation["x-zc-business-checks"], operation["x-zc-effects"]
    if declared:
        document["components"]["x-zc-resources"]["disk"] = {
            "world": "disks",
            "id": "diskId",
            "attributes": {"diskId": {"type": "string"}},
        }


def test_the_plan_names_every_operation_field_and_allowed_id() -> None:
    lines = plan_for(load_spec(), **EVERY_KIND).lines()
    text = "\n".join(lines)
    assert lines[0] == "live contract run against https://api.example.test/api/v2: nothing has been sent yet"
    assert "phases: examples, stateful; rate limit 2/s" in text
    assert "at most 10 state-changing requests" in text
    for operation in load_spec().operations.values():
        said = "NOT SENT (" if withheld(load_spec(), operation.operation_id) else "CHANGES STATE"
        assert f"  {operation.operation_id}: {said if operation.changes_state else 'reads only'}" in text
    assert "    instanceId (instance ids): may use ins-stopped-fra" in text
    assert "    imageId (image ids): may use none (every id is redirected)" in text
    assert "    instanceIds[] (instance ids): may use ins-stopped-fra" in text


def test_a_kind_without_its_allow_list_variable_refuses_the_run() -> None:
    environ = {name: value for name, value in EVERY_KIND.items() if "KEY_PAIRS" not in name}
    with pytest.raises(LiveRefusal) as refused:
        plan_for(load_spec(), **environ)
    assert refused.value.problems == [
        "ResetInstance: a field names keyPair ids, and ZENLAYER_CONTRACT_ALLOWED_KEY_PAIRS is not set: list the "
        "keyPair ids a live run may use (comma-separated; empty for none)"
    ]


def test_an_undeclared_id_field_of_a_state_changing_operation_refuses_the_run(tmp_path: Path) -> None:
    spec = load_spec(edited_spec(tmp_path, lambda document: _attach_disk(document, declared=False)))
    with pytest.raises(LiveRefusal) as refused:
        plan_for(spec, **EVERY_KIND)
    problems = "\n".join(refused.value.problems)
    assert "AttachDisk: the field diskId looks like an id (its name) but declares no kind" in problems
    assert "AttachDisk: the field resources[].id looks like an id" in problems
    assert "instanceId" not in problems  # declared: guarded, not refused


def test_once_declared_the_new_kind_needs_its_allow_list_then_is_guarded_at_any_depth(tmp_path: Path) -> None:
    spec = load_spec(edited_spec(tmp_path, lambda document: _attach_disk(document, declared=True)))
    with pytest.raises(LiveRefusal, match="ZENLAYER_CONTRACT_ALLOWED_DISKS is not set"):
        plan_for(spec, **EVERY_KIND)
    guard = guard_for(plan_for(spec, **EVERY_KIND, ZENLAYER_CONTRACT_ALLOWED_DISKS="disk-ok"))
    allowed = {"instanceId": "ins-stopped-fra", "diskId": "disk-ok", "resources": [{"id": "disk-ok"}]}
    assert guard.guard("AttachDisk", allowed) == allowed  # every id allow-listed: sent as it is
    body = {"instanceId": "ins-stopped-fra", "diskId": "disk-ok", "resources": [{"id": "disk-ok"}, {"id": "disk-9"}]}
    sent = guard.guard("AttachDisk", body)
    # One id at any depth is not allow-listed: the request cannot succeed, so it keeps none (no budget spent).
    assert sent["instanceId"].startswith(NONEXISTENT_PREFIX)
    assert sent["diskId"].startswith(NONEXISTENT_PREFIX)
    assert all(item["id"].startswith(NONEXISTENT_PREFIX) for item in sent["resources"])
    assert body["diskId"] == "disk-ok"  # the caller's body is left as it was
    assert guard.tally.sent["AttachDisk disk"] == 5
    assert guard.tally.allowed["AttachDisk disk"] == 2
    assert guard.tally.redirected["AttachDisk disk"] == 3
    assert guard.tally.spent == 1


def test_reads_are_sent_as_generated_and_lists_are_guarded_item_by_item() -> None:
    guard = guard_for(plan_for(load_spec(), **EVERY_KIND))
    listed = {"instanceIds": ["ins-running-fra", "ins-stopped-fra"]}
    assert guard.guard("DescribeInstancesStatus", listed) is listed
    sent = guard.guard("StopInstances", listed)
    assert all(value.startswith(NONEXISTENT_PREFIX) for value in sent["instanceIds"])  # one not allowed: none kept
    assert sent["instanceIds"][0] != sent["instanceIds"][1]
    assert guard.guard("StopInstances", {"instanceIds": ["ins-stopped-fra"]}) == {"instanceIds": ["ins-stopped-fra"]}
    assert named_resources(sent, plan_for(load_spec(), **EVERY_KIND).by_action("StopInstances").fields) == [  # type: ignore[union-attr]
        ("instance", sent["instanceIds"][0]),
        ("instance", sent["instanceIds"][1]),
    ]


def test_the_budget_caps_requests_that_name_an_allowed_resource() -> None:
    guard = guard_for(plan_for(load_spec(), **EVERY_KIND, ZENLAYER_CONTRACT_LIVE_BUDGET="2"))
    reset = {"instanceId": "ins-stopped-fra"}
    sent = [guard.guard("ResetInstance", reset)["instanceId"] for _ in range(4)]
    assert sent[:2] == ["ins-stopped-fra", "ins-stopped-fra"]
    assert all(value.startswith(NONEXISTENT_PREFIX) for value in sent[2:])
    assert guard.guard("ResetInstance", {"instanceId": "ins-nope"})["instanceId"].startswith(NONEXISTENT_PREFIX)
    assert guard.tally.spent == 2
    assert guard.tally.over_budget["ResetInstance"] == 2
    assert "  ResetInstance: 2 requests redirected whole, the budget being spent" in guard.tally.lines(2)


@pytest.mark.parametrize("budget", ["ten", "²", "-1", "1.5", ""])
def test_a_budget_that_is_not_a_whole_number_refuses_the_run(budget: str) -> None:
    """`²` passes str.isdigit() and crashed int(): every such value is a refusal in words."""
    with pytest.raises(LiveRefusal, match="ZENLAYER_CONTRACT_LIVE_BUDGET must be a whole number"):
        plan_for(load_spec(), **EVERY_KIND, ZENLAYER_CONTRACT_LIVE_BUDGET=budget)


def _attach_disk_with_rules(document: dict[str, Any]) -> None:
    """AttachDisk declared, with rules the mock runs (both resources must exist, each with an example
    that breaks it), its list bounded, its answers the ones it can give, and no waiter."""
    _attach_disk(document, declared=True)
    operation = document["paths"]["/vm#AttachDisk"]["post"]
    del operation["x-zc-waiter"], operation["responses"]["403"]
    operation["x-zc-business-checks"] = [
        {
            "id": check.replace(" ", "-").removeprefix("the-"),
            "check": check,
            "code": "INVALID_INSTANCE_NOT_FOUND",
            "rule": rule,
            "source": "project-rule: a rule of this test only",
            "example": example,
        }
        for check, rule, example in (
            ("the instance exists", "request.instanceId in instances", {"instanceId": "ins-nope", "diskId": "d"}),
            ("the disk exists", "request.diskId in disks", {"instanceId": "ins-stopped-fra", "diskId": "disk-nope"}),
        )
    ]
    resources = document["components"]["schemas"]["AttachDiskRequest"]["properties"]["resources"]
    resources.update(minItems=1, maxItems=100)
    # And DeleteDisk, which names no instance at all: only disks, at the top and nested.
    schemas = document["components"]["schemas"]
    schemas["DeleteDiskRequest"] = copy.deepcopy(schemas["AttachDiskRequest"])
    del schemas["DeleteDiskRequest"]["properties"]["instanceId"]
    schemas["DeleteDiskRequest"]["required"] = ["diskId"]
    delete = add_operation_like(document, "AttachDisk", "DeleteDisk")
    body = delete["requestBody"]["content"]["application/json"]
    body["schema"] = {"$ref": "#/components/schemas/DeleteDiskRequest"}
    body["examples"] = {"one": {"value": {"diskId": "disk-ok"}}}
    delete["x-zc-business-checks"] = [{**operation["x-zc-business-checks"][1], "example": {"diskId": "disk-nope"}}]


def test_a_live_run_names_only_allowed_disks_and_instances_in_every_phase(tmp_path: Path) -> None:
    """The whole live mode, every phase (the stateful one included), against a recording mock that runs
    an edited spec with AttachDisk (a disk, an instance, a list of nested disks) and DeleteDisk (disks
    only, no instanceId at all): no state-changing request names an id outside its kind's allow-list, and
    the budget holds."""
    spec_path = edited_spec(tmp_path, _attach_disk_with_rules)
    world = yaml.safe_load(DEFAULT_WORLD.read_text(encoding="utf-8"))
    world["disks"] = [{"diskId": "disk-ok"}, {"diskId": "disk-other"}]
    fixtures = tmp_path / "world.yaml"
    fixtures.write_text(yaml.safe_dump(world), encoding="utf-8")
    record = tmp_path / "requests.jsonl"
    allowed = {"instance": {"ins-stopped-fra"}, "disk": {"disk-ok"}, "image": set(), "keyPair": set()}
    os.environ["ZENLAYER_SPEC"] = str(spec_path)  # the mock process below reads it
    try:
        # The lifecycle counted in requests and polled without pause: an accepted change costs a few polls,
        # not the waiter's 5 s delays (live runs pause as the waiter says; ZENLAYER_CONTRACT_POLL_SECONDS).
        with MockProcess(
            "--quiet", "--record", str(record), "--fixtures", str(fixtures), "--transition-requests", "3"
        ) as stand_in:
            env = {
                "ZENLAYER_SPEC": str(spec_path),
                "ZENLAYER_CONTRACT_TARGET": "live",
                "ZENLAYER_CONTRACT_BASE_URL": stand_in.base_url,
                "ZENLAYER_ACCESS_KEY_ID": "zl-mock-key-id",
                "ZENLAYER_ACCESS_KEY_PASSWORD": "zl-mock-key-password",
                "ZENLAYER_CONTRACT_RATE_LIMIT": "200/s",
                "ZENLAYER_CONTRACT_LIVE_BUDGET": "4",
                "ZENLAYER_CONTRACT_POLL_SECONDS": "0",
                **{allow_list_variable(kind): ",".join(sorted(ids)) for kind, ids in allowed.items()},
            }
            result = run_suite(env=env, reports=tmp_path)
    finally:
        del os.environ["ZENLAYER_SPEC"]
    output = result.stdout + result.stderr
    assert "AttachDisk: CHANGES STATE" in output  # the plan knows the new operations
    assert "DeleteDisk: CHANGES STATE" in output
    assert "    diskId (disk ids): may use disk-ok" in output
    assert "    resources[].id (disk ids): may use disk-ok" in output
    spec = load_spec(spec_path)
    fields = {op.action: spec.behaviours.resource_fields[i] for i, op in spec.operations.items() if op.changes_state}
    recorded = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    for action in ("AttachDisk", "DeleteDisk"):  # DeleteDisk names no instance: only disks
        assert any(entry["action"] == action for entry in recorded), f"the live run never sent {action}"
    changes = [entry for entry in recorded if entry["action"] in fields and isinstance(entry["body"], dict)]
    spent = 0
    for entry in changes:
        named = named_resources(entry["body"], fields[entry["action"]])
        outside = [
            (kind, value)
            for kind, value in named
            if value not in allowed[kind] and not str(value).startswith(NONEXISTENT_PREFIX)
        ]
        assert outside == [], f"{entry['action']} named {outside}"
        spent += any(value in allowed[kind] for kind, value in named)
    assert 0 < spent <= 4  # the budget held
    assert "keeping an allow-listed id:" in output  # the tally
    assert result.returncode == 0, excerpt(output)


def test_hand_made_requests_pass_the_same_gateway_which_signs_after_guarding() -> None:
    """The suite's own hand-made requests (rule cases run live) go through the gateway too, and are signed
    there after the guard: the service sees a valid signature over the guarded body."""
    plan = plan_for(load_spec(), **EVERY_KIND)
    with MockProcess("--quiet") as mock:
        credentials = Credentials(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD)
        gateway = Gateway(load_spec(), plan, mock.base_url, credentials, limiter=RateLimiter(0.0)).start()
        try:
            caller = Caller(f"{gateway.base_url}/vm", gateway_auth=gateway.auth.header)
            answer = caller.call("StopInstances", {"instanceIds": ["ins-running-fra"]})
            raw = caller.call("StopInstances", raw=b'{"instanceIds": ["ins-running-fra"]}')
            unsigned = caller.call("DescribeImages", {}, sign=False)
        finally:
            gateway.close()
    assert (answer.status_code, answer.json()["code"]) == (404, "INVALID_INSTANCE_NOT_FOUND")  # signed, redirected
    assert (raw.status_code, raw.json()["code"]) == (404, "INVALID_INSTANCE_NOT_FOUND")
    assert unsigned.status_code == 401  # the gateway signs only what asks it to
    assert gateway.tally.redirected["StopInstances instance"] == 2


def _tag_instances(document: dict[str, Any]) -> None:
    """TagInstances, added by spec edits alone as a newcomer would: a resource named in a query parameter,
    in a header and in a nested `additionalProperties` map (tag -> instance), in a `prefixItems` tuple and
    under `if`/`then`: places the guard cannot rewrite."""
    operation = add_operation_like(document, "StopInstances", "TagInstances")
    operation["parameters"] = [
        *operation["parameters"],
        {"name": "instanceId", "in": "query", "schema": {"type": "string", "x-zc-resource": "instance"}},
        {"name": "X-Target-Instance", "in": "header", "schema": {"type": "string"}},
    ]
    instance = {"type": "string", "x-zc-resource": "instance"}
    document["components"]["schemas"]["TagInstancesRequest"] = {
        "type": "object",
        "properties": {
            "instanceIds": {"type": "array", "items": {"$ref": "#/components/schemas/InstanceId"}},
            "byTag": {"type": "object", "additionalProperties": {"type": "object", "properties": {"target": instance}}},
            "pair": {"type": "array", "prefixItems": [instance, {"type": "string"}]},
            "rule": {"type": "object", "if": {"required": ["a"]}, "then": {"properties": {"b": instance}}},
        },
    }
    body = operation["requestBody"]["content"]["application/json"]
    body["schema"] = {"$ref": "#/components/schemas/TagInstancesRequest"}


def test_a_resource_where_the_guard_cannot_rewrite_it_refuses_the_plan(tmp_path: Path) -> None:
    """By spec edits alone: a state-changing operation naming instances in a query parameter, a header and
    in body places outside `properties`/`items`; the plan lists each, and nothing is sent."""
    spec = load_spec(edited_spec(tmp_path, _tag_instances))
    with pytest.raises(LiveRefusal) as refused:
        plan_for(spec, **EVERY_KIND)
    problems = "\n".join(refused.value.problems)
    assert "TagInstances: the query parameter 'instanceId': a live run sends no query parameters" in problems
    assert "TagInstances: the header 'X-Target-Instance' of a state-changing operation" in problems
    assert "TagInstances: byTag.additionalProperties.target names instance ids where the guard cannot" in problems
    assert "TagInstances: pair.prefixItems[0] names instance ids where the guard cannot rewrite them" in problems
    assert "TagInstances: rule.then.b names instance ids where the guard cannot rewrite them" in problems
    for operation_id in ("ResetInstance", "StopInstances"):
        assert f"{operation_id}:" not in problems  # the spec's own operations are all guardable


@pytest.mark.parametrize(
    ("name", "holds_ids"),
    [
        ("id", True),
        ("ids", True),
        ("instanceId", True),
        ("instanceIds", True),
        ("instanceIdList", True),
        ("instanceIdSet", True),
        ("instance_id", True),
        ("InstanceID", True),
        ("instanceIDs", True),
        ("IDs", True),
        ("idOfInstance", True),
        ("X-Instance-Id", True),
        ("identifier", False),
        ("valid", False),
        ("hidden", False),
        ("width", False),
        ("imageName", False),
        ("guid", False),
    ],
)
def test_id_likeness_by_name_whatever_the_type(name: str, holds_ids: bool) -> None:
    assert id_like(name) is holds_ids


def test_the_shards_budgets_add_up_to_the_budget() -> None:
    for budget in range(0, 12):
        for count in range(1, 5):
            shares = [shard_share(budget, (index, count)) for index in range(1, count + 1)]
            assert sum(shares) == budget
            assert max(shares) - min(shares) <= 1
    plan = live_plan(load_spec(), {**EVERY_KIND, "ZENLAYER_CONTRACT_LIVE_BUDGET": "5"}, "u", "2/s", PHASES, (2, 3))
    assert plan.budget == 2
    assert "at most 2 state-changing requests that name an allow-listed resource (shard 2/3's share" in "\n".join(
        plan.lines()
    )


def _read_only_rename(document: dict[str, Any]) -> None:
    """ModifyInstancesAttribute (a rename) declared read-only: a lie a live run would act on."""
    operation = add_operation_like(document, "StopInstances", "ModifyInstancesAttribute")
    operation["x-zc-changes-state"] = False
    del operation["x-zc-waiter"], operation["x-zc-effects"]


def _describe_with_effects(document: dict[str, Any]) -> None:
    operation = add_operation_like(document, "StopInstances", "DescribeSomething")
    operation["x-zc-changes-state"] = False
    del operation["x-zc-waiter"]


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (_read_only_rename, "ModifyInstancesAttribute declares x-zc-changes-state: false, but its name does not start"),
        (_describe_with_effects, "DescribeSomething declares x-zc-changes-state: false, but it has x-zc-effects"),
    ],
)
def test_a_false_read_only_declaration_is_a_located_spec_error(edit: Any, says: str, tmp_path: Path) -> None:
    path = edited_spec(tmp_path, edit)
    with pytest.raises(SpecError) as refused:
        _ = load_spec(path).behaviours  # what `nox -s spec` (zenlayer_spec.lint) and the mock read
    message = str(refused.value)
    assert says in message
    assert re.match(rf"{re.escape(str(path))}:\d+: ", message)  # file and line
    assert "declare x-zc-changes-state: true" in message


def test_operations_that_make_delete_or_bin_resources_are_never_sent_live() -> None:
    """Read from the effects: CreateInstances makes, ReleaseInstances deletes, TerminateInstance bins;
    a rename or a reset of an allow-listed instance is sent."""
    spec = load_spec()
    assert {op_id for op_id in spec.operations if withheld(spec, op_id)} == {
        "CreateInstances",
        "ReleaseInstances",
        "TerminateInstance",
    }
    guard = Guard(plan_for(spec, **EVERY_KIND), "/api/v2", protocol_headers(spec))
    body = json.dumps({"zoneId": "FRA-A", "imageId": "img-ubuntu-2204", "instanceType": "z2a.cpu.1"}).encode()
    decision = guard.decide(Outgoing("POST", "/api/v2/vm", (("x-zc-action", "CreateInstances"),), body, True), True)
    assert decision.verdict == "refuse"
    assert "it makes resources" in decision.reason
