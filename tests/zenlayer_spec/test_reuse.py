"""Each fact written once: shared checks (`components.x-zc-checks`, listed by `$ref`) and named
expressions (`x-zc-variables`) are resolved when the spec is read, so every reader sees the checks inline,
and a refactoring into shared parts changes nothing a reader, the mock or spec-diff can tell."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from spec_diff import compare_documents
from tests.spec_copies import edited_spec
from zenlayer_spec import SPEC_PATH, SpecError, load_spec
from zenlayer_spec.document import parse_document
from zenlayer_spec.pointers import yaml_value

RAW = yaml_value(SPEC_PATH.read_text(encoding="utf-8"))  # libyaml: 0.05 s, not 0.6 s


def test_shared_checks_are_inline_in_every_operation_that_lists_them() -> None:
    assert "x-zc-checks" in RAW["components"]
    assert {"use": "instances-running"} in RAW["paths"]["/vm#StopInstances"]["post"]["x-zc-business-checks"]
    spec = load_spec()
    assert "x-zc-checks" not in spec.document["components"]
    stop = spec.document["paths"]["/vm#StopInstances"]["post"]["x-zc-business-checks"]
    reboot = spec.document["paths"]["/vm#RebootInstances"]["post"]["x-zc-business-checks"]
    assert stop == reboot  # one definition, two operations
    assert [check["id"] for check in stop] == ["instance-exists", "instance-not-recycled", "instance-running"]
    assert stop[2]["rule"] == RAW["components"]["x-zc-checks"]["instances-running"]["rule"]


def test_waiters_and_effects_are_shared_too() -> None:
    spec = load_spec()
    assert RAW["paths"]["/vm#StopInstances"]["post"]["x-zc-waiter"]["use"] == "instance-status"
    stop, reset = spec.operations["StopInstances"].waiter, spec.operations["ResetInstance"].waiter
    assert stop is not None
    assert reset is not None
    assert (stop.target, stop.pending, stop.timeout_seconds) == ("STOPPED", ("STOPPING",), 300.0)
    assert (reset.target, reset.pending, reset.timeout_seconds) == ("RUNNING", ("REBUILDING",), 600.0)  # overrides
    assert stop.failure == reset.failure  # one definition
    effects = spec.document["paths"]["/vm#StartInstances"]["post"]["x-zc-effects"]
    assert effects == [{"kind": "instance", "ids": "request.instanceIds", "transition": True}]


def test_variables_are_written_out_where_they_are_used() -> None:
    variables = RAW["paths"]["/vm#ResetInstance"]["post"]["x-zc-variables"]
    assert set(variables) == {"instance", "image"}
    rules = {rule.id: rule for rule in load_spec().behaviours.operations["ResetInstance"].rules}
    stopped = rules["instance-stopped"].expression
    assert stopped is not None
    assert stopped.text == "(instances[request.instanceId]).status == 'STOPPED'"
    assert "variables." not in str(load_spec().document["paths"]["/vm#ResetInstance"])


def test_keys_beside_a_ref_override_the_shared_ones(tmp_path: Path) -> None:
    def other_example(document: dict[str, Any]) -> None:
        checks = document["paths"]["/vm#RebootInstances"]["post"]["x-zc-business-checks"]
        checks[0] = {"use": "instances-exist", "example": {"instanceIds": ["ins-gone"]}}

    checks = load_spec(edited_spec(tmp_path, other_example)).business_checks["RebootInstances"]
    assert checks[0].example == {"instanceIds": ["ins-gone"]}
    assert checks[0].id == "instance-exists"


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (
            lambda d: d["paths"]["/vm#ResetInstance"]["post"]["x-zc-business-checks"][3].update(
                rule="variables.instanse.status == 'STOPPED'"
            ),
            "`variables.instanse` is not a variable of this operation (declared: instance, image)",
        ),
        (
            lambda d: d["paths"]["/vm#ResetInstance"]["post"].update({"x-zc-variable": {"a": "1"}}),
            "unknown key `x-zc-variable`: did you mean `x-zc-variables`?",
        ),
        (
            lambda d: d["paths"]["/vm#StopInstances"]["post"]["x-zc-business-checks"].append(
                {"use": "instances-stopped"}
            ),
            "`use: instances-stopped` names nothing of components.x-zc-checks (it has: instances-exist,",
        ),
    ],
    ids=["unknown variable", "misspelled key", "unknown shared check"],
)
def test_a_slip_in_the_shared_parts_is_a_spec_error(edit: Any, says: str, tmp_path: Path) -> None:
    path = edited_spec(tmp_path, edit)
    with pytest.raises(SpecError, match=re.escape(says)):
        _ = load_spec(path).behaviours


def test_a_refactoring_into_shared_parts_is_no_change_to_spec_diff() -> None:
    """StartInstances with its shared checks written inline again: the same spec to every reader."""
    inline = copy.deepcopy(RAW)
    shared = inline["components"]["x-zc-checks"]
    checks = inline["paths"]["/vm#StartInstances"]["post"]["x-zc-business-checks"]
    checks[:] = [copy.deepcopy(shared[c["use"]]) if "use" in c else c for c in checks]
    before = parse_document(yaml.safe_dump(inline, sort_keys=False), "inline")
    after = parse_document(SPEC_PATH.read_text(encoding="utf-8"), "shared")
    assert compare_documents(before, after).changes == ()


def _line_of(path: Path, text: str, after: str = "") -> int:
    """The 1-based line of the first `text` in the file at or after the first `after`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(index for index, line in enumerate(lines) if after in line) if after else 0
    return next(index for index, line in enumerate(lines) if index >= start and text in line) + 1


def test_a_mistake_in_a_shared_part_is_located_where_the_shared_part_is_written(tmp_path: Path) -> None:
    """A misspelled attribute in a shared check's rule, and an unknown key in a shared effect, are written
    once under components: the message names that line and pointer (and the `use` that brought it), not
    the `use: <name>` line of an operation, where the mistake is not to be found."""

    def misspelled(document: dict[str, Any]) -> None:
        shared = document["components"]["x-zc-checks"]["instances-running"]
        shared["rule"] = shared["rule"].replace(".status", ".stauts")

    (tmp_path / "rule").mkdir()
    path = edited_spec(tmp_path / "rule", misspelled)
    with pytest.raises(SpecError) as raised:
        _ = load_spec(path).behaviours  # compiled on first use
    line = _line_of(path, "stauts")
    assert f"{path}:{line}: /components/x-zc-checks/instances-running/rule (through `use` at /paths/~1vm#" in str(
        raised.value
    )

    def unknown_key(document: dict[str, Any]) -> None:
        shared = document["components"]["x-zc-shared-effects"]["listed-instances-change"]
        shared["transiton"] = shared.pop("transition")

    (tmp_path / "key").mkdir()
    path = edited_spec(tmp_path / "key", unknown_key)
    with pytest.raises(SpecError) as raised:
        _ = load_spec(path).behaviours
    line = _line_of(path, "transiton")
    assert f"{path}:{line}: /components/x-zc-shared-effects/listed-instances-change/transiton (through" in str(
        raised.value
    )
    assert "did you mean `transition`?" in str(raised.value)


def test_a_key_beside_use_is_located_where_it_is_written() -> None:
    """An override beside `use` is the operation's own: its line is the operation's, not the shared part's."""
    from zenlayer_spec.pointers import LineIndex

    index = LineIndex(SPEC_PATH.read_text(encoding="utf-8"))
    reset_waiter = "/paths/~1vm#ResetInstance/post/x-zc-waiter"
    line, written = index.place(f"{reset_waiter}/timeoutSeconds")  # ResetInstance's own 600 s
    assert (line, written) == (
        _line_of(SPEC_PATH, "x-zc-waiter: {use: instance-status", "/vm#ResetInstance"),
        f"{reset_waiter}/timeoutSeconds",
    )
    line, written = index.place(f"{reset_waiter}/failure")  # the shared waiter's
    assert written == "/components/x-zc-waiters/instance-status/failure"
    assert line == _line_of(SPEC_PATH, "failure: [", "x-zc-waiters:")


@pytest.mark.parametrize(
    ("component", "name", "shared"),
    [
        ("x-zc-checks", "never-used", {"id": "x", "chek": "a typo nothing would see", "rule": "true"}),
        ("x-zc-waiters", "idle", {"poll": "DescribeInstancesStatus", "ids": "$request.body#/instanceIds"}),
        ("x-zc-shared-effects", "spare", {"kind": "instance", "ids": "request.instanceIds", "transiton": True}),
    ],
)
def test_a_shared_part_no_operation_uses_is_a_located_error(
    component: str, name: str, shared: dict[str, Any], tmp_path: Path
) -> None:
    """What is used is checked where it is used; a part nothing uses would keep its mistakes unseen."""

    def unused(document: dict[str, Any]) -> None:
        document["components"][component][name] = shared

    path = edited_spec(tmp_path, unused)
    with pytest.raises(SpecError) as raised:
        load_spec(path)
    line = _line_of(path, f"{name}:", f"{component}:")
    assert str(raised.value) == (
        f"{path}:{line}: /components/{component}/{name}: components.{component}.{name} is used by no operation: "
        f"list it where it applies (`use: {name}`) or remove it"
    )


def test_a_reference_to_itself_is_located_not_followed_forever() -> None:
    from zenlayer_spec.pointers import LineIndex

    text = "components:\n  x-zc-checks:\n    loop:\n      $ref: '#/components/x-zc-checks/loop'\n"
    line, written = LineIndex(text).place("/components/x-zc-checks/loop/rule")
    assert line == 3  # `loop:`, the deepest place the text has
    assert written.startswith("/components/x-zc-checks/loop")
