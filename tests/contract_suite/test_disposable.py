"""Live runs on instances the suite makes: priced and capped before anything is made, written to the
ledger as soon as made, released on every way out, and swept after a `kill -9`. The mock stands in for the
live service (a real process, transitions of a fifth of a second), read back after each run: no instance
named zc-contract-* may be left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract_tests.disposable import CREATE_VARIABLE, MAX_COST_VARIABLE, NAME_PREFIX, DisposableError, lifecycle
from contract_tests.live_guard import SUBSTITUTED, allow_list_variable
from contract_tests.raw_calls import Caller
from mock_server.process import ROOT, MockProcess
from tests.contract_suite.excerpts import excerpt
from tests.contract_suite.suite_runs import run_suite
from tests.spec_copies import edited_spec
from zenlayer_spec import load_spec

CREATE = "FRA-A:img-ubuntu-2204:z2a.cpu.1"  # 0.012 USD an hour in the default world


@pytest.fixture
def stand_in() -> Iterator[MockProcess]:
    with MockProcess("--quiet", "--transition-seconds", "0.2") as mock:
        yield mock


def live_env(mock: MockProcess, **more: str) -> dict[str, str]:
    return {
        "ZENLAYER_CONTRACT_TARGET": "live",
        "ZENLAYER_CONTRACT_BASE_URL": mock.base_url,
        "ZENLAYER_ACCESS_KEY_ID": "zl-mock-key-id",
        "ZENLAYER_ACCESS_KEY_PASSWORD": "zl-mock-key-password",
        "ZENLAYER_CONTRACT_RATE_LIMIT": "500/s",
        "ZENLAYER_CONTRACT_POLL_SECONDS": "0.05",
        **{allow_list_variable(kind): "" for kind in load_spec().behaviours.kinds},
        **more,
    }


def left_behind(mock: MockProcess) -> list[str]:
    """The instances of contract runs the stand-in still lists (released ones are absent)."""
    answer = Caller(mock.endpoint).call("DescribeInstances", {"instanceName": f"{NAME_PREFIX}*", "pageSize": 100})
    return [item["instanceId"] for item in answer.json()["response"]["dataSet"]]


def ledger(reports: Path) -> dict[str, str]:
    data = json.loads((reports.parent / "live" / "ledger.json").read_text(encoding="utf-8"))
    return dict(data["instances"])


def sweep(env: dict[str, str], reports: Path, *options: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "contract_tests.sweep", *options, "--reports", str(reports)]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def start_run(env: dict[str, str], reports: Path, *options: str) -> subprocess.Popen[str]:
    """A live run in a process of its own, once it has made its instance (its ledger names it)."""
    command = [sys.executable, "-m", "pytest", "contract_tests", "-p", "no:cacheprovider", "-q"]
    run = subprocess.Popen(
        [*command, "--contract-reports", str(reports), *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    path = reports.parent / "live" / "ledger.json"
    deadline = time.monotonic() + 60
    while not (path.exists() and ledger(reports)) and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
    if not path.exists():
        run.kill()
        pytest.fail(f"the run made nothing before the deadline: {run.communicate(timeout=10)[0][-2000:]}")
    return run


def disposable_env(mock: MockProcess, rate: str) -> dict[str, str]:
    return {
        **os.environ,
        **live_env(mock, **{CREATE_VARIABLE: CREATE, MAX_COST_VARIABLE: "1", "ZENLAYER_CONTRACT_RATE_LIMIT": rate}),
    }


def disposable_examples(stand_in: MockProcess, reports: Path, max_cost: str) -> tuple[int, str]:
    """A disposable live run of the examples phase against the stand-in: its exit code and output."""
    env = live_env(stand_in, **{CREATE_VARIABLE: CREATE, MAX_COST_VARIABLE: max_cost})
    result = run_suite("-k", "examples", env=env, reports=reports)
    return result.returncode, result.stdout + result.stderr


def test_a_run_makes_its_instance_tests_on_it_and_releases_it(stand_in: MockProcess, tmp_path: Path) -> None:
    reports = tmp_path / "contract"
    code, output = disposable_examples(stand_in, reports, max_cost="1")
    assert code == 0, excerpt(output)
    assert "creates 1 instance of z2a.cpu.1 in FRA-A from img-ubuntu-2204" in output  # the plan says it
    assert "price: 0.012 USD/h" in output  # priced by InquiryPriceCreateInstance before anything is made
    made = list(ledger(reports))
    assert len(made) == 1
    assert f"created {made[0]}" in output
    assert f"{made[0]}: terminated and released; gone" in output, output[-3000:]
    assert ledger(reports) == {made[0]: "gone"}
    assert left_behind(stand_in) == []  # nothing is left on the service
    wire = [json.loads(line) for line in (reports / "live-wire.jsonl").read_text(encoding="utf-8").splitlines()]
    # The tests acted on it: generated state-changing requests carried its id in place of ids the
    # allow-lists do not hold (the gateway's substitution), and nothing else was kept.
    substituted = [entry for entry in wire if entry["reason"] == SUBSTITUTED]
    assert substituted, "no test request acted on the instance the run made"
    assert all(made[0] in json.dumps(entry["body"]) for entry in substituted)


def test_a_price_over_the_ceiling_makes_nothing(stand_in: MockProcess, tmp_path: Path) -> None:
    reports = tmp_path / "contract"
    code, output = disposable_examples(stand_in, reports, max_cost="0.001")
    assert code == 2, excerpt(output)
    assert "would cost 0.012 USD for 1 h, over ZENLAYER_CONTRACT_LIVE_MAX_COST=0.001: nothing was created" in output
    assert left_behind(stand_in) == []
    assert not (reports.parent / "live" / "ledger.json").exists()


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ({CREATE_VARIABLE: "FRA-A:img-ubuntu-2204"}, "reads <zoneId>:<imageId>:<instanceType>"),
        ({CREATE_VARIABLE: CREATE}, f"needs {MAX_COST_VARIABLE}"),
        ({CREATE_VARIABLE: CREATE, MAX_COST_VARIABLE: "-1"}, f"{MAX_COST_VARIABLE} must be a number above 0"),
    ],
)
def test_a_disposable_setting_in_doubt_refuses_the_run(
    stand_in: MockProcess, tmp_path: Path, setting: dict[str, str], says: str
) -> None:
    result = run_suite("-k", "examples", env=live_env(stand_in, **setting), reports=tmp_path / "contract")
    assert result.returncode == 2
    assert says in result.stdout + result.stderr
    assert left_behind(stand_in) == []


def test_a_killed_run_is_swept_from_its_ledger(stand_in: MockProcess, tmp_path: Path) -> None:
    """`kill -9` once the instance is made (nothing of the run's own ends it), then the sweep: it lists
    what it found, then releases it."""
    reports = tmp_path / "contract"
    env = disposable_env(stand_in, "20/s")  # slow enough to be killed mid-run
    run = start_run(env, reports, "-k", "coverage")
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=10)
    made = list(ledger(reports))
    assert left_behind(stand_in) == made  # the killed run left it behind
    swept = sweep(env, reports)
    assert swept.returncode == 0, swept.stdout + swept.stderr
    assert swept.stdout.index("found 1 instance(s) of contract runs") < swept.stdout.index("released; gone")
    assert f"{made[0]}: terminated and released; gone" in swept.stdout
    assert left_behind(stand_in) == []


def test_the_sweep_finds_by_the_name_prefix_without_a_ledger(stand_in: MockProcess, tmp_path: Path) -> None:
    made = (
        Caller(stand_in.endpoint)
        .call(
            "CreateInstances",
            {
                "zoneId": "FRA-A",
                "imageId": "img-ubuntu-2204",
                "instanceType": "z2a.cpu.1",
                "instanceName": f"{NAME_PREFIX}x-1",
            },
        )
        .json()["response"]["instanceIdSet"]
    )
    env = {**os.environ, **live_env(stand_in)}
    listed = sweep(env, tmp_path / "contract", "--list")
    assert listed.returncode == 0, listed.stderr
    assert f"1 by the name prefix {NAME_PREFIX}*): {made[0]}" in listed.stdout
    assert left_behind(stand_in) == made  # --list releases nothing


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stopped_run_still_releases_what_it_made(stand_in: MockProcess, tmp_path: Path, signum: int) -> None:
    reports = tmp_path / "contract"
    run = start_run(disposable_env(stand_in, "50/s"), reports)
    time.sleep(0.5)  # into the tests
    run.send_signal(signum)
    output, _ = run.communicate(timeout=60)
    assert run.returncode == 128 + signum, output[-2000:]
    made = list(ledger(reports))
    assert f"{made[0]}: terminated and released; gone" in output, output[-3000:]
    assert left_behind(stand_in) == []


def _no_price(document: dict[str, Any]) -> None:
    del document["paths"]["/vm#InquiryPriceCreateInstance"]["post"]["x-zc-answer"]


def _two_deletes(document: dict[str, Any]) -> None:
    terminate = document["paths"]["/vm#TerminateInstance"]["post"]
    terminate["x-zc-effects"] = [{"kind": "instance", "delete": "request.instanceId", "lifecycle": ["RELEASING"]}]


def test_the_lifecycle_is_read_from_the_spec_and_a_gap_refuses_in_words(tmp_path: Path) -> None:
    """No operation is named in the disposable path: the spec's effects say which creates, bins, deletes
    and prices; a spec where that is missing or ambiguous refuses before anything is sent."""
    life = lifecycle(load_spec())
    assert (life.create.action, life.terminate.action, life.release.action, life.price.action) == (
        "CreateInstances",
        "TerminateInstance",
        "ReleaseInstances",
        "InquiryPriceCreateInstance",
    )
    assert (life.terminate_field, life.release_field) == (("instanceId", False), ("instanceIds", True))
    for name, edit, says in [
        ("a", _no_price, "one read-only operation that prices instance resources"),
        ("b", _two_deletes, "one operation that deletes instance resources; the spec has"),
    ]:
        (tmp_path / name).mkdir()
        spec = load_spec(edited_spec(tmp_path / name, edit))
        with pytest.raises(DisposableError, match=says):
            lifecycle(spec)
