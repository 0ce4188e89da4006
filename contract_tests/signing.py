"""Sign Schemathesis's requests (which it sends with `requests`) over the exact body bytes sent, with
our tools' ZC2-HMAC-SHA256 signer (`zenlayer_spec.signing`), or authorize them with a bearer token."""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import requests

from zenlayer_spec import load_document
from zenlayer_spec.operations import ACTION_HEADER
from zenlayer_spec.signing import AUTHORIZATION_HEADER, BEARER_PREFIX, Signing


def body_bytes(body: object) -> bytes:
    """A prepared request's body as the bytes that go on the wire (bytes or text here, never a stream)."""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    return b""


class ZcSigner(requests.auth.AuthBase):
    def __init__(self, access_key_id: str, access_key_password: str, signing: Signing | None = None) -> None:
        self.access_key_id = access_key_id
        self._password = access_key_password
        self._signing = signing or Signing.from_document(load_document())

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = body_bytes(request.body)
        # Sign the Host that will be sent, and send exactly that one.
        host = urlsplit(request.url or "").netloc
        request.headers["Host"] = host
        content_type = str(request.headers.get("Content-Type", ""))
        timestamp = str(int(time.time()))
        request.headers.update(
            self._signing.headers(self.access_key_id, self._password, timestamp, content_type, host, body)
        )
        return request

    def credentials(self) -> tuple[str, str]:
        """The access key id and password, for hand-made requests signed the same way."""
        return self.access_key_id, self._password

    def __repr__(self) -> str:
        return f"ZcSigner(access_key_id={self.access_key_id!r}, access_key_password=<redacted>)"


class BearerSigner(requests.auth.AuthBase):
    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers[AUTHORIZATION_HEADER] = f"{BEARER_PREFIX}{self._token}"
        return request

    def __repr__(self) -> str:
        return "BearerSigner(token=<redacted>)"


class LiveGuard(requests.auth.AuthBase):
    """Against a live service, every authenticated request passes here just before it is signed: a
    state-changing action may name only allow-listed instances; any other id is replaced by one that
    cannot exist (the service must answer 404). Unauthenticated requests cannot change anything."""

    NONEXISTENT_PREFIX = "ins-contract-nonexistent-"

    def __init__(
        self, inner: requests.auth.AuthBase, state_changing_actions: frozenset[str], allowed: frozenset[str]
    ) -> None:
        self.inner = inner
        self.state_changing_actions = state_changing_actions
        self.allowed = allowed

    def _guarded(self, value: object, index: int) -> object:
        return value if isinstance(value, str) and value in self.allowed else f"{self.NONEXISTENT_PREFIX}{index}"

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if request.headers.get(ACTION_HEADER) in self.state_changing_actions and request.body:
            try:
                body = json.loads(body_bytes(request.body))
            except ValueError:
                body = None
            if isinstance(body, dict):
                if "instanceId" in body:
                    body["instanceId"] = self._guarded(body["instanceId"], 0)
                if isinstance(body.get("instanceIds"), list):
                    body["instanceIds"] = [self._guarded(item, index) for index, item in enumerate(body["instanceIds"])]
                request.prepare_body(data=json.dumps(body).encode("utf-8"), files=None)
        return self.inner(request)

    def __repr__(self) -> str:
        return f"LiveGuard({self.inner!r}, allowed={sorted(self.allowed)})"
