"""The suite split across CI jobs: every test in exactly one shard, the same split everywhere, and the
merged coverage of the shards gives the verdict of an unsharded run on the same seed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from contract_tests import shards as merge_cli
from contract_tests.shards import Shard, _weight, assign, heaviest_first
from mock_server.process import ROOT
from tests.contract_suite.excerpts import excerpt
from tests.contract_suite.suite_runs import run_suite
from zenlayer_spec import load_spec


def _nodeids() -> list[str]:
    operations = list(load_spec().operations)
    nodeids = ["contract_tests/test_contract.py::test_operation_conforms_examples"]
    nodeids += [
        f"contract_tests/test_contract.py::test_operation_conforms_{phase}_{operation}"
        for phase in ("coverage", "fuzzing")
        for operation in operations
    ]
    nodeids += ["contract_tests/test_contract.py::test_linked_calls_conform[run1]"]
    nodeids += [f"contract_tests/test_contract.py::test_rule_holds[case{index}]" for index in range(30)]
    return nodeids


def test_every_test_is_in_exactly_one_shard_and_the_heavy_ones_are_spread() -> None:
    nodeids = _nodeids()
    split = assign(nodeids, 2)
    assert set(split) == set(nodeids)
    assert assign(list(reversed(nodeids)), 2) == split  # the order tests are collected in does not matter
    # Heaviest first to the least loaded shard: the shards' costs differ by no more than the heaviest test
    # (ResetInstance's coverage phase), whatever the number of operations.
    loads = [sum(_weight(nodeid) for nodeid in nodeids if split[nodeid] == shard) for shard in (1, 2)]
    assert abs(loads[0] - loads[1]) <= _weight(nodeids[1])
    assert max(_weight(nodeid) for nodeid in nodeids) == _weight(nodeids[1])


def test_the_heavy_tests_start_first() -> None:
    nodeids = _nodeids()
    ordered = heaviest_first(list(reversed(nodeids)))
    assert sorted(ordered) == sorted(nodeids)
    assert ordered[0] == nodeids[1]  # ResetInstance's coverage phase
    assert ordered[1] == "contract_tests/test_contract.py::test_linked_calls_conform[run1]"
    assert all("rule_holds" in nodeid for nodeid in ordered[-30:])
    assert ordered[-30:] == list(reversed(nodeids))[:30]  # equal costs keep their order


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0"])
def test_a_malformed_shard_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="i/n"):
        Shard.parse(text)


def collected(reports: Path, *arguments: str) -> set[str]:
    """The node ids `pytest contract_tests --collect-only` lists (in this process: collecting runs nothing)."""
    result = run_suite("--collect-only", *arguments, env={}, reports=reports)
    assert result.returncode == 0, excerpt(result.output)
    return {line for line in result.stdout.splitlines() if "::" in line}


def test_two_shards_collect_the_whole_suite_once(tmp_path: Path) -> None:
    everything = collected(tmp_path / "whole")
    first = collected(tmp_path / "shards", "--contract-shard", "1/2")
    second = collected(tmp_path / "shards", "--contract-shard", "2/2")
    # Collecting ran nothing: no (empty) shard reports to mislead a merge.
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
    assert first | second == everything
    assert not first & second
    assert first
    assert second


def merge(directory: Path) -> subprocess.CompletedProcess[str]:
    """`python -m contract_tests.shards DIRECTORY`, as CI runs it (nox -s contract-merge)."""
    command = [sys.executable, "-m", "contract_tests.shards", str(directory)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)


def merge_in_process(directory: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = merge_cli.main([str(directory)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_two_shards_and_a_merge_give_the_unsharded_verdict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The tests that observe every declared code and rule between them (the targeted, fault, check and guard
    # cases: a test of the suite proves they do) and the examples phase: a verdict on coverage, in seconds.
    suite = (
        "-k",
        "test_targeted_code or test_fault_code or test_business_check or test_guard"
        " or test_operation_conforms_examples",
        "--require-code-coverage",
    )
    whole = run_suite(*suite, env={}, reports=tmp_path / "whole")
    assert whole.returncode == 0, excerpt(whole.stdout)
    shards = tmp_path / "shards"
    for index in (1, 2):
        part = run_suite(*suite, "--contract-shard", f"{index}/2", env={}, reports=shards)
        assert part.returncode == 0, excerpt(part.stdout)  # a shard does not judge coverage alone
        assert (shards / f"coverage-{index}-of-2.json").is_file()
        assert (shards / f"cassette-{index}-of-2.har").is_file()
        assert (shards / f"findings-{index}-of-2.json").is_file()  # one per shard: none overwrites another
        assert f"--contract-shard {index}/2" in part.stdout  # the replay line replays this shard
    merged = merge(shards)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "error-code coverage of 2 shards" in merged.stdout
    # Without one shard the merge refuses to judge; with a code never seen it fails, as a whole run does.
    (shards / "coverage-2-of-2.json").rename(tmp_path / "aside.json")
    incomplete, _, _ = merge_in_process(shards, capsys)
    assert incomplete == 2
    empty: dict[str, list[object]] = {"observed": []}
    (shards / "coverage-2-of-2.json").write_text(json.dumps(empty), encoding="utf-8")
    (shards / "coverage-1-of-2.json").write_text(json.dumps(empty), encoding="utf-8")
    failed, _, errors = merge_in_process(shards, capsys)
    assert failed == 1
    assert "declared but never observed" in errors
