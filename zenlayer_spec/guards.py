"""The spec's answers to hostile and broken requests (`components.x-zc-request-guards`), as one typed
record: the limits and the code of each answer. The mock enforces them; tests provoke them."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from zenlayer_spec.document import JSON, SpecError

GUARDS_KEY = "x-zc-request-guards"
MAX_BODY_KEY = "x-zc-max-body-bytes"
# The guards under GUARDS_KEY, by the names the spec gives them (and the mock reports them by).
MAX_HEADER_BYTES, MAX_JSON_DEPTH, SINGLE_HEADERS = "maxHeaderBytes", "maxJsonDepth", "singleHeaders"
INCOMPLETE_BODY, MALFORMED_HTTP, SERVER_BUSY = "incompleteBody", "malformedHttp", "serverBusy"
# Every guard: the body limit (its own key) and those of GUARDS_KEY.
GUARDS = (MAX_BODY_KEY, MAX_HEADER_BYTES, MAX_JSON_DEPTH, SINGLE_HEADERS, INCOMPLETE_BODY, MALFORMED_HTTP, SERVER_BUSY)


@attrs.frozen
class Limit:
    """A size limit and the code of the answer to a request past it."""

    limit: int
    code: str


@attrs.frozen
class RequestGuards:
    max_body_bytes: int
    max_header_bytes: Limit
    max_json_depth: Limit
    incomplete_body_code: str
    malformed_http_code: str
    server_busy_code: str
    # Lowercase header name -> the code a request carrying it twice is refused with.
    single_headers: Mapping[str, str]


def _mapping(raw: object, where: str) -> Mapping[str, JSON]:
    if not isinstance(raw, Mapping):
        raise SpecError(f"components.{GUARDS_KEY}{where} is missing or not a mapping")
    return raw


def _code(raw: Mapping[str, JSON], name: str) -> str:
    entry = _mapping(raw.get(name), f".{name}")
    code = entry.get("code")
    if not isinstance(code, str):
        raise SpecError(f"components.{GUARDS_KEY}.{name} needs a string `code`")
    return code


def _limit(raw: Mapping[str, JSON], name: str) -> Limit:
    limit = _mapping(raw.get(name), f".{name}").get("limit")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise SpecError(f"components.{GUARDS_KEY}.{name} needs a positive integer `limit`")
    return Limit(limit=limit, code=_code(raw, name))


def request_guards(document: Mapping[str, JSON]) -> RequestGuards:
    components = _mapping(document.get("components"), "")
    raw = _mapping(components.get(GUARDS_KEY), "")
    single = _mapping(raw.get(SINGLE_HEADERS), f".{SINGLE_HEADERS}")
    max_body = components.get(MAX_BODY_KEY)
    if not isinstance(max_body, int) or isinstance(max_body, bool):
        raise SpecError(f"components.{MAX_BODY_KEY} must be an integer")
    return RequestGuards(
        max_body_bytes=max_body,
        max_header_bytes=_limit(raw, MAX_HEADER_BYTES),
        max_json_depth=_limit(raw, MAX_JSON_DEPTH),
        incomplete_body_code=_code(raw, INCOMPLETE_BODY),
        malformed_http_code=_code(raw, MALFORMED_HTTP),
        server_busy_code=_code(raw, SERVER_BUSY),
        single_headers={str(name).lower(): str(code) for name, code in single.items()},
    )


def json_depth_exceeds(value: object, limit: int) -> bool:
    """Whether `value` nests arrays and objects deeper than `limit` (iterative: no recursion limit)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] | None = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            children = None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


OTHER_REQUESTS_KEY = "x-zc-other-requests"


@attrs.frozen
class OtherRequests:
    """The answers to requests that are not an operation (`x-zc-other-requests`)."""

    method_status: int
    method_code: str
    allow: str
    path_status: int
    path_code: str


def other_requests(document: Mapping[str, JSON]) -> OtherRequests:
    components = _mapping(document.get("components"), "")
    raw = components.get(OTHER_REQUESTS_KEY)
    if not isinstance(raw, Mapping):
        raise SpecError(f"components.{OTHER_REQUESTS_KEY} is missing or not a mapping")
    method, path = raw.get("otherMethod"), raw.get("otherPath")
    if not isinstance(method, Mapping) or not isinstance(path, Mapping):
        raise SpecError(f"components.{OTHER_REQUESTS_KEY} needs `otherMethod` and `otherPath`")
    return OtherRequests(
        method_status=int(method["status"]),
        method_code=str(method["code"]),
        allow=str(method["allow"]),
        path_status=int(path["status"]),
        path_code=str(path["code"]),
    )
