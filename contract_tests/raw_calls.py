"""Hand-made requests to a target, signed with our tools' signer (`zenlayer_spec.signing`, checked byte
for byte against the spec's test vector), where any part can be overridden to break it on purpose."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import attrs
import httpx

from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from zenlayer_spec import load_spec
from zenlayer_spec.document import JSON
from zenlayer_vm_client.operations import ACTION_HEADER, API_VERSION, VERSION_HEADER

SIGNING = load_spec().signing


@attrs.define
class Caller:
    endpoint: str
    http: httpx.Client = attrs.field(factory=lambda: httpx.Client(timeout=30))
    access_key_id: str = DEFAULT_ACCESS_KEY_ID
    access_key_password: str = attrs.field(default=DEFAULT_ACCESS_KEY_PASSWORD, repr=False)
    # Live: the guard every body passes before it is signed (the same LiveGuard as Schemathesis's requests).
    guard: Callable[[str, JSON], JSON] | None = None

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
        if self.guard is not None:
            if raw is None:
                body = self.guard(action, body if body is not None else {})
            else:
                raw = _guarded_raw(self.guard, action, raw)
        payload = raw if raw is not None else json.dumps(body if body is not None else {}).encode()
        host = host or httpx.URL(self.endpoint).netloc.decode()
        sent: dict[str, str | None] = {"Content-Type": content_type, "Host": host, ACTION_HEADER: action}
        sent[VERSION_HEADER] = version
        if sign:
            stamp = str(int(time.time()) if timestamp is None else timestamp)
            sent.update(
                SIGNING.headers(self.access_key_id, self.access_key_password, stamp, content_type, host, payload)
            )
        sent.update(headers or {})
        kept = {name: value for name, value in sent.items() if value is not None}
        return self.http.build_request("POST", self.endpoint, content=payload, headers=kept)


def _guarded_raw(guard: Callable[[str, JSON], JSON], action: str, raw: bytes) -> bytes:
    """A raw body that is JSON passes the guard too (bytes that are not JSON name nothing the API reads)."""
    try:
        parsed = json.loads(raw)
    except ValueError:
        return raw
    guarded = guard(action, parsed)
    return raw if guarded is parsed else json.dumps(guarded).encode()
