"""The documentation variant carries the extensions' facts in descriptions and is written atomically."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from zenlayer_spec import SpecError
from zenlayer_spec.document import load_document
from zenlayer_spec.errors import error_catalogue
from zenlayer_spec.operations import operations
from zenlayer_spec.reference_docs import PAGE_STYLE, docs_variant, main, style_page, write_variant

DOCUMENT = load_document()


def test_each_operation_lists_its_codes_with_their_meaning() -> None:
    variant = docs_variant(DOCUMENT)
    catalogue = error_catalogue(DOCUMENT)
    for operation in operations(DOCUMENT).values():
        description = variant["paths"][operation.pseudo_path]["post"]["description"]
        for status, codes in operation.error_codes.items():
            for code in codes:
                first_words = " ".join(catalogue[code].description.split()[:4])
                assert f"| {status} | {cell(code)} | {first_words}" in description


def test_waiters_are_spelled_out() -> None:
    variant = docs_variant(DOCUMENT)
    reset = variant["paths"]["/vm#ResetInstance"]["post"]["description"]
    assert "poll `DescribeInstancesStatus` every 5 s until the instance is `RUNNING`, for at most 600 s" in reset
    images = variant["paths"]["/vm#DescribeImages"]["post"]["description"]
    assert "Waiting" not in images


def test_the_source_document_is_left_alone() -> None:
    before = yaml.safe_dump(DOCUMENT)
    docs_variant(DOCUMENT)
    assert yaml.safe_dump(DOCUMENT) == before


def test_write_variant_replaces_the_output_whole(tmp_path: Path) -> None:
    output = tmp_path / "docs" / "variant.yaml"
    write_variant(output)
    written = yaml.safe_load(output.read_text(encoding="utf-8"))
    assert "## Error codes" in written["info"]["description"]
    assert [path.name for path in output.parent.iterdir()] == ["variant.yaml"]


def test_a_broken_spec_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "spec.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: [\n", encoding="utf-8")
    output = tmp_path / "variant.yaml"
    assert main(["--spec", str(broken), str(output)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "spec.yaml:3:1: not valid YAML" in err
    assert "Traceback" not in err
    assert not output.exists()


def cell(code: str) -> str:
    """An error code as the reference's tables write it (wrapping only after an underscore)."""
    return f'<code style="word-break: normal; overflow-wrap: normal">{code.replace("_", "_<wbr>")}</code>'


def test_every_rule_shows_its_source() -> None:
    variant = docs_variant(DOCUMENT)
    reset = variant["paths"]["/vm#ResetInstance"]["post"]["description"]
    assert "**Business checks**" in reset
    assert (
        f"| 4 | `instance-stopped` | the instance is STOPPED | {cell('OPERATION_DENIED_INSTANCE_NOT_STOPPED')} "
        "| *project rule*:" in reset
    )
    # Each rule beside its prose: the expression the mock evaluates (variables written out), by the check's number.
    assert "4. `instance-stopped`: `(instances[request.instanceId]).status == 'STOPPED'`" in reset
    assert "1. `password-xor-key`: held by `not`" in reset
    stop = variant["paths"]["/vm#StopInstances"]["post"]["description"]
    assert "1. `instance-exists`: for each `item` of `instanceIds`: `item in instances`" in stop
    assert f"| 404 | {cell('INVALID_INSTANCE_NOT_FOUND')} |" in reset
    assert "*vendor docs*: docs:reset, error codes |" in reset
    assert "`waiter`: *vendor docs*:" in reset
    password = variant["components"]["schemas"]["InstancePassword"]["description"]
    assert "`minLength`: *vendor docs*: docs:reset" in password
    assert "- a digit (0-9) (`[0-9]`): *project rule*:" in password  # each part of the rule, with its source
    name = variant["components"]["schemas"]["ResetInstanceRequest"]["properties"]["instanceName"]["description"]
    assert "**Source.** *project rule*: the vendor documents no limit" in name
    assert "*vendor SDK*:" in variant["components"]["schemas"]["ImageType"]["description"]
    assert f"| 404 | {cell('INVALID_ZONE_NOT_FOUND')} |" in variant["info"]["description"]


def test_error_codes_in_tables_wrap_only_after_an_underscore() -> None:
    variant = docs_variant(load_document())
    description = variant["paths"]["/vm#ResetInstance"]["post"]["description"]
    wrapped = '<code style="word-break: normal; overflow-wrap: normal">INVALID_<wbr>INSTANCE_<wbr>NOT_<wbr>FOUND</code>'
    assert f"| {wrapped} |" in description
    assert "`INVALID_INSTANCE_NOT_FOUND`" not in description.split("Business checks", 1)[1]


def test_the_built_page_gets_the_layout_once_and_a_non_page_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text("<html><head></head><body><div id=app></div></body></html>", encoding="utf-8")
    style_page(page)
    style_page(page)  # again: nothing more
    html = page.read_text(encoding="utf-8")
    assert html.count(PAGE_STYLE) == 1
    assert html.index(PAGE_STYLE) < html.index("</body>")
    other = tmp_path / "not.html"
    other.write_text("plain text", encoding="utf-8")
    with pytest.raises(SpecError, match="not an HTML page"):
        style_page(other)
    assert other.read_text(encoding="utf-8") == "plain text"
