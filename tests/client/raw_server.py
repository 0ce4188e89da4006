"""A loopback server that answers every request by running a script on the raw socket: for answers no
well-behaved server sends (a body trickled a byte at a time, a chunked answer without end). Every
script stops when the server stops, so no test can hang on it."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable

Script = Callable[[socket.socket, threading.Event], None]


class RawScriptServer:
    def __init__(self, script: Script) -> None:
        self.script = script
        self.requests = 0
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._listener.getsockname()[:2]
        return f"http://{host}:{port}/api/v2"

    def start(self) -> RawScriptServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._listener.close()

    def __enter__(self) -> RawScriptServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(5)
            received = b""
            while b"\r\n\r\n" not in received:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                received += chunk
            head, _, body = received.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            while len(body) < length:
                body += connection.recv(65536)
            self.requests += 1
            # The client gives up and closes: that is what these tests provoke.
            with contextlib.suppress(OSError):
                self.script(connection, self._stop)


def trickle(header: bytes, interval: float) -> Script:
    """Send `header`, then one byte every `interval` seconds until stopped."""

    def script(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(header)
        while not stop.wait(interval):
            connection.sendall(b" ")

    return script


def send_then_hold(data: bytes) -> Script:
    """Send `data`, then keep the connection open (no more bytes) until stopped."""

    def script(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(data)
        stop.wait(30)

    return script
