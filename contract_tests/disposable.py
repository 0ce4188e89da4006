"""Live runs on instances the suite makes and always releases (Terraform's acceptance tests are the
anchor: create what you test, destroy it, sweep what leaked by a name prefix).

With `ZENLAYER_CONTRACT_LIVE_CREATE=<zoneId>:<imageId>:<instanceType>` a live run, after its plan:
1. prices the instances with InquiryPriceCreateInstance and refuses (creating nothing) when the price
   for `ZENLAYER_CONTRACT_LIVE_HOURS` (default 1) is over `ZENLAYER_CONTRACT_LIVE_MAX_COST` (USD, required);
2. creates them, named `zc-contract-<run>-`, writing each id to the ledger (reports/live/ledger.json) as
   soon as the answer names it, and waits until they run;
3. adds them to the instance allow-list: the state-changing tests act on them (and on nothing else the
   allow-lists do not name);
4. on every way out (pass, fail, Ctrl-C, SIGTERM, an error) terminates and releases what the ledger
   holds, waits until each is gone, and says so. What a killed run left, `nox -s contract-live-sweep`
   releases (contract_tests.sweep), from the ledger or by the name prefix.

Every request goes through the run's gateway (contract_tests/gateway.py), signed there and logged.
"""

from __future__ import annotations

import json
import math
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

import attrs

from zenlayer_spec import Spec
from zenlayer_spec.behaviour import Effect
from zenlayer_spec.operations import Operation, Waiter
from zenlayer_spec.read_back import ReadBack
from zenlayer_spec.waiters import PollShape

CREATE_VARIABLE = "ZENLAYER_CONTRACT_LIVE_CREATE"
MAX_COST_VARIABLE = "ZENLAYER_CONTRACT_LIVE_MAX_COST"
HOURS_VARIABLE = "ZENLAYER_CONTRACT_LIVE_HOURS"
NAME_PREFIX = "zc-contract-"
LEDGER_NAME = "ledger.json"


@attrs.frozen
class Lifecycle:
    """The operations a disposable instance goes through and their fields, read from the spec's
    behaviour (no operation is named here): the one that creates the kind, the read-only one that
    prices it (a computed answer, over the creation's required fields), the one that bins it (its
    lifecycle ends in the recycle bin), the one that deletes it, its waiters' poll and its list."""

    kind: str
    create: Operation
    price: Operation
    terminate: Operation
    release: Operation
    poll: PollShape  # the creation's waiter's poll: id list in, status per id out
    listing: ReadBack  # the kind's `describe`, for the sweep's search by name
    name_filter: str  # the listing's `trailingStar` filter (a name prefix)
    created_field: str  # where the creation's answer names the ids it made
    terminate_field: tuple[str, bool]  # (request field, is a list) naming what is binned
    release_field: tuple[str, bool]
    running: Waiter  # the creation's
    binned: Waiter  # the terminate's (its target: the recycle bin)
    released: Waiter  # the release's (until absent)
    transitional: frozenset[str]  # every waiter's pending statuses: a change under way

    def ids_body(self, field: tuple[str, bool], key: str) -> dict[str, Any]:
        return {field[0]: [key] if field[1] else key}


def lifecycle(spec: Spec) -> Lifecycle:
    """The spec's lifecycle of the kind its creating operation makes; DisposableError names what is missing."""
    behaviours, recycled = spec.behaviours, set(spec.behaviours.recycled)

    def one(what: str, holds: Callable[[Effect], bool]) -> Operation:
        found = [i for i, b in behaviours.operations.items() if any(holds(effect) for effect in b.effects)]
        if len(found) != 1:
            raise DisposableError(f"a disposable run needs one operation that {what}; the spec has {found or 'none'}")
        return spec.operations[found[0]]

    create = one("creates resources", lambda e: e.action == "create")
    kind = next(e.kind for e in behaviours.operations[create.operation_id].effects if e.action == "create")
    release = one(f"deletes {kind} resources", lambda e: e.action == "delete" and e.kind == kind)
    terminate = one(
        f"puts {kind} resources in the recycle bin",
        lambda e: e.kind == kind and bool(e.lifecycle) and e.lifecycle[-1] in recycled,
    )
    required = set(_required(spec, create))
    priced = [
        op_id
        for op_id, behaviour in behaviours.operations.items()
        if not spec.operations[op_id].changes_state
        and behaviour.answer
        and required <= set(_required(spec, spec.operations[op_id]))
    ]
    if len(priced) != 1:
        raise DisposableError(f"a disposable run needs one read-only operation that prices {kind} resources: {priced}")
    running, binned, released = create.waiter, terminate.waiter, release.waiter
    if running is None or binned is None or released is None or kind not in spec.read_backs:
        raise DisposableError(f"a disposable run needs the waiters of its three operations and a `describe` of {kind}")
    listing = spec.read_backs[kind]
    filters = spec.list_rules[listing.operation.operation_id].filters
    names = [f.request_field for f in filters if f.match == "trailingStar"]
    if len(names) != 1:
        raise DisposableError(f"{listing.operation.operation_id} needs one name filter (trailingStar) for the sweep")

    def named(operation: Operation) -> tuple[str, bool]:
        field = next(f for f in behaviours.resource_fields[operation.operation_id] if f.kind == kind)
        return field.path[0], "[]" in field.path

    return Lifecycle(
        kind=kind,
        create=create,
        price=spec.operations[priced[0]],
        terminate=terminate,
        release=release,
        poll=spec.poll_shapes[create.operation_id],
        listing=listing,
        name_filter=names[0],
        created_field=running.ids_field,
        terminate_field=named(terminate),
        release_field=named(release),
        running=running,
        binned=binned,
        released=released,
        transitional=frozenset(s for op in spec.operations.values() if op.waiter for s in op.waiter.pending),
    )


def _required(spec: Spec, operation: Operation) -> list[str]:
    schema = spec.document["components"]["schemas"][operation.request_schema_pointer.rsplit("/", 1)[-1]]
    return [str(name) for name in schema.get("required", [])]


class DisposableError(Exception):
    """A disposable run cannot go on (a setting, a refusal by the cost ceiling, an answer it cannot use)."""


class Sender(Protocol):
    """The gateway's way for the run's own instances (Gateway.send_owned)."""

    def send_owned(self, operation_id: str, body: Mapping[str, Any], *, cleanup: bool = False) -> tuple[int, Any]: ...


@attrs.frozen
class CreatePlan:
    zone_id: str
    image_id: str
    instance_type: str
    max_cost: float
    hours: float
    run: str  # this run's name, in every instance name
    count: int = 1

    @property
    def name(self) -> str:
        return f"{NAME_PREFIX}{self.run}-1"

    def body(self) -> dict[str, Any]:
        return {
            "zoneId": self.zone_id,
            "imageId": self.image_id,
            "instanceType": self.instance_type,
            "instanceCount": self.count,
            "instanceName": self.name,
        }

    def lines(self) -> list[str]:
        return [
            f"  creates {self.count} instance of {self.instance_type} in {self.zone_id} from {self.image_id}, "
            f"named {self.name} ({CREATE_VARIABLE}); releases it at the end, whatever the outcome",
            f"  cost ceiling: {self.max_cost:g} USD for {self.hours:g} h ({MAX_COST_VARIABLE}, {HOURS_VARIABLE})",
        ]


def create_plan(environ: Mapping[str, str]) -> CreatePlan | None:
    """The plan of what a live run makes, or None without CREATE_VARIABLE; DisposableError names the slip."""
    raw = environ.get(CREATE_VARIABLE)
    if raw is None:
        return None
    parts = raw.split(":")
    if len(parts) != 3 or not all(part.strip() for part in parts):
        raise DisposableError(f"{CREATE_VARIABLE} reads <zoneId>:<imageId>:<instanceType>, not {raw!r}")
    if MAX_COST_VARIABLE not in environ:
        raise DisposableError(f"{CREATE_VARIABLE} needs {MAX_COST_VARIABLE}: the most the run may cost, in USD")
    max_cost, hours = _number(environ, MAX_COST_VARIABLE, None), _number(environ, HOURS_VARIABLE, 1.0)
    run = f"{time.strftime('%Y%m%d%H%M%S', time.gmtime())}-{secrets.token_hex(2)}"
    zone, image, instance_type = (part.strip() for part in parts)
    return CreatePlan(zone, image, instance_type, max_cost, hours, run)


def _number(environ: Mapping[str, str], name: str, default: float | None) -> float:
    raw = environ.get(name)
    try:
        value = float(raw) if raw is not None else default
    except ValueError:
        value = None
    if value is None or not 0 < value < math.inf:
        raise DisposableError(f"{name} must be a number above 0, not {raw!r}")
    return value


@attrs.define
class Ledger:
    """What a run made, on disk at every change (written whole, then renamed: never half-written), so
    that a run killed at any moment leaves the sweep what to release."""

    path: Path
    run: str
    prefix: str
    instances: dict[str, str] = attrs.field(factory=dict)  # id -> made, terminated, released, gone

    def note(self, instance_id: str, state: str) -> None:
        self.instances[instance_id] = state
        self.write()

    def write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        data = {"run": self.run, "prefix": self.prefix, "instances": self.instances}
        partial.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        partial.replace(self.path)

    def left(self) -> list[str]:
        return [instance_id for instance_id, state in self.instances.items() if state != "gone"]

    @classmethod
    def read(cls, path: Path) -> Ledger | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return cls(
            path, str(data.get("run", "")), str(data.get("prefix", NAME_PREFIX)), dict(data.get("instances", {}))
        )


@attrs.define
class Disposables:
    """Makes, waits for and releases the run's own instances through `sender`."""

    sender: Sender
    plan: CreatePlan | None  # None: only releasing (the sweep)
    ledger: Ledger
    spec: Lifecycle
    poll_seconds: float
    say: Callable[[str], None]
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    # One release at a time: the run's end and a stop's watchdog may both ask for it.
    _releasing: threading.Lock = attrs.field(factory=threading.Lock, alias="_releasing")

    def price(self) -> float:
        """The price for the plan's hours, from the spec's pricing operation; refused above the ceiling."""
        assert self.plan is not None
        price_op = self.spec.price.operation_id
        body = {key: value for key, value in self.plan.body().items() if key != "instanceName"}
        status, answer = self.sender.send_owned(price_op, body)
        price = (_response(answer).get("instancePrice") or {}) if status == 200 else {}
        hourly = price.get("discountUnitPrice", price.get("unitPrice"))
        if not isinstance(hourly, int | float):
            raise DisposableError(f"{price_op} answered {status} without an hourly price: nothing was created")
        cost = float(hourly) * self.plan.hours
        self.say(f"  price: {hourly:g} USD/h, {cost:g} USD for {self.plan.hours:g} h ({price_op})")
        if cost > self.plan.max_cost:
            raise DisposableError(
                f"the instances would cost {cost:g} USD for {self.plan.hours:g} h, over {MAX_COST_VARIABLE}="
                f"{self.plan.max_cost:g}: nothing was created"
            )
        return cost

    def create(self) -> list[str]:
        """Makes the instances (each id in the ledger as soon as the answer names it) and waits until they run."""
        assert self.plan is not None
        create = self.spec.create.operation_id
        status, answer = self.sender.send_owned(create, self.plan.body())
        made = [str(item) for item in _response(answer).get(self.spec.created_field) or []] if status == 200 else []
        for instance_id in made:
            self.ledger.note(instance_id, "made")
        if not made:
            raise DisposableError(f"{create} answered {status} {_code(answer)}: nothing was made")
        self.say(f"  created {', '.join(made)} (ledger: {self.ledger.path})")
        running = self.spec.running
        for instance_id in made:
            self._wait(instance_id, {running.target}, set(running.failure), running.timeout_seconds)
        return made

    def release_all(self, cleanup: bool = True) -> list[str]:
        """Terminates and releases what the ledger holds, waiting until each is gone; what it did, in lines."""
        lines = []
        with self._releasing:
            for instance_id in self.ledger.left():
                try:
                    lines.append(self._release(instance_id, cleanup))
                except DisposableError as error:
                    lines.append(f"  {instance_id}: NOT released ({error}); `nox -s contract-live-sweep` tries again")
        return lines

    def _release(self, instance_id: str, cleanup: bool) -> str:
        spec = self.spec
        status = self._status(instance_id)
        if status is None:
            self.ledger.note(instance_id, "gone")
            return f"  {instance_id}: gone already"
        binned = {spec.binned.target, *spec.binned.pending}
        if status not in binned | set(spec.released.pending):
            # A change under way (made, still deploying) ends first: a terminate is refused mid-way.
            status = self._settled(instance_id, spec.running.timeout_seconds)
            self._send(spec.terminate, spec.ids_body(spec.terminate_field, instance_id), cleanup)
            self.ledger.note(instance_id, "terminated")
        if status not in spec.released.pending:
            self._wait(instance_id, {spec.binned.target}, set(), spec.binned.timeout_seconds)
            self._send(spec.release, spec.ids_body(spec.release_field, instance_id), cleanup)
            self.ledger.note(instance_id, "released")
        self._wait(instance_id, {None}, set(), spec.released.timeout_seconds)
        self.ledger.note(instance_id, "gone")
        return f"  {instance_id}: terminated and released; gone"

    def _send(self, operation: Operation, body: Mapping[str, Any], cleanup: bool) -> None:
        code, answer = self.sender.send_owned(operation.operation_id, body, cleanup=cleanup)
        if code != 200:
            raise DisposableError(f"{operation.operation_id} answered {code} {_code(answer)}")

    def _status(self, instance_id: str) -> str | None:
        poll = self.spec.poll
        code, answer = self.sender.send_owned(poll.poll.operation_id, {poll.ids_field: [instance_id]}, cleanup=True)
        if code != 200:
            raise DisposableError(f"{poll.poll.operation_id} answered {code} {_code(answer)}")
        listed = _response(answer).get(poll.items_field) or []
        found = (item.get(poll.status_field) for item in listed if item.get(poll.id_field) == instance_id)
        return next((str(status) for status in found), None)

    def _settled(self, instance_id: str, timeout: float) -> str | None:
        """Polls until no change is under way (a status no waiter holds pending), within `timeout` seconds."""
        deadline = self.clock() + timeout
        while (status := self._status(instance_id)) in self.spec.transitional:
            if self.clock() >= deadline:
                raise DisposableError(f"{instance_id} is still {status} after {timeout:g} s")
            self.sleep(self.poll_seconds)
        return status

    def _wait(self, instance_id: str, targets: set[str | None], failures: set[str], timeout: float) -> str | None:
        """Polls until the status is one of `targets` (None: gone), within `timeout` seconds."""
        deadline = self.clock() + timeout
        while True:
            status = self._status(instance_id)
            if status in targets:
                return status
            if status in failures:
                raise DisposableError(f"{instance_id} is {status}")
            if self.clock() >= deadline:
                raise DisposableError(f"{instance_id} is still {status} after {timeout:g} s")
            self.sleep(self.poll_seconds)


def _response(answer: Any) -> Mapping[str, Any]:  # noqa: ANN401 - a JSON body
    inner = answer.get("response") if isinstance(answer, Mapping) else None
    return inner if isinstance(inner, Mapping) else {}


def _code(answer: Any) -> str:  # noqa: ANN401 - a JSON body
    return str(answer.get("code", "")) if isinstance(answer, Mapping) else ""


def ledgers(directory: Path) -> Iterator[Path]:
    """The ledger a run writes there (one per reports directory)."""
    path = directory / LEDGER_NAME
    if path.exists():
        yield path
