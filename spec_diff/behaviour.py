"""Rules and effects judged by what they do, not by their text.

A business check's `rule`, an effect and a list's `where` are executable: two texts can mean the same,
and one character (`==` to `!=`) can refuse every request that used to pass. So both versions of the spec
are executed (the mock's engine, in process: its rules, effects and lists over the mock's default world,
which each version's resource declarations must accept) on the same requests, and their answers compared:

- requests: every request example and every check's example of both versions, and each of those with
  every resource field set to every resource of its kind in the world (and to one that exists nowhere);
- answers: accepted or refused with which code (and which check), the resources the request named as
  they are afterwards, the answer fields the spec computes (`x-zc-answer`: the ids a call made, a price),
  and a list's page.

A request the old version accepted and the new one refuses is breaking (callers that did it break); one it
refused and the new one accepts is a compatible widening; another code, other effects, another computed
answer or another page is breaking. Each change names the check that now decides and shows one request
that tells old and new apart. When a version cannot be executed (its rules do not compile, the world does
not fit its resources), the change says so and the textual comparison stands alone.
"""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from spec_diff import pointers
from spec_diff.changes import Change, Level, Section
from spec_diff.wire import raw_operations
from zenlayer_spec import Spec, SpecError
from zenlayer_spec.behaviour import values_at
from zenlayer_spec.document import JSON
from zenlayer_spec.lists import ListRules
from zenlayer_spec.pointers import yaml_value
from zenlayer_spec.spec import spec_from_document

if TYPE_CHECKING:
    from mock_server.world import World

NOW = 1_000_000.0  # a fixed clock: both versions see the same world at the same moment
NOWHERE = "zc-spec-diff-nowhere"  # an id no world has


@attrs.frozen
class Outcome:
    """What a version answers to a request: `ok` or the code and the check that decided, what the named
    resources look like afterwards, the computed answer fields, and a list's page."""

    answer: str
    decided_by: str
    resources: str
    page: str
    computed: str = ""  # JSON: the answer fields either version computes (`x-zc-answer`), as answered


class _Version:
    """One version of the spec, executable (SpecError or WorldError when it is not)."""

    def __init__(self, document: Mapping[str, JSON], path: Path, world: Mapping[str, JSON]) -> None:
        self.spec: Spec = spec_from_document(copy.deepcopy(dict(document)), path)
        self.serving = self.spec.serving
        self.behaviours = self.spec.behaviours
        # Each request gets a copy of its own (an effect changes the world): unpickling one is some ten
        # times cheaper than a deep copy, and thousands of requests are compared.
        self._raw_world = pickle.dumps(dict(world))
        self._ids = {kind: list(records) for kind, records in self._world().resources.items()}

    def _world(self) -> World:
        """A fresh world (each request starts from the same one)."""
        from mock_server.world import world_from_mapping

        raw = pickle.loads(self._raw_world)
        return world_from_mapping(raw, lambda: NOW, 600.0, self.behaviours.kinds, strict=False)

    def ids(self) -> dict[str, list[str]]:
        """The ids of each kind's resources in the world."""
        return self._ids

    def outcome(
        self, action: str, body: JSON, compared: Mapping[str, frozenset[str]], computed: frozenset[str] = frozenset()
    ) -> Outcome | None:
        """None where this version has no such action or the schema refuses the body (the wire section
        speaks of schemas). `compared`: by kind, the attributes both versions declare (a new attribute is
        no change of what an operation does); `computed`: the answer fields either version computes (the
        others are the success example's, which the wire section judges)."""
        from mock_server.contract import ApiError, extension_check
        from mock_server.engine import execute

        if action not in self.serving.behaviour_by_action or not isinstance(body, dict):
            return None
        if self.serving.body_refusal(action, body) is not None:
            return None
        behaviour = self.serving.behaviour_by_action[action]
        world = self._world()
        try:
            fields = execute(
                behaviour,
                self.behaviours,
                world,
                body,
                NOW,
                extension_check(self.serving, action),
                self.serving.list_rules.get(action),
                wall_time=NOW,  # `now` in expressions (a creation time): the same for both versions
            )
        except ApiError as error:
            return Outcome(error.code, error.rule, "", "")
        named = {
            (field.kind, str(value))
            for field in self.behaviours.resource_fields[behaviour.operation_id]
            for value in values_at(body, field.path)
            if isinstance(value, str)
        }
        after: dict[str, object] = {}
        for kind, key in sorted(named):
            resource = world.get(kind, key, NOW + 3600) if key in world.resources.get(kind, {}) else None
            if resource is not None:
                kept = compared.get(kind, frozenset())
                after[f"{kind}:{key}"] = {name: value for name, value in resource.attributes.items() if name in kept}
            elif key in self._ids.get(kind, ()):
                after[f"{kind}:{key}"] = "gone"  # deleted by the request
        page = _page(fields, self.serving.list_rules.get(action)) if behaviour.list_source is not None else ""
        answered = {name: fields.get(name) for name in sorted(computed)}
        return Outcome(
            "ok", "", json.dumps(after, sort_keys=True, default=str), page, json.dumps(answered, default=str)
        )

    def computed_fields(self, action: str) -> frozenset[str]:
        """The answer fields this version computes for `action` (`x-zc-answer`)."""
        behaviour = self.serving.behaviour_by_action.get(action)
        return frozenset(name for name, _ in behaviour.answer) if behaviour is not None else frozenset()


# What the engine executes of an operation, beside its prose: the checks' rules, codes and order, the
# effects, the list's source, the waiter (whose statuses the effects use) and the computed answer fields.
_EXECUTED_KEYS = ("x-zc-effects", "x-zc-results", "x-zc-waiter", "x-zc-answer")
_CHECK_KEYS = ("rule", "code", "each", "enforcedBy")


def _executed(document: Mapping[str, JSON]) -> tuple[dict[str, str], str]:
    """Fingerprints of everything the engine executes: each operation's behaviour (by path), and what
    every operation reads (the resources, and which statuses are the recycle bin)."""
    operations = {}
    for pointer, item in (document.get("paths") or {}).items():
        raw = item.get("post") if isinstance(item, Mapping) else None
        if not isinstance(raw, Mapping):
            continue
        checks = [
            {key: check.get(key) for key in _CHECK_KEYS}
            for check in raw.get("x-zc-business-checks") or []
            if isinstance(check, Mapping)
        ]
        executed = {"checks": checks, **{key: raw.get(key) for key in _EXECUTED_KEYS}}
        operations[str(pointer)] = json.dumps(executed, sort_keys=True, default=str)
    components = document.get("components") or {}
    components = components if isinstance(components, Mapping) else {}
    recycled = {
        str(name): schema["x-zc-recycled"]
        for name, schema in (components.get("schemas") or {}).items()
        if isinstance(schema, Mapping) and "x-zc-recycled" in schema
    }
    shared = {"resources": components.get("x-zc-resources"), "recycled": recycled}
    return operations, json.dumps(shared, sort_keys=True, default=str)


def _page(fields: Mapping[str, Any], rules: ListRules | None) -> str:
    """Which items a page holds, in which order, of how many: how the item is rendered is the wire's to
    judge (its schema), not the list's."""
    if rules is None:
        return json.dumps(fields, sort_keys=True, default=str)
    items = fields.get(rules.items) or []
    keys = [item.get(rules.sorted_by) for item in items if isinstance(item, Mapping)]
    return json.dumps({"total": fields.get(rules.total), "items": keys}, default=str)


def _requests(versions: tuple[_Version, _Version], action: str) -> Iterator[JSON]:
    """The requests both versions are asked (see the module), each once."""
    seen: set[str] = set()
    bases: list[JSON] = []
    for version in versions:
        operation = next((op for op in version.spec.operations.values() if op.action == action), None)
        if operation is None:
            continue
        bases += list(version.spec.request_examples.get(operation.operation_id, ()))
        bases += [check.example for check in version.spec.business_checks.get(operation.operation_id, ())]
    for version in versions:
        operation_id = next((op.operation_id for op in version.spec.operations.values() if op.action == action), "")
        fields = version.behaviours.resource_fields.get(operation_id, ())
        ids = version.ids()
        for base in [base for base in bases if isinstance(base, dict)]:
            for body in [
                base,
                *(_with(base, field.path, value) for field in fields for value in [*ids.get(field.kind, []), NOWHERE]),
            ]:
                key = json.dumps(body, sort_keys=True)
                if key not in seen:
                    seen.add(key)
                    yield json.loads(key)  # plain JSON, as a server reads it (not the spec's frozen records)


def _with(body: dict[str, Any], path: tuple[str, ...], value: str) -> dict[str, Any]:
    """`body` with the field at `path` set to `value` (a list field to `[value]`); top-level fields only."""
    changed = copy.deepcopy(body)
    if len(path) == 1:
        changed[path[0]] = value
    elif len(path) == 2 and path[1] == "[]":
        changed[path[0]] = [value]
    return changed


def behaviour_changes(old: Mapping[str, JSON], new: Mapping[str, JSON], path: Path) -> Iterator[Change]:
    """Changes of what the operations do (see the module)."""
    (old_executed, old_resources), (new_executed, new_resources) = _executed(old), _executed(new)
    if (old_executed, old_resources) == (new_executed, new_resources):
        return  # nothing the engine executes differs: no request can tell the versions apart
    # The mock's engine, imported only now: most spec changes (and every drift check) never need it.
    from mock_server.world import DEFAULT_WORLD, WorldError

    world = yaml_value(DEFAULT_WORLD.read_text(encoding="utf-8"))
    try:
        base = _Version(old, path, world)
    except (SpecError, WorldError, KeyError, ValueError, TypeError) as error:  # said, not raised
        yield Change(
            Section.CONTRACT,
            Level.DOCS,
            "zc-behaviour-not-compared",
            f"what the operations do was not compared: the base version cannot be executed ({str(error)[:200]})",
            "/paths",
        )
        return
    try:
        changed = _Version(new, path, world)
    except (SpecError, WorldError, KeyError, ValueError, TypeError):
        return  # the spec's own checks (nox -s spec) say what is wrong with it, located
    versions = (base, changed)
    compared = {
        name: frozenset(attribute.name for attribute in kind.attributes)
        & frozenset(attribute.name for attribute in changed.behaviours.kinds[name].attributes)
        for name, kind in base.behaviours.kinds.items()
        if name in changed.behaviours.kinds
    }
    redact = versions[1].spec.redactor().value
    old_operations, new_operations = raw_operations(old), raw_operations(new)
    for action in sorted(old_operations.keys() & new_operations.keys()):
        operation = new_operations[action].pointer
        old_item, new_item = (pointers.split(ops[action].pointer)[1] for ops in (old_operations, new_operations))
        if old_resources == new_resources and old_executed.get(old_item) == new_executed.get(new_item):
            continue  # the same checks, effects and lists over the same resources: the same answers
        found: dict[str, tuple[Level, str, int, str]] = {}
        computed = base.computed_fields(action) | changed.computed_fields(action)
        for body in _requests(versions, action):
            before = versions[0].outcome(action, body, compared, computed)
            after = versions[1].outcome(action, body, compared, computed)
            if before is None or after is None or before == after:
                continue
            rule, level, what = _judged(before, after, redact)
            shown = json.dumps(redact(body), sort_keys=True)
            if rule not in found:
                # Where it is written: the checks, the effects, the list, or the answer field that differs.
                place = pointers.join(operation, _PLACE.get(rule, "x-zc-business-checks"))
                if rule == "zc-answer-changed" and (field := _first_difference(before, after)):
                    place = pointers.join(place, field)
                found[rule] = (level, f"{action}: {what}; e.g. {shown}", 0, place)
            level_, text, count, place = found[rule]
            found[rule] = (level_, text, count + 1, place)
        for rule, (level, text, count, place) in found.items():
            yield Change(
                Section.CONTRACT,
                level,
                rule,
                f"{text} ({count} of the requests tried tell old and new apart)",
                place,
                reason="found by executing both versions of the spec on the same requests and world",
            )


# Where a change of what an operation does is written: its checks, but for effects and lists.
_PLACE = {"zc-effect-changed": "x-zc-effects", "zc-list-changed": "x-zc-results", "zc-answer-changed": "x-zc-answer"}


def _decider(outcome: Outcome) -> str:
    return f"{outcome.answer} ({outcome.decided_by})" if outcome.decided_by else outcome.answer


def _judged(before: Outcome, after: Outcome, redact: Callable[[Any], Any]) -> tuple[str, Level, str]:
    if before.answer == "ok" and after.answer != "ok":
        return "zc-behaviour-narrowed", Level.BREAKING, f"a request it accepted is now refused with {_decider(after)}"
    if before.answer != "ok" and after.answer == "ok":
        return "zc-behaviour-widened", Level.COMPATIBLE, f"a request it refused with {_decider(before)} is now accepted"
    if before.answer != after.answer:
        return (
            "zc-behaviour-answer-changed",
            Level.BREAKING,
            f"a request refused with {_decider(before)} is now refused with {_decider(after)}",
        )
    if before.decided_by != after.decided_by:
        return (
            "zc-behaviour-check-changed",
            Level.DOCS,
            f"a request refused with {after.answer} by {before.decided_by} is refused so by {after.decided_by}",
        )
    if before.resources != after.resources:
        return "zc-effect-changed", Level.BREAKING, "an accepted request leaves its resources otherwise"
    if before.computed != after.computed:
        return (
            "zc-answer-changed",
            Level.BREAKING,
            f"an accepted request is answered otherwise ({_delta(before, after, redact)})",
        )
    return "zc-list-changed", Level.BREAKING, "a list answers another page"


def _delta(before: Outcome, after: Outcome, redact: Callable[[Any], Any]) -> str:
    """Where the computed answers first differ, old -> new (down to the field inside an object; secrets
    redacted, values cut to a line)."""
    old, new = redact(json.loads(before.computed)), redact(json.loads(after.computed))
    path: list[str] = []
    while isinstance(old, dict) and isinstance(new, dict) and (name := _first_key(old, new)) is not None:
        path.append(name)
        old, new = old.get(name), new.get(name)
    shown = (json.dumps(value, sort_keys=True, default=str)[:80] for value in (old, new))
    return f"{'.'.join(path)}: {' -> '.join(shown)}"


def _first_difference(before: Outcome, after: Outcome) -> str | None:
    """The computed answer field whose value differs first (its name, as `x-zc-answer` writes it)."""
    return _first_key(json.loads(before.computed), json.loads(after.computed))


def _first_key(old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    return next((name for name in sorted(old.keys() | new.keys()) if old.get(name) != new.get(name)), None)
