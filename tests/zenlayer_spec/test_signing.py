"""Our tools' one signer (`zenlayer_spec.signing`): the vendor's test vector, the independent reference,
the generated client's copy, and the Authorization value parsed back."""

from __future__ import annotations

import hashlib

import pytest

from tests.signing_reference import expected_signature
from zenlayer_spec import SpecError
from zenlayer_spec.document import copy_document, load_document
from zenlayer_spec.signing import Signing
from zenlayer_vm_client import auth as client_auth

SIGNING = Signing.from_document(load_document())
VECTOR = SIGNING.test_vector


def test_the_vendor_test_vector_signs_byte_for_byte() -> None:
    headers = {"content-type": VECTOR.content_type, "host": VECTOR.host}
    body = VECTOR.body.encode()
    assert hashlib.sha256(body).hexdigest() == VECTOR.body_sha256
    canonical = SIGNING.canonical_request(headers, body)
    assert hashlib.sha256(canonical.encode()).hexdigest() == VECTOR.canonical_request_sha256
    assert SIGNING.signature(VECTOR.access_key_password, VECTOR.timestamp, headers, body) == VECTOR.signature


@pytest.mark.parametrize("body", [b"", b"{}", '{"instanceName": "caf\u00e9"}'.encode(), bytes(range(256))])
def test_agrees_with_the_reference_and_the_generated_client(body: bytes) -> None:
    content_type, host, stamp = "application/json; charset=utf-8", "127.0.0.1:8080", "1700000000"
    ours = SIGNING.headers("kid", "pw", stamp, content_type, host, body)
    reference = expected_signature("pw", stamp, content_type, host, body)
    generated = client_auth.signature("pw", stamp, {"content-type": content_type, "host": host}, body)
    assert ours["Authorization"] == client_auth.authorization("kid", reference)
    assert generated == reference
    assert ours[SIGNING.timestamp_header] == stamp
    assert ours[SIGNING.method_header] == SIGNING.algorithm


def test_an_authorization_value_parses_back_and_nothing_else_does() -> None:
    value = SIGNING.authorization("kid", "ab" * 32)
    parsed = SIGNING.parse_authorization(value)
    assert parsed is not None
    assert (parsed.algorithm, parsed.key_id, parsed.signed_headers, parsed.signature) == (
        SIGNING.algorithm,
        "kid",
        "content-type;host",
        "ab" * 32,
    )
    assert "ab" * 32 not in repr(parsed)
    for broken in ("", "Bearer x", value.replace(", Sig", " Sig"), value[:-1], value + "0", value.upper()):
        assert SIGNING.parse_authorization(broken) is None, broken


def test_a_spec_without_signing_data_is_a_located_error() -> None:
    document = copy_document()
    del document["components"]["securitySchemes"]["zcSignature"]["x-zc-signature"]["clockSkewSeconds"]
    with pytest.raises(SpecError, match=r"components\.securitySchemes\.zcSignature\.x-zc-signature: missing"):
        Signing.from_document(document)
