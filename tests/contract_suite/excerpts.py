"""What a self-test shows when a run of the suite it made went wrong: the first failure's first lines
(where the cause is), then the short summary; a tail alone cuts the cause off."""

from __future__ import annotations

import re

_SECTION = re.compile(r"^=+ (FAILURES|ERRORS) =+$")
_SUMMARY = re.compile(r"^=+ short test summary info =+$")


def excerpt(output: str, lines: int = 60) -> str:
    """The first failure or error section's first `lines` lines and the short summary; without either,
    the first and the last lines of the output."""
    text = output.splitlines()
    start = next((index for index, line in enumerate(text) if _SECTION.match(line)), None)
    summary = next((index for index, line in enumerate(text) if _SUMMARY.match(line)), None)
    parts: list[str] = []
    if start is not None:
        parts += text[start : start + lines]
    if summary is not None:
        parts += ["[...]", *text[summary : summary + lines]]
    if not parts:
        parts = [*text[:lines], "[...]", *text[-lines:]] if len(text) > 2 * lines else text
    return "\n".join(parts)
