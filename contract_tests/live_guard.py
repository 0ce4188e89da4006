"""What a live run may send, read from the spec, failing closed: the plan and the guard's decisions.

The guard decides on a whole request (method, path, query, headers, body) before any byte of it reaches
a live endpoint; `contract_tests.gateway` is the one place that asks it, for every request of a live run.
A request is sent unchanged, sent with the ids it names redirected to ones that cannot exist, or not sent:
- Reads (an action the spec declares `x-zc-changes-state: false`) are sent as generated.
- Any other request is a state change, whatever its action header says: an action that is not exactly
  one of the spec's (unknown, padded, other case, missing, repeated) is not sent; a body that is not one
  JSON object (or repeats a key) is not sent; a query string is not sent (the API takes none).
- In a state change, every value that names a resource is held to its kind's allow-list: a value at a
  path the spec declares (`x-zc-resource`) that is a string of the allow-list is kept; every other value
  under an id-like key (by name, whatever its type or depth, in every object and list) is redirected.
  A request keeps its allowed ids only when it is signed, names nothing it must redirect, and the
  budget has room: a request whose other ids were redirected would fail anyway, and is not worth one.
- A header with an id-like name is not sent; headers the API does not read are dropped.

The plan (printed before anything is sent) refuses to start, sending nothing, where the spec leaves a
doubt: an id-like field of a state-changing operation that declares no kind; `x-zc-resource` where the
guard cannot rewrite it (under additionalProperties, patternProperties, prefixItems, if/then/else,
dependentSchemas, not, contains); a parameter other than the action and version headers on a
state-changing operation, or any query, path or cookie parameter; a kind without its allow-list variable;
a budget that is not a whole number.

Id-like, by name (our rule; the vendor names every id field `...Id` or `...Ids`): the name, split into
words at case changes, `_` and `-`, has the word `id` or `ids` anywhere (any case; `idList`, `idSet`
too): `instanceId`, `instanceIds`, `instanceIdList`, `instance_id`, `InstanceID`, `IDs`, `idOfInstance`,
`X-Instance-Id`; not `identifier`, `valid`, `guid`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping

import attrs

from zenlayer_spec import Spec
from zenlayer_spec.behaviour import RESOURCE_FIELD_KEY, ResourceField, values_at
from zenlayer_spec.document import JSON, dereference
from zenlayer_spec.operations import ACTION_HEADER, VERSION_HEADER, WIRE_METHOD
from zenlayer_spec.signing import AUTHORIZATION_HEADER

NONEXISTENT_PREFIX = "zc-contract-nonexistent-"
DEFAULT_BUDGET = 10
BUDGET_VARIABLE = "ZENLAYER_CONTRACT_LIVE_BUDGET"
UNKNOWN_KIND = "unknown"
_CAMEL = (re.compile(r"([a-z0-9])([A-Z])"), re.compile(r"([A-Z]+)([A-Z][a-z])"))
_ID_WORDS = frozenset({"id", "ids", "idlist", "idset"})
# Where a subschema sits that the guard cannot address by a field's path.
_UNADDRESSABLE = (
    "additionalProperties",
    "unevaluatedProperties",
    "patternProperties",
    "prefixItems",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "not",
    "contains",
    "propertyNames",
)
# Headers of the transport that name nothing the API reads; forwarded as they are.
TRANSPORT_HEADERS = frozenset({"content-type", "accept", "accept-encoding", "user-agent"})


def id_like(name: str) -> bool:
    """Whether a field or header name says it holds ids (the rule in the module's docstring)."""
    spaced = name.replace("IDs", "Ids")  # the plural of an acronym, which the camel-case split would cut
    for boundary in _CAMEL:
        spaced = boundary.sub(r"\1 \2", spaced)
    words = [word.lower() for word in re.split(r"[^A-Za-z0-9]+", spaced) if word]
    return any(word in _ID_WORDS for word in words)


def allow_list_variable(kind: str) -> str:
    """`keyPair` -> ZENLAYER_CONTRACT_ALLOWED_KEY_PAIRS."""
    return f"ZENLAYER_CONTRACT_ALLOWED_{re.sub(r'(?<!^)(?=[A-Z])', '_', kind).upper()}S"


def nonexistent(kind: str, index: int) -> str:
    return f"{NONEXISTENT_PREFIX}{kind}-{index}"


class LiveRefusal(Exception):
    """The spec or the environment leaves the live guard in doubt: nothing may be sent."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@attrs.frozen
class OperationPlan:
    operation_id: str
    action: str
    changes_state: bool
    fields: tuple[ResourceField, ...]
    # Not sent at all in a live run, and why: it makes, deletes or bins resources (`withheld`).
    withheld: str = ""

    def kind_at(self, path: tuple[str, ...]) -> str | None:
        return next((field.kind for field in self.fields if field.path == path), None)


@attrs.frozen
class LivePlan:
    operations: tuple[OperationPlan, ...]
    allowed: Mapping[str, frozenset[str]]  # by kind, for the kinds state-changing requests name
    budget: int
    rate_limit: str
    phases: tuple[str, ...]
    base_url: str
    # A shard's share of the budget (shard i of n runs in a CI job of its own): "i/n", or "" unsharded.
    shard: str = ""
    # By kind: the run's own resources (contract_tests.disposable), put in place of an id the allow-list
    # does not hold, so that the generated tests act on what the run made rather than on nothing.
    substitutes: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)

    def by_action(self, action: str | None) -> OperationPlan | None:
        return next((operation for operation in self.operations if operation.action == action), None)

    def lines(self) -> list[str]:
        """The plan, as a person reads it before anything is sent."""
        lines = [f"live contract run against {self.base_url}: nothing has been sent yet"]
        lines.append(f"  phases: {', '.join(self.phases)}; rate limit {self.rate_limit}; one process (no workers)")
        share = f" (shard {self.shard}'s share of {BUDGET_VARIABLE})" if self.shard else f" ({BUDGET_VARIABLE})"
        lines.append(
            f"  budget: at most {self.budget} state-changing requests that name an allow-listed resource{share}; "
            "past it their ids are redirected to ones that cannot exist"
        )
        lines.append(
            "  every request passes one guard before it is signed (contract_tests/gateway.py): an action it does "
            "not know, a query string or a body it cannot read is not sent"
        )
        for operation in self.operations:
            if operation.withheld:
                lines.append(f"  {operation.operation_id}: NOT SENT ({operation.withheld})")
                continue
            if not operation.changes_state:
                lines.append(f"  {operation.operation_id}: reads only; sent as generated")
                continue
            lines.append(f"  {operation.operation_id}: CHANGES STATE")
            for field in operation.fields:
                allowed = sorted(self.allowed.get(field.kind, ()))
                shown = ", ".join(allowed) if allowed else "none (every id is redirected)"
                lines.append(f"    {field.dotted} ({field.kind} ids): may use {shown}")
        return lines


def _subschemas(
    document: Mapping[str, JSON], node: JSON, where: str, addressable: bool, seen: frozenset[str] = frozenset()
) -> Iterator[tuple[str, str | None, Mapping[str, JSON], bool]]:
    """(where, property name or None, resolved schema, addressable) of every subschema under `node`."""
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
    for name, child in (resolved.get("properties") or {}).items():
        child_resolved = dereference(document, child) if isinstance(child, Mapping) else {}
        if isinstance(child_resolved, Mapping):
            yield f"{where}.{name}", str(name), child_resolved, addressable
        yield from _subschemas(document, child, f"{where}.{name}", addressable, seen)
    if isinstance(resolved.get("items"), Mapping):
        items = resolved["items"]
        items_resolved = dereference(document, items)
        if isinstance(items_resolved, Mapping):
            yield f"{where}[]", None, items_resolved, addressable
        yield from _subschemas(document, items, f"{where}[]", addressable, seen)
    for keyword in ("allOf", "anyOf", "oneOf"):
        for part in resolved.get(keyword) or []:
            part_resolved = dereference(document, part) if isinstance(part, Mapping) else None
            if isinstance(part_resolved, Mapping):
                yield f"{where}", None, part_resolved, addressable
            yield from _subschemas(document, part, where, addressable, seen)
    for keyword in _UNADDRESSABLE:
        value = resolved.get(keyword)
        children: list[tuple[str, JSON]] = []
        if keyword in {"patternProperties", "dependentSchemas"} and isinstance(value, Mapping):
            children = [(f"{where}.{keyword}[{key}]", child) for key, child in value.items()]
        elif keyword == "prefixItems" and isinstance(value, list):
            children = [(f"{where}.prefixItems[{index}]", child) for index, child in enumerate(value)]
        elif isinstance(value, Mapping):
            children = [(f"{where}.{keyword}", value)]
        for place, child in children:
            child_resolved = dereference(document, child) if isinstance(child, Mapping) else None
            if isinstance(child_resolved, Mapping):
                yield place, None, child_resolved, False
            yield from _subschemas(document, child, place, False, seen)


def _request_problems(spec: Spec, operation_id: str, pointer: str, declared: set[tuple[str, ...]]) -> list[str]:
    """Where a state-changing request could name a resource that the guard cannot hold to an allow-list."""
    problems = []
    for where, name, schema, addressable in _subschemas(spec.document, {"$ref": pointer}, "body", True):
        dotted = where.removeprefix("body.").removeprefix("body")
        if RESOURCE_FIELD_KEY in schema and not addressable:
            problems.append(
                f"{operation_id}: {dotted or 'the body'} names {schema[RESOURCE_FIELD_KEY]} ids where the guard cannot "
                "rewrite them (under a keyword other than properties, items or allOf/anyOf/oneOf): move the field "
                "into `properties`"
            )
        elif name is not None and id_like(name) and RESOURCE_FIELD_KEY not in schema:
            items = dereference(spec.document, schema.get("items", {}))
            if isinstance(items, Mapping) and RESOURCE_FIELD_KEY in items:
                continue
            path = tuple(dotted.replace("[]", ".[]").split("."))
            if addressable and path in declared:
                continue
            problems.append(
                f"{operation_id}: the field {dotted} looks like an id (its name) but declares no kind: "
                f"add `{RESOURCE_FIELD_KEY}: <kind>` to it in the spec"
            )
    return list(dict.fromkeys(problems))


def _parameter_problems(spec: Spec, operation_id: str, pseudo_path: str, changes_state: bool) -> list[str]:
    """Parameters the gateway does not send (query, path, cookie) or, on a state change, cannot guard."""
    item = spec.document["paths"][pseudo_path]
    raw = [*(item.get("parameters") or []), *(item[WIRE_METHOD.lower()].get("parameters") or [])]
    problems = []
    known = protocol_headers(spec)
    for parameter in raw:
        resolved = dereference(spec.document, parameter)
        if not isinstance(resolved, Mapping):
            continue
        where, name = str(resolved.get("in")), str(resolved.get("name"))
        if where != "header":
            problems.append(
                f"{operation_id}: the {where} parameter {name!r}: a live run sends no {where} parameters (the guard "
                "reads the body and the headers only)"
            )
        elif changes_state and name.lower() not in known:
            problems.append(
                f"{operation_id}: the header {name!r} of a state-changing operation: the guard reads only the "
                f"protocol's headers ({', '.join(sorted(known))}); carry it in the body"
            )
    return problems


def protocol_headers(spec: Spec) -> frozenset[str]:
    """The headers of the API's protocol (lower case), which name no resource: the action and version, the
    spec's default headers and the signing scheme's own."""
    signing = spec.signing
    names = {ACTION_HEADER, VERSION_HEADER, *spec.default_headers, signing.timestamp_header, signing.method_header}
    return frozenset(name.lower() for name in names)


def _budget(environ: Mapping[str, str], problems: list[str]) -> int:
    raw = environ.get(BUDGET_VARIABLE, str(DEFAULT_BUDGET)).strip()
    try:
        budget = int(raw) if raw.isascii() else -1
    except ValueError:
        budget = -1
    if budget < 0:
        problems.append(f"{BUDGET_VARIABLE} must be a whole number of requests (0 or more), not {raw!r}")
    return max(budget, 0)


def shard_share(budget: int, shard: tuple[int, int] | None) -> int:
    """Shard i of n's share of the budget: the shares add up to the budget, the first shards get the rest."""
    if shard is None:
        return budget
    index, count = shard
    return budget // count + (1 if index <= budget % count else 0)


def withheld(spec: Spec, operation_id: str) -> str:
    """Why an operation is never sent in a live run ("" if it may be): one whose effects make or delete
    resources, or put them in the recycle bin, costs money or loses a machine whatever ids it names
    (our rule: an allow-listed instance is one given up for resets, not for deletion). Read from the
    spec's effects, so a new operation of that kind is withheld by its spec alone."""
    behaviours = spec.behaviours
    for effect in behaviours.operations[operation_id].effects:
        if effect.action == "create":
            return "it makes resources, which cost money; only a disposable run makes its own, outside the tests"
        if effect.action == "delete":
            return "it deletes resources"
        if effect.lifecycle and effect.lifecycle[-1] in behaviours.recycled:
            return "it puts resources in the recycle bin"
    return ""


def live_plan(
    spec: Spec,
    environ: Mapping[str, str],
    base_url: str,
    rate_limit: str,
    phases: tuple[str, ...],
    shard: tuple[int, int] | None = None,
) -> LivePlan:
    """The plan of a live run; LiveRefusal lists every doubt (operation and field, or variable)."""
    problems: list[str] = []
    plans = []
    fields_by_operation = spec.behaviours.resource_fields
    for operation_id, operation in spec.operations.items():
        fields = fields_by_operation[operation_id]
        problems += _parameter_problems(spec, operation_id, operation.pseudo_path, operation.changes_state)
        reason = withheld(spec, operation_id)
        if operation.changes_state and not reason:
            declared = {field.path for field in fields}
            problems += _request_problems(spec, operation_id, operation.request_schema_pointer, declared)
        plans.append(OperationPlan(operation_id, operation.action, operation.changes_state, fields, reason))
    kinds = sorted({field.kind for plan in plans if plan.changes_state and not plan.withheld for field in plan.fields})
    allowed: dict[str, frozenset[str]] = {}
    for kind in kinds:
        variable = allow_list_variable(kind)
        if variable not in environ:
            users = sorted(
                {
                    plan.operation_id
                    for plan in plans
                    if plan.changes_state and not plan.withheld
                    for f in plan.fields
                    if f.kind == kind
                }
            )
            problems.append(
                f"{', '.join(users)}: a field names {kind} ids, and {variable} is not set: list the {kind} ids "
                f"a live run may use (comma-separated; empty for none)"
            )
            continue
        allowed[kind] = frozenset(item.strip() for item in environ[variable].split(",") if item.strip())
    budget = _budget(environ, problems)
    if problems:
        raise LiveRefusal(problems)
    share = shard_share(budget, shard)
    label = f"{shard[0]}/{shard[1]}" if shard else ""
    return LivePlan(tuple(plans), allowed, share, rate_limit, phases, base_url, label)


# -- the guard's decisions ---------------------------------------------------------------------------

PASS = "pass"  # sent as it came
REDIRECT = "redirect"  # sent with every id it names redirected to one that cannot exist
REFUSE = "refuse"  # not sent
OVER_BUDGET = "over the budget"  # the reason of a request redirected whole because the budget is spent


@attrs.frozen
class Outgoing:
    """A request as the gateway received it: what would reach the live endpoint."""

    method: str
    path: str  # with the query string, if any
    headers: tuple[tuple[str, str], ...]  # names in lower case, in the order received
    body: bytes
    signed: bool  # the suite asked for it to be signed (the gateway signs; nothing else can)


@attrs.frozen
class Named:
    """One value a state-changing request names a resource with."""

    kind: str
    value: JSON
    allowed: bool


@attrs.frozen
class Decision:
    verdict: str
    reason: str = ""
    operation_id: str | None = None
    changes_state: bool = False
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    named: tuple[Named, ...] = ()
    spends: bool = False  # keeps allow-listed ids: one of the budget

    @property
    def sent(self) -> bool:
        return self.verdict != REFUSE


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, JSON]]) -> dict[str, JSON]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise _DuplicateKey(f"the key {next(k for k in keys if keys.count(k) > 1)!r} appears twice")
    return dict(pairs)


def _refuse(reason: str, operation_id: str | None = None) -> Decision:
    return Decision(REFUSE, reason, operation_id, changes_state=True)


class Guard:
    """Decides on whole requests by the plan (see the module). Stateless: the budget is the gateway's."""

    def __init__(self, plan: LivePlan, base_path: str, forwarded_headers: frozenset[str]) -> None:
        self.plan = plan
        self.base_path = base_path.rstrip("/")
        # Lower-case names of the headers the API reads (the spec's header parameters and signing headers).
        self.forwarded = forwarded_headers | TRANSPORT_HEADERS

    def decide(self, request: Outgoing, budget_left: bool) -> Decision:
        path, _, query = request.path.partition("?")
        if query or "#" in path:
            return _refuse("a query string or fragment: the API takes none, and the guard reads none")
        if "%" in path or "//" in path or any(part in {".", ".."} for part in path.split("/")):
            return _refuse(f"the path {path!r} is not in plain form (dot segments, escapes or empty segments)")
        if path != self.base_path and not path.startswith(f"{self.base_path}/"):
            return _refuse(f"the path {path!r} is outside the API's base path {self.base_path!r}")
        actions = [value for name, value in request.headers if name == ACTION_HEADER.lower()]
        operation = self.plan.by_action(actions[0]) if len(actions) == 1 else None
        reads = operation is not None and not operation.changes_state
        headers: list[tuple[str, str]] = []
        for name, value in request.headers:
            if name in self.forwarded or name == AUTHORIZATION_HEADER.lower():
                headers.append((name, value))
            elif id_like(name) and not reads:
                return _refuse(f"the header {name!r} may name a resource; the guard reads no such header")
        if request.method.upper() != WIRE_METHOD:
            if request.body:
                return _refuse(f"a {request.method} with a body")
            return Decision(PASS, "another method, no body", headers=tuple(headers))
        if operation is None:
            shown = ", ".join(repr(action) for action in actions) or "none"
            return _refuse(f"the action header ({shown}) is not exactly one action of the spec: not sent")
        if operation.withheld:
            return _refuse(
                f"{operation.operation_id} is not sent in a live run: {operation.withheld}", operation.operation_id
            )
        if reads:
            return Decision(PASS, "reads only", operation.operation_id, body=request.body, headers=tuple(headers))
        try:
            body = json.loads(request.body.decode("utf-8"), object_pairs_hook=_no_duplicates)
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            return _refuse(f"the body is not JSON the guard can read ({error})", operation.operation_id)
        if not isinstance(body, dict):
            return _refuse("the body is not one JSON object", operation.operation_id)
        named: list[Named] = []
        forced = _collect(body, (), operation, self.plan, named)
        if (
            request.signed
            and not forced
            and budget_left
            and any(not item.allowed and item.kind in self.plan.substitutes for item in named)
        ):
            own = _substituted(body, operation, self.plan.substitutes)
            renamed: list[Named] = []
            if not _collect(own, (), operation, self.plan, renamed) and all(item.allowed for item in renamed):
                content = json.dumps(own).encode("utf-8")
                reason = SUBSTITUTED
                return Decision(
                    PASS, reason, operation.operation_id, True, content, tuple(headers), tuple(renamed), True
                )
        keep = request.signed and not forced and bool(named) and all(item.allowed for item in named) and budget_left
        if keep:
            return Decision(
                PASS, "allow-listed", operation.operation_id, True, request.body, tuple(headers), tuple(named), True
            )
        if not named and not forced:
            return Decision(PASS, "names no resource", operation.operation_id, True, request.body, tuple(headers))
        counter = Counter[str]()
        rewritten = _redirect(body, operation, counter)
        reason = OVER_BUDGET if request.signed and not forced and all(i.allowed for i in named) else "redirected"
        return Decision(
            REDIRECT,
            reason,
            operation.operation_id,
            True,
            json.dumps(rewritten).encode("utf-8"),
            tuple(headers),
            tuple(named),
        )


def _collect(node: JSON, path: tuple[str, ...], operation: OperationPlan, plan: LivePlan, named: list[Named]) -> bool:
    """Adds to `named` every value `node` names a resource with; True when one must be redirected whatever
    the allow-list (an id-like key at an undeclared place, a value of another type or shape)."""
    forced = False
    if isinstance(node, list):
        for item in node:
            forced |= _collect(item, (*path, "[]"), operation, plan, named)
        return forced
    if not isinstance(node, dict):
        return False
    for key, value in node.items():
        here = (*path, key)
        kind = operation.kind_at(here)
        list_kind = operation.kind_at((*here, "[]"))
        if kind is not None and isinstance(value, str):
            named.append(Named(kind, value, value in plan.allowed.get(kind, ())))
        elif list_kind is not None and isinstance(value, list) and all(isinstance(item, str) for item in value):
            named.extend(Named(list_kind, item, item in plan.allowed.get(list_kind, ())) for item in value)
        elif kind is not None or list_kind is not None or id_like(key):
            named.append(Named(kind or list_kind or UNKNOWN_KIND, value, False))
            forced = True
        else:
            forced |= _collect(value, here, operation, plan, named)
    return forced


SUBSTITUTED = "the run's own instance in place of an id the allow-list does not hold"


# What replaces a field's value (the field's path, its key, its value), or KEEP to walk into it.
Replacement = Callable[[tuple[str, ...], str, JSON], JSON]
KEEP = object()


def _rewritten(node: JSON, path: tuple[str, ...], replace: Replacement) -> JSON:
    """A copy of `node` where each field `replace` answers for is replaced; the others walked into."""
    if isinstance(node, list):
        return [_rewritten(item, (*path, "[]"), replace) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, JSON] = {}
    for key, value in node.items():
        here = (*path, key)
        replaced = replace(here, key, value)
        result[key] = _rewritten(value, here, replace) if replaced is KEEP else replaced
    return result


def _substituted(body: JSON, operation: OperationPlan, substitutes: Mapping[str, tuple[str, ...]]) -> JSON:
    """A copy of `body` with each id of a kind that has substitutes replaced by the first of them."""

    def replace(here: tuple[str, ...], key: str, value: JSON) -> JSON:
        kind, list_kind = operation.kind_at(here), operation.kind_at((*here, "[]"))
        if kind is not None and kind in substitutes and isinstance(value, str):
            return substitutes[kind][0]
        if list_kind is not None and list_kind in substitutes and isinstance(value, list):
            return [substitutes[list_kind][0] for _ in value]
        return KEEP

    return _rewritten(body, (), replace)


def _redirect(body: JSON, operation: OperationPlan, counter: Counter[str]) -> JSON:
    """A copy of `body` with every value that names a resource replaced by an id that cannot exist."""

    def replace(here: tuple[str, ...], key: str, value: JSON) -> JSON:
        kind = operation.kind_at(here) or operation.kind_at((*here, "[]"))
        if kind is not None or id_like(key):
            return _replaced(kind or UNKNOWN_KIND, value, counter)
        return KEEP

    return _rewritten(body, (), replace)


def _replaced(kind: str, value: JSON, counter: Counter[str]) -> JSON:
    if isinstance(value, list):
        return [_replaced(kind, item, counter) for item in value]
    counter[kind] += 1
    return nonexistent(kind, counter[kind])


def named_resources(body: JSON, fields: tuple[ResourceField, ...]) -> list[tuple[str, JSON]]:
    """(kind, value) of every resource `body` names at a declared field (for tests of what was sent)."""
    return [(field.kind, value) for field in fields for value in values_at(body, field.path)]
