"""A total deadline for one call: connect, send, the whole answer and every retry.

httpx's timeouts bound each read, so a server trickling a byte a second could hold a call for ever.
The async client runs each call under `asyncio.timeout`. The sync client clamps every socket read,
write and connect of httpcore's pool to the time left (httpx has no public hook for this, hence the
one attribute reached below; with a transport of your own the deadline is checked between chunks).
Generated; do not edit.
"""

import contextvars
import ssl
import typing
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import httpcore
import httpx
from attrs import define, field

_CURRENT: contextvars.ContextVar["Deadline | None"] = contextvars.ContextVar("zenlayer_deadline", default=None)


class DeadlineExceeded(Exception):
    """Internal: the call's deadline passed (turned into a typed error by the client). `sent` says
    whether the request may have left by then."""

    def __init__(self, message: str, *, sent: bool = True) -> None:
        super().__init__(message)
        self.sent = sent


@define
class Deadline:
    seconds: float
    clock: Callable[[], float] = field(repr=False)
    started: float = field(init=False)

    def __attrs_post_init__(self) -> None:
        self.started = self.clock()

    def remaining(self) -> float:
        return self.seconds - (self.clock() - self.started)

    def check(self, *, sent: bool = True) -> float:
        """The time left; DeadlineExceeded when there is none."""
        left = self.remaining()
        if left <= 0:
            raise DeadlineExceeded(f"the call's deadline of {self.seconds:g} s passed", sent=sent)
        return left

    @contextmanager
    def applied(self) -> Iterator[None]:
        token = _CURRENT.set(self)
        try:
            yield
        finally:
            _CURRENT.reset(token)


def _clamp(timeout: float | None, error: type[Exception]) -> float | None:
    deadline = _CURRENT.get()
    if deadline is None:
        return timeout
    left = deadline.remaining()
    if left <= 0:
        raise error(f"the call's deadline of {deadline.seconds:g} s passed")
    return left if timeout is None else min(timeout, left)


class _ClampedStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _ClampedStream(
            self._stream.start_tls(ssl_context, server_hostname, _clamp(timeout, httpcore.ConnectTimeout))
        )

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class _ClampedBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(
            host, port, _clamp(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _ClampedStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[typing.Any] | None = None
    ) -> httpcore.NetworkStream:
        return _ClampedStream(
            self._backend.connect_unix_socket(path, _clamp(timeout, httpcore.ConnectTimeout), socket_options)
        )

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def clamp_sync_client(client: httpx.Client) -> bool:
    """Make every socket operation of `client`'s default transport respect the current deadline.
    False when the transport is not httpx's own (the deadline is then checked between chunks)."""
    transport = getattr(client, "_transport", None)
    pool = getattr(transport, "_pool", None) if isinstance(transport, httpx.HTTPTransport) else None
    backend = getattr(pool, "_network_backend", None)
    if not isinstance(backend, httpcore.NetworkBackend):
        return False
    if not isinstance(backend, _ClampedBackend):
        pool._network_backend = _ClampedBackend(backend)  # type: ignore[union-attr]
    return True
