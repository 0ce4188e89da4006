"""Bounded resources before authentication: uvicorn's httptools protocol with a header size limit, a
header read timeout, a cap on concurrent connections and the error envelope for bytes that are not HTTP.

uvicorn closes idle keep-alive connections itself (`timeout_keep_alive`) but has no header limit or
header timeout with httptools, and its own 400 and 503 answers are plain text; here every answer is the
spec's envelope (`x-zc-request-guards`) and a connection that is never answered is simply closed.
"""

from __future__ import annotations

import asyncio
import logging

import attrs
import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from mock_server.app import error_envelope, new_request_id
from mock_server.contract import RULE_HEADER, guard_rule
from zenlayer_spec.guards import MALFORMED_HTTP, MAX_HEADER_BYTES, SERVER_BUSY
from zenlayer_spec.serving import Serving

logger = logging.getLogger("mock_server")
_HEADERS_END = b"\r\n\r\n"
_REASONS = {400: b"Bad Request", 429: b"Too Many Requests"}


@attrs.frozen
class ConnectionLimits:
    max_header_bytes: int
    header_timeout_seconds: float
    max_connections: int


def guarded_protocol(serving: Serving, limits: ConnectionLimits) -> type[HttpToolsProtocol]:
    """An HTTP protocol class for `uvicorn.Config(http=...)` that enforces `limits` with the spec's codes."""
    guards = serving.guards

    def answer(code: str, message: str, guard: str) -> bytes:
        status = serving.status_of(code)
        body = orjson.dumps(error_envelope(code, message, new_request_id()))
        retry = b"retry-after: 1\r\n" if status == 429 else b""
        retry += b"%s: %s\r\n" % (RULE_HEADER.encode(), guard_rule(guard).encode())
        head = b"HTTP/1.1 %d %s\r\n" % (status, _REASONS.get(status, b"Error"))
        return (
            head
            + b"content-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n" % len(body)
            + retry
            + b"\r\n"
            + body
        )

    class GuardedProtocol(HttpToolsProtocol):
        _header_bytes = 0
        _reading_headers = True
        _tail = b""
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            if len(self.server_state.connections) >= limits.max_connections:
                logger.warning("refused a connection: %d open (--max-connections)", limits.max_connections)
                transport.write(answer(guards.server_busy_code, "too many connections; retry later", SERVER_BUSY))
                transport.close()
                self.transport = transport
                return
            super().connection_made(transport)
            self._arm_header_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm_header_timer()
            if self.flow is None:  # refused in connection_made: uvicorn never knew it
                return
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if self._reading_headers:
                if self._header_timer is None:
                    self._arm_header_timer()
                # Count only up to the end of the headers: a body in the same segment is not a header.
                seen = self._tail + data
                end = seen.find(_HEADERS_END)
                counted = len(data) if end < 0 else max(end + len(_HEADERS_END) - len(self._tail), 0)
                self._header_bytes += counted
                self._tail = seen[-3:]
                if self._header_bytes > limits.max_header_bytes:
                    too_long = f"the headers are over {limits.max_header_bytes} bytes"
                    self._refuse(guards.max_header_bytes.code, too_long, MAX_HEADER_BYTES)
                    return
            super().data_received(data)

        def on_headers_complete(self) -> None:
            self._reading_headers = False
            self._disarm_header_timer()
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._reading_headers, self._header_bytes, self._tail = True, 0, b""

        def send_400_response(self, msg: str) -> None:
            # httptools could not parse the bytes as HTTP/1.1: the spec's envelope, not uvicorn's text.
            self._refuse(guards.malformed_http_code, "the request is not valid HTTP/1.1", MALFORMED_HTTP)

        def _refuse(self, code: str, message: str, guard: str) -> None:
            logger.info("action=- status=%d code=%s refused: %s", serving.status_of(code), code, message)
            if not self.transport.is_closing():
                self.transport.write(answer(code, message, guard))
                self.transport.close()

        def _arm_header_timer(self) -> None:
            self._header_timer = self.loop.call_later(limits.header_timeout_seconds, self._headers_too_slow)

        def _disarm_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            if self._reading_headers and not self.transport.is_closing():
                # Nothing was asked yet: a connection that never sends a request is closed, not answered.
                logger.info("action=- status=0 code=- aborted: no request within %g s", limits.header_timeout_seconds)
                self.transport.close()

    return GuardedProtocol
