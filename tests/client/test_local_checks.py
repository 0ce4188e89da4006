"""Local checks: derived from the spec, raised before any network I/O, naming the field and the
rule, never echoing a password; one switch turns them off; and, for generated bodies, the local
verdict is the verdict of the spec's own JSON Schema plus its extensions."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.client.conftest import ServerFactory, make_client
from tests.client.loopback import envelope
from zenlayer_spec.document import load_document
from zenlayer_spec.operations import operations
from zenlayer_spec.request_cases import PartCase, part_cases
from zenlayer_spec.request_check import RequestChecker
from zenlayer_vm_client import LocalCheckError
from zenlayer_vm_client.api.instances import reset_instance
from zenlayer_vm_client.checks import violations
from zenlayer_vm_client.models import ResetInstanceRequest

DOCUMENT = load_document()
OPERATIONS = operations(DOCUMENT)
CHECKERS = {operation_id: RequestChecker(DOCUMENT, operation) for operation_id, operation in OPERATIONS.items()}
SECRET = "Aa1!aaaa_bad"  # 12 characters, but `_` is not allowed


def test_a_bad_password_fails_before_sending(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(lambda _: envelope())
    with make_client(server, sleeps) as client, pytest.raises(LocalCheckError) as raised:
        reset_instance.sync(client=client, body=ResetInstanceRequest(instance_id="ins-1", password=SECRET))
    assert server.received == []
    caught = raised.value
    assert (caught.field, caught.code) == ("password", "INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED")
    assert caught.rule == "pattern"
    assert SECRET not in str(caught)
    assert SECRET not in repr(caught)
    assert "redacted" in str(caught)


@pytest.mark.parametrize(
    ("body", "field", "rule", "code"),
    [
        ({"instanceId": "i", "password": "Example+123", "keyId": "k"}, None, "not", "INVALID_PARAMETER_VALUE"),
        ({"instanceId": "i", "wanName": "Eth0"}, "wanName", "pattern", "INVALID_PARAMETER_PATTERN_ERROR"),
        ({"instanceId": "i", "lanName": "l1"}, "lanName", "pattern", "INVALID_PARAMETER_PATTERN_ERROR"),
        ({"instanceId": "i", "lanName": "lan0\n"}, "lanName", "pattern", "INVALID_PARAMETER_PATTERN_ERROR"),
        ({"instanceId": "i", "instanceName": "x" * 65}, "instanceName", "maxLength", "INVALID_PARAMETER_EXCEED_LENGTH"),
        ({"instanceId": "i", "instanceName": ""}, "instanceName", "minLength", "INVALID_PARAMETER_LESS_LENGTH"),
        (
            {"instanceId": "i", "initScript": "é" * 16385},
            "initScript",
            "x-zc-max-utf8-bytes",
            "INVALID_REGION_SCRIPT_EXCEED_LENGTH",
        ),
        ({"instanceId": 5}, "instanceId", "type", "INVALID_PARAMETER_TYPE"),
        ({}, "instanceId", "required", "MISSING_PARAMETER"),
    ],
)
def test_each_rule_names_field_rule_and_code(body: dict[str, Any], field: str | None, rule: str, code: str) -> None:
    first = violations("ResetInstance", body)[0]
    assert (first.field, first.rule, first.code) == (field, rule, code)


def test_server_owned_ids_are_never_checked() -> None:
    body = {"instanceId": "?? not an id ??", "imageId": "", "keyId": "KEY WITH SPACES"}
    assert violations("ResetInstance", body) == []


def test_the_switch_turns_checks_off(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(lambda _: envelope())
    with make_client(server, sleeps, local_checks=False) as client:
        reset_instance.sync(client=client, body=ResetInstanceRequest(instance_id="ins-1", password=SECRET))
    assert server.received[0].json()["password"] == SECRET


def spec_verdict(operation_id: str, body: object) -> str | None:
    checker = CHECKERS[operation_id]
    found = checker.schema_violations(body) + checker.extension_violations(body)
    return found[0].code if found else None


def local_verdict(operation_id: str, body: object) -> str | None:
    found = violations(operation_id, body)
    return found[0].code if found else None


PASSWORD_ALPHABET = "aA1!_ é`~()-+=zZ9"
json_scalars = (
    st.none() | st.booleans() | st.integers(-5, 1100) | st.floats(-2, 2000, allow_nan=False) | st.text(max_size=20)
)
reset_bodies = st.fixed_dictionaries(
    {},
    optional={
        "instanceId": st.text(max_size=8) | json_scalars,
        "password": st.text(PASSWORD_ALPHABET, max_size=18) | json_scalars,
        "keyId": st.text(max_size=6),
        "imageId": st.text(max_size=6) | st.none(),
        "instanceName": st.text(max_size=70) | st.integers(),
        "wanName": st.from_regex(r"[a-zA-Z0-9_]{0,17}\n?", fullmatch=True) | json_scalars,
        "lanName": st.from_regex(r"[a-z][a-z0-9]{2,15}", fullmatch=True),
        "initScript": st.builds(lambda n, c: c * n, st.integers(32760, 32775), st.sampled_from(["a", "é"]))
        | st.builds(lambda n: "é" * n, st.integers(16380, 16390)),
        "extra": json_scalars,
    },
)
page = st.integers(-2, 1002) | st.floats(-1, 1001, allow_nan=False) | json_scalars
id_lists = st.lists(st.text(max_size=4) | st.integers(), max_size=102) | json_scalars
other_bodies = {
    "StopInstances": st.fixed_dictionaries({}, optional={"instanceIds": id_lists, "forceShutdown": json_scalars}),
    "DescribeInstancesStatus": st.fixed_dictionaries(
        {}, optional={"instanceIds": id_lists, "pageNum": page, "pageSize": page}
    ),
    "DescribeImages": st.fixed_dictionaries(
        {},
        optional={
            "zoneId": st.text(max_size=5) | json_scalars,
            "imageIds": id_lists,
            "imageType": st.sampled_from(["PUBLIC_IMAGE", "CUSTOM_IMAGE", "OTHER"]) | json_scalars,
            "osType": st.sampled_from(["windows", "linux", "Linux"]),
            "imageStatus": st.sampled_from(["CREATING", "AVAILABLE", "UNAVAILABLE", "GONE"]),
            "category": st.sampled_from(["Ubuntu", "ARCH_LINUX", "Arch"]),
            "pageNum": page,
            "pageSize": page,
        },
    ),
}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reset_bodies | st.lists(st.integers(), max_size=2) | st.text(max_size=3))
def test_local_verdict_equals_the_spec_verdict_for_resets(body: object) -> None:
    assert local_verdict("ResetInstance", body) == spec_verdict("ResetInstance", body)


@pytest.mark.parametrize("operation_id", list(other_bodies))
def test_local_verdict_equals_the_spec_verdict_for_the_other_calls(operation_id: str) -> None:
    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(other_bodies[operation_id])
    def check(body: dict[str, Any]) -> None:
        assert local_verdict(operation_id, body) == spec_verdict(operation_id, body)

    check()


@pytest.mark.parametrize("case", part_cases(), ids=lambda case: case.pointer.rsplit("/", 3)[-3] + case.pointer[-2:])
def test_each_part_of_a_rule_is_told_in_the_spec_s_words(case: PartCase) -> None:
    """A password missing one group: the client and the spec's checker both refuse it with the part's
    title (its words in the spec), never the regular expression, and never show the value."""
    local = violations(case.operation_id, case.body)
    spec = CHECKERS[case.operation_id].schema_violations(case.body)
    assert [(found.field, found.code) for found in local] == [(case.field, case.code)]
    assert f"{case.field} must have {case.title} (value redacted)" == local[0].message == spec[0].message
    assert case.body[case.field] not in local[0].message


def test_the_password_has_a_case_for_each_of_its_parts() -> None:
    parts = DOCUMENT["components"]["schemas"]["InstancePassword"]["allOf"]
    found = [case.pointer for case in part_cases() if case.field == "password"]
    assert found == [f"#/components/schemas/InstancePassword/allOf/{index}" for index in range(len(parts))]
