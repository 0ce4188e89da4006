"""What the answers of the list operations obey (`x-zc-results`): which field holds the items, the
total, the sort key, the paging fields and the filters, each with how an item must match it. The
contract suite checks every answer against it; the mock's lists follow it."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from zenlayer_spec.document import JSON, SpecError, dereference, resolve_pointer
from zenlayer_spec.operations import Operation

RESULTS_KEY = "x-zc-results"
MATCHES = frozenset({"anyOf", "equals"})


@attrs.frozen
class Filter:
    request_field: str
    item_field: str
    match: str  # "anyOf": the item's field is one of the request's list; "equals": the same value


@attrs.frozen
class ListRules:
    items: str
    total: str
    sorted_by: str
    page_number: str
    page_size: str
    default_page_number: int
    default_page_size: int
    filters: tuple[Filter, ...]

    def expected_count(self, request: Mapping[str, object], total: int) -> int:
        """How many items one page holds, given the total."""
        number = request.get(self.page_number, self.default_page_number)
        size = request.get(self.page_size, self.default_page_size)
        if not isinstance(number, int) or not isinstance(size, int):
            return -1
        return max(0, min(size, total - (number - 1) * size))


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
        default_page_number=default(str(page["number"])),
        default_page_size=default(str(page["size"])),
        filters=tuple(filters),
    )
