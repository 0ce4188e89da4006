"""Mock server throughput and latency under a signed request mix, against Prism and against the
constant-body ceiling of the fastest server stack measured (uvicorn with httptools + uvloop, which
serves the mock, and granian), all driven by wrk over loopback in the same session.

The mix cycles through pre-signed requests (signatures stay valid for 5 minutes; a fresh pool is
signed for each run): ResetInstance and ModifyInstancesAttribute over a rotating set of instances, and
the reads around them (mix_for). wrk (C, one thread) replays them; its Lua script only picks the next request.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import yaml

from bench import IMAGE, OPERATIONS, ZONE
from contract_tests.raw_calls import Caller
from mock_server.contract import extension_check
from mock_server.process import ROOT, MockProcess
from mock_server.world import DEFAULT_WORLD
from zenlayer_spec import load_spec

BENCH_DIR = Path(__file__).resolve().parent
PRISM = BENCH_DIR / "node_modules" / ".bin" / "prism"
ROTATING_INSTANCES = 200
# A price the default world can answer: the spec's own first example of the request.
PRICE_EXAMPLE = dict(load_spec().request_examples["InquiryPriceCreateInstance"][0])
CONNECTIONS = 32


@attrs.frozen
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    requests: int = 0


# Above this share of refused answers a load run measured refusals, not the mix. Some are the mix's own:
# its connections interleave, so an instance's stop may overtake its reset (6% at 4 connections).
MAX_REFUSED_SHARE = 0.25


class MixRefused(RuntimeError):
    """The target refused the mix: its figure would be the speed of an error path."""


def mix_for(instance: str) -> list[tuple[str, dict[str, Any]]]:
    """The requests of the mix about one instance: a reset, a stop (a reset ends RUNNING: the next round's
    reset of the instance is then accepted again), a rename and the reads around them. What makes or
    removes instances is left out (a load test would empty the world or fill the zone's quota)."""
    return [
        ("ResetInstance", {"instanceId": instance, "password": "Example+123"}),
        ("StopInstances", {"instanceIds": [instance]}),
        ("ModifyInstancesAttribute", {"instanceIds": [instance], "instanceName": "bench"}),
        ("DescribeInstancesStatus", {"instanceIds": [instance]}),
        ("DescribeInstances", {"instanceIds": [instance]}),
        ("DescribeImages", {"zoneId": ZONE}),
        ("InquiryPriceCreateInstance", PRICE_EXAMPLE),
    ]


def _bench_world(directory: Path) -> Path:
    world = yaml.safe_load(DEFAULT_WORLD.read_text(encoding="utf-8"))
    world["instances"] += [
        {
            "instanceId": f"ins-bench-{index:04d}",
            "zoneId": ZONE,
            "status": "STOPPED",
            "imageId": IMAGE,
            "systemDiskSize": 40,
        }
        for index in range(ROTATING_INSTANCES)
    ]
    path = directory / "bench-world.yaml"
    path.write_text(yaml.safe_dump(world), encoding="utf-8")
    return path


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal for these ASCII values


def _wrk_script(directory: Path, endpoint: str) -> Path:
    """A Lua script holding a freshly signed pool of the mix, cycled through by `request()`."""
    caller = Caller(endpoint)
    pool = []
    for index in range(ROTATING_INSTANCES):
        instance = f"ins-bench-{index:04d}"
        pool += [caller.call_request(action, body) for action, body in mix_for(instance)]
    entries = []
    path = caller.http.build_request("POST", endpoint).url.raw_path.decode()
    for request in pool:
        headers = ", ".join(
            f"[{_lua_string(name)}] = {_lua_string(value)}"
            for name, value in request.headers.items()
            # wrk sends its own Host (the URL's, the same as signed) and length: a second Host is refused
            # as ambiguous, and every request of the mix was then measured as a 401.
            if name.lower() not in ("content-length", "host")
        )
        entries.append(f"{{headers = {{{headers}}}, body = {_lua_string(request.content.decode())}}}")
    script = directory / "mix.lua"
    script.write_text(
        "local pool = {\n" + ",\n".join(entries) + "\n}\n"
        "local index = 0\n"
        "request = function()\n"
        "  index = index % #pool + 1\n"
        f"  return wrk.format('POST', {_lua_string(path)}, pool[index].headers, pool[index].body)\n"
        "end\n"
        "done = function(summary, latency, requests)\n"
        "  io.write(string.format('RESULT %d %d %d %d %d\\n', summary.requests, summary.duration,\n"
        "    latency:percentile(50), latency:percentile(99), summary.errors.status))\n"
        "end\n",
        encoding="utf-8",
    )
    return script


def _pinned(command: list[str], core: int) -> list[str]:
    """Run on one core, so that the server and the load generator do not compete."""
    return ["taskset", "-c", str(core), *command] if shutil.which("taskset") else command


def _pin(pid: int, core: int) -> None:
    with contextlib.suppress(OSError, AttributeError):
        os.sched_setaffinity(pid, {core})


def run_wrk(url: str, script: Path, seconds: float) -> LoadResult:
    command = _pinned(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency", "-s", str(script), url], core=1
    )
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    match = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+)", output)
    if match is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    requests, duration_us, p50_us, p99_us, non_2xx = map(int, match.groups())
    return LoadResult(requests / (duration_us / 1e6), p50_us / 1000, p99_us / 1000, non_2xx, requests)


def accepted(result: LoadResult, target: str) -> LoadResult:
    """`result`, unless the target refused more of the mix than MAX_REFUSED_SHARE."""
    if result.requests and result.non_2xx > MAX_REFUSED_SHARE * result.requests:
        raise MixRefused(f"{target} refused {result.non_2xx:,} of {result.requests:,} requests of the mix")
    return result


def _wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextlib.contextmanager
def _process(command: list[str], port: int) -> Iterator[None]:
    process = subprocess.Popen(_pinned(command, core=0), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _prism_spec(directory: Path) -> Path:
    """Prism cannot choose an operation by header: a variant with one real path and one static answer."""
    envelope = {
        "requestId": "T0000000-0000-0000-0000-000000000000",
        "response": {"requestId": "T0000000-0000-0000-0000-000000000000"},
    }
    variant = {
        "openapi": "3.1.0",
        "info": {"title": "Zenlayer VM API, one path for Prism", "version": OPERATIONS["DescribeImages"].api_version},
        "paths": {
            "/api/v2/vm": {
                "post": {
                    "operationId": "Any",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}},
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"type": "object"}, "example": envelope}},
                        }
                    },
                }
            }
        },
    }
    path = directory / "prism-variant.yaml"
    path.write_text(yaml.safe_dump(variant), encoding="utf-8")
    return path


def measure(seconds: float, repeats: int) -> dict[str, list[LoadResult]]:
    """wrk runs of `seconds` each, `repeats` times, against our mock, the ceiling and Prism."""
    results: dict[str, list[LoadResult]] = {"mock": [], "ceiling": [], "ceiling-granian": [], "prism": []}
    with tempfile.TemporaryDirectory() as raw:
        directory = Path(raw)
        world = _bench_world(directory)
        for _ in range(repeats):
            # A fresh mock each round: the resets of the previous one left its instances REBUILDING.
            with MockProcess("--quiet", "--fixtures", str(world), "--transition-seconds", "0") as mock:
                _pin(mock.pid, core=0)
                script = _wrk_script(directory, mock.endpoint)
                results["mock"].append(
                    accepted(run_wrk(mock.endpoint.rsplit("/api", 1)[0], script, seconds), "the mock")
                )
        port = _free_port()
        with _process([sys.executable, "-m", "bench.constant_app", "--port", str(port)], port):
            for _ in range(repeats):
                script = _wrk_script(directory, f"http://127.0.0.1:{port}/api/v2/vm")
                results["ceiling"].append(run_wrk(f"http://127.0.0.1:{port}", script, seconds))
        granian = Path(sys.executable).with_name("granian")
        if granian.exists():  # the other fast ASGI server stack: Rust HTTP, one worker, one runtime thread
            port = _free_port()
            command = [str(granian), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port)]
            command += ["--workers", "1", "--runtime-threads", "1", "--no-ws", "--log-level", "warning"]
            with _process([*command, "bench.constant_app:app"], port):
                for _ in range(repeats):
                    script = _wrk_script(directory, f"http://127.0.0.1:{port}/api/v2/vm")
                    results["ceiling-granian"].append(run_wrk(f"http://127.0.0.1:{port}", script, seconds))
        if PRISM.exists():
            port = _free_port()
            command = [
                str(PRISM),
                "mock",
                str(_prism_spec(directory)),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-v",
                "warn",
            ]
            with _process(command, port):
                script = _wrk_script(directory, f"http://127.0.0.1:{port}/api/v2/vm")
                run_wrk(f"http://127.0.0.1:{port}", script, 1)  # warm-up: Prism compiles on first use
                for _ in range(repeats):
                    script = _wrk_script(directory, f"http://127.0.0.1:{port}/api/v2/vm")
                    results["prism"].append(run_wrk(f"http://127.0.0.1:{port}", script, seconds))
    return results


def median_of(results: list[LoadResult]) -> LoadResult:
    return LoadResult(
        statistics.median(r.requests_per_second for r in results),
        statistics.median(r.p50_ms for r in results),
        statistics.median(r.p99_ms for r in results),
        int(statistics.median(r.non_2xx for r in results)),
    )


def rules_share(rounds: int) -> tuple[float, float]:
    """(µs per request in the spec's rules, effects and lists, µs per request in the whole app), in process,
    over the same mix as the load test: how much of a request the executable spec costs."""
    from mock_server import MockApp
    from mock_server.engine import execute

    with tempfile.TemporaryDirectory() as directory:
        world = _bench_world(Path(directory))
        mix: list[tuple[str, dict[str, Any]]] = []
        for index in range(ROTATING_INSTANCES):
            instance = f"ins-bench-{index:04d}"
            mix += mix_for(instance)
        mix = mix[: max(len(mix_for("x")), rounds)]
        # The rules alone: the engine on a fresh world, as the app calls it.
        app = MockApp(world_path=world, transition_seconds=3600)
        serving = app.serving
        started = time.perf_counter()
        for action, body in mix:
            with contextlib.suppress(Exception):  # a refused request costs its rules too
                execute(
                    serving.behaviour_by_action[action],
                    serving.behaviours,
                    app.world,
                    body,
                    app.world.clock(),
                    extension_check(serving, action),
                    serving.list_rules.get(action),
                )
        rules = (time.perf_counter() - started) / len(mix)
        # The whole app, the same mix, signed, on another fresh world.
        fresh = MockApp(world_path=world, transition_seconds=3600)
        caller = Caller("http://mock.test/api/v2/vm")
        requests = [caller.call_request(action, body) for action, body in mix]
        scopes = [
            {
                "type": "http",
                "method": "POST",
                "path": request.url.path,
                "headers": [(name.lower().encode(), value.encode()) for name, value in request.headers.items()],
            }
            for request in requests
        ]

        async def serve_all() -> float:
            async def ignore(message: object) -> None:
                return None

            started = time.perf_counter()
            for scope, request in zip(scopes, requests, strict=True):

                async def receive(content: bytes = request.content) -> dict[str, object]:
                    return {"type": "http.request", "body": content, "more_body": False}

                await fresh(scope, receive, ignore)
            return time.perf_counter() - started

        whole = asyncio.run(serve_all()) / len(mix)
    return rules * 1e6, whole * 1e6
