"""A seeded contract run repeats itself: the same requests in the same order, and (on the mock, whose
lifecycle is counted in requests) the same answers but for their request ids; another seed does not."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.contract_suite.excerpts import excerpt
from tests.contract_suite.suite_runs import run_suite
from zenlayer_spec import load_spec

# The phases whose cases depended on more than the seed: fuzzing follows coverage's state changes, and
# the stateful phase's links follow the answers.
SELECTION = "test_operation_conforms_fuzzing or test_linked_calls_conform"
REQUEST_ID = re.compile(r'"requestId":"[^"]*"')


def exchanges(reports: Path) -> list[tuple[str | None, str, int, str]]:
    """Each exchange of a run's cassette: action, request body, status, answer without its request id."""
    entries = json.loads((reports / "cassette.har").read_text())["log"]["entries"]
    found = []
    for entry in entries:
        request, response = entry["request"], entry["response"]
        action = next((h["value"] for h in request["headers"] if h["name"].lower() == "x-zc-action"), None)
        answer = REQUEST_ID.sub("", response["content"].get("text", ""))
        found.append((action, request.get("postData", {}).get("text", ""), response["status"], answer))
    return found


def seeded_run(seed: str, reports: Path) -> list[tuple[str | None, str, int, str]]:
    result = run_suite("-k", SELECTION, "--contract-seed", seed, env={}, reports=reports)
    assert result.returncode == 0, excerpt(result.stdout)
    assert f"seed {seed}; replay with: python3 -m nox -s contract -- --contract-seed {seed}" in result.stdout
    return exchanges(reports)


def test_a_seed_repeats_requests_and_answers(tmp_path: Path) -> None:
    first = seeded_run("7", tmp_path / "first")
    again = seeded_run("7", tmp_path / "again")
    other = seeded_run("8", tmp_path / "other")
    # Both phases ran, and state changed: their answers depended on the lifecycle. Which state-changing
    # operation got through depends on what Schemathesis drew from state it shares in the process (once,
    # in a full run, no StopInstances was accepted): any of them shows it.
    accepted = {action for action, _, status, _ in first if status == 200}
    changing = {name for name, operation in load_spec().operations.items() if operation.changes_state}
    assert "DescribeInstancesStatus" in accepted
    assert accepted & changing, accepted
    assert first == again
    assert [request for _, request, _, _ in first] != [request for _, request, _, _ in other]
