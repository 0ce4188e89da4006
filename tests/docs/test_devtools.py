"""The DevTools client fails in words, within its deadline, when Chromium does not play its part."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.docs import devtools


def _fake_browser(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-chromium"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def test_a_browser_that_never_answers_ends_at_the_deadline(tmp_path: Path) -> None:
    silent = _fake_browser(tmp_path, "exec sleep 30")
    started = time.monotonic()
    with (
        pytest.raises(devtools.DevToolsError, match="did not answer before the deadline"),
        devtools.page(silent, (), "about:blank", 800, 600, seconds=1),
    ):
        pass
    assert time.monotonic() - started < 10  # the deadline, then the process is stopped


def test_a_browser_that_exits_is_named(tmp_path: Path) -> None:
    gone = _fake_browser(tmp_path, "exit 1")
    with (
        pytest.raises(devtools.DevToolsError, match="closed its DevTools pipe"),
        devtools.page(gone, (), "about:blank", 800, 600, seconds=10),
    ):
        pass
