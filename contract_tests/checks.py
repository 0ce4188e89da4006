"""The suite's own checks, on top of Schemathesis's, and the hooks that observe and guard each call.

Importing this module registers them with Schemathesis, for the pytest suite and for `st run` alike
(`SCHEMATHESIS_HOOKS=contract_tests.hooks`). Each failure names the operation and the rule.
"""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Callable
from typing import Any

import requests
import schemathesis

from contract_tests import run as run_state
from contract_tests.findings import Classifier, not_api_tag, rule_tag
from contract_tests.gateway import GATEWAY_HEADER, SENT_BODY_HEADER
from contract_tests.live_guard import NONEXISTENT_PREFIX
from contract_tests.signing import body_bytes
from mock_server.contract import RULE_HEADER
from zenlayer_spec import read_back
from zenlayer_spec.document import JSON, dereference
from zenlayer_spec.lists import sort_key
from zenlayer_spec.operations import ACTION_HEADER, VERSION_HEADER, Operation
from zenlayer_spec.signing import SIGNATURE_POINTER
from zenlayer_spec.waiters import RESPONSE_FIELD, PollShape
from zenlayer_vm_client import models as client_models
from zenlayer_vm_client.errors import ERROR_CLASSES

UNKNOWN_ACTION = run_state.SPEC.unknown_action_code
ENDPOINT_PATH = run_state.SPEC.endpoint_path
AnyCase = schemathesis.Case[Any]
CLASSIFIER = Classifier(run_state.DOCUMENT)
NOT_API_ANSWERS = run_state.SPEC.not_api_answers
OTHER_REQUESTS = run_state.SPEC.other_requests
LIST_RULES = run_state.SPEC.list_rules
EXPECTED_KEY = "x-zc-expected"


def _not_api(response: schemathesis.Response) -> str | None:
    """The code of an answer that came from the network in front of the API, if it is one."""
    headers = {name: value[0] if isinstance(value, list) else str(value) for name, value in response.headers.items()}
    return next((answer.code for answer in NOT_API_ANSWERS if answer.matches(response.status_code, headers)), None)


def _operation(case: AnyCase) -> Operation | None:
    """The spec's operation a case exercises; None for a case sent with another method (Schemathesis's
    own unsupported_method check holds those to the 405 + Allow rule)."""
    if str(case.method).upper() != "POST":
        return None
    return run_state.BY_LABEL.get(case.operation.label)


def _header(response: schemathesis.Response, name: str) -> str | None:
    """A header of an answer, whatever the case of its name (Schemathesis keeps each as a list)."""
    found = next((value for key, value in response.headers.items() if key.lower() == name.lower()), None)
    value = found[0] if isinstance(found, list) and found else found
    return value if isinstance(value, str) else None


def _sent_body(case: AnyCase, response: schemathesis.Response) -> dict[str, Any]:
    """The body as it reached the service: the case's, or the gateway's copy where it put the run's own
    instance in place of ids the allow-lists do not hold (contract_tests.disposable)."""
    sent = _header(response, SENT_BODY_HEADER)
    if sent:
        decoded = _json_bytes(base64.b64decode(sent))
        if isinstance(decoded, dict):
            return decoded
    return case.body if isinstance(case.body, dict) else {}


def _json(response: schemathesis.Response) -> JSON:
    return _json_bytes(response.content)


def _json_bytes(raw: bytes | str | None) -> JSON:
    try:
        return json.loads(raw or b"")
    except (ValueError, TypeError):
        return None


@schemathesis.check
def our_mock_did_not_fail(ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase) -> None:
    """Against the mock the suite started, a 5xx without the error envelope is the mock failing (a bug of
    ours or a spec it cannot execute), not the contract: said so, with the last lines of its stderr."""
    run = run_state.run_of(case)
    if run is None or run.mock_log is None or response.status_code < 500 or _not_api(response):
        return
    body = _json(response)
    if isinstance(body, dict) and "code" in body and "requestId" in body:
        return  # a declared fault answer (the envelope)
    tail = "\n  ".join(run.mock_log()[-12:]) or "(nothing)"
    raise AssertionError(
        f"the mock itself failed (HTTP {response.status_code}, not the error envelope): a bug of the mock or a "
        f"spec it cannot execute, not a finding about the contract; the last lines of its stderr:\n  {tail}"
    )


@schemathesis.check
def error_code_is_declared(ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase) -> None:
    """An error answer carries a code the spec declares for this operation and this HTTP status."""
    operation = _operation(case)
    if operation is None or response.status_code < 400 or _not_api(response):
        return
    body = _json(response)
    code = body.get("code") if isinstance(body, dict) else None
    declared = operation.error_codes.get(response.status_code, ())
    if code not in declared:
        rule = CLASSIFIER.code_rule(operation, response.status_code)
        raise AssertionError(
            f"{operation.operation_id}: HTTP {response.status_code} came with code {code!r}, which the spec does not "
            f"declare for that status (declared: {', '.join(declared) or 'none'}) {rule_tag(rule)}"
        )


@schemathesis.check
def not_an_api_answer(ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase) -> None:
    """An answer of the network in front of the API (a CDN challenge, a block) is reported as itself,
    not as a breach of the contract: the request never reached the API."""
    code = _not_api(response)
    if code is not None:
        raise AssertionError(
            f"{case.operation.label}: HTTP {response.status_code} came from the network in front of the API, "
            f"not from the API {not_api_tag(code)}"
        )


def _expected_missing(schema: JSON, value: JSON, where: str) -> tuple[str, str, str] | None:
    """The first field an `x-zc-expected` list names that `value` lacks: (field, where, rule pointer)."""
    stack: list[tuple[JSON, JSON, str, str]] = [(schema, value, where, "")]
    while stack:
        node, item, path, pointer = stack.pop()
        if isinstance(node, dict) and "$ref" in node:
            pointer = str(node["$ref"])
        node = dereference(run_state.DOCUMENT, node) if isinstance(node, dict) else node
        if not isinstance(node, dict) or not isinstance(item, dict | list):
            continue
        if isinstance(item, dict):
            for field in node.get(EXPECTED_KEY, []):
                if field not in item:
                    return str(field), path, f"{pointer}/{EXPECTED_KEY}"
            for name, inner in (node.get("properties") or {}).items():
                if name in item:
                    stack.append((inner, item[name], f"{path}.{name}", f"{pointer}/properties/{name}"))
        elif "items" in node:
            stack.extend(
                (node["items"], element, f"{path}[{index}]", f"{pointer}/items") for index, element in enumerate(item)
            )
    return None


@schemathesis.check
def expected_fields_are_present(ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase) -> None:
    """A success carries every field the spec expects (`x-zc-expected`): a project rule (the vendor's
    SDKs make them optional), so a live service without one refutes our assumption, not its contract."""
    operation = _operation(case)
    if operation is None or response.status_code != 200:
        return
    missing = _expected_missing({"$ref": operation.success_schema_pointer}, _json(response), "$")
    if missing is not None:
        field, where, pointer = missing
        raise AssertionError(
            f"{operation.operation_id}: {where} has no {field!r}, which the spec expects {rule_tag(pointer)}"
        )


def list_problem(operation: Operation, request: JSON, body: JSON) -> str | None:
    """What is wrong with a list answer, by the operation's `x-zc-results`: order, paging, filters."""
    rules = LIST_RULES.get(operation.operation_id)
    inner = body.get("response") if isinstance(body, dict) else None
    if rules is None or not isinstance(inner, dict) or not isinstance(request, dict):
        return None
    items = inner.get(rules.items)
    if not isinstance(items, list):
        return None  # absent: the expected-fields check speaks of that
    keys = [item.get(rules.sorted_by) for item in items if isinstance(item, dict)]
    if keys != sorted(keys, key=sort_key, reverse=rules.descending):
        order = " (descending)" if rules.descending else ""
        return f"{rules.items} is not sorted by {rules.sorted_by}{order}: {keys[:6]}"
    total = inner.get(rules.total)
    if isinstance(total, int) and not isinstance(total, bool):
        expected = rules.expected_count(request, total)
        if expected >= 0 and len(items) != expected:
            return f"{rules.total} {total} with this page's paging means {expected} items, not {len(items)}"
    for rule in rules.filters:
        wanted = request.get(rule.request_field)
        if not rule.applies(wanted):
            continue
        for item in items:
            value = item.get(rule.item_field) if isinstance(item, dict) else None
            if not rule.keeps(wanted, value):
                return f"{rule.request_field}={wanted!r} but an item has {rule.item_field}={value!r}"
    return None


@schemathesis.check
def lists_follow_the_spec(ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase) -> None:
    """A list answer is sorted, paged and filtered as the operation's `x-zc-results` says."""
    operation = _operation(case)
    if operation is None or response.status_code != 200 or LIST_RULES.get(operation.operation_id) is None:
        return
    problem = list_problem(operation, case.body if isinstance(case.body, dict) else {}, _json(response))
    if problem is not None:
        rule = operation.pointer("x-zc-source", "results")
        raise AssertionError(f"{operation.operation_id}: {problem} {rule_tag(rule)}")


@schemathesis.check
def other_requests_get_their_codes(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase
) -> None:
    """Another method on the endpoint is answered with the spec's status, code and Allow (the
    declared-code check speaks only of POST)."""
    if str(case.method).upper() == "POST" or _not_api(response):
        return
    body = _json(response)
    code = body.get("code") if isinstance(body, dict) else None
    expected = (OTHER_REQUESTS.method_status, OTHER_REQUESTS.method_code)
    if str(case.method).upper() != "HEAD" and (response.status_code, code) != expected:
        raise AssertionError(
            f"{case.method} {case.operation.path}: HTTP {response.status_code} with code {code!r}, not "
            f"{expected[0]} {expected[1]} {rule_tag('#/components/x-zc-other-requests')}"
        )


@schemathesis.check
def request_id_is_echoed(ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase) -> None:
    """A success repeats its requestId inside `response` (docs/contract.md §3)."""
    operation = _operation(case)
    if operation is None or response.status_code != 200:
        return
    body = _json(response)
    inner = body.get("response", {}).get("requestId") if isinstance(body, dict) else None
    if not isinstance(body, dict) or inner != body.get("requestId"):
        raise AssertionError(
            f"{operation.operation_id}: the inner requestId {inner!r} is not the outer one "
            f"{rule_tag(operation.success_schema_pointer + '/required')}"
        )


@schemathesis.check
def parses_with_the_generated_client(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase
) -> None:
    """Spec, client and service agree: the generated client's models read every answer."""
    operation = _operation(case)
    if operation is None or _not_api(response):
        return
    body = _json(response)
    if response.status_code == 200:
        model = getattr(client_models, f"{operation.operation_id}Response")
        try:
            model.from_dict(body)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            envelope = operation.success_schema_pointer + "/required"
            raise AssertionError(
                f"{operation.operation_id}: the generated client cannot read the 200 answer "
                f"({type(error).__name__}: {error}) {rule_tag(envelope)}"
            ) from None
    elif response.status_code >= 400 and isinstance(body, dict):
        error_class = ERROR_CLASSES.get(str(body.get("code")))
        if error_class is None or error_class.declared_status != response.status_code:
            rule = CLASSIFIER.code_rule(operation, response.status_code)
            raise AssertionError(
                f"{operation.operation_id}: the generated client has no exception for code {body.get('code')!r} "
                f"with HTTP {response.status_code} {rule_tag(rule)}"
            )


@schemathesis.check
def signed_requests_are_authenticated(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase
) -> None:
    """Every request of this run is signed, so a 401 other than an unknown action means the signer and
    the service disagree: a failure, not an accepted answer."""
    operation = _operation(case)
    if operation is None or response.status_code != 401:
        return
    body = _json(response)
    code = body.get("code") if isinstance(body, dict) else None
    if code != UNKNOWN_ACTION:
        raise AssertionError(
            f"{operation.operation_id}: a signed request was refused with 401 {code} {rule_tag(SIGNATURE_POINTER)}"
        )


def _poll_status(run: run_state.Run, shape: PollShape, instance_id: str) -> str | None:
    """The instance's status through the waiter's poll, read as the spec's x-zc-results says."""
    answer = requests.post(
        f"{run.base_url}{ENDPOINT_PATH}",
        json={shape.ids_field: [instance_id]},
        headers={ACTION_HEADER: shape.poll.action, VERSION_HEADER: shape.poll.api_version},
        auth=run.target.auth,
        timeout=30,
    )
    if answer.headers.get(GATEWAY_HEADER) == "interrupted":  # the run was stopped: no point polling on
        raise AssertionError("the live run was interrupted while the lifecycle check polled")
    data = answer.json().get(RESPONSE_FIELD, {}).get(shape.items_field, [])
    return next((str(entry[shape.status_field]) for entry in data if entry.get(shape.id_field) == instance_id), None)


@schemathesis.check
def lifecycle_follows_the_spec(ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase) -> None:
    """After an accepted change the instance is in a pending status of the spec's waiter, then reaches
    its target within the waiter's timeout."""
    operation = _operation(case)
    run = run_state.run_of(case)
    if operation is None or operation.waiter is None or response.status_code != 200 or run is None:
        return
    body = _sent_body(case, response)
    waiter = operation.waiter
    answer = _json(response)
    # The field the spec's waiter names (`ids`): the request's, or the answer's for what the call made.
    instance_ids = waiter.ids_in(body, answer if isinstance(answer, dict) else None)
    rule = rule_tag(operation.pointer("x-zc-waiter"))
    if waiter.ids_from_answer and not instance_ids:
        raise AssertionError(
            f"{operation.operation_id}: a 200 whose answer names nothing to wait for ({waiter.ids_field} is empty "
            f"or absent): what did it make? {rule}"
        )
    shape = run_state.SPEC.poll_shapes[operation.operation_id]
    cap, pause = run.lifecycle_cap_seconds, run.lifecycle_poll_seconds  # 0 is a setting, not "none"
    timeout = min(waiter.timeout_seconds, cap if cap is not None else waiter.timeout_seconds)
    delay = pause if pause is not None else waiter.delay_seconds
    # Every id's first status right after the answer, before waiting on any: a wait on the first id
    # would let the others' changes end unseen (a batch of created instances).
    answered = time.monotonic()
    firsts = {instance_id: _poll_status(run, shape, instance_id) for instance_id in dict.fromkeys(instance_ids)}
    for instance_id, first in firsts.items():
        if first not in waiter.pending and not (waiter.target_is_absent and first is None and not waiter.pending):
            # Straight to the target means a skipped step, or a change faster than one poll: say which.
            took = (time.monotonic() - answered) * 1000
            raise AssertionError(
                f"{operation.operation_id}: right after a 200, {instance_id} is {first}, "
                f"not {' or '.join(waiter.pending)} (polled {took:.0f} ms after the answer; a change that "
                f"finishes faster than that cannot be told from a skipped step) {rule}"
            )
    goal = None if waiter.target_is_absent else waiter.target
    shown = "gone" if waiter.target_is_absent else waiter.target
    for instance_id, first in firsts.items():
        started = time.monotonic()
        status: str | None = first
        while status != goal:
            if status in waiter.failure or time.monotonic() - started > timeout:
                raise AssertionError(
                    f"{operation.operation_id}: {instance_id} did not reach {shown} within {timeout:g} s "
                    f"(last status {status}) {rule}"
                )
            time.sleep(delay)
            status = _poll_status(run, shape, instance_id)


@schemathesis.check
def effects_read_back(ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase) -> None:
    """After an accepted change, what it set from the request shows when the resources are read back
    through their kind's `describe` list (zenlayer_spec.read_back): a rename without a waiter included."""
    operation = _operation(case)
    run = run_state.run_of(case)
    if operation is None or not operation.changes_state or response.status_code != 200 or run is None:
        return
    spec = run_state.SPEC
    body = _sent_body(case, response)
    behaviour = spec.behaviours.operations[operation.operation_id]
    for expected in read_back.expected(spec.behaviours, behaviour, body, spec.read_backs):
        reader = expected.read_back.operation
        answer = requests.post(
            f"{run.base_url}{ENDPOINT_PATH}",
            json=expected.request(),
            headers={ACTION_HEADER: reader.action, VERSION_HEADER: reader.api_version},
            auth=run.target.auth,
            timeout=30,
        )
        if answer.headers.get(GATEWAY_HEADER) == "interrupted":
            raise AssertionError("the live run was interrupted while an effect was read back")
        if problems := expected.mismatches(_json_bytes(answer.content)):
            raise AssertionError(
                f"{operation.operation_id}: read back with {reader.operation_id}, {'; '.join(problems[:3])} "
                f"{rule_tag(operation.pointer('x-zc-effects'))}"
            )


# Before each state-changing call to the mock: every resource of the kinds its effects act on, by kind
# (zenlayer_spec.read_back's frames), for effects_stay_in_their_frame. By the case's id; the check takes it.
_BEFORE: dict[int, dict[str, dict[str, Any]]] = {}
_BEFORE_KEPT = 64  # cases whose check never ran (a transport error) are dropped, the oldest first


def _frames(operation: Operation, body: object) -> list[read_back.Frame]:
    spec = run_state.SPEC
    behaviour = spec.behaviours.operations.get(operation.operation_id)
    if behaviour is None or not isinstance(body, dict):
        return []
    return read_back.frames(spec.behaviours, behaviour, body, spec.read_backs, spec.list_rules)


def _lister(run: run_state.Run, frame: read_back.Frame) -> Callable[[dict[str, JSON]], JSON]:
    """The `send` read_back.listed pages through: the frame's list operation, on the run's connections."""
    reader = frame.read_back.operation

    def send(body: dict[str, JSON]) -> JSON:
        answer = run.session.post(
            f"{run.base_url}{ENDPOINT_PATH}",
            json=body,
            headers={ACTION_HEADER: reader.action, VERSION_HEADER: reader.api_version},
            auth=run.target.auth,
            timeout=30,
        )
        return _json_bytes(answer.content)

    return send


# Every action of the spec, by the action header a request carries.
_ACTIONS = frozenset(operation.action for operation in run_state.SPEC.operations.values())


@schemathesis.hook
def filter_headers(context: schemathesis.HookContext, headers: dict[str, Any] | None) -> bool:
    """Drop a generated case whose action header names another operation of the spec: it is that
    operation's request, not a wrong one of this one, and the API answers it as such. (Seen: fuzzing
    InquiryPriceCreateInstance in negative mode sent `X-ZC-Action: DescribeImages`, a name Hypothesis drew
    from our sources, and the run failed on DescribeImages' own answer.)"""
    operation = run_state.BY_LABEL.get(context.operation.label) if context.operation is not None else None
    value = headers.get(ACTION_HEADER) if isinstance(headers, dict) else None
    return operation is None or not isinstance(value, str) or value not in _ACTIONS or value == operation.action


@schemathesis.hook
def before_call(context: schemathesis.HookContext, case: AnyCase, kwargs: dict[str, Any]) -> None:
    """List what a state-changing call to the mock may touch, before it (see effects_stay_in_their_frame).
    Not against a live service: other people's resources change there on their own."""
    operation = _operation(case)
    run = run_state.run_of(case)
    if operation is None or not operation.changes_state or run is None or not run.target.is_mock:
        return
    before = {}
    for frame in _frames(operation, case.body):
        listed = read_back.listed(frame, _lister(run, frame))
        if listed is not None:
            before[frame.kind] = listed
    if before:
        while len(_BEFORE) >= _BEFORE_KEPT:
            del _BEFORE[next(iter(_BEFORE))]
        _BEFORE[id(case)] = before


@schemathesis.check
def effects_stay_in_their_frame(ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase) -> None:
    """After an accepted change, the resources it does not name are as they were and nothing appeared that
    the answer does not name; after a refused one, nothing changed (zenlayer_spec.read_back's frames)."""
    before = _BEFORE.pop(id(case), None)
    operation = _operation(case)
    run = run_state.run_of(case)
    if before is None or operation is None or run is None:
        return
    transitional, secret = frozenset(run_state.SPEC.behaviours.transitional), frozenset(run_state.SPEC.secret_names)
    accepted = response.status_code == 200
    for frame in _frames(operation, _sent_body(case, response)):
        if frame.kind not in before:
            continue
        after = read_back.listed(frame, _lister(run, frame))
        if after is None:
            continue  # not a page of the list: lists_follow_the_spec says why when that list is tested
        if problems := read_back.frame_problems(
            frame, before[frame.kind], after, accepted, _json(response), transitional, secret
        ):
            listed_by = frame.read_back.operation.operation_id
            raise AssertionError(
                f"{operation.operation_id}: listed with {listed_by} before and after, {'; '.join(problems[:3])} "
                f"{rule_tag(operation.pointer('x-zc-effects' if accepted else 'x-zc-business-checks'))}"
            )


@schemathesis.check
def live_redirected_ids_are_refused(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase
) -> None:
    """Against a live service, a request whose ids the gateway redirected to ones that cannot exist was
    not accepted (a service that accepts unknown ids breaks the contract, and the guard's premise)."""
    operation = _operation(case)
    if operation is None or _header(response, GATEWAY_HEADER) != "redirected" or response.status_code != 200:
        return
    raise AssertionError(
        f"{operation.operation_id}: a live call whose ids were redirected to ones that cannot exist "
        f"({NONEXISTENT_PREFIX}...) was accepted"
    )


@schemathesis.hook
def after_call(context: schemathesis.HookContext, case: AnyCase, response: schemathesis.Response) -> None:
    """Record every answer for the error-code coverage table and the cassette."""
    run = run_state.run_of(case)
    operation = run_state.BY_LABEL.get(case.operation.label)
    if run is None or operation is None:
        return
    rule = _header(response, RULE_HEADER)  # the mock's: which rule decided
    run.observations.observe(operation.operation_id, response.status_code, response.content, rule)
    request = response.request
    headers = {
        name: value if isinstance(value, str) else value.decode("latin-1") for name, value in request.headers.items()
    }
    run.observations.record_exchange(
        request.method or "POST",
        request.url or "",
        headers,
        body_bytes(request.body),
        response.status_code,
        response.content,
        test=os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0],  # set by pytest; "" under `st run`
    )
