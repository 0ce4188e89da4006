"""The state of one contract run, shared by the fixtures, the hooks and the checks: the target, where
it is, what the spec declares, and what was observed (the error-code coverage and the cassette).
A run is attached to the Schemathesis schemas it drives, through one module-level registry keyed by the
schema's configuration (`_RUNS`): an entry goes when its schema does, so runs never outlive their schemas."""

from __future__ import annotations

import json
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import requests
from schemathesis.schemas import BaseSchema

from contract_tests import loopback
from contract_tests.target import Target
from mock_server.contract import check_rule, guard_rule
from zenlayer_spec import load_spec
from zenlayer_spec.behaviour import Behaviour
from zenlayer_spec.guards import GUARDS, INCOMPLETE_BODY, MALFORMED_HTTP, SERVER_BUSY
from zenlayer_spec.operations import Operation
from zenlayer_spec.signing import AUTHORIZATION_HEADER

SPEC = load_spec()
DOCUMENT = SPEC.document  # what the answer-shape check reads as OpenAPI
OPERATIONS = SPEC.operations
BY_LABEL: dict[str, Operation] = {f"POST {op.pseudo_path}": op for op in OPERATIONS.values()}
REDACTED = "[Filtered]"
# Headers whose value is a secret, by lowercase name.
_SECRET_HEADERS = frozenset({AUTHORIZATION_HEADER.lower(), "x-zc-signature"})
# The suite's Schemathesis configuration (also read by `st run` and the benchmarks).
SCHEMATHESIS_CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"
# Every field the spec marks secret, wherever it stands in any body; by key name in a body that is not JSON.
REDACTOR = SPEC.redactor(REDACTED)
OTHER = SPEC.other_requests
BEHAVIOURS = SPEC.behaviours.operations


@attrs.define
class Observations:
    """Every (operation, HTTP status, code) seen, every rule of the spec that decided an answer (the mock
    says which, RULE_HEADER), and a HAR log of the exchanges (secrets redacted)."""

    codes: Counter[tuple[str, int, str]] = attrs.field(factory=Counter)
    har_entries: list[dict[str, Any]] = attrs.field(factory=list)
    max_har_entries: int = 2000
    rules: Counter[tuple[str, str]] = attrs.field(factory=Counter)  # (operation, rule) -> answers it decided

    def observe(self, operation_id: str, status: int, body: bytes, rule: str | None = None) -> None:
        code = _code_of(body) if status >= 400 else "-"
        self.codes[(operation_id, status, code)] += 1
        if rule:
            self.rules[(operation_id, rule)] += 1

    def record_exchange(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes,
        status: int,
        reply: bytes,
        test: str = "",
    ) -> None:
        """`test`: the id of the test that sent it (workers' cassettes merge in the order of the tests)."""
        if len(self.har_entries) >= self.max_har_entries:
            return
        self.har_entries.append(
            {
                "_test": test,
                "request": {
                    "method": method,
                    "url": url,
                    "headers": [
                        {"name": name, "value": _redact_header(name, value)} for name, value in headers.items()
                    ],
                    "postData": {"mimeType": headers.get("Content-Type", ""), "text": _redact_body(body)},
                },
                "response": {
                    "status": status,
                    "content": {"mimeType": "application/json", "text": reply.decode("utf-8", "replace")},
                },
            }
        )

    def merge(self, other: Observations, test_order: Mapping[str, int]) -> None:
        """Add another process's observations (a pytest-xdist worker's) to these: the cassette stays in
        the order of the tests that sent each exchange, so that a seeded run repeats it on any number of
        workers (each keeps its own first `max_har_entries`; the merge keeps the first of all)."""
        self.codes.update(other.codes)
        self.rules.update(other.rules)
        entries = [*self.har_entries, *other.har_entries]
        entries.sort(key=lambda entry: test_order.get(str(entry.get("_test", "")), len(test_order)))
        self.har_entries = entries[: self.max_har_entries]

    def code_rows(self) -> list[list[Any]]:
        """The observed codes as JSON rows: [operation, HTTP status, code, count]."""
        return [[operation, status, code, count] for (operation, status, code), count in sorted(self.codes.items())]

    @staticmethod
    def counted(rows: Iterable[Sequence[Any]]) -> Counter[tuple[str, int, str]]:
        """Observed codes from JSON rows (code_rows'), adding up rows of the same code."""
        codes: Counter[tuple[str, int, str]] = Counter()
        for operation_id, status, code, count in rows:
            codes[(str(operation_id), int(status), str(code))] += int(count)
        return codes

    def rule_rows(self) -> list[list[Any]]:
        """The rules seen as JSON rows: [operation, rule, count]."""
        return [[operation, rule, count] for (operation, rule), count in sorted(self.rules.items())]

    @staticmethod
    def counted_rules(rows: Iterable[Sequence[Any]]) -> Counter[tuple[str, str]]:
        rules: Counter[tuple[str, str]] = Counter()
        for operation_id, rule, count in rows:
            rules[(str(operation_id), str(rule))] += int(count)
        return rules

    def to_json(self) -> dict[str, Any]:
        return {"codes": self.code_rows(), "rules": self.rule_rows(), "har_entries": self.har_entries}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Observations:
        return cls(
            codes=cls.counted(data["codes"]),
            har_entries=list(data["har_entries"]),
            rules=cls.counted_rules(data.get("rules", [])),
        )

    def missing_rules(self) -> list[tuple[str, str]]:
        """Declared rules (each business check, each guard a case provokes) no answer was decided by."""
        return [key for key in declared_rules() if key not in self.rules]

    def rules_table(self) -> str:
        lines = [f"{'operation':<26} {'rule':<44} {'seen':>6}"]
        for operation_id, rule in declared_rules():
            lines.append(f"{operation_id:<26} {rule:<44} {self.rules.get((operation_id, rule), 0):>6}")
        lines.append(
            f"{sum(1 for key in declared_rules() if key in self.rules)} of {len(declared_rules())} rules exercised "
            f"(guards {', '.join(UNPROVOKED_GUARDS)} need a raw socket: tests/mock provokes them)"
        )
        return "\n".join(lines)

    def missing_codes(self) -> list[tuple[str, int, str]]:
        """Declared (operation, status, code) never observed."""
        seen = {(operation_id, status, code) for operation_id, status, code in self.codes}
        return [
            (operation.operation_id, status, code)
            for operation in OPERATIONS.values()
            for status, codes in operation.error_codes.items()
            for code in codes
            if (operation.operation_id, status, code) not in seen
        ]

    def table(self) -> str:
        lines = [f"{'operation':<26} {'HTTP':>4}  {'code':<44} {'seen':>6}  declared"]
        declared = {
            (op.operation_id, s, c) for op in OPERATIONS.values() for s, cs in op.error_codes.items() for c in cs
        }
        rows = set(self.codes) | declared
        for operation_id, status, code in sorted(rows):
            count = self.codes.get((operation_id, status, code), 0)
            is_declared = code == "-" or (operation_id, status, code) in declared
            # Another method on an operation's path: declared once for every path, by x-zc-other-requests.
            other_method = (status, code) == (OTHER.method_status, OTHER.method_code)
            mark = "yes" if is_declared else "yes (other method)" if other_method else "NO"
            lines.append(f"{operation_id:<26} {status:>4}  {code:<44} {count:>6}  {mark}")
        lines.append(f"{sum(self.codes.values())} answers observed")
        if note := example_only_note(BEHAVIOURS):
            lines.append(note)
        return "\n".join(lines)

    def write_har(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        har = {
            "log": {
                "version": "1.2",
                "creator": {"name": "contract_tests", "version": "1"},
                "entries": self.har_entries,
            }
        }
        path.write_text(json.dumps(har, indent=1), encoding="utf-8")


# Guards the suite's cases cannot provoke through an HTTP client (they need a raw socket, a stalled body or
# a flood of connections); the mock's own tests provoke each (tests/mock/test_hostile_input.py).
UNPROVOKED_GUARDS = (INCOMPLETE_BODY, MALFORMED_HTTP, SERVER_BUSY)
# The operation the guards' cases are sent as (refused before any rule: nothing changes).
GUARDED_OPERATION = next(iter(OPERATIONS))


def declared_rules() -> list[tuple[str, str]]:
    """(operation, rule) for every business check of every operation, and every guard the suite's cases
    provoke (named once, under the operation its case uses)."""
    rules = [
        (operation_id, check_rule(check.id))
        for operation_id, checks in SPEC.business_checks.items()
        for check in checks
    ]
    rules += [(GUARDED_OPERATION, guard_rule(name)) for name in GUARDS if name not in UNPROVOKED_GUARDS]
    return rules


def _code_of(body: bytes) -> str:
    try:
        parsed = json.loads(body)
    except ValueError:
        return "(not JSON)"
    return str(parsed.get("code", "(no code)")) if isinstance(parsed, dict) else "(not an object)"


def _redact_header(name: str, value: str) -> str:
    return REDACTED if name.lower() in _SECRET_HEADERS else value


def _redact_body(body: bytes) -> str:
    text = body.decode("utf-8", "replace")
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        return REDACTOR.text(text)
    try:
        return json.dumps(REDACTOR.value(parsed))
    except RecursionError:  # nested too deep to write back as JSON: keep it as text, by key name
        return REDACTOR.text(text)


@attrs.define
class Run:
    target: Target
    base_url: str
    observations: Observations = attrs.field(factory=Observations)
    # The cases' connections (contract_tests.loopback); closed with the run.
    session: requests.Session = attrs.field(factory=loopback.session)
    # How long the lifecycle check waits for a target status at most, whatever the spec allows.
    lifecycle_cap_seconds: float | None = None
    lifecycle_poll_seconds: float | None = None
    # Puts the target back in its initial state (the mock: its fixtures' world); None where it cannot be.
    reset: Callable[[], None] | None = None
    # The mock's own stderr lines so far (a mock the suite started), to show why it failed.
    mock_log: Callable[[], list[str]] | None = None


# Each Schemathesis schema knows its run: the checks and hooks find it from the case they are given.
# Keyed by the schema's configuration, which its filtered copies share; an entry goes when that
# configuration does, so several runs can coexist and none outlives its schema.
_RUNS: dict[int, Run] = {}


def attach(schema: BaseSchema, run: Run) -> None:
    key = id(schema.config)
    _RUNS[key] = run
    weakref.finalize(schema.config, _RUNS.pop, key, None)


def example_only_note(behaviours: Mapping[str, Behaviour]) -> str | None:
    """What the mock cannot judge: an operation the spec gives no rules, effects or list is answered with
    its success example, whatever the request names; the coverage table says which."""
    listed = [operation_id for operation_id, behaviour in behaviours.items() if behaviour.example_only]
    return f"example only (the spec gives no rules, effects or list): {', '.join(listed)}" if listed else None


def sanitize_secrets(config: Any) -> None:  # noqa: ANN401 - Schemathesis's project configuration
    """Schemathesis's own output (its reproduce lines, `st run`'s reports) hides every field the spec marks
    secret, beside the keys it hides by default."""
    sanitization = config.output.sanitization
    names = tuple(sorted(name.lower() for name in SPEC.secret_names))
    sanitization.keys_to_sanitize = tuple(dict.fromkeys((*sanitization.keys_to_sanitize, *names)))


def run_of_schema(schema: BaseSchema) -> Run | None:
    return _RUNS.get(id(schema.config))


def run_of(case: object) -> Run | None:
    """The run whose schema generated `case` (None outside a run, e.g. a case built by hand)."""
    schema = getattr(getattr(case, "operation", None), "schema", None)
    return _RUNS.get(id(schema.config)) if schema is not None else None
