"""`nox -s contract-live-sweep`: release what a killed live run left.

It finds the run's own instances two ways, and lists them before acting: the ledger a run writes
(reports/live/ledger.json: each id as soon as it was made) and the name prefix every made instance
carries (`zc-contract-`, listed with DescribeInstances). Then it terminates and releases each and waits
until it is gone, through a gateway of its own (signed and logged as in a run). `--list` only lists.
Exit 0: nothing is left; 1: something could not be released (said); 2: a setting is missing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from contract_tests import disposable
from contract_tests.gateway import Gateway, RateLimiter, interval_of
from contract_tests.live_guard import LivePlan
from contract_tests.target import REPORTS, credentials_from_env, live_base_url
from zenlayer_spec import load_spec

PAGE = 100


def _by_prefix(gateway: Gateway, prefix: str) -> list[str]:
    """Every instance whose name starts with `prefix`, page by page."""
    found: list[str] = []
    number = 1
    while True:
        status, answer = gateway.send_owned(
            disposable.LIST, {"instanceName": f"{prefix}*", "pageNum": number, "pageSize": PAGE}, cleanup=True
        )
        inner = answer.get("response", {}) if isinstance(answer, dict) else {}
        if status != 200:
            raise disposable.DisposableError(f"{disposable.LIST} answered {status} {answer.get('code', '')}")
        items = inner.get("dataSet") or []
        found += [str(item["instanceId"]) for item in items if str(item.get("instanceName", "")).startswith(prefix)]
        if number * PAGE >= int(inner.get("totalCount") or 0) or not items:
            return found
        number += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="contract-live-sweep", description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="list what is left; release nothing")
    parser.add_argument("--reports", type=Path, default=REPORTS, help="the run's reports directory")
    arguments = parser.parse_args(argv)

    credentials = credentials_from_env(os.environ)
    if credentials is None or not os.environ.get("ZENLAYER_CONTRACT_BASE_URL"):
        print(
            "error: the sweep needs ZENLAYER_CONTRACT_BASE_URL, and ZENLAYER_ACCESS_KEY_ID with "
            "ZENLAYER_ACCESS_KEY_PASSWORD (or ZENLAYER_TOKEN)",
            file=sys.stderr,
        )
        return 2
    spec = load_spec()
    rate = os.environ.get("ZENLAYER_CONTRACT_RATE_LIMIT", "2/s")
    plan = LivePlan((), {}, 0, rate, (), live_base_url(os.environ))
    gateway = Gateway(spec, plan, live_base_url(os.environ), credentials, limiter=RateLimiter(interval_of(rate)))
    path = arguments.reports.parent / "live" / disposable.LEDGER_NAME
    ledger = disposable.Ledger.read(path) or disposable.Ledger(path, "sweep", disposable.NAME_PREFIX)
    try:
        by_prefix = _by_prefix(gateway, disposable.NAME_PREFIX)
    except disposable.DisposableError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    from_ledger = ledger.left()
    found = list(dict.fromkeys([*from_ledger, *by_prefix]))
    print(
        f"found {len(found)} instance(s) of contract runs ({len(from_ledger)} in {path}, {len(by_prefix)} by "
        f"the name prefix {disposable.NAME_PREFIX}*): {', '.join(found) or 'none'}"
    )
    if arguments.list or not found:
        return 0
    for instance_id in found:
        ledger.instances.setdefault(instance_id, "made")
    ledger.write()
    waiter = spec.operations[disposable.CREATE].waiter
    assert waiter is not None
    poll = float(os.environ.get("ZENLAYER_CONTRACT_POLL_SECONDS", waiter.delay_seconds))
    owned = disposable.Disposables(gateway, None, ledger, waiter, poll, print)
    lines = owned.release_all()
    for line in lines:
        print(line)
    left = ledger.left()
    print(f"left: {', '.join(left)}" if left else "nothing is left")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
