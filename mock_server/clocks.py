"""The clocks the mock's lifecycle can run on: the machine's (the default) or one that moves only with
the requests it answers, so that two runs sending the same requests see the same lifecycle."""

from __future__ import annotations

# What a RequestClock's 0 reads as in answers (`now`, e.g. a creation time): 2026-01-01T00:00:00Z, one
# second per request, so that the times a seeded run answers repeat too.
REQUEST_EPOCH = 1_767_225_600.0


class RequestClock:
    """Time in requests: each request the mock receives advances it by one. With it, a transitional
    status lasts a number of requests rather than seconds, and a seeded contract run repeats its
    answers as well as its requests (a slow machine cannot turn a 200 into a 403)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self) -> None:
        self.now += 1.0
