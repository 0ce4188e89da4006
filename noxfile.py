"""The one entry point for every task of the project: `nox -l` lists them, `nox` runs what CI runs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
SPEC = "spec/zenlayer-vm.openapi.yaml"
REDOCLY_CONFIG = "spec/redocly.yaml"
DOCS_BUILD = ROOT / "build" / "docs"
CHROMIUM = "chromium"

nox.options.default_venv_backend = "uv|virtualenv"
# Where Python may not cache bytecode at import (PYTHONDONTWRITEBYTECODE, as on our CI machines), every
# process recompiled each module it imported: about 0.5 s per tool start, hundreds of starts per run
# (a mock per test, the generator, pytest workers). uv compiles the environments once at install instead,
# and the sessions' processes may cache the rest: our own modules (an editable install is not compiled)
# and pytest's assertion-rewritten copies of its plugins (Schemathesis, Hypothesis: 2 s per pytest start).
if os.environ.get("PYTHONDONTWRITEBYTECODE"):
    os.environ.setdefault("UV_COMPILE_BYTECODE", "1")
    del os.environ["PYTHONDONTWRITEBYTECODE"]
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["lint", "typecheck", "spec", "drift", "spec-diff", "docs", "tests", "contract", "bench-quick"]
CONTRACT_REPORTS = ROOT / "reports" / "contract"
GENERATED = ROOT / "generated_client"


# The project's extras (pyproject's optional-dependencies): what `pip install .[mock]` or
# `.[generator]` adds for users; dependency groups are for our own tasks.
EXTRAS = frozenset(PYPROJECT["project"]["optional-dependencies"])


def _install(session: nox.Session, *names: str, project: bool = True) -> None:
    """Install dependency groups and the project (editable) with the extras among `names`."""
    requirements: list[str] = []
    extras = [name for name in names if name in EXTRAS]
    for group in (name for name in names if name not in EXTRAS):
        requirements += nox.project.dependency_groups(PYPROJECT, group)
    if project:
        requirements += ["-e", f".[{','.join(extras)}]" if extras else "."]
    session.install(*requirements)


def _install_generated_client(session: nox.Session) -> None:
    """Install generated_client/ as users do (a regular, non-editable install), afresh each time."""
    fresh = ["--reinstall-package", "zenlayer-vm-client"] if session.venv_backend == "uv" else ["--force-reinstall"]
    session.install(*fresh, f"{GENERATED}[cli]")  # with the command line's extra: its tests and types need it


def _node_tools(session: nox.Session) -> None:
    """Install the pinned Node tools (Redocly CLI) from package-lock.json."""
    if shutil.which("npm") is None:
        session.error("npm is needed for the spec linter and the docs (Debian: apt-get install nodejs npm)")
    session.run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", external=True)


def _redocly(session: nox.Session, *args: str) -> None:
    # No telemetry: these machines reach only the package registries. (On Node 20 Redocly also prints
    # a deprecation banner on every run; it is noise, not a finding.)
    env = {"REDOCLY_TELEMETRY": "off"}
    session.run(str(ROOT / "node_modules" / ".bin" / "redocly"), *args, external=True, env=env)


def _ensure_chromium(session: nox.Session) -> None:
    """The docs test drives Debian's Chromium; install it on a fresh machine where we may."""
    if shutil.which(CHROMIUM) is not None:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        session.error("Chromium is needed for the docs test: install Debian's `chromium` package")
    session.log("Chromium is missing: installing Debian's chromium package")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env)
    session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", CHROMIUM, external=True, env=env)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check on our own code, and ruff lint on generated_client/ (its own config)."""
    _install(session, "lint", project=False)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    with session.chdir(GENERATED):
        session.run("ruff", "check", "--no-cache", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on our own code and on generated_client/."""
    # Every group whose packages our code imports, so that mypy sees them all.
    _install(session, "typecheck", "test", "spec", "tooling", "generator", "client-test")
    _install(session, "mock", "mock-test", "contract", "bench")
    _install_generated_client(session)
    session.run("mypy")
    with session.chdir(GENERATED):
        # The cache goes to the session's folder, not into the generated project.
        session.run("mypy", "--cache-dir", str(Path(session.virtualenv.location) / ".mypy_cache"), "zenlayer_vm_client")


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate generated_client/ from the spec (replaced only when generation fully succeeded)."""
    _install(session, "generator")
    session.run("python", "-m", "generator", *session.posargs)
    if (DEV_VENV / "bin" / "python").is_file() and shutil.which("uv"):
        # The hand-work environment (`nox -s dev`) gets the new client too, instead of keeping the old one.
        session.run(
            "uv", "pip", "install", "--quiet", "--python", str(DEV_VENV / "bin" / "python"),
            "--reinstall-package", "zenlayer-vm-client", f"{GENERATED}[cli]", external=True,
        )  # fmt: skip
        session.log(f"{DEV_VENV} has the new client")


@nox.session
def drift(session: nox.Session) -> None:
    """Fail, naming the files, when generated_client/ is not exactly what the spec produces."""
    _install(session, "generator")
    session.run("python", "-m", "generator", "--check")


@nox.session(name="spec-diff")
def spec_diff(session: nox.Session) -> None:
    """What the spec change does to its users, and whether the client's version says so.

    Wire, contract and client changes, each breaking, compatible or documentation only, and whether the
    client's version and changelog match them. `-- --base <ref>` picks the base; `-- --help` for the rest."""
    _install(session, "generator")
    session.run("python", "-m", "spec_diff", *session.posargs)


@nox.session
def spec(session: nox.Session) -> None:
    """Validate the spec, lint it, compile its rules and run its tests.

    openapi-spec-validator; Redocly with our ruleset; every rule sourced and every CEL rule compiled
    (python -m zenlayer_spec.lint); tests/spec."""
    _install(session, "spec", "test", "tooling")
    session.run("openapi-spec-validator", SPEC)
    _node_tools(session)
    _redocly(session, "lint", SPEC, "--config", REDOCLY_CONFIG, "--format=stylish")
    # Every rule says where it comes from (x-zc-source), and every rule the mock executes compiles: a
    # located message per problem.
    session.run("python", "-m", "zenlayer_spec.lint", "--spec", SPEC)
    session.run("pytest", "tests/spec", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Render the spec to an offline HTML reference (build/docs/index.html) and check it in Chromium."""
    _install(session, "test")
    _node_tools(session)
    _ensure_chromium(session)
    variant = DOCS_BUILD / "zenlayer-vm.docs.yaml"
    session.run("python", "-m", "zenlayer_spec.reference_docs", str(variant))
    _redocly(
        session,
        "build-docs",
        str(variant),
        "--config",
        REDOCLY_CONFIG,
        "--inlineBundle",
        "--title",
        "Zenlayer VM API reference",
        "--output",
        str(DOCS_BUILD / "index.html"),
    )
    session.run("python", "-m", "zenlayer_spec.reference_docs", "--style", str(DOCS_BUILD / "index.html"))
    session.run("pytest", "tests/docs", *session.posargs, env={"ZENLAYER_DOCS_DIR": str(DOCS_BUILD)})
    session.log(
        f"the reference: {DOCS_BUILD / 'index.html'}; its screenshot: {DOCS_BUILD / 'reference-resetinstance.png'}"
    )


def _bench(session: nox.Session, *arguments: str) -> None:
    _install(session, "bench", "contract", "mock", "mock-test", "generator")
    _install_generated_client(session)
    if shutil.which("wrk") is None:
        if shutil.which("apt-get") is None or os.geteuid() != 0:
            session.error("wrk is needed for the mock benchmark: install Debian's `wrk` package")
        session.log("wrk is missing: installing Debian's wrk package")
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        session.run("apt-get", "update", "-qq", external=True, env=env)
        session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk", external=True, env=env)
    with session.chdir(ROOT / "bench"):
        session.run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", external=True)
    session.install("nox==2026.10.20")  # the contract wall-time figure runs `nox -R -s contract`
    session.run("python", "-m", "bench", *arguments, *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """The benchmarks, against Prism, the vendor SDK, raw httpx and bare openapi-python-client.

    Writes docs/benchmarks.md. Needs wrk (Debian), installed here when missing; Prism comes from npm."""
    _bench(session)


@nox.session(name="bench-quick")
def bench_quick(session: nox.Session) -> None:
    """Every benchmark once, briefly: no thresholds, nothing written.

    In the default set, so that the benchmarks cannot rot between full runs."""
    _bench(session, "--quick")


DEV_VENV = ROOT / ".venv"


@nox.session(venv_backend="none")
def dev(session: nox.Session) -> None:
    """A ready environment in .venv for working by hand.

    The toolkit (editable, with the mock and the generator), the generated client, pytest and
    Schemathesis's `st`. Then `.venv/bin/python -m ...`."""
    if shutil.which("uv") is None:
        session.error("uv is needed (the README's first command installs it)")
    session.run("uv", "venv", "--quiet", "--allow-existing", str(DEV_VENV), external=True)
    python = str(DEV_VENV / "bin" / "python")
    groups = [
        requirement for group in ("test", "contract") for requirement in nox.project.dependency_groups(PYPROJECT, group)
    ]
    session.run(
        "uv",
        "pip",
        "install",
        "--quiet",
        "--python",
        python,
        "-e",
        ".[mock,generator]",
        f"{GENERATED}[cli]",
        *groups,
        external=True,
    )
    session.log(f"ready: {DEV_VENV}/bin/python -m mock_server --port 8080 (and {DEV_VENV}/bin/st, .../pytest)")


@nox.session
def mock(session: nox.Session) -> None:
    """Serve the mock server; arguments after `--` go to it (e.g. `nox -s mock -- --port 8080`)."""
    _install(session, "mock")
    session.run("python", "-m", "mock_server", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """The unit tests of our own code and of the generated client.

    The client installed as users install it; the spec's and the docs' own tests run in their sessions."""
    _install(session, "test", "generator", "client-test", "mock", "mock-test", "contract")
    _install_generated_client(session)
    # On every core and two more (pytest-xdist; an idle worker steals from a busy one): many tests wait on
    # a process of their own (a mock, the CLI, an install), and the extra workers compute meanwhile. On two
    # cores, 4 workers against 3 in alternate runs: 0.55 of the run's CPU-s in wall time against 0.58.
    workers = ["-n", str((os.cpu_count() or 1) + 2), "--dist", "worksteal"] if not session.posargs else []
    # The slowest tests named at the end of every run: what the next speed-up should look at.
    durations = ["--durations=15"] if not session.posargs else []
    session.run("pytest", "tests", "--ignore=tests/spec", "--ignore=tests/docs", *workers, *durations, *session.posargs)


def _contract(session: nox.Session, *arguments: str, env: dict[str, str] | None = None) -> None:
    _install(session, "contract", "mock")
    _install_generated_client(session)
    # A shard (`-- --contract-shard i/n`) writes its own JUnit, so that a CI system can gather them all.
    options = list(session.posargs)
    shard = options[options.index("--contract-shard") + 1] if "--contract-shard" in options[:-1] else None
    junit = CONTRACT_REPORTS / (f"junit-{shard.replace('/', '-of-')}.xml" if shard else "junit.xml")
    session.run("pytest", "contract_tests", f"--junitxml={junit}", *arguments, *options, env=env or {})


@nox.session
def contract(session: nox.Session) -> None:
    """The contract suite against the mock (started as a real process); fails on any declared code never seen."""
    # On every core (a mock per test that needs one; contract_tests/workers.py merges the reports),
    # unless the arguments choose (`-- -n 0` for one process).
    options = list(session.posargs)
    chosen = any(option.startswith(("-n", "--numprocesses")) for option in options)
    workers = [] if chosen else ["-n", "auto", "--dist", "worksteal"]
    _contract(session, "--require-code-coverage", *workers, env={"ZENLAYER_CONTRACT_TARGET": "mock"})


@nox.session(name="contract-merge")
def contract_merge(session: nox.Session) -> None:
    """One coverage table and the verdict of an unsharded run, after a sharded run.

    The shards ran as `nox -s contract -- --contract-shard i/n` in n CI jobs, their reports/contract
    gathered in one folder."""
    _install(session, "contract", "mock")
    session.run("python", "-m", "contract_tests.shards", *(session.posargs or [str(CONTRACT_REPORTS)]))


@nox.session(name="contract-live-sweep")
def contract_live_sweep(session: nox.Session) -> None:
    """Release what a killed live run left: its ledger and the instances named zc-contract-* (`-- --list`
    lists only). Needs the live run's ZENLAYER_CONTRACT_BASE_URL and credentials."""
    _install(session, "contract", "mock")
    session.run("python", "-m", "contract_tests.sweep", *session.posargs)


@nox.session(name="contract-live")
def contract_live(session: nox.Session) -> None:
    """The contract suite against a live endpoint (`-- --plan` shows what it would send).

    contract_tests/target.py lists the environment it needs; a doubt refuses the run before it sends."""
    _contract(session, env={"ZENLAYER_CONTRACT_TARGET": "live"})
