"""Before a live run sends anything else: one signed, harmless call (the spec's first operation that
changes nothing, with its first request example) checks that the endpoint is reachable, that it is the
API, that it takes the credentials and that this machine's clock is close enough. Any failure is one line
naming the host, and the run stops there (exit 2): no storm of connection tracebacks."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import requests

from contract_tests.gateway import GATEWAY_HEADER
from zenlayer_spec import Spec
from zenlayer_spec.operations import ACTION_HEADER, VERSION_HEADER

TIMEOUT_SECONDS = 10.0


class PreflightFailed(Exception):
    """The one-line reason a live run cannot start."""


def preflight(
    spec: Spec, base_url: str, auth: requests.auth.AuthBase, timeout: float = TIMEOUT_SECONDS, host: str = ""
) -> str:
    """A line saying what answered, or PreflightFailed with the one-line reason. `host`: the endpoint's, as
    messages name it, where `base_url` is the run's gateway in front of it."""
    host = host or urlsplit(base_url).netloc or base_url
    operation = next((op for op in spec.operations.values() if not op.changes_state), None)
    if operation is None:
        raise PreflightFailed("preflight: the spec has no operation that changes nothing to check the endpoint with")
    url = f"{base_url.rstrip('/')}{spec.endpoint_path}"
    headers = {
        ACTION_HEADER: operation.action,
        VERSION_HEADER: operation.api_version,
        "Content-Type": "application/json",
        **spec.default_headers,
    }
    started = time.monotonic()
    try:
        response = requests.post(
            url, json=spec.request_examples[operation.operation_id][0], headers=headers, auth=auth, timeout=timeout
        )
    except requests.Timeout:
        raise PreflightFailed(f"preflight: {host} did not answer within {timeout:g} s") from None
    except requests.ConnectionError as error:
        found = re.search(r"\[Errno -?\d+\] ([^'\")]+)", str(error))
        reason = found.group(1) if found else type(error).__name__
        raise PreflightFailed(f"preflight: cannot reach {host} ({reason})") from None
    elapsed_ms = (time.monotonic() - started) * 1000
    try:
        body = response.json()
    except ValueError:
        body = None
    code = body.get("code") if isinstance(body, dict) else None
    if response.headers.get(GATEWAY_HEADER) in {"unreachable", "refused", "interrupted"} and isinstance(body, dict):
        raise PreflightFailed(f"preflight: {body.get('message')}")
    if not isinstance(body, dict) or "requestId" not in body:
        kind = response.headers.get("Content-Type", "no content type")
        raise PreflightFailed(f"preflight: {host} did not answer as the API (HTTP {response.status_code}, {kind})")
    if response.status_code == 401:
        # The vendor's code for a stale timestamp says EXPIRED; any other refusal is the credentials'.
        expired = isinstance(code, str) and "EXPIRED" in code
        hint = "this machine's clock" if expired else "the key id, the key password or the token"
        raise PreflightFailed(f"preflight: {host} refused the credentials ({code}): check {hint}")
    if response.status_code != 200:
        status = response.status_code
        raise PreflightFailed(f"preflight: {host} answered {operation.operation_id} with HTTP {status} {code}")
    return f"preflight: {host} answered {operation.operation_id} in {elapsed_ms:.0f} ms"
