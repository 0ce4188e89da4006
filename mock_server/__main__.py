"""`python -m mock_server`: serve the mock with uvicorn on a loopback address.

python -m mock_server [--host 127.0.0.1] [--port 8080] [--transition-seconds S] [--fixtures FILE]
                      [--access-key-id ID --access-key-password PW] [--token T]
                      [--rate-limit N] [--error-rate P] [--latency-ms MS] [--drop-rate P] [--fault-seed N]
                      [--quiet]
"""

from __future__ import annotations

import argparse
import json
import logging
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn

from mock_server.app import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD, DEFAULT_TOKEN, MockApp
from mock_server.auth import Credentials
from mock_server.contract import load_contract
from mock_server.faults import DropConnection, FaultSettings
from mock_server.world import DEFAULT_WORLD, WorldError, load_world
from zenlayer_spec import SpecError


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
    parser.add_argument("--transition-seconds", type=float, default=2.0, help="how long each transitional status lasts")
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_WORLD, help="a world file (YAML or JSON)")
    parser.add_argument("--access-key-id", default=DEFAULT_ACCESS_KEY_ID)
    parser.add_argument("--access-key-password", default=DEFAULT_ACCESS_KEY_PASSWORD)
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="a bearer token to accept")
    faults = parser.add_argument_group("faults (all off by default)")
    faults.add_argument("--rate-limit", type=float, default=None, help="answer 429 above this many requests per second")
    faults.add_argument("--error-rate", type=float, default=0.0, help="share (0-1) of requests answered with a 5xx")
    faults.add_argument("--latency-ms", type=float, default=0.0, help="added latency per request")
    faults.add_argument("--drop-rate", type=float, default=0.0, help="share (0-1) of connections dropped mid-answer")
    faults.add_argument("--fault-seed", type=int, default=0, help="seed of the fault draws")
    parser.add_argument("--quiet", action="store_true", help="no log line per request")
    parser.add_argument(
        "--record",
        type=Path,
        default=None,
        help="append each request's action and body (secrets redacted) to FILE as JSON lines",
    )
    return parser.parse_args(argv)


AppWrapper = Callable[[MockApp], Any]


def _recorder(path: Path) -> Callable[[str | None, object], None]:
    stream = path.open("a", encoding="utf-8")

    def record(action: str | None, body: object) -> None:
        stream.write(json.dumps({"action": action, "body": body}) + "\n")
        stream.flush()

    return record


def main(argv: list[str], wrap: AppWrapper | None = None) -> int:
    """Run the CLI; `wrap` may wrap the app in ASGI middleware (the contract suite's broken variants do)."""
    arguments = parse_arguments(argv)
    try:
        faults = FaultSettings(
            rate_limit_per_second=arguments.rate_limit,
            error_rate=arguments.error_rate,
            latency_seconds=arguments.latency_ms / 1000,
            drop_rate=arguments.drop_rate,
            seed=arguments.fault_seed,
        )
        contract = load_contract()
        world = load_world(arguments.fixtures, time.monotonic, arguments.transition_seconds)
    except (ValueError, SpecError, WorldError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    credentials = Credentials({arguments.access_key_id: arguments.access_key_password}, frozenset({arguments.token}))
    recorder = _recorder(arguments.record) if arguments.record else None
    app = MockApp(contract=contract, world=world, credentials=credentials, faults=faults, recorder=recorder)
    served = wrap(app) if wrap is not None else app
    logging.basicConfig(
        level=logging.WARNING if arguments.quiet else logging.INFO, format="%(message)s", stream=sys.stderr
    )
    logging.getLogger("uvicorn.error").addFilter(_HideDroppedConnections())
    config = uvicorn.Config(
        served, host=arguments.host, port=arguments.port, access_log=False, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)

    # Say where we listen once the socket is bound (with --port 0 the port is only known then).
    original_startup = server.startup

    async def startup(sockets: list[socket.socket] | None = None) -> None:
        await original_startup(sockets)
        for listener in server.servers:
            for sock in listener.sockets:
                host, port = sock.getsockname()[:2]
                print(f"mock listening on http://{host}:{port}{contract.endpoint_path}", flush=True)
        # The well-known defaults are printed for convenience; credentials given on the command line are
        # the caller's own and are never echoed.
        password = (
            arguments.access_key_password
            if arguments.access_key_password == DEFAULT_ACCESS_KEY_PASSWORD
            else "(as given)"
        )
        token = arguments.token if arguments.token == DEFAULT_TOKEN else "(as given)"
        print(
            f"accepting access key id {arguments.access_key_id} with password {password}, and bearer token {token}",
            flush=True,
        )

    server.startup = startup  # type: ignore[method-assign]
    server.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
