"""One TLS context per setting, shared by every client of the process.

httpx makes a new `ssl.SSLContext` for each client and each proxy route, loading the whole CA bundle
each time: about 25 ms of CPU, nearly all of what making a client costs. A context is made to be shared
(the standard library's `ssl` docs; httpx's own docs suggest passing one as `verify=`), so the clients
share one per setting: `verify`, `trust_env` (which CA bundle httpx would read: SSL_CERT_FILE,
SSL_CERT_DIR, else certifi's) and `http2` (httpcore sets the context's ALPN protocols from it on every
connection, so an HTTP/2 client and an HTTP/1.1 client must not share one). A CA bundle changed on disk
gives a new context (the bundle's digest is part of the setting: reading and hashing it is a fraction
of a millisecond, loading it 25). A client certificate or a context of the caller's own is never
shared: those pass through as given.
Copied verbatim from the generator (generator/verbatim/): edit it there, not in generated_client/.
"""

import hashlib
import os
import ssl
import threading
import typing
from pathlib import Path

import httpx

_LOCK = threading.Lock()
# Per setting, the CA bundle's digest and the context made from it (a changed bundle replaces it).
_SHARED: dict[tuple[object, ...], tuple[bytes, ssl.SSLContext]] = {}


def verify_option(
    verify: ssl.SSLContext | str | bool,
    *,
    cert: typing.Any = None,  # noqa: ANN401 - httpx's CertTypes, which differ across its versions
    trust_env: bool = True,
    http2: bool = False,
) -> ssl.SSLContext | str | bool:
    """What to pass httpx as `verify=`: the shared context for this setting, or `verify` unchanged when
    it is a context already or a client certificate is given (httpx would load it into the context)."""
    if isinstance(verify, ssl.SSLContext) or cert is not None:
        return verify
    path = _bundle_path(verify, trust_env)
    setting = (verify, trust_env, http2, path)
    digest = _digest(path)
    with _LOCK:
        shared = _SHARED.get(setting)
        if shared is None or shared[0] != digest:
            shared = _SHARED[setting] = (digest, _context(verify, trust_env, path))
    return shared[1]


def _context(verify: str | bool, trust_env: bool, path: str | None) -> ssl.SSLContext:
    """httpx's context for the setting; a bundle it cannot use is a TlsSettingsError naming the bundle
    (httpx lets the standard library's bare `[Errno 2] No such file or directory` through). Not kept:
    the next client reads the bundle again."""
    # Generated from a template, as command.py imports the CLI: by the package's name.
    from zenlayer_vm_client.errors import TlsSettingsError

    # httpx 0.27 skips a missing bundle: every connection would then fail verification, naming no bundle.
    if path is not None and not Path(path).exists():
        raise TlsSettingsError(f"the CA bundle {path!r} cannot be used for TLS: No such file or directory")
    try:
        return httpx.create_ssl_context(verify=verify, trust_env=trust_env)
    except OSError as error:  # ssl.SSLError included: a file with no certificate in it
        raise TlsSettingsError(f"the CA bundle {path!r} cannot be used for TLS: {error}") from error


def _bundle_path(verify: str | bool, trust_env: bool) -> str | None:
    """The CA bundle (a file, or a directory) httpx reads for `verify`; None without verification."""
    if verify is False:
        return None
    if isinstance(verify, str):
        return verify
    for variable in ("SSL_CERT_FILE", "SSL_CERT_DIR"):
        if trust_env and os.environ.get(variable):
            return os.environ[variable]
    import certifi  # httpx's own dependency, and its default bundle

    return certifi.where()


def _digest(path: str | None) -> bytes:
    """The bundle file's digest; empty for a directory (OpenSSL reads its files as it needs them) or a
    file that cannot be read (httpx says why when it reads it)."""
    if path is None:
        return b""
    try:
        return hashlib.sha256(Path(path).read_bytes()).digest()
    except OSError:
        return b""
