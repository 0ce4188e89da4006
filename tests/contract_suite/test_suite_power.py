"""The contract suite's own power: run against mocks broken on purpose, it fails, naming the
operation and the rule; and a live-mode run never changes an instance that is not allow-listed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests.findings import NOT_API, PROJECT, VENDOR
from contract_tests.live_guard import allow_list_variable, named_resources
from mock_server.process import MockProcess
from mock_server.world import DEFAULT_WORLD
from tests.contract_suite.excerpts import excerpt
from tests.contract_suite.suite_runs import run_suite
from zenlayer_spec import load_spec

# Each mutant runs the narrowest selection that catches it (one phase of the property-based test), so
# that the suite's power is proven in seconds; the intact mock passes all of these selections.
BROKEN_MOCKS = [
    (
        "wrong_code",
        "test_operation_conforms_fuzzing_StopInstances",
        ["error_code_is_declared", "StopInstances: HTTP 404 came with code 'INSTANCE_NOT_FOUND'"],
    ),
    (
        "missing_field",
        "test_operation_conforms_examples",
        ["expected_fields_are_present", "DescribeInstancesStatus: $.response has no 'totalCount'"],
    ),
    (
        "undeclared_status",
        "test_operation_conforms_fuzzing_ResetInstance",
        ["Undocumented status code", "Received: 410", "ResetInstance: HTTP 410"],
    ),
    ("host_as_bound", "test_rule_holds", ["Host as received, not the bound address: got (401"]),
    (
        "crashes_on_reset",
        "test_operation_conforms_examples",
        [
            "the mock itself failed (HTTP 500, not the error envelope)",
            "RuntimeError: a bug of the mock, on purpose",
        ],
    ),
    ("future_timestamps_accepted", "test_rule_holds", ["a timestamp 301 s ahead: got (200"]),
    ("zone_filter_ignored", "test_rule_holds", ["DescribeImages lists only the zone's images: the answer"]),
    (
        "key_checked_against_current_image",
        "test_rule_holds",
        [
            "a key with a new Windows image on a Linux instance: got (200",
            "a key with a new Linux image on a Windows",
        ],
    ),
    (
        "inner_request_id_differs",
        "test_operation_conforms_examples",
        ["request_id_is_echoed", "is not the outer one"],
    ),
    ("any_bearer_token", "test_rule_holds", ["a wrong bearer token: got (200"]),
    (
        "checks_out_of_order",
        "test_rule_holds",
        ["order: recycled before not stopped: got (403, 'OPERATION_DENIED_INSTANCE_NOT_STOPPED')"],
    ),
    ("unsorted_lists", "test_operation_conforms_examples", ["lists_follow_the_spec", "is not sorted by"]),
    ("wrong_total", "test_operation_conforms_examples", ["lists_follow_the_spec", "with this page's paging means"]),
    ("filter_ignored", "test_operation_conforms_examples", ["lists_follow_the_spec", "osType="]),
    (
        "other_method_code",
        "test_operation_conforms_coverage_DescribeImages",  # any operation's coverage phase sends other methods
        ["other_requests_get_their_codes", "not 405 INVALID_PARAMETER_VALUE"],
    ),
    (
        "reset_skips_rebuilding",
        "test_operation_conforms_examples",
        ["lifecycle_follows_the_spec", "is RUNNING, not REBUILDING"],
    ),
    (
        "accept_any_signature",
        "test_targeted_code and AUTHFAILURE",
        ["expected AUTHFAILURE_SIGNATURE_FAILURE, got HTTP 200", "ResetInstance"],
    ),
]


@pytest.mark.parametrize(("mutant", "selection", "expected"), BROKEN_MOCKS)
def test_a_broken_mock_fails_the_suite(mutant: str, selection: str, expected: list[str], tmp_path: Path) -> None:
    env = {"ZENLAYER_CONTRACT_MOCK_MODULE": "contract_tests.mutants", "ZENLAYER_MUTANT": mutant}
    result = run_suite("-k", selection, env=env, reports=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, excerpt(output)
    assert "verdict: FAILED (" in output  # one line says so at the end
    for text in expected:
        assert text in output, f"{text!r} not in the suite's output:\n{excerpt(output)}"


def test_a_live_run_without_allow_list_changes_no_real_instance(tmp_path: Path) -> None:
    """A recording mock stands in for the live service; the whole live-mode run goes against it. Every
    kind's allow-list is set and empty: no state-changing request may name any resource of the world, in
    any field the spec says names one. The plan comes first, the tally last."""
    record = tmp_path / "requests.jsonl"
    spec = load_spec()
    with MockProcess("--quiet", "--record", str(record)) as stand_in:
        env = {
            "ZENLAYER_CONTRACT_TARGET": "live",
            "ZENLAYER_CONTRACT_BASE_URL": stand_in.base_url,
            "ZENLAYER_ACCESS_KEY_ID": "zl-mock-key-id",
            "ZENLAYER_ACCESS_KEY_PASSWORD": "zl-mock-key-password",
            "ZENLAYER_CONTRACT_RATE_LIMIT": "100/s",
            **{allow_list_variable(kind): "" for kind in spec.behaviours.kinds},
        }
        result = run_suite(env=env, reports=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, excerpt(output)
    assert output.index("nothing has been sent yet") < output.index("passed")  # the plan before anything
    assert "keeping an allow-listed id: 0 of a budget of 10" in output
    assert f"ZENLAYER_CONTRACT_BASE_URL={stand_in.base_url} python3 -m nox -s contract-live" in output
    recorded = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    world = yaml.safe_load(DEFAULT_WORLD.read_text(encoding="utf-8"))
    world_ids = {str(entry[kind.id]) for kind in spec.behaviours.kinds.values() for entry in world[kind.world]}
    fields = {
        op.action: spec.behaviours.resource_fields[op_id] for op_id, op in spec.operations.items() if op.changes_state
    }
    changes = [entry for entry in recorded if entry["action"] in fields]
    assert changes, "the live run exercised no state-changing operation at all"
    named = {str(value) for entry in changes for _, value in named_resources(entry["body"], fields[entry["action"]])}
    assert not named & world_ids, f"a state-changing request named a real resource: {named & world_ids}"
    # The recording redacts every secret field's value (a fuzzed *name* may spell anything, the example
    # password included: names are not secrets).
    secrets = {name for _, name in spec.secret_fields}
    leaked = [
        value for entry in recorded for value in _values_of(entry["body"], secrets) if "redacted" not in str(value)
    ]
    assert not leaked, leaked[:3]


def _values_of(node: object, names: set[str]) -> list[object]:
    """The values of fields named `names`, at any depth of a JSON body."""
    if isinstance(node, dict):
        found = [value for key, value in node.items() if key in names and value is not None]
        return found + [item for value in node.values() for item in _values_of(value, names)]
    if isinstance(node, list):
        return [item for value in node for item in _values_of(value, names)]
    return []


@pytest.mark.parametrize(
    ("mutant", "selection", "group", "source_kind", "rule"),
    [
        # A vendor-docs rule: the signature (the vendor's signing page).
        (
            "accept_any_signature",
            "test_targeted_code and AUTHFAILURE_SIGNATURE_FAILURE",
            VENDOR,
            "vendor-docs",
            "x-zc-error-codes",
        ),
        # A vendor-sdk rule: DescribeImages' unknown-zone check (the vendor's Go SDK error constant). The
        # mutant answers an empty list, which only a list operation would; CreateInstances' case would also
        # break its waiter's rule (the answer names nothing made), another group.
        (
            "zone_ignored",
            "test_targeted_code and INVALID_ZONE_NOT_FOUND and DescribeImages",
            VENDOR,
            "vendor-sdk",
            "x-zc-business-checks",
        ),
        # A project rule: lists always carry totalCount (the SDKs make it optional; we expect it).
        (
            "missing_field",
            "test_operation_conforms_examples",
            PROJECT,
            "project-rule",
            "x-zc-expected",
        ),
        # Not the API at all: a CDN challenge page.
        ("challenge_resets", "test_operation_conforms and not coverage", NOT_API, None, "SECURITY_CHALLENGE"),
    ],
)
def test_failures_are_sorted_by_the_provenance_of_the_rule(
    mutant: str, selection: str, group: str, source_kind: str | None, rule: str, tmp_path: Path
) -> None:
    env = {"ZENLAYER_CONTRACT_MOCK_MODULE": "contract_tests.mutants", "ZENLAYER_MUTANT": mutant}
    result = run_suite("-k", selection, f"--junitxml={tmp_path / 'junit.xml'}", env=env, reports=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, excerpt(output)
    summary = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    findings = summary["groups"][group]
    assert findings, summary
    assert all(finding["group"] == group for finding in findings)
    assert any(rule in (finding["rule"] or "") + (finding["location"] or "") for finding in findings), findings
    if source_kind is not None:
        assert {finding["source"].split(":")[0] for finding in findings} == {source_kind}
        assert all(finding["location"].startswith("zenlayer-vm.openapi.yaml:") for finding in findings)
    # The other groups stay empty: each broken rule lands in one place only.
    assert sum(summary["counts"].values()) == len(findings), summary["counts"]
    assert "findings by the provenance of the rule broken" in output
    assert f"{group} ({len(findings)}):" in output
    junit = (tmp_path / "junit.xml").read_text(encoding="utf-8")
    assert f'<property name="provenance" value="{group}"' in junit


def test_one_surprise_does_not_stop_the_other_phases(tmp_path: Path) -> None:
    """A service whose only deviation is answering TRACE with 501: the coverage phase (which sends other
    methods) fails for each operation it runs, and the examples and fuzzing phases still run and pass for
    every operation."""
    env = {"ZENLAYER_CONTRACT_MOCK_MODULE": "contract_tests.mutants", "ZENLAYER_MUTANT": "trace_not_implemented"}
    junit = tmp_path / "junit.xml"
    # The coverage phase of two operations, a read and a change (each operation's costs about a second,
    # and any shows the surprise); the other phases of all.
    covered = ("DescribeImages", "StopInstances")
    selection = "(test_operation_conforms and not coverage) or " + " or ".join(
        f"test_operation_conforms_coverage_{operation}" for operation in covered
    )
    result = run_suite("-k", selection, f"--junitxml={junit}", env=env, reports=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, excerpt(output)
    failed = {
        line.split("::", 1)[1].split(" ")[0] for line in output.splitlines() if line.startswith(("FAILED", "SUBFAILED"))
    }
    assert {name.split("[")[0] for name in failed} == {f"test_operation_conforms_coverage_{op}" for op in covered}
    assert all(name.startswith("test_operation_conforms_coverage") for name in failed), failed
    xml = junit.read_text(encoding="utf-8")
    operations = list(load_spec().operations)
    assert xml.count('name="test_operation_conforms_examples[') == len(operations)  # every operation ran
    for operation in operations:
        assert f'name="test_operation_conforms_fuzzing_{operation}[' in xml
    # The other phases saw as many answers as they do against the intact mock, on the same seed.
    selection = "test_operation_conforms_examples or test_operation_conforms_fuzzing"
    intact = run_suite("-k", selection, env={}, reports=tmp_path / "intact")
    assert intact.returncode == 0, excerpt(intact.stdout + intact.stderr)
    assert answers(output) > answers(intact.stdout + intact.stderr)


def answers(output: str) -> int:
    line = next(line for line in output.splitlines() if line.endswith("answers observed"))
    return int(line.split()[0])


# One variant of each derived kind (contract_tests.mutants.DERIVED_KINDS) against the real suite, as a
# process: every variant of every rule and effect is killed in process by tests/contract_suite/
# test_derived_variants.py; these show that the suite itself, not only its cases, fails them.
DERIVED_VARIANTS = [
    (
        "rule-drop:StopInstances:instance-running",
        "test_targeted_code and StopInstances",
        "OPERATION_DENIED_INSTANCE_NOT_RUNNING",
    ),
    ("rule-invert:DescribeImages:zone-exists", "test_targeted_code and DescribeImages", "INVALID_ZONE_NOT_FOUND"),
    ("rule-swap:ResetInstance:instance-not-recycled", "test_rule_holds", "order: recycled before not stopped"),
    # The body limit, whose code other rules answer too: its own case catches it, naming the guard.
    ("no_body_limit", "test_guard", "guard x-zc-max-body-bytes: got"),
    ("effect-skip:StopInstances:0", "test_operation_conforms_examples", "lifecycle_follows_the_spec"),
    # Stops every instance, not only the one named: the others, listed before and after, changed.
    ("effect-spill:StopInstances:0", "test_operation_conforms_examples", "effects_stay_in_their_frame"),
]


@pytest.mark.parametrize(("variant", "selection", "expected"), DERIVED_VARIANTS)
def test_a_derived_variant_fails_the_real_suite(variant: str, selection: str, expected: str, tmp_path: Path) -> None:
    env = {"ZENLAYER_CONTRACT_MOCK_MODULE": "contract_tests.mutants", "ZENLAYER_MUTANT": variant}
    result = run_suite("-k", selection, env=env, reports=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, excerpt(output)
    assert expected in output, f"{expected!r} not in the suite's output:\n{excerpt(output)}"


# The selections that catch the variants above, and no more (ResetInstance's coverage phase, the longest
# test, catches none of them): the intact mock passes them all.
SELECTIONS = " or ".join(
    f"({selection})" for selection in dict.fromkeys(selection for _, selection, _ in BROKEN_MOCKS + DERIVED_VARIANTS)
)


def test_the_intact_mock_passes_the_same_selections(tmp_path: Path) -> None:
    result = run_suite(
        "-k",
        SELECTIONS,
        env={},
        reports=tmp_path,
        process=True,  # the one run of the suite against the mock as a process of its own, as `nox` runs it
    )
    assert result.returncode == 0, excerpt(result.stdout + result.stderr)
    assert result.stdout.rstrip().splitlines()[-2] == "verdict: the target keeps the contract"


def test_three_independent_faults_give_three_failures(tmp_path: Path) -> None:
    """Faults in three operations: each is reported on its own, naming the operation and the rule."""
    faults = "reset_skips_rebuilding+filter_ignored+skip:StopInstances:OPERATION_DENIED_INSTANCE_NOT_RUNNING"
    env = {"ZENLAYER_CONTRACT_MOCK_MODULE": "contract_tests.mutants", "ZENLAYER_MUTANT": faults}
    selection = "(test_operation_conforms and not coverage) or test_targeted_code"
    result = run_suite("-k", selection, env=env, reports=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, excerpt(output)
    summary = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    found = [finding for group in summary["groups"].values() for finding in group]
    located = {finding["location"].split("(", 1)[1] for finding in found if finding["location"]}
    assert any("ResetInstance/post/x-zc-waiter" in where for where in located), located
    assert any("DescribeImages/post/x-zc-source/results" in where for where in located), located
    assert any("StopInstances/post/x-zc-business-checks/2" in where for where in located), located
    for operation in ("ResetInstance", "DescribeImages", "StopInstances"):
        assert f"{operation}:" in output
    # The reproduction: the seed, printed and in the summary, and each finding's test.
    assert summary["seed"] == 1
    assert "replay with: python3 -m nox -s contract -- --contract-seed 1" in output
    assert all(finding["test"].startswith("contract_tests/test_contract.py::") for finding in found)


def _world_with_other_ids(path: Path) -> Path:
    text = DEFAULT_WORLD.read_text(encoding="utf-8")
    for old, new in (("ins-running-fra", "i-0a1"), ("ins-stopped-fra", "i-0b2"), ("img-ubuntu-2204", "im-lx")):
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def _world_of_many_pages(path: Path) -> Path:
    world = yaml.safe_load(DEFAULT_WORLD.read_text(encoding="utf-8"))
    template = world["instances"][0]
    statuses = ["RUNNING", "STOPPED"]
    world["instances"] += [
        {**template, "instanceId": f"ins-extra-{index:03d}", "status": statuses[index % 2]} for index in range(45)
    ]
    path.write_text(yaml.safe_dump(world), encoding="utf-8")
    return path


# Runs in a row of the stateful phase on each world. The start-up race that once made it flaky is
# tested on its own (tests/mock/test_process.py); 20 in a row were shown when it was fixed.
STATEFUL_RUNS = 10


@pytest.mark.parametrize("variant", [_world_with_other_ids, _world_of_many_pages], ids=["other-ids", "many-pages"])
def test_the_stateful_phase_never_flakes_on_other_content(variant: Any, tmp_path: Path) -> None:
    """Services whose answers differ in content but obey the contract (other ids; lists over several
    pages): the stateful phase passes many runs in a row against each, without a flaky data generation."""
    world = variant(tmp_path / "world.yaml")
    env = {"ZENLAYER_CONTRACT_MOCK_OPTIONS": f"--fixtures {world}"}
    runs = ("--contract-stateful-runs", str(STATEFUL_RUNS))
    result = run_suite("-k", "test_linked_calls_conform", *runs, env=env, reports=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, excerpt(output)
    assert f"{STATEFUL_RUNS} passed" in output
    assert "Flaky" not in output
