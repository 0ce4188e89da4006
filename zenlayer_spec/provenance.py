"""Where each rule of the spec comes from (`x-zc-source`, docs/contract.md §11), read once into typed
records; and the lint that fails on a rule without a source, naming the file, the line and the fix.

A rule is anything the spec states beyond plain JSON types: a schema's constraints (length, pattern,
range, items, enum, required, default, `not`, its own error code, a byte limit, status lists), each
operation's business checks, their order, what it changes and how to wait for it, each error code, the
signing scheme, and the components-level data. A source is a string `<kind>: <reference or reason>`.

`python -m zenlayer_spec.lint` runs this lint (with the behaviour check) from a command line.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs
import yaml

from zenlayer_spec.document import JSON, SPEC_PATH, read_document
from zenlayer_spec.pointers import YAML_LOADER

SOURCE_KEY = "x-zc-source"
CHECKS_KEY = "x-zc-business-checks"
COMPONENT_SOURCES_KEY = "x-zc-sources"
# The keywords and extensions of a schema that state a rule (docs/contract.md §11).
CONSTRAINTS = (
    "required",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "enum",
    "default",
    "not",
    "x-zc-error-code",
    "x-zc-max-utf8-bytes",
    "x-zc-transitional",
    "x-zc-recycled",
    "x-zc-expected",
)
# Components-level data that needs a source in `components.x-zc-sources`.
COMPONENT_DATA = (
    "x-zc-schema-error-codes",
    "x-zc-max-body-bytes",
    "x-zc-request-guards",
    "x-zc-not-api-answers",
    "x-zc-client-identity",
    "x-zc-other-requests",
)
_SOURCE = re.compile(r"^(vendor-docs|vendor-sdk|project-rule): \S.{8,}", re.DOTALL)


class Kind(enum.Enum):
    VENDOR_DOCS = "vendor-docs"
    VENDOR_SDK = "vendor-sdk"
    PROJECT_RULE = "project-rule"

    @property
    def is_vendor(self) -> bool:
        return self is not Kind.PROJECT_RULE


@attrs.frozen
class Source:
    kind: Kind
    text: str

    @classmethod
    def parse(cls, raw: str) -> Source:
        kind, _, text = raw.partition(": ")
        return cls(Kind(kind), text.strip())

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.text}"


@attrs.frozen
class Rule:
    """One rule of the spec: where it is (a JSON pointer), what it is, and its source (None: unsourced)."""

    pointer: str
    name: str
    source: Source | None


@attrs.frozen
class BusinessCheck:
    """One business check of an operation, in the order the API runs them."""

    operation_id: str
    position: int
    check: str
    code: str
    source: Source
    id: str
    # A request body that breaks this check in the mock's default world, if the spec gives one.
    example: JSON = None
    # What the mock evaluates (a CEL expression, zenlayer_spec.behaviour), or the schema extension
    # that holds the check (`enforcedBy`).
    rule: str | None = None
    enforced_by: str | None = None
    each: str | None = None  # the request's list field whose every element the rule checks, as `item`


def pointer(*parts: str | int) -> str:
    """The JSON pointer (RFC 6901, as a fragment) of the node at `parts`, e.g. a pseudo-path's `/`."""
    return "#/" + "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _source(raw: object) -> Source | None:
    return Source.parse(raw) if isinstance(raw, str) and _SOURCE.match(raw) else None


def _schema_rules(schema: Mapping[str, JSON], where: tuple[str | int, ...]) -> Iterator[Rule]:
    """Rules of one schema and of the schemas inside it (properties, items, allOf/anyOf/oneOf)."""
    declared = schema.get(SOURCE_KEY)
    for keyword in CONSTRAINTS:
        if keyword not in schema:
            continue
        if where[-1:] == ("code",) and keyword == "enum":
            continue  # an error schema's code list: each code's source is in x-zc-error-codes
        raw = declared.get(keyword, declared.get("*")) if isinstance(declared, Mapping) else declared
        yield Rule(pointer(*where, keyword), f"{keyword} of {pointer(*where)}", _source(raw))
    for name, inner in (schema.get("properties") or {}).items():
        if isinstance(inner, Mapping):
            yield from _schema_rules(inner, (*where, "properties", name))
    if isinstance(schema.get("items"), Mapping):
        yield from _schema_rules(schema["items"], (*where, "items"))
    for combinator in ("allOf", "anyOf", "oneOf"):
        for index, inner in enumerate(schema.get(combinator) or []):
            if isinstance(inner, Mapping):
                yield from _schema_rules(inner, (*where, combinator, index))


def _operation_rules(path: str, raw: Mapping[str, JSON]) -> Iterator[Rule]:
    where: tuple[str | int, ...] = ("paths", path, "post")
    declared = raw.get(SOURCE_KEY)
    sources = declared if isinstance(declared, Mapping) else {}
    yield Rule(pointer(*where, "x-zc-changes-state"), f"{path}: changes state", _source(sources.get("changesState")))
    if "x-zc-waiter" in raw:
        yield Rule(pointer(*where, "x-zc-waiter"), f"{path}: waiter", _source(sources.get("waiter")))
    if "results" in sources or raw.get("operationId", "").startswith("Describe"):
        yield Rule(pointer(*where, SOURCE_KEY, "results"), f"{path}: results", _source(sources.get("results")))
    checks = raw.get(CHECKS_KEY) or []
    if len(checks) > 1:
        yield Rule(pointer(*where, CHECKS_KEY), f"{path}: order of checks", _source(sources.get("order")))
    for index, check in enumerate(checks):
        text = check.get("check", "?") if isinstance(check, Mapping) else "?"
        check_id = check.get("id", index) if isinstance(check, Mapping) else index
        source = _source(check.get("source")) if isinstance(check, Mapping) else None
        yield Rule(pointer(*where, CHECKS_KEY, index), f"{path}: check {check_id} ({text})", source)
    for index, parameter in enumerate(raw.get("parameters") or []):
        if isinstance(parameter, Mapping) and isinstance(parameter.get("schema"), Mapping):
            yield from _schema_rules(parameter["schema"], (*where, "parameters", index, "schema"))


def rules(document: Mapping[str, JSON]) -> list[Rule]:
    """Every rule the spec states, with its source where it has one."""
    found: list[Rule] = []
    components = document.get("components") or {}
    for name, schema in (components.get("schemas") or {}).items():
        found += _schema_rules(schema, ("components", "schemas", name))
    for name, parameter in (components.get("parameters") or {}).items():
        if isinstance(parameter.get("schema"), Mapping):
            found += _schema_rules(parameter["schema"], ("components", "parameters", name, "schema"))
    for path, item in (document.get("paths") or {}).items():
        if isinstance(item, Mapping) and isinstance(item.get("post"), Mapping):
            found += _operation_rules(path, item["post"])
    for code, entry in (components.get("x-zc-error-codes") or {}).items():
        source = _source(entry.get("source")) if isinstance(entry, Mapping) else None
        found.append(Rule(pointer("components", "x-zc-error-codes", code), f"error code {code}", source))
    for name, scheme in (components.get("securitySchemes") or {}).items():
        found.append(
            Rule(
                pointer("components", "securitySchemes", name),
                f"security scheme {name}",
                _source(scheme.get(SOURCE_KEY)),
            )
        )
    declared = components.get(COMPONENT_SOURCES_KEY) or {}
    for key in COMPONENT_DATA:
        if key in components:
            found.append(Rule(pointer("components", key), f"components.{key}", _source(declared.get(key))))
    return found


def business_checks(document: Mapping[str, JSON]) -> dict[str, list[BusinessCheck]]:
    """Per operationId, its business checks in order (only sourced ones: the lint holds the rest)."""
    checks: dict[str, list[BusinessCheck]] = {}
    for item in (document.get("paths") or {}).values():
        raw = item.get("post") if isinstance(item, Mapping) else None
        if not isinstance(raw, Mapping):
            continue
        entries = []
        for position, check in enumerate(raw.get(CHECKS_KEY) or []):
            source = _source(check.get("source"))
            if source is not None:
                entries.append(
                    BusinessCheck(
                        raw["operationId"],
                        position,
                        check["check"],
                        check["code"],
                        source,
                        str(check.get("id", position)),
                        check.get("example"),
                        check.get("rule"),
                        check.get("enforcedBy"),
                        check.get("each"),
                    )
                )
        checks[str(raw["operationId"])] = entries
    return checks


def error_code_sources(document: Mapping[str, JSON]) -> dict[str, Source]:
    """The source of each error code of `x-zc-error-codes` that has one."""
    catalogue = (document.get("components") or {}).get("x-zc-error-codes") or {}
    sources = {code: _source(entry.get("source")) for code, entry in catalogue.items() if isinstance(entry, Mapping)}
    return {code: source for code, source in sources.items() if source is not None}


def source_at(document: Mapping[str, JSON], pointer: str) -> Source | None:
    """The source of the rule at `pointer` (as `rules` names them), if it has one."""
    for rule in rules(document):
        if rule.pointer == pointer:
            return rule.source
    return None


# -- the lint ---------------------------------------------------------------------------------------


def line_numbers(path: Path) -> dict[str, int]:
    """JSON pointer -> 1-based line of each mapping key and sequence item in the YAML file."""
    lines: dict[str, int] = {}
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())] if root is not None else []
    while stack:
        node, where = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                inner = (*where, str(key.value))
                lines[pointer(*inner)] = key.start_mark.line + 1
                stack.append((value, inner))
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                lines[pointer(*where, index)] = value.start_mark.line + 1
                stack.append((value, (*where, index)))
    return lines


def line_of(lines: Mapping[str, int], pointer: str) -> int:
    """The line of `pointer`, or of its nearest parent written in the file (a source not written yet)."""
    while pointer not in lines and "/" in pointer:
        pointer = pointer.rsplit("/", 1)[0]
    return lines.get(pointer, 1)


def lint(path: Path = SPEC_PATH) -> list[str]:
    """One located message per rule without a valid source; empty when every rule has one."""
    document = read_document(path)
    lines = line_numbers(path)
    problems = []
    for rule in rules(document):
        if rule.source is not None:
            continue
        line = line_of(lines, rule.pointer)
        problems.append(
            f"{path}:{line}: {rule.name} has no source. Fix: add `{SOURCE_KEY}` beside it "
            "(`vendor-docs: <page>`, `vendor-sdk: <SDK or CLI file>` or `project-rule: <reason>`; "
            "docs/contract.md §11)"
        )
    return problems
