"""The gateway is the one way out of a live run, and it fails closed. Each request below is sent to a
gateway whose live endpoint is a recording proxy in front of the mock; the assertions read what reached
the proxy: nothing, or the request with every id it names redirected to one that cannot exist."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from contract_tests.gateway import (
    GATEWAY_HEADER,
    INTERRUPTED,
    REFUSED,
    UNREACHABLE,
    Credentials,
    Gateway,
    RateLimiter,
)
from contract_tests.live_guard import NONEXISTENT_PREFIX, live_plan
from contract_tests.target import TargetError, target_from_env
from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from mock_server.process import MockProcess
from tests.contract_suite.wire import RecordingProxy, outside
from zenlayer_spec import load_spec
from zenlayer_spec.signing import AUTHORIZATION_HEADER

SPEC = load_spec()
ALLOWED = "ins-stopped-fra"
ENVIRON = {
    "ZENLAYER_CONTRACT_ALLOWED_INSTANCES": ALLOWED,
    "ZENLAYER_CONTRACT_ALLOWED_IMAGES": "",
    "ZENLAYER_CONTRACT_ALLOWED_KEY_PAIRS": "",
    "ZENLAYER_CONTRACT_LIVE_BUDGET": "3",
}


@pytest.fixture(scope="module")
def mock() -> Iterator[MockProcess]:
    with MockProcess("--quiet") as started:
        yield started


@pytest.fixture
def proxy(mock: MockProcess) -> Iterator[RecordingProxy]:
    started = RecordingProxy(mock.base_url)
    yield started
    started.stop()


@pytest.fixture
def gateway(proxy: RecordingProxy) -> Iterator[Gateway]:
    plan = live_plan(SPEC, ENVIRON, proxy.base_url, "1000/s", ("examples",))
    credentials = Credentials(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD)
    started = Gateway(SPEC, plan, proxy.base_url, credentials, limiter=RateLimiter(0.0)).start()
    yield started
    started.close()


def send(
    gateway: Gateway,
    body: bytes | dict[str, object],
    *,
    action: str | None = "StopInstances",
    headers: list[tuple[str, str]] | None = None,
    path: str = "/vm",
    method: str = "POST",
    signed: bool = True,
) -> httpx.Response:
    version = next(iter(SPEC.operations.values())).api_version
    sent: list[tuple[str, str]] = [("Content-Type", "application/json"), ("X-ZC-Version", version)]
    if action is not None:
        sent.append(("X-ZC-Action", action))
    if signed:
        sent.append((AUTHORIZATION_HEADER, gateway.auth.header))
    sent += headers or []
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    # http.client sends header values as given (httpx refuses some of the malformed ones tried here).
    url = httpx.URL(gateway.base_url)
    connection = http.client.HTTPConnection(url.host, url.port, timeout=30)
    connection.putrequest(method, f"{url.path}{path}", skip_accept_encoding=True)
    for name, value in [*sent, ("Content-Length", str(len(content)))]:
        connection.putheader(name, value)
    connection.endheaders(content)
    answer = connection.getresponse()
    response = httpx.Response(answer.status, headers=answer.getheaders(), content=answer.read())
    connection.close()
    return response


def refused(answer: httpx.Response) -> bool:
    return (
        answer.status_code == 403 and answer.json()["code"] == REFUSED and answer.headers[GATEWAY_HEADER] == "refused"
    )


@pytest.mark.parametrize(
    ("what", "options"),
    [
        ("a query parameter naming an instance", {"path": "/vm?instanceId=ins-running-fra"}),
        ("a query string on a read", {"path": "/vm?x=1", "action": "DescribeImages"}),
        ("a header naming an instance", {"headers": [("X-Instance-Id", "ins-running-fra")]}),
        ("an unknown action", {"action": "AAA"}),
        ("the action null", {"action": "null"}),
        ("no action", {"action": None}),
        ("an action in other case", {"action": "stopinstances"}),
        ("two action headers", {"headers": [("X-ZC-Action", "DescribeImages")]}),
        ("a path outside the API", {"path": "/../other/vm"}),
        ("another method with a body", {"method": "PUT"}),
    ],
)
def test_what_the_guard_cannot_read_is_not_sent(
    what: str, options: dict[str, object], gateway: Gateway, proxy: RecordingProxy
) -> None:
    answer = send(gateway, {"instanceIds": ["ins-running-fra"]}, **options)  # type: ignore[arg-type]
    assert refused(answer), f"{what}: {answer.status_code} {answer.text}"
    assert proxy.seen == [], what


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"instanceIds": ["ins-stopped-fra"], "instanceIds": ["ins-running-fra"]}',  # a key twice
        b'["ins-running-fra"]',
        b"\xff\xfe",
    ],
)
def test_a_body_the_guard_cannot_read_is_not_sent(body: bytes, gateway: Gateway, proxy: RecordingProxy) -> None:
    assert refused(send(gateway, body))
    assert proxy.seen == []


@pytest.mark.parametrize(
    "body",
    [
        {"instanceIdList": ["ins-running-fra"]},
        {"instance_id": "ins-running-fra"},
        {"InstanceId": "ins-running-fra"},  # a declared field's name in another case
        {"instanceIds": "ins-running-fra"},  # a scalar where the schema has an array
        {"instanceIds": [12345]},
        {"instanceIds": ["ins-stopped-fra"], "instanceId": 12345},  # an integer id
        {"instanceIds": ["ins-stopped-fra"], "instanceId": None},
        {"instanceIds": ["ins-stopped-fra"], "targets": {"a": {"instanceId": "ins-running-fra"}}},  # in a map
        {"instanceIds": ["ins-stopped-fra"], "tuple": [["x", {"id": "ins-running-fra"}]]},  # in a tuple
        {"instanceIds": ["ins-stopped-fra"], "IDs": ["ins-running-fra"]},
        {"instanceIds": ["ins-stopped-fra", "ins-running-fra"]},
    ],
)
def test_every_id_at_any_place_of_any_type_is_redirected(
    body: dict[str, object], gateway: Gateway, proxy: RecordingProxy
) -> None:
    answer = send(gateway, body)
    assert answer.headers[GATEWAY_HEADER] == "redirected"
    assert answer.status_code != 200
    (seen,) = proxy.seen
    assert outside(proxy.seen, SPEC, set()) == []  # not even the allowed one: the request cannot succeed
    assert NONEXISTENT_PREFIX in seen.body.decode()
    assert gateway.tally.spent == 0


def test_a_padded_action_is_read_as_the_server_reads_it_or_not_sent(gateway: Gateway, proxy: RecordingProxy) -> None:
    """HTTP drops the spaces around a header's value, so `StopInstances ` is StopInstances to the gateway as to
    any server: it is guarded as that; nothing it names reaches the wire outside the allow-list."""
    answer = send(gateway, {"instanceIds": ["ins-running-fra"]}, action="StopInstances ")
    assert refused(answer) or answer.headers[GATEWAY_HEADER] == "redirected"
    assert all(seen.action == "StopInstances" for seen in proxy.seen)
    assert outside(proxy.seen, SPEC, set()) == []


def test_an_allowed_request_is_signed_once_and_counted_against_the_budget(
    gateway: Gateway, proxy: RecordingProxy
) -> None:
    answers = [send(gateway, {"instanceIds": [ALLOWED]}, action="StartInstances") for _ in range(4)]
    assert [answer.headers[GATEWAY_HEADER] for answer in answers] == ["sent", "sent", "sent", "redirected"]
    assert [json.loads(seen.body)["instanceIds"] == [ALLOWED] for seen in proxy.seen] == [True, True, True, False]
    assert all(seen.headers["authorization"].startswith("ZC2-HMAC-SHA256 Credential=") for seen in proxy.seen)
    assert gateway.tally.spent == 3
    assert gateway.tally.over_budget["StartInstances"] == 1


def test_an_unsigned_request_keeps_no_allowed_id(gateway: Gateway, proxy: RecordingProxy) -> None:
    """Schemathesis's ignored_auth re-sends a case without the auth, or with a broken one: it reaches the
    service unsigned, with its ids redirected, and spends nothing."""
    for headers in ([], [(AUTHORIZATION_HEADER, "Bearer SCHEMATHESIS-INVALID-VALUE")]):
        answer = send(gateway, {"instanceIds": [ALLOWED]}, signed=False, headers=headers)
        assert answer.status_code == 401
    assert outside(proxy.seen, SPEC, set()) == []
    assert all("ZC2-HMAC" not in seen.headers.get("authorization", "") for seen in proxy.seen)
    assert gateway.tally.spent == 0


def test_reads_go_as_they_came_and_a_bodyless_other_method_passes(gateway: Gateway, proxy: RecordingProxy) -> None:
    read = send(gateway, {"instanceIds": ["ins-running-fra"]}, action="DescribeInstancesStatus")
    other = send(gateway, b"", method="GET")
    assert read.status_code == 200
    assert other.status_code == 405
    assert json.loads(proxy.seen[0].body) == {"instanceIds": ["ins-running-fra"]}


def test_after_stop_nothing_is_sent(gateway: Gateway, proxy: RecordingProxy) -> None:
    gateway.stop("SIGINT")
    answer = send(gateway, {"instanceIds": [ALLOWED]})
    assert (answer.status_code, answer.json()["code"]) == (503, INTERRUPTED)
    assert proxy.seen == []
    assert "  interrupted by SIGINT: nothing was sent after it" in gateway.tally.lines(3)


def test_a_request_waiting_for_the_rate_limit_is_never_sent_once_stopped() -> None:
    """The limiter's wait ends as soon as the run is stopped (an event, not a sleep)."""
    clock = iter([0.0, 0.0, 0.0]).__next__
    waited: list[float] = []

    def wait(event: threading.Event, seconds: float) -> bool:
        waited.append(seconds)
        return True  # the run was stopped while it waited

    limiter = RateLimiter(0.5, clock=clock, wait=wait)
    stopped = threading.Event()
    assert limiter.take(stopped) is True  # the first slot is now
    assert limiter.take(stopped) is False  # the second waits 0.5 s and is stopped meanwhile
    assert waited == [0.5]


def test_a_silent_endpoint_is_answered_within_the_request_deadline() -> None:
    """An endpoint that takes the connection and never answers: the gateway answers 502, in words, once
    the deadline (ZENLAYER_CONTRACT_REQUEST_SECONDS) has passed, instead of holding the run."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections are queued, never read
        upstream = f"http://127.0.0.1:{silent.getsockname()[1]}/api/v2"
        plan = live_plan(SPEC, ENVIRON, upstream, "1000/s", ("examples",))
        credentials = Credentials(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD)
        gateway = Gateway(SPEC, plan, upstream, credentials, limiter=RateLimiter(0.0), timeout=0.3).start()
        try:
            answer = send(gateway, {"instanceIds": ["ins-running-fra"]}, action="DescribeInstancesStatus")
        finally:
            gateway.close()
    assert (answer.status_code, answer.json()["code"]) == (502, UNREACHABLE)
    assert answer.json()["message"].startswith("cannot reach 127.0.0.1:")


@pytest.mark.parametrize("seconds", ["soon", "0", "-1", "inf", "nan"])
def test_a_request_deadline_that_is_not_a_positive_number_refuses_the_run(seconds: str) -> None:
    environ = {
        **ENVIRON,
        "ZENLAYER_CONTRACT_TARGET": "live",
        "ZENLAYER_CONTRACT_BASE_URL": "https://api.example.test/api/v2",
        "ZENLAYER_ACCESS_KEY_ID": "key",
        "ZENLAYER_ACCESS_KEY_PASSWORD": "password",
        "ZENLAYER_CONTRACT_REQUEST_SECONDS": seconds,
    }
    with pytest.raises(TargetError, match="ZENLAYER_CONTRACT_REQUEST_SECONDS must be a number of seconds above 0"):
        target_from_env(environ)
