"""Deadlines for request bodies, kept by one timer for all of them.

A body that has not fully arrived `seconds` after the mock began reading it is cut off (the request is
answered with the spec's incomplete-body code) within a quarter of `seconds` more (at most a second).
One `asyncio.timeout` per request cost about a quarter of the mock's own time per request (8 of 29 µs
in process); registering a task in a dict costs a fraction of a microsecond, and the shared timer runs
only while some body is being read.
"""

from __future__ import annotations

import asyncio
from typing import Any

Task = asyncio.Task[Any]


class BodyDeadlines:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.resolution = min(1.0, seconds / 4)
        self._reading: dict[Task, float] = {}  # task -> its deadline on the loop's clock
        self._expired: set[Task] = set()
        self._timer: asyncio.TimerHandle | None = None
        self._timer_loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> Task:
        """The current task begins reading a body; its deadline starts now."""
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("a body is read inside a task")
        loop = task.get_loop()
        self._reading[task] = loop.time() + self.seconds
        if self._timer is None or self._timer_loop is not loop:  # a new loop (e.g. a test's) needs its own
            self._arm(loop)
        return task

    def stop(self, task: Task) -> None:
        """The task is done reading (whole, refused or cut off)."""
        self._reading.pop(task, None)
        self._expired.discard(task)

    def expired(self, task: Task) -> bool:
        """Whether the task was cancelled because its body did not arrive in time (not for another reason)."""
        return task in self._expired

    def _arm(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer_loop = loop
        self._timer = loop.call_later(self.resolution, self._check, loop)

    def _check(self, loop: asyncio.AbstractEventLoop) -> None:
        now = loop.time()
        for task, deadline in list(self._reading.items()):
            if deadline <= now and task not in self._expired and task.get_loop() is loop:
                self._expired.add(task)
                task.cancel()
        if self._reading:
            self._arm(loop)
        else:
            self._timer = self._timer_loop = None
