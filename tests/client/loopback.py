"""A small scripted HTTP server on 127.0.0.1 for testing the client over real loopback HTTP.

It records every request exactly as received (method, raw path, headers, body bytes, which TCP
connection) and answers with whatever the test's responder returns: a status, headers and body, an
optional delay, or a dropped connection.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

import attrs

from tests.relay import QuietServer


@attrs.frozen
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    connection: tuple[str, int]

    @property
    def action(self) -> str | None:
        return self.headers.get("x-zc-action")

    def json(self) -> Any:
        return json.loads(self.body)


@attrs.frozen
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = attrs.field(factory=dict)
    delay: float = 0.0
    drop: bool = False


def envelope(**fields: Any) -> Reply:
    """A success answer, with the same fresh requestId inside and out."""
    request_id = f"T{uuid.uuid4()}".upper()
    body = {"requestId": request_id, "response": {"requestId": request_id, **fields}}
    return Reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})


def error(status: int, code: str, message: str = "failed", headers: dict[str, str] | None = None) -> Reply:
    body = {"requestId": f"T{uuid.uuid4()}".upper(), "code": code, "message": message}
    return Reply(status, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})})


Responder = Callable[[Received], Reply]


class LoopbackServer:
    def __init__(self, responder: Responder, *, tls: ssl.SSLContext | None = None) -> None:
        self.responder = responder
        self.received: list[Received] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, so that connection reuse is visible
            # The status line, headers and body go out in separate writes: without TCP_NODELAY each
            # answer waited for the client's delayed ACK (40 ms on Linux).
            disable_nagle_algorithm = True

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length) if length else b""
                received = Received(
                    method=self.command,
                    path=self.path,
                    headers={name.lower(): value for name, value in self.headers.items()},
                    body=body,
                    connection=self.client_address,
                )
                with server._lock:
                    server.received.append(received)
                reply = server.responder(received)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_POST = do_GET = do_PUT = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = QuietServer(("127.0.0.1", 0), Handler)
        if tls is not None:  # HTTPS: each accepted connection does its handshake in its own thread
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True, do_handshake_on_connect=False)
        self._scheme = "http" if tls is None else "https"
        self._server.daemon_threads = True
        # A short poll interval keeps shutdown (one per test) quick.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{self._scheme}://{host!s}:{port}/api/v2"

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def free_port_refusing_connections() -> int:
    """A loopback port nothing listens on (bound and closed again), so connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
