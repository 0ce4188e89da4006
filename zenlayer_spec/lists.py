"""What the answers of the list operations obey (`x-zc-results`): which field holds the items, the
total, the sort key, the paging fields and the filters, each with how an item must match it. The
contract suite checks every answer against it; the mock's lists follow it."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from zenlayer_spec.document import JSON, SpecError, dereference, resolve_pointer
from zenlayer_spec.operations import Operation

RESULTS_KEY = "x-zc-results"
# How an item matches a filter's value:
# - equals: the item's field is the value; anyOf: it is one of the request's list;
# - contains: the item's field (a list) holds the value; anyElement: it holds one of the request's list;
# - trailingStar: the value, or with one trailing `*` a prefix of it (`*` alone: any), case-sensitive.
MATCHES = frozenset({"anyOf", "equals", "contains", "anyElement", "trailingStar"})
ORDERS = ("ascending", "descending")


@attrs.frozen
class Filter:
    request_field: str
    item_field: str
    match: str  # one of MATCHES

    def keeps(self, wanted: object, value: object) -> bool:
        """Whether an item whose field is `value` matches the request's `wanted`."""
        if self.match == "anyOf":
            return isinstance(wanted, list) and value in wanted
        if self.match == "contains":
            return isinstance(value, list) and wanted in value
        if self.match == "anyElement":
            return isinstance(value, list) and isinstance(wanted, list) and any(one in value for one in wanted)
        if self.match == "trailingStar" and isinstance(wanted, str) and wanted.endswith("*"):
            return isinstance(value, str) and value.startswith(wanted[:-1])
        return bool(value == wanted)

    def applies(self, wanted: object) -> bool:
        """Whether a request's value filters at all: absent does not, nor an empty list of alternatives."""
        return wanted is not None and not (self.match in ("anyOf", "anyElement") and not wanted)


def sort_key(value: object) -> tuple[int, float, str]:
    """Numbers by value, before strings; null first (a numeric sort is what a number field means)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, float(value), "")
    return (0, 0.0, "") if value is None else (2, 0.0, str(value))


@attrs.frozen
class ListRules:
    items: str
    total: str
    sorted_by: str
    page_number: str
    page_size: str
    descending: bool  # `order: descending`
    default_page_number: int
    default_page_size: int
    filters: tuple[Filter, ...]
    largest_page_size: int | None = None  # the page size field's `maximum`, if it has one

    def expected_count(self, request: Mapping[str, object], total: int) -> int:
        """How many items one page holds, given the total."""
        number = request.get(self.page_number, self.default_page_number)
        size = request.get(self.page_size, self.default_page_size)
        if not isinstance(number, int) or not isinstance(size, int):
            return -1
        return max(0, min(size, total - (number - 1) * size))


def _order(raw: Mapping[str, JSON], where: str) -> str:
    order = raw.get("order", "ascending")
    if order not in ORDERS:
        raise SpecError(f"{where}.order: one of {', '.join(ORDERS)}, not {order!r}")
    return str(order)


def list_rules(document: Mapping[str, JSON], operation: Operation) -> ListRules | None:
    raw = document["paths"][operation.pseudo_path]["post"].get(RESULTS_KEY)
    if raw is None:
        return None
    where = f"{operation.operation_id}.{RESULTS_KEY}"
    if not isinstance(raw, Mapping):
        raise SpecError(f"{where} must be a mapping")
    request = dereference(document, resolve_pointer(document, operation.request_schema_pointer))
    properties = request.get("properties", {}) if isinstance(request, Mapping) else {}
    page = raw.get("page") or {}

    def default(name: str) -> int:
        field = dereference(document, properties.get(name, {}))
        value = field.get("default") if isinstance(field, Mapping) else None
        if not isinstance(value, int):
            raise SpecError(f"{where}: the request field {name} needs an integer default")
        return value

    filters = []
    for name, entry in (raw.get("filters") or {}).items():
        if name not in properties or not isinstance(entry, Mapping) or entry.get("match") not in MATCHES:
            raise SpecError(f"{where}.filters.{name}: a request field, with `field` and `match` ({sorted(MATCHES)})")
        filters.append(Filter(str(name), str(entry["field"]), str(entry["match"])))
    return ListRules(
        items=str(raw["items"]),
        total=str(raw["total"]),
        sorted_by=str(raw["sortedBy"]),
        page_number=str(page["number"]),
        page_size=str(page["size"]),
        descending=_order(raw, where) == "descending",
        default_page_number=default(str(page["number"])),
        default_page_size=default(str(page["size"])),
        filters=tuple(filters),
        largest_page_size=_maximum(dereference(document, properties.get(str(page["size"]), {}))),
    )


def _maximum(field: JSON) -> int | None:
    value = field.get("maximum") if isinstance(field, Mapping) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
