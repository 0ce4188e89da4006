"""Authentication: ZC2-HMAC-SHA256 signing over the exact body bytes sent, or a bearer token.

Both are `httpx.Auth` flows, so every request (each retry included) is signed afresh. Neither ever
shows its secret in a repr. Generated from the spec's `x-zc-signature` by `python -m generator`.
"""

import hashlib
import hmac
import time
from collections.abc import Callable, Generator

import httpx

ALGORITHM = "ZC2-HMAC-SHA256"
CANONICAL_METHOD = "POST"
CANONICAL_PATH = "/"
CANONICAL_QUERY = ""
SIGNED_HEADERS = ("content-type", "host")
TIMESTAMP_HEADER = "X-ZC-Timestamp"
SIGNATURE_METHOD_HEADER = "X-ZC-Signature-Method"
CLOCK_SKEW_SECONDS = 300
_AUTHORIZATION_HEADER = "Authorization"
REDACTED = "<redacted>"


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_request(headers: dict[str, str], body: bytes) -> str:
    """The canonical request: method, path, query, signed headers (with their trailing newline),
    the signed header names and the body hash, joined by newlines. `headers` maps each signed
    header's lowercase name to its value exactly as sent."""
    canonical_headers = "".join(f"{name}:{headers[name]}\n" for name in SIGNED_HEADERS)
    return "\n".join(
        [
            CANONICAL_METHOD,
            CANONICAL_PATH,
            CANONICAL_QUERY,
            canonical_headers,
            ";".join(SIGNED_HEADERS),
            _sha256_hex(body),
        ]
    )


def string_to_sign(timestamp: str, canonical: str) -> str:
    return f"{ALGORITHM}\n{timestamp}\n{_sha256_hex(canonical.encode('utf-8'))}"


def signature(access_key_password: str, timestamp: str, headers: dict[str, str], body: bytes) -> str:
    """The lowercase hex signature of a request, keyed with the access key password itself."""
    message = string_to_sign(timestamp, canonical_request(headers, body)).encode("utf-8")
    return hmac.new(access_key_password.encode("utf-8"), message, hashlib.sha256).hexdigest()


def authorization(access_key_id: str, signature_hex: str) -> str:
    return (
        f"{ALGORITHM} Credential={access_key_id}, SignedHeaders={';'.join(SIGNED_HEADERS)}, Signature={signature_hex}"
    )


class AccessKeyAuth(httpx.Auth):
    """Signs each request with an access key id and access key password."""

    requires_request_body = True

    def __init__(self, access_key_id: str, access_key_password: str, *, clock: Callable[[], float] = time.time) -> None:
        if not access_key_id or not access_key_password:
            raise ValueError("AccessKeyAuth needs a non-empty access key id and access key password")
        self.access_key_id = access_key_id
        self._access_key_password = access_key_password
        self._clock = clock

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        timestamp = str(int(self._clock()))
        signed = {name: request.headers.get(name, "") for name in SIGNED_HEADERS}
        signature_hex = signature(self._access_key_password, timestamp, signed, request.content)
        request.headers[TIMESTAMP_HEADER] = timestamp
        request.headers[SIGNATURE_METHOD_HEADER] = ALGORITHM
        request.headers[_AUTHORIZATION_HEADER] = authorization(self.access_key_id, signature_hex)
        yield request

    def __repr__(self) -> str:
        return f"AccessKeyAuth(access_key_id={self.access_key_id!r}, access_key_password={REDACTED})"


class BearerTokenAuth(httpx.Auth):
    """Sends a personal access token as `Authorization: Bearer <token>`."""

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("BearerTokenAuth needs a non-empty token")
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[_AUTHORIZATION_HEADER] = f"Bearer {self._token}"
        yield request

    def __repr__(self) -> str:
        return f"BearerTokenAuth(token={REDACTED})"
