"""Every `x-zc-*` key of the spec is one we know, where it belongs, with the keys it may hold.

A key nobody reads is a silent bug: `transiton: true` in an effect, a waiter's `ids`, an operation's
`x-zc-remove` passed every check and did nothing. Here each known key has its place (an operation, the
components, info, a security scheme, or a schema: any schema object, parameters' included) and, where its
value is a block of our own, the keys that block may hold. An unknown or misplaced key is a SpecError with
the file, line and pointer, naming the nearest known key. The meaning of each key is checked where it is
read (zenlayer_spec.behaviour, .operations, ...); this is only the vocabulary. docs/contract.md §13 lists it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs

from zenlayer_spec.document import JSON, SpecError
from zenlayer_spec.pointers import Locator
from zenlayer_spec.pointers import join as join_pointer

PREFIX = "x-zc-"
OPERATION, COMPONENTS, INFO, SECURITY, SCHEMA = (
    "an operation",
    "the components",
    "info",
    "a security scheme",
    "a schema",
)
SOURCE_KEYS = frozenset({"x-zc-source", "x-zc-sources"})  # maps keyed by the names of what they source


@attrs.frozen
class Block:
    """A value of our own: an object with these keys (None: any key), each one's own shape; or a list or
    map of such blocks."""

    keys: Mapping[str, Block | None] | None = None
    each: Block | None = None  # a list's items, or a map's values (with keys None)


def _closed(**keys: Block | None) -> Block:
    return Block(keys=keys)


def _each(block: Block) -> Block:
    return Block(each=block)


_WAITER = _closed(
    poll=None,
    ids=None,
    target=None,
    pending=None,
    failure=None,
    absentIsFailure=None,
    delaySeconds=None,
    timeoutSeconds=None,
)
_EFFECT = _closed(kind=None, ids=None, create=None, delete=None, transition=None, lifecycle=None, failed=None, set=None)
_CHECK = _closed(
    id=None, message=None, check=None, code=None, rule=None, each=None, example=None, source=None, enforcedBy=None
)
_RESULTS = _closed(
    **{
        "from": None,
        "items": None,
        "total": None,
        "sortedBy": None,
        "order": None,
        "where": None,
        "page": _closed(number=None, size=None),
        "filters": _each(_closed(field=None, match=None)),
        "render": None,
    }
)
_RESOURCES = _each(
    _closed(
        world=None,
        id=None,
        status=None,
        answerNames=None,
        newIds=_closed(prefix=None),
        describe=None,
        attributes=_each(_closed(type=None, description=None, optional=None, resource=None, default=None)),
    )
)

# Each key: where it belongs, and the shape of its value when that is a block of our own (None: a value
# its reader checks, e.g. a string, a number, a list of codes).
KNOWN: Mapping[str, tuple[frozenset[str], Block | None]] = {
    "x-zc-business-checks": (frozenset({OPERATION}), _each(_CHECK)),
    "x-zc-changes-state": (frozenset({OPERATION}), None),
    "x-zc-effects": (frozenset({OPERATION}), _each(_EFFECT)),
    "x-zc-answer": (frozenset({OPERATION}), None),
    "x-zc-results": (frozenset({OPERATION}), _RESULTS),
    "x-zc-waiter": (frozenset({OPERATION}), _WAITER),
    "x-zc-source": (frozenset({OPERATION, SCHEMA, SECURITY, COMPONENTS, INFO}), None),  # any rule's source
    "x-zc-client-version": (frozenset({INFO}), None),
    "x-zc-signature": (frozenset({SECURITY}), None),
    "x-zc-client-identity": (frozenset({COMPONENTS}), _closed(header=None, value=None)),
    "x-zc-error-codes": (frozenset({COMPONENTS}), None),
    "x-zc-max-body-bytes": (frozenset({COMPONENTS}), None),
    "x-zc-not-api-answers": (frozenset({COMPONENTS}), None),
    "x-zc-other-requests": (frozenset({COMPONENTS}), _closed(otherMethod=None, otherPath=None)),
    "x-zc-request-guards": (
        frozenset({COMPONENTS}),
        _closed(
            maxHeaderBytes=None,
            maxJsonDepth=None,
            incompleteBody=None,
            malformedHttp=None,
            serverBusy=None,
            singleHeaders=None,
        ),
    ),
    "x-zc-resources": (frozenset({COMPONENTS}), _RESOURCES),
    "x-zc-schema-error-codes": (frozenset({COMPONENTS}), None),
    "x-zc-sources": (frozenset({COMPONENTS}), None),
    "x-zc-error-code": (frozenset({SCHEMA}), None),
    "x-zc-expected": (frozenset({SCHEMA}), None),
    "x-zc-max-utf8-bytes": (frozenset({SCHEMA}), None),
    "x-zc-recycled": (frozenset({SCHEMA}), None),
    "x-zc-resource": (frozenset({SCHEMA}), None),
    "x-zc-secret": (frozenset({SCHEMA}), None),
    "x-zc-transitional": (frozenset({SCHEMA}), None),
    # Resolved when the spec is read (zenlayer_spec.reuse): listed for a document checked before that.
    "x-zc-checks": (frozenset({COMPONENTS}), _each(_CHECK)),
    "x-zc-waiters": (frozenset({COMPONENTS}), _each(_WAITER)),
    "x-zc-shared-effects": (frozenset({COMPONENTS}), _each(_EFFECT)),
    "x-zc-variables": (frozenset({OPERATION}), None),
}


def _place(pointer: tuple[str, ...]) -> str:
    """Where a mapping at `pointer` stands, as far as our keys are concerned."""
    if len(pointer) == 3 and pointer[0] == "paths":
        return OPERATION
    if pointer == ("components",):
        return COMPONENTS
    if pointer == ("info",):
        return INFO
    if len(pointer) == 3 and pointer[:2] == ("components", "securitySchemes"):
        return SECURITY
    return SCHEMA


def nearest(name: str, known: Iterator[str] | list[str]) -> str:
    """The hint for an unknown name: the nearest known one, else every known one."""
    candidates = sorted(known)
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else f"the known keys here: {', '.join(candidates)}"


def problems(document: Mapping[str, JSON]) -> Iterator[tuple[str, str]]:
    """(JSON pointer, problem) for every unknown or misplaced key of ours, in document order."""
    yield from _walk(document, ())


def _walk(node: JSON, pointer: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, (*pointer, str(index)))
        return
    if not isinstance(node, Mapping):
        return
    place = _place(pointer)
    for key, value in node.items():
        here = (*pointer, str(key))
        if not str(key).startswith(PREFIX):
            yield from _walk(value, here)
            continue
        known = KNOWN.get(str(key))
        if known is None:
            yield _at(here), f"unknown key `{key}`: {nearest(str(key), list(KNOWN))}"
            continue
        places, block = known
        if place not in places:
            yield _at(here), f"`{key}` does not belong on {place}: it goes on {' or '.join(sorted(places))}"
            continue
        if key in SOURCE_KEYS:
            yield from _sources(value, here)
        elif block is not None:
            yield from _block(value, block, here, str(key))
        else:
            yield from _walk(value, here)


def _sources(value: JSON, pointer: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """A source map names what it sources: one of our keys by its full name, or a plain word."""
    if not isinstance(value, Mapping):
        return
    for key, inner in value.items():
        if str(key).startswith(PREFIX) and str(key) not in KNOWN:
            yield _at((*pointer, str(key))), f"a source for the unknown key `{key}`: {nearest(str(key), list(KNOWN))}"
        if isinstance(inner, Mapping):
            yield from _sources(inner, (*pointer, str(key)))


def _block(value: JSON, block: Block, pointer: tuple[str, ...], name: str) -> Iterator[tuple[str, str]]:
    if block.keys is not None:
        if not isinstance(value, Mapping):
            return  # the reader says what it wanted instead
        for key, inner in value.items():
            if str(key) not in block.keys:
                yield _at((*pointer, str(key))), f"`{name}` has no key `{key}`: {nearest(str(key), list(block.keys))}"
                continue
            shape = block.keys[str(key)]
            if shape is not None:
                yield from _block(inner, shape, (*pointer, str(key)), str(key))
    elif block.each is not None:
        items = value.items() if isinstance(value, Mapping) else enumerate(value) if isinstance(value, list) else ()
        for key, inner in items:
            yield from _block(inner, block.each, (*pointer, str(key)), name)


def _at(pointer: tuple[str, ...]) -> str:
    return join_pointer("", *pointer)


def check(document: Mapping[str, JSON], path: Path) -> None:
    """SpecError listing every unknown or misplaced key, each with its file and line."""
    found = list(problems(document))
    if not found:
        return
    locate = Locator(path)
    raise SpecError("\n".join(f"{locate(pointer)}: {problem}" for pointer, problem in found))
