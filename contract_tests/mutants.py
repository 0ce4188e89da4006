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
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

import attrs

import mock_server.auth
from mock_server.__main__ import main
from mock_server.app import MockApp
from mock_server.auth import Credentials
from mock_server.contract import ApiError
from zenlayer_spec import load_spec
from zenlayer_spec.behaviour import Behaviour
from zenlayer_spec.operations import ACTION_HEADER
from zenlayer_spec.signing import AUTHORIZATION_HEADER, BEARER_PREFIX, Signing

Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]
]


def _code(operation_id: str, check_id: str) -> str:
    """The code of an operation's business check, by its id."""
    return next(rule.code for rule in load_spec().behaviours.operations[operation_id].rules if rule.id == check_id)


# The codes the variants below play with, read from the spec's checks (never retyped).
INSTANCE_NOT_FOUND = _code("StopInstances", "instance-exists")
INSTANCE_RECYCLED = _code("ResetInstance", "instance-not-recycled")
INSTANCE_NOT_STOPPED = _code("ResetInstance", "instance-stopped")
KEY_PAIR_NOT_FOUND = _code("ResetInstance", "key-pair-exists")
# The action header as an ASGI scope carries it (lowercase bytes), and the action the variants pick on.
_ACTION = ACTION_HEADER.lower().encode()
RESET = load_spec().operations["ResetInstance"].action.encode()
ZONE_NOT_FOUND = _code("DescribeImages", "zone-exists")


def with_behaviour(app: MockApp, operation_id: str, change: Callable[[Behaviour], Behaviour]) -> MockApp:
    """The app with one operation's behaviour changed: a changed copy of the spec's serving rules handed to the mock,
    no module patched."""
    serving = app.serving
    action = load_spec().operations[operation_id].action
    changed = change(serving.behaviour_by_action[action])
    app.serving = attrs.evolve(serving, behaviour_by_action={**serving.behaviour_by_action, action: changed})
    return app


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
    if body.get("code") == INSTANCE_NOT_FOUND:
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
    if body.get("code") == ZONE_NOT_FOUND:
        request_id = body["requestId"]
        return 200, {"requestId": request_id, "response": {"requestId": request_id, "totalCount": 0, "dataSet": []}}
    return status, body


def answer_instead(
    app: ASGIApp,
    when: Callable[[MutableMapping[str, Any]], bool],
    status: int,
    body: bytes,
    headers: list[tuple[bytes, bytes]],
) -> ASGIApp:
    """Middleware answering `status`, `headers` and `body` (not the envelope) to requests `when` picks."""

    async def wrapped(
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http" or not when(scope):
            await app(scope, receive, send)
            return
        sent = [*headers, (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": sent})
        await send({"type": "http.response.body", "body": body})

    return wrapped


def challenge_resets(app: MockApp) -> ASGIApp:
    """A CDN in front of the API answers every ResetInstance with its challenge page (not the API)."""
    return answer_instead(
        app,
        lambda scope: dict(scope.get("headers", [])).get(_ACTION) == RESET,
        403,
        b"<!DOCTYPE html><title>Just a moment...</title>",
        [(b"content-type", b"text/html"), (b"cf-mitigated", b"challenge")],
    )


def crashes_on_reset(app: MockApp) -> ASGIApp:
    """A bug in the mock: every ResetInstance raises, and the server answers its plain-text 500."""

    async def wrapped(
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] == "http" and dict(scope.get("headers", [])).get(_ACTION) == RESET:
            raise RuntimeError("a bug of the mock, on purpose")
        await app(scope, receive, send)

    return wrapped


def trace_not_implemented(app: MockApp) -> ASGIApp:
    """TRACE answered 501 in plain text: one surprise, in one phase (coverage sends other methods)."""
    return answer_instead(
        app, lambda scope: scope["method"] == "TRACE", 501, b"Not Implemented", [(b"content-type", b"text/plain")]
    )


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
        body["code"] = KEY_PAIR_NOT_FOUND  # declared for other answers, not for 405
    return status, body


def filter_ignored(app: MockApp) -> MockApp:
    """DescribeImages ignores the osType filter."""
    serving = app.serving
    action = load_spec().operations["DescribeImages"].action
    rules = serving.list_rules[action]
    kept = tuple(rule for rule in rules.filters if rule.request_field != "osType")
    app.serving = attrs.evolve(serving, list_rules={**serving.list_rules, action: attrs.evolve(rules, filters=kept)})
    return app


def reset_skips_rebuilding(app: MockApp) -> MockApp:
    """A reset goes straight to RUNNING without passing REBUILDING."""
    return with_behaviour(
        app,
        "ResetInstance",
        lambda behaviour: attrs.evolve(
            behaviour,
            effects=tuple(attrs.evolve(effect, lifecycle=effect.lifecycle[-1:]) for effect in behaviour.effects),
        ),
    )


def host_as_bound(app: MockApp) -> ASGIApp:
    """The signature is checked over the address the mock is bound to, not the Host as received."""

    async def wrapped(
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] == "http" and scope.get("server"):
            host, port = scope["server"]
            bound = f"{host}:{port}".encode()
            scope["headers"] = [(name, bound if name == b"host" else value) for name, value in scope["headers"]]
        await app(scope, receive, send)

    return wrapped


def future_timestamps_accepted(app: MockApp) -> MockApp:
    """A timestamp ahead of the clock is never too far ahead."""
    original = mock_server.auth.authenticate

    def lenient(
        headers: Mapping[str, str], body: bytes, now: float, credentials: Credentials, rules: Signing
    ) -> ApiError | None:
        stamp = headers.get(rules.timestamp_header.lower(), "")
        ahead = float(stamp) if stamp.isascii() and stamp.isdigit() and len(stamp) < 18 else now
        return original(headers, body, max(now, ahead), credentials, rules)

    app.authenticate = lenient
    return app


def zone_filter_ignored(app: MockApp) -> MockApp:
    """DescribeImages lists the images of every zone whatever zone is asked (a known zone is still
    required): the list's `where` is dropped."""
    return with_behaviour(
        app,
        "DescribeImages",
        lambda behaviour: attrs.evolve(
            behaviour,
            list_source=attrs.evolve(behaviour.list_source, where=None) if behaviour.list_source else None,
        ),
    )


def key_checked_against_current_image(app: MockApp) -> MockApp:
    """The key-with-Windows rule looks at the instance's current image even when a new one is given: the
    spec's rule changed to that."""
    behaviours = app.serving.behaviours
    rule = "!has(request.keyId) || images[instances[request.instanceId].imageId].osType != 'windows'"

    def changed(behaviour: Behaviour) -> Behaviour:
        rules = [
            attrs.evolve(check, expression=behaviours.compile(rule, "the variant's rule"))
            if check.id == "no-key-with-windows"
            else check
            for check in behaviour.rules
        ]
        return attrs.evolve(behaviour, rules=tuple(rules))

    return with_behaviour(app, "ResetInstance", changed)


def skip_check(app: MockApp, action: str, code: str) -> ASGIApp:
    """The service skips one business check of one action: where the mock answers `code` to `action`,
    the variant accepts instead (an empty list for a list operation). Built for every business check
    the spec lists (`x-zc-business-checks`), so every check has its own broken variant."""
    list_rules = app.serving.list_rules.get(action)

    def accepted(request_action: str | None) -> Callable[[int, dict[str, Any]], tuple[int, dict[str, Any]]]:
        def rewrite(status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
            if request_action != action or body.get("code") != code:
                return status, body
            request_id = body["requestId"]
            inner: dict[str, Any] = {"requestId": request_id}
            if list_rules is not None:
                inner.update({list_rules.total: 0, list_rules.items: []})
            return 200, {"requestId": request_id, "response": inner}

        return rewrite

    async def wrapped(
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        request_action = headers.get(_ACTION, b"").decode("latin-1") or None
        await rewrite_responses(app, accepted(request_action))(scope, receive, send)

    return wrapped


# Variants derived from the spec's rules and effects: every operation's, with no code per operation.
# `rule-drop:<operationId>:<check id>` never checks that rule; `rule-invert:...` checks its opposite;
# `rule-swap:...` runs it after the next rule; `effect-skip:<operationId>:<index>` accepts without the effect;
# `effect-spill:<operationId>:<index>` applies it to every resource of its kind, not only those named.
# Checks are named by id, so inserting a check renames no variant of the others. And of each paged list
# (`x-zc-results`): `list-filter-drop:<operationId>:<request field>` ignores that filter,
# `list-page-ignored:<operationId>` always answers the first page, `list-sort-broken:<operationId>` keeps
# the world's own order.
DERIVED_KINDS = ("rule-drop", "rule-invert", "rule-swap", "effect-skip", "effect-spill")
LIST_KINDS = ("list-filter-drop", "list-page-ignored", "list-sort-broken")


def derived_variants() -> list[str]:
    """Every derived variant of the spec, by name."""
    names = []
    for operation_id, behaviour in load_spec().behaviours.operations.items():
        executable = [rule.id for rule in behaviour.rules if rule.expression is not None]
        for check_id in executable:
            names += [f"rule-drop:{operation_id}:{check_id}", f"rule-invert:{operation_id}:{check_id}"]
        for index, rule in enumerate(behaviour.rules[:-1]):
            after = behaviour.rules[index + 1]
            # Swapping two checks matters only where they answer different codes.
            if rule.code != after.code and rule.expression is not None and after.expression is not None:
                names.append(f"rule-swap:{operation_id}:{rule.id}")
        names += [f"effect-skip:{operation_id}:{index}" for index in range(len(behaviour.effects))]
        # A creation names nothing to spill over from.
        names += [
            f"effect-spill:{operation_id}:{index}"
            for index, effect in enumerate(behaviour.effects)
            if effect.action != "create" and effect.ids is not None
        ]
    for operation_id, rules in load_spec().list_rules.items():
        names += [f"list-filter-drop:{operation_id}:{rule.request_field}" for rule in rules.filters]
        names += [f"list-page-ignored:{operation_id}", f"list-sort-broken:{operation_id}"]
    return names


def derived_list(app: MockApp, name: str) -> MockApp:
    """The app answering one operation's list as `name` says (see LIST_KINDS), from a changed copy of its
    list rules."""
    kind, operation_id, *rest = name.split(":")
    action = load_spec().operations[operation_id].action
    rules = app.serving.list_rules[action]
    if kind == "list-filter-drop":
        changed = attrs.evolve(rules, filters=tuple(rule for rule in rules.filters if rule.request_field != rest[0]))
    elif kind == "list-page-ignored":
        changed = attrs.evolve(rules, page_number=f"{rules.page_number}-ignored")  # never read: the first page
    else:  # sorted by nothing: the world's own order
        changed = attrs.evolve(rules, sorted_by=f"{rules.sorted_by}-ignored")
    app.serving = attrs.evolve(app.serving, list_rules={**app.serving.list_rules, action: changed})
    return app


def derived(app: MockApp, name: str) -> MockApp:
    """The app running the spec's behaviour changed as `name` says (see DERIVED_KINDS)."""
    kind, operation_id, which = name.split(":")
    behaviours = app.serving.behaviours

    def change(behaviour: Behaviour) -> Behaviour:
        rules = list(behaviour.rules)
        at = next((i for i, rule in enumerate(rules) if rule.id == which), None)
        if kind == "rule-drop" and at is not None:
            del rules[at]
        elif kind == "rule-invert" and at is not None and rules[at].expression is not None:
            text = f"!({rules[at].expression.text})"  # type: ignore[union-attr]
            rules[at] = attrs.evolve(rules[at], expression=behaviours.compile(text, name))
        elif kind == "rule-swap" and at is not None and at + 1 < len(rules):
            rules[at], rules[at + 1] = rules[at + 1], rules[at]
        elif kind == "effect-skip":
            effects = [effect for i, effect in enumerate(behaviour.effects) if str(i) != which]
            return attrs.evolve(behaviour, effects=tuple(effects))
        elif kind == "effect-spill":
            effects = list(behaviour.effects)
            spilled = effects[int(which)]
            world = behaviours.kinds[spilled.kind].world
            effects[int(which)] = attrs.evolve(spilled, ids=behaviours.compile(f"{world}.map(key, key)", name))
            # The rules' view of the world then holds the whole kind, as for a rule that counts it.
            return attrs.evolve(behaviour, effects=tuple(effects), whole_kinds=behaviour.whole_kinds | {world})
        return attrs.evolve(behaviour, rules=tuple(rules))

    return with_behaviour(app, operation_id, change)


def checks_out_of_order(status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """The STOPPED check runs before the recycle-bin check: a recycled instance is 'not stopped'."""
    if body.get("code") == INSTANCE_RECYCLED:
        body["code"] = INSTANCE_NOT_STOPPED
    return status, body


def inner_request_id_differs(status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """A success whose inner requestId is not the outer one."""
    if status == 200 and isinstance(body.get("response"), dict):
        body["response"]["requestId"] = "T00000000-0000-0000-0000-000000000000"
    return status, body


def any_bearer_token(app: MockApp) -> MockApp:
    """Any bearer token is accepted."""
    original = mock_server.auth.authenticate

    def lenient(
        headers: Mapping[str, str], body: bytes, now: float, credentials: Credentials, rules: Signing
    ) -> ApiError | None:
        if headers.get(AUTHORIZATION_HEADER.lower(), "").startswith(BEARER_PREFIX):
            return None
        return original(headers, body, now, credentials, rules)

    app.authenticate = lenient
    return app


def no_body_limit(app: MockApp) -> MockApp:
    """The request body's size is not limited (the spec's x-zc-max-body-bytes guard is gone); its code is
    one other rules answer too, so only a case of the guard's own tells (it went unseen for a while)."""
    app.serving = attrs.evolve(app.serving, guards=attrs.evolve(app.serving.guards, max_body_bytes=2**62))
    return app


def accept_any_signature(app: MockApp) -> MockApp:
    """Authentication that lets everything through."""
    app.authenticate = lambda *arguments: None
    return app


MUTANTS: dict[str, Callable[[MockApp], Any]] = {
    "wrong_code": lambda app: rewrite_responses(app, wrong_code),
    "missing_field": lambda app: rewrite_responses(app, missing_field),
    "undeclared_status": lambda app: rewrite_responses(app, undeclared_status),
    "accept_any_signature": accept_any_signature,
    "zone_ignored": lambda app: rewrite_responses(app, zone_ignored),
    "challenge_resets": challenge_resets,
    "trace_not_implemented": trace_not_implemented,
    "crashes_on_reset": crashes_on_reset,
    "unsorted_lists": lambda app: rewrite_responses(app, unsorted_lists),
    "wrong_total": lambda app: rewrite_responses(app, wrong_total),
    "other_method_code": lambda app: rewrite_responses(app, other_method_code),
    "filter_ignored": filter_ignored,
    "reset_skips_rebuilding": reset_skips_rebuilding,
    "host_as_bound": host_as_bound,
    "future_timestamps_accepted": future_timestamps_accepted,
    "zone_filter_ignored": zone_filter_ignored,
    "key_checked_against_current_image": key_checked_against_current_image,
    "inner_request_id_differs": lambda app: rewrite_responses(app, inner_request_id_differs),
    "any_bearer_token": any_bearer_token,
    "checks_out_of_order": lambda app: rewrite_responses(app, checks_out_of_order),
    "no_body_limit": no_body_limit,
}
SKIP_PREFIX = "skip:"
# The variants that patch the mock's modules or its app and serve the app itself (not a middleware).
PATCHES = frozenset(
    {
        "accept_any_signature",
        "filter_ignored",
        "reset_skips_rebuilding",
        "future_timestamps_accepted",
        "zone_filter_ignored",
        "key_checked_against_current_image",
        "any_bearer_token",
        "no_body_limit",
    }
)


def mutant(name: str) -> Callable[[MockApp], Any] | None:
    """The variant called `name`: one of MUTANTS, `skip:<action>:<code>` for a skipped business check,
    or several joined with `+` (independent faults in one service)."""
    if "+" in name:
        names = name.split("+")
        parts = [mutant(part) for part in names]
        if any(part is None for part in parts):
            return None

        def combined(app: MockApp) -> Any:  # noqa: ANN401 - an ASGI app
            # Faults that patch the app come first (they need the app itself), then the middlewares,
            # each wrapping what is served so far.
            served: Any = app
            for part_name, part in sorted(zip(names, parts, strict=True), key=lambda item: item[0] not in PATCHES):
                assert part is not None
                served = part(app) if part_name in PATCHES else part(served)
            return served

        return combined
    if name.split(":", 1)[0] in DERIVED_KINDS:
        return lambda app: derived(app, name)
    if name.split(":", 1)[0] in LIST_KINDS:
        return lambda app: derived_list(app, name)
    if name.startswith(SKIP_PREFIX):
        action, _, code = name.removeprefix(SKIP_PREFIX).partition(":")
        return lambda app: skip_check(app, action, code)
    return MUTANTS.get(name)


if __name__ == "__main__":
    wrap = mutant(os.environ.get("ZENLAYER_MUTANT", ""))
    if wrap is None:
        print(f"error: set ZENLAYER_MUTANT to one of {sorted(MUTANTS)} or skip:<action>:<code>", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main(sys.argv[1:], wrap=wrap))
