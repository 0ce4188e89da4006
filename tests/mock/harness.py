"""Call the mock over HTTP with requests signed (or mis-signed) exactly as a test wants."""

from __future__ import annotations

import json
import time
from typing import Any

import attrs
import httpx

from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from mock_server.process import ROOT, MockProcess
from tests.signing_reference import expected_authorization, expected_signature

__all__ = ["ROOT", "Caller", "MockProcess"]


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
