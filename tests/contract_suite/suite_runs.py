"""Runs of the contract suite for its self-tests: in this process (pytest.main, the fast path: no
interpreter to start, Schemathesis and the spec already imported), or as a real process
(`python -m pytest contract_tests`), which the tests keep for one run of each kind of target.

Either way the suite starts its mocks as real processes, and the variant a test asks for reaches them
through the environment (`ZENLAYER_CONTRACT_MOCK_MODULE`, `ZENLAYER_MUTANT`), set for the run only.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import unittest.mock
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs
import pytest

from mock_server.process import ROOT

# What every self-test run shares: few cases per phase and a fixed seed, so that a run takes seconds.
# pytest's unraisable-exception plugin collects garbage five times as each session ends (0.5-0.7 s of CPU
# per run, in process or not) to report, as warnings no self-test reads, what a run left unraisable; in
# process the outer run's plugin still reports it.
COMMON = (
    "-p",
    "no:cacheprovider",
    "-p",
    "no:unraisableexception",
    "-q",
    "--contract-max-examples",
    "5",
    "--contract-seed",
    "1",
)
# In process, the outer run's per-test timeout (pytest-timeout's alarm) must stay the only one: with
# `--timeout=0` the inner run never arms nor cancels it. The inner tests' output is captured at the sys
# level, not by file descriptor, which the outer run captures.
IN_PROCESS = ("--timeout=0", "--capture=sys")
# These change what the suite's modules read when imported (the spec itself): a fresh process only.
PROCESS_ONLY_VARIABLES = frozenset({"ZENLAYER_SPEC"})


@attrs.frozen
class SuiteRun:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_suite(*arguments: str, env: Mapping[str, str], reports: Path, process: bool = False) -> SuiteRun:
    """The suite (`pytest contract_tests`) with `arguments`, its reports in `reports`; in this process
    unless `process` is set or `env` changes what its modules read at import."""
    options = [*COMMON, "--contract-reports", str(reports), *arguments]
    if process or PROCESS_ONLY_VARIABLES & set(env):
        return _in_a_process(options, env)
    with _environment(env), _working_directory(ROOT), _captured() as (out, err):
        code = pytest.main(["contract_tests", *IN_PROCESS, *options])
    return SuiteRun(int(code), out.getvalue(), err.getvalue())


def _in_a_process(options: list[str], env: Mapping[str, str]) -> SuiteRun:
    command = [sys.executable, "-m", "pytest", "contract_tests", *options]
    done = subprocess.run(
        command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=600, check=False
    )
    return SuiteRun(done.returncode, done.stdout, done.stderr)


def _environment(env: Mapping[str, str]) -> contextlib.AbstractContextManager[object]:
    """`env` set for the run; the whole environment as it was afterwards (whatever the run changed)."""
    return unittest.mock.patch.dict(os.environ, env)


@contextlib.contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


@contextlib.contextmanager
def _captured() -> Iterator[tuple[io.StringIO, io.StringIO]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err
