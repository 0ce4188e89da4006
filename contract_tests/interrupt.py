"""Stop a live run when asked: SIGINT (Ctrl-C) or SIGTERM (what a CI system sends to cancel a job).

The first signal stops the gateway at once (nothing more is sent; a request already on the wire
finishes) and asks pytest to stop after the running test, which ends quickly: every request it makes is
now refused at once, unsent. (No KeyboardInterrupt is raised into the test: Schemathesis records one
inside a subtest as that test's failure and goes on, and one raised inside its grouped failures escaped
pytest as an internal error.) The run then ends as pytest ends a stopped session, writing the tally and
the reports, with exit 130 (SIGINT) or 143 (SIGTERM). Should its tests still be going after
`grace_seconds`, `on_overdue` writes what it can and the process exits. Once the tests have ended the run
is `disarm`ed: what follows (releasing the run's own instances, waiting until they are gone) is bounded by
its own deadlines, and the grace period must not cut it off half-way. A second signal exits at once.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from types import FrameType

import attrs

GRACE_SECONDS = 1.5
SIGNALS = (signal.SIGINT, signal.SIGTERM)


def exit_code(signum: int) -> int:
    return 128 + signum


@attrs.define
class Interrupt:
    on_first: Callable[[str], None]  # stop sending; the signal's name
    on_overdue: Callable[[str], None]  # the run did not end in time: write what can be written
    grace_seconds: float = GRACE_SECONDS
    exit: Callable[[int], None] = os._exit
    signum: int | None = None
    _previous: dict[int, object] = attrs.field(factory=dict)
    _timer: threading.Timer | None = None
    # Held while the overdue path runs, and to disarm it: one of the two happens, never half of each.
    _guard: threading.Lock = attrs.field(factory=threading.Lock)
    _disarmed: bool = False

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name if self.signum is not None else ""

    def install(self) -> None:
        """In the main thread (signal handlers live there)."""
        for signum in SIGNALS:
            self._previous[signum] = signal.signal(signum, self.handle)

    def uninstall(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)  # type: ignore[arg-type]
        self._previous.clear()

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None:  # the second signal: at once
            self.exit(exit_code(signum))
            return
        self.signum = signum
        self.on_first(self.name)
        self._timer = threading.Timer(self.grace_seconds, self._overdue)
        self._timer.daemon = True
        self._timer.start()

    def disarm(self) -> None:
        """The tests have ended: no grace period runs out any more (an overdue path already under way
        finishes first, exiting the process)."""
        with self._guard:
            self._disarmed = True
            if self._timer is not None:
                self._timer.cancel()

    def _overdue(self) -> None:
        assert self.signum is not None
        with self._guard:
            if self._disarmed:
                return
            self.on_overdue(self.name)
            self.exit(exit_code(self.signum))
