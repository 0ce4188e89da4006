"""Run the mock as a real process on a free loopback port, and call it over HTTP with requests
signed (or mis-signed) exactly as a test wants."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import attrs
import httpx

from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from tests.signing_reference import expected_authorization, expected_signature

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 30


class MockProcess:
    """`python -m mock_server --port 0 ...`, its base URL read from what it prints on start."""

    def __init__(self, *arguments: str) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "mock_server", "--port", "0", *arguments],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.banner: list[str] = []
        self.log: list[str] = []
        assert self._process.stdout is not None
        assert self._process.stderr is not None
        threading.Thread(target=self._collect, args=(self._process.stderr, self.log), daemon=True).start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            line = self._process.stdout.readline()
            if not line:
                break
            self.banner.append(line.rstrip("\n"))
            if line.startswith("accepting"):
                break
        if not self.banner or not self.banner[0].startswith("mock listening on "):
            self.stop()
            raise RuntimeError(f"the mock did not start: {self.banner} {self.log}")
        self.endpoint = self.banner[0].removeprefix("mock listening on ")
        self.base_url = self.endpoint.rsplit("/vm", 1)[0]

    @staticmethod
    def _collect(stream: Any, into: list[str]) -> None:
        for line in stream:
            into.append(line.rstrip("\n"))

    def stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()


@attrs.define
class Caller:
    """Signs and sends requests to a mock endpoint; every part can be overridden to break it."""

    endpoint: str
    http: httpx.Client = attrs.field(factory=lambda: httpx.Client(timeout=10))
    access_key_id: str = DEFAULT_ACCESS_KEY_ID
    access_key_password: str = DEFAULT_ACCESS_KEY_PASSWORD

    def call(self, action: str, body: Any = None, **options: Any) -> httpx.Response:
        """Sign and send a request (options as `call_request`)."""
        return self.http.send(self.call_request(action, body, **options))

    def call_request(
        self,
        action: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json",
        timestamp: int | None = None,
        sign: bool = True,
        version: str | None = "2026-04-01",
    ) -> httpx.Request:
        """A signed request, not sent: every part can be overridden to break it."""
        payload = raw if raw is not None else json.dumps(body if body is not None else {}).encode()
        host = httpx.URL(self.endpoint).netloc.decode()
        sent = {"Content-Type": content_type, "Host": host, "X-ZC-Action": action}
        if version is not None:
            sent["X-ZC-Version"] = version
        if sign:
            stamp = str(int(time.time()) if timestamp is None else timestamp)
            signature = expected_signature(self.access_key_password, stamp, content_type, host, payload)
            sent["X-ZC-Timestamp"] = stamp
            sent["X-ZC-Signature-Method"] = "ZC2-HMAC-SHA256"
            sent["Authorization"] = expected_authorization(self.access_key_id, signature)
        sent.update(headers or {})
        kept = {name: value for name, value in sent.items() if value is not None}
        return self.http.build_request("POST", self.endpoint, content=payload, headers=kept)
