"""Wiring of the contract suite: the target (the mock as a real process by default, or live), the
schema with the suite's configuration, reports, and the error-code coverage table."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sys
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TextIO

import attrs
import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.deserialization import deserialize_yaml

from contract_tests import (
    checks,  # registers the suite's checks and hooks
    disposable,
    end_of_session,
    live_guard,
    loopback,
    progress,
)
from contract_tests import run as run_state
from contract_tests.findings import NOT_API, Finding, summary_lines, write_json
from contract_tests.gateway import Gateway
from contract_tests.interrupt import Interrupt, exit_code
from contract_tests.mock_pool import MockPool
from contract_tests.preflight import TIMEOUT_SECONDS as PREFLIGHT_SECONDS
from contract_tests.preflight import PreflightFailed, preflight
from contract_tests.scrub import Scrubber
from contract_tests.shards import Shard, assign, coverage_path, heaviest_first, tally_path, write_coverage
from contract_tests.target import MOCK_TRANSITION_REQUESTS, Target, TargetError, target_from_env
from contract_tests.workers import Controller, is_worker, send_to_controller, worker_seed
from zenlayer_spec import SPEC_PATH, load_spec
from zenlayer_spec.document import parsed_copy

ROOT = Path(__file__).resolve().parent.parent
# Live: the pause between two polls of the lifecycle check (the spec's waiter's delay by default).
POLL_VARIABLE = "ZENLAYER_CONTRACT_POLL_SECONDS"
FINDINGS = pytest.StashKey[list[Finding]]()
SEED = pytest.StashKey[int]()
OBSERVED = pytest.StashKey[run_state.Observations]()
RAN = pytest.StashKey[bool]()  # this process talked to the target
SHARD = pytest.StashKey[Shard | None]()
CONTROLLER = pytest.StashKey[Controller]()
TARGET = pytest.StashKey[Target]()
INTERRUPT = pytest.StashKey[Interrupt]()
SCRUB = pytest.StashKey[Scrubber]()
DISPOSABLES = pytest.StashKey["disposable.Disposables"]()
MOCKS = pytest.StashKey[MockPool]()
NO_PROXY_BEFORE = pytest.StashKey[dict[str, str | None]]()  # put back at the end


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(end_of_session, "zenlayer-contract-end-of-session")
    config.stash[NO_PROXY_BEFORE] = loopback.add_to_no_proxy()
    config.stash[FINDINGS] = []
    config.stash[MOCKS] = MockPool()
    config.stash[OBSERVED] = run_state.Observations()
    config.stash[RAN] = False
    config.stash[SEED] = _seed(config)
    config.stash[SCRUB] = Scrubber()
    raw = config.getoption("--contract-shard")
    try:
        config.stash[SHARD] = Shard.parse(raw) if raw else None
    except ValueError as error:
        raise pytest.UsageError(str(error)) from error
    if config.pluginmanager.hasplugin("xdist") and not is_worker(config):
        controller = Controller(config.stash[SEED], config.stash[OBSERVED], config.stash[FINDINGS])
        config.stash[CONTROLLER] = controller
        config.pluginmanager.register(controller, "zenlayer-contract-controller")


def _seed(config: pytest.Config) -> int:
    """The run's one seed: the controller's on a pytest-xdist worker, else --contract-seed, else
    ZENLAYER_CONTRACT_SEED, else a fresh one (printed at the end, to replay the run)."""
    seed = worker_seed(config)
    if seed is None:
        seed = config.getoption("--contract-seed")
    if seed is None:
        seed = int(os.environ.get("ZENLAYER_CONTRACT_SEED", "0")) or random.randrange(1, 2**32)
    return int(seed)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "stateful_run" in metafunc.fixturenames:
        runs = metafunc.config.getoption("--contract-stateful-runs")
        metafunc.parametrize("stateful_run", range(runs), ids=[f"run{index + 1}" for index in range(runs)])


def _failures(error: BaseException) -> list[BaseException]:
    """The single failures inside `error` (Schemathesis and Hypothesis group them)."""
    if isinstance(error, BaseExceptionGroup):
        return [inner for group in error.exceptions for inner in _failures(group)]
    return [error]


def _findings(test: str, error: BaseException) -> list[Finding]:
    found = []
    for failure in _failures(error):
        title = getattr(failure, "title", None) or type(failure).__name__
        message = getattr(failure, "message", None) or str(failure)
        operation = getattr(failure, "operation", None)
        finding = checks.CLASSIFIER.classify(test=test, operation=operation, check=str(title), message=str(message))
        found.append((getattr(failure, "case_id", None), finding))
    # An answer that did not come from the API also breaks the checks of what an answer looks like (its
    # status, content type, body). Schemathesis reports each kind of failure once, from whichever case
    # showed it first, so they are matched by case or, failing that, by operation.
    not_api = [(case, finding.operation) for case, finding in found if finding.group == NOT_API]
    cases = {case for case, _ in not_api if case is not None}
    operations = {operation for _, operation in not_api}
    return [
        attrs.evolve(finding, group=NOT_API)
        if finding.group != NOT_API
        and (case in cases or (finding.operation in operations and finding.check in ANSWER_SHAPE_CHECKS))
        else finding
        for case, finding in found
    ]


# Schemathesis's failures about the shape of an answer, which a page from a CDN breaks as a consequence.
ANSWER_SHAPE_CHECKS = frozenset(
    {"Undocumented Content-Type", "Undocumented status code", "Response violates schema", "JSON deserialization error"}
)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Sort each failure by the provenance of the rule it broke: console, JUnit properties, JSON."""
    scrub = item.config.stash[SCRUB]
    interrupt = item.config.stash.get(INTERRUPT, None)
    interrupted = interrupt is not None and interrupt.signum is not None
    failed = call.when == "call" and call.excinfo is not None and not call.excinfo.errisinstance(pytest.skip.Exception)
    if failed and not interrupted and call.excinfo is not None:
        found = _findings(item.nodeid, call.excinfo.value)
        findings = [attrs.evolve(finding, message=scrub(finding.message)) for finding in found]
        item.config.stash[FINDINGS].extend(findings)
        for finding in findings:
            item.user_properties.append(("provenance", finding.group))
            item.user_properties.append(("rule", finding.rule or "-"))
            item.user_properties.append(("spec_location", finding.location or "-"))
    report = yield
    if interrupted and report.failed:  # what the interrupt cut short is not judged
        assert interrupt is not None
        report.outcome = "skipped"
        report.longrepr = _interrupted_skip(item, interrupt.name)
        return report
    # No usable secret in what the terminal and JUnit show: the failure's text (Schemathesis's reproduce
    # lines included, whose request it signs anew) and the captured output.
    if report.longrepr is not None and not report.skipped:
        report.longrepr = scrub(str(report.longrepr))
    report.sections = [(title, scrub(content)) for title, content in report.sections]
    return report


def _interrupted_skip(item: pytest.Item, name: str) -> tuple[str, int, str]:
    """A skip's report (pytest wants a tuple): the test the interrupt cut short."""
    return (str(item.path), item.location[1] or 0, f"Skipped: interrupted by {name}")


@pytest.hookimpl(trylast=True)
def pytest_exception_interact(node: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport) -> None:
    """Schemathesis rewrites a failure's text here, after the report was made (its reproduce lines, whose
    request it signs anew): scrubbed again, last, before the terminal shows it."""
    interrupt = node.config.stash.get(INTERRUPT, None)
    if report.skipped and interrupt is not None and interrupt.signum is not None:
        report.longrepr = _interrupted_skip(node, interrupt.name)  # Schemathesis wrote its failure text over it
    elif report.failed and report.longrepr is not None:
        report.longrepr = node.config.stash[SCRUB](str(report.longrepr))


def _at_least_one(text: str) -> int:
    """A count that must be 1 or more: 0 or less would skip a phase and still pass the run."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not 1 or more")
    return value


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contract")
    group.addoption("--contract-seed", type=int, default=None, help="seed of the generated cases (printed on each run)")
    group.addoption(
        "--contract-max-examples", type=_at_least_one, default=None, help="cases per operation and phase (1 or more)"
    )
    group.addoption("--contract-thorough", action="store_true", help="many more cases (10x the configured count)")
    group.addoption(
        "--require-code-coverage",
        action="store_true",
        help="fail the run if a code the spec declares was never observed (for full runs against the mock)",
    )
    group.addoption(
        "--contract-stateful-runs",
        type=_at_least_one,
        default=1,
        help="run the stateful phase this many times, 1 or more (its determinism against a service is tested so)",
    )
    group.addoption(
        "--contract-reports", type=Path, default=ROOT / "reports" / "contract", help="where the cassette goes"
    )
    group.addoption(
        "--plan", action="store_true", help="live: print what the run would send (operations, ids, budget) and stop"
    )
    group.addoption(
        "--contract-shard",
        default=os.environ.get("ZENLAYER_CONTRACT_SHARD"),
        help="run shard i of n (i/n): a deterministic share of the tests for a CI matrix (nox -s contract-merge)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    order = {nodeid: index for index, nodeid in enumerate(heaviest_first([item.nodeid for item in items]))}
    items.sort(key=lambda item: order[item.nodeid])
    shard = config.stash[SHARD]
    if shard is None:
        return
    assigned = assign([item.nodeid for item in items], shard.count)
    kept = [item for item in items if assigned[item.nodeid] == shard.index]
    deselected = [item for item in items if assigned[item.nodeid] != shard.index]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    items[:] = kept


def pytest_sessionstart(session: pytest.Session) -> None:
    """The target, once per process, before any test: a live run prints its plan first (and only the plan
    with --plan), and refuses to start, sending nothing, when the guard is in doubt (exit 2). Then it
    starts the gateway every request of the run leaves through, and checks the endpoint through it."""
    config = session.config
    shard = config.stash[SHARD]
    try:
        target = target_from_env(
            shard=(shard.index, shard.count) if shard else None, reports=config.getoption("--contract-reports")
        )
    except TargetError as error:
        pytest.exit(f"contract suite: {error}", returncode=2)
    config.stash[TARGET] = target
    if target.plan is None or target.gateway is None or is_worker(config):
        if config.getoption("--plan"):
            pytest.exit("contract suite: --plan is for live runs (ZENLAYER_CONTRACT_TARGET=live)", returncode=2)
        return
    if config.getoption("numprocesses", None):
        pytest.exit(
            "contract suite: a live run uses one process, so that one budget, one rate limit and one tally hold "
            "for all of it (the rate limit, not the cores, bounds its speed): drop -n, or shard it across CI jobs "
            "with --contract-shard i/n (each shard gets its share of the budget)",
            returncode=2,
        )
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    for line in [*target.plan.lines(), *(target.create.lines() if target.create is not None else [])]:
        if reporter is not None:
            reporter.write_line(line)
    if config.getoption("--plan"):
        pytest.exit("the plan only (--plan): nothing was sent", returncode=0)
    gateway = target.gateway.start()
    config.stash[SCRUB] = Scrubber(gateway.secrets())
    # Live progress goes straight to the terminal, past pytest's capture (which hid it but with -s).
    terminal = _terminal()
    config.add_cleanup(terminal.close)
    interrupt = Interrupt(
        on_first=lambda name: _interrupted(session, name),
        on_overdue=lambda name: _overdue(config, terminal, name),
    )
    interrupt.install()
    config.stash[INTERRUPT] = interrupt
    try:
        seconds = float(os.environ.get("ZENLAYER_CONTRACT_PREFLIGHT_SECONDS", PREFLIGHT_SECONDS))
        answered = preflight(load_spec(), gateway.base_url, target.auth, timeout=seconds, host=gateway.host)
    except PreflightFailed as failure:
        pytest.exit(str(failure), returncode=2)
    if reporter is not None:
        reporter.write_line(answered)
    if target.create is not None:
        _make_disposables(config, target, gateway, lambda line: _write_line(terminal, line))
    progress.start(lambda line: _write_line(terminal, line), target.plan.rate_limit)


def _make_disposables(config: pytest.Config, target: Target, gateway: Gateway, say: Callable[[str], None]) -> None:
    """Price, then make the run's own instances and allow-list them (contract_tests.disposable); a refusal
    or a failure ends the run before any test, releasing whatever was made."""
    assert target.create is not None
    try:
        life = disposable.lifecycle(run_state.SPEC)
    except disposable.DisposableError as error:
        pytest.exit(f"contract suite: {error}", returncode=2)
    poll = os.environ.get(POLL_VARIABLE)
    ledger = disposable.Ledger(
        config.getoption("--contract-reports").parent / "live" / disposable.LEDGER_NAME,
        target.create.run,
        f"{disposable.NAME_PREFIX}{target.create.run}-",
    )
    owned = disposable.Disposables(
        gateway, target.create, ledger, life, float(poll) if poll else life.running.delay_seconds, say
    )
    config.stash[DISPOSABLES] = owned
    try:
        owned.price()
        gateway.allow(life.kind, owned.create())
    except disposable.DisposableError as error:
        for line in owned.release_all():
            say(line)
        pytest.exit(f"contract suite: {error}", returncode=2)


def _release_disposables(config: pytest.Config, say: Callable[[str], None]) -> None:
    """Every way out of a run that made instances: terminate and release them, and say so (once)."""
    owned = config.stash.get(DISPOSABLES, None)
    if owned is None:
        return
    lines = owned.release_all()
    if lines:
        say(f"the run's own instances (ledger {owned.ledger.path}):")
        for line in lines:
            say(line)


def _overdue(config: pytest.Config, terminal: TextIO | _Unclosed, name: str) -> None:
    """A stop that did not end in time: release what the run made, then write what can be written."""
    _release_disposables(config, lambda line: _write_line(terminal, line))
    _write_live_reports(config, terminal.write, name)


def _terminal() -> TextIO | _Unclosed:
    """The terminal as it is now, before pytest captures a test's output (a copy of its descriptor); where
    standard output is no file (the suite run in another program's process), standard output itself."""
    try:
        descriptor = os.dup(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        return _Unclosed(sys.stdout)
    return os.fdopen(descriptor, "w", buffering=1, encoding="utf-8", errors="replace")


@attrs.define
class _Unclosed:
    """Standard output, which the run must not close."""

    stream: TextIO

    def write(self, text: str) -> int:
        return self.stream.write(text)

    def close(self) -> None:
        self.stream.flush()


def _write_line(terminal: TextIO | _Unclosed, line: str) -> None:
    terminal.write(f"{line}\n")


def _interrupted(session: pytest.Session, name: str) -> None:
    """The first SIGINT or SIGTERM of a live run: nothing more is sent, and pytest stops after this test."""
    target = session.config.stash[TARGET]
    if target.gateway is not None:
        target.gateway.stop(name)
    session.shouldstop = f"interrupted by {name}"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item) -> None:
    """A test that swallowed the interrupt still ends the run (pytest checks shouldstop after each test)."""
    interrupt = item.config.stash.get(INTERRUPT, None)
    if interrupt is not None and interrupt.signum is not None:
        item.session.shouldstop = f"interrupted by {interrupt.name}"


def pytest_collection_finish(session: pytest.Session) -> None:
    progress.planned(len(session.items))


def pytest_runtest_logstart(nodeid: str, location: tuple[str, int | None, str]) -> None:
    progress.test_started(nodeid)


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Target:
    return pytestconfig.stash[TARGET]


@contextlib.contextmanager
def _new_run(target: Target, pytestconfig: pytest.Config) -> Iterator[run_state.Run]:
    """A run with a service state of its own: on the mock, a mock process as it started (a new one, or
    one an earlier test used, reset: contract_tests/mock_pool.py), so that what a phase sees never
    depends on which tests ran before it in the same process (pytest-xdist places tests on workers as
    they come free); all runs add to the process's one record of what was observed."""
    pytestconfig.stash[RAN] = True
    observations = pytestconfig.stash[OBSERVED]
    if not target.is_mock:
        poll = os.environ.get(POLL_VARIABLE)
        try:
            seconds = float(poll) if poll else None
        except ValueError:
            pytest.exit(f"contract suite: {POLL_VARIABLE} must be a number of seconds, not {poll!r}", returncode=2)
        run = run_state.Run(
            target=target, base_url=target.base_url, observations=observations, lifecycle_poll_seconds=seconds
        )
        with contextlib.closing(run.session):
            yield run
        return
    options = ("--transition-requests", str(MOCK_TRANSITION_REQUESTS), *target.mock_options)
    with pytestconfig.stash[MOCKS].lease(target.mock_module, options) as mock:
        # The lifecycle moves with requests, not seconds: polls need no pause between them.
        run = run_state.Run(
            target=target,
            base_url=mock.base_url,
            observations=observations,
            lifecycle_cap_seconds=10.0,
            lifecycle_poll_seconds=0.001,
            reset=mock.reset_world,
            mock_log=mock.settled_log,
        )
        with contextlib.closing(run.session):
            yield run


@pytest.fixture(scope="session")
def observed(pytestconfig: pytest.Config) -> run_state.Observations:
    """What this process observed (for the coverage table and the cassette). A test that asks for it
    talks to the target: the run then reports (a run of the targeted cases alone included)."""
    pytestconfig.stash[RAN] = True
    return pytestconfig.stash[OBSERVED]


PHASES = ("examples", "coverage", "fuzzing")


def _load_schema(
    run: run_state.Run, pytestconfig: pytest.Config, phase: str | None = None
) -> schemathesis.schemas.BaseSchema:
    """The spec as Schemathesis sees it, configured for this run; with `phase`, that phase alone, so
    that a failure in one phase never stops the exploration of another (each reports on its own)."""
    config = SchemathesisConfig.from_path(str(run_state.SCHEMATHESIS_CONFIG))
    config.update(seed=pytestconfig.stash[SEED], max_failures=None)
    # Parsed as Schemathesis parses it, once per process (every phase and operation loads a schema).
    schema = schemathesis.openapi.from_dict(parsed_copy(SPEC_PATH, deserialize_yaml), config=config)
    schema.location = SPEC_PATH.absolute().as_uri()  # as from_path says where it was read
    schema.config.update(base_url=run.base_url)
    project = schema.config
    examples = pytestconfig.getoption("--contract-max-examples")
    if examples is None and pytestconfig.getoption("--contract-thorough"):
        examples = (project.generation.max_examples or 100) * 10
    if examples is not None:
        project.generation.max_examples = examples
    if phase is not None:
        for name in PHASES:
            project.phases.get_by_name(name=name).enabled = name == phase
    run_state.sanitize_secrets(project)
    if not run.target.is_mock:
        # Live: positive cases only; the gateway holds the rate limit for the whole run and guards
        # every request (contract_tests/gateway.py).
        project.generation.modes = [schemathesis.GenerationMode.POSITIVE]
        # Operations a live run never sends (they make, delete or bin resources: live_guard.withheld) are
        # not generated at all; the gateway would refuse them anyway.
        spec = run_state.SPEC
        kept_out = [op_id for op_id in spec.operations if live_guard.withheld(spec, op_id)]
        if kept_out:
            filtered: schemathesis.schemas.BaseSchema = schema.exclude(operation_id=kept_out)
            filtered.auth.set_from_requests(run.target.auth)
            run_state.attach(filtered, run)
            return filtered
    schema.auth.set_from_requests(run.target.auth)  # this schema's own auth, not a global one
    run_state.attach(schema, run)
    return schema


@pytest.fixture
def stateful_schema(
    target: Target, pytestconfig: pytest.Config, stateful_run: int
) -> Iterator[schemathesis.schemas.BaseSchema]:
    """Every phase, for the stateful test (each of its runs on a fresh mock)."""
    with _new_run(target, pytestconfig) as run:
        yield _load_schema(run, pytestconfig)


@pytest.fixture(scope="session")
def examples_schema(target: Target, pytestconfig: pytest.Config) -> Iterator[schemathesis.schemas.BaseSchema]:
    with _new_run(target, pytestconfig) as run:
        yield _load_schema(run, pytestconfig, "examples")


@pytest.fixture
def coverage_schema(target: Target, pytestconfig: pytest.Config) -> Iterator[schemathesis.schemas.BaseSchema]:
    """The coverage phase, a fresh mock for each operation's test."""
    with _new_run(target, pytestconfig) as run:
        yield _load_schema(run, pytestconfig, "coverage")


@pytest.fixture
def fuzzing_schema(target: Target, pytestconfig: pytest.Config) -> Iterator[schemathesis.schemas.BaseSchema]:
    """The fuzzing phase, a fresh mock for each operation's test."""
    with _new_run(target, pytestconfig) as run:
        yield _load_schema(run, pytestconfig, "fuzzing")


def _ran(config: pytest.Config) -> bool:
    """Whether any part of the run talked to the target (here or, for a controller, on a worker)."""
    controller = config.stash.get(CONTROLLER, None)
    return config.stash.get(RAN, False) or (controller is not None and controller.ran)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    if is_worker(config):  # the controller writes the reports of the whole run
        return
    if config.option.collectonly:  # nothing ran: no report (an empty shard's files misled a later merge)
        return
    reports = config.getoption("--contract-reports")
    findings = config.stash[FINDINGS]
    seed = config.stash[SEED]
    shard = config.stash[SHARD]
    # A shard's own file, so that the shards' reports gathered in one folder do not overwrite each other.
    findings_file = reports / (f"findings-{shard.name}.json" if shard else "findings.json")
    write_json(findings_file, findings, seed)
    if findings:
        terminalreporter.section("findings by the provenance of the rule broken")
        for line in summary_lines(findings):
            terminalreporter.write_line(line)
        terminalreporter.write_line(f"as JSON: {findings_file}")
    observations = config.stash[OBSERVED]
    cassette = reports / (f"cassette-{shard.name}.har" if shard else "cassette.har")
    if shard is not None:  # even a shard that ran nothing (a -k left it empty): the merge needs every shard
        observations.write_har(cassette)
        write_coverage(coverage_path(reports, shard), observations)
        terminalreporter.write_line(
            f"shard {shard.index} of {shard.count}: coverage in {coverage_path(reports, shard)}"
        )
    if not _ran(config):
        terminalreporter.section("contract run")
        _verdict(terminalreporter, exitstatus, 0)
        return
    if shard is None:
        observations.write_har(cassette)
    terminalreporter.section("error-code coverage (operation, HTTP status, code)")
    terminalreporter.write_line(observations.table())
    terminalreporter.write_line(f"cassette (secrets redacted): {cassette}")
    target = config.stash.get(TARGET, None)
    if target is not None and target.is_mock:  # only the mock says which rule decided an answer
        terminalreporter.section("rules exercised against the mock (operation, business check or guard)")
        terminalreporter.write_line(observations.rules_table())
    missing = observations.missing_codes()
    unexercised = _unexercised(config)
    if (missing or unexercised) and config.getoption("--require-code-coverage") and shard is None:
        terminalreporter.write_line("declared but never observed:", red=True)
        for operation_id, status, code in missing:
            terminalreporter.write_line(f"  {operation_id} {status} {code}", red=True)
        for operation_id, rule in unexercised:
            terminalreporter.write_line(f"  {operation_id} {rule}: no answer was decided by this rule", red=True)
    # Printed here, not in a fixture (pytest captures those): the closing block of every run.
    terminalreporter.section("contract run")
    if target is not None and target.plan is not None and target.gateway is not None:
        terminalreporter.write_line("live coverage is not judged (a live account cannot be put in every state)")
        _write_live_reports(config, lambda line: terminalreporter.write_line(line.rstrip("\n")), "")
        terminalreporter.write_line(
            f"seed {seed}; replay with: ZENLAYER_CONTRACT_TARGET=live ZENLAYER_CONTRACT_BASE_URL={target.plan.base_url}"
            f" python3 -m nox -s contract-live -- --contract-seed {seed}{_sharded(shard)}"
        )
        _verdict(terminalreporter, exitstatus, 0, target.gateway.tally.interrupted)
        return
    terminalreporter.write_line(
        f"seed {seed}; replay with: python3 -m nox -s contract -- --contract-seed {seed}{_sharded(shard)}"
    )
    unseen = len(missing) + len(unexercised) if config.getoption("--require-code-coverage") and shard is None else 0
    _verdict(terminalreporter, exitstatus, unseen)


def _unexercised(config: pytest.Config) -> list[tuple[str, str]]:
    """Against the mock, the declared rules no answer was decided by (the mock says which rule decided)."""
    target = config.stash.get(TARGET, None)
    return config.stash[OBSERVED].missing_rules() if target is not None and target.is_mock else []


def _sharded(shard: Shard | None) -> str:
    return f" --contract-shard {shard.index}/{shard.count}" if shard else ""


def _write_live_reports(config: pytest.Config, write: Callable[[str], object], interrupted: str) -> None:
    """The gateway's tally, to the terminal (`write`) and beside the reports (live-tally*.json, which the
    shards' merge adds up). Also the last thing an interrupted run that cannot end in time does."""
    target = config.stash[TARGET]
    assert target.gateway is not None
    assert target.plan is not None
    tally = target.gateway.tally
    if interrupted:
        tally.interrupted = tally.interrupted or interrupted
        write(f"contract run interrupted by {interrupted}: it did not end within the grace period; stopping now\n")
    path = tally_path(config.getoption("--contract-reports"), config.stash[SHARD])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"budget": target.plan.budget, "tally": tally.to_json()}, indent=1), encoding="utf-8")
    for line in tally.lines(target.plan.budget):
        write(f"{line}\n")
    write(f"tally: {path}; what reached the endpoint (secrets redacted): {target.gateway.wire_log}\n")


def _verdict(terminalreporter: pytest.TerminalReporter, exitstatus: int, unseen: int, interrupted: str = "") -> None:
    """The run's last line: whether the target keeps the contract, and if not, in a few words why."""
    failed = len(terminalreporter.stats.get("failed", []))
    if interrupted:
        terminalreporter.write_line(
            f"verdict: INTERRUPTED by {interrupted} (nothing was sent after it; {failed} tests failed before)", red=True
        )
        return
    if exitstatus == 0 and not unseen:
        terminalreporter.write_line("verdict: the target keeps the contract", green=True)
        return
    why = [f"{failed} tests failed" if failed else "", f"{unseen} declared codes or rules never seen" if unseen else ""]
    terminalreporter.write_line(f"verdict: FAILED ({', '.join(part for part in why if part) or 'see above'})", red=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    interrupt = config.stash.get(INTERRUPT, None)
    if interrupt is not None:
        interrupt.disarm()  # the tests have ended: the release below waits on its own deadlines
    if not is_worker(config) and config.stash.get(DISPOSABLES, None) is not None:
        terminal = _terminal()
        try:
            _release_disposables(config, lambda line: _write_line(terminal, line))
        finally:
            terminal.close()
    if interrupt is not None and interrupt.signum is not None:
        session.exitstatus = exit_code(interrupt.signum)  # 130 for Ctrl-C, 143 for SIGTERM
    if is_worker(config):
        order = [item.nodeid for item in session.items]
        send_to_controller(config, config.stash[OBSERVED], config.stash[FINDINGS], order, config.stash[RAN])
        return
    sharded = config.stash[SHARD] is not None  # a shard sees part of the codes: the merge judges
    if (
        _ran(config)
        and not sharded
        and config.getoption("--require-code-coverage")
        and (config.stash[OBSERVED].missing_codes() or _unexercised(config))
    ):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    """The gateway closes with the run (the report is written by then), and so do the run's mocks; the
    signals are pytest's again."""
    mocks = config.stash.get(MOCKS, None)
    if mocks is not None:
        mocks.close()
    interrupt = config.stash.get(INTERRUPT, None)
    if interrupt is not None:
        interrupt.uninstall()
    target = config.stash.get(TARGET, None)
    if target is not None and target.gateway is not None:
        target.gateway.close()
    if NO_PROXY_BEFORE in config.stash:
        loopback.restore_no_proxy(config.stash[NO_PROXY_BEFORE])
