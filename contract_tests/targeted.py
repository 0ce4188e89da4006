"""Cases random generation cannot be relied on to reach: together they provoke every (operation,
error code) the spec declares, from the mock's default world, with a fault switched on where the code
is a fault. They run against the mock only: they rely on its world (and change nothing in it)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from contract_tests import run as run_state
from contract_tests.raw_calls import Caller
from zenlayer_spec import load_spec
from zenlayer_spec.document import JSON
from zenlayer_spec.guards import MAX_BODY_KEY, MAX_HEADER_BYTES, MAX_JSON_DEPTH, SINGLE_HEADERS
from zenlayer_spec.request_cases import derived_bodies

SPEC = load_spec()
OPERATIONS = SPEC.operations
ONE_MEBIBYTE = 1024 * 1024

Recipe = Callable[[Caller], httpx.Response]
GenericRecipe = Callable[[Caller, str, Any], httpx.Response]


def example_body(operation_id: str) -> JSON:
    """The first request example the spec gives for the operation: a body every rule accepts."""
    return SPEC.request_examples[operation_id][0]


# Codes any operation answers the same way: (caller, action, a valid body) -> response.
GENERIC: dict[str, GenericRecipe] = {
    "MISSING_PARAMETER": lambda c, action, body: c.call(action, body, version=None),
    "INVALID_PARAMETER_TYPE": lambda c, action, body: c.call(action, raw=b"{not json"),
    "INVALID_PARAMETER_VALUE": lambda c, action, body: c.call(action, body, version="2023-03-13"),
    "INVALID_PARAMETER_EXCEED_LENGTH": lambda c, action, body: c.call(action, raw=b"{" + b" " * ONE_MEBIBYTE + b"}"),
    "AUTHFAILURE_INVALID_AUTHORIZATION": lambda c, action, body: c.call(action, body, sign=False),
    "AUTHFAILURE_SIGNATURE_FAILURE": lambda c, action, body: Caller(
        c.endpoint, c.http, access_key_password="wrong"
    ).call(action, body),
    "AUTHFAILURE_SIGNATURE_EXPIRED": lambda c, action, body: c.call(
        action, body, timestamp=int(time.time()) - SPEC.signing.clock_skew_seconds - 1
    ),
    "AUTHFAILURE_UNAUTHORIZED_OPERATION": lambda c, action, body: c.call(action + "Typo", body),
}


# Codes only a fault produces, for every operation: the mock options that make it answer them.
FAULTS: dict[str, tuple[str, ...]] = {
    "REQUEST_LIMIT_EXCEEDED": ("--rate-limit", "1"),
    "INTERNAL_SERVER_ERROR": ("--error-rate", "1"),
    "SERVICE_TEMPORARY_UNAVAILABLE": ("--error-rate", "1"),
    "REQUEST_TIMED_OUT": ("--error-rate", "1"),
}


def _generic(code: str, operation_id: str) -> Recipe:
    action = OPERATIONS[operation_id].action
    return lambda caller: GENERIC[code](caller, action, example_body(operation_id))


def check_recipes() -> dict[tuple[str, str], Recipe]:
    """(operationId, check id) -> the spec's own example for each business check that gives one."""
    found: dict[tuple[str, str], Recipe] = {}
    for operation_id, checks in SPEC.business_checks.items():
        action = OPERATIONS[operation_id].action
        for check in checks:
            if check.example is not None:
                found[(operation_id, check.id)] = sending(action, check.example)
    return found


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _twice(caller: Caller, action: str, body: JSON, header: str) -> httpx.Response:
    """`body` as `action`, signed, with `header` given twice (the same value both times)."""
    request = caller.call_request(action, body)
    value = request.headers.get(header, "x")
    headers = [*request.headers.multi_items(), (header, value)]
    return caller.http.send(httpx.Request(request.method, request.url, headers=headers, content=request.content))


def guard_recipes() -> dict[str, tuple[Recipe, str]]:
    """Guard name -> (a request past it, the code the spec answers), each as the guarded operation, for
    every guard an HTTP client can provoke (run.UNPROVOKED_GUARDS are the mock's own tests')."""
    guards = SPEC.serving.guards
    operation_id = run_state.GUARDED_OPERATION
    action, body = OPERATIONS[operation_id].action, example_body(operation_id)
    single, single_code = next(iter(guards.single_headers.items()))
    return {
        MAX_BODY_KEY: (
            lambda c: c.call(action, raw=b"{" + b" " * guards.max_body_bytes + b"}"),
            SPEC.serving.body_too_large_code,
        ),
        MAX_JSON_DEPTH: (
            lambda c: c.call(action, raw=b'{"a": ' + _nested(guards.max_json_depth.limit) + b"}"),
            guards.max_json_depth.code,
        ),
        MAX_HEADER_BYTES: (
            lambda c: c.call(action, body, headers={"X-Padding": "a" * guards.max_header_bytes.limit}),
            guards.max_header_bytes.code,
        ),
        SINGLE_HEADERS: (lambda c: _twice(c, action, body, single), single_code),
    }


def sending(action: str, body: JSON) -> Recipe:
    """A recipe that sends `body` as `action`."""
    return lambda caller: caller.call(action, body)


def recipes() -> dict[tuple[str, str], Recipe]:
    """(operationId, code) -> how to provoke it, for every declared code that is not a fault: the
    spec's example of the business check that answers it, else a recipe of this module."""
    found = {key: sending(OPERATIONS[key[0]].action, body) for key, body in derived_bodies().items()}
    for operation_id, checks in SPEC.business_checks.items():
        for check in checks:
            if check.example is not None:
                found.setdefault((operation_id, check.code), sending(OPERATIONS[operation_id].action, check.example))
    for operation in OPERATIONS.values():
        for codes in operation.error_codes.values():
            for code in codes:
                if code in GENERIC and (operation.operation_id, code) not in found:
                    found[(operation.operation_id, code)] = _generic(code, operation.operation_id)
    return found


def fault_cases() -> list[tuple[str, str]]:
    """(operationId, code) for every fault code an operation declares."""
    return [
        (operation.operation_id, code)
        for operation in OPERATIONS.values()
        for codes in operation.error_codes.values()
        for code in codes
        if code in FAULTS
    ]


def declared_pairs() -> set[tuple[str, str]]:
    return {
        (op.operation_id, code) for op in OPERATIONS.values() for codes in op.error_codes.values() for code in codes
    }
