"""What the suite runs against: the mock (default; started as a real process on a free loopback port)
or a live endpoint, with the credentials, allow-list and rate limit taken from the environment.

Environment:
  ZENLAYER_CONTRACT_TARGET             mock (default) or live
  ZENLAYER_CONTRACT_BASE_URL           live: the API base URL, e.g. https://console.zenlayer.com/api/v2
  ZENLAYER_ACCESS_KEY_ID / _PASSWORD   live: an access key (or ZENLAYER_TOKEN, a bearer token)
  ZENLAYER_CONTRACT_ALLOWED_<KIND>S    live: comma-separated ids of each kind of resource that state-changing
                                       requests name (INSTANCES, IMAGES, KEY_PAIRS, ...; see contract_tests/
                                       live_guard.py): every such variable must be set, empty for none
  ZENLAYER_CONTRACT_LIVE_BUDGET        live: at most this many state-changing requests naming an allowed id (10)
  ZENLAYER_CONTRACT_PREFLIGHT_SECONDS  live: how long the first, checking call may take (10)
  ZENLAYER_CONTRACT_POLL_SECONDS       live: the pause between the lifecycle check's polls (the waiter's delay)
  ZENLAYER_CONTRACT_REQUEST_SECONDS    live: how long the endpoint may stay silent on one request (30)
  ZENLAYER_CONTRACT_RATE_LIMIT         live: requests per second, minute or hour for the whole run (default 2/s)
  ZENLAYER_CONTRACT_MOCK_MODULE        mock: the module serving the mock (a broken variant in self-tests)
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from pathlib import Path

import attrs
import requests

from contract_tests import progress
from contract_tests.disposable import CreatePlan, DisposableError, create_plan
from contract_tests.gateway import Credentials, Gateway, RateLimiter, interval_of
from contract_tests.live_guard import LivePlan, LiveRefusal, live_plan
from contract_tests.signing import ZcSigner
from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from zenlayer_spec import load_spec

MOCK = "mock"
LIVE = "live"
# How long each transitional status lasts in the mock the suite starts, in requests rather than seconds:
# short, so lifecycle checks are quick, and counted in requests, so that a seeded run repeats its answers
# (on the machine's clock a slow day turns a 200 into a 403, and the stateful phase then takes other links).
MOCK_TRANSITION_REQUESTS = 6
# The phases a run goes through, for the live plan.
PHASES = ("examples", "coverage", "fuzzing", "stateful")
REQUEST_SECONDS_VARIABLE = "ZENLAYER_CONTRACT_REQUEST_SECONDS"
REPORTS = Path(__file__).resolve().parent.parent / "reports" / "contract"


class TargetError(Exception):
    """The environment does not describe a usable target."""


@attrs.frozen
class Target:
    kind: str
    auth: requests.auth.AuthBase
    plan: LivePlan | None = None  # live: what the guard lets through
    rate_limit: str | None = None
    mock_module: str = "mock_server"
    # More options for the mock the suite starts (e.g. `--fixtures FILE` for another world).
    mock_options: tuple[str, ...] = ()
    gateway: Gateway | None = None  # live: the one way out to the endpoint
    create: CreatePlan | None = None  # live: the instances the run makes and releases (contract_tests.disposable)

    @property
    def base_url(self) -> str:
        """Live: where the run sends (the gateway, started). The mock's is its process's own."""
        if self.gateway is None:
            raise TargetError("the mock's base URL is its process's own")
        return self.gateway.base_url

    @property
    def is_mock(self) -> bool:
        return self.kind == MOCK


def target_from_env(
    environ: Mapping[str, str] | None = None, shard: tuple[int, int] | None = None, reports: Path = REPORTS
) -> Target:
    """The target the environment describes. Live: the plan and the gateway (not started yet), or
    TargetError saying what is missing; nothing is sent here."""
    env = os.environ if environ is None else environ
    kind = env.get("ZENLAYER_CONTRACT_TARGET", MOCK)
    if kind == MOCK:
        return Target(
            kind=MOCK,
            auth=ZcSigner(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD),
            mock_module=env.get("ZENLAYER_CONTRACT_MOCK_MODULE", "mock_server"),
            mock_options=tuple(shlex.split(env.get("ZENLAYER_CONTRACT_MOCK_OPTIONS", ""))),
        )
    if kind != LIVE:
        raise TargetError(f"ZENLAYER_CONTRACT_TARGET must be {MOCK} or {LIVE}, not {kind!r}")
    if not env.get("ZENLAYER_CONTRACT_BASE_URL"):
        raise TargetError("a live run needs ZENLAYER_CONTRACT_BASE_URL")
    credentials = credentials_from_env(env)
    if credentials is None:
        raise TargetError("a live run needs ZENLAYER_ACCESS_KEY_ID and ZENLAYER_ACCESS_KEY_PASSWORD, or ZENLAYER_TOKEN")
    rate_limit = env.get("ZENLAYER_CONTRACT_RATE_LIMIT", "2/s")
    if progress.per_second(rate_limit) is None:
        raise TargetError(f"ZENLAYER_CONTRACT_RATE_LIMIT must read like 2/s, 100/m or 3600/h, not {rate_limit!r}")
    raw_seconds = env.get(REQUEST_SECONDS_VARIABLE, "30")
    try:
        seconds = float(raw_seconds)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise TargetError(f"{REQUEST_SECONDS_VARIABLE} must be a number of seconds above 0, not {raw_seconds!r}")
    spec = load_spec()
    try:
        plan = live_plan(spec, env, live_base_url(env), rate_limit, PHASES, shard)
    except LiveRefusal as refusal:
        raise TargetError(
            "a live run refuses to start, nothing was sent:\n" + "\n".join(f"  {line}" for line in refusal.problems)
        ) from None
    gateway = Gateway(
        spec,
        plan,
        live_base_url(env),
        credentials,
        limiter=RateLimiter(interval_of(rate_limit)),
        timeout=seconds,
        wire_log=reports / (f"live-wire-{shard[0]}-of-{shard[1]}.jsonl" if shard else "live-wire.jsonl"),
    )
    try:
        create = create_plan(env)
    except DisposableError as error:
        raise TargetError(f"a live run refuses to start, nothing was sent: {error}") from None
    return Target(kind=LIVE, auth=gateway.auth, plan=plan, rate_limit=rate_limit, gateway=gateway, create=create)


def credentials_from_env(env: Mapping[str, str]) -> Credentials | None:
    if env.get("ZENLAYER_ACCESS_KEY_ID") and env.get("ZENLAYER_ACCESS_KEY_PASSWORD"):
        return Credentials(env["ZENLAYER_ACCESS_KEY_ID"], env["ZENLAYER_ACCESS_KEY_PASSWORD"])
    if env.get("ZENLAYER_TOKEN"):
        return Credentials(token=env["ZENLAYER_TOKEN"])
    return None


def live_base_url(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    return env["ZENLAYER_CONTRACT_BASE_URL"].rstrip("/")
