"""The spec's executable behaviour: the kinds of resource (`x-zc-resources`), which request fields name
them (`x-zc-resource`), each business check's rule, each operation's effects and where its list comes
from. Rules and expressions are CEL, compiled here once when the spec is read (Google's C++ runtime,
cel-expr-python: it type-checks at compile time, so an unknown variable is a spec error, not a 500).

What a rule sees (every operation alike):
- `request`: the request body, a map (`has(request.field)` asks whether a field was given);
- each kind's resources under its `world` name (`instances`, `images`, ...): a map from id to attributes;
- `recycled`: the instance statuses that mean the recycle bin (`InstanceStatus.x-zc-recycled`);
- `item`: in a check with `each: <field>`, the element of that list field being checked; in a list's
  `where` and `render`, the resource being listed;
- `now`: the mock's wall clock as `YYYY-MM-DDTHH:MM:SSZ` (e.g. a created resource's `createTime`);
- in a `create` effect's `set`: `newId` (the id being made) and `index` (its place in the batch, from 0);
- in `x-zc-answer`: `created`, the ids each effect made, by kind's `world` name (`created.instances`).

A rule reads a kind's resources through the ids its request names (`instances[request.instanceId]`,
`item in instances`); one that reads the whole kind (`instances.filter(...)`, `size(instances)`: a quota,
a count) is seen when the spec is read, and the mock hands it every resource of that kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
from cel_expr_python import cel
from cel_expr_python.ext import ext_bindings

from zenlayer_spec import cel_reads
from zenlayer_spec.cel_plain import plain
from zenlayer_spec.document import JSON, SpecError, dereference, resolve_pointer
from zenlayer_spec.frozen import thaw
from zenlayer_spec.operations import CHANGES_STATE_KEY, WAITER_KEY, Operation
from zenlayer_spec.pointers import Location, Locator
from zenlayer_spec.pointers import join as join_pointer

RESOURCES_KEY = "x-zc-resources"
RESOURCE_FIELD_KEY = "x-zc-resource"
CHECKS_KEY = "x-zc-business-checks"
EFFECTS_KEY = "x-zc-effects"
RESULTS_KEY = "x-zc-results"
ATTRIBUTE_TYPES: Mapping[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "array": list,
    "object": dict,
}
# An effect acts on resources the request names (`ids`), makes new ones (`create`) or removes them (`delete`).
EFFECT_ACTIONS = ("ids", "create", "delete")
ANSWER_KEY = "x-zc-answer"
# What an expression may name besides the kinds' maps.
_MAP = cel.Type.Map(cel.Type.STRING, cel.Type.DYN)


@attrs.frozen
class Attribute:
    name: str
    type: str  # a key of ATTRIBUTE_TYPES
    resource: str | None  # the kind it names (the kind of each element, for an array)
    optional: bool
    # What a created resource (and a world entry without it) gets when nothing sets it; `has_default`
    # tells a declared `default: null` from none.
    default: JSON = None
    has_default: bool = False

    def fresh_default(self) -> JSON:
        """The default as a new plain value (the spec's is frozen, and a list must not be shared)."""
        return thaw(self.default)


def type_matches(value: JSON, type_name: str) -> bool:
    """Whether a value is of an attribute type (a bool is no number, as in JSON Schema)."""
    expected = ATTRIBUTE_TYPES[type_name]
    return isinstance(value, expected) and not (isinstance(value, bool) and type_name in ("integer", "number"))


@attrs.frozen
class ResourceKind:
    name: str
    world: str  # its list in a world file, and its map's name in rules
    id: str  # the attribute that identifies one
    attributes: tuple[Attribute, ...]
    status: str | None  # the attribute the lifecycle changes, if any
    answer_names: Mapping[str, str]  # answer field -> attribute, where the names differ
    id_prefix: str = ""  # what a created resource's id starts with (`newIds.prefix`)
    describe: str | None = None  # the list operation that reads one back (zenlayer_spec.read_back)

    def attribute_for(self, answer_field: str) -> str:
        return self.answer_names.get(answer_field, answer_field)


@attrs.frozen
class ResourceField:
    """A request field that names a resource: its path (`[]` stands for every element of an array)."""

    path: tuple[str, ...]
    kind: str

    @property
    def dotted(self) -> str:
        return ".".join(self.path).replace(".[]", "[]")


def values_at(node: JSON, path: tuple[str, ...]) -> list[JSON]:
    """The values at a field's `path` in a request body (`[]`: every element of a list); none where the
    body has no such field or another shape."""
    if not path:
        return [node]
    head, rest = path[0], path[1:]
    if head == "[]":
        return [value for item in node for value in values_at(item, rest)] if isinstance(node, list) else []
    return values_at(node[head], rest) if isinstance(node, Mapping) and head in node else []


@attrs.frozen(eq=False)
class Expression:
    """A compiled CEL expression and where it is written (for messages)."""

    text: str
    where: str | Location
    program: Any = attrs.field(repr=False)  # cel_expr_python's Expression

    def evaluate(self, activation: Any) -> JSON:  # noqa: ANN401 - a CEL activation
        """The value, or raises ExpressionFailed (a missing key, a wrong type: the expression cannot hold)."""
        value = self.program.eval(activation)
        if value.type() == cel.Type.ERROR:
            raise ExpressionFailed(f"{self.where}: {value.value()}")
        return plain(value)  # not value.plain_value(): see zenlayer_spec/cel_plain.py


class ExpressionFailed(Exception):
    """An expression could not be evaluated over this request and world."""


@attrs.frozen
class Rule:
    check: str
    code: str
    position: int  # in the operation's list (which decides the answer when several checks fail)
    id: str  # stable across edits of the list: what variants, findings, cases and reports name it by
    each: str | None  # the list field whose every element is checked, as `item`
    expression: Expression | None  # None: held by the schema extension named in `enforced_by`
    enforced_by: str | None
    # The refusal's message, a CEL string over the same request and world, stating what is (Kubernetes's
    # messageExpression): "instance ins-x is RUNNING; ResetInstance needs STOPPED". None: the prose.
    message: Expression | None = None


@attrs.frozen
class Effect:
    """What an accepted request does to one kind of resource: change those it names (`action` "ids"),
    make `count` new ones ("create") or remove those it names ("delete"). `lifecycle`: the statuses the
    resource goes through, the first at once and each next one a transition later; the last is where a
    change or a creation ends, while a deletion ends absent after it (an empty lifecycle: at once)."""

    kind: str
    ids: Expression | None  # "ids"/"delete": a string or a list of strings
    sets: tuple[tuple[str, Expression], ...]
    lifecycle: tuple[str, ...] = ()
    action: str = "ids"
    count: Expression | None = None  # "create": how many
    failed: str | None = None  # "create": where a creation ends when the mock's create fault picks it


@attrs.frozen
class AnswerField:
    """One field of a listed item, rendered from the resource's attribute of the same (or its declared) name."""

    name: str
    attribute: str
    as_string: bool  # the answer's type is a string where the attribute is a number (imageSize "20")


@attrs.frozen
class ListSource:
    kind: str
    where: Expression | None
    fields: tuple[AnswerField, ...]  # the item schema's properties, in its order
    # Listed fields computed over `item` (and the world) rather than read from one attribute: a field
    # joined through a reference (`imageName` of the image `item.imageId` names), an object, a number.
    render: Mapping[str, Expression] = attrs.field(factory=dict)


@attrs.frozen
class Behaviour:
    """What the mock does with a valid request of one operation."""

    operation_id: str
    rules: tuple[Rule, ...]
    effects: tuple[Effect, ...]
    list_source: ListSource | None
    # The first success example's `response`, for operations the spec gives no list: their answer.
    example_response: Mapping[str, JSON]
    # Answer fields computed from the request, the world and what the effects made (`x-zc-answer`), over
    # the example's.
    answer: tuple[tuple[str, Expression], ...] = ()
    # The kinds a rule reads whole (a count, a quota), by `world` name: the mock hands them all over.
    whole_kinds: frozenset[str] = frozenset()

    @property
    def example_only(self) -> bool:
        """Nothing executable: answered with the success example whatever the world holds."""
        return not self.rules and not self.effects and self.list_source is None and not self.answer


@attrs.frozen
class Behaviours:
    kinds: Mapping[str, ResourceKind]
    operations: Mapping[str, Behaviour]
    resource_fields: Mapping[str, tuple[ResourceField, ...]]  # by operationId
    environment: Any = attrs.field(repr=False)  # the CEL environment every expression was compiled in
    recycled: tuple[str, ...] = ()
    transitional: tuple[str, ...] = ()  # statuses that change by themselves (`x-zc-transitional`)

    def compile(self, text: str, where: str | Location) -> Expression:
        return _compile(self.environment, text, where)


def _compile(environment: Any, text: object, where: str | Location) -> Expression:  # noqa: ANN401 - a CEL environment
    if not isinstance(text, str) or not text.strip():
        raise SpecError(f"{where}: a CEL expression (a non-empty string) is needed, not {text!r}")
    try:
        program = environment.compile(text)
    except RuntimeError as error:
        message = str(error).removeprefix("INVALID_ARGUMENT: ")
        raise SpecError(f"{where}: the rule {text!r} does not compile: {message}") from None
    return Expression(text=text, where=where, program=program)


def _kinds(document: Mapping[str, JSON], locate: Locator) -> dict[str, ResourceKind]:
    raw = (document.get("components") or {}).get(RESOURCES_KEY) or {}
    base = f"/components/{RESOURCES_KEY}"
    if not isinstance(raw, Mapping):
        raise SpecError(f"{locate(base)}: a mapping of kinds is needed")
    kinds: dict[str, ResourceKind] = {}
    for name, entry in raw.items():
        where = locate.at(join_pointer(base, name))
        if not isinstance(entry, Mapping) or not isinstance(entry.get("attributes"), Mapping):
            raise SpecError(f"{where}: a kind needs `world`, `id` and `attributes`")
        attributes = []
        for attribute, declared in entry["attributes"].items():
            declared = declared if isinstance(declared, Mapping) else {}
            if declared.get("type") not in ATTRIBUTE_TYPES:
                raise SpecError(f"{where}: attribute {attribute}: `type` must be one of {sorted(ATTRIBUTE_TYPES)}")
            resource = declared.get("resource")
            has_default = "default" in declared
            default = declared.get("default")
            if has_default and default is not None and not type_matches(default, declared["type"]):
                raise SpecError(f"{where}: attribute {attribute}: the default {default!r} is not a {declared['type']}")
            attributes.append(
                Attribute(
                    str(attribute),
                    str(declared["type"]),
                    resource,
                    bool(declared.get("optional")),
                    declared.get("default"),
                    has_default,
                )
            )
        names = {attribute.name for attribute in attributes}
        for key in ("id", "status"):
            if entry.get(key) is not None and entry[key] not in names:
                raise SpecError(f"{where}: `{key}` names {entry[key]!r}, which is not one of its attributes")
        if not isinstance(entry.get("world"), str) or entry.get("id") is None:
            raise SpecError(f"{where}: a kind needs `world` (its list in a world file) and `id`")
        new_ids = entry.get("newIds") or {}
        if not isinstance(new_ids, Mapping) or not isinstance(new_ids.get("prefix", ""), str):
            raise SpecError(f"{where}: `newIds` is a mapping with the `prefix` a created id starts with, e.g. ins-")
        kinds[str(name)] = ResourceKind(
            name=str(name),
            world=entry["world"],
            id=str(entry["id"]),
            attributes=tuple(attributes),
            status=entry.get("status"),
            answer_names=dict(entry.get("answerNames") or {}),
            id_prefix=str(new_ids.get("prefix", "")),
            describe=str(entry["describe"]) if entry.get("describe") is not None else None,
        )
    for kind in kinds.values():
        for attribute in kind.attributes:
            if attribute.resource is not None and attribute.resource not in kinds:
                raise SpecError(
                    f"{locate(join_pointer(base, kind.name))}: attribute {attribute.name} names the kind "
                    f"{attribute.resource!r}, which {RESOURCES_KEY} does not declare"
                )
    return kinds


def schema_fields(
    document: Mapping[str, JSON], node: JSON, path: tuple[str, ...] = (), seen: frozenset[str] = frozenset()
) -> Iterator[tuple[tuple[str, ...], Mapping[str, JSON]]]:
    """(path, resolved schema) of `node` and of every field under it, at any depth (`[]` for an array's
    items; `allOf`/`anyOf`/`oneOf` parts at their parent's path), each `$ref` followed once per branch."""
    if not isinstance(node, Mapping):
        return
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref in seen:
            return
        seen = seen | {ref}
    resolved = dereference(document, node)
    if not isinstance(resolved, Mapping):
        return
    yield path, resolved
    for name, child in (resolved.get("properties") or {}).items():
        yield from schema_fields(document, child, (*path, str(name)), seen)
    if "items" in resolved:
        yield from schema_fields(document, resolved["items"], (*path, "[]"), seen)
    for keyword in ("allOf", "anyOf", "oneOf"):
        for part in resolved.get(keyword) or []:
            yield from schema_fields(document, part, path, seen)


def resource_fields(document: Mapping[str, JSON], operation: Operation) -> tuple[ResourceField, ...]:
    """The request fields of `operation` that name a resource (read without compiling any rule)."""
    return tuple(
        ResourceField(path, schema[RESOURCE_FIELD_KEY])
        for path, schema in schema_fields(document, {"$ref": operation.request_schema_pointer})
        if path and isinstance(schema.get(RESOURCE_FIELD_KEY), str)
    )


def _environment(kinds: Mapping[str, ResourceKind]) -> Any:  # noqa: ANN401 - a CEL environment
    variables = {
        "request": _MAP,
        "item": cel.Type.DYN,
        "recycled": cel.Type.List(cel.Type.STRING),
        "now": cel.Type.STRING,
        "newId": cel.Type.STRING,
        "index": cel.Type.INT,
        "created": cel.Type.Map(cel.Type.STRING, cel.Type.List(cel.Type.STRING)),
    }
    for kind in kinds.values():
        variables[kind.world] = cel.Type.Map(cel.Type.STRING, _MAP)
    return cel.NewEnv(variables=variables, extensions=[ext_bindings.ExtBindings()])


CHECK_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def _check_id(check: Mapping[str, JSON], at: str, taken: set[str], locate: Locator) -> str:
    """A check's `id`: kebab-case, unique in its operation (our rule: a check is named, not numbered)."""
    check_id = check.get("id")
    if not isinstance(check_id, str) or not CHECK_ID.match(check_id):
        raise SpecError(
            f"{locate(at)}: the check {check.get('check')!r} needs an `id` in kebab-case, e.g. instance-exists"
        )
    if check_id in taken:
        raise SpecError(
            f"{locate(join_pointer(at, 'id'))}: the id {check_id!r} is used by another check of this operation"
        )
    return check_id


def _operation_behaviour(
    document: Mapping[str, JSON],
    operation: Operation,
    environment: Any,  # noqa: ANN401 - a CEL environment
    kinds: Mapping[str, ResourceKind],
    locate: Locator,
) -> Behaviour:
    raw = document["paths"][operation.pseudo_path]["post"]
    base = join_pointer("/paths", operation.pseudo_path, "post")
    rules: list[Rule] = []
    for position, check in enumerate(raw.get(CHECKS_KEY) or []):
        at = join_pointer(base, CHECKS_KEY, position)
        if not isinstance(check, Mapping):
            raise SpecError(f"{locate(at)}: a check is a mapping")
        enforced_by = check.get("enforcedBy")
        if "rule" not in check and enforced_by is None:
            raise SpecError(f"{locate(at)}: the check {check.get('check')!r} needs a `rule` (or `enforcedBy`)")
        expression = (
            _compile(environment, check["rule"], locate.at(join_pointer(at, "rule"))) if "rule" in check else None
        )
        each = check.get("each")
        check_id = _check_id(check, at, {rule.id for rule in rules}, locate)
        message = (
            _compile(environment, check["message"], locate.at(join_pointer(at, "message")))
            if "message" in check
            else None
        )
        rules.append(
            Rule(
                str(check.get("check")),
                str(check.get("code")),
                position,
                check_id,
                each,
                expression,
                enforced_by,
                message,
            )
        )
    effects = tuple(
        _effect(raw_effect, join_pointer(base, EFFECTS_KEY, index), operation, environment, kinds, locate)
        for index, raw_effect in enumerate(raw.get(EFFECTS_KEY) or [])
    )
    answer = []
    raw_answer = raw.get(ANSWER_KEY) or {}
    if not isinstance(raw_answer, Mapping):
        raise SpecError(f"{locate(join_pointer(base, ANSWER_KEY))}: a mapping of answer field -> CEL expression")
    result_fields = _result_fields(document, operation)
    for field, text in raw_answer.items():
        at = join_pointer(base, ANSWER_KEY, field)
        if field not in result_fields:
            raise SpecError(
                f"{locate(at)}: the answer has no field {field!r} (its fields: {', '.join(sorted(result_fields))})"
            )
        answer.append((str(field), _compile(environment, text, locate.at(at))))
    return Behaviour(
        operation_id=operation.operation_id,
        rules=tuple(rules),
        effects=effects,
        list_source=_list_source(document, operation, raw, environment, kinds, locate, base),
        example_response=_example_response(document, operation, raw, locate, base),
        answer=tuple(answer),
        whole_kinds=_whole_kinds(raw, kinds),
    )


def _result_fields(document: Mapping[str, JSON], operation: Operation) -> set[str]:
    result = dereference(document, resolve_pointer(document, operation.result_schema_pointer))
    properties = result.get("properties") if isinstance(result, Mapping) else None
    return {str(name) for name in properties} if isinstance(properties, Mapping) else set()


def _whole_kinds(raw: Mapping[str, JSON], kinds: Mapping[str, ResourceKind]) -> frozenset[str]:
    """The kinds (by `world` name) an operation's rules, messages or effects read whole (cel_reads)."""
    texts: list[JSON] = []
    for check in raw.get(CHECKS_KEY) or []:
        if isinstance(check, Mapping):
            texts += [check.get("rule"), check.get("message")]
    for effect in raw.get(EFFECTS_KEY) or []:
        if isinstance(effect, Mapping):
            texts += [effect.get(key) for key in EFFECT_ACTIONS] + list((effect.get("set") or {}).values())
    texts += list((raw.get(ANSWER_KEY) or {}).values()) if isinstance(raw.get(ANSWER_KEY), Mapping) else []
    worlds = {kind.world for kind in kinds.values()}
    return frozenset(world for text in texts if isinstance(text, str) for world in cel_reads.whole_reads(text, worlds))


def _effect(
    raw: JSON,
    at: str,
    operation: Operation,
    environment: Any,  # noqa: ANN401 - a CEL environment
    kinds: Mapping[str, ResourceKind],
    locate: Locator,
) -> Effect:
    if not isinstance(raw, Mapping) or raw.get("kind") not in kinds:
        raise SpecError(f"{locate(at)}: an effect needs `kind`, one of {sorted(kinds)}")
    kind = kinds[raw["kind"]]
    given = [key for key in EFFECT_ACTIONS if key in raw]
    if len(given) != 1:
        raise SpecError(
            f"{locate(at)}: an effect says what it acts on with exactly one of `ids` (resources the request names), "
            f"`create` (how many new ones) or `delete` (resources it removes), not {given or 'none'}"
        )
    action = given[0]
    lifecycle = _lifecycle(raw, at, operation, kind, action, locate)
    names = {declared.name for declared in kind.attributes}
    sets = []
    for attribute, text in (raw.get("set") or {}).items():
        if attribute not in names or attribute == kind.id:
            raise SpecError(f"{locate(at)}: `set` names {attribute!r}, not a settable attribute of {kind.name}")
        sets.append((str(attribute), _compile(environment, text, locate.at(join_pointer(at, "set", attribute)))))
    if action == "create":
        unset = [
            declared.name
            for declared in kind.attributes
            if declared.name not in {name for name, _ in sets} | {kind.id, kind.status}
            and not declared.has_default
            and not declared.optional
        ]
        if unset:
            raise SpecError(
                f"{locate(at)}: a created {kind.name} needs a value for {', '.join(unset)}: `set` it, or declare "
                f"a `default` in {RESOURCES_KEY}"
            )
        if not kind.id_prefix:
            raise SpecError(f"{locate(at)}: the kind {kind.name} declares no `newIds.prefix` for the ids it creates")
    failed = raw.get("failed")
    if failed is not None and (action != "create" or not isinstance(failed, str)):
        raise SpecError(f"{locate(join_pointer(at, 'failed'))}: `failed` (a status) belongs to a `create` effect")
    expression = _compile(environment, raw[action], locate.at(join_pointer(at, action)))
    return Effect(
        kind=kind.name,
        ids=None if action == "create" else expression,
        sets=tuple(sets),
        lifecycle=lifecycle,
        action=action,
        count=expression if action == "create" else None,
        failed=failed,
    )


def _lifecycle(
    raw: Mapping[str, JSON], at: str, operation: Operation, kind: ResourceKind, action: str, locate: Locator
) -> tuple[str, ...]:
    """The statuses an effect's resources go through: `lifecycle` as written, or with `transition: true`
    the waiter's first pending status, then its target."""
    if raw.get("transition") and "lifecycle" in raw:
        raise SpecError(f"{locate(at)}: `transition: true` and `lifecycle` say the same thing: keep one")
    if raw.get("transition"):
        if operation.waiter is None or kind.status is None or operation.waiter.target_is_absent:
            raise SpecError(
                f"{locate(at)}: `transition: true` needs the operation's x-zc-waiter (with a status as its target) "
                f"and a kind with a `status`; or write the statuses out as `lifecycle`"
            )
        return (operation.waiter.pending[0], operation.waiter.target)
    statuses = raw.get("lifecycle", [])
    if not isinstance(statuses, list) or not all(isinstance(status, str) for status in statuses):
        raise SpecError(
            f"{locate(join_pointer(at, 'lifecycle'))}: a list of statuses, e.g. [PENDING, DEPLOYING, RUNNING]"
        )
    if statuses and kind.status is None:
        raise SpecError(f"{locate(join_pointer(at, 'lifecycle'))}: the kind {kind.name} has no `status` to go through")
    if action == "create" and kind.status is not None and not statuses:
        raise SpecError(
            f"{locate(at)}: a created {kind.name} needs a `lifecycle` (its statuses, the last where it ends)"
        )
    return tuple(statuses)


def _list_source(
    document: Mapping[str, JSON],
    operation: Operation,
    raw: Mapping[str, JSON],
    environment: Any,  # noqa: ANN401 - a CEL environment
    kinds: Mapping[str, ResourceKind],
    locate: Locator,
    base: str,
) -> ListSource | None:
    results = raw.get(RESULTS_KEY)
    if not isinstance(results, Mapping) or "from" not in results:
        return None
    at = join_pointer(base, RESULTS_KEY)
    if results["from"] not in kinds:
        raise SpecError(f"{locate(at)}: `from` must name a kind of {RESOURCES_KEY}, not {results['from']!r}")
    result = dereference(document, resolve_pointer(document, operation.result_schema_pointer))
    items = dereference(document, (result.get("properties") or {}).get(str(results.get("items")), {}))
    item_schema = dereference(document, items.get("items", {})) if isinstance(items, Mapping) else {}
    if not isinstance(item_schema, Mapping) or not item_schema.get("properties"):
        raise SpecError(f"{locate(at)}: the answer's `{results.get('items')}` must be an array of objects")
    kind = kinds[str(results["from"])]
    attributes = {attribute.name for attribute in kind.attributes}
    raw_render = results.get("render") or {}
    if not isinstance(raw_render, Mapping):
        raise SpecError(
            f"{locate(join_pointer(at, 'render'))}: a mapping of listed field -> CEL expression over `item`"
        )
    render = {}
    for name, text in raw_render.items():
        if name not in item_schema["properties"]:
            raise SpecError(f"{locate(join_pointer(at, 'render', name))}: the listed item has no field {name!r}")
        render[str(name)] = _compile(environment, text, locate.at(join_pointer(at, "render", name)))
    fields = []
    for name, schema in item_schema["properties"].items():
        attribute = kind.attribute_for(str(name))
        if attribute not in attributes and name not in render:
            raise SpecError(
                f"{locate(at)}: the listed item's field {name} has no attribute of {kind.name} behind it "
                f"(declare one, map it with answerNames, or compute it with `render`)"
            )
        types = _types(document, schema)
        fields.append(AnswerField(str(name), attribute, "string" in types and not types & {"integer", "number"}))
    where = results.get("where")
    return ListSource(
        kind=kind.name,
        where=_compile(environment, where, locate.at(join_pointer(at, "where"))) if where is not None else None,
        fields=tuple(fields),
        render=render,
    )


def _types(document: Mapping[str, JSON], schema: JSON) -> set[str]:
    """The JSON types a schema allows, through `$ref` and `anyOf`/`oneOf`."""
    resolved = dereference(document, schema)
    if not isinstance(resolved, Mapping):
        return set()
    declared = resolved.get("type")
    found = {declared} if isinstance(declared, str) else set(declared or ())
    for keyword in ("anyOf", "oneOf", "allOf"):
        for part in resolved.get(keyword) or []:
            found |= _types(document, part)
    return found


def _example_response(
    document: Mapping[str, JSON], operation: Operation, raw: Mapping[str, JSON], locate: Locator, base: str
) -> Mapping[str, JSON]:
    success = dereference(document, (raw.get("responses") or {}).get("200", {}))
    media = (success.get("content") or {}).get("application/json") or {}
    for example in (media.get("examples") or {}).values():
        value = dereference(document, example).get("value")
        if isinstance(value, Mapping) and isinstance(value.get("response"), Mapping):
            return {key: item for key, item in value["response"].items() if key != "requestId"}
    raise SpecError(f"{locate(join_pointer(base, 'responses', '200'))}: the success answer needs an example")


# The verbs of the vendor's actions that only read (Describe*, Inquiry* prices, List*, Get*).
READ_VERBS = ("Describe", "Inquiry", "List", "Get")


def _read_only_declaration(document: Mapping[str, JSON], operation: Operation, locate: Locator) -> None:
    """`x-zc-changes-state: false` cannot lie: a live run sends such an operation as generated, unguarded.
    Our rule: only an operation named with a read verb, with no effects and no waiter, may declare it."""
    if operation.changes_state:
        return
    raw = document["paths"][operation.pseudo_path]["post"]
    where = locate.at(operation.pointer(CHANGES_STATE_KEY).removeprefix("#"))
    if raw.get("x-zc-effects"):
        reason = "it has x-zc-effects (it changes what it names)"
    elif raw.get(WAITER_KEY):
        reason = f"it has {WAITER_KEY} (something changes after it)"
    elif not operation.operation_id.startswith(READ_VERBS):
        reason = f"its name does not start with a read verb ({', '.join(READ_VERBS)})"
    else:
        return
    raise SpecError(
        f"{where}: {operation.operation_id} declares {CHANGES_STATE_KEY}: false, but {reason}; a live run would send "
        f"it unguarded: declare {CHANGES_STATE_KEY}: true"
    )


def _check_reads(
    document: Mapping[str, JSON], ops: Mapping[str, Operation], kinds: Mapping[str, ResourceKind], locate: Locator
) -> None:
    """Every attribute and request field a rule, effect or list filter reads is declared (cel_reads)."""
    attributes = {kind.world: {attribute.name for attribute in kind.attributes} for kind in kinds.values()}
    for operation in ops.values():
        raw = document["paths"][operation.pseudo_path]["post"]
        base = join_pointer("/paths", operation.pseudo_path, "post")
        request = {path[0] for path, _ in schema_fields(document, {"$ref": operation.request_schema_pointer}) if path}
        texts: list[tuple[str, JSON, set[str] | None]] = []
        for position, check in enumerate(raw.get(CHECKS_KEY) or []):
            for key in ("rule", "message"):
                if isinstance(check, Mapping) and key in check:
                    texts.append((join_pointer(base, CHECKS_KEY, position, key), check[key], None))
        for index, effect in enumerate(raw.get(EFFECTS_KEY) or []):
            if isinstance(effect, Mapping):
                at = join_pointer(base, EFFECTS_KEY, index)
                texts += [(join_pointer(at, key), effect.get(key), None) for key in EFFECT_ACTIONS if key in effect]
                texts += [
                    (join_pointer(at, "set", name), text, None) for name, text in (effect.get("set") or {}).items()
                ]
        answer = raw.get(ANSWER_KEY)
        if isinstance(answer, Mapping):
            texts += [(join_pointer(base, ANSWER_KEY, name), text, None) for name, text in answer.items()]
        results = raw.get(RESULTS_KEY)
        if isinstance(results, Mapping) and results.get("from") in kinds:
            listed = {attribute.name for attribute in kinds[str(results["from"])].attributes}
            if "where" in results:
                texts.append((join_pointer(base, RESULTS_KEY, "where"), results["where"], listed))
            render = results.get("render")
            if isinstance(render, Mapping):
                texts += [
                    (join_pointer(base, RESULTS_KEY, "render", name), text, listed) for name, text in render.items()
                ]
        for pointer, text, item in texts:
            if isinstance(text, str):
                for problem in cel_reads.problems(text, attributes, request, item):
                    raise SpecError(f"{locate(pointer)}: {problem}")


def behaviours(document: Mapping[str, JSON], ops: Mapping[str, Operation], path: Path | None = None) -> Behaviours:
    """Every operation's behaviour, compiled; a SpecError (file:line, the rule, the compiler's words) if
    anything cannot be executed."""
    locate = Locator(path)
    kinds = _kinds(document, locate)
    environment = _environment(kinds)
    fields = {}
    for op_id, operation in ops.items():
        _read_only_declaration(document, operation, locate)
        found = resource_fields(document, operation)
        for field in found:
            if field.kind not in kinds:
                raise SpecError(
                    f"{locate(operation.request_schema_pointer.removeprefix('#'))}: {op_id}'s field {field.dotted} "
                    f"names the kind {field.kind!r}, which {RESOURCES_KEY} does not declare"
                )
        fields[op_id] = found
    _check_reads(document, ops, kinds, locate)
    schemas = ((document.get("components") or {}).get("schemas") or {}).values()
    recycled = next((schema["x-zc-recycled"] for schema in schemas if "x-zc-recycled" in schema), ())
    transitional = next((schema["x-zc-transitional"] for schema in schemas if "x-zc-transitional" in schema), ())
    return Behaviours(
        kinds=kinds,
        operations={
            op_id: _operation_behaviour(document, operation, environment, kinds, locate)
            for op_id, operation in ops.items()
        },
        resource_fields=fields,
        environment=environment,
        recycled=tuple(str(status) for status in recycled),
        transitional=tuple(str(status) for status in transitional),
    )
