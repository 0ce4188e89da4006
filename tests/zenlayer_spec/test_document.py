"""Reading the spec: a broken file gives a located, one-line SpecError, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zenlayer_spec import SPEC_PATH, SpecError, load_spec, pointers
from zenlayer_spec.behaviour import ExpressionFailed
from zenlayer_spec.document import dereference, parse_document, read_document, resolve_pointer
from zenlayer_spec.operations import operations


def test_the_spec_reads_and_has_the_reset_and_the_calls_around_it() -> None:
    document = read_document()
    assert document["info"]["version"] == "2026-04-01"
    listed = list(operations(document))
    # The mission's four, in the spec's order (others may be added between and after them).
    core = ["ResetInstance", "StopInstances", "DescribeInstancesStatus", "DescribeImages"]
    assert [name for name in listed if name in core] == core


def _texts_given_to(monkeypatch: pytest.MonkeyPatch, function: str) -> list[str]:
    """The texts each later call of zenlayer_spec.pointers.<function> is given (it still runs)."""
    given: list[str] = []
    real = getattr(pointers, function)

    def counted(text: str) -> object:
        given.append(text)
        return real(text)

    monkeypatch.setattr(pointers, function, counted)
    return given


def _spec_copy(path: Path, verb: str) -> tuple[str, Path]:
    """The spec written to `path` with a comment of its own: a text no other test has {verb}."""
    text = SPEC_PATH.read_text(encoding="utf-8") + f"\n# a text no other test {verb}\n"
    path.write_text(text, encoding="utf-8")
    return text, path


def test_the_same_text_is_parsed_once_and_each_reader_gets_its_own_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _texts_given_to(monkeypatch, "yaml_value")
    text, copy = _spec_copy(tmp_path / "copy.yaml", "parsed")
    first = parse_document(text, "spec")
    first["info"]["version"] = "edited"
    second = read_document(copy)  # another name, the same text
    assert len(parsed) == 1
    assert second["info"]["version"] == "2026-04-01"
    broken = text.replace("openapi:", "openapi: [", 1)
    for _ in range(2):  # a failure is not remembered: each reader gets its own located message
        with pytest.raises(SpecError, match=r"^elsewhere\.yaml:\d+:\d+: not valid YAML"):
            parse_document(broken, "elsewhere.yaml")
    assert len(parsed) == 3


def test_invalid_yaml_is_located(tmp_path: Path) -> None:
    broken = tmp_path / "spec.yaml"
    broken.write_text("openapi: 3.1.0\ninfo:\n  title: [unclosed\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"spec\.yaml:\d+:\d+: not valid YAML"):
        read_document(broken)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=r"nope\.yaml: cannot read the spec"):
        read_document(tmp_path / "nope.yaml")


def test_a_spec_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    listed = tmp_path / "spec.yaml"
    listed.write_text("- openapi\n", encoding="utf-8")
    with pytest.raises(SpecError, match="not a mapping"):
        read_document(listed)


def test_pointers_resolve_and_dangling_ones_are_named() -> None:
    document = read_document(SPEC_PATH)
    assert resolve_pointer(document, "#/components/schemas/InstanceId")["type"] == "string"
    assert dereference(document, {"$ref": "#/components/parameters/ApiVersion"})["name"] == "X-ZC-Version"
    with pytest.raises(SpecError, match="#/components/schemas/Nope does not exist"):
        resolve_pointer(document, "#/components/schemas/Nope")
    with pytest.raises(SpecError, match="only local references"):
        resolve_pointer(document, "other.yaml#/x")


def test_reference_cycles_are_reported() -> None:
    document = {"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}}
    with pytest.raises(SpecError, match="reference cycle"):
        dereference(document, {"$ref": "#/a"})


def test_an_operation_without_an_error_schema_is_refused() -> None:
    document = read_document()
    raw = document["paths"]["/vm#DescribeImages"]["post"]
    raw["responses"]["404"] = {"description": "no body"}
    with pytest.raises(SpecError, match=r"/vm#DescribeImages\.post\.responses\.404: no error schema"):
        operations(document)


def test_an_operation_without_an_action_default_is_refused() -> None:
    document = read_document()
    raw = document["paths"]["/vm#StopInstances"]["post"]
    del raw["parameters"][0]["schema"]["default"]
    with pytest.raises(SpecError, match="header X-ZC-Action has no string default"):
        operations(document)


def test_where_a_rule_is_written_is_found_only_when_a_message_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding a line composes the spec's YAML (a quarter of reading it): done for a message, not before."""
    composed = _texts_given_to(monkeypatch, "_composed")
    text, copy = _spec_copy(tmp_path / "spec.yaml", "composed")
    behaviours = load_spec(copy).behaviours
    assert composed == []
    rule = next(rule for rule in behaviours.operations["ResetInstance"].rules if rule.expression is not None)
    assert rule.expression is not None
    failing = behaviours.compile("request.noSuchField == 1", rule.expression.where)
    with pytest.raises(ExpressionFailed) as failed:
        failing.evaluate(behaviours.environment.Activation({"request": {}}))
    pointer = f"/paths/~1vm#ResetInstance/post/x-zc-business-checks/{rule.position}/rule"
    located = re.match(rf"{re.escape(str(copy))}:(\d+): {re.escape(pointer)}: ", str(failed.value))
    assert located, str(failed.value)
    assert text.splitlines()[int(located.group(1)) - 1].strip().startswith("rule:")
    assert len(composed) == 1  # and once only, however often it is shown
    assert str(rule.expression.where) == str(failing.where)
    assert len(composed) == 1
