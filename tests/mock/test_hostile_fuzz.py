"""Thousands of generated hostile requests to the mock as a real process, over raw sockets: random and
boundary header values, timestamps, nesting, encodings, duplicate headers, truncated and oversized
bodies, with and without valid signatures. Never a 5xx, always the JSON envelope with a code the spec
declares at that status (or the documented 404 and 405 answers), and the world unchanged by all of it.
Seeded: a failure names the seed and the case to replay."""

from __future__ import annotations

import json
import random
import socket
from collections import Counter

import attrs

from tests.mock.conftest import StartMock
from tests.mock.harness import Caller, MockProcess
from tests.mock.raw_http import Answer, Connection, request_bytes, signed_headers
from zenlayer_spec.document import load_document
from zenlayer_spec.errors import error_catalogue
from zenlayer_spec.guards import request_guards
from zenlayer_spec.operations import operations

DOCUMENT = load_document()
CATALOGUE = error_catalogue(DOCUMENT)
GUARDS = request_guards(DOCUMENT)
OPERATIONS = operations(DOCUMENT)
ACTIONS = sorted(operation.action for operation in OPERATIONS.values())
STATE_CHANGING = {operation.action for operation in OPERATIONS.values() if operation.changes_state}
SEED = 20261128
CASES = 5000
# Real instances: a truncated or refused request that names them must change nothing.
REAL_CHANGES = [
    ("ResetInstance", {"instanceId": "ins-stopped-fra", "imageId": "img-ubuntu-2204", "password": "Example+123"}),
    ("StopInstances", {"instanceIds": ["ins-running-fra"]}),
]
WEIRD_TEXT = ["", " ", "²", "1¹", "١٢٣", "\t1", "-1", "1e9", "0x10", "NaN", "∞", "é", "\x7f", "a" * 300, "9" * 5000]


@attrs.frozen
class Case:
    kind: str
    data: bytes
    answered: bool = True  # False: the sender hangs up before its request is complete


def _body_for(rng: random.Random, action: str) -> bytes:
    """A body that cannot change the world: real-looking fields, ids that do not exist."""
    fields: dict[str, object] = {}
    for _ in range(rng.randint(0, 4)):
        name = rng.choice(
            [
                "instanceId",
                "instanceIds",
                "imageId",
                "password",
                "keyId",
                "zoneId",
                "pageSize",
                "pageNum",
                "imageName",
                "category",
                "osType",
                "initScript",
                "instanceName",
                "x",
            ]
        )
        fields[name] = rng.choice(
            [
                None,
                True,
                -1,
                0,
                2**63,
                1.5,
                "",
                "ins-hostile-" + str(rng.randint(0, 99)),
                ["ins-hostile-1"] * rng.randint(0, 120),
                {"a": 1},
                "x" * rng.randint(0, 70),
                "FRA-A",
                "Example+123",
            ]
        )
    if action in STATE_CHANGING:
        for key in ("instanceId",):
            fields[key] = f"ins-hostile-{rng.randint(0, 9)}"
        fields["instanceIds"] = [f"ins-hostile-{rng.randint(0, 9)}"]
    return json.dumps(fields).encode()


def generate(rng: random.Random, host: str) -> Case:
    kind = rng.choice(
        [
            "authorization",
            "timestamp",
            "nesting",
            "encoding",
            "duplicate",
            "body",
            "method_path",
            "header_size",
            "truncated",
            "oversized",
            "not_http",
            "bearer",
        ]
    )
    action = rng.choice([*ACTIONS, "NoSuchAction", ""])
    body = _body_for(rng, action)
    headers = signed_headers(host, body, action=action)
    if kind == "authorization":
        value = rng.choice(
            [
                *WEIRD_TEXT,
                "ZC2-HMAC-SHA256 Credential=x",
                headers[-1][1][:-1] + "0",
                headers[-1][1].replace("zl-mock-key-id", "other-key"),
            ]
        )
        headers = [(n, value if n == "Authorization" else v) for n, v in headers]
    elif kind == "timestamp":
        headers = [(n, rng.choice(WEIRD_TEXT) if n == "X-ZC-Timestamp" else v) for n, v in headers]
    elif kind == "nesting":
        depth = rng.randint(1, 3000)
        body = b'{"instanceIds": ' + b"[" * depth + b'"ins-hostile-1"' + b"]" * depth + b', "zoneId": "FRA-A"}'
        headers = signed_headers(host, body, action=action)
    elif kind == "encoding":
        body = rng.choice(
            [
                bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 64))),
                b"\xef\xbb\xbf{}",
                b"\xff\xfe{\x00}\x00",
                b'{"pageSize": NaN}',
                b'{"a": "\xc3\x28"}',
                b"{}" * 3,
                b"null",
                b"[]",
                b'"{}"',
            ]
        )
        content_type = rng.choice(
            [
                "application/json",
                "application/json; charset=utf-8",
                "text/plain",
                "application/json; charset=utf-16",
                "",
                "é/ü",
            ]
        )
        headers = signed_headers(host, body, action=action, content_type=content_type)
    elif kind == "duplicate":
        name = rng.choice(
            [
                "Authorization",
                "X-ZC-Action",
                "X-ZC-Version",
                "X-ZC-Timestamp",
                "Content-Type",
                "Host",
                "X-ZC-Signature-Method",
            ]
        )
        value = dict(headers).get(name, "x") if rng.random() < 0.5 else rng.choice(WEIRD_TEXT[:8])
        headers = [*headers, (name, value)]
    elif kind == "method_path":
        method = rng.choice(["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "POST", "HEAD"])
        path = rng.choice(["/api/v2/vm", "/", "/api/v2", "/api/v2/vm/", "/api/v2/vm?x=1", "/%2e%2e/", "/api/v2/vm#x"])
        if method == "HEAD":  # an answer to HEAD has no body by definition: checked elsewhere
            method = "GET"
        return Case(kind, request_bytes(headers, body, method=method, path=path))
    elif kind == "header_size":
        size = rng.choice([1, 1000, GUARDS.max_header_bytes.limit - 2000, GUARDS.max_header_bytes.limit + 1, 40_000])
        headers = [*headers, ("X-Padding", "p" * size)]
    elif kind == "truncated":
        real_action, real_body = rng.choice(REAL_CHANGES)
        encoded = json.dumps(real_body).encode()
        headers = signed_headers(host, encoded, action=real_action)
        cut = rng.randint(0, len(encoded) - 1)
        return Case(kind, request_bytes(headers, encoded[:cut], content_length=len(encoded)), answered=False)
    elif kind == "oversized":
        if rng.random() < 0.9:  # keep the count of 1 MiB bodies small: the rest are just announced
            return Case(kind, request_bytes(headers, b"{}", content_length=GUARDS.max_body_bytes + 1)[:-2])
        body = b'{"x": "' + b"a" * GUARDS.max_body_bytes + b'"}'
        headers = signed_headers(host, body, action=action)
    elif kind == "not_http":
        return Case(kind, bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 200))) + b"\r\n\r\n")
    elif kind == "bearer":
        headers = [(n, v) for n, v in headers if n not in {"Authorization", "X-ZC-Timestamp", "X-ZC-Signature-Method"}]
        headers.append(
            ("Authorization", "Bearer " + rng.choice(["zl-mock-token-", "", "zl-mock-toke", *WEIRD_TEXT[:6]]))
        )
    return Case(kind, request_bytes(headers, body))


def problem_with(answer: Answer, case: Case) -> str | None:
    """What is wrong with `answer`, if anything."""
    if answer.status >= 500:
        return f"a {answer.status}"
    if answer.headers.get("content-type") != "application/json":
        return f"content-type {answer.headers.get('content-type')!r}"
    try:
        body = answer.json()
    except ValueError:
        return "a body that is not JSON"
    if answer.status == 200:
        # Only reads may succeed: every state-changing body here names instances that do not exist.
        changing = any(f"X-ZC-Action: {action}\r\n".encode() in case.data for action in STATE_CHANGING)
        return "a 200 to a state-changing request" if changing else None
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("code"), str)
        or not isinstance(body.get("requestId"), str)
    ):
        return f"not the error envelope: {body!r}"[:200]
    declared = CATALOGUE.get(body["code"])
    if declared is None:
        return f"an undeclared code {body['code']}"
    if answer.status == 405:
        return None if answer.headers.get("allow") == "POST" else "405 without Allow: POST"
    if declared.status != answer.status:
        return f"{body['code']} with HTTP {answer.status}, declared with {declared.status}"
    return None


def world(mock: MockProcess) -> object:
    answer = Caller(mock.endpoint).call("DescribeInstancesStatus", {"pageSize": 1000})
    assert answer.status_code == 200
    return answer.json()["response"]["dataSet"]


def run_cases(mock: MockProcess, count: int, seed: int) -> tuple[Counter[str], list[str]]:
    host, port = mock.endpoint.removeprefix("http://").split("/", 1)[0].split(":")
    rng = random.Random(seed)
    seen: Counter[str] = Counter()
    problems: list[str] = []
    with Connection(host, int(port)) as connection:
        for index in range(count):
            case = generate(rng, f"{host}:{port}")
            seen[case.kind] += 1
            if not case.answered:
                with socket.create_connection((host, int(port)), timeout=10) as sock:
                    sock.sendall(case.data)  # then hang up, mid-body
                continue
            answer = connection.exchange(case.data)
            connection.close()  # a hostile request may leave the connection in any state
            if answer is None:
                problems.append(f"case {index} ({case.kind}): closed without an answer")
            elif (problem := problem_with(answer, case)) is not None:
                problems.append(f"case {index} ({case.kind}): {problem}; sent {case.data[:160]!r}")
    return seen, problems


def test_thousands_of_hostile_requests_get_declared_answers_and_change_nothing(start_mock: StartMock) -> None:
    mock = start_mock("--transition-seconds", "600")
    before = world(mock)
    seen, problems = run_cases(mock, CASES, SEED)
    assert problems == [], f"seed {SEED}: {len(problems)} problems, first: {problems[:5]}"
    assert world(mock) == before
    assert sum(seen.values()) == CASES
    assert min(seen.values()) > CASES / 30, seen  # every kind was drawn often
    mock.stop()
    assert not [line for line in mock.log if "Traceback" in line or "Exception" in line], mock.log[-20:]
