"""Failures on demand, all off by default: a request rate above which the mock answers 429, a share
of 5xx answers, added latency, dropped connections, and a share of answers that come from the network
in front of the API rather than from it (the spec's `x-zc-not-api-answers`: a CDN challenge, a block).
Random draws come from a seeded generator, so a run can be repeated."""

from __future__ import annotations

import random

import attrs

from mock_server.contract import ApiError
from zenlayer_spec.errors import NotApiAnswer


class DropConnection(Exception):
    """Raised after the response has started, so that the server closes the connection mid-answer."""


class NotApiFault(Exception):
    """An answer from the network in front of the API: not the envelope, on purpose."""

    def __init__(self, answer: NotApiAnswer) -> None:
        super().__init__(answer.code)
        self.answer = answer


@attrs.frozen
class FaultSettings:
    rate_limit_per_second: float | None = None
    error_rate: float = 0.0
    latency_seconds: float = 0.0
    drop_rate: float = 0.0
    not_api_rate: float = 0.0
    # The share of created resources that end in their effect's `failed` status (CREATE_FAILED).
    create_fail_rate: float = 0.0
    seed: int = 0

    def __attrs_post_init__(self) -> None:
        for name in ("error_rate", "drop_rate", "not_api_rate", "create_fail_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.rate_limit_per_second is not None and self.rate_limit_per_second <= 0:
            raise ValueError("rate_limit_per_second must be positive")
        if self.latency_seconds < 0:
            raise ValueError("latency_seconds must not be negative")


class FaultInjector:
    def __init__(
        self,
        settings: FaultSettings,
        rate_limit_code: str,
        server_error_codes: tuple[str, ...],
        not_api_answers: tuple[NotApiAnswer, ...] = (),
    ) -> None:
        self.settings = settings
        # From the spec by status: its 429 code, and every code it declares at 5xx.
        self.rate_limit_code = rate_limit_code
        self.server_error_codes = server_error_codes
        self.not_api_answers = not_api_answers
        # Nothing to inject: the app skips the fault step altogether.
        self.active = (
            settings.rate_limit_per_second is not None
            or settings.error_rate > 0
            or settings.latency_seconds > 0
            or settings.drop_rate > 0
            or settings.not_api_rate > 0
        )
        self._random = random.Random(settings.seed)
        # A token bucket holding one second's worth of requests.
        self._tokens = settings.rate_limit_per_second or 0.0
        self._last_refill: float | None = None

    def rate_limited(self, now: float) -> ApiError | None:
        rate = self.settings.rate_limit_per_second
        if rate is None:
            return None
        if self._last_refill is not None:
            self._tokens = min(rate, self._tokens + (now - self._last_refill) * rate)
        self._last_refill = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return None
        return ApiError(self.rate_limit_code, f"more than {rate:g} requests per second")

    def server_error(self) -> ApiError | None:
        if self.settings.error_rate and self._random.random() < self.settings.error_rate:
            return ApiError(self._random.choice(self.server_error_codes), "an injected server fault")
        return None

    def drop(self) -> bool:
        return bool(self.settings.drop_rate) and self._random.random() < self.settings.drop_rate

    def not_api(self) -> NotApiAnswer | None:
        if self.settings.not_api_rate and self.not_api_answers and self._random.random() < self.settings.not_api_rate:
            return self._random.choice(self.not_api_answers)
        return None
