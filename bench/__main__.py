"""`python -m bench` (also `nox -s bench`): run every benchmark, print one table, write docs/benchmarks.md.

Every figure is the median of repeated runs in this one session, and every comparison is a ratio of
two figures measured here, since absolute numbers move from machine to machine.

    python -m bench            the full run (several minutes)
    python -m bench --quick    one short repeat of each, no `nox` session timings (a smoke run)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import attrs

from bench import baseline, client_bench, contract_bench, generator_bench, mock_load
from mock_server.process import ROOT, MockProcess

DOCS = ROOT / "docs" / "benchmarks.md"


@attrs.frozen
class Row:
    area: str
    measure: str
    ours: str
    baseline: str
    ratio: float | None
    target: str
    met: bool | None


def median(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def _machine() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    prism = mock_load.PRISM.parent.parent / "@stoplight" / "prism-cli" / "package.json"
    prism_version = json.loads(prism.read_text())["version"] if prism.exists() else "not installed"
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False).stdout.split("[")[0].strip()
    tools = ", ".join(
        f"{name} {version(name)}"
        for name in ("uvicorn", "httptools", "uvloop", "orjson", "httpx", "schemathesis", "openapi-python-client")
    )
    return [
        f"- machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()}",
        f"- tools: {tools}, zenlayercloud-sdk-python {version('zenlayercloud-sdk-python')}, Prism {prism_version}, {wrk}",
        f"- taken: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; server and load each pinned to one of the two cores",
    ]


def compared(
    area: str, measure: str, ours: tuple[float, str], baseline: tuple[float, str], target: float, label: str
) -> Row:
    """A row comparing two figures of this session: the ratio ours / baseline against `target`."""
    ratio = ours[0] / baseline[0]
    return Row(area, measure, ours[1], baseline[1], ratio, label, ratio >= target)


def faster(
    area: str, measure: str, ours: baseline.Timed, pinned: baseline.Timed | None, target: baseline.TimeTarget
) -> Row:
    """A time against the same task at the pinned commit, run in this session: met when the ratio is at
    most the target's (its seconds over what the pinned commit took the day the target was set)."""
    label = f"≤ {target.ratio:.2f} of pinned ({target.seconds:g} s of {target.pinned_seconds_then:g} s)"
    ours_text = f"{ours.seconds:.1f}" + ("" if ours.passed else " (failed)")
    if pinned is None:
        return Row(area, measure, ours_text, "pinned commit not in this clone", None, label, None)
    pinned_text = f"pinned {pinned.seconds:.1f}" + ("" if pinned.passed else " (failed)")
    ratio = ours.seconds / pinned.seconds
    return Row(area, measure, ours_text, pinned_text, ratio, label, ratio <= target.ratio)


def shown(area: str, measure: str, ours: str, baseline: str = "") -> Row:
    """A figure shown for context, with no target of its own."""
    return Row(area, measure, ours, baseline, None, "", None)


def _mock_rows(quick: bool, repeats: int) -> list[Row]:
    load = mock_load.measure(seconds=2 if quick else 4, repeats=repeats)
    mock = mock_load.median_of(load["mock"])
    ceilings = {"uvicorn": mock_load.median_of(load["ceiling"])}
    if load["ceiling-granian"]:
        ceilings["granian"] = mock_load.median_of(load["ceiling-granian"])
    fastest = max(ceilings, key=lambda name: ceilings[name].requests_per_second)
    ceiling = ceilings[fastest].requests_per_second
    others = ", ".join(
        f"{name} {result.requests_per_second:,.0f}" for name, result in ceilings.items() if name != fastest
    )
    ours = (mock.requests_per_second, f"{mock.requests_per_second:,.0f}")
    rows = [
        compared("mock", "req/s, signed mix, 32 connections, vs the fastest stack's constant-body ceiling", ours,
                 (ceiling, f"ceiling {ceiling:,.0f} ({fastest}{'; ' + others if others else ''})"), 0.50,
                 "≥ 0.50 of ceiling"),
    ]  # fmt: skip
    if load["prism"]:
        prism = mock_load.median_of(load["prism"])
        rows.append(
            compared("mock", "req/s vs Prism (-v warn, one path)", ours,
                     (prism.requests_per_second, f"Prism {prism.requests_per_second:,.0f}"), 6.0, "≥ 6x")
        )  # fmt: skip
        rows.append(
            shown("mock", "latency p50 / p99 (ms)", f"{mock.p50_ms:.2f} / {mock.p99_ms:.2f}",
                  f"Prism {prism.p50_ms:.2f} / {prism.p99_ms:.2f}")
        )  # fmt: skip
    rules_us, whole_us = mock_load.rules_share(300 if quick else 3000)
    rows.append(
        shown("mock", "the spec's rules, effects and lists per request (µs), in process",
              f"{rules_us:,.1f}", f"whole request in process {whole_us:,.1f} ({rules_us / whole_us:.0%} of it)")
    )  # fmt: skip
    return rows


def _client_rows(quick: bool, repeats: int) -> list[Row]:
    calls = 300 if quick else 1500
    with MockProcess("--quiet") as server:
        mock_load._pin(server.pid, core=0)
        client_bench.pin_to(1)
        url = server.base_url
        ours = [client_bench.generated_client(url, calls) for _ in range(repeats)]
        raw = [client_bench.raw_httpx(url, calls) for _ in range(repeats)]
        vendor = [client_bench.vendor_sdk(url, calls) for _ in range(repeats)]
        async_default = [client_bench.async_generated_client(url, calls * 2) for _ in range(repeats)]
        async_aiohttp = [client_bench.async_generated_client(url, calls * 2, aiohttp=True) for _ in range(repeats)]
    os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))

    def rate(results: list[client_bench.ClientResult], label: str = "") -> tuple[float, str]:
        value = statistics.median(result.calls_per_second for result in results)
        return value, f"{label}{value:,.0f}"

    def cpu(results: list[client_bench.ClientResult]) -> float:
        return statistics.median(result.cpu_us_per_call for result in results)

    sign_us, check_us = client_bench.signing_and_checks_us(2000 if quick else 20000)
    made_ms, httpx_ms = client_bench.construction_ms(url, 20 if quick else 100)
    sdk = rate(vendor, "SDK ")
    return [
        compared("client", "async with the aiohttp extra (the default when installed), 32 in flight, vs SDK sequential", rate(async_aiohttp), sdk, 5, "≥ 5x"),
        compared("client", "sync, sequential calls/s vs raw httpx with the same signer", rate(ours), rate(raw, "httpx "), 0.95, "≥ 0.95"),
        shown("client", "sync, sequential calls/s vs vendor SDK", rate(ours)[1], f"{sdk[1]} ({rate(ours)[0] / sdk[0]:.2f}x)"),
        shown("client", "async on httpx's own transport, 32 in flight", rate(async_default)[1], f"{sdk[1]} ({rate(async_default)[0] / sdk[0]:.2f}x)"),
        shown("client", "client CPU per call (µs): sync / async with the extra", f"{cpu(ours):,.0f} / {cpu(async_aiohttp):,.0f}", f"SDK {cpu(vendor):,.0f}, httpx {cpu(raw):,.0f}"),
        shown("client", "signing + local checks per call (µs)", f"{sign_us:.1f} + {check_us:.1f}"),
        # The target: one TLS context per setting for the process (tls.py); httpx loads the CA bundle per client.
        compared("client", "making a client, sync + async (CPU ms), vs plain httpx's pair", (httpx_ms / made_ms, f"{made_ms:.2f}"), (1.0, f"httpx {httpx_ms:.2f}"), 5, "≥ 5x less"),
    ]  # fmt: skip


def _contract_rows(quick: bool, repeats: int, pinned: Path | None) -> list[Row]:
    examples = 20 if quick else 50
    cores = os.cpu_count() or 1
    both = median(repeats, lambda: contract_bench.loopback_on_cores(examples, cores))
    one = median(repeats, lambda: contract_bench.loopback(examples))
    in_process = median(repeats, lambda: contract_bench.in_process(examples))
    rows = [
        Row("contract", f"generated cases/s over loopback, {cores} cores", f"{both:,.0f}",
            f"one core {one:,.0f}; in process {in_process:,.0f}", both / one, "≥ 200 cases/s", both >= 200),
    ]  # fmt: skip
    if quick:
        return rows
    ours = [baseline.nox_session(ROOT, "contract") for _ in range(repeats)]
    theirs = [baseline.nox_session(pinned, "contract") for _ in range(repeats)] if pinned else None
    rows.append(
        faster("contract", "`nox -s contract` wall (s), envs built, vs the pinned commit", _median_timed(ours),
               _median_timed(theirs) if theirs else None, baseline.CONTRACT)
    )  # fmt: skip
    # One run each: the pinned commit's tests take minutes.
    tests_ours = baseline.nox_session(ROOT, "tests")
    tests_pinned = baseline.nox_session(pinned, "tests") if pinned else None
    rows.append(
        faster(
            "tests",
            "`nox -s tests` wall (s), envs built, vs the pinned commit",
            tests_ours,
            tests_pinned,
            baseline.TESTS,
        )
    )
    return rows


def _median_timed(runs: list[baseline.Timed]) -> baseline.Timed:
    return baseline.Timed(statistics.median(run.seconds for run in runs), all(run.passed for run in runs))


def _generator_rows(repeats: int, pinned: Path | None) -> list[Row]:
    regenerate = median(repeats, generator_bench.regenerate)
    drift = median(repeats, generator_bench.drift_check)
    bare = median(repeats, generator_bench.bare_openapi_python_client)
    ours = baseline.Timed(regenerate + drift, True)
    theirs = None
    if pinned is not None:
        theirs = baseline.Timed(
            median(repeats, lambda: generator_bench.regenerate(pinned))
            + median(repeats, lambda: generator_bench.drift_check(pinned)),
            True,
        )
    return [
        faster("generator", "regeneration + drift check (s), vs the pinned commit", ours, theirs, baseline.REGENERATION),
        shown("generator", "regeneration, drift check, bare openapi-python-client (s)", f"{regenerate:.2f}, {drift:.2f}", f"bare opc {bare:.2f}"),
    ]  # fmt: skip


def run(quick: bool) -> list[Row]:
    repeats = 1 if quick else 3
    pinned = baseline.tree()
    started = time.monotonic()
    # What each step measures, and its usual share of a full run here (2 cores), to say what is left.
    steps: list[tuple[str, float, Callable[[], list[Row]]]] = [
        ("the contract suite (and, in a full run, nox -s contract and nox -s tests here and at the pinned commit)",
         0.75, lambda: _contract_rows(quick, repeats, pinned)),
        ("the client against the vendor's SDK and raw httpx", 0.08, lambda: _client_rows(quick, repeats)),
        ("the mock against Prism and the server stacks' ceilings", 0.12, lambda: _mock_rows(quick, repeats)),
        ("the generator against the pinned commit", 0.05, lambda: _generator_rows(repeats, pinned)),
    ]  # fmt: skip
    rows: list[Row] = []
    done_share = 0.0
    for index, (what, share, measure) in enumerate(steps, 1):
        elapsed = time.monotonic() - started
        left = f", about {elapsed / done_share * (1 - done_share) / 60:.0f} min left" if done_share else ""
        print(f"bench: step {index} of {len(steps)}, {what} ({elapsed / 60:.1f} min so far{left})", file=sys.stderr)
        rows += measure()
        done_share += share
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        "| area | measure | ours | baseline (same session) | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else ""
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        lines.append(f"| {row.area} | {row.measure} | {row.ours} | {row.baseline} | {ratio} | {row.target} | {met} |")
    return "\n".join(lines)


METHOD = """\
## How each figure was taken

- **Contract suite.** Schemathesis's fuzzing-phase cases (generate, call, validate with every check)
  over the four operations, against the mock as a process (loopback) and as an ASGI app (in process);
  on every core, one process per core with a mock of its own, as `nox -s contract` runs its workers
  (their rates summed over the same wall time).
- **Time targets against the pinned commit.** The machine's speed swings about 2x from day to day, so
  a time is judged as a ratio to the same task at a pinned earlier commit (`bench/baseline.py`: main
  when the targets were set), run minutes apart in this session with its own environments, built
  first and not timed: `nox -R -s contract`, `nox -R -s tests`, and the generator's regeneration and
  drift check. A target of 20 s set on a day the pinned commit took 48 s is met at 0.42 of it or less.
- **Mock.** wrk (one thread, 32 connections, pinned to one core; the server pinned to the other) replays
  a pool of pre-signed requests, cycling through ResetInstance over 200 rotating instances,
  DescribeInstancesStatus and DescribeImages; a fresh pool is signed for each run (signatures stay valid
  for 5 minutes) and a fresh mock is started for each run. Resets after the first round answer 403
  (the instance is no longer STOPPED): answered by the same checks, counted like any answer. The
  *ceiling* is a bare ASGI app returning one constant envelope, on uvicorn (httptools + uvloop, the
  mock's own stack) and on granian (Rust HTTP, one worker, one runtime thread); the faster of the two
  is the ceiling. *Prism* cannot choose an operation by header, so it mocks a spec variant with one
  real path (`/api/v2/vm`) answering a static example, with `-v warn`, after a one-second warm-up: it
  does less than our mock (no signature, no state, no per-action validation).
- **Client.** Sequential DescribeInstancesStatus calls against the same mock, client pinned to the
  other core: the generated client (models, local checks, signing, error mapping), the vendor SDK
  (`requests` without a session: a new connection per call) and raw httpx with keep-alive, JSON and the
  same signer. CPU is the client process's own time per call. The async client runs 32 calls in flight,
  on httpx-aiohttp's transport (the `aiohttp` extra, its default when installed) and on httpx's own.
  Signing and checks are timed in process (`timeit`, best of 5).
- **Generator.** Fresh processes: `python -m generator --output <tmp>`, `python -m generator --check`,
  and bare `openapi-python-client generate` (its own templates, no post hooks) on the same spec.
"""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one short repeat of each (a smoke run)")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"where to write the report (default: {DOCS}; a quick run only prints)",
    )
    arguments = parser.parse_args(argv)
    rows = run(arguments.quick)
    rendered = table(rows)
    print(rendered)
    heading = "# Benchmarks" + (" (quick smoke run)" if arguments.quick else "")
    report = "\n".join([heading, "", *_machine(), "", rendered, "", METHOD])
    output = arguments.output or (None if arguments.quick else DOCS)
    if output is None:
        print("\nquick run: figures printed, not written (pass --output FILE to keep them)")
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report, encoding="utf-8")
    print(f"\nwritten to {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
