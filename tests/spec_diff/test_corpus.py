"""The spec-diff corpus: small edits of our spec, one kind of change each, with the classification a
reviewer should see. Each case states the exact set of (rule, level) the report must hold, so a rule
that misfires, a level that moves or a change that goes unexplained fails its case."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from spec_diff import Level, Section, compare_documents
from tests.spec_copies import spec_text
from zenlayer_spec import SPEC_PATH
from zenlayer_spec.document import read_document

B, C, D = Level.BREAKING, Level.COMPATIBLE, Level.DOCS
Doc = dict[str, Any]
RESET = "/vm#ResetInstance"
STOP = "/vm#StopInstances"
IMAGES = "/vm#DescribeImages"


def schemas(d: Doc) -> Doc:
    return d["components"]["schemas"]  # type: ignore[no-any-return]


def op(d: Doc, path: str) -> Doc:
    return d["paths"][path]["post"]  # type: ignore[no-any-return]


def reset_fields(d: Doc) -> Doc:
    return schemas(d)["ResetInstanceRequest"]["properties"]  # type: ignore[no-any-return]


def reset_field(d: Doc, name: str) -> Doc:
    return schemas(d)["ResetInstanceRequest"]["properties"][name]  # type: ignore[no-any-return]


def stop_field(d: Doc, name: str) -> Doc:
    return schemas(d)["StopInstancesRequest"]["properties"][name]  # type: ignore[no-any-return]


def stop_forbidden_codes(d: Doc) -> list[str]:
    return schemas(d)["StopInstancesForbiddenError"]["allOf"][1]["properties"]["code"]["enum"]  # type: ignore[no-any-return]


def checks(d: Doc) -> list[Doc]:
    return op(d, RESET)["x-zc-business-checks"]  # type: ignore[no-any-return]


def _new_required_field(d: Doc) -> None:
    schemas(d)["ResetInstanceRequest"]["properties"].update(reason={"type": "string"})
    schemas(d)["ResetInstanceRequest"]["required"].append("reason")


def _add_operation(d: Doc) -> None:
    new = copy.deepcopy(d["paths"][STOP])
    new["post"]["operationId"] = "SuspendInstances"  # a name the spec does not have
    new["post"]["parameters"][0]["schema"].update(enum=["SuspendInstances"], default="SuspendInstances")
    d["paths"]["/vm#SuspendInstances"] = new


def _move_code(d: Doc) -> None:
    forbidden = schemas(d)["ResetInstanceForbiddenError"]["allOf"][1]["properties"]["code"]["enum"]
    forbidden.remove("INVALID_REGION_SCRIPT_NOT_SUPPORT")
    schemas(d)["ResetInstanceBadRequestError"]["allOf"][1]["properties"]["code"]["enum"].append(
        "INVALID_REGION_SCRIPT_NOT_SUPPORT"
    )
    d["components"]["x-zc-error-codes"]["INVALID_REGION_SCRIPT_NOT_SUPPORT"]["status"] = 400


def _into_component(d: Doc) -> None:
    """The answer's result under another component name: the same schema, so the wire is unchanged."""
    name = schemas(d)["DescribeImagesResponse"]["properties"]["response"]["$ref"].rsplit("/", 1)[-1]
    schemas(d)["ImagesPage"] = schemas(d).pop(name)
    schemas(d)["DescribeImagesResponse"]["properties"]["response"] = {"$ref": "#/components/schemas/ImagesPage"}


def _swap_checks(d: Doc) -> None:
    listed = checks(d)
    listed[1], listed[2] = listed[2], listed[1]


CORPUS: list[tuple[str, Callable[[Doc], object], set[tuple[str, Level]]]] = [
    # Wire: request constraints
    (
        "narrow maxLength",
        lambda d: reset_field(d, "instanceName").update(maxLength=32),
        {("request-property-max-length-decreased", B)},
    ),
    (
        "widen maxLength",
        lambda d: reset_field(d, "instanceName").update(maxLength=128),
        {("request-property-max-length-increased", C)},
    ),
    (
        "raise minLength",
        lambda d: reset_field(d, "instanceName").update(minLength=3),
        {("request-property-min-length-increased", B)},
    ),
    (
        "add a pattern",
        lambda d: reset_field(d, "keyId").update(pattern="^key-"),
        {("request-property-pattern-added", B)},
    ),
    (
        "change a pattern",
        lambda d: schemas(d)["WanNicName"].update(pattern="^[a-z][a-z0-9]{3,10}$"),
        {("request-property-pattern-changed", B)},
    ),
    ("remove a pattern", lambda d: schemas(d)["WanNicName"].pop("pattern"), {("request-property-pattern-removed", C)}),
    ("lower a maximum", lambda d: schemas(d)["PageSize"].update(maximum=100), {("request-property-max-decreased", B)}),
    (
        "raise maxItems",
        lambda d: stop_field(d, "instanceIds").update(maxItems=200),
        {("request-property-max-items-increased", C)},
    ),
    (
        "set a maxLength where there was none",
        lambda d: reset_field(d, "keyId").update(maxLength=20),
        {("request-property-max-length-set", B)},
    ),
    (
        "retype a request field",
        lambda d: stop_field(d, "forceShutdown").update(type="string"),
        {("request-property-type-changed", B)},
    ),
    (
        "change a default",
        lambda d: stop_field(d, "forceShutdown").update(default=False),
        {("request-property-default-value-changed", C)},
    ),
    # Wire: request fields
    (
        "new required request field",
        lambda d: (
            reset_field(d, "instanceName") and None,
            schemas(d)["ResetInstanceRequest"]["properties"].update(reason={"type": "string"}),
            schemas(d)["ResetInstanceRequest"]["required"].append("reason"),
        ),
        {("new-required-request-property", B)},
    ),
    (
        "new optional request field",
        lambda d: schemas(d)["ResetInstanceRequest"]["properties"].update(reason={"type": "string"}),
        {("new-optional-request-property", C)},
    ),
    (
        "remove a request field",
        lambda d: reset_fields(d).pop("instanceName"),
        {("request-property-removed", B)},
    ),
    (
        "make a field required",
        lambda d: schemas(d)["ResetInstanceRequest"]["required"].append("imageId"),
        {("request-property-became-required", B)},
    ),
    (
        "make a field optional",
        lambda d: schemas(d)["DescribeImagesRequest"].pop("required"),
        {("request-property-became-optional", C)},
    ),
    (
        "remove a request enum value",
        lambda d: schemas(d)["OsType"]["enum"].remove("windows"),
        {("request-property-enum-value-removed", B), ("response-property-enum-value-removed", C)},
    ),
    # Wire: answers
    (
        "add a response enum value",  # InstanceStatus is DescribeInstances' status filter too
        lambda d: schemas(d)["InstanceStatus"]["enum"].append("MIGRATING"),
        {("response-property-enum-value-added", C), ("request-property-enum-value-added", C)},
    ),
    (
        "remove a response field",
        lambda d: schemas(d)["Image"]["properties"].pop("imageVersion"),
        {("response-property-removed", B)},
    ),
    (
        "add a response field",
        lambda d: schemas(d)["Image"]["properties"].update(imageOwner={"type": "string"}),
        {("response-optional-property-added", C)},
    ),
    (
        "make a response field optional",
        lambda d: schemas(d)["DescribeImagesResponse"]["required"].remove("response"),
        {("response-property-became-optional", B)},
    ),
    (
        "retype a response field",
        lambda d: schemas(d)["Image"]["properties"]["imageSize"].update(type="integer"),
        {("response-property-type-changed", B)},
    ),
    (
        "stop promising a response field",
        lambda d: schemas(d)["Image"]["x-zc-expected"].remove("osType"),
        {("zc-field-no-longer-expected", B)},
    ),
    # Wire: operations, headers, security, servers
    ("remove an operation", lambda d: d["paths"].pop(IMAGES), {("api-removed-without-deprecation", B)}),
    ("add an operation", _add_operation, {("endpoint-added", C)}),
    (
        "rename an operationId",
        lambda d: op(d, IMAGES).update(operationId="ListImages"),
        {("zc-operation-id-changed", B)},
    ),
    (
        "new required header",
        lambda d: op(d, RESET)["parameters"].append(
            {"name": "X-ZC-Region", "in": "header", "required": True, "schema": {"type": "string"}}
        ),
        {("new-required-request-parameter", B)},
    ),
    (
        "new optional header",
        lambda d: op(d, RESET)["parameters"].append(
            {"name": "X-ZC-Trace", "in": "header", "required": False, "schema": {"type": "string"}}
        ),
        {("new-optional-request-parameter", C)},
    ),
    (
        "change the API version",
        lambda d: d["components"]["parameters"]["ApiVersion"]["schema"].update(
            enum=["2027-01-01"], default="2027-01-01"
        ),
        {
            ("request-property-enum-value-removed", B),
            ("request-property-enum-value-added", C),
            ("request-property-default-value-changed", C),
        },
    ),
    ("drop an authentication alternative", lambda d: d["security"].pop(), {("api-security-removed", B)}),
    (
        "change the signing",
        lambda d: d["components"]["securitySchemes"]["zcSignature"]["x-zc-signature"].update(clockSkewSeconds=60),
        {("zc-signing-changed", B)},
    ),
    ("remove a server", lambda d: d["servers"].pop(0), {("zc-server-removed", B)}),
    ("add a server", lambda d: d["servers"].append({"url": "https://eu.example.com/api/v2"}), {("zc-server-added", C)}),
    # Contract
    (
        "add an error code",
        lambda d: stop_forbidden_codes(d).append("OPERATION_DENIED_INSTANCE_NOT_STOPPED"),
        {("zc-error-code-added", B)},
    ),
    (
        "remove an error code",
        lambda d: stop_forbidden_codes(d).remove("OPERATION_DENIED_INSTANCE_NOT_RUNNING"),
        {("zc-error-code-removed", C)},
    ),
    (
        "move a code to another status",
        _move_code,
        {("zc-error-code-status-changed", B), ("zc-catalogue-status-changed", B)},
    ),
    (
        "reorder business checks",
        _swap_checks,
        {("zc-business-checks-reordered", B), ("zc-behaviour-answer-changed", B)},  # and shown by a request
    ),
    (
        "add a business check",
        lambda d: checks(d).append(
            {
                "id": "account-not-frozen",
                "check": "the account is not frozen",
                "rule": "request.instanceId != 'ins-stopped-fra'",
                "code": "OPERATION_DENIED_INSTANCE_RECYCLED",
                "source": "project-rule: x",
            }
        ),
        {("zc-business-check-added", B), ("zc-behaviour-narrowed", B)},
    ),
    (
        "remove a business check",
        lambda d: checks(d).pop(),
        {("zc-business-check-removed", C)},
    ),
    (
        "reword a business check",
        lambda d: checks(d)[0].update(check="not both a password and a key"),
        {("zc-documentation-changed", D)},
    ),
    (
        "shorten a waiter's timeout",
        lambda d: op(d, RESET)["x-zc-waiter"].update(timeoutSeconds=60),
        {("zc-waiter-timeout-changed", B)},
    ),
    (
        "lengthen a waiter's timeout",
        lambda d: op(d, RESET)["x-zc-waiter"].update(timeoutSeconds=1200),
        {("zc-waiter-timeout-changed", C)},
    ),
    (
        "change a waiter's target",
        lambda d: op(d, STOP)["x-zc-waiter"].update(target="SHUTOFF"),
        {("zc-waiter-target-changed", B)},
    ),
    (
        "flip changes-state",
        lambda d: op(d, IMAGES).update({"x-zc-changes-state": True}),
        {("zc-changes-state-flipped", B)},
    ),
    (
        "lower the body limit",
        lambda d: d["components"].update({"x-zc-max-body-bytes": 65536}),
        {("zc-limit-decreased", B)},
    ),
    (
        "raise the depth limit",
        lambda d: d["components"]["x-zc-request-guards"]["maxJsonDepth"].update(limit=64),
        {("zc-limit-increased", C)},
    ),
    (
        "a header may no longer repeat",
        lambda d: d["components"]["x-zc-request-guards"]["singleHeaders"].update(
            {"X-ZC-Service": "INVALID_PARAMETER_VALUE"}
        ),
        {("zc-single-header-added", B)},
    ),
    (
        "remap a schema keyword's code",
        lambda d: d["components"]["x-zc-schema-error-codes"].update(pattern="INVALID_PARAMETER_VALUE"),
        {("zc-schema-error-code-changed", B)},
    ),
    (
        "a field's own code changes",
        lambda d: schemas(d)["InstancePassword"].update({"x-zc-error-code": "INVALID_PARAMETER_VALUE"}),
        {("zc-field-error-code-changed", B)},
    ),
    (
        "a field becomes secret",
        lambda d: reset_field(d, "keyId").update({"x-zc-secret": True}),
        {("zc-field-secret-changed", C)},
    ),
    # Documentation, and what no rule knows
    (
        "reword a description",
        lambda d: schemas(d)["InstanceId"].update(description="An instance id."),
        {("zc-documentation-changed", D)},
    ),
    (
        "change an example",
        lambda d: reset_field(d, "keyId").update(examples=["key-abc"]),
        {("zc-documentation-changed", D)},
    ),
    (
        "change a source",
        lambda d: schemas(d)["PageSize"].update({"x-zc-source": "vendor-sdk: elsewhere"}),
        {("zc-documentation-changed", D)},
    ),
    (
        "rename the schema component an answer refers to",
        _into_component,
        {("zc-schema-component-added", D), ("zc-schema-component-removed", D)},
    ),
    (
        "add a response component no operation uses yet",
        lambda d: d["components"]["responses"].update(Spare=d["components"]["responses"]["ZoneNotFound"]),
        {("zc-component-added", D)},
    ),
    (
        "change what a business check's rule evaluates",
        lambda d: checks(d)[1].update(rule="request.instanceId in instances || false"),
        {("zc-executable-contract-changed", C)},
    ),
    (
        "a status becomes transitional",
        lambda d: schemas(d)["InstanceStatus"]["x-zc-transitional"].append("IMAGING"),
        {("zc-transitional-statuses-changed", C)},
    ),
    (
        "declare a new kind of resource",
        lambda d: d["components"]["x-zc-resources"].update(
            disk={"world": "disks", "id": "diskId", "attributes": {"diskId": {"type": "string"}}}
        ),
        {("zc-executable-contract-changed", C)},
    ),
    (
        "a keyword no rule knows",
        lambda d: stop_field(d, "instanceIds").update(uniqueItems=True),
        {("zc-unclassified-change", B)},
    ),
]


@pytest.fixture(scope="module")
def base() -> Doc:
    return read_document(SPEC_PATH)


@pytest.mark.parametrize(("edit", "expected"), [pytest.param(e, x, id=name) for name, e, x in CORPUS])
def test_each_kind_of_change_is_classified(
    base: Doc, edit: Callable[[Doc], object], expected: set[tuple[str, Level]]
) -> None:
    new = copy.deepcopy(base)
    edit(new)
    new_text = spec_text(new)
    report = compare_documents(base, new, new_text, SPEC_PATH.read_text(encoding="utf-8"))
    assert {(change.rule, change.level) for change in report.changes} == expected
    assert report.level == max(level for _, level in expected)
    for change in report.changes:
        assert change.section in (Section.WIRE, Section.CONTRACT)
        assert change.location.startswith("/"), change
        assert change.line is not None, change
        assert change.line > 1, change


def test_the_corpus_covers_thirty_kinds_and_every_level() -> None:
    kinds = {rule for _, _, expected in CORPUS for rule, _ in expected}
    assert len(CORPUS) >= 30
    assert len(kinds) >= 30
    assert {level for _, _, expected in CORPUS for _, level in expected} == {B, C, D}


def test_an_unchanged_spec_and_the_version_field_alone_report_nothing(base: Doc) -> None:
    assert compare_documents(base, copy.deepcopy(base)).changes == ()
    bumped = copy.deepcopy(base)
    bumped["info"]["x-zc-client-version"] = "2099.0.0"
    assert compare_documents(base, bumped).changes == ()
