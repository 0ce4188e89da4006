"""Make the documentation variant of the spec that the HTML reference is rendered from.

Redoc shows schemas, not the `x-zc-*` extensions, so this writes the facts those carry into
descriptions: each operation gets a table of the codes it can answer, by HTTP status, with what each
means, an operation with a waiter says what to wait for, and the overview ends with the whole
error-code catalogue. Only descriptions change; the variant is never used for anything but rendering.

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

from zenlayer_spec.document import JSON, SPEC_PATH, SpecError, copy_document
from zenlayer_spec.errors import ErrorCode, error_catalogue
from zenlayer_spec.operations import Operation, operations


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


def _operation_errors_text(operation: Operation, catalogue: Mapping[str, ErrorCode]) -> str:
    lines = ["**Error codes.**", "", "| HTTP | code | meaning |", "| --- | --- | --- |"]
    for status, codes in operation.error_codes.items():
        lines += [f"| {status} | `{code}` | {_one_line(catalogue[code].description)} |" for code in codes]
    return "\n".join(lines)


def docs_variant(document: Mapping[str, JSON]) -> dict[str, JSON]:
    """A copy of `document` with the extensions' facts written into descriptions."""
    variant = copy.deepcopy(dict(document))
    catalogue = error_catalogue(variant)
    for operation in operations(variant).values():
        raw = variant["paths"][operation.pseudo_path]["post"]
        if operation.waiter is not None:
            _append(raw, _waiter_text(operation))
        _append(raw, _operation_errors_text(operation, catalogue))
    _append(variant["info"], "## Error codes\n\n" + _catalogue_table(catalogue))
    return variant


def _catalogue_table(catalogue: Mapping[str, ErrorCode]) -> str:
    lines = ["| HTTP | code | meaning |", "| --- | --- | --- |"]
    lines += [f"| {entry.status} | `{entry.code}` | {_one_line(entry.description)} |" for entry in catalogue.values()]
    return "\n".join(lines)


def write_variant(output: Path, source: Path = SPEC_PATH) -> None:
    """Write the documentation variant of `source` to `output`, atomically."""
    variant = docs_variant(copy_document(source))
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_text(yaml.safe_dump(variant, sort_keys=False, allow_unicode=True), encoding="utf-8")
    partial.replace(output)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m zenlayer_spec.reference_docs", description="Write the documentation variant of the spec."
    )
    parser.add_argument("output", type=Path, help="where to write the variant (YAML)")
    parser.add_argument("--spec", type=Path, default=SPEC_PATH, help="the spec to read (default: %(default)s)")
    arguments = parser.parse_args(argv)
    try:
        write_variant(arguments.output, arguments.spec)
    except SpecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
