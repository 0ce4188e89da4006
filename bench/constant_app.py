"""The ceiling of the server stack: a bare ASGI app that answers every request with one constant
success envelope, served by the same uvicorn (httptools + uvloop) as the mock.

    python -m bench.constant_app --port 0
"""

from __future__ import annotations

import argparse
import socket
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import uvicorn

REQUEST_ID = b"T0000000-0000-0000-0000-000000000000"
BODY = b'{"requestId":"' + REQUEST_ID + b'","response":{"requestId":"' + REQUEST_ID + b'"}}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(
    scope: MutableMapping[str, Any],
    receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
    send: Callable[[MutableMapping[str, Any]], Awaitable[None]],
) -> None:
    if scope["type"] != "http":
        return
    more = True
    while more:  # read the body, as any endpoint must
        more = (await receive()).get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.constant_app")
    parser.add_argument("--port", type=int, default=0)
    arguments = parser.parse_args(argv)
    sock = socket.socket()
    sock.bind(("127.0.0.1", arguments.port))
    print(f"constant app listening on http://127.0.0.1:{sock.getsockname()[1]}/api/v2/vm", flush=True)
    config = uvicorn.Config(app, access_log=False, log_level="warning", lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
