"""What the tests' HTTP servers have in common: sending a request received on to another server and its
answer back (a forward proxy for the client, a recording proxy in front of the mock), and staying quiet
when a client hangs up."""

from __future__ import annotations

import http.client
import ssl
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_NOT_RELAYED = frozenset({"content-length", "connection", "transfer-encoding", "proxy-connection"})


def relay(handler: BaseHTTPRequestHandler, host: str, port: int | None, path: str, body: bytes) -> None:
    """`handler`'s request (its method and headers, `body`) sent to `host:port` as `path`, its answer back."""
    upstream = http.client.HTTPConnection(host, port, timeout=30)
    try:
        headers = {name: value for name, value in handler.headers.items() if name.lower() not in _NOT_RELAYED}
        upstream.request(handler.command, path, body=body or None, headers=headers)
        answer = upstream.getresponse()
        content = answer.read()
    finally:
        upstream.close()
    handler.send_response(answer.status)
    for name, value in answer.getheaders():
        if name.lower() not in _NOT_RELAYED:
            handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(content)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(content)


class QuietServer(ThreadingHTTPServer):
    """A client that hangs up mid-answer, or refuses an HTTPS server's certificate, is what some tests do
    on purpose (a deadline that passes, a proxy's client giving up). Not worth a traceback: printed from
    the server's thread after its test ended, it lands in whatever the next test captures as stderr.
    Anything else is still printed."""

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | ssl.SSLError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]
