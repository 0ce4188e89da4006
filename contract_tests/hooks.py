"""For users of the Schemathesis CLI: the suite's signing, checks and hooks for `st run`, against the mock.

    SCHEMATHESIS_HOOKS=contract_tests.hooks \\
    st --config-file contract_tests/schemathesis.toml run spec/zenlayer-vm.openapi.yaml --url http://127.0.0.1:8080/api/v2

Safe by default: `st run` signs only for a mock on this machine. It refuses, in words and before anything
is sent (exit 2), when the base URL (`--url`, else the spec's server) is not a loopback address, when
credentials other than the mock's are in the environment, or when ZENLAYER_CONTRACT_TARGET=live: a live
run goes through `nox -s contract-live`, whose one gateway guards, budgets, rate limits and counts every
request (`st run` and its own checks' re-sends would pass it by).
Credentials: the mock's own (ZENLAYER_ACCESS_KEY_ID/ZENLAYER_ACCESS_KEY_PASSWORD or ZENLAYER_TOKEN may
repeat them). ZENLAYER_CONTRACT_BASE_URL turns on the lifecycle check (it polls the instance afterwards).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

import schemathesis
from schemathesis.schemas import BaseSchema

from contract_tests import (
    checks,  # noqa: F401 - registers the suite's checks and hooks
    loopback,
)
from contract_tests import run as run_state
from contract_tests.signing import ZcSigner
from contract_tests.target import LIVE, MOCK, Target
from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from zenlayer_vm_client.hosts import is_loopback_url

LIVE_INSTEAD = "a live run goes through `python3 -m nox -s contract-live` (docs/contract-suite.md, 'Live safety')"


class Refused(Exception):
    """`st run` would send somewhere, or sign with something, that is not the local mock."""


def cli_target(base_url: str | None, environ: Mapping[str, str] | None = None) -> Target:
    """The mock's target for `st run`, or Refused saying why not."""
    env = os.environ if environ is None else environ
    if env.get("ZENLAYER_CONTRACT_TARGET", MOCK) == LIVE:
        raise Refused(f"st run does not run live (ZENLAYER_CONTRACT_TARGET=live): {LIVE_INSTEAD}")
    key_id, password, token = (
        env.get(name) for name in ("ZENLAYER_ACCESS_KEY_ID", "ZENLAYER_ACCESS_KEY_PASSWORD", "ZENLAYER_TOKEN")
    )
    if token or (key_id or DEFAULT_ACCESS_KEY_ID, password or DEFAULT_ACCESS_KEY_PASSWORD) != (
        DEFAULT_ACCESS_KEY_ID,
        DEFAULT_ACCESS_KEY_PASSWORD,
    ):
        raise Refused(
            "st run signs only with the mock's credentials, and the environment holds others "
            f"(ZENLAYER_ACCESS_KEY_ID/_PASSWORD or ZENLAYER_TOKEN): unset them for the mock; {LIVE_INSTEAD}"
        )
    for url in (base_url, env.get("ZENLAYER_CONTRACT_BASE_URL")):
        if url is not None and not is_loopback_url(url):
            raise Refused(
                f"st run sends only to a mock on this machine, and {url} is not a loopback address; {LIVE_INSTEAD}"
            )
    return Target(MOCK, ZcSigner(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD))


def _base_url(schema: BaseSchema) -> str:
    """Where `st run` will send: its --url, else the spec's first server."""
    chosen = schema.config.base_url
    if chosen:
        return str(chosen)
    servers = schema.raw_schema.get("servers") or [{}]
    return str(servers[0].get("url", ""))


@schemathesis.hook
def after_load_schema(context: schemathesis.HookContext, schema: BaseSchema) -> None:
    """`st run` loads the schema: give it the mock's signer and, with a base URL, its run; or refuse."""
    try:
        target = cli_target(_base_url(schema))
    except Refused as refusal:
        # In words, not as a hook's traceback, and before Schemathesis sends anything.
        sys.stderr.write(f"contract_tests.hooks: refused, nothing was sent: {refusal}\n")
        sys.stderr.flush()
        os._exit(2)
    loopback.add_to_no_proxy()  # for the rest of this `st run`, which sends only to loopback
    schema.auth.set_from_requests(target.auth)
    run_state.sanitize_secrets(schema.config)
    if os.environ.get("ZENLAYER_CONTRACT_BASE_URL"):
        run = run_state.Run(
            target=target,
            base_url=os.environ["ZENLAYER_CONTRACT_BASE_URL"].rstrip("/"),
            lifecycle_cap_seconds=30.0,
            lifecycle_poll_seconds=0.1,
        )
        run_state.attach(schema, run)
