"""Hand-made requests to a target, signed with the generated client's signer (itself checked byte for
byte against the spec's test vector), where any part can be overridden to break it on purpose."""

from __future__ import annotations

import json
import time
from typing import Any

import attrs
import httpx

from zenlayer_spec.document import JSON
from zenlayer_vm_client.auth import ALGORITHM, authorization, signature
from zenlayer_vm_client.operations import ACTION_HEADER, API_VERSION, VERSION_HEADER

MOCK_ACCESS_KEY_ID = "zl-mock-key-id"
MOCK_ACCESS_KEY_PASSWORD = "zl-mock-key-password"


@attrs.define
class Caller:
    endpoint: str
    http: httpx.Client = attrs.field(factory=lambda: httpx.Client(timeout=30))
    access_key_id: str = MOCK_ACCESS_KEY_ID
    access_key_password: str = attrs.field(default=MOCK_ACCESS_KEY_PASSWORD, repr=False)

    def call(self, action: str, body: JSON = None, **options: Any) -> httpx.Response:  # noqa: ANN401 - see call_request
        """Sign and send a request (options as `call_request`)."""
        return self.http.send(self.call_request(action, body, **options))

    def call_request(
        self,
        action: str,
        body: JSON = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str | None] | None = None,
        content_type: str = "application/json",
        timestamp: int | None = None,
        sign: bool = True,
        version: str | None = API_VERSION,
        host: str | None = None,
    ) -> httpx.Request:
        """A signed request, not sent. A header given as None in `headers` is left out. `host` signs and
        sends another Host than the endpoint's (the server must check the Host as received)."""
        payload = raw if raw is not None else json.dumps(body if body is not None else {}).encode()
        host = host or httpx.URL(self.endpoint).netloc.decode()
        sent: dict[str, str | None] = {"Content-Type": content_type, "Host": host, ACTION_HEADER: action}
        sent[VERSION_HEADER] = version
        if sign:
            stamp = str(int(time.time()) if timestamp is None else timestamp)
            signed = signature(self.access_key_password, stamp, {"content-type": content_type, "host": host}, payload)
            sent["X-ZC-Timestamp"] = stamp
            sent["X-ZC-Signature-Method"] = ALGORITHM
            sent["Authorization"] = authorization(self.access_key_id, signed)
        sent.update(headers or {})
        kept = {name: value for name, value in sent.items() if value is not None}
        return self.http.build_request("POST", self.endpoint, content=payload, headers=kept)
