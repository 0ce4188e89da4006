"""An independent reference implementation of ZC2-HMAC-SHA256, written from the steps the spec's
security scheme states (and checked against the vendor's test vector), for tests to verify
signatures byte for byte."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from zenlayer_spec.document import load_document

SCHEME: Mapping[str, Any] = load_document()["components"]["securitySchemes"]["zcSignature"]["x-zc-signature"]
TEST_VECTOR: Mapping[str, str] = SCHEME["testVector"]


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def canonical_request_hash(content_type: str, host: str, body: bytes) -> str:
    canonical_headers = f"content-type:{content_type}\nhost:{host}\n"
    canonical = "\n".join(
        [
            SCHEME["canonicalMethod"],
            SCHEME["canonicalPath"],
            SCHEME["canonicalQuery"],
            canonical_headers,
            ";".join(SCHEME["signedHeaders"]),
            body_hash(body),
        ]
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def expected_signature(password: str, timestamp: str, content_type: str, host: str, body: bytes) -> str:
    string_to_sign = f"{SCHEME['algorithm']}\n{timestamp}\n{canonical_request_hash(content_type, host, body)}"
    return hmac.new(password.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def expected_authorization(access_key_id: str, signature: str) -> str:
    signed = ";".join(SCHEME["signedHeaders"])
    return f"{SCHEME['algorithm']} Credential={access_key_id}, SignedHeaders={signed}, Signature={signature}"
