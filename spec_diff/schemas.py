"""Compare two versions of a schema as the side that sends it and the side that reads it see them.

A request schema constrains what callers send: narrowing it breaks callers, widening it does not.
A response schema describes what callers read: removing or retyping a field breaks them, and so does
making a field optional; our client checks answer *types* only (enums and extra fields stay open),
so a response constraint that moves is compatible. Rule ids follow oasdiff's checks where one matches.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

import attrs

from spec_diff import pointers
from spec_diff.changes import Change, Level, Section
from zenlayer_spec.document import JSON

Direction = Literal["request", "response"]

# Bounds: keyword -> (oasdiff's name for it, whether a larger value is wider).
_BOUNDS: dict[str, tuple[str, bool]] = {
    "maxLength": ("max-length", True),
    "maxItems": ("max-items", True),
    "maximum": ("max", True),
    "exclusiveMaximum": ("max", True),
    "maxProperties": ("max-properties", True),
    "minLength": ("min-length", False),
    "minItems": ("min-items", False),
    "minimum": ("min", False),
    "exclusiveMinimum": ("min", False),
    "minProperties": ("min-properties", False),
}
_RESPONSE_CONSTRAINT = "the client checks answer types only; it keeps any value of the right type"


# What happens to a field of a request or an answer: (level, oasdiff's rule, message, why).
_FIELD_EVENTS: dict[tuple[str, str], tuple[Level, str, str, str]] = {
    ("request", "removed"): (
        Level.BREAKING,
        "request-property-removed",
        "request field `{}` removed",
        "the client loses the parameter; the service ignores the field from old callers",
    ),
    ("request", "added-required"): (
        Level.BREAKING,
        "new-required-request-property",
        "new required request field `{}`",
        "",
    ),
    ("request", "added-optional"): (
        Level.COMPATIBLE,
        "new-optional-request-property",
        "new optional request field `{}`",
        "",
    ),
    ("request", "became-required"): (
        Level.BREAKING,
        "request-property-became-required",
        "request field `{}` became required",
        "",
    ),
    ("request", "became-optional"): (
        Level.COMPATIBLE,
        "request-property-became-optional",
        "request field `{}` became optional",
        "",
    ),
    ("response", "removed"): (Level.BREAKING, "response-property-removed", "response field `{}` removed", ""),
    ("response", "added-required"): (
        Level.COMPATIBLE,
        "response-required-property-added",
        "new response field `{}`",
        "",
    ),
    ("response", "added-optional"): (
        Level.COMPATIBLE,
        "response-optional-property-added",
        "new response field `{}`",
        "",
    ),
    ("response", "became-required"): (
        Level.COMPATIBLE,
        "response-property-became-required",
        "response field `{}` is now always given",
        "",
    ),
    ("response", "became-optional"): (
        Level.BREAKING,
        "response-property-became-optional",
        "response field `{}` may now be absent",
        "",
    ),
}


@attrs.frozen
class Located:
    """A schema with its `$ref`s followed, and the pointer of the place that defines it."""

    schema: Mapping[str, JSON]
    pointer: str


def locate(document: Mapping[str, JSON], node: JSON, pointer: str) -> Located:
    seen: set[str] = set()
    while isinstance(node, Mapping) and "$ref" in node and node["$ref"] not in seen:
        seen.add(node["$ref"])
        pointer = pointers.of_ref(node["$ref"])
        node = pointers.get(document, pointer)
    return Located(node if isinstance(node, Mapping) else {}, pointer)


@attrs.define
class SchemaComparison:
    """Compares schemas of two documents; one instance per report, so that a shared component that
    changed is reported once, with every field that uses it."""

    old_document: Mapping[str, JSON]
    new_document: Mapping[str, JSON]
    _found: dict[tuple[str, str], tuple[Change, list[str]]] = attrs.field(factory=dict)
    _seen: set[tuple[str, str, str, str]] = attrs.field(factory=set)

    def changes(self) -> list[Change]:
        result = []
        for change, uses in self._found.values():
            shown = ", ".join(uses[:4]) + (f" and {len(uses) - 4} more" if len(uses) > 4 else "")
            result.append(attrs.evolve(change, message=f"{change.message}, in {shown}"))
        return result

    def _add(
        self,
        level: Level,
        rule: str,
        message: str,
        location: str,
        use: str,
        reason: str = "",
        also: tuple[str, ...] = (),
    ) -> None:
        section = Section.CONTRACT if rule.startswith("zc-field-") else Section.WIRE
        key = (rule, location)
        if key not in self._found:
            self._found[key] = (Change(section, level, rule, message, location, reason=reason, also=also), [])
        if use not in self._found[key][1]:
            self._found[key][1].append(use)

    def compare(
        self, old_node: JSON, old_at: str, new_node: JSON, new_at: str, field: str, direction: Direction, use: str
    ) -> None:
        old = locate(self.old_document, old_node, old_at)
        new = locate(self.new_document, new_node, new_at)
        key = (old.pointer, new.pointer, field, use)
        if key in self._seen:
            return
        self._seen.add(key)
        report = _reporter(self._add, use=f"{use} `{field}`" if field else use)
        _keywords(old, new, direction, report)
        old_props, old_required = _properties(self.old_document, old)
        new_props, new_required = _properties(self.new_document, new)
        # A change to `required` shows in the parent's list; the field's change explains it.
        lists = (pointers.join(old.pointer, "required"), pointers.join(new.pointer, "required"))
        for name in sorted(old_props.keys() | new_props.keys()):
            child = f"{field}.{name}" if field else name
            if name not in new_props:
                event, where = "removed", old_props[name].pointer
            elif name not in old_props:
                event = "added-required" if name in new_required else "added-optional"
                where = new_props[name].pointer
            elif (name in old_required) != (name in new_required):
                event = "became-required" if name in new_required else "became-optional"
                where = new_props[name].pointer
            else:
                event = ""
            if event:
                level, rule, text, reason = _FIELD_EVENTS[direction, event]
                report(level, rule, text.format(name), where, reason=reason, also=lists)
            if event in ("removed", "added-required", "added-optional"):
                continue
            self.compare(
                old_props[name].schema,
                old_props[name].pointer,
                new_props[name].schema,
                new_props[name].pointer,
                child,
                direction,
                use,
            )
        for keyword in ("anyOf", "oneOf"):
            before, after = old.schema.get(keyword) or [], new.schema.get(keyword) or []
            if len(before) == len(after):  # the same alternatives, perhaps changed: compare each
                for index, (was, now) in enumerate(zip(before, after, strict=True)):
                    self.compare(
                        was,
                        pointers.join(old.pointer, keyword, index),
                        now,
                        pointers.join(new.pointer, keyword, index),
                        field,
                        direction,
                        use,
                    )
            else:
                where = pointers.join(new.pointer if after else old.pointer, keyword)
                level = Level.COMPATIBLE if (len(after) > len(before)) == (direction == "request") else Level.BREAKING
                report(
                    level,
                    f"zc-{direction}-alternatives-changed",
                    f"{keyword} {len(before)} -> {len(after)} alternatives",
                    where,
                )
        before_expected = set(old.schema.get("x-zc-expected") or [])
        after_expected = set(new.schema.get("x-zc-expected") or [])
        for name in sorted(before_expected - after_expected):
            report(
                Level.BREAKING,
                "zc-field-no-longer-expected",
                f"field `{name}` is no longer always sent",
                pointers.join(new.pointer, "x-zc-expected"),
            )
        for name in sorted(after_expected - before_expected):
            report(
                Level.COMPATIBLE,
                "zc-field-now-expected",
                f"field `{name}` is now always sent",
                pointers.join(new.pointer, "x-zc-expected"),
            )
        if "items" in old.schema and "items" in new.schema:
            self.compare(
                old.schema["items"],
                pointers.join(old.pointer, "items"),
                new.schema["items"],
                pointers.join(new.pointer, "items"),
                f"{field}[]",
                direction,
                use,
            )


def _reporter(add: Callable[..., None], use: str) -> Callable[..., None]:
    def report(
        level: Level, rule: str, message: str, location: str, reason: str = "", also: tuple[str, ...] = ()
    ) -> None:
        add(level, rule, message, location, use, reason, also)

    return report


def _properties(document: Mapping[str, JSON], located: Located) -> tuple[dict[str, Located], set[str]]:
    """The properties of an object schema, `allOf` parts merged, each with the pointer of its schema."""
    properties: dict[str, Located] = {}
    required: set[str] = set(located.schema.get("required", []) or [])
    for name, schema in (located.schema.get("properties") or {}).items():
        properties[name] = Located(schema, pointers.join(located.pointer, "properties", name))
    for index, part in enumerate(located.schema.get("allOf", []) or []):
        inner = locate(document, part, pointers.join(located.pointer, "allOf", index))
        more, more_required = _properties(document, inner)
        properties.update(more)
        required |= more_required
    return properties, required


def _types(schema: Mapping[str, JSON]) -> frozenset[str]:
    kind = schema.get("type")
    if isinstance(kind, list):
        return frozenset(kind)
    return frozenset([kind]) if isinstance(kind, str) else frozenset()


def _keywords(old: Located, new: Located, direction: Direction, report: Callable[..., None]) -> None:
    o, n = old.schema, new.schema
    at = new.pointer

    def where(keyword: str) -> str:
        return pointers.join(at if keyword in n else old.pointer, keyword)

    old_types, new_types = _types(o), _types(n)
    if old_types != new_types and old_types and new_types:
        widened = old_types < new_types if direction == "request" else new_types < old_types
        level = Level.COMPATIBLE if widened else Level.BREAKING
        shown = f"{'/'.join(sorted(old_types))} -> {'/'.join(sorted(new_types))}"
        report(level, f"{direction}-property-type-changed", f"type {shown}", where("type"))

    for keyword, (label, larger_is_wider) in _BOUNDS.items():
        before, after = o.get(keyword), n.get(keyword)
        if before == after:
            continue
        if before is None:
            verb, wider = "set", False
        elif after is None:
            verb, wider = "removed", True
        else:
            wider = (after > before) == larger_is_wider
            verb = "increased" if after > before else "decreased"
        shown = f"{keyword} {before if before is not None else '(none)'} -> {after if after is not None else '(none)'}"
        if direction == "request":
            level = Level.COMPATIBLE if wider else Level.BREAKING
            report(level, f"request-property-{label}-{verb}", shown, where(keyword))
        else:
            report(
                Level.COMPATIBLE,
                f"response-property-{label}-{verb}",
                shown,
                where(keyword),
                reason=_RESPONSE_CONSTRAINT,
            )

    for keyword in ("pattern", "format"):
        before, after = o.get(keyword), n.get(keyword)
        if before == after:
            continue
        verb = "added" if before is None else "removed" if after is None else "changed"
        shown = f"{keyword} {before!r} -> {after!r}"
        if direction == "request":
            level = Level.COMPATIBLE if verb == "removed" else Level.BREAKING
            reason = "a pattern that changes may refuse values the old one took" if verb == "changed" else ""
            report(level, f"request-property-{keyword}-{verb}", shown, where(keyword), reason=reason)
        else:
            report(
                Level.COMPATIBLE,
                f"response-property-{keyword}-{verb}",
                shown,
                where(keyword),
                reason=_RESPONSE_CONSTRAINT,
            )

    _enum(o, n, direction, where, report)

    if o.get("default") != n.get("default"):
        report(
            Level.COMPATIBLE,
            f"{direction}-property-default-value-changed",
            f"default {o.get('default')!r} -> {n.get('default')!r}",
            where("default"),
            reason="every old request stays valid; a caller that leaves the field out gets the new default",
        )

    for keyword, rule in (("x-zc-error-code", "zc-field-error-code-changed"),):
        if o.get(keyword) != n.get(keyword):
            report(Level.BREAKING, rule, f"breach answers {o.get(keyword)} -> {n.get(keyword)}", where(keyword))
    if o.get("x-zc-max-utf8-bytes") != n.get("x-zc-max-utf8-bytes"):
        before = (o.get("x-zc-max-utf8-bytes") or {}).get("limit")
        after = (n.get("x-zc-max-utf8-bytes") or {}).get("limit")
        narrower = before is None or (after is not None and after < before)
        level = (
            Level.BREAKING
            if narrower
            or (o.get("x-zc-max-utf8-bytes") or {}).get("code") != (n.get("x-zc-max-utf8-bytes") or {}).get("code")
            else Level.COMPATIBLE
        )
        report(
            level, "zc-field-byte-limit-changed", f"UTF-8 byte limit {before} -> {after}", where("x-zc-max-utf8-bytes")
        )
    if bool(o.get("x-zc-secret")) != bool(n.get("x-zc-secret")):
        verb = "is now" if n.get("x-zc-secret") else "is no longer"
        report(
            Level.COMPATIBLE,
            "zc-field-secret-changed",
            f"{verb} a secret (redacted from logs and recordings)",
            where("x-zc-secret"),
        )
    if o.get("not") != n.get("not"):
        level = Level.BREAKING if direction == "request" and n.get("not") is not None else Level.COMPATIBLE
        report(
            level, f"zc-{direction}-exclusion-changed", "fields that may not be given together changed", where("not")
        )


def _enum(
    o: Mapping[str, JSON],
    n: Mapping[str, JSON],
    direction: Direction,
    where: Callable[[str], str],
    report: Callable[..., None],
) -> None:
    def values(schema: Mapping[str, JSON]) -> list[JSON] | None:
        if "enum" in schema:
            return list(schema["enum"])
        return [schema["const"]] if "const" in schema else None

    before, after = values(o), values(n)
    if before == after:
        return
    keyword = "enum" if "enum" in n or "enum" in o else "const"
    if before is None:
        level = Level.BREAKING if direction == "request" else Level.COMPATIBLE
        report(level, f"{direction}-property-enum-added", f"now limited to {after}", where(keyword))
        return
    if after is None:
        report(
            Level.COMPATIBLE if direction == "request" else Level.BREAKING,
            f"{direction}-property-enum-removed",
            "no longer limited to a list of values",
            where(keyword),
        )
        return
    for value in [v for v in before if v not in after]:
        level = Level.BREAKING if direction == "request" else Level.COMPATIBLE
        report(level, f"{direction}-property-enum-value-removed", f"value {value!r} removed", where(keyword))
    for value in [v for v in after if v not in before]:
        if direction == "request":
            report(Level.COMPATIBLE, "request-property-enum-value-added", f"value {value!r} added", where(keyword))
        else:
            report(
                Level.COMPATIBLE,
                "response-property-enum-value-added",
                f"value {value!r} added",
                where(keyword),
                reason="response enums are open: the client keeps a value it does not know as text",
            )
