"""The spec's request guards as a typed record, the JSON depth check, and redaction by schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from zenlayer_spec import SpecError
from zenlayer_spec.document import copy_document, load_document
from zenlayer_spec.errors import error_catalogue, not_api_answers
from zenlayer_spec.guards import json_depth_exceeds, other_requests, request_guards
from zenlayer_spec.lists import list_rules
from zenlayer_spec.operations import operations
from zenlayer_spec.redaction import Redactor, secret_names

DOCUMENT = load_document()


def test_the_guards_come_from_the_spec_and_name_described_codes() -> None:
    guards = request_guards(DOCUMENT)
    catalogue = error_catalogue(DOCUMENT)
    raw = DOCUMENT["components"]["x-zc-request-guards"]
    assert guards.max_header_bytes.limit == raw["maxHeaderBytes"]["limit"]
    assert guards.max_json_depth.limit == raw["maxJsonDepth"]["limit"]
    assert guards.max_body_bytes == DOCUMENT["components"]["x-zc-max-body-bytes"]
    assert set(guards.single_headers) == {name.lower() for name in raw["singleHeaders"]}
    for code in (guards.incomplete_body_code, guards.malformed_http_code, *guards.single_headers.values()):
        assert catalogue[code].status in {400, 401}
    assert catalogue[guards.server_busy_code].status == 429


@pytest.mark.parametrize("broken", [None, {"limit": 0, "code": "X"}, {"limit": "32", "code": "X"}, {"limit": 32}])
def test_a_broken_guard_is_a_spec_error(broken: object) -> None:
    document = copy_document()
    document["components"]["x-zc-request-guards"]["maxJsonDepth"] = broken
    with pytest.raises(SpecError, match="maxJsonDepth"):
        request_guards(document)


def nested(depth: int) -> Any:
    value: Any = 1
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


@pytest.mark.parametrize(("depth", "limit", "exceeds"), [(0, 1, False), (1, 1, False), (2, 1, True), (32, 32, False)])
def test_json_depth(depth: int, limit: int, exceeds: bool) -> None:
    assert json_depth_exceeds(nested(depth), limit) is exceeds


def test_json_depth_needs_no_recursion() -> None:
    assert json_depth_exceeds(nested(100_000), 32)


def test_every_secret_of_the_spec_is_known() -> None:
    assert secret_names(DOCUMENT) == {"password", "initScript"}


def test_redaction_at_any_depth_keeps_the_rest() -> None:
    redactor = Redactor({"password"})
    document: dict[str, Any] = {"a": [{"password": "p1", "keep": 1}], "password": 7, "b": {"c": {"password": "p22"}}}
    assert redactor.value(document) == {
        "a": [{"password": "<redacted> (2 chars)", "keep": 1}],
        "password": "<redacted>",
        "b": {"c": {"password": "<redacted> (3 chars)"}},
    }
    assert document["a"][0]["password"] == "p1"  # a copy: the original is untouched
    assert redactor.value([[{"password": "x"}]]) == [[{"password": "<redacted> (1 chars)"}]]
    assert redactor.value("password") == "password"


def test_redaction_of_a_deep_document_needs_no_recursion() -> None:
    deep = nested(50_000)
    assert Redactor({"password"}).value(deep) is not deep


@pytest.mark.parametrize(
    "text",
    [
        '{"password": "Secret+123", "x": 1',  # truncated JSON
        "{'password': 'Secret+123'}",
        "password=Secret+123&instanceId=ins-1",
        '{"PASSWORD" : "Secret+123\\" still"}',
    ],
)
def test_text_that_is_not_json_is_redacted_by_key_name(text: str) -> None:
    redacted = Redactor({"password"}).text(text)
    assert "Secret+123" not in redacted
    assert "<redacted>" in redacted


@pytest.mark.parametrize(
    ("where", "broken", "reader"),
    [
        (("components", "x-zc-not-api-answers"), {"X": {"status": "403"}}, "not_api"),
        (("components", "x-zc-other-requests"), {"otherMethod": {}}, "other"),
        (
            ("paths", "/vm#DescribeImages", "post", "x-zc-results", "filters"),
            {"nope": {"field": "x", "match": "like"}},
            "lists",
        ),
    ],
)
def test_broken_spec_data_is_a_spec_error(where: tuple[str, ...], broken: object, reader: str) -> None:
    document = copy_document()
    node = document
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = broken
    readers: dict[str, Callable[[], object]] = {
        "not_api": lambda: not_api_answers(document),
        "other": lambda: other_requests(document),
        "lists": lambda: list_rules(document, operations(document)["DescribeImages"]),
    }
    with pytest.raises(SpecError):
        readers[reader]()
