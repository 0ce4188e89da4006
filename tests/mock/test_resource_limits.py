"""Bounded resources before authentication: many connections each holding an almost-full body cannot
take the mock's memory past the buffered-body budget, and a normal request is still answered."""

from __future__ import annotations

import contextlib
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.mock.conftest import StartMock
from tests.mock.harness import Caller
from tests.mock.raw_http import read_answer
from zenlayer_spec.document import load_document
from zenlayer_spec.guards import request_guards

GUARDS = request_guards(load_document())
HOLDERS = 200
ALMOST_FULL = GUARDS.max_body_bytes - 1
MEMORY_CAP_MIB = 150


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def test_bodies_held_open_stay_within_the_budget(start_mock: StartMock) -> None:
    mock = start_mock("--body-timeout", "30")  # the default budget: 64 MiB
    host, port = mock.endpoint.removeprefix("http://").split("/", 1)[0].split(":")
    head = f"POST /api/v2/vm HTTP/1.1\r\nHost: x\r\nContent-Length: {ALMOST_FULL + 1}\r\n\r\n".encode()
    payload = b" " * ALMOST_FULL  # all but the last byte: the mock must hold it or refuse it

    def hold() -> socket.socket:
        sock = socket.create_connection((host, int(port)), timeout=30)
        sock.sendall(head)
        # Refused (429) and closed while sending: the answer is still there to read.
        with contextlib.suppress(OSError):
            sock.sendall(payload)
        return sock

    with ThreadPoolExecutor(max_workers=16) as pool:
        holders = list(pool.map(lambda _: hold(), range(HOLDERS)))
    try:
        answer = Caller(mock.endpoint).call("DescribeImages", {"zoneId": "FRA-A"})
        assert answer.status_code == 200
        assert peak_rss_mib(mock.pid) < MEMORY_CAP_MIB
        refused = 0
        for sock in holders:
            sock.settimeout(0.05)
            try:
                reply = read_answer(sock)
            except TimeoutError:
                continue  # still held: within the budget
            assert reply is not None
            assert reply.status == 429, reply
            assert reply.json()["code"] == GUARDS.server_busy_code
            refused += 1
        assert 0 < refused < HOLDERS  # the budget admitted some and refused the rest
    finally:
        for sock in holders:
            sock.close()
