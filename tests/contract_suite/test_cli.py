"""The documented `st run` command works: the CLI with the suite's configuration and hooks, against the
mock as a real process, with reports written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mock_server.process import ROOT, MockProcess
from tests.contract_suite.excerpts import excerpt
from tests.contract_suite.test_environment_proxy import PROXY_VARIABLES
from tests.contract_suite.test_preflight import closed_port
from zenlayer_spec import load_spec


def test_st_run_with_the_suite_hooks_and_config(tmp_path: Path) -> None:
    st = Path(sys.executable).with_name("st")
    with MockProcess("--quiet", "--transition-seconds", "0.1") as mock:
        env = {**os.environ, "SCHEMATHESIS_HOOKS": "contract_tests.hooks", "ZENLAYER_CONTRACT_BASE_URL": mock.base_url}
        # A proxy in the environment (behind a corporate one) never carries what goes to the local mock.
        env |= dict.fromkeys(PROXY_VARIABLES, f"http://127.0.0.1:{closed_port()}")
        command = [str(st), "--config-file", "contract_tests/schemathesis.toml", "run", "spec/zenlayer-vm.openapi.yaml"]
        command += ["--url", mock.base_url, "--max-examples", "3", "--phases", "examples,fuzzing,stateful"]
        command += ["--report", "junit,har", "--report-dir", str(tmp_path), "--seed", "1"]
        result = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    output = result.stdout + result.stderr
    assert result.returncode == 0, excerpt(output)
    operations = len(load_spec().operations)
    assert f"Operations:       {operations} selected / {operations} total" in output
    assert list(tmp_path.glob("junit-*.xml"))
    report = next(tmp_path.glob("har-*.json"))
    har = report.read_text(encoding="utf-8")
    assert "ResetInstance" in har
    assert "zl-mock-key-password" not in har
    # Schemathesis sanitizes headers, not bodies: the passwords it generated are there in clear until the
    # documented redaction step runs.
    assert '\\"password\\": \\"' in har
    redacted = subprocess.run(
        [sys.executable, "-m", "contract_tests.redact_reports", str(report)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert redacted.returncode == 0, redacted.stderr
    assert "with secrets redacted" in redacted.stdout
    after = json.loads(report.read_text(encoding="utf-8"))
    sent = [entry["request"]["postData"]["text"] for entry in after["log"]["entries"] if "postData" in entry["request"]]
    passwords = [json.loads(text).get("password") for text in sent if text.startswith("{") and '"password"' in text]
    assert passwords
    assert all(str(password).startswith("<redacted>") for password in passwords), passwords


def test_redacting_a_report_that_is_not_a_har_fails_in_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "har-broken.json"
    broken.write_text('{"log": {"entries": [', encoding="utf-8")  # cut off mid-write
    result = subprocess.run(
        [sys.executable, "-m", "contract_tests.redact_reports", str(broken), str(tmp_path / "har-missing.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {broken}: not redacted, left as it was")
    assert "Traceback" not in result.stderr
    assert broken.read_text(encoding="utf-8") == '{"log": {"entries": ['  # left as it was
    usage = subprocess.run(
        [sys.executable, "-m", "contract_tests.redact_reports"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert usage.returncode == 2
