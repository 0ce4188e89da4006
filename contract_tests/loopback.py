"""The suite's own connections. It only ever talks to loopback: the mock, or in a live run the gateway
(contract_tests/gateway.py), which alone reaches the service and honours the environment's proxy for it.
A proxy the environment names must never carry a request to loopback: requests, httpx and urllib would
send even 127.0.0.1 there (a user behind a corporate proxy saw every case of a mock run fail)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from http.cookiejar import DefaultCookiePolicy

import requests
from schemathesis.transport.requests import SameHostRedirectsSession

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
_NO_PROXY_VARIABLES = ("NO_PROXY", "no_proxy")


def session() -> requests.Session:
    """The connections a run's cases go out on: kept alive between cases, never through a proxy, no
    cookies kept from one case to the next, and no headers of its own (Schemathesis sends a case's headers
    as it drew them)."""
    made = SameHostRedirectsSession()  # what Schemathesis makes for each case when given none
    made.trust_env = False
    made.headers.clear()
    made.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return made


def add_to_no_proxy() -> dict[str, str | None]:
    """Loopback added to NO_PROXY (both spellings), for the clients the suite does not make itself
    (Schemathesis's probes, which read the environment); what the variables held before."""
    saved = {name: os.environ.get(name) for name in _NO_PROXY_VARIABLES}
    given = [host.strip() for value in saved.values() if value for host in value.split(",") if host.strip()]
    merged = ",".join(dict.fromkeys([*given, *LOOPBACK_HOSTS]))
    for name in _NO_PROXY_VARIABLES:
        os.environ[name] = merged
    return saved


def restore_no_proxy(saved: dict[str, str | None]) -> None:
    """The NO_PROXY variables as `add_to_no_proxy` found them."""
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextlib.contextmanager
def never_proxied() -> Iterator[None]:
    """Loopback in NO_PROXY for the block; the variables as they were afterwards."""
    saved = add_to_no_proxy()
    try:
        yield
    finally:
        restore_no_proxy(saved)
