"""The spec record is shared by every caller in a process, so it is read-only all the way down: no
dict, list or set in it can be changed in place, and a copy is plain and free to change."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import attrs
import orjson
import pytest
import yaml

import zenlayer_spec
from zenlayer_spec import load_spec
from zenlayer_spec.document import load_document
from zenlayer_spec.frozen import FrozenDict, FrozenList, freeze, thaw


def _containers(value: Any, path: str, seen: set[int]) -> Iterator[tuple[str, object]]:
    """Every container inside `value` (attrs records walked field by field), with where it is."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, dict | list | set | tuple | frozenset):
        yield path, value
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            yield from _containers(item, f"{path}/{key}", seen)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _containers(getattr(value, field.name), f"{path}.{field.name}", seen)


def test_nothing_in_the_spec_record_can_be_changed_in_place() -> None:
    spec = load_spec()
    found = list(_containers(spec, "spec", set())) + list(_containers(spec.behaviours, "behaviours", set()))
    assert len(found) > 1000  # the walk reached the document and the records
    changeable = [path for path, value in found if type(value) in (dict, list, set)]
    assert changeable == [], changeable[:10]


@pytest.mark.parametrize(
    "change",
    [
        lambda spec: spec.document["paths"].__setitem__("/x", {}),
        lambda spec: spec.document["servers"].append({}),
        lambda spec: spec.request_examples["ResetInstance"][0].update(password="x"),
        lambda spec: spec.catalogue.pop("MISSING_PARAMETER"),
        lambda spec: spec.document["tags"].sort(),
    ],
)
def test_a_change_is_refused_with_what_to_do_instead(change: object) -> None:
    with pytest.raises(TypeError, match="read-only; change a copy"):
        change(load_spec())  # type: ignore[operator]


def test_a_copy_is_plain_and_free_to_change_and_the_record_keeps_its_value() -> None:
    spec = load_spec()
    for copied in (copy.deepcopy(spec.document), thaw(spec.document)):
        assert type(copied) is dict
        assert type(copied["servers"]) is list
        copied["servers"].append({"url": "http://elsewhere"})
    assert len(spec.document["servers"]) == len(load_document()["servers"])
    assert load_document() is load_document()  # one parse per process, shared, and so read-only


def test_the_frozen_values_serialise_as_json_and_yaml() -> None:
    value = freeze({"a": [1, {"b": [2]}]})
    assert isinstance(value, FrozenDict)
    assert isinstance(value["a"], FrozenList)
    assert json.loads(json.dumps(value)) == {"a": [1, {"b": [2]}]}
    assert orjson.loads(orjson.dumps(value)) == {"a": [1, {"b": [2]}]}
    assert yaml.safe_load(yaml.safe_dump(value)) == {"a": [1, {"b": [2]}]}


def test_load_spec_is_the_way_in() -> None:
    """The package's public surface is the record and how to get it (its modules build it)."""
    assert sorted(zenlayer_spec.__all__) == ["SPEC_PATH", "Spec", "SpecError", "load_spec"]
    public = {
        name for name in vars(zenlayer_spec) if not name.startswith("_") and callable(getattr(zenlayer_spec, name))
    }
    assert public - {"Spec", "SpecError", "load_spec"} == set()
