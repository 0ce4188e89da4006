"""What reaches the wire: a recording proxy in front of the mock, which plays the live service in the
tests of live safety. It forwards every request as it came (method, path, query, headers, body) and keeps
a copy; the tests assert on those copies, not on what the suite believes it sent."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

import attrs

from contract_tests.live_guard import NONEXISTENT_PREFIX, id_like
from tests.relay import QuietServer, relay
from zenlayer_spec import Spec
from zenlayer_spec.document import JSON


@attrs.frozen
class Seen:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def action(self) -> str | None:
        return self.headers.get("x-zc-action")

    def json(self) -> JSON:
        try:
            parsed: JSON = json.loads(self.body)
            return parsed
        except ValueError:
            return None


class RecordingProxy:
    def __init__(self, upstream_base_url: str) -> None:
        target = urlsplit(upstream_base_url)
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or "0"))
                with proxy._lock:
                    proxy.seen.append(
                        Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                relay(self, target.hostname or "", target.port, self.path, body)

            do_POST = do_GET = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_TRACE = _forward

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._path = target.path.rstrip("/")
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{self._path}"

    def count(self) -> int:
        with self._lock:
            return len(self.seen)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def named_ids(node: Any, spec: Spec, path: tuple[str, ...] = ()) -> Iterator[Any]:
    """Every value under an id-like key or a declared resource field, at any depth (a scalar or list's items)."""
    declared = {field.path for fields in spec.behaviours.resource_fields.values() for field in fields}
    if isinstance(node, list):
        for item in node:
            yield from named_ids(item, spec, (*path, "[]"))
    elif isinstance(node, dict):
        for key, value in node.items():
            here = (*path, key)
            if id_like(key) or here in declared or (*here, "[]") in declared:
                yield from value if isinstance(value, list) else [value]
            else:
                yield from named_ids(value, spec, here)


def outside(seen: list[Seen], spec: Spec, allowed: set[str]) -> list[tuple[str | None, Any]]:
    """(action, id) of every id a request that is not a read named outside `allowed` (and not one that
    cannot exist), however the request was shaped."""
    reads = {operation.action for operation in spec.operations.values() if not operation.changes_state}
    return [
        (entry.action, value)
        for entry in seen
        if entry.action not in reads
        for value in named_ids(entry.json(), spec)
        if value not in allowed and not str(value).startswith(NONEXISTENT_PREFIX)
    ]
