"""Sign Schemathesis's requests (which it sends with `requests`) over the exact body bytes sent, with
our tools' ZC2-HMAC-SHA256 signer (`zenlayer_spec.signing`), or authorize them with a bearer token."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import requests

from zenlayer_spec import load_spec
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
        self._signing = signing or load_spec().signing

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
