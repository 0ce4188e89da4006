"""spec-diff judges rules, effects and lists by what they do: both versions are executed on the same
requests and world (spec_diff.behaviour). A corpus of behaviour edits, each with the verdict a reviewer
gating a release must see, the check that decides now, and a request that tells old and new apart."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from spec_diff import Level, behaviour, compare_documents
from zenlayer_spec import SPEC_PATH
from zenlayer_spec.document import read_document

B, C, D = Level.BREAKING, Level.COMPATIBLE, Level.DOCS
Doc = dict[str, Any]


def checks(d: Doc, operation: str) -> list[Doc]:
    return d["paths"][f"/vm#{operation}"]["post"]["x-zc-business-checks"]  # type: ignore[no-any-return]


def check(d: Doc, operation: str, check_id: str) -> Doc:
    return next(entry for entry in checks(d, operation) if entry["id"] == check_id)


def _invert_running(d: Doc) -> None:
    """StopInstances' "every instance is RUNNING", `==` to `!=`: running instances refused, stopped accepted."""
    check(d, "StopInstances", "instance-running")["rule"] = "instances[item].status != 'RUNNING'"


def _narrow_zone(d: Doc) -> None:
    check(d, "DescribeImages", "zone-exists")["rule"] = "request.zoneId in zones && request.zoneId != 'FRA-A'"


def _widen_running(d: Doc) -> None:
    check(d, "StopInstances", "instance-running")["rule"] = "instances[item].status in ['RUNNING', 'STOPPED']"


def _add_check(d: Doc) -> None:
    checks(d, "DescribeImages").append(
        {
            "id": "zone-not-seoul",
            "check": "the zone is not Seoul",
            "code": "INVALID_ZONE_NOT_FOUND",
            "rule": "request.zoneId != 'SEL-A'",
            "source": "project-rule: a rule of this test",
        }
    )


def _remove_check(d: Doc) -> None:
    checks(d, "DescribeImages").pop()


def _reorder(d: Doc) -> None:
    listed = checks(d, "ResetInstance")
    listed[2], listed[3] = listed[3], listed[2]  # not stopped before recycled


def _recode(d: Doc) -> None:
    check(d, "ResetInstance", "instance-stopped")["code"] = "OPERATION_DENIED_INSTANCE_RECYCLED"


def _effect(d: Doc) -> None:
    """StopInstances no longer goes through its waiter: instances stay RUNNING."""
    del d["paths"]["/vm#StopInstances"]["post"]["x-zc-effects"][0]["transition"]


def _list_filter(d: Doc) -> None:
    """DescribeImages lists every image, not only the zone's."""
    d["paths"]["/vm#DescribeImages"]["post"]["x-zc-results"]["where"] = "true"


def _prose(d: Doc) -> None:
    check(d, "StopInstances", "instance-running")["check"] = "each instance is RUNNING (reworded)"


def _message(d: Doc) -> None:
    check(d, "StopInstances", "instance-running")["message"] = "'instance ' + item + ' is not running'"


def _smaller_recycle_bin(d: Doc) -> None:
    """RECYCLE leaves the recycle bin's statuses (a schema's x-zc-recycled, which every rule reads)."""
    d["components"]["schemas"]["InstanceStatus"]["x-zc-recycled"] = ["RECYCLING"]


def answer(d: Doc, operation: str) -> Doc:
    return d["paths"][f"/vm#{operation}"]["post"]["x-zc-answer"]  # type: ignore[no-any-return]


def _order_number(d: Doc) -> None:
    """CreateInstances answers another order number for the same request."""
    answer(d, "CreateInstances")["orderNumber"] = "'ord-' + created.instances[0]"


def _dearer(d: Doc) -> None:
    """InquiryPriceCreateInstance doubles the hourly price (deep inside the answer's instancePrice)."""
    fields = answer(d, "InquiryPriceCreateInstance")
    fields["instancePrice"] = fields["instancePrice"].replace(".hourlyPrice", ".hourlyPrice * 2.0")


def _equivalent_answer(d: Doc) -> None:
    """An answer field rewritten to the same value."""
    answer(d, "CreateInstances")["orderNumber"] = "'order-' + string(created.instances[0])"


def _equivalent(d: Doc) -> None:
    """A rule rewritten to the same meaning: what it does is unchanged."""
    check(d, "StopInstances", "instance-running")["rule"] = "'RUNNING' == instances[item].status"


CORPUS: list[tuple[str, Callable[[Doc], None], set[tuple[str, Level]], str]] = [
    (
        "invert",
        _invert_running,
        {("zc-behaviour-narrowed", B), ("zc-behaviour-widened", C)},
        "StopInstances: a request it accepted is now refused with OPERATION_DENIED_INSTANCE_NOT_RUNNING "
        '(check:instance-running); e.g. {"instanceIds": ["ins-running-fra"]}',
    ),
    (
        "narrow",
        _narrow_zone,
        {("zc-behaviour-narrowed", B)},
        "DescribeImages: a request it accepted is now refused with INVALID_ZONE_NOT_FOUND (check:zone-exists)",
    ),
    (
        "widen",
        _widen_running,
        {("zc-behaviour-widened", C)},
        "StopInstances: a request it refused with OPERATION_DENIED_INSTANCE_NOT_RUNNING (check:instance-running) "
        "is now accepted",
    ),
    (
        "add",
        _add_check,
        {("zc-business-check-added", B), ("zc-behaviour-narrowed", B)},
        "now refused with INVALID_ZONE_NOT_FOUND (check:zone-not-seoul)",
    ),
    ("remove", _remove_check, {("zc-business-check-removed", C), ("zc-behaviour-widened", C)}, "is now accepted"),
    (
        "reorder",
        _reorder,
        {("zc-business-checks-reordered", B), ("zc-behaviour-answer-changed", B)},
        "refused with OPERATION_DENIED_INSTANCE_RECYCLED (check:instance-not-recycled) is now refused with "
        "OPERATION_DENIED_INSTANCE_NOT_STOPPED (check:instance-stopped)",
    ),
    (
        "recode",
        _recode,
        {("zc-business-check-code-changed", B), ("zc-behaviour-answer-changed", B)},
        "is now refused with OPERATION_DENIED_INSTANCE_RECYCLED (check:instance-stopped)",
    ),
    ("change an effect", _effect, {("zc-effect-changed", B)}, "an accepted request leaves its resources otherwise"),
    ("change a list filter", _list_filter, {("zc-list-changed", B)}, "DescribeImages: a list answers another page"),
    (
        "shrink the recycle bin",
        _smaller_recycle_bin,
        {("zc-unclassified-change", B), ("zc-behaviour-answer-changed", B), ("zc-behaviour-widened", C)},
        "ResetInstance: a request refused with OPERATION_DENIED_INSTANCE_RECYCLED (check:instance-not-recycled) "
        "is now refused with OPERATION_DENIED_INSTANCE_NOT_STOPPED (check:instance-stopped)",
    ),
    (
        "change a computed answer",
        _order_number,
        {("zc-answer-changed", B)},
        'CreateInstances: an accepted request is answered otherwise (orderNumber: "order-ins-',
    ),
    (
        "compute a price otherwise",
        _dearer,
        {("zc-answer-changed", B)},
        "InquiryPriceCreateInstance: an accepted request is answered otherwise (instancePrice.",
    ),
    ("an equivalent answer", _equivalent_answer, {("zc-executable-contract-changed", C)}, ""),
    ("prose only", _prose, {("zc-documentation-changed", D)}, ""),
    ("a message", _message, {("zc-documentation-changed", D)}, ""),
    ("an equivalent rewrite", _equivalent, {("zc-executable-contract-changed", C)}, ""),
]


@pytest.fixture(scope="module")
def base() -> Doc:
    return read_document(SPEC_PATH)


@pytest.mark.parametrize(("edit", "expected", "says"), [pytest.param(e, x, s, id=n) for n, e, x, s in CORPUS])
def test_a_behaviour_edit_gets_its_verdict_its_check_and_a_request(
    base: Doc, edit: Callable[[Doc], None], expected: set[tuple[str, Level]], says: str
) -> None:
    new = copy.deepcopy(base)
    edit(new)
    report = compare_documents(base, new)
    assert {(change.rule, change.level) for change in report.changes} == expected
    assert report.level == max(level for _, level in expected)
    if says:
        messages = "\n".join(change.message for change in report.changes)
        assert says in messages, messages


def test_only_the_operations_whose_behaviour_changed_are_executed(base: Doc, monkeypatch: pytest.MonkeyPatch) -> None:
    """One rule edited: the other operations, the same checks over the same resources, answer as before
    whatever the request, so no request of theirs is executed (a release's diff stays quick)."""
    executed: set[str] = set()
    real = behaviour._Version.outcome

    def outcome(self: behaviour._Version, action: str, *rest: Any) -> behaviour.Outcome | None:
        executed.add(action)
        return real(self, action, *rest)

    monkeypatch.setattr(behaviour._Version, "outcome", outcome)
    new = copy.deepcopy(base)
    _invert_running(new)
    assert compare_documents(base, new).level == B
    assert executed == {"StopInstances"}
    executed.clear()
    _smaller_recycle_bin(new)  # what every rule reads: every operation is executed
    compare_documents(base, new)
    assert {"StopInstances", "ResetInstance", "DescribeImages"} <= executed


def test_a_changed_answer_is_located_at_its_field(base: Doc) -> None:
    new = copy.deepcopy(base)
    _order_number(new)
    (change,) = compare_documents(base, new).changes
    assert change.location == "/paths/~1vm#CreateInstances/post/x-zc-answer/orderNumber"
