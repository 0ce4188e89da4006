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
from zenlayer_spec import Spec, load_spec

PAGE = 100


def _by_prefix(gateway: Gateway, spec: Spec, life: disposable.Lifecycle, prefix: str) -> list[str]:
    """Every resource whose name starts with `prefix`, page by page, through the kind's list."""
    listing = life.listing.operation.operation_id
    rules = spec.list_rules[listing]
    name = next(f.item_field for f in rules.filters if f.request_field == life.name_filter)
    found: list[str] = []
    number = 1
    while True:
        body = {life.name_filter: f"{prefix}*", rules.page_number: number, rules.page_size: PAGE}
        status, answer = gateway.send_owned(listing, body, cleanup=True)
        inner = answer.get("response", {}) if isinstance(answer, dict) else {}
        if status != 200:
            raise disposable.DisposableError(f"{listing} answered {status} {answer.get('code', '')}")
        items = inner.get(rules.items) or []
        found += [str(item[life.listing.id_field]) for item in items if str(item.get(name, "")).startswith(prefix)]
        if number * PAGE >= int(inner.get(rules.total) or 0) or not items:
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
        life = disposable.lifecycle(spec)
        by_prefix = _by_prefix(gateway, spec, life, disposable.NAME_PREFIX)
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
    poll = float(os.environ.get("ZENLAYER_CONTRACT_POLL_SECONDS", life.running.delay_seconds))
    owned = disposable.Disposables(gateway, None, ledger, life, poll, print)
    lines = owned.release_all()
    for line in lines:
        print(line)
    left = ledger.left()
    print(f"left: {', '.join(left)}" if left else "nothing is left")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
