"""contract_tests.end_of_session: a session ends with one garbage pass and the survivors frozen, so that
pytest's five end-of-session passes are quick, and what they are for still happens: an exception raised
by a finalizer of garbage left by a test is reported. Each session is a process of its own (the plugin
freezes the heap of the process it ends)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mock_server.process import ROOT

TEST_MODULE = """
import atexit, gc
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count()))

class Raises:
    def __del__(self):
        raise RuntimeError("a finalizer failed")

def test_leaves_cyclic_garbage():
    gc.disable()  # left for the session's end to collect
    cycle = Raises()
    cycle.self = cycle
"""


def _session(tmp_path: Path, *options: str) -> str:
    (tmp_path / "test_garbage.py").write_text(TEST_MODULE, encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "contract_tests.end_of_session"]
    done = subprocess.run(
        [*command, *options, "test_garbage.py"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_the_end_of_a_session_freezes_the_heap_and_still_reports_a_failed_finalizer(tmp_path: Path) -> None:
    output = _session(tmp_path)
    assert "PytestUnraisableExceptionWarning" in output
    assert "RuntimeError: a finalizer failed" in output
    frozen = int(output.split("frozen at exit:")[1].split()[0])
    assert frozen > 1000  # the survivors of the pass: pytest's own modules and objects


def test_a_session_without_the_unraisable_plugin_is_left_as_it_is(tmp_path: Path) -> None:
    """As in a suite run inside our tests' process, which disables that plugin: nothing to make quick."""
    output = _session(tmp_path, "-p", "no:unraisableexception")
    assert "frozen at exit: 0" in output
