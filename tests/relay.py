"""Sending a request a test server received on to another server, and its answer back: what the tests'
proxies (a forward proxy for the client, a recording proxy in front of the mock) have in common."""

from __future__ import annotations

import http.client
from http.server import BaseHTTPRequestHandler

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
