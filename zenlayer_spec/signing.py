"""ZC2-HMAC-SHA256 as the spec's `x-zc-signature` states it: the one signer and verifier of our tools.

The mock verifies with it, the curl helper, the contract suite and its hand-made requests sign with it.
The generated client carries its own generated copy (it must stand alone), and
`tests/signing_reference.py` is the independent check of both, against the vendor's test vector.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping

import attrs

from zenlayer_spec.document import JSON, SpecError

SCHEME_NAME = "zcSignature"
BEARER_SCHEME_NAME = "bearerToken"
SIGNATURE_KEY = "x-zc-signature"
AUTHORIZATION_HEADER = "Authorization"
BEARER_PREFIX = "Bearer "
# Where the two schemes are stated (the rule a signing or token case tests).
SIGNATURE_POINTER = "#/components/securitySchemes/" + SCHEME_NAME
BEARER_POINTER = "#/components/securitySchemes/" + BEARER_SCHEME_NAME
_AUTHORIZATION = re.compile(
    r"^(?P<algorithm>\S+) Credential=(?P<key_id>[^,\s]+), "
    r"SignedHeaders=(?P<signed>[^,\s]+), Signature=(?P<signature>[0-9a-f]{64})$"
)


@attrs.frozen
class SignedAuthorization:
    """The parts of an `Authorization: <algorithm> Credential=..., SignedHeaders=..., Signature=...`."""

    algorithm: str
    key_id: str
    signed_headers: str
    signature: str = attrs.field(repr=False)


@attrs.frozen
class TestVector:
    """The vendor's worked example, as the spec records it."""

    access_key_id: str
    access_key_password: str = attrs.field(repr=False)
    timestamp: str
    content_type: str
    host: str
    body: str
    body_sha256: str
    canonical_request_sha256: str
    signature: str


@attrs.frozen
class Signing:
    """The signing scheme's facts, and what follows from them."""

    algorithm: str
    canonical_method: str
    canonical_path: str
    canonical_query: str
    # Lowercase names, in the order they are signed.
    signed_headers: tuple[str, ...]
    timestamp_header: str
    method_header: str
    clock_skew_seconds: int
    test_vector: TestVector

    @classmethod
    def from_document(cls, document: Mapping[str, JSON]) -> Signing:
        where = f"components.securitySchemes.{SCHEME_NAME}.{SIGNATURE_KEY}"
        try:
            scheme = document["components"]["securitySchemes"][SCHEME_NAME][SIGNATURE_KEY]
            vector = scheme["testVector"]
            return cls(
                algorithm=str(scheme["algorithm"]),
                canonical_method=str(scheme["canonicalMethod"]),
                canonical_path=str(scheme["canonicalPath"]),
                canonical_query=str(scheme["canonicalQuery"]),
                signed_headers=tuple(str(name).lower() for name in scheme["signedHeaders"]),
                timestamp_header=str(scheme["timestampHeader"]),
                method_header=str(scheme["signatureMethodHeader"]),
                clock_skew_seconds=int(scheme["clockSkewSeconds"]),
                test_vector=TestVector(
                    access_key_id=str(vector["accessKeyId"]),
                    access_key_password=str(vector["accessKeyPassword"]),
                    timestamp=str(vector["timestamp"]),
                    content_type=str(vector["contentType"]),
                    host=str(vector["host"]),
                    body=str(vector["body"]),
                    body_sha256=str(vector["bodySha256"]),
                    canonical_request_sha256=str(vector["canonicalRequestSha256"]),
                    signature=str(vector["signature"]),
                ),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise SpecError(f"{where}: missing or malformed ({error!r})") from error

    def canonical_request(self, headers: Mapping[str, str], body: bytes) -> str:
        """`headers` maps each signed header's lowercase name to its value exactly as sent."""
        canonical_headers = "".join(f"{name}:{headers.get(name, '')}\n" for name in self.signed_headers)
        parts = [self.canonical_method, self.canonical_path, self.canonical_query, canonical_headers]
        return "\n".join([*parts, ";".join(self.signed_headers), hashlib.sha256(body).hexdigest()])

    def signature(self, password: str, timestamp: str, headers: Mapping[str, str], body: bytes) -> str:
        canonical = hashlib.sha256(self.canonical_request(headers, body).encode("utf-8")).hexdigest()
        string_to_sign = f"{self.algorithm}\n{timestamp}\n{canonical}"
        return hmac.digest(password.encode("utf-8"), string_to_sign.encode("utf-8"), "sha256").hex()  # one C call

    def authorization(self, key_id: str, signature: str) -> str:
        signed = ";".join(self.signed_headers)
        return f"{self.algorithm} Credential={key_id}, SignedHeaders={signed}, Signature={signature}"

    def parse_authorization(self, value: str) -> SignedAuthorization | None:
        """The parts of a signed Authorization value, or None if it is not one (any algorithm)."""
        match = _AUTHORIZATION.match(value)
        if match is None:
            return None
        return SignedAuthorization(match["algorithm"], match["key_id"], match["signed"], match["signature"])

    def headers(
        self, key_id: str, password: str, timestamp: str, content_type: str, host: str, body: bytes
    ) -> dict[str, str]:
        """The headers a signer adds to a request with this Content-Type, Host and body."""
        signature = self.signature(password, timestamp, {"content-type": content_type, "host": host}, body)
        return {
            self.timestamp_header: timestamp,
            self.method_header: self.algorithm,
            AUTHORIZATION_HEADER: self.authorization(key_id, signature),
        }
