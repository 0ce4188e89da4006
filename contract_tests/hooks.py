"""For users of the Schemathesis CLI: the suite's signing, checks and hooks for `st run`.

    SCHEMATHESIS_HOOKS=contract_tests.hooks \\
    st --config-file contract_tests/schemathesis.toml run spec/zenlayer-vm.openapi.yaml --url http://127.0.0.1:8080/api/v2

Credentials: ZENLAYER_ACCESS_KEY_ID and ZENLAYER_ACCESS_KEY_PASSWORD, or ZENLAYER_TOKEN; the mock's own
by default. With ZENLAYER_CONTRACT_TARGET=live (and ZENLAYER_CONTRACT_BASE_URL), the live guard of the
pytest suite applies (contract_tests/live_guard.py): state-changing calls name only the allow-listed ids of
each kind, and a doubt refuses the run.
ZENLAYER_CONTRACT_BASE_URL also turns on the lifecycle check (it polls the instance afterwards).
"""

from __future__ import annotations

import os

import schemathesis
from schemathesis.schemas import BaseSchema

from contract_tests import checks  # noqa: F401 - registers the suite's checks and hooks
from contract_tests import run as run_state
from contract_tests.signing import BearerSigner, ZcSigner
from contract_tests.target import LIVE, MOCK, Target, target_from_env
from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD


def cli_target() -> Target:
    if os.environ.get("ZENLAYER_CONTRACT_TARGET") == LIVE:
        return target_from_env()
    if os.environ.get("ZENLAYER_ACCESS_KEY_ID") and os.environ.get("ZENLAYER_ACCESS_KEY_PASSWORD"):
        return Target(MOCK, ZcSigner(os.environ["ZENLAYER_ACCESS_KEY_ID"], os.environ["ZENLAYER_ACCESS_KEY_PASSWORD"]))
    if os.environ.get("ZENLAYER_TOKEN"):
        return Target(MOCK, BearerSigner(os.environ["ZENLAYER_TOKEN"]))
    return Target(MOCK, ZcSigner(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD))


@schemathesis.hook
def after_load_schema(context: schemathesis.HookContext, schema: BaseSchema) -> None:
    """`st run` loads the schema: give it the suite's signer and, with a base URL, its run."""
    target = cli_target()
    schema.auth.set_from_requests(target.auth)
    if os.environ.get("ZENLAYER_CONTRACT_BASE_URL"):
        run = run_state.Run(
            target=target,
            base_url=os.environ["ZENLAYER_CONTRACT_BASE_URL"].rstrip("/"),
            lifecycle_cap_seconds=30.0 if target.is_mock else None,
            lifecycle_poll_seconds=0.1 if target.is_mock else None,
        )
        run_state.attach(schema, run)
