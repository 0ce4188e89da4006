"""`python -m mock_server`: serve the mock with uvicorn on a loopback address.

python -m mock_server [--host 127.0.0.1] [--port 8080] [--transition-seconds S | --transition-requests N]
                      [--fixtures FILE]
                      [--access-key-id ID --access-key-password PW] [--token T]
                      [--rate-limit N] [--error-rate P] [--latency-ms MS] [--drop-rate P] [--not-api-rate P]
                      [--create-fail-rate P] [--fault-seed N]
                      [--max-header-bytes N] [--header-timeout S] [--body-timeout S] [--keep-alive-timeout S]
                      [--max-connections N] [--max-buffered-body-mib N] [--record FILE] [--quiet]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn

from mock_server.app import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD, DEFAULT_TOKEN, MockApp
from mock_server.auth import Credentials
from mock_server.clocks import REQUEST_EPOCH, RequestClock
from mock_server.connections import ConnectionLimits, guarded_protocol
from mock_server.faults import DropConnection, FaultSettings
from mock_server.world import DEFAULT_WORLD, WorldError, load_world
from zenlayer_spec import SpecError, load_spec


class _HideDroppedConnections(logging.Filter):
    """A dropped connection is a fault we asked for, not an error of the app."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DropConnection))


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m mock_server", description="A stateful Zenlayer VM API mock.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=8080, help="port to listen on, 0 for any free one (default: %(default)s)"
    )
    lifecycle = parser.add_mutually_exclusive_group()
    lifecycle.add_argument(
        "--transition-seconds", type=float, default=2.0, help="how long each transitional status lasts (default: 2)"
    )
    lifecycle.add_argument(
        "--transition-requests",
        type=int,
        default=None,
        help="let each transitional status last this many requests instead of seconds (a lifecycle that repeats "
        "exactly when the requests do)",
    )
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_WORLD, help="a world file (YAML or JSON)")
    parser.add_argument("--access-key-id", default=DEFAULT_ACCESS_KEY_ID)
    parser.add_argument("--access-key-password", default=DEFAULT_ACCESS_KEY_PASSWORD)
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="a bearer token to accept")
    faults = parser.add_argument_group("faults (all off by default)")
    faults.add_argument("--rate-limit", type=float, default=None, help="answer 429 above this many requests per second")
    faults.add_argument("--error-rate", type=float, default=0.0, help="share (0-1) of requests answered with a 5xx")
    faults.add_argument("--latency-ms", type=float, default=0.0, help="added latency per request")
    faults.add_argument("--drop-rate", type=float, default=0.0, help="share (0-1) of connections dropped mid-answer")
    faults.add_argument(
        "--not-api-rate",
        type=float,
        default=0.0,
        help="share (0-1) of requests answered by 'the network in front of the API' (a CDN challenge, a block)",
    )
    faults.add_argument(
        "--create-fail-rate",
        type=float,
        default=0.0,
        help="share (0-1) of created resources that end in their effect's failed status (CREATE_FAILED)",
    )
    faults.add_argument("--fault-seed", type=int, default=0, help="seed of the fault draws and of created ids")
    limits = parser.add_argument_group("resource limits (before authentication)")
    limits.add_argument(
        "--max-header-bytes",
        type=int,
        default=None,
        help="request line plus headers larger than this are refused with 400 (default: the spec's, 16384)",
    )
    limits.add_argument(
        "--header-timeout", type=float, default=10.0, help="seconds for a request's headers to arrive (default: 10)"
    )
    limits.add_argument(
        "--body-timeout", type=float, default=10.0, help="seconds for a request's body to arrive (default: 10)"
    )
    limits.add_argument(
        "--keep-alive-timeout", type=float, default=5.0, help="seconds an idle connection is kept open (default: 5)"
    )
    limits.add_argument(
        "--max-connections", type=int, default=512, help="open connections at once; more get 429 (default: 512)"
    )
    limits.add_argument(
        "--max-buffered-body-mib",
        type=float,
        default=64.0,
        help="MiB of request bodies held at once; past it 429 (default: 64)",
    )
    parser.add_argument("--quiet", action="store_true", help="no log line per request")
    parser.add_argument(
        "--record",
        type=Path,
        default=None,
        help="append each request's action and body (secrets redacted) to FILE as JSON lines",
    )
    return parser.parse_args(argv)


logger = logging.getLogger("mock_server")
AppWrapper = Callable[[MockApp], Any]


def _recorder(path: Path) -> Callable[[str | None, object], None]:
    # Owner-only: even redacted, a recording says what was done to which instance.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    path.chmod(0o600)  # an existing file keeps its mode otherwise
    stream = os.fdopen(descriptor, "a", encoding="utf-8")

    def record(action: str | None, body: object) -> None:
        stream.write(json.dumps({"action": action, "body": body}) + "\n")
        stream.flush()

    return record


def main(argv: list[str], wrap: AppWrapper | None = None) -> int:
    """Run the CLI; `wrap` may wrap the app in ASGI middleware (the contract suite's broken variants do)."""
    arguments = parse_arguments(argv)
    if problem := _options_problem(arguments):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        faults = FaultSettings(
            rate_limit_per_second=arguments.rate_limit,
            error_rate=arguments.error_rate,
            latency_seconds=arguments.latency_ms / 1000,
            drop_rate=arguments.drop_rate,
            not_api_rate=arguments.not_api_rate,
            create_fail_rate=arguments.create_fail_rate,
            seed=arguments.fault_seed,
        )
        serving = load_spec().serving
        kinds = serving.behaviours.kinds
        load_world(arguments.fixtures, time.monotonic, arguments.transition_seconds, kinds)  # refused here, once
    except (ValueError, SpecError, WorldError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for operation_id, behaviour in serving.behaviours.operations.items():
        if behaviour.example_only:
            print(
                f"note: {operation_id} has no rules, effects or list in the spec: answered with its success example",
                file=sys.stderr,
            )
    credentials = Credentials({arguments.access_key_id: arguments.access_key_password}, frozenset({arguments.token}))
    try:
        listener = _bind(arguments.host, arguments.port)
    except OSError as error:
        print(f"error: cannot listen on {arguments.host}:{arguments.port}: {error.strerror or error}", file=sys.stderr)
        return 2
    try:
        recorder = _recorder(arguments.record) if arguments.record else None
    except OSError as error:
        listener.close()
        print(f"error: cannot write the record file {arguments.record}: {error.strerror or error}", file=sys.stderr)
        return 2

    def fresh_app() -> Any:  # noqa: ANN401 - an ASGI app (the variant's wrapper may be any)
        """The app as it starts: its world from the fixtures, its clocks at zero, its faults' draws from
        their seed. Built again on SIGHUP, so that a reset mock answers as a new process would."""
        request_clock = RequestClock() if arguments.transition_requests is not None else None
        world = (
            load_world(arguments.fixtures, request_clock, arguments.transition_requests, kinds, seed=faults.seed)
            if request_clock is not None
            else load_world(arguments.fixtures, time.monotonic, arguments.transition_seconds, kinds, seed=faults.seed)
        )
        app = MockApp(
            serving=serving,
            world=world,
            credentials=credentials,
            faults=faults,
            recorder=recorder,
            body_timeout_seconds=arguments.body_timeout,
            max_buffered_body_bytes=int(arguments.max_buffered_body_mib * 1024 * 1024),
            on_request=request_clock.advance if request_clock is not None else None,
            # Time in requests is time in the answers too (a creation time): a seeded run answers alike.
            stamp_clock=(lambda: REQUEST_EPOCH + request_clock()) if request_clock is not None else time.time,
        )
        return wrap(app) if wrap is not None else app

    limits = ConnectionLimits(
        max_header_bytes=arguments.max_header_bytes or serving.guards.max_header_bytes.limit,
        header_timeout_seconds=arguments.header_timeout,
        max_connections=arguments.max_connections,
    )
    served = Resettable(fresh_app)
    logging.basicConfig(
        level=logging.WARNING if arguments.quiet else logging.INFO, format="%(message)s", stream=sys.stderr
    )
    logging.getLogger("uvicorn.error").addFilter(_HideDroppedConnections())
    config = uvicorn.Config(
        served,
        access_log=False,
        log_level="warning",
        lifespan="on",
        http=guarded_protocol(serving, limits),
        timeout_keep_alive=max(1, round(arguments.keep_alive_timeout)),
    )
    server = uvicorn.Server(config)

    announce = lambda: _announce(arguments, listener, serving.endpoint_path)  # noqa: E731
    try:
        with asyncio.Runner(loop_factory=config.get_loop_factory()) as runner:  # uvicorn's own loop, as server.run
            if runner.run(_serve(server, listener, served, announce)):
                raise KeyboardInterrupt
    except KeyboardInterrupt:
        # uvicorn stops gracefully on Ctrl-C, then raises the signal again for the caller: a person at a
        # terminal wants a line, not a traceback.
        print("mock stopped (interrupted)", file=sys.stderr)
        return 130
    return 0


class Resettable:
    """The ASGI app served: the current app, built again by `reset`. A request under way finishes on
    the app it started on; the next one meets the new app."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self.app = build()

    def reset(self) -> None:
        self.app = self._build()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:  # noqa: ANN401 - ASGI
        await self.app(scope, receive, send)


async def _serve(
    server: uvicorn.Server,
    listener: socket.socket,
    served: Resettable,
    announce: Callable[[], None],
) -> bool:
    """Serve; SIGHUP puts the whole mock back as it started (its world from the fixtures, its clocks,
    its faults' draws), between requests (never inside one), and says so on stderr
    (MockProcess.reset_world waits for that line): the stateful phase explores from the initial state
    each time, and the contract suite reuses one mock for many tests instead of starting a process for
    each. Whether a Ctrl-C stopped it before uvicorn took the signals over (after that, uvicorn raises it)."""

    def reset() -> None:
        served.reset()
        logger.warning("world reset to its fixtures")

    loop = asyncio.get_running_loop()
    if hasattr(signal, "SIGHUP"):
        loop.add_signal_handler(signal.SIGHUP, reset)
    # A Ctrl-C before uvicorn takes its signals over (it does once serving starts) stops it the same way.
    interrupted: list[bool] = []

    def stop() -> None:
        interrupted.append(True)
        server.should_exit = True

    loop.add_signal_handler(signal.SIGINT, stop)
    # Announced only once every handler is in place: a SIGHUP sent right after the banner would
    # otherwise meet the default action and kill the process.
    announce()
    await server.serve(sockets=[listener])
    return bool(interrupted)


def _announce(arguments: argparse.Namespace, listener: socket.socket, endpoint_path: str) -> None:
    """The banner: where the mock listens (MockProcess reads it), whom it accepts, the client's base URL."""
    host, port = listener.getsockname()[:2]
    print(f"mock listening on http://{host}:{port}{endpoint_path}", flush=True)
    # The well-known defaults are printed for convenience; credentials given on the command line are
    # the caller's own and are never echoed.
    given = arguments.access_key_password
    password = given if given == DEFAULT_ACCESS_KEY_PASSWORD else "(as given)"
    token = arguments.token if arguments.token == DEFAULT_TOKEN else "(as given)"
    print(
        f"accepting access key id {arguments.access_key_id} with password {password}, and bearer token {token}",
        flush=True,
    )
    # The client adds the endpoint path itself: it takes the base (ZENLAYER_BASE_URL, base_url=).
    base = endpoint_path.removesuffix(load_spec().endpoint_path)
    print(f"client base URL: http://{host}:{port}{base} (ZENLAYER_BASE_URL)", flush=True)


def _options_problem(arguments: argparse.Namespace) -> str | None:
    """Why the options cannot work, if they cannot, named by their flags: the resource limits must be
    positive, the fault shares between 0 and 1, the port a TCP port."""
    if not 0 <= arguments.port <= 65535:
        return f"--port must be 0 to 65535 (0: any free port), not {arguments.port}"
    for flag in ("error_rate", "drop_rate", "not_api_rate", "create_fail_rate"):
        if not 0.0 <= getattr(arguments, flag) <= 1.0:
            return f"--{flag.replace('_', '-')} is a share: between 0 and 1, not {getattr(arguments, flag):g}"
    if arguments.rate_limit is not None and arguments.rate_limit <= 0:
        return f"--rate-limit must be positive (requests per second), not {arguments.rate_limit:g}"
    if arguments.latency_ms < 0:
        return f"--latency-ms must be zero or more, not {arguments.latency_ms:g}"
    for flag in ("header_timeout", "body_timeout", "keep_alive_timeout", "max_connections", "max_buffered_body_mib"):
        if getattr(arguments, flag) <= 0:
            return f"--{flag.replace('_', '-')} must be positive"
    if arguments.max_header_bytes is not None and arguments.max_header_bytes <= 0:
        return "--max-header-bytes must be positive"
    if arguments.transition_requests is not None and arguments.transition_requests < 0:
        return "--transition-requests must be zero or more"
    if arguments.transition_seconds < 0:
        return "--transition-seconds must be zero or more"
    return None


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
        # Listening now: a client that connects right after the banner waits in the backlog until
        # uvicorn accepts, instead of being refused.
        listener.listen(2048)
    except OSError:
        listener.close()
        raise
    listener.set_inheritable(True)
    return listener


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
