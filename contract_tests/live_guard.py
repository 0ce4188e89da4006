"""What a live run may send, read from the spec, failing closed.

Every field of a state-changing request that names a resource (the spec's `x-zc-resource`, at any depth,
arrays included) may name only an allow-listed resource of its kind; any other id is replaced by one that
cannot exist (the service must answer 404). A live run refuses to start (exit 2, before anything is sent)
when the spec leaves a doubt:
- a state-changing operation has an id-like string field (its name is `id`/`ids` or ends in `Id`/`Ids`)
  that declares no kind: the guard could not know what it names;
- a kind that state-changing requests name has no allow-list variable in the environment
  (`ZENLAYER_CONTRACT_ALLOWED_<KIND>S`, e.g. ZENLAYER_CONTRACT_ALLOWED_INSTANCES; empty allows none).
(An operation without `x-zc-changes-state` never gets this far: the spec does not load without it.)

A budget caps the state-changing requests that name an allow-listed resource (default 10,
ZENLAYER_CONTRACT_LIVE_BUDGET); past it, their ids are redirected too, and the closing tally says so.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Iterator, Mapping

import attrs
import requests

from contract_tests.signing import body_bytes
from zenlayer_spec import Spec
from zenlayer_spec.behaviour import RESOURCE_FIELD_KEY, ResourceField, schema_fields, values_at
from zenlayer_spec.document import JSON, dereference
from zenlayer_spec.operations import ACTION_HEADER

NONEXISTENT_PREFIX = "zc-contract-nonexistent-"
DEFAULT_BUDGET = 10
BUDGET_VARIABLE = "ZENLAYER_CONTRACT_LIVE_BUDGET"
# A field whose name says it holds ids: `id`, `ids`, or a camelCase name ending in Id or Ids.
ID_LIKE = re.compile(r"^ids?$|[a-z0-9](Id|Ids|ID|IDs)$")


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


@attrs.frozen
class LivePlan:
    operations: tuple[OperationPlan, ...]
    allowed: Mapping[str, frozenset[str]]  # by kind, for the kinds state-changing requests name
    budget: int
    rate_limit: str
    phases: tuple[str, ...]
    base_url: str

    def by_action(self, action: str | None) -> OperationPlan | None:
        return next((operation for operation in self.operations if operation.action == action), None)

    def lines(self) -> list[str]:
        """The plan, as a person reads it before anything is sent."""
        lines = [f"live contract run against {self.base_url}: nothing has been sent yet"]
        lines.append(f"  phases: {', '.join(self.phases)}; rate limit {self.rate_limit}")
        lines.append(
            f"  budget: at most {self.budget} state-changing requests that name an allow-listed resource "
            f"({BUDGET_VARIABLE}); past it their ids are redirected to ones that cannot exist"
        )
        for operation in self.operations:
            if not operation.changes_state:
                lines.append(f"  {operation.operation_id}: reads only; sent as generated")
                continue
            lines.append(f"  {operation.operation_id}: CHANGES STATE")
            for field in operation.fields:
                allowed = sorted(self.allowed.get(field.kind, ()))
                shown = ", ".join(allowed) if allowed else "none (every id is redirected)"
                lines.append(f"    {field.dotted} ({field.kind} ids): may use {shown}")
        return lines


def _id_like_fields(document: Mapping[str, JSON], node: JSON) -> Iterator[tuple[str, ...]]:
    """Every string field (or list of strings) under `node` whose name says it holds ids and that
    declares no kind."""
    for path, schema in schema_fields(document, node):
        names = [part for part in path if part != "[]"]
        if not names or path[-1] == "[]" or not ID_LIKE.search(names[-1]) or RESOURCE_FIELD_KEY in schema:
            continue
        items = dereference(document, schema.get("items", {}))
        declared = isinstance(items, Mapping) and RESOURCE_FIELD_KEY in items
        item_type = items.get("type") if isinstance(items, Mapping) else None
        if schema.get("type") == "string" or (schema.get("type") == "array" and not declared and item_type == "string"):
            yield path


def live_plan(
    spec: Spec, environ: Mapping[str, str], base_url: str, rate_limit: str, phases: tuple[str, ...]
) -> LivePlan:
    """The plan of a live run; LiveRefusal lists every doubt (operation and field, or variable)."""
    problems = []
    plans = []
    fields_by_operation = spec.behaviours.resource_fields
    for operation_id, operation in spec.operations.items():
        fields = fields_by_operation[operation_id]
        if operation.changes_state:
            declared = {field.path for field in fields}
            for path in _id_like_fields(spec.document, {"$ref": operation.request_schema_pointer}):
                if path not in declared:
                    dotted = ".".join(path).replace(".[]", "[]")
                    problems.append(
                        f"{operation_id}: the field {dotted} looks like an id (its name) but declares no kind: "
                        f"add `{RESOURCE_FIELD_KEY}: <kind>` to it in the spec"
                    )
        plans.append(OperationPlan(operation_id, operation.action, operation.changes_state, fields))
    kinds = sorted({field.kind for plan in plans if plan.changes_state for field in plan.fields})
    allowed: dict[str, frozenset[str]] = {}
    for kind in kinds:
        variable = allow_list_variable(kind)
        if variable not in environ:
            users = sorted(
                {plan.operation_id for plan in plans if plan.changes_state for f in plan.fields if f.kind == kind}
            )
            problems.append(
                f"{', '.join(users)}: a field names {kind} ids, and {variable} is not set: list the {kind} ids "
                f"a live run may use (comma-separated; empty for none)"
            )
            continue
        allowed[kind] = frozenset(item.strip() for item in environ[variable].split(",") if item.strip())
    raw_budget = environ.get(BUDGET_VARIABLE, str(DEFAULT_BUDGET))
    if not raw_budget.isdigit():
        problems.append(f"{BUDGET_VARIABLE} must be a whole number, not {raw_budget!r}")
    if problems:
        raise LiveRefusal(problems)
    return LivePlan(tuple(plans), allowed, int(raw_budget), rate_limit, phases, base_url)


@attrs.define
class Tally:
    """What the guard let through, per (operation, kind): sent, redirected, accepted against the allow-list;
    and the requests held back by the budget."""

    sent: Counter[tuple[str, str]] = attrs.field(factory=Counter)
    redirected: Counter[tuple[str, str]] = attrs.field(factory=Counter)
    allowed: Counter[tuple[str, str]] = attrs.field(factory=Counter)
    over_budget: Counter[str] = attrs.field(factory=Counter)
    spent: int = 0

    def lines(self, budget: int) -> list[str]:
        lines = [f"state-changing requests naming an allow-listed resource: {self.spent} of a budget of {budget}"]
        for key in sorted(self.sent):
            operation_id, kind = key
            lines.append(
                f"  {operation_id} {kind}: {self.sent[key]} ids sent, {self.redirected[key]} redirected to ids "
                f"that cannot exist, {self.allowed[key]} allow-listed"
            )
        for operation_id, count in sorted(self.over_budget.items()):
            lines.append(f"  {operation_id}: {count} requests redirected whole, the budget being spent")
        return lines


class LiveGuard(requests.auth.AuthBase):
    """Every authenticated request of a live run passes here just before it is signed (see the module)."""

    def __init__(self, inner: requests.auth.AuthBase, plan: LivePlan) -> None:
        self.inner = inner
        self.plan = plan
        self.tally = Tally()
        self._lock = threading.Lock()

    def guard(self, action: str | None, body: JSON) -> JSON:
        """`body` as it may be sent for `action` (a changed copy; the tally counts it)."""
        operation = self.plan.by_action(action)
        if operation is None or not operation.changes_state or not isinstance(body, dict):
            return body
        with self._lock:
            named = named_resources(body, operation.fields)
            names_allowed = any(self._allowed(kind, value) for kind, value in named)
            spend = names_allowed and self.tally.spent < self.plan.budget
            if spend:
                self.tally.spent += 1
            elif names_allowed:
                self.tally.over_budget[operation.operation_id] += 1
            return _rewrite(body, operation.fields, lambda field, value: self._one(operation, field, value, spend))

    def _allowed(self, kind: str, value: JSON) -> bool:
        return isinstance(value, str) and value in self.plan.allowed.get(kind, ())

    def _one(self, operation: OperationPlan, field: ResourceField, value: JSON, may_change: bool) -> JSON:
        key = (operation.operation_id, field.kind)
        self.tally.sent[key] += 1
        if may_change and self._allowed(field.kind, value):
            self.tally.allowed[key] += 1
            return value
        self.tally.redirected[key] += 1
        return nonexistent(field.kind, self.tally.redirected[key])

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        action = request.headers.get(ACTION_HEADER)
        if request.body and self.plan.by_action(str(action) if action else None) is not None:
            try:
                body = json.loads(body_bytes(request.body))
            except ValueError:
                body = None  # not JSON: the service refuses it before reading any id
            guarded = self.guard(str(action), body)
            if guarded is not body:
                request.prepare_body(data=json.dumps(guarded).encode("utf-8"), files=None)
        return self.inner(request)

    def __repr__(self) -> str:
        return f"LiveGuard({self.inner!r}, allowed={ {kind: sorted(ids) for kind, ids in self.plan.allowed.items()} })"


def _rewrite(body: JSON, fields: tuple[ResourceField, ...], replace: object) -> JSON:
    """A copy of `body` with every value at a field's path passed through `replace(field, value)`."""
    result = json.loads(json.dumps(body))
    for field in fields:
        result = _at(result, field.path, field, replace)
    return result


def _at(node: JSON, path: tuple[str, ...], field: ResourceField, replace: object) -> JSON:
    if not path:
        return replace(field, node)  # type: ignore[operator]
    head, rest = path[0], path[1:]
    if head == "[]":
        return [_at(item, rest, field, replace) for item in node] if isinstance(node, list) else node
    if isinstance(node, dict) and head in node:
        node[head] = _at(node[head], rest, field, replace)
    return node


def named_resources(body: JSON, fields: tuple[ResourceField, ...]) -> list[tuple[str, JSON]]:
    """(kind, value) of every resource `body` names, for the check after a live call."""
    return [(field.kind, value) for field in fields for value in values_at(body, field.path)]
