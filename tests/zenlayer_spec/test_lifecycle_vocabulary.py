"""The lifecycle words of the behaviour vocabulary (create, delete, lifecycle, x-zc-answer, defaults,
render, filter matches, order, waiters on the answer's ids and until absent): each misuse is a located
spec error that says what to write instead, never a mock that does nothing or answers 500."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mock_server import MockApp
from tests.mock.harness import Caller
from tests.mock.in_process import send_in_process
from tests.spec_copies import edited_spec
from zenlayer_spec import SpecError, load_spec
from zenlayer_spec.cel_reads import whole_reads
from zenlayer_spec.lists import Filter, sort_key

Edit = Callable[[dict[str, Any]], None]


def _post(document: dict[str, Any], operation_id: str) -> dict[str, Any]:
    return document["paths"][f"/vm#{operation_id}"]["post"]  # type: ignore[no-any-return]


def _create_effect(document: dict[str, Any]) -> dict[str, Any]:
    return _post(document, "CreateInstances")["x-zc-effects"][0]  # type: ignore[no-any-return]


def _two_actions(document: dict[str, Any]) -> None:
    _create_effect(document)["ids"] = "request.zoneId"


def _no_action(document: dict[str, Any]) -> None:
    del _create_effect(document)["create"]


def _created_without_lifecycle(document: dict[str, Any]) -> None:
    del _create_effect(document)["lifecycle"]


def _transition_and_lifecycle(document: dict[str, Any]) -> None:
    _post(document, "ReleaseInstances")["x-zc-effects"][0]["transition"] = True


def _failed_outside_create(document: dict[str, Any]) -> None:
    _post(document, "ReleaseInstances")["x-zc-effects"][0]["failed"] = "CREATE_FAILED"


def _unset_attribute(document: dict[str, Any]) -> None:
    del _create_effect(document)["set"]["zoneId"]


def _no_id_prefix(document: dict[str, Any]) -> None:
    del document["components"]["x-zc-resources"]["instance"]["newIds"]


def _default_of_another_type(document: dict[str, Any]) -> None:
    document["components"]["x-zc-resources"]["zone"]["attributes"]["instanceQuota"]["default"] = "many"


def _answer_field_unknown(document: dict[str, Any]) -> None:
    _post(document, "CreateInstances")["x-zc-answer"]["instanceIdz"] = "created.instances"


def _render_field_unknown(document: dict[str, Any]) -> None:
    _post(document, "DescribeInstances")["x-zc-results"]["render"]["cpuCounts"] = "1"


def _render_reads_a_typo(document: dict[str, Any]) -> None:
    _post(document, "DescribeInstances")["x-zc-results"]["render"]["cpuCount"] = "item.instanceTyp"


def _unknown_match(document: dict[str, Any]) -> None:
    _post(document, "DescribeInstances")["x-zc-results"]["filters"]["instanceName"]["match"] = "prefix"


def _unknown_order(document: dict[str, Any]) -> None:
    _post(document, "DescribeInstances")["x-zc-results"]["order"] = "downwards"


def _absent_is_failure_too(document: dict[str, Any]) -> None:
    _post(document, "ReleaseInstances")["x-zc-waiter"]["absentIsFailure"] = True


def _answer_ids_unknown(document: dict[str, Any]) -> None:
    _post(document, "CreateInstances")["x-zc-waiter"]["ids"] = "$response.body#/response/instanceIds"


def _describe_not_a_list(document: dict[str, Any]) -> None:
    document["components"]["x-zc-resources"]["instance"]["describe"] = "TerminateInstance"


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (_two_actions, "exactly one of `ids`"),
        (_no_action, "exactly one of `ids`"),
        (_created_without_lifecycle, "a created instance needs a `lifecycle`"),
        (_transition_and_lifecycle, "`transition: true` and `lifecycle` say the same thing"),
        (_failed_outside_create, "`failed` (a status) belongs to a `create` effect"),
        (_unset_attribute, "a created instance needs a value for zoneId"),
        (_no_id_prefix, "declares no `newIds.prefix`"),
        (_default_of_another_type, "the default 'many' is not a integer"),
        (_answer_field_unknown, "the answer has no field 'instanceIdz'"),
        (_render_field_unknown, "the listed item has no field 'cpuCounts'"),
        (_render_reads_a_typo, "did you mean `instanceType`?"),
        (_unknown_match, "a request field, with `field` and `match`"),
        (_unknown_order, "order: one of ascending, descending"),
        (_absent_is_failure_too, "`absentIsFailure` cannot be true"),
        (_answer_ids_unknown, "names no field of the answer's response"),
        (_describe_not_a_list, "must be an operation listing instance resources"),
    ],
)
def test_a_misused_lifecycle_word_is_a_located_error(edit: Edit, says: str, tmp_path: Path) -> None:
    path = edited_spec(tmp_path, edit)
    with pytest.raises(SpecError) as refused:
        _read_all(path)
    assert says in str(refused.value)
    # Located: its file and line, or the place in the spec's own terms.
    assert str(path) in str(refused.value) or "x-zc-" in str(refused.value) or "paths." in str(refused.value)


def _read_all(path: Path) -> None:
    spec = load_spec(path)
    _ = spec.behaviours, spec.read_backs  # what the mock and the suite read


def test_errors_of_the_behaviour_are_located_by_file_and_line(tmp_path: Path) -> None:
    path = edited_spec(tmp_path, _created_without_lifecycle)
    with pytest.raises(SpecError) as refused:
        _ = load_spec(path).behaviours
    assert re.match(rf"{re.escape(str(path))}:\d+: /paths/~1vm#CreateInstances/post/x-zc-effects/0", str(refused.value))


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("size(instances.filter(i, instances[i].zoneId == request.zoneId)) < 3", {"instances"}),
        ("request.instanceId in instances", set()),
        ("instances[request.instanceId].status == 'RUNNING'", set()),
        ("size(zones) > 0 && 'instances' != ''", {"zones"}),
        ("instances.all(i, i != '')", {"instances"}),
    ],
)
def test_a_rule_reading_a_whole_kind_is_seen(text: str, whole: set[str]) -> None:
    assert whole_reads(text, {"instances", "zones"}) == whole


def test_the_quota_rule_is_handed_every_instance() -> None:
    behaviours = load_spec().behaviours.operations
    assert behaviours["CreateInstances"].whole_kinds == frozenset({"instances"})
    assert behaviours["ResetInstance"].whole_kinds == frozenset()  # the others see what they name


@pytest.mark.parametrize(
    ("match", "wanted", "value", "kept"),
    [
        ("equals", "a", "a", True),
        ("equals", "a", "b", False),
        ("anyOf", ["a", "b"], "b", True),
        ("anyOf", ["a"], "b", False),
        ("contains", "10.0.0.1", ["10.0.0.1", "10.0.0.2"], True),
        ("contains", "10.0.0.3", ["10.0.0.1"], False),
        ("contains", "10.0.0.1", "10.0.0.1", False),  # the item's field must be a list
        ("anyElement", ["x", "10.0.0.2"], ["10.0.0.1", "10.0.0.2"], True),
        ("anyElement", ["x"], ["10.0.0.1"], False),
        ("trailingStar", "web-*", "web-01", True),
        ("trailingStar", "web-*", "db-01", False),
        ("trailingStar", "*", "anything", True),
        ("trailingStar", "web-01", "web-01", True),
        ("trailingStar", "web-", "web-01", False),  # no star: exact
        ("trailingStar", "", "web-01", False),
    ],
)
def test_each_filter_match_keeps_what_it_says(match: str, wanted: object, value: object, kept: bool) -> None:
    rule = Filter("wanted", "field", match)
    assert rule.keeps(wanted, value) is kept


def test_an_empty_list_of_alternatives_filters_nothing() -> None:
    assert not Filter("ids", "id", "anyOf").applies([])
    assert not Filter("ips", "ips", "anyElement").applies([])
    assert Filter("name", "name", "trailingStar").applies("")  # "" is a name, which nothing has
    assert not Filter("name", "name", "equals").applies(None)


def test_numbers_sort_as_numbers_before_strings_and_null_first() -> None:
    values: list[object] = ["b", 10, None, 9.5, "a", 100]
    assert sorted(values, key=sort_key) == [None, 9.5, 10, 100, "a", "b"]
    assert sorted(values, key=sort_key, reverse=True) == ["b", "a", 100, 10, 9.5, None]


def _descending(document: dict[str, Any]) -> None:
    _post(document, "DescribeInstancesStatus")["x-zc-results"]["order"] = "descending"


def test_a_descending_order_is_a_spec_edit(tmp_path: Path) -> None:
    app = MockApp(serving=load_spec(edited_spec(tmp_path, _descending)).serving)
    caller = Caller("http://mock.test/api/v2/vm")
    listed = send_in_process(app, caller.call_request("DescribeInstancesStatus", {})).json()["response"]["dataSet"]
    ids = [item["instanceId"] for item in listed]
    assert ids == sorted(ids, reverse=True)
    assert len(ids) > 1
