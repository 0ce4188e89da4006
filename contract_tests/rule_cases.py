"""Rules as cases: each states one rule of the contract as a request and the answer the spec gives it,
tagged with the rule's place in the spec (so a failure lands in the group of its provenance).

The signing edges run against any target (they call DescribeImages, which changes nothing). The world
cases need the mock's default world; a case that is accepted (and so changes the world) runs on a mock
of its own.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import attrs
import httpx

from contract_tests.raw_calls import Caller
from contract_tests.targeted import example_body, sending
from zenlayer_spec import load_spec
from zenlayer_spec.request_cases import part_cases
from zenlayer_spec.signing import BEARER_POINTER, SIGNATURE_POINTER

SPEC = load_spec()
SIGNATURE = SIGNATURE_POINTER


RESET_CHECKS = SPEC.operations["ResetInstance"].pointer("x-zc-business-checks")


def _check(operation_id: str, check_id: str) -> str:
    """The JSON pointer of a business check, named by its id."""
    check = next(check for check in SPEC.business_checks[operation_id] if check.id == check_id)
    return SPEC.operations[operation_id].pointer("x-zc-business-checks", check.position)


IMAGES_RESULTS = SPEC.operations["DescribeImages"].pointer("x-zc-source", "results")
SKEW = SPEC.signing.clock_skew_seconds


def _rounded_up() -> int:
    """Now, in whole seconds rounded up. The service compares a timestamp with its own clock, to the
    fraction of a second, when the request arrives: a stamp truncated to the second is up to a second
    older than it says, and the trip adds more. Cases that must stay inside the window on the old side
    (or outside on the new side) round up, so that up to a second of latency cannot flip them."""
    return math.ceil(time.time())


@attrs.frozen
class RuleCase:
    name: str
    rule: str  # the JSON pointer of the rule in the spec
    send: Callable[[Caller], httpx.Response]
    status: int
    code: str | None = None
    # Changes the world when the rule holds: runs on a mock of its own.
    changes_state: bool = False
    needs_world: bool = False
    # Sent to the mock only, whatever the world (what it tests has no meaning against a live service).
    mock_only: bool = False
    # Beyond status and code: what the answer's body must show (None: nothing more).
    body_holds: Callable[[dict[str, object]], bool] | None = None


def _images(caller: Caller, **options: object) -> httpx.Response:
    return caller.call("DescribeImages", example_body("DescribeImages"), **options)


def _image_ids(body: dict[str, object]) -> set[object]:
    inner = body.get("response")
    items = inner.get("dataSet") if isinstance(inner, dict) else None
    return {item.get("imageId") for item in items or [] if isinstance(item, dict)}


SIGNING_CASES = [
    # Against the mock only: the mock is bound to 127.0.0.1 and reached by another name. A live run sends
    # no request signed for a host it is not sent to.
    RuleCase(
        "Host as received, not the bound address",
        SIGNATURE,
        lambda c: _images(c, host="console.zenlayer.com"),
        200,
        mock_only=True,
    ),
    RuleCase(
        "Content-Type with a charset, as the Java SDK sends it",
        SIGNATURE,
        lambda c: _images(c, content_type="application/json; charset=utf-8"),
        200,
    ),
    RuleCase(
        f"a timestamp {SKEW - 1} s behind", SIGNATURE, lambda c: _images(c, timestamp=_rounded_up() - SKEW + 1), 200
    ),
    RuleCase(
        f"a timestamp {SKEW - 1} s ahead", SIGNATURE, lambda c: _images(c, timestamp=int(time.time()) + SKEW - 1), 200
    ),
    RuleCase(
        f"a timestamp {SKEW + 1} s behind",
        SIGNATURE,
        lambda c: _images(c, timestamp=int(time.time()) - SKEW - 1),
        401,
        "AUTHFAILURE_SIGNATURE_EXPIRED",
    ),
    RuleCase(
        f"a timestamp {SKEW + 1} s ahead",
        SIGNATURE,
        lambda c: _images(c, timestamp=_rounded_up() + SKEW + 1),
        401,
        "AUTHFAILURE_SIGNATURE_EXPIRED",
    ),
    RuleCase(
        "expired and badly signed: expired wins",
        SIGNATURE,
        lambda c: _images(c.with_wrong_key(), timestamp=int(time.time()) - 3600),
        401,
        "AUTHFAILURE_SIGNATURE_EXPIRED",
    ),
    RuleCase(
        "a wrong bearer token",
        BEARER_POINTER,
        lambda c: _images(c, sign=False, headers={"Authorization": "Bearer not-a-token"}),
        401,
        "AUTHFAILURE_INVALID_AUTHORIZATION",
    ),
    RuleCase(
        "headers in another order",
        SIGNATURE,
        lambda c: c.http.send(_reordered(c.call_request("DescribeImages", example_body("DescribeImages")))),
        200,
    ),
    RuleCase(
        "null is a type error, not an absent field",
        "#/components/x-zc-schema-error-codes",
        lambda c: c.call("DescribeImages", {**example_body("DescribeImages"), "imageName": None}),
        400,
        "INVALID_PARAMETER_TYPE",
    ),
]


def _reordered(request: httpx.Request) -> httpx.Request:
    headers = list(reversed(request.headers.multi_items()))
    return httpx.Request(request.method, request.url, headers=headers, content=request.content)


def _reset(body: dict[str, object]) -> Callable[[Caller], httpx.Response]:
    return lambda c: c.call("ResetInstance", body)


WORLD_CASES = [
    RuleCase(
        "a key with a new Windows image on a Linux instance",
        _check("ResetInstance", "no-key-with-windows"),
        _reset({"instanceId": "ins-stopped-fra", "imageId": "img-windows-2022", "keyId": "key-YWD2QFOl"}),
        400,
        "INVALID_PARAMETER_VALUE",
        needs_world=True,
    ),
    RuleCase(
        "a key with the current Windows image",
        _check("ResetInstance", "no-key-with-windows"),
        _reset({"instanceId": "ins-stopped-win", "keyId": "key-YWD2QFOl"}),
        400,
        "INVALID_PARAMETER_VALUE",
        needs_world=True,
    ),
    RuleCase(
        "a key with a new Linux image on a Windows instance",
        _check("ResetInstance", "no-key-with-windows"),
        _reset({"instanceId": "ins-stopped-win", "imageId": "img-ubuntu-2204", "keyId": "key-YWD2QFOl"}),
        200,
        changes_state=True,
        needs_world=True,
    ),
    RuleCase(
        "an image not offered in the instance's zone",
        _check("ResetInstance", "image-offered"),
        _reset({"instanceId": "ins-stopped-sel", "imageId": "img-windows-2022", "password": "Example+123"}),
        404,
        "INVALID_IMAGE_NOT_FOUND",
        needs_world=True,
    ),
    RuleCase(
        "DescribeImages lists only the zone's images",
        IMAGES_RESULTS,
        lambda c: c.call("DescribeImages", {"zoneId": "SEL-A"}),
        200,
        needs_world=True,
        body_holds=lambda body: _image_ids(body) == {"img-ubuntu-2204"},
    ),
]

# The order of the business checks (`x-zc-business-checks`): a request that breaks two of them gets
# the code of the earlier one. Each pair is built from the default world.
RESET_ORDER = RESET_CHECKS
STOP_ORDER = SPEC.operations["StopInstances"].pointer("x-zc-business-checks")
ORDER_CASES = [
    RuleCase(
        "order: password with keyId before an unknown instance",
        RESET_ORDER,
        _reset({"instanceId": "ins-nope", "password": "Example+123", "keyId": "key-YWD2QFOl"}),
        400,
        "INVALID_PARAMETER_VALUE",
        needs_world=True,
    ),
    RuleCase(
        "order: recycled before not stopped",
        RESET_ORDER,
        _reset({"instanceId": "ins-recycled", "imageId": "img-nope"}),
        403,
        "OPERATION_DENIED_INSTANCE_RECYCLED",
        needs_world=True,
    ),
    RuleCase(
        "order: not stopped before an unknown image",
        RESET_ORDER,
        _reset({"instanceId": "ins-running-fra", "imageId": "img-nope"}),
        403,
        "OPERATION_DENIED_INSTANCE_NOT_STOPPED",
        needs_world=True,
    ),
    RuleCase(
        "order: an unknown image before an unknown key",
        RESET_ORDER,
        _reset({"instanceId": "ins-stopped-fra", "imageId": "img-nope", "keyId": "key-nope"}),
        404,
        "INVALID_IMAGE_NOT_FOUND",
        needs_world=True,
    ),
    RuleCase(
        "order: an image too large before an unknown key",
        RESET_ORDER,
        _reset({"instanceId": "ins-stopped-fra", "imageId": "img-oversized", "keyId": "key-nope"}),
        404,
        "INVALID_IMAGE_SIZE_EXCEED",
        needs_world=True,
    ),
    RuleCase(
        "order: an unknown key before a key with Windows",
        RESET_ORDER,
        _reset({"instanceId": "ins-stopped-win", "keyId": "key-nope"}),
        404,
        "OPERATION_FAILED_RESOURCE_NOT_FOUND",
        needs_world=True,
    ),
    RuleCase(
        "order: no script support before a script too long",
        RESET_ORDER,
        _reset({"instanceId": "ins-stopped-sel", "password": "Example+123", "initScript": "é" * 16385}),
        403,
        "INVALID_REGION_SCRIPT_NOT_SUPPORT",
        needs_world=True,
    ),
    RuleCase(
        "order: ids in request order, the first failing decides (recycled first)",
        STOP_ORDER,
        lambda c: c.call("StopInstances", {"instanceIds": ["ins-recycled", "ins-nope"]}),
        403,
        "OPERATION_DENIED_INSTANCE_RECYCLED",
        needs_world=True,
    ),
    RuleCase(
        "order: ids in request order, the first failing decides (unknown first)",
        STOP_ORDER,
        lambda c: c.call("StopInstances", {"instanceIds": ["ins-nope", "ins-recycled"]}),
        404,
        "INVALID_INSTANCE_NOT_FOUND",
        needs_world=True,
    ),
]

OTHER = SPEC.other_requests
OTHER_PATH_CASES = [
    RuleCase(
        "another path gets its status and the envelope",
        "#/components/x-zc-other-requests",
        lambda c: attrs.evolve(c, endpoint=c.endpoint.removesuffix(SPEC.endpoint_path) + "/nope").call(
            "DescribeImages", example_body("DescribeImages")
        ),
        OTHER.path_status,
        OTHER.path_code,
    ),
]


# Each part of a rule stated in parts (the password's groups), derived from the spec: the coverage phase
# breaks such a rule as a whole only. Against the mock only: a live service that accepted one would
# reinstall an instance.
PART_CASES = [
    RuleCase(
        f"{case.operation_id} {case.field}: without {case.title}",
        case.pointer,
        sending(SPEC.operations[case.operation_id].action, case.body),
        SPEC.catalogue[case.code].status,
        case.code,
        needs_world=True,
    )
    for case in part_cases()
]

RULE_CASES = SIGNING_CASES + OTHER_PATH_CASES + WORLD_CASES + ORDER_CASES + PART_CASES
