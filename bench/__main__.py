"""`python -m bench` (also `nox -s bench`): run every benchmark, print one table, write docs/benchmarks.md.

Every figure is the median of repeated runs in this one session, and every comparison is a ratio of
two figures measured here, since absolute numbers move from machine to machine.

    python -m bench            the full run (several minutes)
    python -m bench --quick    one short repeat of each, no `nox -s contract` timing (a smoke run)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import attrs

from bench import client_bench, contract_bench, generator_bench, mock_load
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


def shown(area: str, measure: str, ours: str, baseline: str = "") -> Row:
    """A figure shown for context, with no target of its own."""
    return Row(area, measure, ours, baseline, None, "", None)


def _mock_rows(quick: bool, repeats: int) -> list[Row]:
    load = mock_load.measure(seconds=2 if quick else 4, repeats=repeats)
    mock, ceiling = mock_load.median_of(load["mock"]), mock_load.median_of(load["ceiling"])
    ours = (mock.requests_per_second, f"{mock.requests_per_second:,.0f}")
    rows = [
        compared("mock", "req/s, signed mix, 32 connections", ours,
                 (ceiling.requests_per_second, f"ceiling {ceiling.requests_per_second:,.0f}"), 0.40, "≥ 0.40 of ceiling"),
    ]  # fmt: skip
    if load["prism"]:
        prism = mock_load.median_of(load["prism"])
        rows.append(
            compared("mock", "req/s vs Prism (-v warn, one path)", ours,
                     (prism.requests_per_second, f"Prism {prism.requests_per_second:,.0f}"), 2.0, "≥ 2x")
        )  # fmt: skip
        rows.append(
            shown("mock", "latency p50 / p99 (ms)", f"{mock.p50_ms:.2f} / {mock.p99_ms:.2f}",
                  f"Prism {prism.p50_ms:.2f} / {prism.p99_ms:.2f}")
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
    return [
        compared("client", "sequential calls/s vs vendor SDK", rate(ours), rate(vendor, "SDK "), 1.7, "≥ 1.7x"),
        compared("client", "sequential calls/s vs raw httpx + signing", rate(ours), rate(raw, "httpx "), 0.9, "≥ 0.90"),
        shown("client", "client CPU per call (µs)", f"{cpu(ours):,.0f}", f"SDK {cpu(vendor):,.0f}, httpx {cpu(raw):,.0f}"),
        compared("client", "async on httpx's transport, 32 in flight, vs SDK", rate(async_default), rate(vendor, "SDK "), 5, "≥ 5x"),
        compared("client", "async on httpx-aiohttp (the extra, the default when installed)", rate(async_aiohttp), rate(vendor, "SDK "), 5, "≥ 5x"),
        Row("client", "signing + local checks per call (µs)", f"{sign_us:.1f} + {check_us:.1f}", "", None, "< 50 µs",
            sign_us + check_us < 50),
    ]  # fmt: skip


def _contract_rows(quick: bool, repeats: int) -> list[Row]:
    examples = 20 if quick else 50
    loopback = median(repeats, lambda: contract_bench.loopback(examples))
    in_process = median(repeats, lambda: contract_bench.in_process(examples))
    rows = [
        Row("contract", "generated cases/s over loopback", f"{loopback:,.0f}", f"in process {in_process:,.0f}",
            loopback / in_process, "≥ 150 cases/s", loopback >= 150),
    ]  # fmt: skip
    if not quick:
        wall = median(repeats, contract_bench.nox_contract_seconds)
        rows.append(
            Row(
                "contract",
                "`nox -s contract` wall time (s), envs built",
                f"{wall:.0f}",
                "",
                None,
                "≤ 180 s",
                wall <= 180,
            )
        )
    return rows


def _generator_rows(repeats: int) -> list[Row]:
    regenerate = median(repeats, generator_bench.regenerate)
    drift = median(repeats, generator_bench.drift_check)
    bare = median(repeats, generator_bench.bare_openapi_python_client)
    return [
        Row("generator", "regeneration + drift check (s)", f"{regenerate:.2f} + {drift:.2f}", f"bare opc {bare:.2f}",
            (regenerate + drift) / bare, "≤ 3 s", regenerate + drift <= 3),
    ]  # fmt: skip


def run(quick: bool) -> list[Row]:
    repeats = 1 if quick else 3
    return [
        *_mock_rows(quick, repeats),
        *_client_rows(quick, repeats),
        *_contract_rows(quick, repeats),
        *_generator_rows(repeats),
    ]


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

- **Mock.** wrk (one thread, 32 connections, pinned to one core; the server pinned to the other) replays
  a pool of pre-signed requests, cycling through ResetInstance over 200 rotating instances,
  DescribeInstancesStatus and DescribeImages; a fresh pool is signed for each run (signatures stay valid
  for 5 minutes) and a fresh mock is started for each run. Resets after the first round answer 403
  (the instance is no longer STOPPED): answered by the same checks, counted like any answer. The
  *ceiling* is a bare ASGI app returning one constant envelope on the same uvicorn (httptools +
  uvloop). *Prism* cannot choose an operation by header, so it mocks a spec variant with one real path
  (`/api/v2/vm`) answering a static example, with `-v warn`, after a one-second warm-up: it does less
  than our mock (no signature, no state, no per-action validation).
- **Client.** Sequential DescribeInstancesStatus calls against the same mock, client pinned to the
  other core: the generated client (models, local checks, signing, error mapping), the vendor SDK
  (`requests` without a session: a new connection per call) and raw httpx with keep-alive, JSON and the
  same signer. CPU is the client process's own time per call. The async client runs 32 calls in flight,
  on httpx's default transport and on httpx-aiohttp's. Signing and checks are timed in process
  (`timeit`, best of 5).
- **Contract suite.** Schemathesis's fuzzing-phase cases (generate, call, validate with every check)
  over the four operations, against the mock as a process (loopback) and as an ASGI app (in process);
  and the wall time of `nox -R -s contract`.
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
