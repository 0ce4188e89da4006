"""The spec's own vocabulary is closed: an unknown or misplaced `x-zc-*` key, a key a block of ours does
not have, and a rule reading an undeclared attribute or request field are located spec errors naming
the nearest known name (they used to pass every check and do nothing, or fail every request)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.spec_copies import edited_spec
from zenlayer_spec import SpecError, load_spec
from zenlayer_spec.cel_reads import reads

Edit = Callable[[dict[str, Any]], None]


def _reset(document: dict[str, Any]) -> dict[str, Any]:
    return document["paths"]["/vm#ResetInstance"]["post"]  # type: ignore[no-any-return]


def _effect_typo(document: dict[str, Any]) -> None:
    effect = _reset(document)["x-zc-effects"][0]
    effect["transiton"] = effect.pop("transition")


def _waiter_ids(document: dict[str, Any]) -> None:
    """The waiter's ids under a wrong key."""
    _reset(document)["x-zc-waiter"]["instanceIds"] = "$request.body#/instanceId"


def _misspelled_attribute(document: dict[str, Any]) -> None:
    _reset(document)["x-zc-business-checks"][2]["rule"] = "!(instances[request.instanceId].stauts in recycled)"


def _misspelled_request_field(document: dict[str, Any]) -> None:
    _reset(document)["x-zc-business-checks"][1]["rule"] = "request.instanceID in instances"


def _unknown_operation_key(document: dict[str, Any]) -> None:
    _reset(document)["x-zc-remove"] = {"kind": "instance"}


def _misplaced_key(document: dict[str, Any]) -> None:
    document["components"]["schemas"]["InstanceId"]["x-zc-waiter"] = {"poll": "DescribeInstancesStatus"}


def _unknown_source(document: dict[str, Any]) -> None:
    document["components"]["x-zc-sources"]["x-zc-max-body-byte"] = "project-rule: a typo"


def _results_filter_typo(document: dict[str, Any]) -> None:
    filters = document["paths"]["/vm#DescribeImages"]["post"]["x-zc-results"]["filters"]
    next(iter(filters.values()))["feild"] = "x"


def _where_typo(document: dict[str, Any]) -> None:
    document["paths"]["/vm#DescribeImages"]["post"]["x-zc-results"]["where"] = "request.zoneId in item.zone"


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (_effect_typo, "`x-zc-effects` has no key `transiton`: did you mean `transition`?"),
        (_waiter_ids, "`x-zc-waiter` has no key `instanceIds`: the known keys here: absentIsFailure, delaySeconds"),
        (
            _misspelled_attribute,
            "reads `instances[...].stauts`, and 'stauts' is no declared attribute: did you mean `status`?",
        ),
        (
            _misspelled_request_field,
            "reads `request.instanceID`, and the request has no field 'instanceID': did you mean `instanceId`?",
        ),
        (_unknown_operation_key, "unknown key `x-zc-remove`: did you mean `x-zc-resource`?"),
        (_misplaced_key, "`x-zc-waiter` does not belong on a schema: it goes on an operation"),
        (_unknown_source, "a source for the unknown key `x-zc-max-body-byte`: did you mean `x-zc-max-body-bytes`?"),
        (_results_filter_typo, "`filters` has no key `feild`: did you mean `field`?"),
        (_where_typo, "reads `item.zone`, and 'zone' is no declared attribute: did you mean `zones`?"),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else "",
)
def test_a_word_the_spec_does_not_know_is_a_located_error(edit: Edit, says: str, tmp_path: Path) -> None:
    path = edited_spec(tmp_path, edit)
    with pytest.raises(SpecError) as refused:
        _ = load_spec(path).behaviours  # what every tool reads (and `nox -s spec` compiles)
    message = str(refused.value)
    assert says in message
    assert re.match(rf"{re.escape(str(path))}:\d+: /", message), message  # its file, line and pointer


def test_the_spec_as_it_is_uses_only_known_words() -> None:
    assert load_spec().behaviours.operations  # compiles, every key and read known


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("instances[request.instanceId].status == 'STOPPED'", {("instances", "status"), ("request", "instanceId")}),
        (
            "images[has(request.imageId) ? request.imageId : instances[request.instanceId].imageId].osType",
            {("images", "osType"), ("instances", "imageId"), ("request", "imageId"), ("request", "instanceId")},
        ),
        ("instances[item].zones.exists(z, z == 'x')", {("instances", "zones")}),
        ("'instances[x].nope' == request.a", {("request", "a")}),  # a string literal is not a read
        ("item.zones", set()),  # item is not a resource here
    ],
)
def test_reads_are_found_through_nesting_and_past_strings(text: str, found: set[tuple[str, str]]) -> None:
    assert set(reads(text, {"instances", "images"}, item=False)) == found


def _no_id(document: dict[str, Any]) -> None:
    del _reset(document)["x-zc-business-checks"][3]["id"]


def _same_id(document: dict[str, Any]) -> None:
    _reset(document)["x-zc-business-checks"][3]["id"] = "instance-exists"


def _bad_id(document: dict[str, Any]) -> None:
    _reset(document)["x-zc-business-checks"][3]["id"] = "Instance Stopped"


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (_no_id, "the check 'the instance is STOPPED' needs an `id` in kebab-case"),
        (_same_id, "the id 'instance-exists' is used by another check of this operation"),
        (_bad_id, "the check 'the instance is STOPPED' needs an `id` in kebab-case"),
    ],
)
def test_every_check_has_its_own_id(edit: Edit, says: str, tmp_path: Path) -> None:
    """Checks are named, not numbered: variants, findings, cases and reports say which check by its id."""
    path = edited_spec(tmp_path, edit)
    with pytest.raises(SpecError, match=re.escape(says)) as refused:
        _ = load_spec(path).behaviours
    assert re.match(rf"{re.escape(str(path))}:\d+: /paths/", str(refused.value))


def _waiter_ids_misnamed(document: dict[str, Any]) -> None:
    document["components"]["x-zc-waiters"]["instance-status"]["ids"] = "$request.body#/instanceIDs"


def _waiter_ids_missing(document: dict[str, Any]) -> None:
    del document["components"]["x-zc-waiters"]["instance-status"]["ids"]


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (_waiter_ids_misnamed, "x-zc-waiter.ids: '$request.body#/instanceIDs' names no field of the request"),
        (_waiter_ids_missing, "x-zc-waiter.ids: say which field holds the ids waited for"),
    ],
)
def test_a_waiter_states_its_ids_once(edit: Edit, says: str, tmp_path: Path) -> None:
    """Every consumer (the lifecycle check, the CLI's --wait, the variants' tests) reads the request field a
    waiter's `ids` names; none finds it by a field name's coincidence any more."""
    with pytest.raises(SpecError, match=re.escape(says)):
        load_spec(edited_spec(tmp_path, edit))


def test_the_waiters_ids_are_read_from_the_spec() -> None:
    operations = load_spec().operations
    reset, stop = operations["ResetInstance"].waiter, operations["StopInstances"].waiter
    assert reset is not None
    assert stop is not None
    assert reset.ids_in({"instanceId": "ins-1"}) == ["ins-1"]
    assert stop.ids_in({"instanceIds": ["ins-1", "ins-2"]}) == ["ins-1", "ins-2"]
    assert stop.ids_in({}) == []
