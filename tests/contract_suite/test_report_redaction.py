"""No usable secret in a report: `st run`'s HAR (bodies as text or base64) and VCR cassettes are redacted
in place, a file that is neither is refused and left as it was; the text of failures loses known secret
values and anything shaped like a signature or token; sharded live tallies add up."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import yaml

from contract_tests.gateway import Tally
from contract_tests.redact_reports import CannotRedact, main, redact_file
from contract_tests.scrub import REDACTED, Scrubber
from contract_tests.shards import main as merge_main

SECRET = "Report+Secret1"
SCRIPT = f"#!/bin/sh\necho {SECRET}\n"
BODY = json.dumps({"instanceId": "ins-1", "password": SECRET, "nested": [{"initScript": SCRIPT}]})


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_a_har_with_base64_bodies_is_redacted(tmp_path: Path) -> None:
    """`--report-preserve-bytes` stores request bodies as base64 with no marker, answers with `encoding`."""
    har = tmp_path / "har.json"
    entries = [
        {
            "request": {"postData": {"text": _b64(BODY)}},
            "response": {"content": {"text": _b64(BODY), "encoding": "base64"}},
        },
        {"request": {"postData": {"text": BODY}}, "response": {"content": {"text": "{}"}}},
    ]
    har.write_text(json.dumps({"log": {"entries": entries}}), encoding="utf-8")
    line = redact_file(har)
    assert line.endswith("HAR, 4 bodies read, 3 with secrets redacted")
    written = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    decoded = base64.b64decode(written[0]["request"]["postData"]["text"]).decode()
    assert json.loads(decoded)["instanceId"] == "ins-1"  # still base64 of the same JSON, secrets out
    everything = (
        har.read_text(encoding="utf-8") + decoded + base64.b64decode(written[0]["response"]["content"]["text"]).decode()
    )
    assert SECRET not in everything
    assert "echo" not in everything


def test_a_vcr_cassette_is_redacted(tmp_path: Path) -> None:
    cassette = tmp_path / "vcr.yaml"
    interactions = [
        {
            "request": {"body": {"encoding": "utf-8", "string": BODY}},
            "response": {"body": {"encoding": "utf-8", "base64_string": _b64(BODY)}},
        }
    ]
    cassette.write_text(yaml.safe_dump({"http_interactions": interactions}), encoding="utf-8")
    assert redact_file(cassette).endswith("VCR, 2 bodies read, 2 with secrets redacted")
    text = cassette.read_text(encoding="utf-8")
    response = yaml.safe_load(text)["http_interactions"][0]["response"]["body"]["base64_string"]
    assert SECRET not in text + base64.b64decode(response).decode()


@pytest.mark.parametrize("content", ['<testsuites><testcase name="x"/></testsuites>', "plain text", "[1, 2]"])
def test_a_report_it_cannot_read_is_refused_and_left_as_it_was(
    content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.xml"
    report.write_text(content, encoding="utf-8")
    with pytest.raises(CannotRedact):
        redact_file(report)
    assert main([str(report)]) == 1
    assert "not redacted, left as it was" in capsys.readouterr().err
    assert report.read_text(encoding="utf-8") == content


def test_the_scrubber_hides_known_values_and_shapes() -> None:
    scrub = Scrubber(["the-run-token-123", "key-password-9"])
    text = (
        "curl -H 'Authorization: ZC2-HMAC-SHA256 Credential=k, SignedHeaders=a;b, Signature="
        + "ab" * 32
        + "' -H 'Authorization: Bearer tok.en-1'"
        + " -H 'Authorization: ZC-Contract-Gateway the-run-token-123' key-password-9"
    )
    scrubbed = scrub(text)
    assert "ab" * 32 not in scrubbed
    assert "tok.en-1" not in scrubbed
    assert "the-run-token-123" not in scrubbed
    assert "key-password-9" not in scrubbed
    assert scrubbed.count(REDACTED) == 4
    assert "Credential=k, SignedHeaders=a;b, Signature=<redacted>" in scrubbed  # the shape is kept


def test_sharded_live_tallies_add_up_in_the_merge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for index, (spent, accepted) in enumerate([(2, 1), (1, 1)], start=1):
        tally = Tally(spent=spent, accepted=accepted, answered_error=spent - accepted, requests=10 * index)
        tally.sent["ResetInstance instance"] = 3
        path = tmp_path / f"live-tally-{index}-of-2.json"
        path.write_text(json.dumps({"budget": 2 if index == 1 else 1, "tally": tally.to_json()}), encoding="utf-8")
        (tmp_path / f"coverage-{index}-of-2.json").write_text(json.dumps({"observed": []}), encoding="utf-8")
    assert merge_main([str(tmp_path)]) == 0  # live: coverage is not judged
    out = capsys.readouterr().out
    assert "live tally of 2 shards (their budgets add up to 3)" in out
    assert (
        "requests sent to the endpoint: 30; keeping an allow-listed id: 3 of a budget of 3 (2 accepted, 1 answered"
        in out
    )
    assert "  ResetInstance instance: 6 ids sent" in out
