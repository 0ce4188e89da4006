"""The contract suite's cassette keeps no secret: any field the spec marks secret, at any depth, in
any action's body, and in a body that is not JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contract_tests.run import Observations

SECRET = "Cassette+Secret1"


@pytest.mark.parametrize(
    "body",
    [
        json.dumps([{"password": SECRET}]).encode(),
        json.dumps({"instanceId": "ins-1", "nested": {"list": [{"password": SECRET}]}}).encode(),
        json.dumps({"zoneId": "FRA-A", "initScript": f"#!/bin/sh\nTOKEN={SECRET}\n"}).encode(),
        b'{"password": "' + SECRET.encode() + b'", "broken": ',  # not JSON
        b"[" * 5000 + b'{"password": "' + SECRET.encode() + b'"}' + b"]" * 5000,  # too deep for json
    ],
)
def test_the_cassette_redacts_secrets_everywhere(body: bytes, tmp_path: Path) -> None:
    observations = Observations()
    headers = {"Content-Type": "application/json", "Authorization": "ZC2-HMAC-SHA256 Credential=k, Signature=abc"}
    observations.record_exchange("POST", "http://127.0.0.1/api/v2/vm", headers, body, 400, b"{}")
    cassette = tmp_path / "cassette.har"
    observations.write_har(cassette)
    text = cassette.read_text(encoding="utf-8")
    assert SECRET not in text
    assert "Signature=abc" not in text
    assert "[Filtered]" in text
