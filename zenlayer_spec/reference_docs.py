"""Make the documentation variant of the spec that the HTML reference is rendered from.

Redoc shows schemas, not the `x-zc-*` extensions, so this writes the facts those carry into
descriptions: each operation gets its business checks in order and a table of the codes it can answer,
by HTTP status, with what each means, an operation with a waiter says what to wait for, every rule shows
where it comes from (`x-zc-source`), and the overview ends with the whole error-code catalogue. Only
descriptions change; the variant is never used for anything but rendering.

Usage: `python -m zenlayer_spec.reference_docs [--spec SPEC] OUTPUT.yaml`
"""

from __future__ import annotations

import argparse
import copy
import sys
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

import yaml

from zenlayer_spec import samples as samples_module
from zenlayer_spec.document import JSON, SPEC_PATH, SpecError, copy_document
from zenlayer_spec.errors import ErrorCode, error_catalogue
from zenlayer_spec.operations import Operation, operations
from zenlayer_spec.provenance import (
    CHECKS_KEY,
    SOURCE_KEY,
    BusinessCheck,
    Source,
    business_checks,
    error_code_sources,
)
from zenlayer_spec.spec import Spec, spec_from_document

_KIND_LABELS = {"vendor-docs": "vendor docs", "vendor-sdk": "vendor SDK", "project-rule": "project rule"}


def _source_text(source: Source | str) -> str:
    parsed = Source.parse(source) if isinstance(source, str) else source
    return f"*{_KIND_LABELS[parsed.kind.value]}*: {_one_line(parsed.text)}"


def _sources_text(raw: object) -> str | None:
    """A schema's or an operation's `x-zc-source` as a line of Markdown (one entry per rule)."""
    if isinstance(raw, str):
        return f"**Source.** {_source_text(raw)}"
    if isinstance(raw, Mapping) and raw:
        return "**Sources.** " + "; ".join(f"`{rule}`: {_source_text(str(text))}" for rule, text in raw.items())
    return None


def _annotate_schemas(node: object) -> None:
    """Append each schema's sources to its description, at any depth."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, MutableMapping):
            text = _sources_text(item.get(SOURCE_KEY))
            if text is not None and (item.get("type") is not None or "enum" in item or "properties" in item):
                _append(item, text)
            if (parts := _parts_text(item.get("allOf"))) is not None:
                _append(item, parts)
            stack.extend(value for key, value in item.items() if key != SOURCE_KEY)
        elif isinstance(item, list):
            stack.extend(item)


def _parts_text(members: object) -> str | None:
    """An `allOf` of titled patterns (a rule in parts) as a list: each part's words, pattern and source."""
    if not isinstance(members, list) or not all(isinstance(m, Mapping) and "title" in m for m in members):
        return None
    lines = ["**Each of these parts must hold.**", ""]
    for member in members:
        pattern = f" ({_inline_code(str(member['pattern']))})" if "pattern" in member else ""
        source = f": {_source_text(str(member[SOURCE_KEY]))}" if SOURCE_KEY in member else ""
        title = _one_line(str(member["title"])).replace("`", "\\`")  # a backtick in prose is a character
        lines.append(f"- {title}{pattern}{source}")
    return "\n".join(lines)


def _inline_code(text: str) -> str:
    """Markdown inline code, fenced with two backticks when the text holds one."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _code_cell(code: str) -> str:
    """An error code in a narrow table column: it may wrap after an underscore, never inside a word
    (inline code in Redoc breaks anywhere)."""
    return f'<code style="word-break: normal; overflow-wrap: normal">{code.replace("_", "_<wbr>")}</code>'


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _append(node: MutableMapping[str, Any], text: str) -> None:
    existing = str(node.get("description", "")).rstrip()
    node["description"] = f"{existing}\n\n{text}\n" if existing else f"{text}\n"


def _waiter_text(operation: Operation) -> str:
    waiter = operation.waiter
    assert waiter is not None
    failure = ", ".join(f"`{status}`" for status in waiter.failure)
    pending = ", ".join(f"`{status}`" for status in waiter.pending)
    absent = " An instance missing from the answer also means failure." if waiter.absent_is_failure else ""
    return (
        f"**Waiting.** After a 200, poll `{waiter.poll}` every {waiter.delay_seconds:g} s until the "
        f"instance is `{waiter.target}`, for at most {waiter.timeout_seconds:g} s. While pending it is "
        f"{pending}; {failure} mean the change failed.{absent}"
    )


def _operation_errors_text(
    operation: Operation, catalogue: Mapping[str, ErrorCode], sources: Mapping[str, Source]
) -> str:
    lines = ["**Error codes.**", "", "| HTTP | code | meaning | source |", "| --- | --- | --- | --- |"]
    for status, codes in operation.error_codes.items():
        lines += [
            f"| {status} | {_code_cell(code)} | {_one_line(catalogue[code].description)} | "
            f"{_source_text(sources[code])} |"
            for code in codes
        ]
    return "\n".join(lines)


def _checks_text(document: Mapping[str, JSON], operation: Operation) -> str | None:
    checks = business_checks(document).get(operation.operation_id, [])
    if not checks:
        return None
    lines = ["**Business checks**, after the schema, in this order:", "", "| # | id | check | answer | source |"]
    lines.append("| --- | --- | --- | --- | --- |")
    lines += [
        f"| {check.position + 1} | `{check.id}` | {check.check} | {_code_cell(check.code)} | "
        f"{_source_text(check.source)} |"
        for check in checks
    ]
    # The rules beside the prose, full width (a table column would wrap them every few characters).
    lines += ["", "**Rules**, as the mock evaluates them (CEL; true passes the check):", ""]
    lines += [f"{check.position + 1}. `{check.id}`: {_rule_cell(check)}" for check in checks]
    return "\n".join(lines)


def _rule_cell(check: BusinessCheck) -> str:
    if check.rule is None:
        return f"held by `{check.enforced_by}`" if check.enforced_by else ""
    rule = "`" + " ".join(check.rule.split()) + "`"
    return f"for each `item` of `{check.each}`: {rule}" if check.each else rule


def _wire_text(spec: Spec, operation: Operation) -> str:
    """The request as it travels: the pseudo-path the reference shows is never sent."""
    base = samples_module.base_path(spec)
    return (
        f"**On the wire:** `POST {base}{spec.endpoint_path}` with the headers `X-ZC-Action: {operation.action}` "
        f"and `X-ZC-Version: {operation.api_version}` (the `#{operation.action}` in the path above only tells "
        "the operations apart in this document; HTTP clients never send it)."
    )


def docs_variant(document: Mapping[str, JSON]) -> dict[str, JSON]:
    """A copy of `document` with the extensions' facts written into descriptions, the wire form of each
    operation and code samples from its first request example."""
    variant = copy.deepcopy(dict(document))
    spec = spec_from_document(document)
    catalogue = error_catalogue(variant)
    sources = error_code_sources(variant)
    for operation in operations(variant).values():
        raw = variant["paths"][operation.pseudo_path]["post"]
        raw["description"] = _wire_text(spec, operation) + "\n\n" + str(raw.get("description", ""))
        raw["x-codeSamples"] = [
            {"lang": sample.lang, "label": sample.label, "source": sample.source}
            for sample in samples_module.samples(spec, operation.operation_id)
        ]
        if operation.waiter is not None:
            _append(raw, _waiter_text(operation))
        checks = _checks_text(variant, operation)
        if checks is not None:
            _append(raw, checks)
        _append(raw, _operation_errors_text(operation, catalogue, sources))
        if (text := _sources_text(raw.get(SOURCE_KEY))) is not None:
            _append(raw, text)
        raw.pop(CHECKS_KEY, None)
    _annotate_schemas(variant["components"].get("schemas", {}))
    _annotate_schemas(variant["components"].get("parameters", {}))
    for operation in operations(document).values():
        _annotate_schemas(variant["paths"][operation.pseudo_path]["post"].get("parameters", []))
    for scheme in variant["components"].get("securitySchemes", {}).values():
        if (text := _sources_text(scheme.get(SOURCE_KEY))) is not None:
            _append(scheme, text)
    _append(variant["info"], "## Error codes\n\n" + _catalogue_table(catalogue, sources))
    return variant


def _catalogue_table(catalogue: Mapping[str, ErrorCode], sources: Mapping[str, Source]) -> str:
    lines = ["| HTTP | code | meaning | source |", "| --- | --- | --- | --- |"]
    lines += [
        f"| {entry.status} | {_code_cell(entry.code)} | {_one_line(entry.description)} | "
        f"{_source_text(sources[entry.code])} |"
        for entry in catalogue.values()
    ]
    return "\n".join(lines)


def write_variant(output: Path, source: Path = SPEC_PATH) -> None:
    """Write the documentation variant of `source` to `output`, atomically."""
    variant = docs_variant(copy_document(source))
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_text(yaml.safe_dump(variant, sort_keys=False, allow_unicode=True), encoding="utf-8")
    partial.replace(output)


# The page's layout: a wider sidebar and middle column (Redoc's defaults wrap a long operation name over
# four lines and an error code over four), set through Redoc 3's CSS custom properties, which its own
# styles set later at run time (hence `!important`).
PAGE_STYLE = (
    "<style>html:root{--sidebar-width:330px !important;--panel-samples-width:36% !important;"
    "--md-content-max-width:100% !important}</style>"
)


def style_page(page: Path) -> None:
    """Give the built HTML reference our layout (once; a page already styled is left as it is)."""
    html = page.read_text(encoding="utf-8")
    if PAGE_STYLE in html:
        return
    end = html.rfind("</body>")
    if end < 0:
        raise SpecError(f"{page}: not an HTML page (no </body>)")
    partial = page.with_name(page.name + ".partial")
    partial.write_text(html[:end] + PAGE_STYLE + html[end:], encoding="utf-8")
    partial.replace(page)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m zenlayer_spec.reference_docs", description="Write the documentation variant of the spec."
    )
    parser.add_argument("output", type=Path, help="where to write the variant (YAML), or with --style the built page")
    parser.add_argument("--spec", type=Path, default=SPEC_PATH, help="the spec to read (default: %(default)s)")
    parser.add_argument("--style", action="store_true", help="give the built HTML page (output) our layout")
    arguments = parser.parse_args(argv)
    try:
        if arguments.style:
            style_page(arguments.output)
        else:
            write_variant(arguments.output, arguments.spec)
    except SpecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
