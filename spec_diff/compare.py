"""Compare two versions of the spec: the wire and contract sections, then whatever no rule explains.

Each rule reports where the change was made. A difference that no rule reports is not dropped: if it
lies in documentation (descriptions, examples, sources) it is reported as such, and otherwise as an
unclassified change, treated as breaking until a rule says better.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

import attrs

from spec_diff import pointers
from spec_diff.changes import Change, Level, Report, Section
from spec_diff.contract import contract_changes
from spec_diff.schemas import SchemaComparison
from spec_diff.wire import wire_changes
from zenlayer_spec.document import JSON

# Keys whose values only document: no caller, client or check reads them.
DOC_KEYS = frozenset(
    {
        "description",
        "summary",
        "title",
        "examples",
        "example",
        "x-zc-source",
        "x-zc-sources",
        "externalDocs",
        "contact",
        "license",
        "tags",
        "links",
        "source",
        "check",
    }
)
_COMPONENT = re.compile(r"/components/schemas/[^/]+")
# The client's version itself: what the report decides, never a change of its own.
VERSION_POINTER = "/info/x-zc-client-version"


def compare_documents(
    old: Mapping[str, JSON], new: Mapping[str, JSON], new_text: str = "", old_text: str = ""
) -> Report:
    schemas = SchemaComparison(old, new)
    found = [*wire_changes(old, new, schemas), *contract_changes(old, new)]
    found += schemas.changes()
    explained = [where for change in found for where in (change.location, *change.also)]
    for pointer, documentation in _differences(old, new, "", documents=(old, new)):
        if any(pointers.covers(where, pointer) or pointers.covers(pointer, where) for where in explained):
            continue
        if _COMPONENT.fullmatch(pointer) and not (_exists(old, pointer) and _exists(new, pointer)):
            verb = "added" if _exists(new, pointer) else "removed"
            found.append(
                Change(
                    Section.WIRE,
                    Level.DOCS,
                    f"zc-schema-component-{verb}",
                    f"schema component {pointer.rsplit('/', 1)[-1]} {verb}",
                    pointer,
                    reason="a schema matters only where it is used, and its uses are compared there",
                )
            )
            continue
        if documentation:
            found.append(Change(Section.WIRE, Level.DOCS, "zc-documentation-changed", "documentation changed", pointer))
        else:
            found.append(
                Change(
                    Section.WIRE,
                    Level.BREAKING,
                    "zc-unclassified-change",
                    "a change no rule classifies",
                    pointer,
                    reason="treated as breaking until a rule of spec_diff classifies it",
                )
            )
    new_lines, old_lines = pointers.LineIndex(new_text), pointers.LineIndex(old_text)
    located = []
    for change in found:
        in_new = _exists(new, change.location)
        line = (new_lines if in_new else old_lines).line(change.location)
        located.append(attrs.evolve(change, line=line))
    return Report.of(located)


def _exists(document: Mapping[str, JSON], pointer: str) -> bool:
    try:
        pointers.get(document, pointer)
    except (KeyError, IndexError, ValueError):
        return False
    return True


def _differences(
    old: JSON,
    new: JSON,
    at: str,
    documentation: bool = False,
    documents: tuple[Mapping[str, JSON], Mapping[str, JSON]] | None = None,
    followed: frozenset[tuple[str, str]] = frozenset(),
) -> Iterator[tuple[str, bool]]:
    """Every place where the two documents differ, deepest first: (pointer, whether it only documents).

    A `$ref` is compared by what it points to, so that moving a schema into a component (or back)
    is no change where it is used."""
    if at == VERSION_POINTER or old == new:
        return
    if documents is not None and isinstance(old, Mapping) and isinstance(new, Mapping):
        old_ref, new_ref = old.get("$ref"), new.get("$ref")
        if (old_ref or new_ref) and old_ref != new_ref and (str(old_ref), str(new_ref)) not in followed:
            seen = followed | {(str(old_ref), str(new_ref))}
            yield from _differences(
                _resolved(documents[0], old), _resolved(documents[1], new), at, documentation, documents, seen
            )
            return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in [*old.keys(), *(k for k in new if k not in old)]:
            yield from _differences(
                old.get(key),
                new.get(key),
                pointers.join(at, key),
                documentation or key in DOC_KEYS,
                documents,
                followed,
            )
        return
    is_list = isinstance(old, Sequence) and not isinstance(old, str)
    if is_list and isinstance(new, Sequence) and not isinstance(new, str) and len(old) == len(new):
        for index, (before, after) in enumerate(zip(old, new, strict=True)):
            yield from _differences(before, after, pointers.join(at, index), documentation, documents, followed)
        return
    yield at, documentation


def _resolved(document: Mapping[str, JSON], node: Mapping[str, JSON]) -> JSON:
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return node
    try:
        return pointers.get(document, pointers.of_ref(ref))
    except (KeyError, IndexError, ValueError):
        return node
