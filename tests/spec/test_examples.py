"""Every example in the spec is valid: media-type examples against their schema (request examples
also against the extensions), schema-level examples against their own schema, and the signing test
vector against the algorithm the security scheme describes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from tests.signing_reference import TEST_VECTOR, body_hash, canonical_request_hash, expected_signature
from zenlayer_spec.document import dereference, load_document
from zenlayer_spec.operations import operations
from zenlayer_spec.request_check import RequestChecker, schema_errors

DOCUMENT = load_document()
OPERATIONS = operations(DOCUMENT)
SCHEMA_KEYWORDS = {"type", "$ref", "anyOf", "oneOf", "allOf", "enum"}


def escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def media_examples() -> Iterator[tuple[str, str, Any]]:
    """(where, schema pointer, example value) for every media-type example of every operation."""
    for operation in OPERATIONS.values():
        raw = DOCUMENT["paths"][operation.pseudo_path]["post"]
        media = raw["requestBody"]["content"]["application/json"]
        for name, example in media["examples"].items():
            yield f"{operation.operation_id} request {name}", media["schema"]["$ref"], example["value"]
        for status, response in raw["responses"].items():
            resolved = dereference(DOCUMENT, response)
            media = resolved["content"]["application/json"]
            assert "examples" in media, f"{operation.operation_id} {status} has no example"
            for name, example in media["examples"].items():
                yield f"{operation.operation_id} {status} {name}", media["schema"]["$ref"], example["value"]


def schema_examples(node: Any = DOCUMENT, pointer: str = "#") -> Iterator[tuple[str, Any]]:
    """(schema pointer, example) for every JSON Schema `examples` list in the document."""
    if isinstance(node, Mapping):
        if isinstance(node.get("examples"), list) and SCHEMA_KEYWORDS & set(node):
            for example in node["examples"]:
                yield pointer, example
        for key, child in node.items():
            if not str(key).startswith("x-"):
                yield from schema_examples(child, f"{pointer}/{escape(str(key))}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from schema_examples(child, f"{pointer}/{index}")


MEDIA = list(media_examples())
SCHEMA = list(schema_examples())


@pytest.mark.parametrize(("where", "pointer", "value"), MEDIA, ids=[item[0] for item in MEDIA])
def test_media_example_is_valid(where: str, pointer: str, value: Any) -> None:
    assert schema_errors(DOCUMENT, pointer, value) == [], where


@pytest.mark.parametrize("operation_id", list(OPERATIONS))
def test_request_examples_pass_every_rule(operation_id: str) -> None:
    operation = OPERATIONS[operation_id]
    checker = RequestChecker(DOCUMENT, operation)
    examples = DOCUMENT["paths"][operation.pseudo_path]["post"]["requestBody"]["content"]["application/json"][
        "examples"
    ]
    assert examples, "every request body has at least one example"
    for example in examples.values():
        assert checker.schema_violations(example["value"]) == []
        assert checker.extension_violations(example["value"]) == []


@pytest.mark.parametrize(("pointer", "value"), SCHEMA, ids=[item[0] for item in SCHEMA])
def test_schema_example_is_valid(pointer: str, value: Any) -> None:
    assert schema_errors(DOCUMENT, pointer, value) == []


def test_there_are_examples_everywhere() -> None:
    assert len(MEDIA) >= 4 * 2
    assert len(SCHEMA) >= 10


def test_success_examples_repeat_the_request_id_inside() -> None:
    for where, _, value in MEDIA:
        if " 200 " in where:
            assert value["requestId"] == value["response"]["requestId"], where


def test_signing_test_vector_follows_the_described_algorithm() -> None:
    """Recompute the vendor's test vector from `x-zc-signature` with the steps the scheme states."""
    vector = TEST_VECTOR
    body = vector["body"].encode("utf-8")
    assert body_hash(body) == vector["bodySha256"]
    assert canonical_request_hash(vector["contentType"], vector["host"], body) == vector["canonicalRequestSha256"]
    signature = expected_signature(
        vector["accessKeyPassword"], vector["timestamp"], vector["contentType"], vector["host"], body
    )
    assert signature == vector["signature"]
