"""A proxy named by the environment never carries the suite's requests: they only ever go to loopback
(the mock, or a live run's gateway). Behind a corporate proxy (HTTP_PROXY set, loopback not in NO_PROXY)
every case of a mock run once went to the proxy and failed."""

from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from contract_tests import loopback
from tests.contract_suite.excerpts import excerpt
from tests.contract_suite.suite_runs import run_suite
from tests.contract_suite.test_preflight import closed_port

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def test_a_mock_run_passes_with_a_dead_proxy_in_the_environment(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{closed_port()}"
    env = dict.fromkeys(PROXY_VARIABLES, dead)
    before = {name: os.environ.get(name) for name in ("NO_PROXY", "no_proxy")}
    # Schemathesis's own cases and probes, the suite's raw cases and the lifecycle polls.
    selection = "test_operation_conforms_examples or test_targeted_code or test_rule_holds"
    result = run_suite("-k", selection, env=env, reports=tmp_path)
    assert result.returncode == 0, excerpt(result.output)
    assert "verdict: the target keeps the contract" in result.output
    assert {name: os.environ.get(name) for name in before} == before  # the run's addition went with it


def test_loopback_is_added_to_what_no_proxy_already_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "corp.example, .internal")
    monkeypatch.delenv("no_proxy", raising=False)
    with loopback.never_proxied():
        assert os.environ["NO_PROXY"] == "corp.example,.internal,127.0.0.1,localhost,::1"
        assert os.environ["no_proxy"] == os.environ["NO_PROXY"]
    assert os.environ["NO_PROXY"] == "corp.example, .internal"
    assert "no_proxy" not in os.environ


class _CookieSetter(BaseHTTPRequestHandler):
    cookies_seen: ClassVar[list[str | None]] = []

    def do_GET(self) -> None:
        self.cookies_seen.append(self.headers.get("Cookie"))
        self.send_response(200)
        self.send_header("Set-Cookie", "sid=1; Path=/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return None


def test_the_cases_session_sends_no_cookie_a_case_was_given() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CookieSetter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with loopback.session() as session:
            for _ in range(2):
                assert session.get(f"http://127.0.0.1:{server.server_port}/", timeout=10).status_code == 200
    finally:
        server.shutdown()
        server.server_close()
    assert _CookieSetter.cookies_seen == [None, None]
