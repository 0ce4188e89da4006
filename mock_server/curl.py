"""Print a curl command that calls the API with a ZC2-HMAC-SHA256 signature, for trying the mock
(or the live API) by hand. The signature covers the exact body bytes, so send them as printed.

    python -m mock_server.curl DescribeImages '{"zoneId": "FRA-A"}'
    python -m mock_server.curl ResetInstance '{"instanceId": "ins-stopped-fra"}' --endpoint http://127.0.0.1:8080/api/v2/vm
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from urllib.parse import urlsplit

from mock_server.app import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from zenlayer_spec import load_spec
from zenlayer_spec.operations import ACTION_HEADER, VERSION_HEADER


def curl_command(action: str, body: str, endpoint: str, key_id: str, key_password: str, now: float) -> str:
    spec = load_spec()
    version = next(op.api_version for op in spec.operations.values())  # the header's value
    content_type = "application/json"
    headers = {"Content-Type": content_type, ACTION_HEADER: action, VERSION_HEADER: version}
    signed = spec.signing.headers(
        key_id, key_password, str(int(now)), content_type, urlsplit(endpoint).netloc, body.encode()
    )
    parts = ["curl", "-sS", "-X", "POST", endpoint]
    for name, value in {**headers, **signed}.items():
        parts += ["-H", f"{name}: {value}"]
    parts += ["--data-binary", body]
    return shlex.join(parts)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m mock_server.curl", description=__doc__.splitlines()[0])
    parser.add_argument("action", help="the X-ZC-Action, e.g. ResetInstance")
    parser.add_argument("body", nargs="?", default="{}", help="the JSON body, sent byte for byte")
    parser.add_argument("--endpoint", default="http://127.0.0.1:8080/api/v2/vm")
    parser.add_argument("--key-id", default=DEFAULT_ACCESS_KEY_ID)
    parser.add_argument("--key-password", default=DEFAULT_ACCESS_KEY_PASSWORD)
    arguments = parser.parse_args(argv)
    print(
        curl_command(
            arguments.action, arguments.body, arguments.endpoint, arguments.key_id, arguments.key_password, time.time()
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
