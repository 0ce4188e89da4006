"""Split the contract suite across CI jobs, and merge what the jobs observed.

`--contract-shard i/n` keeps a deterministic share of the suite's tests: the same on every machine,
every test in exactly one shard, the heavy property-based phases spread first. Each shard writes its
JUnit, its cassette and the codes it observed (`coverage-i-of-n.json`); `python -m
contract_tests.shards DIR` (`nox -s contract-merge`) adds the observations up into one coverage table
with the verdict of an unsharded run: every declared code observed somewhere.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs

from contract_tests.gateway import Tally
from contract_tests.run import Observations

_SHARD = re.compile(r"^([1-9][0-9]*)/([1-9][0-9]*)$")
# Rough relative costs, measured on this suite: the coverage phase enumerates many cases (ResetInstance's,
# with the most fields and rules, the most), the other phases and the stateful test are bounded by
# max-examples, the targeted cases are one request each.
_WEIGHTS = (
    ("test_operation_conforms_coverage_ResetInstance", 10),
    ("test_operation_conforms_coverage", 4),
    ("test_linked_calls_conform", 6),
    ("test_operation_conforms", 3),
)


@attrs.frozen
class Shard:
    index: int  # 1-based
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = _SHARD.match(text.strip())
        if match is None or not 1 <= int(match[1]) <= int(match[2]):
            raise ValueError(f"--contract-shard must be i/n with 1 <= i <= n, not {text!r}")
        return cls(int(match[1]), int(match[2]))

    @property
    def name(self) -> str:
        return f"{self.index}-of-{self.count}"


def _weight(nodeid: str) -> int:
    return next((weight for name, weight in _WEIGHTS if name in nodeid), 1)


def heaviest_first(nodeids: Sequence[str]) -> list[str]:
    """The tests by falling cost (ties in their own order): on several cores the long ones start first,
    so that none starts last and keeps one core busy while the others wait."""
    return sorted(nodeids, key=lambda item: -_weight(item))


def assign(nodeids: Sequence[str], count: int) -> dict[str, int]:
    """Each test's shard (1-based): heaviest first, each to the least loaded shard (ties: lowest index),
    in the order of their ids, so that every machine computes the same split."""
    loads = [0] * count
    assigned = {}
    for nodeid in sorted(nodeids, key=lambda item: (-_weight(item), item)):
        target = min(range(count), key=lambda index: (loads[index], index))
        loads[target] += _weight(nodeid)
        assigned[nodeid] = target + 1
    return assigned


def coverage_path(directory: Path, shard: Shard) -> Path:
    return directory / f"coverage-{shard.name}.json"


def tally_path(directory: Path, shard: Shard | None) -> Path:
    """Where a live run (or shard) writes its gateway's tally, for the merge to add up."""
    return directory / (f"live-tally-{shard.name}.json" if shard else "live-tally.json")


def merged_tally(paths: Sequence[Path]) -> Tally:
    total = Tally()
    for path in paths:
        total.add(Tally.from_json(json.loads(path.read_text(encoding="utf-8"))["tally"]))
    return total


def write_coverage(path: Path, observations: Observations) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"observed": observations.code_rows(), "rules": observations.rule_rows()}
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def merged(paths: Sequence[Path]) -> Observations:
    data = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    rows = [row for shard in data for row in shard["observed"]]
    rules = [row for shard in data for row in shard.get("rules", [])]
    return Observations(codes=Observations.counted(rows), rules=Observations.counted_rules(rules))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m contract_tests.shards", description="Merge the shards' coverage.")
    parser.add_argument("directory", type=Path, help="where the shards wrote coverage-*-of-*.json")
    arguments = parser.parse_args(argv)
    paths = sorted(arguments.directory.glob("coverage-*-of-*.json"))
    counts = {int(match[1]) for path in paths if (match := re.search(r"-of-(\d+)\.json$", path.name))}
    if not paths or len(counts) != 1 or len(paths) != counts.pop():
        print(
            f"error: {arguments.directory} must hold the coverage of every shard of one split, "
            f"not {[path.name for path in paths]}",
            file=sys.stderr,
        )
        return 2
    observations = merged(paths)
    print(f"error-code coverage of {len(paths)} shards (operation, HTTP status, code)")
    print(observations.table())
    tallies = sorted(arguments.directory.glob("live-tally-*-of-*.json"))
    if tallies:  # a live run: its coverage is not judged (a live account cannot be put in every state)
        budget = sum(int(json.loads(path.read_text(encoding="utf-8"))["budget"]) for path in tallies)
        print(f"live tally of {len(tallies)} shards (their budgets add up to {budget})")
        for line in merged_tally(tallies).lines(budget):
            print(line)
        return 0
    print(observations.rules_table())
    missing = observations.missing_codes()
    for operation_id, status, code in missing:
        print(f"declared but never observed: {operation_id} {status} {code}", file=sys.stderr)
    unexercised = observations.missing_rules()
    for operation_id, rule in unexercised:
        print(f"declared but never exercised: {operation_id} {rule}", file=sys.stderr)
    return 1 if missing or unexercised else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
