"""JSON Schema patterns are ECMA-262 regular expressions; Python's `re` reads a few things differently.

The one that matters for this spec: `$` in Python also matches before a trailing newline, so
`^[a-z][a-z0-9]{3,14}$` would accept "eth0\\n". `python_pattern` rewrites `$` (outside character
classes, unescaped) to `\\Z`; compile the result with `re.ASCII`, so that `\\d` and `\\w` stay ASCII as in
ECMA-262.
"""

from __future__ import annotations


def python_pattern(ecma: str) -> str:
    out: list[str] = []
    escaped = in_class = False
    for char in ecma:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "]":
            in_class = False
            out.append(char)
        elif char == "$" and not in_class:
            out.append(r"\Z")
        else:
            out.append(char)
    return "".join(out)
