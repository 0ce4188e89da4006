"""Load the hand-maintained OpenAPI document and resolve references inside it."""

from __future__ import annotations

import difflib
import functools
import os
import pickle
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from zenlayer_spec import pointers, reuse
from zenlayer_spec.frozen import freeze, thaw


def parsed_copy(path: Path, parse: Callable[[str], Any]) -> Any:  # noqa: ANN401 - what `parse` makes
    """`parse` of the file at `path`, parsed once while the file is unchanged, each call getting a copy of
    its own (pickled): a world is loaded for every mock, reset and in-process app, and the contract suite
    loads the spec for every schema. `parse` must be one function for all calls (it is part of the key).
    OSError if the file cannot be read; whatever `parse` raises."""
    stat = path.stat()
    return pickle.loads(_pickled(path, stat.st_mtime_ns, stat.st_size, parse))


@functools.lru_cache(maxsize=32)
def _pickled(path: Path, modified_ns: int, size: int, parse: Callable[[str], Any]) -> bytes:
    return pickle.dumps(parse(path.read_text(encoding="utf-8")))


SPEC_NAME = "zenlayer-vm.openapi.yaml"
# In a checkout the spec is read where it is maintained (spec/); an installed toolkit carries a copy
# as package data (pyproject's force-include), so that it works from any directory.
_CHECKOUT_SPEC = Path(__file__).resolve().parent.parent / "spec" / SPEC_NAME
_PACKAGED_SPEC = Path(__file__).resolve().parent / "spec" / SPEC_NAME
# ZENLAYER_SPEC points every tool of a process (and the processes it starts: the mock, the suite) at
# another spec, e.g. a trial edit before it replaces the project's.
SPEC_PATH = (
    Path(os.environ["ZENLAYER_SPEC"])
    if os.environ.get("ZENLAYER_SPEC")
    else _CHECKOUT_SPEC
    if _CHECKOUT_SPEC.is_file()
    else _PACKAGED_SPEC
)


JSON = Any  # a value parsed from YAML/JSON: dict, list, str, int, float, bool or None


class SpecError(Exception):
    """The spec cannot be read, or lacks something this project relies on."""


def read_document(path: Path = SPEC_PATH) -> dict[str, JSON]:
    """Parse the spec at `path` (a fresh copy each call, safe to modify)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"{path}: cannot read the spec ({exc.strerror})") from None
    return parse_document(text, str(path))


def parse_document(text: str, name: str) -> dict[str, JSON]:
    """Parse spec text; `name` says where it came from in error messages (a path, or a git ref). A text
    parsed before in this process is not parsed again (each call gets a copy of its own): a generation
    reads the spec, its version and the previous generation's copy, most often the same text."""
    pickled = _PARSED.get(text)
    if pickled is None:
        pickled = pickle.dumps(_parse_document(text, name))
        with _PARSED_LOCK:
            _PARSED[text] = pickled
            while len(_PARSED) > _PARSED_KEPT:
                del _PARSED[next(iter(_PARSED))]  # the oldest first
    return pickle.loads(pickled)  # type: ignore[no-any-return]


# Successful parses by text (the result does not depend on `name`, which only errors carry).
_PARSED: dict[str, bytes] = {}
_PARSED_KEPT = 8
_PARSED_LOCK = threading.Lock()


def _parse_document(text: str, name: str) -> dict[str, JSON]:
    try:
        loaded = pointers.yaml_value(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError(f"{name}{where}: not valid YAML ({problem})") from None
    if not isinstance(loaded, dict):
        raise SpecError(f"{name}: the spec is not a mapping at its top level")
    _check_references(loaded, text, name)
    try:
        return reuse.resolved(loaded, name)  # shared checks inline, variables written out: what every reader sees
    except reuse.ReuseError as error:
        if error.pointer is None:
            raise SpecError(str(error)) from None
        line = pointers.LineIndex(text).line(error.pointer)
        raise SpecError(f"{name}:{line}: {error.pointer}: {error}") from None


_SHOWN_PROBLEMS = 10


def _references(node: JSON, at: str) -> Iterator[tuple[str, str]]:
    """(where, target) of every `$ref` in the document, iteratively (a deep document cannot overflow)."""
    stack = [(node, at)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield pointers.join(at, "$ref"), ref
            stack.extend((child, pointers.join(at, str(key))) for key, child in node.items())
        elif isinstance(node, list):
            stack.extend((child, pointers.join(at, index)) for index, child in enumerate(node))


def _check_references(document: dict[str, JSON], text: str, name: str) -> None:
    """Every `$ref` must point into the document: else one located line each, with the likely fix."""
    problems = []
    for where, ref in _references(document, ""):
        try:
            resolve_pointer(document, ref)
        except SpecError:
            problems.append((where, ref))
    if not problems:
        return
    lines = pointers.LineIndex(text)
    shown = []
    for where, ref in sorted(problems, key=lambda item: lines.line(item[0]) or 0)[:_SHOWN_PROBLEMS]:
        parent, _, missing = ref.rpartition("/")
        try:
            siblings = list(resolve_pointer(document, parent)) if parent.startswith("#/") else []
        except SpecError:
            siblings = []
        close = difflib.get_close_matches(missing, siblings, n=1)
        fix = (
            f"did you mean {parent}/{close[0]}?"
            if close
            else f"define {missing!r} under {parent[2:] or 'the top level'}"
        )
        shown.append(f"{name}:{lines.line(where)}: $ref {ref!r} points nowhere; fix: {fix}")
    more = f"\n... and {len(problems) - _SHOWN_PROBLEMS} more" if len(problems) > _SHOWN_PROBLEMS else ""
    raise SpecError("\n".join(shown) + more)


@functools.cache
def _cached_document(path: Path) -> dict[str, JSON]:
    return freeze(read_document(path))  # type: ignore[no-any-return]


def load_document(path: Path = SPEC_PATH) -> dict[str, JSON]:
    """The spec at `path`, parsed once per process and shared: read-only (zenlayer_spec.frozen); a
    change raises TypeError. `copy_document` gives a copy to change."""
    return _cached_document(path)


def copy_document(path: Path = SPEC_PATH) -> dict[str, JSON]:
    """A plain deep copy of the spec, for callers that transform it."""
    return thaw(load_document(path))  # type: ignore[no-any-return]


def resolve_pointer(document: Mapping[str, JSON], pointer: str) -> JSON:
    """The node at a local reference such as `#/components/schemas/InstanceId`."""
    if not pointer.startswith("#/"):
        raise SpecError(f"only local references are supported, not {pointer!r}")
    node: JSON = document
    for raw in pointer[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise SpecError(f"{pointer} does not exist in the spec")
    return node


def dereference(document: Mapping[str, JSON], node: JSON) -> JSON:
    """Follow `$ref` at the top of `node` (repeatedly) and return what it points to."""
    seen: set[str] = set()
    while isinstance(node, Mapping) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise SpecError(f"reference cycle at {ref}")
        seen.add(ref)
        node = resolve_pointer(document, ref)
    return node
