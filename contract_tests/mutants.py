"""Broken variants of the mock, to prove the suite catches what it should. Test-only.

    ZENLAYER_MUTANT=<name> python -m contract_tests.mutants [mock options]

serves the mock with one defect, chosen by name (see MUTANTS). The suite's own tests
(tests/contract_suite/) run the contract suite against each and expect a failure naming the
operation and the rule.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import mock_server.actions
import mock_server.app
from mock_server.__main__ import main
from mock_server.app import MockApp
from mock_server.contract import Transition

Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]
]


def rewrite_responses(app: MockApp, rewrite: Callable[[int, dict[str, Any]], tuple[int, dict[str, Any]]]) -> ASGIApp:
    """Middleware passing each JSON answer through `rewrite(status, body) -> (status, body)`."""

    async def wrapped(
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        start: Message = {}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            status, body = rewrite(start["status"], json.loads(message["body"]))
            payload = json.dumps(body).encode()
            headers = [(k, v) for k, v in start["headers"] if k != b"content-length"]
            headers.append((b"content-length", str(len(payload)).encode()))
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": payload})

        await app(scope, receive, capture)

    return wrapped


def wrong_code(status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """An unknown instance answered with a code the spec does not declare."""
    if body.get("code") == "INVALID_INSTANCE_NOT_FOUND":
        body["code"] = "INSTANCE_NOT_FOUND"
    return status, body


def missing_field(status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Lists lose their required totalCount."""
    if status == 200 and isinstance(body.get("response"), dict):
        body["response"].pop("totalCount", None)
    return status, body


def undeclared_status(status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Not-found answers come with 410, a status the spec does not declare."""
    return (410 if status == 404 else status), body


def zone_ignored(status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """An unknown zone is answered with an empty list instead of INVALID_ZONE_NOT_FOUND (a vendor-sdk rule)."""
    if body.get("code") == "INVALID_ZONE_NOT_FOUND":
        request_id = body["requestId"]
        return 200, {"requestId": request_id, "response": {"requestId": request_id, "totalCount": 0, "dataSet": []}}
    return status, body


def challenge_resets(app: MockApp) -> ASGIApp:
    """A CDN in front of the API answers every ResetInstance with its challenge page (not the API)."""

    async def wrapped(
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        headers = dict(scope.get("headers", []))
        if scope["type"] == "http" and headers.get(b"x-zc-action") == b"ResetInstance":
            page = b"<!DOCTYPE html><title>Just a moment...</title>"
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [
                        (b"content-type", b"text/html"),
                        (b"cf-mitigated", b"challenge"),
                        (b"content-length", str(len(page)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": page})
            return
        await app(scope, receive, send)

    return wrapped


def trace_not_implemented(app: MockApp) -> ASGIApp:
    """TRACE answered 501 in plain text: one surprise, in one phase (coverage sends other methods)."""

    async def wrapped(
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] == "http" and scope["method"] == "TRACE":
            body = b"Not Implemented"
            headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 501, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)

    return wrapped


def unsorted_lists(status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Lists come in reverse order."""
    inner = body.get("response")
    if status == 200 and isinstance(inner, dict) and isinstance(inner.get("dataSet"), list):
        inner["dataSet"].reverse()
    return status, body


def wrong_total(status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """totalCount is one more than what the pages hold."""
    inner = body.get("response")
    if status == 200 and isinstance(inner, dict) and isinstance(inner.get("totalCount"), int):
        inner["totalCount"] += 1
    return status, body


def other_method_code(status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Another method gets 405 with a code the spec does not give it."""
    if status == 405:
        body["code"] = "OPERATION_FAILED_RESOURCE_NOT_FOUND"
    return status, body


def filter_ignored(app: MockApp) -> MockApp:
    """DescribeImages ignores the osType filter."""
    handlers = mock_server.actions.HANDLERS
    original = handlers["DescribeImages"]
    handlers["DescribeImages"] = lambda world, contract, body, now: original(
        world, contract, {key: value for key, value in body.items() if key != "osType"}, now
    )
    return app


def reset_skips_rebuilding(app: MockApp) -> MockApp:
    """A reset goes straight to RUNNING without passing REBUILDING."""
    target = app.contract.transitions["ResetInstance"].target
    app.contract.transitions = {**app.contract.transitions, "ResetInstance": Transition(pending=target, target=target)}
    return app


def accept_any_signature(app: MockApp) -> MockApp:
    """Authentication that lets everything through."""
    setattr(mock_server.app, "authenticate", lambda *arguments: None)  # noqa: B010 - the defect is the point
    return app


MUTANTS: dict[str, Callable[[MockApp], Any]] = {
    "wrong_code": lambda app: rewrite_responses(app, wrong_code),
    "missing_field": lambda app: rewrite_responses(app, missing_field),
    "undeclared_status": lambda app: rewrite_responses(app, undeclared_status),
    "accept_any_signature": accept_any_signature,
    "zone_ignored": lambda app: rewrite_responses(app, zone_ignored),
    "challenge_resets": challenge_resets,
    "trace_not_implemented": trace_not_implemented,
    "unsorted_lists": lambda app: rewrite_responses(app, unsorted_lists),
    "wrong_total": lambda app: rewrite_responses(app, wrong_total),
    "other_method_code": lambda app: rewrite_responses(app, other_method_code),
    "filter_ignored": filter_ignored,
    "reset_skips_rebuilding": reset_skips_rebuilding,
}


if __name__ == "__main__":
    name = os.environ.get("ZENLAYER_MUTANT", "")
    if name not in MUTANTS:
        print(f"error: set ZENLAYER_MUTANT to one of {sorted(MUTANTS)}", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main(sys.argv[1:], wrap=MUTANTS[name]))
