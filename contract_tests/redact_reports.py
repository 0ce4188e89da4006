"""`python -m contract_tests.redact_reports FILE...`: redact every secret field of the spec (`x-zc-secret`:
passwords, init scripts, at any depth) in the request and answer bodies of HAR reports, in place.

Schemathesis's own sanitization (`st run --report har`) covers headers and URLs, not bodies: a run's HAR
holds every generated password in clear. The pytest suite's cassette is redacted as it is written; this
is the same redaction for the reports of `st run` (the README runs it right after). Each file is
replaced whole (a temporary file, then a rename), so an interrupted run leaves the old file or the new.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from zenlayer_spec import load_spec


def _redacted_text(text: str, redact: Any) -> str:  # noqa: ANN401 - the spec's redactor
    try:
        document = json.loads(text)
    except ValueError:
        return text  # not JSON: no field to find (the mock answers JSON; a CDN page carries no secret)
    return json.dumps(redact(document))


def redact_har(path: Path) -> int:
    """Redact `path` in place; the number of bodies looked at."""
    redact = load_spec().redactor().value
    har = json.loads(path.read_text(encoding="utf-8"))
    bodies = 0
    for entry in har.get("log", {}).get("entries", []):
        post = entry.get("request", {}).get("postData")
        if isinstance(post, dict) and isinstance(post.get("text"), str):
            post["text"] = _redacted_text(post["text"], redact)
            bodies += 1
        content = entry.get("response", {}).get("content")
        if isinstance(content, dict) and isinstance(content.get("text"), str) and content.get("encoding") is None:
            content["text"] = _redacted_text(content["text"], redact)
            bodies += 1
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(har, stream)
    Path(temporary).replace(path)
    return bodies


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m contract_tests.redact_reports FILE.har...", file=sys.stderr)
        return 2
    for name in argv:
        path = Path(name)
        try:
            bodies = redact_har(path)
        except (OSError, ValueError) as error:
            print(f"error: {path}: cannot redact ({error})", file=sys.stderr)
            return 1
        print(f"{path}: {bodies} bodies redacted")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
