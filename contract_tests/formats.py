"""A strategy for the password that produces exactly the language of its pattern, registered as the
`password` format (Schemathesis then generates passwords without regex lookaheads, which are slow).

It is read from the spec's own pattern when the pattern has the shape "one of each of these groups,
then N to M characters of this class" (`(?=.*[...])...[...]{N,M}$`); any other shape leaves
Schemathesis's own generation in place. tests/contract_suite/test_formats.py proves the two languages
are the same, both ways.
"""

from __future__ import annotations

import re
import string

import attrs
import schemathesis
from hypothesis import strategies as st

from contract_tests import run as run_state

FORMAT = "password"
_LOOKAHEAD = re.compile(r"\(\?=\.\*\[([^\]]+)\]\)")
_BODY = re.compile(r"\[([^\]]+)\]\{(\d+),(\d+)\}\$$")


@attrs.frozen
class GroupedCharacters:
    """Every value: `minimum` to `maximum` characters of `allowed`, with one at least of each group."""

    groups: tuple[str, ...]
    allowed: str
    minimum: int
    maximum: int

    def matches(self, value: str) -> bool:
        return (
            self.minimum <= len(value) <= self.maximum
            and all(character in self.allowed for character in value)
            and all(any(character in group for character in value) for group in self.groups)
        )

    def strategy(self) -> st.SearchStrategy[str]:
        """Any member of the language: a character of each group, the rest from `allowed`, shuffled."""

        @st.composite
        def values(draw: st.DrawFn) -> str:
            length = draw(st.integers(self.minimum, self.maximum))
            required = [draw(st.sampled_from(group)) for group in self.groups]
            rest = draw(
                st.lists(
                    st.sampled_from(self.allowed), min_size=length - len(required), max_size=length - len(required)
                )
            )
            return "".join(draw(st.permutations(required + rest)))

        return values()


def _expand(character_class: str) -> str:
    """The characters of a regex class body such as `a-zA-Z0-9!@#-` (ranges, a trailing `-` literal)."""
    found: list[str] = []
    index = 0
    while index < len(character_class):
        if index + 2 < len(character_class) and character_class[index + 1] == "-":
            start, end = character_class[index], character_class[index + 2]
            found += [chr(code) for code in range(ord(start), ord(end) + 1)]
            index += 3
        else:
            found.append(character_class[index].replace("\\", ""))
            index += 1
    return "".join(dict.fromkeys(character for character in found if character))


def grouped_characters(pattern: str) -> GroupedCharacters | None:
    """The pattern as GroupedCharacters, or None if it does not have that shape."""
    groups = _LOOKAHEAD.findall(pattern)
    body = _BODY.search(pattern)
    rest = _LOOKAHEAD.sub("", pattern)
    if not groups or body is None or rest != f"^{body.group(0)}" or "\\" in pattern:
        return None
    allowed = _expand(body.group(1))
    expanded = tuple(_expand(group) for group in groups)
    if not allowed or any(not set(group) <= set(allowed) for group in expanded):
        return None
    if not set(allowed) <= set(string.printable):
        return None
    return GroupedCharacters(expanded, allowed, int(body.group(2)), int(body.group(3)))


def password_language() -> GroupedCharacters | None:
    """The language of the spec's password pattern (the schema whose format is `password`)."""
    for schema in run_state.DOCUMENT["components"]["schemas"].values():
        if schema.get("format") == FORMAT and isinstance(schema.get("pattern"), str):
            return grouped_characters(schema["pattern"])
    return None


def register() -> None:
    language = password_language()
    if language is not None:
        schemathesis.openapi.format(FORMAT, language.strategy())
