"""A console script's or a snippet's run in this process, as a process would have it: its argv, standard
streams (not terminals) and environment its own for the call, an uncaught exception printed as Python
prints it. Starting a Python process costs 0.3 s of CPU, most of it imports; the tests of what only a
process shows (a terminal, the installed entry point, the environment it starts with) still start one."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import traceback
import unittest.mock
from collections.abc import Callable, Iterator

# The client's loggers: its console script adds a handler on the stream it was given.
CLIENT_LOGGER = "zenlayer_vm_client"


@contextlib.contextmanager
def as_a_process_would(argv: list[str], stdin: str, env: dict[str, str]) -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """sys.argv, the standard streams (not terminals) and os.environ as given, the client's loggers as they
    were; all put back afterwards."""
    logger = logging.getLogger(CLIENT_LOGGER)
    handlers, level = list(logger.handlers), logger.level
    saved_argv, saved_environ = sys.argv, dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    os.environ.clear()
    os.environ.update(env)
    sys.argv = argv
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            unittest.mock.patch("sys.stdin", io.StringIO(stdin)),
        ):
            yield out, err
    finally:
        sys.argv = saved_argv
        os.environ.clear()
        os.environ.update(saved_environ)
        logger.handlers[:] = handlers
        logger.setLevel(level)


def exit_code(main: Callable[[], None]) -> int:
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
