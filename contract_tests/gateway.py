"""The one way out to a live endpoint: a guarding, signing gateway on loopback.

A live run never talks to the live endpoint itself. Every request of the run (Schemathesis's phases and
the stateful phase, its checks' own extra requests such as `ignored_auth`'s re-sends, the lifecycle
check's polls, the rule cases, the preflight) goes to this gateway, which is the only holder of the
credentials. For each request, before any byte of it leaves:
1. the guard (`contract_tests.live_guard.Guard`) decides on the whole request: sent as it came, sent
   with its ids redirected to ones that cannot exist, or not sent (a declared refusal, below);
2. the budget is spent by a request that keeps an allow-listed id; one budget for the whole run;
3. the rate limit holds every request the run sends, one limit for the whole run;
4. a request the suite asked to be signed (`Authorization: ZC-Contract-Gateway <run token>`) is signed
   here, over the bytes that are sent; any other goes as it came (Schemathesis's probes without auth);
5. the answer goes back with `X-ZC-Contract-Gateway` saying what was done; the tally counts it.
After `stop()` (Ctrl-C, SIGTERM) nothing more is sent: a request waiting for the rate limit and every
later one is answered 503 `CONTRACT_RUN_INTERRUPTED` at once; a request already on the wire finishes.

The gateway's own answers are the API's error envelope with a code of the suite's own (never the
service's): CONTRACT_GATEWAY_REFUSED (403, not sent: the guard's reason), CONTRACT_RUN_INTERRUPTED (503),
CONTRACT_ENDPOINT_UNREACHABLE (502, with the reason). `docs/contract-suite.md` has the picture.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import attrs
import httpx
import requests

from contract_tests import progress
from contract_tests.live_guard import (
    OVER_BUDGET,
    PASS,
    REDIRECT,
    REFUSE,
    SUBSTITUTED,
    Decision,
    Guard,
    LivePlan,
    Outgoing,
    protocol_headers,
)
from zenlayer_spec import Spec
from zenlayer_spec.operations import ACTION_HEADER, VERSION_HEADER
from zenlayer_spec.signing import AUTHORIZATION_HEADER, BEARER_PREFIX

GATEWAY_HEADER = "X-ZC-Contract-Gateway"
SENT_BODY_HEADER = "X-ZC-Contract-Sent-Body"  # base64 of the body sent, when the gateway changed ids in it
SIGNING_HEADER = "X-ZC-Contract-Signing"  # rule cases: `timestamp=<unix seconds>`, `key=wrong`
MARKER = "ZC-Contract-Gateway"
REFUSED, INTERRUPTED, UNREACHABLE = (
    "CONTRACT_GATEWAY_REFUSED",
    "CONTRACT_RUN_INTERRUPTED",
    "CONTRACT_ENDPOINT_UNREACHABLE",
)
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"})
MAX_BODY_BYTES = 8 * 1024 * 1024


@attrs.frozen
class Credentials:
    """What signs a live run's requests: an access key, or a bearer token. Never shown."""

    access_key_id: str = ""
    access_key_password: str = attrs.field(default="", repr=False)
    token: str = attrs.field(default="", repr=False)

    def secrets(self) -> tuple[str, ...]:
        return tuple(value for value in (self.access_key_password, self.token) if value)


class GatewayAuth(requests.auth.AuthBase):
    """Asks the gateway to sign a request (the run's token means nothing anywhere else)."""

    def __init__(self, token: str) -> None:
        self._token = token

    @property
    def header(self) -> str:
        return f"{MARKER} {self._token}"

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers[AUTHORIZATION_HEADER] = self.header
        return request

    def __repr__(self) -> str:
        return "GatewayAuth(<redacted>)"


@attrs.define
class RateLimiter:
    """One slot every `interval` seconds for the whole run; waiting ends early when `stopped` is set."""

    interval: float
    clock: Callable[[], float] = time.monotonic
    wait: Callable[[threading.Event, float], bool] = lambda event, seconds: event.wait(seconds)
    _next: float = attrs.field(default=float("-inf"), init=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def take(self, stopped: threading.Event) -> bool:
        """True when the request may go; False when the run was stopped before its slot."""
        with self._lock:
            now = self.clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
        delay = slot - now
        if delay > 0 and self.wait(stopped, delay):
            return False
        return not stopped.is_set()


@attrs.define
class Tally:
    """What the gateway did, per (operation, kind) and for the requests that kept an allow-listed id."""

    sent: Counter[str] = attrs.field(factory=Counter)  # "operation kind" -> ids sent
    redirected: Counter[str] = attrs.field(factory=Counter)
    allowed: Counter[str] = attrs.field(factory=Counter)
    refused_by_guard: Counter[str] = attrs.field(factory=Counter)  # reason -> requests not sent
    spent: int = 0  # requests that kept an allow-listed id (sent, or taken and then stopped)
    accepted: int = 0  # of those, answered 2xx
    answered_error: int = 0  # of those, answered with an error
    never_sent: int = 0  # of those, stopped before they left
    over_budget: Counter[str] = attrs.field(factory=Counter)
    requests: int = 0  # every request that left for the endpoint
    interrupted: str = ""  # the signal's name, when the run was stopped

    def lines(self, budget: int) -> list[str]:
        lines = [
            f"requests sent to the endpoint: {self.requests}; keeping an allow-listed id: {self.spent} of a budget of "
            f"{budget} ({self.accepted} accepted, {self.answered_error} answered with an error, {self.never_sent} "
            "never sent)"
        ]
        for key in sorted(self.sent):
            lines.append(
                f"  {key}: {self.sent[key]} ids sent, {self.redirected[key]} redirected to ids that cannot exist, "
                f"{self.allowed[key]} allow-listed"
            )
        for operation_id, count in sorted(self.over_budget.items()):
            lines.append(f"  {operation_id}: {count} requests redirected whole, the budget being spent")
        for reason, count in sorted(self.refused_by_guard.items()):
            lines.append(f"  not sent ({count}): {reason}")
        if self.interrupted:
            lines.append(f"  interrupted by {self.interrupted}: nothing was sent after it")
        return lines

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Tally:
        counters = {"sent", "redirected", "allowed", "refused_by_guard", "over_budget"}
        tally = cls()
        for key, value in data.items():
            setattr(tally, key, Counter(value) if key in counters else value)
        return tally

    def add(self, other: Tally) -> None:
        """Another shard's tally added to this one (`nox -s contract-merge`)."""
        for name in ("sent", "redirected", "allowed", "refused_by_guard", "over_budget"):
            getattr(self, name).update(getattr(other, name))
        for name in ("spent", "accepted", "answered_error", "never_sent", "requests"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.interrupted = self.interrupted or other.interrupted


@attrs.frozen
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


def _envelope(status: int, code: str, message: str, did: str) -> Answer:
    body = {"requestId": f"gateway-{uuid.uuid4()}", "code": code, "message": message}
    headers = (("Content-Type", "application/json"), (GATEWAY_HEADER, did))
    return Answer(status, headers, json.dumps(body).encode("utf-8"))


class Gateway:
    """The live run's only way to its endpoint (see the module)."""

    def __init__(
        self,
        spec: Spec,
        plan: LivePlan,
        upstream: str,
        credentials: Credentials,
        *,
        limiter: RateLimiter,
        wire_log: Path | None = None,
        timeout: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.plan = plan
        self.upstream = httpx.URL(upstream.rstrip("/"))
        self._credentials = credentials
        self._signing = spec.signing
        self._clock = clock
        self.limiter = limiter
        self.tally = Tally()
        self.stopped = threading.Event()
        self._lock = threading.Lock()
        self._token = secrets.token_urlsafe(24)
        self.auth = GatewayAuth(self._token)
        self._protocol = protocol_headers(spec)
        self.guard = Guard(plan, self.upstream.path, self._protocol)
        self._spec = spec
        self._redactor = spec.redactor("<redacted>")
        self._http = httpx.Client(timeout=timeout, follow_redirects=False)
        self._wire_log = wire_log
        if wire_log is not None:
            wire_log.parent.mkdir(parents=True, exist_ok=True)
            wire_log.write_text("", encoding="utf-8")
        self._server: ThreadingHTTPServer | None = None

    # -- what a user of the gateway sees -------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """Where the run sends its requests: the gateway, with the endpoint's base path."""
        assert self._server is not None, "start() the gateway first"
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}{self.upstream.path.rstrip('/')}"

    @property
    def wire_log(self) -> Path | None:
        return self._wire_log

    @property
    def host(self) -> str:
        """The live endpoint's host, as messages name it."""
        return self.upstream.netloc.decode("ascii")

    @property
    def signs_with_key(self) -> bool:
        """Whether it signs with an access key (else it sends a bearer token)."""
        return not self._credentials.token

    def secrets(self) -> tuple[str, ...]:
        """Every value no report may show: the credentials and the run's token."""
        return (*self._credentials.secrets(), self._token)

    def start(self) -> Gateway:
        self._server = _server(self)
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self, reason: str) -> None:
        """Nothing more is sent: waiting and later requests are answered CONTRACT_RUN_INTERRUPTED."""
        with self._lock:
            self.tally.interrupted = self.tally.interrupted or reason
        self.stopped.set()

    def close(self) -> None:
        self.stopped.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self._http.close()

    def allow(self, kind: str, ids: Iterable[str]) -> None:
        """The run's own instances, once made: allow-listed, and put in place of ids the allow-list does
        not hold (live_guard.SUBSTITUTED), so that the state-changing tests act on them."""
        own = tuple(ids)
        with self._lock:
            allowed = {**self.plan.allowed, kind: self.plan.allowed.get(kind, frozenset()) | frozenset(own)}
            substitutes = {**self.plan.substitutes, kind: own}
            self.plan = attrs.evolve(self.plan, allowed=allowed, substitutes=substitutes)
            self.guard = Guard(self.plan, self.upstream.path, self._protocol)

    def send_owned(self, operation_id: str, body: Mapping[str, Any], *, cleanup: bool = False) -> tuple[int, Any]:
        """A request about the run's own disposable instances (contract_tests.disposable): make them, read
        their status, terminate and release them. It passes the same choke point as every other request
        (signed here, rate-limited, logged on the wire, counted), but not the guard's withholding, which
        keeps exactly these operations away from the generated tests; the caller names only the ledger's
        ids. `cleanup`: sent even after a stop (releasing what was made is what a stop must still do)."""
        if self.stopped.is_set() and not cleanup:
            return 503, {"code": INTERRUPTED}
        operation = self._spec.operations[operation_id]
        content = json.dumps(dict(body)).encode("utf-8")
        headers = (
            ("content-type", "application/json"),
            (ACTION_HEADER.lower(), operation.action),
            (VERSION_HEADER.lower(), operation.api_version),
            *((name.lower(), value) for name, value in self._spec.default_headers.items()),
        )
        decision = Decision(
            PASS, "the run's own disposable instances", operation_id, operation.changes_state, content, headers
        )
        if not self.limiter.take(threading.Event() if cleanup else self.stopped):
            return 503, {"code": INTERRUPTED}
        path = f"{self.upstream.path.rstrip('/')}{self._spec.endpoint_path}"
        try:
            answer = self._http.request(
                "POST", self._url(path), headers=self._signed(decision, "POST", path, ""), content=content
            )
        except httpx.HTTPError as error:
            self._log(decision, "POST", path, None)
            return 502, {"code": UNREACHABLE, "message": _reason(error)}
        with self._lock:
            self.tally.requests += 1
        self._log(decision, "POST", path, answer.status_code)
        try:
            return answer.status_code, answer.json()
        except ValueError:
            return answer.status_code, {}

    # -- one request ---------------------------------------------------------------------------------

    def handle(self, method: str, path: str, headers: list[tuple[str, str]], body: bytes) -> Answer:
        """Decide, wait for the rate limit, sign, send and count one request (any thread)."""
        lowered = [(name.lower(), value) for name, value in headers]
        authorization = [value for name, value in lowered if name == AUTHORIZATION_HEADER.lower()]
        signed = authorization == [self.auth.header]
        instructions = next((value for name, value in lowered if name == SIGNING_HEADER.lower()), "")
        kept = [
            (name, value)
            for name, value in lowered
            if name != SIGNING_HEADER.lower() and not (signed and name == AUTHORIZATION_HEADER.lower())
        ]
        if self.stopped.is_set():
            return self._interrupted()
        decision = self.decide(Outgoing(method, path, tuple(kept), body, signed))
        if decision.verdict == REFUSE:
            self._log(decision, method, path, None)
            return _envelope(403, REFUSED, f"not sent to the live endpoint: {decision.reason}", "refused")
        if not self.limiter.take(self.stopped):
            with self._lock:
                self.tally.never_sent += decision.spends
            return self._interrupted()
        sent_headers = self._signed(decision, method, path, instructions if signed else None)
        try:
            answer = self._http.request(
                method, self._url(path), headers=sent_headers, content=decision.body if method == "POST" else None
            )
        except httpx.HTTPError as error:
            with self._lock:
                self.tally.requests += 1
                self.tally.answered_error += decision.spends
            self._log(decision, method, path, None)
            return _envelope(502, UNREACHABLE, f"cannot reach {self.host} ({_reason(error)})", "unreachable")
        self.record(decision, answer.status_code)
        self._log(decision, method, path, answer.status_code)
        if decision.operation_id is not None:
            progress.request_sent(decision.operation_id)
        returned = tuple((name, value) for name, value in answer.headers.items() if name.lower() not in _HOP_BY_HOP)
        did = "redirected" if decision.verdict == REDIRECT else "sent"
        extra: tuple[tuple[str, str], ...] = ()
        if decision.reason == SUBSTITUTED:
            # The suite's checks read what was sent (the run's own instance), not what the test made.
            did, extra = "substituted", ((SENT_BODY_HEADER, base64.b64encode(decision.body).decode("ascii")),)
        return Answer(answer.status_code, (*returned, (GATEWAY_HEADER, did), *extra), answer.content)

    def decide(self, request: Outgoing) -> Decision:
        """The guard's decision on `request`, with the budget it spends (or the refusal) counted."""
        with self._lock:
            decision = self.guard.decide(request, self.tally.spent < self.plan.budget)
            if decision.spends:
                self.tally.spent += 1
            elif decision.reason == OVER_BUDGET and decision.operation_id:
                self.tally.over_budget[decision.operation_id] += 1
            elif decision.verdict == REFUSE:
                self.tally.refused_by_guard[decision.reason] += 1
        return decision

    def _interrupted(self) -> Answer:
        return _envelope(503, INTERRUPTED, "the run was interrupted: nothing more is sent", "interrupted")

    def _url(self, path: str) -> str:
        return str(self.upstream.copy_with(raw_path=path.encode("ascii")))

    def _signed(self, decision: Decision, method: str, path: str, instructions: str | None) -> dict[str, str]:
        headers = dict(decision.headers)
        host = self.upstream.netloc.decode("ascii")
        headers["host"] = host
        if instructions is None:
            return headers
        options = dict(part.strip().partition("=")[::2] for part in instructions.split(";") if part.strip())
        wrong = options.get("key") == "wrong"
        if self._credentials.token:
            headers[AUTHORIZATION_HEADER.lower()] = f"{BEARER_PREFIX}{'wrong' if wrong else self._credentials.token}"
            return headers
        timestamp = options.get("timestamp") or str(int(self._clock()))
        password = self._credentials.access_key_password + ("-wrong" if wrong else "")
        content_type = headers.get("content-type", "")
        body = decision.body if method == "POST" else b""
        signed = self._signing.headers(self._credentials.access_key_id, password, timestamp, content_type, host, body)
        headers.update({name.lower(): value for name, value in signed.items()})
        return headers

    def record(self, decision: Decision, status: int) -> None:
        """Count a request that was sent and how it was answered."""
        with self._lock:
            self.tally.requests += 1
            if decision.spends:
                if 200 <= status < 300:
                    self.tally.accepted += 1
                else:
                    self.tally.answered_error += 1
            for item in decision.named:
                key = f"{decision.operation_id} {item.kind}"
                self.tally.sent[key] += 1
                if decision.verdict == PASS and item.allowed:
                    self.tally.allowed[key] += 1
                else:
                    self.tally.redirected[key] += 1

    def _log(self, decision: Decision, method: str, path: str, status: int | None) -> None:
        """What reached the endpoint (secrets redacted), a JSON line per request, for the person who asks."""
        if self._wire_log is None:
            return
        try:
            body: Any = self._redactor.value(json.loads(decision.body)) if decision.body else None
        except ValueError:
            body = None
        entry = {
            "method": method,
            "path": path,
            "operation": decision.operation_id,
            "verdict": decision.verdict,
            "reason": decision.reason,
            "sent": decision.sent,
            "body": body if decision.sent else None,
            "status": status,
        }
        with self._lock, self._wire_log.open("a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")


def _server(gateway: Gateway) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def _handle(self) -> None:
            answer = self._answer()
            self.send_response(answer.status)
            for name, value in answer.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer.body)

        def _answer(self) -> Answer:
            if self.headers.get("Transfer-Encoding") or self.headers.get("Content-Encoding"):
                self.close_connection = True
                return _envelope(
                    400, REFUSED, "not sent: a chunked or encoded body is not read by the guard", "refused"
                )
            try:
                length = int(self.headers.get("Content-Length") or "0")
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY_BYTES:
                self.close_connection = True
                return _envelope(400, REFUSED, "not sent: no usable Content-Length", "refused")
            body = self.rfile.read(length) if length else b""
            if len(body) != length:  # not fully received: nothing of it is sent
                self.close_connection = True
                return _envelope(400, REFUSED, "not sent: the body was not fully received", "refused")
            return gateway.handle(self.command, self.path, list(self.headers.items()), body)

        do_POST = do_GET = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_TRACE = _handle

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    return server


def _reason(error: Exception) -> str:
    """The operating system's words for a failed connection (`Connection refused`), else the error's kind."""
    found = re.search(r"\[Errno -?\d+\] ([^'\")]+)", str(error))
    return found.group(1) if found else (f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)


def interval_of(rate_limit: str) -> float:
    """Seconds between two requests for Schemathesis's notation ("2/s", "100/m"); 0 for no limit."""
    rate = progress.per_second(rate_limit)
    return 1.0 / rate if rate else 0.0
