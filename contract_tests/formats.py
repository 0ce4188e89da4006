"""A strategy for the password that produces exactly the language of its schema, registered as the
`password` format (Schemathesis then draws passwords as members of the language, not by filtering).

It is read from the spec's own schema when that has the shape "N to M characters, only from this
class, with one at least of each of these groups": `minLength`, `maxLength` and an `allOf` of patterns,
one `^[...]*$` (the characters allowed) and one `[...]` per group. Any other shape leaves Schemathesis's
own generation in place. tests/contract_suite/test_formats.py proves the two languages are the same,
both ways.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any

import attrs
import schemathesis
from hypothesis import strategies as st

from contract_tests import run as run_state

FORMAT = "password"
_ALLOWED = re.compile(r"\^\[([^\]]+)\]\*\$")
_GROUP = re.compile(r"\[([^\]]+)\]")


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


def grouped_characters(schema: Mapping[str, Any]) -> GroupedCharacters | None:
    """The schema's language as GroupedCharacters, or None if it does not have that shape."""
    patterns = [schema["pattern"]] if "pattern" in schema else []
    patterns += [member.get("pattern") for member in schema.get("allOf", ()) if isinstance(member, Mapping)]
    if not all(isinstance(pattern, str) and "\\" not in pattern for pattern in patterns):
        return None
    allowed = [match.group(1) for pattern in patterns if (match := _ALLOWED.fullmatch(pattern))]
    groups = [match.group(1) for pattern in patterns if (match := _GROUP.fullmatch(pattern))]
    minimum, maximum = schema.get("minLength", 0), schema.get("maxLength")
    if len(allowed) != 1 or not groups or len(allowed) + len(groups) != len(patterns) or not isinstance(maximum, int):
        return None
    characters = _expand(allowed[0])
    expanded = tuple(_expand(group) for group in groups)
    if not characters or any(not set(group) <= set(characters) for group in expanded):
        return None
    if not set(characters) <= set(string.printable):
        return None
    return GroupedCharacters(expanded, characters, int(minimum), maximum)


def password_language() -> GroupedCharacters | None:
    """The language of the spec's password (the schema whose format is `password`)."""
    for schema in run_state.DOCUMENT["components"]["schemas"].values():
        if schema.get("format") == FORMAT:
            return grouped_characters(schema)
    return None


def register() -> None:
    language = password_language()
    if language is not None:
        schemathesis.openapi.format(FORMAT, language.strategy())
