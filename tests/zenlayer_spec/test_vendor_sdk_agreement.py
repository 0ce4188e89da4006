"""The spec against the vendor's pinned Python SDK (zenlayercloud-sdk-python, API 2026-04-01): for the
four actions, the request and response field names and their nesting, and the SDK's own error codes.

The SDK carries no types, enums, requiredness or constraints (every field is a plain attribute that
defaults to None), so only names and nesting can be compared here; types and enums are checked against
the vendor's Go SDK and CLI by hand, with the sources in the spec's `x-zc-source` (docs/contract.md).
A difference fails with a table of every mismatch."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zenlayercloud.common.excpetion import error_code as sdk_error_codes
from zenlayercloud.vm.v20260401 import models as sdk_models

from zenlayer_spec.document import dereference, load_document
from zenlayer_spec.errors import error_catalogue
from zenlayer_spec.operations import operations

DOCUMENT = load_document()
OPERATIONS = operations(DOCUMENT)
# The SDK's codes that never come from the API: raised by the SDK itself before or instead of a call.
SDK_LOCAL_CODES = {"CREDENTIAL_VALUE_MISSING", "SDK_INVALID_REQUEST"}


def spec_fields(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Field name -> nested fields (a dict) or None, for an object schema and the objects in its lists."""
    schema = dereference(DOCUMENT, schema)
    fields: dict[str, Any] = {}
    for name, field in (schema.get("properties") or {}).items():
        field = dereference(DOCUMENT, field)
        # A nullable object (`anyOf: [PriceItem, null]`) is the object.
        field = next(
            (
                dereference(DOCUMENT, branch)
                for branch in field.get("anyOf", [])
                if dereference(DOCUMENT, branch).get("type") == "object"
            ),
            field,
        )
        items = dereference(DOCUMENT, field.get("items", {}))
        inner = field if field.get("type") == "object" else items if items.get("type") == "object" else None
        fields[name] = spec_fields(inner) if inner is not None else None
    return fields


def sdk_fields(model: Any) -> dict[str, Any]:
    """The same shape for an SDK model: its attributes, and for a list of models, the item's."""
    fields: dict[str, Any] = {}
    for name in vars(model()):
        fields[name] = None
    for name in fields:
        probe = model()
        try:  # a list of models takes a list; a nested model (ChargePrepaid) takes an object
            probe._deserialize({name: [{"probe": True}]})
        except AttributeError:
            probe._deserialize({name: {"probe": True}})
            fields[name] = sdk_fields(type(getattr(probe, name)))
            continue
        value = getattr(probe, name)
        if isinstance(value, list) and value and not isinstance(value[0], dict):
            fields[name] = sdk_fields(type(value[0]))
    return fields


def differences(
    where: str, spec: dict[str, Any], sdk: dict[str, Any], subset: bool = False
) -> list[tuple[str, str, str]]:
    """Field names and nesting that differ. `subset`: the spec models part of the vendor's model (the
    lifecycle operations: the rest is accepted and ignored, docs/contract.md §6b), so only a field the
    vendor lacks, or nests otherwise, differs."""
    rows = [(where, name, "in the spec only") for name in spec.keys() - sdk.keys()]
    if not subset:
        rows += [(where, name, "in the SDK only") for name in sdk.keys() - spec.keys()]
    for name in spec.keys() & sdk.keys():
        if (spec[name] is None) != (sdk[name] is None):
            rows.append((where, name, "nested in one, flat in the other"))
        elif spec[name] is not None:
            rows += differences(f"{where}.{name}", spec[name], sdk[name], subset)
    return sorted(rows)


def table(rows: list[tuple[str, str, str]]) -> str:
    return "\n".join(["where | field | difference", "--- | --- | ---", *(" | ".join(row) for row in rows)])


def test_field_names_and_nesting_agree_with_the_vendor_sdk() -> None:
    """Every field the spec declares is the vendor's, nested as the vendor nests it. The spec may model
    part of a vendor model (CreateInstances' disks and networks are accepted and ignored), never invent."""
    rows: list[tuple[str, str, str]] = []
    compared = 0
    for operation in OPERATIONS.values():
        request = dereference(DOCUMENT, {"$ref": operation.request_schema_pointer})
        rows += differences(
            f"{operation.action} request",
            spec_fields(request),
            sdk_fields(getattr(sdk_models, f"{operation.action}Request")),
            subset=True,
        )
        raw = DOCUMENT["paths"][operation.pseudo_path]["post"]["responses"]["200"]["content"]["application/json"]
        envelope = dereference(DOCUMENT, raw["schema"])
        # The SDK's response model is the inner `response` object (the SDK unwraps the envelope).
        inner = spec_fields(envelope)["response"] or {}
        rows += differences(
            f"{operation.action} response",
            inner,
            sdk_fields(getattr(sdk_models, f"{operation.action}Response")),
            subset=True,
        )
        compared += 1
    assert compared == len(OPERATIONS)
    assert rows == [], "the spec and the vendor SDK disagree:\n" + table(rows)


def test_the_sdks_error_codes_are_declared_or_accounted_for() -> None:
    sdk_codes = {value for name, value in vars(sdk_error_codes).items() if name.isupper() and isinstance(value, str)}
    catalogue = error_catalogue(DOCUMENT)
    network = set(DOCUMENT["components"]["x-zc-not-api-answers"])
    rows = [
        ("error code", code, "neither declared by the spec nor accounted for")
        for code in sorted(sdk_codes - set(catalogue) - network - SDK_LOCAL_CODES)
    ]
    assert rows == [], "the spec and the vendor SDK disagree:\n" + table(rows)
    assert "REQUEST_LIMIT_EXCEEDED" in sdk_codes & set(catalogue)  # the one the SDK retries on
    assert {"SECURITY_CHALLENGE", "REQUEST_BLOCKED"} <= network


def test_a_difference_is_reported_as_a_table() -> None:
    spec = {"instanceId": None, "dataSet": {"imageId": None}}
    sdk = {"instanceId": None, "extra": None, "dataSet": {"imageId": None, "osType": None}}
    assert differences("X", spec, sdk) == [
        ("X", "extra", "in the SDK only"),
        ("X.dataSet", "osType", "in the SDK only"),
    ]
    assert "X.dataSet | osType | in the SDK only" in table(differences("X", spec, sdk))


def test_as_a_subset_only_invented_or_renested_fields_differ() -> None:
    spec = {"instanceId": None, "invented": None, "dataSet": {"imageId": None}, "flat": None}
    sdk = {"instanceId": None, "extra": None, "dataSet": {"imageId": None, "osType": None}, "flat": {"a": None}}
    assert differences("X", spec, sdk, subset=True) == [
        ("X", "flat", "nested in one, flat in the other"),
        ("X", "invented", "in the spec only"),
    ]
