"""A console script's or a snippet's run in this process, as a process would have it: its argv, standard
streams (not terminals) and environment its own for the call, an uncaught exception printed as Python
prints it. Starting a Python process costs 0.3 s of CPU, most of it imports; the tests of what only a
process shows (a terminal, the installed entry point, the environment it starts with) still start one."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
import traceback
import unittest.mock
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

# The client's loggers: its console script adds a handler on the stream it was given.
CLIENT_LOGGER = "zenlayer_vm_client"


def run_in_process(
    argv: list[str],
    main: Callable[[], object],
    *,
    stdin: str = "",
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """What `subprocess.run(argv, input=stdin, env=env, cwd=cwd, capture_output=True, text=True)` would
    give, `main` being what the process would run (its return value is ignored: it exits as it would)."""
    with (
        contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext(),
        _as_a_process_would(argv, stdin, dict(os.environ) if env is None else dict(env)) as (out, err),
    ):
        code = _exit_code(main)
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _as_a_process_would(argv: list[str], stdin: str, env: dict[str, str]) -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """sys.argv, the standard streams (not terminals) and os.environ as given, the client's loggers as they
    were; all put back afterwards."""
    logger = logging.getLogger(CLIENT_LOGGER)
    handlers, level = list(logger.handlers), logger.level
    out, err = io.StringIO(), io.StringIO()
    try:
        with (
            unittest.mock.patch.dict(os.environ, env, clear=True),
            unittest.mock.patch.object(sys, "argv", argv),
            unittest.mock.patch.object(sys, "stdin", io.StringIO(stdin)),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            yield out, err
    finally:
        logger.handlers[:] = handlers
        logger.setLevel(level)


def _exit_code(main: Callable[[], object]) -> int:
    """The exit status `main` would end a process with; an uncaught exception printed as Python would."""
    try:
        main()
    except SystemExit as leaving:
        if leaving.code is None or isinstance(leaving.code, int):
            return int(leaving.code or 0)
        print(leaving.code, file=sys.stderr)
        return 1
    except BaseException:
        traceback.print_exc()
        return 1
    return 0
