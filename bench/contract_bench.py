"""Contract suite speed: generated cases per second, in process (the mock as an ASGI app) and over
loopback (the mock as a process) on one core and on every core, with the same harness."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import sys
import time
from typing import Any

import hypothesis
import schemathesis
from schemathesis.config import SchemathesisConfig

from contract_tests.run import SCHEMATHESIS_CONFIG
from contract_tests.signing import ZcSigner
from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD, MockApp
from mock_server.process import MockProcess
from zenlayer_spec import SPEC_PATH

JSONish = Any  # Schemathesis schema and case objects: untyped at this level


def _schema(base_url: str, app: object = None) -> JSONish:
    config = SchemathesisConfig.from_path(str(SCHEMATHESIS_CONFIG))
    schema = schemathesis.openapi.from_path(str(SPEC_PATH), config=config)
    schema.config.update(base_url=base_url)
    if app is not None:
        schema.app = app
    schemathesis.auth.set_from_requests(ZcSigner(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD))  # type: ignore[attr-defined]
    return schema


def cases_per_second(schema: JSONish, examples: int) -> float:
    """Fuzzing-phase cases per second over all four operations: generate, call, validate."""
    count = 0
    started = time.perf_counter()
    for result in schema.get_all_operations():
        operation = result.ok()

        @hypothesis.given(operation.as_strategy())
        @hypothesis.settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=[hypothesis.Phase.generate],
            suppress_health_check=list(hypothesis.HealthCheck),
        )
        def run(case: JSONish) -> None:
            nonlocal count
            response = case.call()
            case.validate_response(response)  # failures are the suite's business; here only speed counts
            count += 1

        # A check failure stops that operation early; the cases before it were still measured. (Hypothesis
        # may wrap one in a group: anything but an interrupt counts as such a stop.) Said on stderr: such a
        # stop is a disagreement of the mock with the spec (one hid behind Hypothesis's bare "@seed" line).
        try:
            run()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:
            lines = (line.strip() for line in str(error).splitlines())
            first = next((line.removeprefix("- ") for line in lines if line.startswith("- ")), "")
            print(f"bench: {operation.label} stopped early by a check failure: {first or type(error).__name__}",
                  file=sys.stderr)  # fmt: skip
    return count / (time.perf_counter() - started)


def loopback(examples: int) -> float:
    try:
        with MockProcess("--quiet", "--transition-seconds", "0") as mock:
            return cases_per_second(_schema(mock.base_url), examples)
    except Exception as error:
        # Across the process pool, in words: Schemathesis's failures cannot be pickled back.
        raise RuntimeError(f"the loopback bench failed: {type(error).__name__}: {error}") from None


def loopback_on_cores(examples: int, cores: int) -> float:
    """Cases per second on `cores` processes at once, each with a mock of its own (as `nox -s contract`
    runs its workers): the sum of their rates over the same wall time."""
    with concurrent.futures.ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context("spawn")) as pool:
        return sum(pool.map(loopback, [examples] * cores))


def in_process(examples: int) -> float:
    return cases_per_second(_schema("http://mock.local/api/v2", app=MockApp(transition_seconds=0)), examples)
