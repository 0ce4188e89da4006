"""What a live run is doing, for the person who started it: every few seconds one line with the phase,
the operation, the requests sent against the rate limit and the time left at that rate (estimated from
the requests the tests so far sent). Live runs only: against the mock a run takes seconds."""

from __future__ import annotations

import time
from collections.abc import Callable

import attrs

INTERVAL_SECONDS = 5.0


def per_second(rate_limit: str) -> float | None:
    """Schemathesis's rate limit ("2/s", "100/m", "3600/h") as requests per second."""
    count, _, unit = rate_limit.partition("/")
    seconds = {"s": 1.0, "m": 60.0, "h": 3600.0}.get(unit.strip())
    try:
        return float(count) / seconds if seconds else None
    except ValueError:
        return None


@attrs.define
class Progress:
    write: Callable[[str], None]
    rate_limit: str
    tests: int  # how many tests the run will run
    clock: Callable[[], float] = time.monotonic
    started: float = attrs.field(init=False)
    last_shown: float = attrs.field(init=False)
    test: str = "-"
    tests_started: int = 0
    sent: int = 0

    def __attrs_post_init__(self) -> None:
        self.started = self.clock()
        self.last_shown = float("-inf")  # the first request shows a line at once: the run is alive

    def test_started(self, nodeid: str) -> None:
        self.test = nodeid.rsplit("::", 1)[-1]
        self.tests_started += 1

    def request_sent(self, operation: str) -> None:
        self.sent += 1
        now = self.clock()
        if now - self.last_shown >= INTERVAL_SECONDS:
            self.last_shown = now
            self.write(self.line(operation, now))

    def line(self, operation: str, now: float) -> str:
        elapsed = now - self.started
        rate = per_second(self.rate_limit)
        left = ""
        if rate and self.tests_started:
            per_test = self.sent / self.tests_started
            remaining = max(0, self.tests - self.tests_started) * per_test / rate
            left = (
                f"; about {remaining / 60:.0f} min left at that rate"
                if remaining >= 90
                else (f"; about {remaining:.0f} s left at that rate")
            )
        return (
            f"live: {self.test} {operation}: {self.sent} requests in {elapsed:.0f} s (rate limit {self.rate_limit}), "
            f"test {self.tests_started} of {self.tests}{left}"
        )


# The run's one progress line (a live run sets it up at the start; otherwise nothing is shown).
_current: Progress | None = None


def start(write: Callable[[str], None], rate_limit: str) -> None:
    global _current
    _current = Progress(write, rate_limit, tests=0)


def planned(tests: int) -> None:
    if _current is not None:
        _current.tests = tests


def test_started(nodeid: str) -> None:
    if _current is not None:
        _current.test_started(nodeid)


def request_sent(operation: str) -> None:
    if _current is not None:
        _current.request_sent(operation)
