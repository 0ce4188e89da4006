"""What a change must leave alone (zenlayer_spec.read_back's frames), on the mock in process: the
resources a call's effects act on are listed before and after, and each way of stepping outside is named."""

from __future__ import annotations

from typing import Any

import attrs
import httpx

from contract_tests.raw_calls import Caller
from mock_server import MockApp
from tests.mock.in_process import InProcessTransport
from zenlayer_spec import load_spec, read_back

SPEC = load_spec()
TRANSITIONAL = frozenset(SPEC.behaviours.transitional)


def _caller() -> Caller:
    return Caller(
        "http://mock.test/api/v2/vm", http=httpx.Client(transport=InProcessTransport(MockApp(transition_seconds=600)))
    )


def _frame(operation_id: str, body: dict[str, Any]) -> read_back.Frame:
    behaviour = SPEC.behaviours.operations[operation_id]
    (frame,) = read_back.frames(SPEC.behaviours, behaviour, body, SPEC.read_backs, SPEC.list_rules)
    return frame


def _listed(caller: Caller, frame: read_back.Frame) -> dict[str, Any]:
    found = read_back.listed(frame, lambda request: caller.call(frame.read_back.operation.action, request).json())
    assert found is not None
    return found


def test_a_creation_may_add_only_what_its_answer_names() -> None:
    body = dict(SPEC.request_examples["CreateInstances"][0])
    frame, caller = _frame("CreateInstances", body), _caller()
    assert frame.kind == "instance"
    assert frame.named == frozenset()  # it names none: it makes them
    before = _listed(caller, frame)
    answer = caller.call(SPEC.operations["CreateInstances"].action, body).json()
    after = _listed(caller, frame)
    made = sorted(after.keys() - before.keys())
    assert made
    assert read_back.frame_problems(frame, before, after, True, answer, TRANSITIONAL) == []
    unnamed = read_back.frame_problems(frame, before, after, True, {"response": {}}, TRANSITIONAL)
    assert unnamed == [f"instance {key} appeared, and the answer names no such instance" for key in made]


def test_a_refused_call_changes_nothing_and_an_accepted_one_only_what_it_names() -> None:
    body = dict(SPEC.request_examples["StopInstances"][0])
    frame, caller = _frame("StopInstances", body), _caller()
    (named,) = frame.named
    before = _listed(caller, frame)
    caller.call(SPEC.operations["StopInstances"].action, body)
    after = _listed(caller, frame)
    status = frame.status_field
    assert status is not None
    assert before[named][status] != after[named][status]  # it was stopped
    assert read_back.frame_problems(frame, before, after, True, {}, TRANSITIONAL) == []
    # The same lists, had the request been refused: the named instance changed too.
    refused = read_back.frame_problems(frame, before, after, False, {}, TRANSITIONAL)
    assert refused == [
        f"instance {named}'s {status} went {before[named][status]!r} -> {after[named][status]!r}, "
        "though the request was refused"
    ]


def test_only_a_transitional_status_moves_on_by_itself() -> None:
    body = dict(SPEC.request_examples["StopInstances"][0])
    frame, caller = _frame("StopInstances", body), _caller()
    before = _listed(caller, frame)
    status = frame.status_field
    assert status is not None
    unnamed = {key: item for key, item in before.items() if key not in frame.named}
    other = next(key for key, item in unnamed.items() if item[status] not in TRANSITIONAL)  # stable: STOPPED, ...
    moving = next(key for key, item in unnamed.items() if item[status] in TRANSITIONAL)  # REBOOT, ...
    was = before[other][status]
    after = {**before, other: {**before[other], status: "STOPPING"}, moving: {**before[moving], status: "RUNNING"}}
    assert read_back.frame_problems(frame, before, after, True, {}, TRANSITIONAL) == [
        f"instance {other}'s {status} went {was!r} -> 'STOPPING', though the request does not name it"
    ]
    gone = {key: item for key, item in before.items() if key != other}
    assert read_back.frame_problems(frame, before, gone, True, {}, TRANSITIONAL) == [
        f"instance {other} is gone, though the request does not name it"
    ]


def test_a_frame_is_listed_whole_across_pages() -> None:
    """In pages as large as the list allows; where that is smaller than the kind, page after page."""
    frame, caller = _frame("StopInstances", dict(SPEC.request_examples["StopInstances"][0])), _caller()
    whole = _listed(caller, frame)
    assert frame.rules.largest_page_size is not None
    assert len(whole) < frame.rules.largest_page_size  # one page
    small = attrs.evolve(frame, rules=attrs.evolve(frame.rules, largest_page_size=2))
    pages: list[Any] = []

    def send(request: dict[str, Any]) -> Any:
        pages.append(request)
        return caller.call(frame.read_back.operation.action, request).json()

    assert read_back.listed(small, send) == whole
    assert len(pages) == (len(whole) + 1) // 2


def test_a_secret_field_that_changed_is_named_without_its_values() -> None:
    frame = _frame("StopInstances", dict(SPEC.request_examples["StopInstances"][0]))
    before = {"ins-a": {"instanceId": "ins-a", "password": "Old+secret1"}}
    after = {"ins-a": {"instanceId": "ins-a", "password": "New+secret2"}}
    secret = frozenset(SPEC.secret_names)
    assert "password" in secret
    problems = read_back.frame_problems(frame, before, after, True, {}, TRANSITIONAL, secret)
    assert problems == ["instance ins-a's password changed, though the request does not name it"]
