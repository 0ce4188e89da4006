"""The suite on two cores (pytest-xdist) reports as one run: the workers share one seed, and the
controller writes one cassette (in the order of the tests, equal to a one-process run's), one
coverage table with the same verdict, and the findings of every worker."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from contract_tests.run import Observations
from contract_tests.workers import OUTPUT_KEY, SEED_KEY, Controller
from tests.contract_suite.excerpts import excerpt
from tests.contract_suite.suite_runs import run_suite
from tests.contract_suite.test_seed_replay import exchanges

WORKERS = ("-n", "2", "--dist", "worksteal")


def test_two_workers_repeat_a_one_process_run(tmp_path: Path) -> None:
    # Schemathesis's examples phase, the stateful phase and the suite's own cases (some thirty tests, spread
    # over both workers): the coverage and fuzzing phases would show the merge again, at twice the cost.
    selection = ("-k", "test_operation_conforms_examples or test_linked_calls_conform or test_targeted_code")
    # A process of its own, like the workers: Hypothesis mixes into what it draws the constants of the local
    # modules a process has imported (hypothesis.internal.conjecture.providers._get_local_constants), and
    # this process has imported our tests as well, so the same seed draws other cases here (keys such as
    # "{subject} breaks " from our sources; with that pool emptied in every process, the cassettes match).
    alone = run_suite(*selection, "--contract-seed", "11", env={}, reports=tmp_path / "alone", process=True)
    shared = run_suite(*selection, "--contract-seed", "11", *WORKERS, env={}, reports=tmp_path / "workers")
    assert alone.returncode == 0, excerpt(alone.stdout)
    assert shared.returncode == 0, excerpt(shared.stdout)
    assert "bringing up nodes" in shared.stdout  # it did run on workers
    assert exchanges(tmp_path / "workers") == exchanges(tmp_path / "alone")
    table = shared.stdout.split("error-code coverage", 1)[1]
    assert table.split("cassette")[0] == alone.stdout.split("error-code coverage", 1)[1].split("cassette")[0]
    assert "seed 11; replay with: python3 -m nox -s contract -- --contract-seed 11" in shared.stdout


def test_a_workers_findings_reach_the_report(tmp_path: Path) -> None:
    env = {"ZENLAYER_CONTRACT_MOCK_MODULE": "contract_tests.mutants", "ZENLAYER_MUTANT": "wrong_code"}
    # The fuzzing of the operation whose answers the variant breaks, and of another: one test per worker.
    selection = "test_operation_conforms_fuzzing_StopInstances or test_operation_conforms_fuzzing_ResetInstance"
    result = run_suite("-k", selection, *WORKERS, env=env, reports=tmp_path)
    assert result.returncode == 1, excerpt(result.stdout)
    summary = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    assert sum(summary["counts"].values()) >= 1
    assert "findings by the provenance of the rule broken" in result.stdout
    assert "StopInstances: HTTP 404 came with code 'INSTANCE_NOT_FOUND'" in result.stdout


def test_a_missing_code_fails_a_run_on_workers(tmp_path: Path) -> None:
    """Only the examples phase: many declared codes are never seen, and the controller says so."""
    result = run_suite(
        "-k", "test_operation_conforms_examples", "--require-code-coverage", *WORKERS, env={}, reports=tmp_path
    )
    assert result.returncode == 1, excerpt(result.stdout)
    assert "declared but never observed:" in result.stdout


def _entry(test: str, text: str) -> dict[str, object]:
    return {"_test": test, "request": {"postData": {"text": text}}}


def test_merged_observations_keep_the_order_of_the_tests() -> None:
    order = {"t::a": 0, "t::b": 1, "t::c": 2}
    mine = Observations(codes=Counter({("Op", 200, "-"): 2}), har_entries=[_entry("t::b", "b1"), _entry("t::b", "b2")])
    theirs = Observations(
        codes=Counter({("Op", 200, "-"): 1, ("Op", 400, "X"): 1}),
        har_entries=[_entry("t::c", "c1"), _entry("t::a", "a1")],
    )
    mine.merge(Observations.from_json(json.loads(json.dumps(theirs.to_json()))), order)
    assert mine.codes == Counter({("Op", 200, "-"): 3, ("Op", 400, "X"): 1})
    assert [entry["request"]["postData"]["text"] for entry in mine.har_entries] == ["a1", "b1", "b2", "c1"]
    mine.max_har_entries = 2
    mine.merge(Observations(), order)
    assert len(mine.har_entries) == 2


class _Node:
    """What the controller sees of an xdist worker: its input and, unless it crashed, its output."""

    def __init__(self, output: dict[str, str] | None) -> None:
        self.workerinput: dict[str, object] = {}
        if output is not None:
            self.workeroutput = output


def test_the_controller_seeds_every_worker_and_survives_one_that_crashed() -> None:
    controller = Controller(seed=42, observations=Observations(), findings=[])
    node = _Node(None)
    controller.pytest_configure_node(node)
    assert node.workerinput[SEED_KEY] == 42
    controller.pytest_testnodedown(_Node(None), error="worker 'gw1' crashed")  # sent nothing: nothing merged
    assert not controller.ran
    assert controller.observations.codes == Counter()
    sent = Observations(codes=Counter({("Op", 200, "-"): 2}))
    output = json.dumps({"observations": sent.to_json(), "findings": [], "test_order": [], "ran": True})
    controller.pytest_testnodedown(_Node({OUTPUT_KEY: output}), error=None)
    assert controller.ran
    assert controller.observations.codes == Counter({("Op", 200, "-"): 2})
