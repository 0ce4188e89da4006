"""`python -m bench.hostile_load`: the mock under a slow-drip and oversized-header attack.

While `--drips` connections each announce a 1 MiB - 1 body and drip it a byte at a time, and one more
keeps sending a 100 MB header (reconnecting each time the mock cuts it off), a normal signed request is
timed `--requests` times. Prints the p50/p99 latency of the normal requests, the mock's peak resident
memory, and what the attackers were answered. Loopback only; bounded in count and time.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
from pathlib import Path

import attrs

from bench import ZONE
from contract_tests.raw_calls import Caller
from mock_server.process import MockProcess

HEADER_ATTACK_BYTES = 100 * 1024 * 1024
SLICE = b"X-Big: " + b"a" * (1024 * 1024 - 9) + b"\r\n"


@attrs.frozen
class Figures:
    p50_ms: float
    p99_ms: float
    peak_rss_mib: float
    drips_open_at_end: int
    header_attacks_cut: int


def _rss_peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _drip(address: tuple[str, int], stop: threading.Event, open_count: list[int]) -> None:
    try:
        with socket.create_connection(address, timeout=5) as sock:
            sock.sendall(
                b"POST /api/v2/vm HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1048575\r\n\r\n"
            )
            open_count[0] += 1
            while not stop.wait(0.2):
                sock.sendall(b" ")
    except OSError:
        pass  # cut off by the mock's body timeout: what it is for
    finally:
        open_count[0] -= 1


def _big_header(address: tuple[str, int], stop: threading.Event, cut: list[int]) -> None:
    while not stop.is_set():
        try:
            with socket.create_connection(address, timeout=5) as sock:
                sock.sendall(b"POST /api/v2/vm HTTP/1.1\r\nHost: x\r\n")
                for _ in range(HEADER_ATTACK_BYTES // len(SLICE)):
                    if stop.is_set():
                        return
                    sock.sendall(SLICE)
        except OSError:
            cut[0] += 1


def measure(drips: int, requests: int, seconds_cap: float = 60.0) -> Figures:
    with MockProcess("--quiet", "--body-timeout", "30") as mock:
        host, port = mock.endpoint.removeprefix("http://").split("/", 1)[0].split(":")
        address = (host, int(port))
        stop = threading.Event()
        open_count, cut = [0], [0]
        threads = [threading.Thread(target=_drip, args=(address, stop, open_count), daemon=True) for _ in range(drips)]
        threads.append(threading.Thread(target=_big_header, args=(address, stop, cut), daemon=True))
        for thread in threads:
            thread.start()
        time.sleep(1.0)  # let every attacker get going
        caller = Caller(mock.endpoint)
        latencies: list[float] = []
        deadline = time.monotonic() + seconds_cap
        for _ in range(requests):
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            answer = caller.call("DescribeImages", {"zoneId": ZONE})
            latencies.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, answer.text
        drips_open = open_count[0]
        peak = _rss_peak_mib(mock.pid)
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
    latencies.sort()
    return Figures(
        p50_ms=statistics.median(latencies),
        p99_ms=latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        peak_rss_mib=peak,
        drips_open_at_end=drips_open,
        header_attacks_cut=cut[0],
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile_load", description=__doc__.split("\n")[0])
    parser.add_argument("--drips", type=int, default=200)
    parser.add_argument("--requests", type=int, default=1000)
    arguments = parser.parse_args()
    figures = measure(arguments.drips, arguments.requests)
    print(
        f"{arguments.drips} slow-drip connections + one 100 MB header in flight: normal request "
        f"p50 {figures.p50_ms:.1f} ms, p99 {figures.p99_ms:.1f} ms; mock peak RSS {figures.peak_rss_mib:.0f} MiB; "
        f"drips still open {figures.drips_open_at_end}; oversized headers cut {figures.header_attacks_cut} times"
    )


if __name__ == "__main__":
    main()
