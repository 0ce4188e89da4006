"""The mock as a bare ASGI app: routing, body limits, authentication, header and schema checks from
the spec, faults, the business rules, the envelopes and one log line per request.

Order of checks (docs/contract.md §5 and §8): path, method, body size and arrival, duplicated auth headers,
authentication, duplicated and wrong action and version headers, injected faults, body is JSON and not
too deep, schema, business rules, extensions. A request whose body did not fully arrive is never
executed. Each app has its own world, so in-process users get a fresh state per app.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import orjson

from mock_server.auth import Credentials, authenticate
from mock_server.contract import RULE_HEADER, ApiError, extension_check, guard_rule
from mock_server.deadlines import BodyDeadlines
from mock_server.engine import execute, seeded_failures
from mock_server.faults import DropConnection, FaultInjector, FaultSettings, NotApiFault
from mock_server.world import DEFAULT_WORLD, World, default_credentials, load_world
from zenlayer_spec import load_spec
from zenlayer_spec.guards import (
    INCOMPLETE_BODY,
    MAX_BODY_KEY,
    MAX_JSON_DEPTH,
    SERVER_BUSY,
    SINGLE_HEADERS,
    json_depth_exceeds,
)
from zenlayer_spec.operations import ACTION_HEADER, VERSION_HEADER
from zenlayer_spec.serving import Serving
from zenlayer_spec.signing import AUTHORIZATION_HEADER

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_DEFAULTS = default_credentials()
DEFAULT_ACCESS_KEY_ID = _DEFAULTS.access_key_id
DEFAULT_ACCESS_KEY_PASSWORD = _DEFAULTS.access_key_password
DEFAULT_TOKEN = _DEFAULTS.token
DEFAULT_CREDENTIALS = Credentials({DEFAULT_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_PASSWORD}, frozenset({DEFAULT_TOKEN}))
JSON_HEADERS = [(b"content-type", b"application/json")]
ACTION_KEY = "zenlayer.action"
_IDS = random.Random()

logger = logging.getLogger("mock_server")


def new_request_id() -> str:
    """A fresh id in the vendor's shape, e.g. TC1748D3E-452D-4F74-8485-7AA73718E453. Unique, not secret:
    a seeded PRNG, not os.urandom (a system call per request cost the mock 8% of its time)."""
    raw = f"{_IDS.getrandbits(128):032X}"
    return f"T{raw[1:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def error_envelope(code: str, message: str, request_id: str) -> dict[str, Any]:
    """The failure envelope (docs/contract.md §3): every error answer of the mock is one."""
    return {"requestId": request_id, "code": code, "message": message}


class MockApp:
    """A stateful Zenlayer VM API simulator. Call it as an ASGI app (uvicorn, httpx.ASGITransport)."""

    def __init__(
        self,
        *,
        serving: Serving | None = None,
        world: World | None = None,
        world_path: Path = DEFAULT_WORLD,
        credentials: Credentials = DEFAULT_CREDENTIALS,
        transition_seconds: float = 2.0,
        faults: FaultSettings | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        recorder: Callable[[str | None, object], None] | None = None,
        body_timeout_seconds: float = 10.0,
        max_buffered_body_bytes: int = 64 * 1024 * 1024,
        on_request: Callable[[], None] | None = None,
        stamp_clock: Callable[[], float] = time.time,
    ) -> None:
        # What it checks and answers: the spec's serving rules (a variant of the mock hands in changed ones).
        self.serving = serving or load_spec().serving
        settings = faults or FaultSettings()
        self.world = world or load_world(
            world_path, clock, transition_seconds, self.serving.behaviours.kinds, seed=settings.seed
        )
        # Which created resources fail (the create fault), drawn from the seeded generator.
        self._creation_fails = seeded_failures(settings.create_fail_rate, settings.seed)
        self.credentials = credentials
        self.signing = self.serving.signing
        # The request headers the mock reads: the signed ones, the signing ones, action and version.
        self._read_headers = frozenset(
            name.lower().encode()
            for name in (*self.signing.signed_headers, self.signing.timestamp_header, self.signing.method_header)
        ) | {name.lower().encode() for name in (AUTHORIZATION_HEADER, ACTION_HEADER, VERSION_HEADER)}
        self._action_header, self._version_header = ACTION_HEADER.lower(), VERSION_HEADER.lower()
        self.faults = FaultInjector(
            faults or FaultSettings(),
            self.serving.rate_limit_code,
            self.serving.server_error_codes,
            self.serving.not_api_answers,
        )
        self.wall_clock = wall_clock
        # What `now` reads in the spec's expressions (a creation time); the signature's clock is wall_clock.
        self.stamp_clock = stamp_clock
        # How a request's credentials are checked (the contract suite's self-tests hand in broken ones).
        self.authenticate = authenticate
        # Told every authenticated request's action and JSON body (secrets redacted), e.g. to audit a run.
        self.recorder = recorder
        # A body must arrive within this many seconds; bodies being read may buffer this much in all.
        self.body_timeout_seconds = body_timeout_seconds
        self._body_deadlines = BodyDeadlines(body_timeout_seconds)
        self.max_buffered_body_bytes = max_buffered_body_bytes
        # Told of every request as it arrives (a RequestClock advances on it).
        self.on_request = on_request
        self._buffered_body_bytes = 0
        guards = self.serving.guards
        # Single headers checked with authentication (their code is an auth code) and after it.
        auth_codes = {code for code in guards.single_headers.values() if self.serving.status_of(code) == 401}
        self._single_before_auth = {
            name.encode(): code for name, code in guards.single_headers.items() if code in auth_codes
        }
        self._single_after_auth = {
            name.encode(): code for name, code in guards.single_headers.items() if code not in auth_codes
        }
        # Read in the same pass, so that a repeated single header is seen.
        self._read_headers |= set(self._single_before_auth) | set(self._single_after_auth)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        started = time.perf_counter()
        request_id = new_request_id()
        if self.on_request is not None:
            self.on_request()
        try:
            status, payload, extra_headers = await self._handle(scope, receive, request_id)
        except ApiError as error:
            status, payload, extra_headers = self._error(error, request_id)
        except DropConnection:
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"100")]})
            self._log(scope.get(ACTION_KEY), 0, "dropped", started, request_id)
            raise
        except NotApiFault as fault:
            await _send_not_api(send, fault)
            self._log(
                scope.get(ACTION_KEY), fault.answer.status, f"{fault.answer.code} (not the API)", started, request_id
            )
            return
        except RequestAborted as aborted:
            # The sender hung up before its body was complete: nothing to answer, nothing was done.
            # A warning, so that --quiet still shows it.
            logger.warning("action=- status=0 code=- aborted: %s requestId=%s", aborted, request_id)
            return
        body = orjson.dumps(payload)
        headers = [*JSON_HEADERS, (b"content-length", str(len(body)).encode()), *extra_headers]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        self._log(scope.get(ACTION_KEY), status, payload.get("code"), started, request_id)

    async def _handle(
        self, scope: Scope, receive: Receive, request_id: str
    ) -> tuple[int, dict[str, Any], list[tuple[bytes, bytes]]]:
        serving = self.serving
        if scope["path"] != serving.endpoint_path:
            raise ApiError(serving.not_found_code, f"no such path: {scope['path'][:100]}")
        if scope["method"] != "POST":
            _, payload, _ = self._error(ApiError(serving.method_code, "only POST is allowed"), request_id)
            return 405, payload, [(b"allow", b"POST")]
        body = await self._read_body(receive, scope["headers"])
        headers, repeated = self._read(scope["headers"])
        if failure := _duplicated(repeated, self._single_before_auth):
            raise failure
        if failure := self.authenticate(headers, body, self.wall_clock(), self.credentials, self.signing):
            raise failure
        action = headers.get(self._action_header)
        scope[ACTION_KEY] = action  # for the log line, whatever the answer
        if failure := _duplicated(repeated, self._single_after_auth):
            raise failure
        if refusal := serving.header_refusal(action, headers.get(self._version_header)):
            raise ApiError.of(refusal)
        assert action is not None  # header_refusal answered a missing action
        if self.faults.active:
            await self._inject_faults()
        depth = serving.guards.max_json_depth
        try:
            document = orjson.loads(body)  # strict JSON: NaN, Infinity and invalid UTF-8 are refused
        except orjson.JSONDecodeError as error:
            if "depth limit" in str(error).lower():  # orjson's own depth limit (1024), far above ours
                raise ApiError(depth.code, f"the body nests deeper than {depth.limit}", rule=_DEPTH) from None
            raise ApiError(serving.not_json_code, "the body is not JSON") from error
        # Nesting deeper than the limit needs more opening brackets than it: two C scans spare most
        # bodies the walk.
        brackets = body.count(b"{") + body.count(b"[")
        if brackets > depth.limit and json_depth_exceeds(document, depth.limit):
            raise ApiError(depth.code, f"the body nests deeper than {depth.limit}", rule=_DEPTH)
        if self.recorder is not None:
            self.recorder(action, serving.redactor.value(document))
        if refusal := serving.body_refusal(action, document):
            raise ApiError.of(refusal)
        fields = execute(
            serving.behaviour_by_action[action],
            serving.behaviours,
            self.world,
            document,
            self.world.clock(),
            extension_check(serving, action),
            serving.list_rules.get(action),
            wall_time=self.stamp_clock(),
            creation_fails=self._creation_fails,
        )
        return 200, {"requestId": request_id, "response": {"requestId": request_id, **fields}}, []

    def _read(self, raw: list[tuple[bytes, bytes]]) -> tuple[dict[str, str], list[bytes]]:
        """The headers the mock reads, decoded (ASGI names are lowercase bytes already), and the names
        of those given more than once (in the order of their repetitions), in one pass."""
        read = self._read_headers
        headers: dict[str, str] = {}
        repeated: list[bytes] = []
        for name, value in raw:
            if name in read:
                key = name.decode("latin-1")
                if key in headers:
                    repeated.append(name)
                headers[key] = value.decode("latin-1")
        return headers, repeated

    async def _inject_faults(self) -> None:
        if self.faults.settings.latency_seconds:
            await asyncio.sleep(self.faults.settings.latency_seconds)
        if failure := self.faults.rate_limited(time.monotonic()):
            raise failure
        if self.faults.drop():
            raise DropConnection
        if answer := self.faults.not_api():
            raise NotApiFault(answer)
        if failure := self.faults.server_error():
            raise failure

    async def _read_body(self, receive: Receive, headers: list[tuple[bytes, bytes]]) -> bytes:
        """The whole body. Over the size limit (announced or sent), not arrived in time, or past what the
        mock may buffer for all requests at once: an error answer. The sender hung up first: RequestAborted."""
        guards = self.serving.guards

        def too_large() -> ApiError:  # built when raised: most requests never need it
            message = f"the body is over {guards.max_body_bytes} bytes"
            return ApiError(self.serving.body_too_large_code, message, True, guard_rule(MAX_BODY_KEY))

        for name, value in headers:
            # Refused before a byte of it is read (httptools has checked it is a number).
            if name == b"content-length" and value.isdigit() and int(value) > guards.max_body_bytes:
                raise too_large()
        chunks: list[bytes] = []
        size = 0
        reader = self._body_deadlines.start()
        try:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise RequestAborted(f"the sender hung up after {size} bytes of body")
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > guards.max_body_bytes:
                    raise too_large()
                if self._buffered_body_bytes + len(chunk) > self.max_buffered_body_bytes:
                    busy = "too many request bodies in flight; retry later"
                    raise ApiError(guards.server_busy_code, busy, True, guard_rule(SERVER_BUSY))
                self._buffered_body_bytes += len(chunk)
                chunks.append(chunk)
                if not message.get("more_body", False):
                    return b"".join(chunks)
        except asyncio.CancelledError:
            if not self._body_deadlines.expired(reader):
                raise  # cancelled for another reason (the server shutting down): not ours to answer
            reader.uncancel()
            late = f"the body did not arrive within {self.body_timeout_seconds:g} s"
            raise ApiError(guards.incomplete_body_code, late, True, guard_rule(INCOMPLETE_BODY)) from None
        finally:
            self._body_deadlines.stop(reader)
            self._buffered_body_bytes -= sum(len(chunk) for chunk in chunks)

    def _error(self, error: ApiError, request_id: str) -> tuple[int, dict[str, Any], list[tuple[bytes, bytes]]]:
        status = self.serving.status_of(error.code)
        extra = [(b"retry-after", b"1")] if status == 429 else []
        if error.close_connection:
            extra.append((b"connection", b"close"))  # the rest of the request is not read
        if error.rule:
            extra.append((_RULE_HEADER, error.rule.encode()))
        return status, error_envelope(error.code, error.message, request_id), extra

    def _log(self, action: str | None, status: int, code: object, started: float, request_id: str) -> None:
        if logger.isEnabledFor(logging.INFO):
            latency_ms = (time.perf_counter() - started) * 1000
            logger.info(
                "action=%s status=%s code=%s latency_ms=%.2f requestId=%s",
                action or "-",
                status,
                code or "-",
                latency_ms,
                request_id,
            )

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _send_not_api(send: Send, fault: NotApiFault) -> None:
    """What a CDN in front of the API sends: its own page, not the envelope (the fault's point)."""
    answer = fault.answer
    page = f"<!DOCTYPE html><title>{answer.code}</title><p>{answer.description}</p>".encode()
    headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(page)).encode())]
    if answer.header_name is not None:
        headers.append((answer.header_name.lower().encode(), str(answer.header_value).encode()))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": page})


_RULE_HEADER = RULE_HEADER.encode()
_DEPTH = guard_rule(MAX_JSON_DEPTH)
_SINGLE = guard_rule(SINGLE_HEADERS)


class RequestAborted(Exception):
    """The sender hung up before its request was complete: it is neither answered nor executed."""


def _duplicated(repeated: list[bytes], single: dict[bytes, str]) -> ApiError | None:
    """The answer to a request that gives one of `single`'s headers more than once, if it does."""
    for name in repeated:
        if name in single:
            return ApiError(single[name], f"the {name.decode()} header is given more than once", rule=_SINGLE)
    return None
