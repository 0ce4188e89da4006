"""Whole live runs, with a recording proxy in front of the mock as the live service: what reached the wire
names no id outside the allow-lists, stays within the budget, carries no production Host, and no secret it
carried shows up in anything the run printed or wrote; `-n 2`, `st run` with live credentials or a remote
URL, and Ctrl-C / SIGTERM are each held to the same. The assertions read the proxy's copies."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract_tests.live_guard import allow_list_variable
from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from mock_server.process import ROOT, MockProcess
from tests.contract_suite.excerpts import excerpt
from tests.contract_suite.suite_runs import COMMON, run_suite
from tests.contract_suite.wire import RecordingProxy, outside
from zenlayer_spec import load_spec

SPEC = load_spec()
ALLOWED = "ins-stopped-fra"
SIGNATURE = re.compile(r"Signature=([0-9a-f]{64})")
# The stand-in's transitions counted in requests: an accepted change is polled a few times, not for seconds.
LIFECYCLE_IN_REQUESTS = ("--transition-requests", "3")


def live_env(base_url: str, **more: str) -> dict[str, str]:
    return {
        "ZENLAYER_CONTRACT_TARGET": "live",
        "ZENLAYER_CONTRACT_BASE_URL": base_url,
        "ZENLAYER_ACCESS_KEY_ID": DEFAULT_ACCESS_KEY_ID,
        "ZENLAYER_ACCESS_KEY_PASSWORD": DEFAULT_ACCESS_KEY_PASSWORD,
        "ZENLAYER_CONTRACT_RATE_LIMIT": "1000/s",
        "ZENLAYER_CONTRACT_POLL_SECONDS": "0",  # the lifecycle check polls without pause (the mocks count requests)
        **{allow_list_variable(kind): "" for kind in SPEC.behaviours.kinds},
        allow_list_variable("instance"): ALLOWED,
        **more,
    }


@pytest.fixture
def wire() -> Iterator[RecordingProxy]:
    with MockProcess("--quiet", *LIFECYCLE_IN_REQUESTS) as mock:
        proxy = RecordingProxy(mock.base_url)
        yield proxy
        proxy.stop()


def _secrets_sent(proxy: RecordingProxy) -> set[str]:
    """Every secret value that reached the wire: the key password, each signature, every value of a field
    the spec marks secret (passwords, init scripts) at any depth."""
    found = {DEFAULT_ACCESS_KEY_PASSWORD}
    for seen in proxy.seen:
        found.update(SIGNATURE.findall(seen.headers.get("authorization", "")))
        stack = [seen.json()]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in SPEC.secret_names and isinstance(value, str) and len(value) >= 6:
                        found.add(value)
                    stack.append(value)
            elif isinstance(node, list):
                stack.extend(node)
    return found


def _written(reports: Path) -> dict[str, str]:
    return {
        str(path): path.read_text(encoding="utf-8", errors="replace") for path in reports.rglob("*") if path.is_file()
    }


def test_a_live_run_with_failing_checks_names_only_allowed_ids_and_leaks_no_secret(tmp_path: Path) -> None:
    """Against a service that answers an undeclared code (so checks fail and print their reproduce lines):
    no id outside the allow-list at any place of any request (Schemathesis's own re-sends included), at
    most the budget of signed requests keep the allowed id, no production Host, and no secret that was
    sent appears in the terminal, JUnit, findings, cassette, wire log or tally."""
    os.environ["ZENLAYER_MUTANT"] = "wrong_code"  # the mock process below reads it
    try:
        with MockProcess("--quiet", *LIFECYCLE_IN_REQUESTS, module="contract_tests.mutants") as mock:
            proxy = RecordingProxy(mock.base_url)
            try:
                env = live_env(proxy.base_url, ZENLAYER_CONTRACT_LIVE_BUDGET="2")
                result = run_suite(env=env, reports=tmp_path)
            finally:
                proxy.stop()
    finally:
        del os.environ["ZENLAYER_MUTANT"]
    output = result.output
    assert result.returncode == 1, excerpt(output)  # the wrong codes are found
    assert "Reproduce with" in output  # so the reproduce lines were printed, and scrubbed
    assert outside(proxy.seen, SPEC, {ALLOWED}) == []
    reads = {operation.action for operation in SPEC.operations.values() if not operation.changes_state}
    kept = [seen for seen in proxy.seen if seen.action not in reads and ALLOWED in seen.body.decode("utf-8", "replace")]
    assert 0 < len(kept) <= 2  # the budget, re-sends included
    assert all(SIGNATURE.search(seen.headers.get("authorization", "")) for seen in kept)  # signed, so worth it
    assert not any(seen.headers.get("host", "").startswith("console.zenlayer.com") for seen in proxy.seen)
    assert not any("?" in seen.path for seen in proxy.seen)
    unsigned = [seen for seen in proxy.seen if not SIGNATURE.search(seen.headers.get("authorization", ""))]
    assert unsigned  # Schemathesis's ignored_auth re-sends went out, through the gateway, unsigned
    written = {"the terminal": output, **_written(tmp_path)}
    assert any(name.endswith("live-wire.jsonl") for name in written)
    for secret in _secrets_sent(proxy):
        leaks = [name for name, text in written.items() if secret in text]
        assert leaks == [], f"a secret that was sent shows in {leaks}"
    assert not re.search(r"ZC-Contract-Gateway (?!<redacted>)\S", "\n".join(written.values()))
    assert "keeping an allow-listed id: 2 of a budget of 2" in output
    assert "accepted" in output
    assert "never sent" in output


def test_workers_are_refused_in_a_live_run(wire: RecordingProxy, tmp_path: Path) -> None:
    result = run_suite("-n", "2", env=live_env(wire.base_url), reports=tmp_path, process=True)
    assert result.returncode == 2, excerpt(result.output)
    assert "a live run uses one process" in result.output
    assert wire.seen == []


def _st_run(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "st"), "--config-file", "contract_tests/schemathesis.toml", "run"]
    return subprocess.run(
        [*command, str(SPEC.path), "--max-examples", "2", *arguments],
        cwd=ROOT,
        env={**os.environ, "SCHEMATHESIS_HOOKS": "contract_tests.hooks", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("case", "url", "env", "says"),
    [
        (
            "live credentials, no TARGET",
            "proxy",
            {"ZENLAYER_ACCESS_KEY_ID": "AK-real", "ZENLAYER_ACCESS_KEY_PASSWORD": "x"},
            "signs only with the mock's credentials",
        ),
        ("a bearer token", "proxy", {"ZENLAYER_TOKEN": "real-token"}, "signs only with the mock's credentials"),
        ("TARGET=live", "proxy", {"ZENLAYER_CONTRACT_TARGET": "live"}, "does not run live"),
        ("a name that merely starts with 127.", "http://127.0.0.1.nip.io:9/api/v2", {}, "not a loopback address"),
        ("no --url: the spec's production server", None, {}, "not a loopback address"),
    ],
)
def test_st_run_refuses_anything_but_the_local_mock(
    case: str, url: str | None, env: dict[str, str], says: str, wire: RecordingProxy
) -> None:
    chosen = wire.base_url if url == "proxy" else url
    result = _st_run(*(["--url", chosen] if chosen else []), env=env)
    assert result.returncode == 2, f"{case}: {result.stdout}{result.stderr}"
    assert "refused, nothing was sent" in result.stderr, case
    assert says in result.stderr, case
    assert "Traceback" not in result.stderr
    assert wire.seen == [], case


def _live_process(base_url: str, reports: Path) -> subprocess.Popen[str]:
    env = {**os.environ, **live_env(base_url, ZENLAYER_CONTRACT_RATE_LIMIT="10/s")}
    command = [sys.executable, "-m", "pytest", "contract_tests", *COMMON, "--contract-reports", str(reports)]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _poll(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_a_live_run_at_once_with_its_tally(
    signum: signal.Signals, code: int, wire: RecordingProxy, tmp_path: Path
) -> None:
    """Nothing more reaches the wire after the signal (one request may be on it already); the run ends
    within the grace period (the watchdog's 1.5 s bounds it whatever a test does), says "interrupted",
    writes its tally and exits 128 + the signal."""
    process = _live_process(wire.base_url, tmp_path)
    try:
        assert _poll(lambda: wire.count() >= 12, 60), "the live run never got going"
        process.send_signal(signum)
        sent_at_signal = wire.count()
        signalled = time.monotonic()
        output, _ = process.communicate(timeout=30)
        took = time.monotonic() - signalled
    finally:
        process.kill()
    assert process.returncode == code, output[-3000:]
    assert took < 4.0  # 1.5 s of grace at most, and the process's own exit
    assert wire.count() <= sent_at_signal + 1
    assert f"verdict: INTERRUPTED by {signum.name}" in output
    assert "did not end within the grace period" not in output  # it ended by itself
    assert "live: " in output  # progress showed, past pytest's capture
    tally = json.loads((tmp_path / "live-tally.json").read_text(encoding="utf-8"))
    assert tally["tally"]["interrupted"] == signum.name
    assert outside(wire.seen, SPEC, {ALLOWED}) == []
