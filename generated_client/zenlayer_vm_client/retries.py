"""When to send a request again, and after how long.

As the vendor's SDK does and no more: a rate-limited answer (HTTP 429, or a code the spec gives
status 429) is retried up to `max_retries` times after `backoff_seconds` (honouring `Retry-After`);
each retry is signed afresh. A connection that never opened may be retried for any operation; a
timeout or a connection dropped after sending only for an operation that does not change state.
Generated; do not edit.
"""

import asyncio
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
    # A `Retry-After` longer than this is capped: a client must not hang on a server's word.
    max_retry_after_seconds: float = 60.0
    retry_connection_errors: bool = True
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[Any]] = field(default=asyncio.sleep, repr=False)

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds to wait before retry number `attempt` (0 for the first retry)."""
        if self.honour_retry_after and retry_after is not None:
            try:
                return min(max(float(retry_after), 0.0), self.max_retry_after_seconds)
            except ValueError:
                pass  # an HTTP date or garbage: fall back to the backoff
        if not self.backoff_seconds:
            return 0.0
        return self.backoff_seconds[min(attempt, len(self.backoff_seconds) - 1)]


def is_rate_limited(response: httpx.Response) -> bool:
    if response.status_code == RATE_LIMIT_STATUS:
        return True
    if response.status_code < 400:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("code") in RATE_LIMIT_CODES


def may_resend_after(error: httpx.TransportError, *, changes_state: bool) -> bool:
    """Whether a request that failed with `error` may be sent again without risk of doing it twice."""
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
        return True  # the request never left
    return not changes_state and isinstance(
        error, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError
    )
