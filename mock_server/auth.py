"""Check a request's credentials as docs/contract.md sections 2 and 8 say: ZC2-HMAC-SHA256 over the exact
body bytes and the Content-Type and Host as received, a 5-minute clock window, or a bearer token;
every comparison in constant time; each failure its own code."""

from __future__ import annotations

import hmac
import re
from collections.abc import Mapping

import attrs

from mock_server.codes import INVALID_AUTHORIZATION, SIGNATURE_EXPIRED, SIGNATURE_FAILURE
from mock_server.contract import ApiError
from zenlayer_spec.signing import AUTHORIZATION_HEADER, BEARER_PREFIX, Signing

AUTHORIZATION = AUTHORIZATION_HEADER.lower()  # the headers arrive with lowercase names

_UNIX_SECONDS = re.compile(r"[0-9]+")
_MAX_TIMESTAMP_DIGITS = 18
# Compared against when the key id is unknown, so that the answer takes as long as for a known id.
_DECOY_PASSWORD = "decoy-access-key-password"


@attrs.frozen
class Credentials:
    """What the mock accepts: access keys (id -> password) and bearer tokens."""

    access_keys: Mapping[str, str]
    tokens: frozenset[str]

    def __repr__(self) -> str:
        return f"Credentials(access_key_ids={sorted(self.access_keys)}, tokens=<{len(self.tokens)} redacted>)"


def authenticate(
    headers: Mapping[str, str], body: bytes, now: float, credentials: Credentials, rules: Signing
) -> ApiError | None:
    """None if the request is authenticated, else the error to answer. `headers` has lowercase names."""
    authorization = headers.get(AUTHORIZATION, "")
    if authorization.startswith(BEARER_PREFIX):
        token = authorization[len(BEARER_PREFIX) :]
        if any(hmac.compare_digest(token.encode(), known.encode()) for known in credentials.tokens):
            return None
        return ApiError(INVALID_AUTHORIZATION, "the bearer token is not valid")
    signed = rules.parse_authorization(authorization)
    if signed is None or signed.algorithm != rules.algorithm or signed.signed_headers != ";".join(rules.signed_headers):
        return ApiError(INVALID_AUTHORIZATION, "the Authorization header is missing or malformed")
    timestamp = headers.get(rules.timestamp_header.lower(), "")
    # ASCII digits only: str.isdigit() also takes '²' and other digits int() refuses.
    if _UNIX_SECONDS.fullmatch(timestamp) is None:
        return ApiError(INVALID_AUTHORIZATION, f"{rules.timestamp_header} is missing or not Unix seconds")
    method = headers.get(rules.method_header.lower())
    if method is not None and method != rules.algorithm:
        return ApiError(INVALID_AUTHORIZATION, f"{rules.method_header} must be {rules.algorithm}")
    # Past 18 digits it is far outside any window (and a float cannot hold the difference).
    if len(timestamp) > _MAX_TIMESTAMP_DIGITS or abs(now - int(timestamp)) > rules.clock_skew_seconds:
        return ApiError(SIGNATURE_EXPIRED, f"the timestamp is more than {rules.clock_skew_seconds} s off")
    known = signed.key_id in credentials.access_keys
    password = credentials.access_keys.get(signed.key_id, _DECOY_PASSWORD)
    expected = rules.signature(password, timestamp, headers, body)
    if hmac.compare_digest(expected, signed.signature) and known:
        return None
    return ApiError(SIGNATURE_FAILURE, "the signature does not match")
