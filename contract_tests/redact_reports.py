"""`python -m contract_tests.redact_reports FILE...`: redact every secret field of the spec (`x-zc-secret`:
passwords, init scripts, at any depth) in the request and answer bodies of `st run`'s reports, in place.

Schemathesis's own sanitization (`st run --report har,vcr`) covers headers, URLs and its reproduce lines
(the suite's hooks add the spec's secret fields to its keys), not the bodies it records: a run's HAR or
VCR cassette holds every generated password in clear. This reads both formats, bodies kept as text or as
base64 (`--report-preserve-bytes`), and refuses, in words and leaving the file as it was, a file it
cannot read as either (JUnit XML carries no bodies but Schemathesis's sanitized reproduce lines). The
pytest suite's cassette is redacted as it is written. Each file is replaced whole (a temporary file,
then a rename), so an interrupted run leaves the old file or the new.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import yaml

from zenlayer_spec import load_spec
from zenlayer_spec.redaction import Redactor


class CannotRedact(ValueError):
    """The file is not a report this module can read: left as it was."""


@attrs.define
class Count:
    bodies: int = 0  # bodies read
    redacted: int = 0  # of those, bodies in which a secret was found and redacted

    def line(self, path: Path, kind: str) -> str:
        return f"{path}: {kind}, {self.bodies} bodies read, {self.redacted} with secrets redacted"


def _redacted_json(text: str, redactor: Redactor) -> str | None:
    """`text` with the secrets of its JSON redacted; None when it is not JSON."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return json.dumps(redactor.value(document))


def _redacted(text: str, redactor: Redactor, is_base64: bool | None) -> str:
    """A body as a report stores it, redacted and stored the same way. `is_base64` None: either, as it reads
    (HAR's request bodies carry no marker of their encoding)."""
    if not is_base64:
        plain = _redacted_json(text, redactor)
        if plain is not None:
            return plain
        if is_base64 is False:
            return redactor.text(text)  # not JSON: by key name, as the cassette does
    try:
        raw = base64.b64decode(text, validate=True)
        decoded = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        if is_base64:
            raise CannotRedact("a body marked base64 is not base64 of UTF-8 text") from None
        return redactor.text(text)
    inner = _redacted_json(decoded, redactor)
    redacted = inner if inner is not None else redactor.text(decoded)
    return base64.b64encode(redacted.encode("utf-8")).decode("ascii") if redacted != decoded else text


def _one(holder: dict[str, Any], key: str, redactor: Redactor, is_base64: bool | None, count: Count) -> None:
    value = holder.get(key)
    if not isinstance(value, str):
        return
    count.bodies += 1
    redacted = _redacted(value, redactor, is_base64)
    if redacted != value:
        holder[key] = redacted
        count.redacted += 1


def redact_har(document: Any, redactor: Redactor) -> Count:  # noqa: ANN401 - a parsed report
    count = Count()
    entries = document.get("log", {}).get("entries") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise CannotRedact("JSON without HAR's log.entries")
    for entry in entries:
        post = entry.get("request", {}).get("postData")
        if isinstance(post, dict):
            _one(post, "text", redactor, None, count)
        content = entry.get("response", {}).get("content")
        if isinstance(content, dict):
            _one(content, "text", redactor, content.get("encoding") == "base64", count)
    return count


def redact_vcr(document: Any, redactor: Redactor) -> Count:  # noqa: ANN401 - a parsed report
    count = Count()
    interactions = document.get("http_interactions") if isinstance(document, dict) else None
    if not isinstance(interactions, list):
        raise CannotRedact("YAML without a VCR cassette's http_interactions")
    for interaction in interactions:
        for side in ("request", "response"):
            body = (interaction.get(side) or {}).get("body") if isinstance(interaction, dict) else None
            if isinstance(body, dict):
                _one(body, "string", redactor, False, count)
                _one(body, "base64_string", redactor, True, count)
    return count


def _read(path: Path) -> tuple[str, Any, Callable[[Any, Redactor], Count], Callable[[Any], str]]:
    text = path.read_text(encoding="utf-8")
    try:
        return "HAR", json.loads(text), redact_har, json.dumps
    except ValueError:
        pass
    try:
        document = yaml.load(text, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader)
    except yaml.YAMLError:
        document = None
    if isinstance(document, dict) and "http_interactions" in document:
        return "VCR", document, redact_vcr, lambda value: yaml.safe_dump(value, allow_unicode=True, sort_keys=False)
    raise CannotRedact("neither a HAR (JSON) nor a VCR cassette (YAML); JUnit XML carries no bodies")


def redact_file(path: Path) -> str:
    """Redact `path` in place; the line that says what was done. CannotRedact leaves it as it was."""
    kind, document, redact, dump = _read(path)
    count = redact(document, load_spec().redactor())
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(dump(document))
    Path(temporary).replace(path)
    return count.line(path, kind)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m contract_tests.redact_reports FILE.har|FILE.yaml...", file=sys.stderr)
        return 2
    failed = 0
    for name in argv:
        path = Path(name)
        try:
            print(redact_file(path))
        except (OSError, ValueError, UnicodeDecodeError) as error:
            print(f"error: {path}: not redacted, left as it was ({error})", file=sys.stderr)
            failed = 1
    return failed


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
