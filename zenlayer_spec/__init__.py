"""The Zenlayer VM OpenAPI spec as Python data: the one place our code reads the contract from.

The generator, the mock server, the contract tests and the documentation build all read the spec
through this package, so that every fact they need is taken from `spec/`, never restated.
"""

from zenlayer_spec.document import SPEC_PATH, SpecError, copy_document, load_document, read_document
from zenlayer_spec.errors import ErrorCode, KeywordCodes, NotApiAnswer, error_catalogue, keyword_codes, not_api_answers
from zenlayer_spec.guards import Limit, OtherRequests, RequestGuards, json_depth_exceeds, other_requests, request_guards
from zenlayer_spec.lists import Filter, ListRules, list_rules
from zenlayer_spec.operations import Operation, Waiter, operations
from zenlayer_spec.redaction import Redactor, secret_names
from zenlayer_spec.request_check import (
    JSON_SCHEMA_ANNOTATIONS,
    RequestChecker,
    Violation,
    codes_of_schema,
)
from zenlayer_spec.spec import Spec, load_spec, spec_from_document

__all__ = [
    "JSON_SCHEMA_ANNOTATIONS",
    "SPEC_PATH",
    "ErrorCode",
    "Filter",
    "KeywordCodes",
    "Limit",
    "ListRules",
    "NotApiAnswer",
    "Operation",
    "OtherRequests",
    "Redactor",
    "RequestChecker",
    "RequestGuards",
    "Spec",
    "SpecError",
    "Violation",
    "Waiter",
    "codes_of_schema",
    "copy_document",
    "error_catalogue",
    "json_depth_exceeds",
    "keyword_codes",
    "list_rules",
    "load_document",
    "load_spec",
    "not_api_answers",
    "operations",
    "other_requests",
    "read_document",
    "request_guards",
    "secret_names",
    "spec_from_document",
]
