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
  ZENLAYER_CONTRACT_RATE_LIMIT         live: Schemathesis rate limit (default 2/s)
  ZENLAYER_CONTRACT_MOCK_MODULE        mock: the module serving the mock (a broken variant in self-tests)
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping

import attrs
import requests

from contract_tests.live_guard import LiveGuard, LivePlan, LiveRefusal, live_plan
from contract_tests.signing import BearerSigner, ZcSigner
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

    @property
    def is_mock(self) -> bool:
        return self.kind == MOCK


def target_from_env(environ: Mapping[str, str] | None = None) -> Target:
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
    auth: requests.auth.AuthBase
    if env.get("ZENLAYER_ACCESS_KEY_ID") and env.get("ZENLAYER_ACCESS_KEY_PASSWORD"):
        auth = ZcSigner(env["ZENLAYER_ACCESS_KEY_ID"], env["ZENLAYER_ACCESS_KEY_PASSWORD"])
    elif env.get("ZENLAYER_TOKEN"):
        auth = BearerSigner(env["ZENLAYER_TOKEN"])
    else:
        raise TargetError("a live run needs ZENLAYER_ACCESS_KEY_ID and ZENLAYER_ACCESS_KEY_PASSWORD, or ZENLAYER_TOKEN")
    rate_limit = env.get("ZENLAYER_CONTRACT_RATE_LIMIT", "2/s")
    try:
        plan = live_plan(load_spec(), env, live_base_url(env), rate_limit, PHASES)
    except LiveRefusal as refusal:
        raise TargetError(
            "a live run refuses to start, nothing was sent:\n" + "\n".join(f"  {line}" for line in refusal.problems)
        ) from None
    return Target(kind=LIVE, auth=LiveGuard(auth, plan), plan=plan, rate_limit=rate_limit)


def live_base_url(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    return env["ZENLAYER_CONTRACT_BASE_URL"].rstrip("/")
