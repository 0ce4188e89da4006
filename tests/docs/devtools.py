"""Chromium driven through its DevTools protocol over a pipe (`--remote-debugging-pipe`: commands on fd 3,
answers on fd 4, each a JSON message ending in NUL): open a page, wait until it has settled, capture it.

Chromium's own `--screenshot` captured a scrolled page with a blank band of the scroll's height above
it and the sidebar's opening animation half done; the protocol's capture shows what a reader sees.
Every read is bounded by the session's deadline.
"""

from __future__ import annotations

import base64
import json
import os
import select
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any


class DevToolsError(RuntimeError):
    """Chromium refused a command, closed the pipe, or did not answer before the deadline."""


class Page:
    def __init__(self, binary: str, flags: tuple[str, ...], width: int, height: int, deadline: float) -> None:
        self._deadline = deadline
        self._profile = tempfile.TemporaryDirectory()
        to_chrome, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome = os.pipe()
        self._process = subprocess.Popen(
            [binary, *flags, "--remote-debugging-pipe", f"--user-data-dir={self._profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Only fds 3 and 4 are passed on: set up in the child, every other pipe end closes at exec.
            close_fds=False,
            preexec_fn=lambda: _as_fds_3_and_4(to_chrome, from_chrome),
        )
        os.close(to_chrome)
        os.close(from_chrome)
        self._buffer = b""
        self._last_id = 0
        try:
            target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
            self.call("Emulation.setDeviceMetricsOverride", metrics)
        except DevToolsError:
            self.close()  # the process, the pipes and the profile go with the failure
            raise

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A command to the page."""
        return self._call(method, params, self._session)

    def evaluate(self, expression: str) -> Any:
        answer = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return answer["result"].get("value")

    def settle(self, probe: str, polls: int = 5, interval: float = 0.1) -> Any:
        """Evaluate `probe` until it gives the same non-null value `polls` times in a row (the layout has
        stopped moving), and return it; DevToolsError at the deadline."""
        last, same = None, 0
        while time.monotonic() < self._deadline:
            value = self.evaluate(probe)
            same = same + 1 if value is not None and value == last else 0
            last = value
            if same >= polls:
                return value
            time.sleep(interval)
        raise DevToolsError(f"the page did not settle before the deadline (last: {last!r})")

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        with suppress(DevToolsError):  # Chromium already gone: nothing to close
            self._send("Browser.close", {}, None)
        try:  # a Chromium that answers closes at once; one that does not gets until the deadline
            self._process.wait(timeout=max(0.5, min(10.0, self._deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)
        os.close(self._to_chrome)
        os.close(self._from_chrome)
        self._profile.cleanup()

    def _call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        wanted = self._send(method, params or {}, session)
        while True:
            message = self._receive()
            if message.get("id") == wanted:
                if "error" in message:
                    raise DevToolsError(f"{method}: {message['error']}")
                result: dict[str, Any] = message["result"]
                return result

    def _send(self, method: str, params: dict[str, Any], session: str | None) -> int:
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        try:
            os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        except OSError as error:  # it exited: nobody reads the other end
            raise DevToolsError("Chromium closed its DevTools pipe") from error
        return self._last_id

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = self._deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_chrome], [], [], left)[0]:
                raise DevToolsError("Chromium did not answer before the deadline")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise DevToolsError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message


def _as_fds_3_and_4(to_chrome: int, from_chrome: int) -> None:
    """In the child: the pipe ends where Chromium looks for them (dup2 leaves the copies inheritable)."""
    reading, writing = os.dup(to_chrome), os.dup(from_chrome)  # numbers above 4, whatever the originals
    reading = os.dup(reading) if reading in (3, 4) else reading
    writing = os.dup(writing) if writing in (3, 4) else writing
    os.dup2(reading, 3)
    os.dup2(writing, 4)


@contextmanager
def page(binary: str, flags: tuple[str, ...], url: str, width: int, height: int, seconds: float) -> Iterator[Page]:
    """A page of a fresh headless Chromium at `url`, closed afterwards; every step within `seconds`."""
    opened = Page(binary, flags, width, height, time.monotonic() + seconds)
    try:
        opened.call("Page.navigate", {"url": url})
        yield opened
    finally:
        opened.close()
