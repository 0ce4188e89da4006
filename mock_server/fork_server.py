"""Mocks forked from a warm process, for runs that start many of them (our own tests start about 100): a
new interpreter imports the mock and compiles the spec again for each mock, about 0.45 s of CPU; a fork of
a process that has done it once, about 0.15 s.

Each mock is still a process of its own serving real HTTP on loopback, run as `python -m <module>` runs
it (argv, environment, working directory, stdout and stderr on pipes) and ending like one (its exit
status, or the signal that ended it). Python's own fork server (multiprocessing) forks and reports exit
statuses; what it imports first is the caller's choice (`preload`).
"""

from __future__ import annotations

import importlib.util
import io
import multiprocessing
import os
import runpy
import signal
import subprocess
import sys
from collections.abc import Iterable, Mapping
from multiprocessing.connection import Connection
from typing import IO

# Read when the spec's modules are imported (zenlayer_spec.document.SPEC_PATH): a mock forked from a
# server that read another value would serve another spec, so such a mock starts as a new process.
IMPORT_TIME_VARIABLES = ("ZENLAYER_SPEC",)


class ForkServer:
    """Starts mocks of the `modules` named by forking a process that imported `preload` once."""

    def __init__(self, modules: Iterable[str], preload: Iterable[str]) -> None:
        self.modules = frozenset(modules)
        self._preload = list(preload)
        self._context = multiprocessing.get_context("forkserver")
        self._environment_then = {name: os.environ.get(name) for name in IMPORT_TIME_VARIABLES}

    def serves(self, module: str) -> bool:
        """Whether a mock of `module` started now would be what `python -m module` starts."""
        now = {name: os.environ.get(name) for name in IMPORT_TIME_VARIABLES}
        return module in self.modules and now == self._environment_then

    def start(self, module: str, arguments: list[str], cwd: str) -> ForkedProcess:
        # The process's one fork server starts with the first fork, having imported what this one preloads.
        self._context.set_forkserver_preload(self._preload)
        return ForkedProcess(self._context, module, arguments, cwd)


class ForkedProcess:
    """What MockProcess uses of subprocess.Popen (text pipes for stdout and stderr), for a forked mock."""

    def __init__(
        self,
        context: multiprocessing.context.ForkServerContext,
        module: str,
        arguments: list[str],
        cwd: str,
    ) -> None:
        out_read, out_write = context.Pipe(duplex=False)
        err_read, err_write = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_run_as_main,
            args=(module, arguments, dict(os.environ), cwd, out_write, err_write),
            daemon=True,  # one left running when the caller exits is ended, not waited for
        )
        self._process.start()
        out_write.close()  # the child holds the write ends: its exit ends the streams
        err_write.close()
        self.stdout: IO[str] = _text(out_read)
        self.stderr: IO[str] = _text(err_read)

    @property
    def pid(self) -> int:
        assert self._process.pid is not None  # started in __init__
        return self._process.pid

    @property
    def returncode(self) -> int | None:
        return self._process.exitcode

    def poll(self) -> int | None:
        return self._process.exitcode

    def wait(self, timeout: float | None = None) -> int:
        self._process.join(timeout)
        if self._process.exitcode is None:
            raise subprocess.TimeoutExpired(f"forked {self._process.name}", timeout or 0)
        return self._process.exitcode

    def send_signal(self, signal_number: int) -> None:
        if self._process.exitcode is None:
            os.kill(self.pid, signal_number)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def _text(connection: Connection) -> IO[str]:
    """The read end of a one-way pipe as the text stream Popen(text=True) would give."""
    descriptor = os.dup(connection.fileno())
    connection.close()
    return os.fdopen(descriptor, encoding="utf-8", errors="replace")


def _run_as_main(
    module: str,
    arguments: list[str],
    environment: Mapping[str, str],
    cwd: str,
    stdout: Connection,
    stderr: Connection,
) -> None:
    """In the fork: become `python -m module *arguments` with the caller's environment and pipes."""
    os.dup2(stdout.fileno(), 1)
    os.dup2(stderr.fileno(), 2)
    stdout.close()
    stderr.close()
    os.environ.clear()
    os.environ.update(environment)
    os.chdir(cwd)
    # As Python sets them up for pipes: stdout block-buffered, stderr line-buffered.
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", line_buffering=True)
    sys.argv = [module, *arguments]
    # Run afresh as __main__, as `python -m` would, though the server may have imported it.
    spec = importlib.util.find_spec(module)
    sys.modules.pop(f"{module}.__main__" if spec is not None and spec.submodule_search_locations else module, None)
    runpy.run_module(module, run_name="__main__", alter_sys=True)
