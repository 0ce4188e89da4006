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
from spec_diff.behaviour import behaviour_changes
from spec_diff.changes import Change, Level, Report, Section
from spec_diff.contract import contract_changes
from spec_diff.schemas import SchemaComparison
from spec_diff.wire import wire_changes
from zenlayer_spec import SPEC_PATH
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
# Keys whose values the mock executes (zenlayer_spec.behaviour): how it carries out checks, effects and
# lists that the contract states elsewhere (the checks' codes and order, the waiters, the list rules are
# compared on their own). A client is untouched; a changed rule changes the mock: compatible.
EXECUTABLE_KEYS = frozenset(
    {"rule", "each", "enforcedBy", "x-zc-effects", "x-zc-answer", "x-zc-resources", "x-zc-resource", "from", "where"}
)
# A reusable component of any kind: it matters only where it is used, and its uses are compared there.
# Which statuses change by themselves: what a reader waits through. No client or check reads it (the
# waiters carry their own pending and failure lists): a change is compatible.
LIFECYCLE_KEYS = frozenset({"x-zc-transitional"})
_COMPONENT = re.compile(r"/components/(schemas|responses|parameters|examples|requestBodies|headers)/[^/]+")
# A business check's id names it in the toolkit's reports (variants, findings, cases), its message says in
# words what its code says; no caller, client or service decides on either: documentation.
_CHECK_ID = re.compile(r"/x-zc-business-checks/\d+/(id|message)$")
# The client's version itself: what the report decides, never a change of its own.
VERSION_POINTER = "/info/x-zc-client-version"


def compare_documents(
    old: Mapping[str, JSON], new: Mapping[str, JSON], new_text: str = "", old_text: str = ""
) -> Report:
    schemas = SchemaComparison(old, new)
    found = [*wire_changes(old, new, schemas), *contract_changes(old, new), *behaviour_changes(old, new, SPEC_PATH)]
    found += schemas.changes()
    explained = [where for change in found for where in (change.location, *change.also)]
    for pointer, documentation in _differences(old, new, "", documents=(old, new)):
        if any(pointers.covers(where, pointer) or pointers.covers(pointer, where) for where in explained):
            continue
        component = _COMPONENT.fullmatch(pointer)
        if component and not (_exists(old, pointer) and _exists(new, pointer)):
            verb = "added" if _exists(new, pointer) else "removed"
            kind = component.group(1)
            singular = "requestBody" if kind == "requestBodies" else kind.removesuffix("s")
            rule = "zc-schema-component" if kind == "schemas" else "zc-component"
            found.append(
                Change(
                    Section.WIRE,
                    Level.DOCS,
                    f"{rule}-{verb}",
                    f"{singular} component {pointer.rsplit('/', 1)[-1]} {verb}",
                    pointer,
                    reason=f"a {singular} matters only where it is used, and its uses are compared there",
                )
            )
            continue
        if documentation:
            found.append(Change(Section.WIRE, Level.DOCS, "zc-documentation-changed", "documentation changed", pointer))
        elif any(part in LIFECYCLE_KEYS for part in pointers.split(pointer)):
            found.append(
                Change(
                    Section.CONTRACT,
                    Level.COMPATIBLE,
                    "zc-transitional-statuses-changed",
                    "which statuses change by themselves changed",
                    pointer,
                    reason="what a reader waits through; each waiter states its own pending statuses",
                )
            )
        elif executable := _executable(pointer):
            if not any(change.location == executable for change in found):
                found.append(
                    Change(
                        Section.CONTRACT,
                        Level.COMPATIBLE,
                        "zc-executable-contract-changed",
                        "what the mock executes changed (a rule, an effect, a resource declaration)",
                        executable,
                        reason="the mock's executable form of checks, effects and lists stated elsewhere",
                    )
                )
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


def _executable(pointer: str) -> str | None:
    """The pointer up to its first executable key, if it has one."""
    parts = pointers.split(pointer)
    for index, part in enumerate(parts):
        if part in EXECUTABLE_KEYS:
            return pointers.join("", *parts[: index + 1])
    return None


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
                documentation or key in DOC_KEYS or _CHECK_ID.search(pointers.join(at, key)) is not None,
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
