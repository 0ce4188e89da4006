"""A total deadline for one call: connect, send, the whole answer and every retry.

httpx's timeouts bound each read, so a server trickling a byte a second could hold a call for ever.
The async client runs each call under `asyncio.timeout`. The sync client sends through
`DeadlineTransport`, httpx's HTTP transport composed from public parts (an `httpcore.ConnectionPool` whose
network backend clamps every socket read, write and connect to the time left); with a transport of
your own the deadline is checked between chunks.
Copied verbatim from the generator (generator/verbatim/): edit it there, not in generated_client/.
"""

import contextvars
import ssl
import typing
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import httpcore
import httpx
from attrs import define, field

from .proxies import ProxyRoutes
from .tls import verify_option

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

    def get_extra_info(self, info: str) -> typing.Any:  # noqa: ANN401 - httpcore's own signature
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


# httpcore's errors as httpx's, the most specific first (what httpx's own transport raises).
_ERRORS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as error:
        for source, target in _ERRORS:
            if isinstance(error, source):
                raise target(str(error)) from error
        raise


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class DeadlineTransport(httpx.BaseTransport):
    """httpx's HTTP transport, made of public parts, whose socket operations respect the call's deadline.

    It takes what httpx's own transport takes (`verify`, `cert`, `limits`, `http1`, `http2`, `proxy`,
    `trust_env`) and routes each request as httpx would: through the explicit `proxy`, else through the
    environment's HTTP(S)_PROXY / ALL_PROXY unless NO_PROXY names the host (`proxies.ProxyRoutes`), else
    directly. (httpx.Client honours none of that once it is handed a transport.)"""

    def __init__(
        self,
        verify: ssl.SSLContext | str | bool = True,
        limits: httpx.Limits | None = None,
        *,
        cert: typing.Any = None,  # noqa: ANN401 - httpx's CertTypes, which differ across its versions
        http1: bool = True,
        http2: bool = False,
        proxy: httpx.Proxy | httpx.URL | str | None = None,
        trust_env: bool = True,
    ) -> None:
        self._limits = limits or httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
        shared = verify_option(verify, cert=cert, trust_env=trust_env, http2=http2)
        if isinstance(shared, ssl.SSLContext):
            self._ssl_context = shared
        else:
            self._ssl_context = httpx.create_ssl_context(verify=shared, cert=cert, trust_env=trust_env)
        self._http1, self._http2 = http1, http2
        self._routes = ProxyRoutes(proxy, trust_env)  # the environment read now, as httpx reads it
        self._pool = httpcore.ConnectionPool(ssl_context=self._ssl_context, **self._pool_options())
        self._proxied: dict[str, httpcore.ConnectionPool] = {}

    def _pool_options(self) -> dict[str, typing.Any]:
        return {
            "max_connections": self._limits.max_connections,
            "max_keepalive_connections": self._limits.max_keepalive_connections,
            "keepalive_expiry": self._limits.keepalive_expiry,
            "http1": self._http1,
            "http2": self._http2,
            "network_backend": _ClampedBackend(httpcore.SyncBackend()),
        }

    def _pool_for(self, url: httpx.URL) -> httpcore.ConnectionPool:
        proxy = self._routes(url)
        if proxy is None:
            return self._pool
        key = str(proxy.url)
        if key not in self._proxied:
            self._proxied[key] = self._proxy_pool(proxy)
        return self._proxied[key]

    def _proxy_pool(self, proxy: httpx.Proxy) -> httpcore.ConnectionPool:
        proxy_url = httpcore.URL(
            scheme=proxy.url.raw_scheme, host=proxy.url.raw_host, port=proxy.url.port, target=proxy.url.raw_path
        )
        if proxy.url.scheme in ("http", "https"):
            return httpcore.HTTPProxy(
                proxy_url=proxy_url,
                proxy_auth=proxy.raw_auth,
                proxy_headers=proxy.headers.raw,
                ssl_context=self._ssl_context,
                proxy_ssl_context=proxy.ssl_context,
                **self._pool_options(),
            )
        if proxy.url.scheme in ("socks5", "socks5h"):
            return httpcore.SOCKSProxy(  # needs socksio, as httpx does (httpx[socks])
                proxy_url=proxy_url, proxy_auth=proxy.raw_auth, ssl_context=self._ssl_context, **self._pool_options()
            )
        raise httpx.UnsupportedProtocol(f"proxy {proxy.url} is not http, https, socks5 or socks5h")

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        sent = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        pool = self._pool_for(request.url)
        with _as_httpx_errors():
            answer = pool.handle_request(sent)
        assert isinstance(answer.stream, Iterable)
        return httpx.Response(
            status_code=answer.status, headers=answer.headers, stream=_Body(answer.stream), extensions=answer.extensions
        )

    def close(self) -> None:
        self._pool.close()
        for pool in self._proxied.values():
            pool.close()


def clamp_sync_client(client: httpx.Client) -> bool:
    """Deprecated since 2027.6.0: the client sends through `DeadlineTransport`, which needs no patching of
    httpx's private attributes (this reached three of them). Does nothing; False."""
    warnings.warn(
        "clamp_sync_client is deprecated and does nothing: the client sends through DeadlineTransport",
        DeprecationWarning,
        stacklevel=2,
    )
    return False
