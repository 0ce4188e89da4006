"""Every rule of docs/contract.md sections 5 and 6, as request bodies checked against the spec itself.

Each rule has at least one body that keeps it and one that breaks it; a breaking body breaks that
rule alone. Schema rules are checked with the spec's own JSON Schema (and its `x-zc-*` extensions)
and must produce the code docs/contract.md gives. Business rules (state, other resources) cannot be
checked on a body: their bodies must pass the schema, and the operation must declare their code
with their status, so that the service's answer is in the contract.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from zenlayer_spec.document import dereference, load_document
from zenlayer_spec.operations import operations
from zenlayer_spec.request_cases import derived_bodies
from zenlayer_spec.request_check import RequestChecker

DOCUMENT = load_document()
OPERATIONS = operations(DOCUMENT)
CHECKERS = {operation_id: RequestChecker(DOCUMENT, operation) for operation_id, operation in OPERATIONS.items()}

OK = "ok"


@attrs.frozen
class Case:
    rule: str
    operation: str
    body: Any
    # OK, or the code (and status) docs/contract.md answers the breach with.
    expected: str
    status: int = 400
    # A business rule: the schema accepts the body; only the service can answer with `expected`.
    business: bool = False

    @property
    def id(self) -> str:
        verdict = "ok" if self.expected == OK else self.expected
        return f"{self.operation}:{self.rule}:{verdict}"


RESET = "ResetInstance"
STOP = "StopInstances"
STATUS = "DescribeInstancesStatus"
IMAGES = "DescribeImages"
ID = {"instanceId": "ins-stopped-fra"}
MALFORMED = "INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED"


def ids(count: int) -> list[str]:
    return [f"ins-{index:04d}" for index in range(count)]


def limit(operation_id: str, field: str, keyword: str) -> int:
    """A limit as the spec states it, so that narrowing it in the spec moves these cases with it."""
    request = dereference(DOCUMENT, {"$ref": OPERATIONS[operation_id].request_schema_pointer})
    value = dereference(DOCUMENT, request["properties"][field])[keyword]
    return int(value["limit"] if isinstance(value, dict) else value)


SCRIPT_OVER = "INVALID_REGION_SCRIPT_EXCEED_LENGTH"
TOO_LONG = "INVALID_PARAMETER_EXCEED_LENGTH"
TOO_HIGH = "INVALID_PARAMETER_EXCEED_MAXIMUM"
NAME_MAX = limit(RESET, "instanceName", "maxLength")
SCRIPT_BYTES = limit(RESET, "initScript", "x-zc-max-utf8-bytes")
STOP_IDS = limit(STOP, "instanceIds", "maxItems")
STATUS_IDS = limit(STATUS, "instanceIds", "maxItems")
IMAGE_IDS = limit(IMAGES, "imageIds", "maxItems")
PAGE_MAX = limit(STATUS, "pageSize", "maximum")


CASES = [
    # -- ResetInstance (section 5) ---------------------------------------------------------------
    Case("body is an object", RESET, ID, OK),
    Case("body is an object", RESET, [ID], "INVALID_PARAMETER_TYPE"),
    Case("body is an object", RESET, "ins-stopped-fra", "INVALID_PARAMETER_TYPE"),
    Case("instanceId required", RESET, {**ID, "imageId": "img-ubuntu-2204"}, OK),
    Case("instanceId required", RESET, {"imageId": "img-ubuntu-2204"}, "MISSING_PARAMETER"),
    Case("instanceId is a string", RESET, ID, OK),
    Case("instanceId is a string", RESET, {"instanceId": 42}, "INVALID_PARAMETER_TYPE"),
    Case("null is a type error", RESET, {**ID, "imageId": "img-ubuntu-2204"}, OK),
    Case("null is a type error", RESET, {"instanceId": None}, "INVALID_PARAMETER_TYPE"),
    Case("null is a type error", RESET, {**ID, "imageId": None}, "INVALID_PARAMETER_TYPE"),
    Case("instanceId format not enforced", RESET, {"instanceId": "Not_An-Id.Format"}, OK),
    Case("instanceId format not enforced", RESET, {"instanceId": ""}, OK),
    Case("unknown fields are ignored", RESET, {**ID, "hostname": "web-01", "futureFlag": True}, OK),
    Case("password rule", RESET, {**ID, "password": "Example+123"}, OK),
    Case("password rule", RESET, {**ID, "password": "Aa1!aaaa"}, OK),  # 8 characters
    Case("password rule", RESET, {**ID, "password": "Aa1!aaaaaaaaaaaa"}, OK),  # 16 characters
    Case("password rule", RESET, {**ID, "password": "Zz9`~()-+=!@#$%^"}, OK),  # every special allowed
    Case("password rule", RESET, {**ID, "password": "Aa1!aaa"}, MALFORMED),  # 7 characters
    Case("password rule", RESET, {**ID, "password": "Aa1!aaaaaaaaaaaaa"}, MALFORMED),  # 17 characters
    Case("password rule", RESET, {**ID, "password": "AA1!AAAA"}, MALFORMED),  # no lowercase
    Case("password rule", RESET, {**ID, "password": "aa1!aaaa"}, MALFORMED),  # no uppercase
    Case("password rule", RESET, {**ID, "password": "Aab!aaaa"}, MALFORMED),  # no digit
    Case("password rule", RESET, {**ID, "password": "Aa1aaaaa"}, MALFORMED),  # no special character
    Case("password rule", RESET, {**ID, "password": "Aa1!aaa_"}, MALFORMED),  # `_` is not allowed
    Case("password rule", RESET, {**ID, "password": "Aa1!aaa é"}, MALFORMED),  # nor space or non-ASCII
    Case("password rule", RESET, {**ID, "password": ""}, MALFORMED),  # present counts as given
    Case("password is a string", RESET, {**ID, "password": "Example+123"}, OK),
    Case("password is a string", RESET, {**ID, "password": 12345678}, "INVALID_PARAMETER_TYPE"),
    Case("password or keyId, never both", RESET, {**ID, "keyId": "key-YWD2QFOl"}, OK),
    Case("password or keyId, never both", RESET, ID, OK),  # neither: a password is mailed
    Case(
        "password or keyId, never both",
        RESET,
        {**ID, "password": "Example+123", "keyId": "key-YWD2QFOl"},
        "INVALID_PARAMETER_VALUE",
    ),
    Case("wanName pattern", RESET, {**ID, "wanName": "eth0"}, OK),
    Case("wanName pattern", RESET, {**ID, "wanName": "w" + "0" * 14}, OK),  # 15 characters
    Case("wanName pattern", RESET, {**ID, "wanName": "Eth0"}, "INVALID_PARAMETER_PATTERN_ERROR"),
    Case("wanName pattern", RESET, {**ID, "wanName": "0eth"}, "INVALID_PARAMETER_PATTERN_ERROR"),
    Case("wanName pattern", RESET, {**ID, "wanName": "eth"}, "INVALID_PARAMETER_PATTERN_ERROR"),
    Case("wanName pattern", RESET, {**ID, "wanName": "w" + "0" * 15}, "INVALID_PARAMETER_PATTERN_ERROR"),
    Case("wanName pattern", RESET, {**ID, "wanName": "eth_0"}, "INVALID_PARAMETER_PATTERN_ERROR"),
    # ECMA-262 `$` is the end of the string; Python's would also match before a trailing newline.
    Case("wanName pattern", RESET, {**ID, "wanName": "eth0\n"}, "INVALID_PARAMETER_PATTERN_ERROR"),
    Case("lanName pattern", RESET, {**ID, "lanName": "lan1"}, OK),
    Case("lanName pattern", RESET, {**ID, "lanName": "lan-1"}, "INVALID_PARAMETER_PATTERN_ERROR"),
    Case("lanName pattern", RESET, {**ID, "lanName": ""}, "INVALID_PARAMETER_PATTERN_ERROR"),
    Case("instanceName length", RESET, {**ID, "instanceName": "w"}, OK),
    Case("instanceName length", RESET, {**ID, "instanceName": "名" * NAME_MAX}, OK),  # characters, not bytes
    Case("instanceName length", RESET, {**ID, "instanceName": ""}, "INVALID_PARAMETER_LESS_LENGTH"),
    Case("instanceName length", RESET, {**ID, "instanceName": "w" * (NAME_MAX + 1)}, "INVALID_PARAMETER_EXCEED_LENGTH"),
    Case("initScript size", RESET, {**ID, "initScript": "#" * SCRIPT_BYTES}, OK),
    Case(
        "initScript size", RESET, {**ID, "initScript": "é" * (SCRIPT_BYTES // 2)}, OK
    ),  # two bytes each: the limit exactly
    Case(
        "initScript size",
        RESET,
        {**ID, "initScript": "#" * (SCRIPT_BYTES + 1)},
        "INVALID_REGION_SCRIPT_EXCEED_LENGTH",
        403,
    ),
    # One character over in 2-byte characters, under it in characters: the limit counts UTF-8 bytes.
    Case(
        "initScript size",
        RESET,
        {**ID, "initScript": "é" * (SCRIPT_BYTES // 2 + 1)},
        "INVALID_REGION_SCRIPT_EXCEED_LENGTH",
        403,
    ),
    Case("imageId optional", RESET, {**ID, "imageId": "img-ubuntu-2204"}, OK),
    Case("unknown instance", RESET, {"instanceId": "ins-nope"}, "INVALID_INSTANCE_NOT_FOUND", 404, True),
    Case("recycled instance", RESET, {"instanceId": "ins-recycled"}, "OPERATION_DENIED_INSTANCE_RECYCLED", 403, True),
    Case(
        "instance not STOPPED",
        RESET,
        {"instanceId": "ins-running-fra"},
        "OPERATION_DENIED_INSTANCE_NOT_STOPPED",
        403,
        True,
    ),
    Case("unknown image", RESET, {**ID, "imageId": "img-nope"}, "INVALID_IMAGE_NOT_FOUND", 404, True),
    Case("image too large", RESET, {**ID, "imageId": "img-oversized"}, "INVALID_IMAGE_SIZE_EXCEED", 404, True),
    Case("unknown key", RESET, {**ID, "keyId": "key-nope"}, "OPERATION_FAILED_RESOURCE_NOT_FOUND", 404, True),
    Case(
        "key with Windows",
        RESET,
        {"instanceId": "ins-stopped-win", "keyId": "key-YWD2QFOl"},
        "INVALID_PARAMETER_VALUE",
        400,
        True,
    ),
    Case(
        "zone without scripts",
        RESET,
        {"instanceId": "ins-stopped-sel", "initScript": "#!/bin/sh\n"},
        "INVALID_REGION_SCRIPT_NOT_SUPPORT",
        403,
        True,
    ),
    # -- StopInstances (section 6) ---------------------------------------------------------------
    Case("instanceIds required", STOP, {"instanceIds": ["ins-running-fra"], "forceShutdown": True}, OK),
    Case("instanceIds required", STOP, {"forceShutdown": True}, "MISSING_PARAMETER"),
    Case("instanceIds 1 to 100", STOP, {"instanceIds": ["ins-running-fra"]}, OK),
    Case("instanceIds 1 to 100", STOP, {"instanceIds": ids(STOP_IDS)}, OK),
    Case("instanceIds 1 to 100", STOP, {"instanceIds": []}, "INVALID_PARAMETER_LESS_LENGTH"),
    Case("instanceIds 1 to 100", STOP, {"instanceIds": ids(STOP_IDS + 1)}, "INVALID_PARAMETER_EXCEED_LENGTH"),
    Case("instanceIds is a list of strings", STOP, {"instanceIds": ["ins-running-fra"]}, OK),
    Case("instanceIds is a list of strings", STOP, {"instanceIds": "ins-running-fra"}, "INVALID_PARAMETER_TYPE"),
    Case("instanceIds is a list of strings", STOP, {"instanceIds": [7]}, "INVALID_PARAMETER_TYPE"),
    Case("duplicates count once", STOP, {"instanceIds": ["ins-running-fra", "ins-running-fra"]}, OK),
    Case("forceShutdown boolean", STOP, {"instanceIds": ["ins-running-fra"], "forceShutdown": False}, OK),
    Case(
        "forceShutdown boolean",
        STOP,
        {"instanceIds": ["ins-running-fra"], "forceShutdown": "yes"},
        "INVALID_PARAMETER_TYPE",
    ),
    Case("unknown instance", STOP, {"instanceIds": ["ins-nope"]}, "INVALID_INSTANCE_NOT_FOUND", 404, True),
    Case("recycled instance", STOP, {"instanceIds": ["ins-recycled"]}, "OPERATION_DENIED_INSTANCE_RECYCLED", 403, True),
    Case(
        "instance not RUNNING",
        STOP,
        {"instanceIds": ["ins-stopped-fra"]},
        "OPERATION_DENIED_INSTANCE_NOT_RUNNING",
        403,
        True,
    ),
    # -- DescribeInstancesStatus (section 6) -----------------------------------------------------
    Case("everything optional", STATUS, {}, OK),
    Case("instanceIds 0 to 100", STATUS, {"instanceIds": []}, OK),
    Case("instanceIds 0 to 100", STATUS, {"instanceIds": ids(STATUS_IDS)}, OK),
    Case("instanceIds 0 to 100", STATUS, {"instanceIds": ids(STATUS_IDS + 1)}, "INVALID_PARAMETER_EXCEED_LENGTH"),
    Case("unknown ids are absent, not an error", STATUS, {"instanceIds": ["ins-nope"]}, OK),
    Case("pageNum at least 1", STATUS, {"pageNum": 1}, OK),
    Case("pageNum at least 1", STATUS, {"pageNum": 0}, "INVALID_PARAMETER_LESS_MINIMUM"),
    Case("pageNum is an integer", STATUS, {"pageNum": 63.0}, OK),  # integral floats are integers
    Case("pageNum is an integer", STATUS, {"pageNum": 1.5}, "INVALID_PARAMETER_TYPE"),
    Case("pageNum is an integer", STATUS, {"pageNum": "1"}, "INVALID_PARAMETER_TYPE"),
    Case("pageSize 1 to 1000", STATUS, {"pageSize": PAGE_MAX}, OK),
    Case("pageSize 1 to 1000", STATUS, {"pageSize": PAGE_MAX + 1}, TOO_HIGH),
    Case("pageSize 1 to 1000", STATUS, {"pageSize": 0}, "INVALID_PARAMETER_LESS_MINIMUM"),
    # -- DescribeImages (section 6) --------------------------------------------------------------
    Case("zoneId required", IMAGES, {"zoneId": "FRA-A"}, OK),
    Case("zoneId required", IMAGES, {"osType": "linux"}, "MISSING_PARAMETER"),
    Case("imageIds at most 100", IMAGES, {"zoneId": "FRA-A", "imageIds": ids(IMAGE_IDS)}, OK),
    Case(
        "imageIds at most 100",
        IMAGES,
        {"zoneId": "FRA-A", "imageIds": ids(IMAGE_IDS + 1)},
        "INVALID_PARAMETER_EXCEED_LENGTH",
    ),
    Case("imageName exact match", IMAGES, {"zoneId": "FRA-A", "imageName": "Ubuntu 22.04 LTS"}, OK),
    Case("imageType enum", IMAGES, {"zoneId": "FRA-A", "imageType": "CUSTOM_IMAGE"}, OK),
    Case("imageType enum", IMAGES, {"zoneId": "FRA-A", "imageType": "PRIVATE_IMAGE"}, "INVALID_PARAMETER_VALUE"),
    Case("osType enum", IMAGES, {"zoneId": "FRA-A", "osType": "windows"}, OK),
    Case("osType enum", IMAGES, {"zoneId": "FRA-A", "osType": "Linux"}, "INVALID_PARAMETER_VALUE"),
    Case("imageStatus enum", IMAGES, {"zoneId": "FRA-A", "imageStatus": "AVAILABLE"}, OK),
    Case("imageStatus enum", IMAGES, {"zoneId": "FRA-A", "imageStatus": "DELETED"}, "INVALID_PARAMETER_VALUE"),
    Case("category enum", IMAGES, {"zoneId": "FRA-A", "category": "ARCH_LINUX"}, OK),
    Case("category enum", IMAGES, {"zoneId": "FRA-A", "category": "Arch"}, "INVALID_PARAMETER_VALUE"),
    Case("zoneId is a string", IMAGES, {"zoneId": "SEL-A"}, OK),
    Case("zoneId is a string", IMAGES, {"zoneId": ["FRA-A"]}, "INVALID_PARAMETER_TYPE"),
    Case("pageNum at least 1", IMAGES, {"zoneId": "FRA-A", "pageNum": 2}, OK),
    Case("pageNum at least 1", IMAGES, {"zoneId": "FRA-A", "pageNum": 0}, "INVALID_PARAMETER_LESS_MINIMUM"),
    Case("pageSize 1 to 1000", IMAGES, {"zoneId": "FRA-A", "pageSize": 1}, OK),
    Case(
        "pageSize 1 to 1000", IMAGES, {"zoneId": "FRA-A", "pageSize": PAGE_MAX + 1}, "INVALID_PARAMETER_EXCEED_MAXIMUM"
    ),
    Case("pageSize 1 to 1000", IMAGES, {"zoneId": "FRA-A", "pageSize": 0}, "INVALID_PARAMETER_LESS_MINIMUM"),
    Case("unknown zone", IMAGES, {"zoneId": "XXX-Z"}, "INVALID_ZONE_NOT_FOUND", 404, True),
]


def verdicts(case: Case) -> list[tuple[str | None, str, int]]:
    checker = CHECKERS[case.operation]
    found = checker.schema_violations(case.body) + checker.extension_violations(case.body)
    return [(violation.field, violation.code, violation.status) for violation in found]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_body_gets_the_contract_answer(case: Case) -> None:
    found = verdicts(case)
    if case.expected == OK or case.business:
        assert found == [], f"the spec rejects a body docs/contract.md accepts: {found}"
        return
    assert found, f"the spec accepts a body that breaks {case.rule!r}"
    # One rule broken: every breach found is that rule's (same field, same code and status).
    assert len({field for field, _, _ in found}) == 1, found
    assert {(code, status) for _, code, status in found} == {(case.expected, case.status)}


@pytest.mark.parametrize("case", [case for case in CASES if case.business], ids=lambda case: case.id)
def test_business_answer_is_declared(case: Case) -> None:
    declared = OPERATIONS[case.operation].error_codes.get(case.status, ())
    assert case.expected in declared


@pytest.mark.parametrize("operation_id", list(OPERATIONS))
def test_every_rule_has_a_kept_and_a_broken_body(operation_id: str) -> None:
    rules: dict[str, set[bool]] = {}
    for case in CASES:
        if case.operation == operation_id and not case.business:
            rules.setdefault(case.rule, set()).add(case.expected == OK)
    one_sided = {
        rule
        for rule, sides in rules.items()
        if sides != {True, False}
        and rule
        not in {
            "instanceId format not enforced",
            "unknown fields are ignored",
            "imageId optional",
            "everything optional",
            "duplicates count once",
            "unknown ids are absent, not an error",
            "imageName exact match",
        }
    }
    assert one_sided == set(), f"rules with only valid or only invalid bodies: {one_sided}"


def test_every_declared_request_code_is_exercised() -> None:
    """Each code a body can earn (400s and the script size) appears, for each operation, in the table or
    among the cases the contract suite derives from the schema keywords."""
    derived = derived_bodies()
    for operation_id, operation in OPERATIONS.items():
        exercised = {case.expected for case in CASES if case.operation == operation_id}
        exercised |= {code for (derived_operation, code) in derived if derived_operation == operation_id}
        body_codes = CHECKERS[operation_id].possible_codes(DOCUMENT)
        assert body_codes - exercised == set(), operation_id
        assert body_codes <= {code for codes in operation.error_codes.values() for code in codes}


def test_password_is_never_echoed() -> None:
    secret = "Aa1!aaa_secret__"
    found = CHECKERS[RESET].schema_violations({**ID, "password": secret})
    assert found
    assert all(secret not in violation.message for violation in found)
    assert all("redacted" in violation.message for violation in found)


def test_breaches_come_in_contract_order() -> None:
    """Missing, then type, then field formats in field order, then cross-field rules."""
    body = {"password": "short", "keyId": "k", "imageId": 3, "wanName": "ETH0", "lanName": "LAN0", "instanceName": ""}
    found = CHECKERS[RESET].schema_violations(body)
    assert [(violation.field, violation.rule) for violation in found] == [
        ("instanceId", "required"),
        ("imageId", "type"),
        ("password", "minLength"),
        ("password", "pattern"),
        ("instanceName", "minLength"),
        ("wanName", "pattern"),
        ("lanName", "pattern"),
        (None, "not"),
    ]
