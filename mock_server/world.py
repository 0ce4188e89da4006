"""The mock's state: the resources the spec declares (`x-zc-resources`: zones, images, key pairs,
instances, ...), loaded from a world file and checked against those declarations.

A transitional status resolves by itself: a change records the statuses to come and when each is
reached (the last may be "gone": a deletion), and every read resolves them against the clock, so no
background task is needed and a read never sees a half-made change. A resource that is gone is dropped
at its first read after that: no list shows it, no rule finds it.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import yaml

from zenlayer_spec import load_spec
from zenlayer_spec.behaviour import Attribute, ResourceKind, type_matches
from zenlayer_spec.document import parsed_copy
from zenlayer_spec.extensions import nearest
from zenlayer_spec.pointers import yaml_value

DEFAULT_WORLD = Path(__file__).resolve().parent / "default_world.yaml"


class WorldError(Exception):
    """A world file that cannot be loaded; the message names the entry and the problem."""


GONE = None  # a stage that ends a deletion: the resource is absent from then on


@attrs.define
class Resource:
    """One resource of the world: its attributes as the spec declares them (`x-zc-resources`). The
    statuses still to come are `stages`, each with when it is reached; every read resolves them first."""

    attributes: dict[str, Any]
    status: str | None  # the attribute the lifecycle changes, if the kind has one
    stages: list[tuple[float, str | None]] = attrs.field(factory=list)
    gone: bool = False

    def resolve(self, now: float) -> dict[str, Any]:
        while self.stages and now >= self.stages[0][0]:
            _, status = self.stages.pop(0)
            if status is GONE:
                self.gone = True
            elif self.status is not None:
                self.attributes[self.status] = status
        return self.attributes

    def start_lifecycle(self, statuses: Sequence[str | None], now: float, seconds: float) -> None:
        """The first status now, each next one `seconds` later (`GONE` last for a deletion)."""
        self.stages = [(now + position * seconds, status) for position, status in enumerate(statuses)]
        self.resolve(now)


@attrs.define
class World:
    """Every resource by kind, then by id, in the world file's order."""

    resources: dict[str, dict[str, Resource]]
    kinds: Mapping[str, ResourceKind]
    clock: Callable[[], float]
    # How long each transitional status lasts.
    transition_seconds: float = 2.0
    # New ids: a hash of the seed and a counter, so a seeded run makes the same ids and none repeats
    # (the counter is never reset: an id is not reused after its resource is gone).
    seed: int = 0
    _issued: Iterator[int] = attrs.field(factory=itertools.count, alias="_issued")

    def live(self, kind: str, now: float) -> dict[str, Resource]:
        """The resources of a kind that exist now (those gone are dropped here, once)."""
        records = self.resources[kind]
        gone = []
        for key, resource in records.items():
            if resource.stages:  # only a change under way has anything to resolve
                resource.resolve(now)
            # Gone by now, or already when its deletion started (no time between its stages): a deletion
            # with --transition-seconds 0 was listed, half gone, until another read dropped it.
            if resource.gone:
                gone.append(key)
        for key in gone:
            del records[key]
        return records

    def get(self, kind: str, key: str, now: float) -> Resource | None:
        resource = self.resources.get(kind, {}).get(key)
        if resource is None:
            return None
        resource.resolve(now)
        if resource.gone:
            del self.resources[kind][key]
            return None
        return resource

    def add(self, kind: str, key: str, attributes: dict[str, Any]) -> Resource:
        resource = self.resources[kind][key] = Resource(attributes, self.kinds[kind].status)
        return resource

    def new_id(self, kind: ResourceKind) -> str:
        number = next(self._issued)
        digest = hashlib.sha256(f"{self.seed}:{kind.name}:{number}".encode()).hexdigest()
        return f"{kind.id_prefix}{digest[:12]}"

    def view_of(
        self, named: Mapping[str, set[str]], now: float, whole: frozenset[str] = frozenset()
    ) -> dict[str, dict[str, dict[str, Any]]]:
        """The resources `named` (ids by kind) and every resource they refer to (an attribute that names
        another kind), under each kind's `world` name, statuses resolved: what a request's rules see. A
        rule reaches the world through the request's resource fields, so it needs no more; and its cost no
        longer grows with the size of the world."""
        wanted = {kind: set(ids) for kind, ids in named.items()}
        for declared in self.kinds.values():
            if declared.world in whole:  # a rule reads the whole kind (a count, a quota)
                wanted.setdefault(declared.name, set()).update(self.live(declared.name, now))
        found: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in self.kinds}
        while wanted:
            name, ids = wanted.popitem()
            for key in ids - found[name].keys():
                resource = self.get(name, key, now)
                if resource is None:
                    continue
                attributes = found[name][key] = resource.attributes
                for attribute in self.kinds[name].attributes:
                    value = attributes.get(attribute.name)
                    if attribute.resource is not None and value is not None:
                        refs = {str(item) for item in value} if isinstance(value, list) else {str(value)}
                        wanted.setdefault(attribute.resource, set()).update(refs - found[attribute.resource].keys())
        return {self.kinds[kind].world: records for kind, records in found.items()}


CREDENTIALS = "credentials"  # the default world's: the mock's well-known credentials (not a resource)


def _entries(raw: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    entries = raw.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(entry, Mapping) for entry in entries):
        raise WorldError(f"`{key}` must be a list of mappings")
    return entries


def _value(entry: Mapping[str, Any], attribute: Attribute, where: str) -> Any:  # noqa: ANN401 - YAML values
    value = entry[attribute.name]
    if not type_matches(value, attribute.type):
        raise WorldError(f"{where}: `{attribute.name}` must be {attribute.type}, not {type(value).__name__}")
    return list(value) if isinstance(value, list) else value


def world_from_mapping(
    raw: object,
    clock: Callable[[], float],
    transition_seconds: float = 2.0,
    kinds: Mapping[str, ResourceKind] | None = None,
    seed: int = 0,
    strict: bool = True,
) -> World:
    """A world from parsed YAML/JSON, checked against the spec's resource declarations (every declared
    attribute present and of its type, every reference to another resource known, and, when `strict`, no
    key the spec does not declare: a misspelled optional attribute would be dropped unseen); WorldError
    names the entry and what is wrong. spec-diff runs one world under two versions of the spec, where an
    attribute one of them lacks is no mistake: it is not strict."""
    kinds = kinds if kinds is not None else load_spec().behaviours.kinds
    if not isinstance(raw, Mapping):
        lists = ", ".join(kind.world for kind in kinds.values())
        raise WorldError(f"a world file must be a mapping with {lists}")
    if strict:
        _refuse_unknown(raw.keys(), [kind.world for kind in kinds.values()] + [CREDENTIALS], "the world")
    resources: dict[str, dict[str, Resource]] = {}
    for kind in kinds.values():
        records: dict[str, Resource] = {}
        for index, entry in enumerate(_entries(raw, kind.world)):
            where = f"{kind.world}[{index}]"
            if strict:
                _refuse_unknown(entry.keys(), [attribute.name for attribute in kind.attributes], where)
            attributes: dict[str, Any] = {}
            for attribute in kind.attributes:
                if attribute.name in entry:
                    attributes[attribute.name] = _value(entry, attribute, where)
                elif attribute.has_default or attribute.optional:
                    attributes[attribute.name] = attribute.fresh_default()
                else:
                    raise WorldError(f"{where}: `{attribute.name}` is missing")
            records[str(attributes[kind.id])] = Resource(attributes, kind.status)
        resources[kind.name] = records
    for kind in kinds.values():  # references, once every kind is known
        for index, resource in enumerate(resources[kind.name].values()):
            for attribute in kind.attributes:
                value = resource.attributes[attribute.name]
                if attribute.resource is None or value is None:
                    continue
                named = value if isinstance(value, list) else [value]
                if unknown := [item for item in named if item not in resources[attribute.resource]]:
                    what = kinds[attribute.resource].name
                    shown = repr(unknown[0]) if not isinstance(value, list) else str(sorted(map(str, unknown)))
                    plural = "s" if isinstance(value, list) else ""
                    raise WorldError(f"{kind.world}[{index}]: unknown {what}{plural} {shown}")
    return World(resources=resources, kinds=kinds, clock=clock, transition_seconds=transition_seconds, seed=seed)


def _refuse_unknown(keys: Iterable[object], known: list[str], where: str) -> None:
    """A key that is not among `known` is a WorldError naming it and the nearest known key."""
    for key in keys:
        if key not in known:
            raise WorldError(f"{where}: unknown key `{key}`: {nearest(str(key), known)}")


def _field(entry: Mapping[str, Any], name: str, kind: type, where: str) -> Any:  # noqa: ANN401 - YAML values
    if name not in entry:
        raise WorldError(f"{where}: `{name}` is missing")
    value = entry[name]
    if not isinstance(value, kind):
        raise WorldError(f"{where}: `{name}` must be {kind.__name__}, not {type(value).__name__}")
    return value


@attrs.frozen
class DefaultCredentials:
    """The credentials the mock accepts by default, from the default world file's `credentials`."""

    access_key_id: str
    access_key_password: str = attrs.field(repr=False)
    token: str = attrs.field(repr=False)


def default_credentials(path: Path = DEFAULT_WORLD) -> DefaultCredentials:
    raw = yaml_value(path.read_text(encoding="utf-8"))
    entry = raw.get(CREDENTIALS) if isinstance(raw, dict) else None
    if not isinstance(entry, dict):
        raise WorldError(f"{path}: no `credentials` mapping")
    where = CREDENTIALS
    return DefaultCredentials(
        access_key_id=_field(entry, "accessKeyId", str, where),
        access_key_password=_field(entry, "accessKeyPassword", str, where),
        token=_field(entry, "token", str, where),
    )


def load_world(
    path: Path,
    clock: Callable[[], float],
    transition_seconds: float = 2.0,
    kinds: Mapping[str, ResourceKind] | None = None,
    seed: int = 0,
) -> World:
    try:
        raw = parsed_copy(path, yaml_value)  # parsed once while unchanged, a copy of its own
    except OSError as error:
        raise WorldError(f"{path}: cannot read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise WorldError(f"{path}: not valid YAML or JSON ({error})") from None
    try:
        return world_from_mapping(raw, clock, transition_seconds, kinds, seed)
    except WorldError as error:
        raise WorldError(f"{path}: {error}") from None
