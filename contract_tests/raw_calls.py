"""Hand-made requests to a target, signed with our tools' signer (`zenlayer_spec.signing`, checked byte
for byte against the spec's test vector), where any part can be overridden to break it on purpose.

Against a live target they go to the run's gateway like every other request, which guards and signs them
(`gateway_auth`, the Authorization that asks it to); a timestamp or a wrong key is asked of it in
`X-ZC-Contract-Signing`. The caller itself then holds no credentials."""

from __future__ import annotations

import functools
import json
import ssl
import time
from typing import Any

import attrs
import httpx

from contract_tests.gateway import SIGNING_HEADER
from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from zenlayer_spec import load_spec
from zenlayer_spec.document import JSON
from zenlayer_spec.signing import AUTHORIZATION_HEADER
from zenlayer_vm_client.operations import ACTION_HEADER, API_VERSION, VERSION_HEADER

SIGNING = load_spec().signing


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every Caller of the process: httpx reads the CA bundle again for each client
    (30 ms), and a run makes hundreds of callers."""
    return httpx.create_ssl_context()


@attrs.define
class Caller:
    endpoint: str
    http: httpx.Client = attrs.field(factory=lambda: httpx.Client(timeout=30, verify=_tls()))
    access_key_id: str = DEFAULT_ACCESS_KEY_ID
    access_key_password: str = attrs.field(default=DEFAULT_ACCESS_KEY_PASSWORD, repr=False)
    # Live: the Authorization that asks the run's gateway to sign (it guards every request first).
    gateway_auth: str | None = attrs.field(default=None, repr=False)
    wrong_key: bool = False

    def with_wrong_key(self) -> Caller:
        """The same caller signing with a wrong key password (to break the signature on purpose)."""
        return attrs.evolve(self, access_key_password=f"{self.access_key_password}-wrong", wrong_key=True)

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
        if sign and self.gateway_auth is not None:
            asked = [f"timestamp={timestamp}"] if timestamp is not None else []
            sent[AUTHORIZATION_HEADER] = self.gateway_auth
            sent[SIGNING_HEADER] = "; ".join([*asked, *(["key=wrong"] if self.wrong_key else [])]) or None
        elif sign:
            stamp = str(int(time.time()) if timestamp is None else timestamp)
            sent.update(
                SIGNING.headers(self.access_key_id, self.access_key_password, stamp, content_type, host, payload)
            )
        sent.update(headers or {})
        kept = {name: value for name, value in sent.items() if value is not None}
        return self.http.build_request("POST", self.endpoint, content=payload, headers=kept)
