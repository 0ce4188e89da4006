"""Raw HTTP/1.1 over a real socket, for requests no HTTP library would send: duplicate headers,
broken bytes, lying Content-Lengths, bodies that stop half way."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from typing import Any

import attrs

from zenlayer_vm_client.auth import ALGORITHM, authorization, signature

MOCK_ACCESS_KEY_ID = "zl-mock-key-id"
MOCK_ACCESS_KEY_PASSWORD = "zl-mock-key-password"
READ_SECONDS = 10.0


@attrs.frozen
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def signed_headers(
    host: str, body: bytes, *, action: str, content_type: str = "application/json", timestamp: int | None = None
) -> list[tuple[str, str]]:
    """The headers of a correctly signed request for `body` (as a list: names may repeat later)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signed = signature(MOCK_ACCESS_KEY_PASSWORD, stamp, {"content-type": content_type, "host": host}, body)
    return [
        ("Host", host),
        ("Content-Type", content_type),
        ("X-ZC-Action", action),
        ("X-ZC-Version", "2026-04-01"),
        ("X-ZC-Timestamp", stamp),
        ("X-ZC-Signature-Method", ALGORITHM),
        ("Authorization", authorization(MOCK_ACCESS_KEY_ID, signed)),
    ]


def request_bytes(
    headers: list[tuple[str, str]],
    body: bytes,
    *,
    method: str = "POST",
    path: str = "/api/v2/vm",
    content_length: int | None = None,
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1".encode()]
    lines += [f"{name}: {value}".encode("latin-1", "replace") for name, value in headers]
    lines.append(f"Content-Length: {len(body) if content_length is None else content_length}".encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class Connection:
    """One keep-alive connection; reopened when the server closed it."""

    def __init__(self, host: str, port: int) -> None:
        self.address = (host, port)
        self.sock: socket.socket | None = None

    def _open(self) -> socket.socket:
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=READ_SECONDS)
        return self.sock

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def exchange(self, data: bytes) -> Answer | None:
        """Send `data` and read one answer; None when the server closed without answering."""
        sock = self._open()
        # The server may close before reading everything; its answer may still be there.
        with contextlib.suppress(OSError):
            sock.sendall(data)
        try:
            answer = read_answer(sock)
        except OSError:
            answer = None
        if answer is None or answer.headers.get("connection", "").lower() == "close":
            self.close()
        return answer

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_answer(sock: socket.socket) -> Answer | None:
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return Answer(status=int(status_line.split(" ")[1]), headers=headers, body=rest[:length])
