"""What a CEL rule reads, held to what the spec declares: `instances[...].stauts` compiles (the rules see
resources as maps, so CEL cannot know their keys) and then fails on every request. Here every attribute
a rule reads from a resource (`<world>[...].name`, `item.name` where `item` is a listed resource) must be
one its kind declares, and every field it reads from the request (`request.name`) one the request's
schema has: else a located spec error naming the nearest declared name, as Kubernetes does for the CEL
rules of a CRD. (A static reading of the expression's text: string literals are skipped; a method
call such as `.exists(...)` is not an attribute.)"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Set

_IDENTIFIER = re.compile(r"[\s)]*\.\s*([A-Za-z_]\w*)(\s*\()?")  # `(instances[x]).status` too (a variable written out)
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def _without_strings(text: str) -> str:
    return _STRING.sub(lambda match: " " * len(match.group(0)), text)


def _after_brackets(text: str, start: int) -> int:
    """The index just past the `]` matching the `[` at `start` (len(text) if unmatched)."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "[":
            depth += 1
        elif text[index] == "]":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


def _attribute_at(text: str, index: int) -> str | None:
    """The attribute read at `index` (`.name`, not a method call `.name(`), if any."""
    found = _IDENTIFIER.match(text, index)
    if found is None or found.group(2):
        return None
    return found.group(1)


def reads(text: str, worlds: Set[str], item: bool) -> Iterator[tuple[str, str]]:
    """(what, attribute) for each read: what is a world's name, `request`, or `item`."""
    plain = _without_strings(text)
    for world in worlds:
        for found in re.finditer(rf"(?<![\w.]){re.escape(world)}\s*\[", plain):
            name = _attribute_at(plain, _after_brackets(plain, found.end() - 1))
            if name is not None:
                yield world, name
    roots = ("request", "item") if item else ("request",)
    for root in roots:
        for found in re.finditer(rf"(?<![\w.]){root}(?=\s*\.)", plain):
            name = _attribute_at(plain, found.end())
            if name is not None:
                yield root, name


def problems(
    text: str,
    attributes: Mapping[str, Set[str]],
    request_fields: Set[str] | None,
    item_attributes: Set[str] | None,
) -> list[str]:
    """What the rule reads that is not declared. `attributes`: each world's declared attributes;
    `request_fields`: the request's top-level fields (None: not known); `item_attributes`: the attributes of
    the resource `item` stands for (None: `item` is not a resource here)."""
    found = []
    for what, name in reads(text, set(attributes), item_attributes is not None):
        declared = (
            attributes.get(what) if what in attributes else request_fields if what == "request" else item_attributes
        )
        if declared is None or name in declared:
            continue
        shown = f"{what}[...].{name}" if what in attributes else f"{what}.{name}"
        close = difflib.get_close_matches(name, sorted(declared), n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else f"declared: {', '.join(sorted(declared))}"
        missing = f"the request has no field {name!r}" if what == "request" else f"{name!r} is no declared attribute"
        found.append(f"the rule {text!r} reads `{shown}`, and {missing}: {hint}")
    return found


def whole_reads(text: str, worlds: Set[str]) -> set[str]:
    """The worlds an expression reads whole: named other than as `world[...]` (one resource) or after
    `in` (is this id one of them), e.g. `size(instances)`, `instances.filter(i, ...)`: a count or a quota."""
    plain = _without_strings(text)
    found = set()
    for world in worlds:
        for match in re.finditer(rf"(?<![\w.]){re.escape(world)}(?!\w)", plain):
            after = plain[match.end() :].lstrip()
            before = plain[: match.start()].rstrip()
            if not after.startswith("[") and not re.search(r"(?<![\w.])in$", before):
                found.add(world)
    return found
