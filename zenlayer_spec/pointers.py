"""JSON pointers into the spec (RFC 6901), and the spec line a pointer names."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader when PyYAML has it (its wheels do): the same documents and marks, several times
# faster than the pure-Python one, which dominated reading the spec.
YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_value(text: str) -> Any:  # noqa: ANN401 - any YAML value
    """A YAML (or JSON) text's value, read with YAML_LOADER; yaml.YAMLError if it is not YAML."""
    return yaml.load(text, Loader=YAML_LOADER)


JSON = Any  # as zenlayer_spec.document's (which reads through this module, so cannot be imported here)


def escape(part: str | int) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def join(pointer: str, *parts: str | int) -> str:
    return pointer + "".join("/" + escape(part) for part in parts)


def split(pointer: str) -> list[str]:
    if not pointer.startswith("/"):
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def of_ref(ref: str) -> str:
    """`#/components/schemas/X` -> `/components/schemas/X`."""
    return ref[1:] if ref.startswith("#") else ref


def get(document: JSON, pointer: str) -> JSON:
    node = document
    for part in split(pointer):
        if isinstance(node, Mapping):
            node = node[part]
        elif isinstance(node, Sequence) and not isinstance(node, str):
            node = node[int(part)]
        else:
            raise KeyError(pointer)
    return node


def covers(outer: str, inner: str) -> bool:
    """Whether `inner` is `outer` or lies inside it."""
    return inner == outer or inner.startswith(outer + "/")


@functools.lru_cache(maxsize=4)
def _composed(text: str) -> yaml.Node | None:
    """The node tree of a YAML text (None if it is not YAML). Composing the spec takes 40 ms: a text is
    composed once while it is among the last few asked for (spec-diff locates in the same old text over
    and over), and only when a line is asked for."""
    try:
        return yaml.compose(text, Loader=YAML_LOADER)
    except yaml.YAMLError:
        return None


class LineIndex:
    """The line of any JSON pointer in a YAML text (1-based), from PyYAML's node marks."""

    def __init__(self, text: str) -> None:
        self._text = text

    def line(self, pointer: str) -> int | None:
        return self.place(pointer)[0]

    def place(self, pointer: str, hops: int = 0) -> tuple[int | None, str]:
        """The line, and the pointer of where it is written: another than `pointer` when the pointer goes
        through a `use: <name>` entry into what the shared part brings (written once, under components).
        `hops`: references followed so far (a reference to itself is followed a few times, not forever)."""
        node = _composed(self._text) if pointer.startswith("/") else None
        if node is None:
            return None, pointer
        best = node.start_mark.line + 1
        parts = split(pointer)
        for index, part in enumerate(parts):
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == part:
                        child = value
                        best = key.start_mark.line + 1
                        break
                shared = _shared(node, parts[:index]) if child is None and hops < _MAX_HOPS else None
                if shared is not None:
                    # What a `use: <name>` entry brings is written where the shared part is.
                    line, written = self.place(join(shared, *parts[index:]), hops + 1)
                    return (line, written) if line is not None else (best, pointer)
            elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
                child = node.value[int(part)]
                best = child.start_mark.line + 1
            if child is None:
                break  # the deepest existing ancestor's line is the best we can say
            node = child
        return best, pointer


_MAX_HOPS = 4


def _shared(node: yaml.MappingNode, entry_parts: list[str]) -> str | None:
    """The pointer of the shared part a mapping names with `use: <name>` (or a `$ref` to a component of
    ours), if it names one."""
    from zenlayer_spec.reuse import USE, shared_pointer  # reuse reads documents that this module parses

    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
            if key.value == USE:
                return shared_pointer(entry_parts, value.value)
            if key.value == "$ref" and value.value.startswith("#/components/x-zc-"):
                return of_ref(value.value)
    return None


class Locator:
    """The file and line of a JSON pointer, for located messages (read only when a message needs it)."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._index: LineIndex | None = None

    def __call__(self, pointer: str) -> str:
        if self._path is None:
            return pointer
        if self._index is None:
            try:
                self._index = LineIndex(self._path.read_text(encoding="utf-8"))
            except OSError:
                return f"{self._path}: {pointer}"
        line, written = self._index.place(pointer)
        if written != pointer:  # a shared part's: where it is written, and the use that brought it here
            pointer = f"{written} (through `use` at {pointer})"
        return f"{self._path}:{line}: {pointer}" if line else f"{self._path}: {pointer}"

    @property
    def path(self) -> Path | None:
        return self._path

    def at(self, pointer: str) -> Location:
        """The same place, worked out only when shown: every compiled expression keeps where it is written,
        and finding its line means composing the spec's YAML (a quarter of reading the spec) for a message
        that is seldom shown."""
        return Location(self, pointer)


class Location:
    """A pointer's file and line as Locator writes them, found when first shown (str() or a format)."""

    __slots__ = ("_locate", "_pointer", "_shown")

    def __init__(self, locate: Locator, pointer: str) -> None:
        self._locate = locate
        self._pointer = pointer
        self._shown: str | None = None

    def __str__(self) -> str:
        if self._shown is None:
            self._shown = self._locate(self._pointer)
        return self._shown

    def __repr__(self) -> str:
        return repr(str(self))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Location):
            return (self._locate.path, self._pointer) == (other._locate.path, other._pointer)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._locate.path, self._pointer))
