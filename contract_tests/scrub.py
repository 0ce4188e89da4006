"""No usable secret in anything a run prints or writes: the text of failures (with Schemathesis's
"Reproduce with: curl" lines), captured output and findings pass through here before they reach the
terminal, JUnit or a file. Known secret values (the live credentials, the gateway's run token) become
`<redacted>`; so does anything shaped like a signature or a bearer token, whoever made it."""

from __future__ import annotations

import re
from collections.abc import Iterable

REDACTED = "<redacted>"
_SHAPES = (
    re.compile(r"(Signature=)[0-9a-fA-F]{16,}"),
    re.compile(r"(Bearer )[^\s'\"]+"),
    re.compile(r"(ZC-Contract-Gateway )[^\s'\"]+"),
)


class Scrubber:
    def __init__(self, values: Iterable[str] = ()) -> None:
        self._values = sorted({value for value in values if len(value) >= 4}, key=len, reverse=True)

    def with_values(self, values: Iterable[str]) -> Scrubber:
        return Scrubber([*self._values, *values])

    def __call__(self, text: str) -> str:
        for value in self._values:
            text = text.replace(value, REDACTED)
        for shape in _SHAPES:
            text = shape.sub(lambda match: f"{match.group(1)}{REDACTED}", text)
        return text
