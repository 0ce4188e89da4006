"""The suite's clock-window cases (a timestamp just inside or just outside the signing window) give
their answer whatever the fraction of a second they are made at and however long the trip: a live
service, or a mock on a loaded machine, sees them later than they were made."""

from __future__ import annotations

import time

import httpx
import pytest

from contract_tests.raw_calls import Caller
from contract_tests.rule_cases import RULE_CASES, RuleCase
from mock_server import MockApp
from tests.mock.in_process import InProcessTransport

ENDPOINT = "http://mock.test/api/v2/vm"


@pytest.mark.parametrize("case", [case for case in RULE_CASES if "timestamp" in case.name], ids=lambda case: case.name)
@pytest.mark.parametrize("latency", [0.0, 0.5, 0.9])
def test_the_clock_window_cases_hold_on_an_unlucky_second_and_a_slow_trip(
    case: RuleCase, latency: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The caller's clock just before a second ends (truncated, a stamp is almost a second older than
    it says), and the request arrives up to 0.9 s later on the service's clock: each clock-window case
    still gets its answer."""
    sent_at = 1_800_000_000.99
    monkeypatch.setattr(time, "time", lambda: sent_at)  # the caller's clock (rule_cases reads time.time)
    app = MockApp(wall_clock=lambda: sent_at + latency)
    response = case.send(Caller(ENDPOINT, http=httpx.Client(transport=InProcessTransport(app))))
    answered = response.status_code, response.json().get("code") if response.status_code >= 400 else None
    assert answered == (case.status, case.code)
