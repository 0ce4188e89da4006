"""When to send a request again, and after how long.

As the vendor's SDK does and no more: a rate-limited answer (HTTP 429, or a code the spec gives
status 429) is retried up to `max_retries` times after `backoff_seconds` (honouring `Retry-After`);
each retry is signed afresh. A connection that never opened may be retried for any operation; a
timeout or a connection dropped after sending only for an operation that does not change state.
Generated; do not edit.
"""

import asyncio
import email.utils
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from attrs import field, frozen

RATE_LIMIT_STATUS = 429
RATE_LIMIT_CODES = ("REQUEST_LIMIT_EXCEEDED",)


@frozen
class RetryPolicy:
    max_retries: int = 3
    backoff_seconds: tuple[float, ...] = (1.0, 2.0, 4.0)
    honour_retry_after: bool = True
    # A `Retry-After` longer than this is capped: a client must not hang on a server's word. (No retry
    # ever waits past the call's deadline either: the client gives up first.)
    max_retry_after_seconds: float = 20.0
    retry_connection_errors: bool = True
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[Any]] = field(default=asyncio.sleep, repr=False)
    # For a Retry-After given as an HTTP date.
    wall_clock: Callable[[], float] = field(default=time.time, repr=False)

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds to wait before retry number `attempt` (0 for the first retry)."""
        if self.honour_retry_after and retry_after is not None:
            asked = parse_retry_after(retry_after, self.wall_clock())
            if asked is not None:
                return min(asked, self.max_retry_after_seconds)
        if not self.backoff_seconds:
            return 0.0
        return self.backoff_seconds[min(attempt, len(self.backoff_seconds) - 1)]


def parse_retry_after(value: str, now: float) -> float | None:
    """Seconds asked for by a `Retry-After` (RFC 9110: a whole number of seconds, or an HTTP date);
    None for anything else (`nan`, `-1`, `1.5`, garbage), which then counts as absent."""
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value) if len(value) <= 9 else float("inf")
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        return None  # HTTP dates are GMT; a date without a zone is not one
    return max(when.timestamp() - now, 0.0)


def is_rate_limited(response: httpx.Response) -> bool:
    if response.status_code == RATE_LIMIT_STATUS:
        return True
    if response.status_code < 400:
        return False
    try:
        body = response.json()
    except (ValueError, RecursionError):
        return False
    return isinstance(body, dict) and body.get("code") in RATE_LIMIT_CODES


# Failures that happen before a byte of the request is written.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol, httpx.ProxyError)


def request_left(error: Exception) -> bool:
    """Whether the request may have reached the server before `error`."""
    return bool(getattr(error, "sent", True)) and not isinstance(error, _NEVER_SENT)


def may_resend_after(error: httpx.TransportError, *, changes_state: bool) -> bool:
    """Whether a request that failed with `error` may be sent again without risk of doing it twice."""
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
        return True  # the request never left
    return not changes_state and isinstance(
        error, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError
    )
