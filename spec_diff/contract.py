"""The contract section: what the service promises beyond the schemas.

Error codes per operation and status, the business checks and their order, waiters, whether an
operation changes state, the request limits and the code a schema breach answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from spec_diff import pointers
from spec_diff.changes import Change, Level, Section
from spec_diff.schemas import locate
from spec_diff.wire import RawOperation, raw_operations
from zenlayer_spec.document import JSON
from zenlayer_spec.operations import CHANGES_STATE_KEY, WAITER_KEY

BUSINESS_CHECKS = "x-zc-business-checks"

# Contract data whose every change has one level: key in components -> (level, why).
_WHOLE_DATA: dict[str, tuple[Level, str]] = {
    "x-zc-other-requests": (Level.BREAKING, "what other methods and paths answer"),
    "x-zc-not-api-answers": (Level.COMPATIBLE, "which answers come from in front of the API"),
    "x-zc-client-identity": (Level.COMPATIBLE, "how the client names itself"),
}


def _code_enum(document: Mapping[str, JSON], node: JSON, pointer: str) -> tuple[list[str], str] | None:
    """The `code` enumeration of an error schema and where it is written, through `$ref` and `allOf`."""
    located = locate(document, node, pointer)
    code = (located.schema.get("properties") or {}).get("code") or {}
    if isinstance(code.get("enum"), list):
        return [str(value) for value in code["enum"]], pointers.join(located.pointer, "properties", "code", "enum")
    for index, part in enumerate(located.schema.get("allOf") or []):
        found = _code_enum(document, part, pointers.join(located.pointer, "allOf", index))
        if found is not None:
            return found
    return None


def _codes(document: Mapping[str, JSON], operation: RawOperation) -> dict[str, tuple[int, str, str]]:
    """Every error code the operation answers: code -> (status, where the code is listed, the response)."""
    found: dict[str, tuple[int, str, str]] = {}
    for status, response in (operation.raw.get("responses") or {}).items():
        if int(status) < 400:
            continue
        where = pointers.join(operation.pointer, "responses", status)
        located = locate(document, response, where)
        media = pointers.join(located.pointer, "content", "application/json", "schema")
        schema = ((located.schema.get("content") or {}).get("application/json") or {}).get("schema")
        listed = _code_enum(document, schema, media)
        for code in listed[0] if listed else ():
            found[code] = (int(status), listed[1] if listed else where, where)
    return found


def contract_changes(old: Mapping[str, JSON], new: Mapping[str, JSON]) -> Iterator[Change]:
    old_operations, new_operations = raw_operations(old), raw_operations(new)
    for action in sorted(old_operations.keys() & new_operations.keys()):
        was, now = old_operations[action], new_operations[action]
        yield from _error_codes(action, _codes(old, was), _codes(new, now))
        yield from _business_checks(action, was, now)
        yield from _waiter(action, was, now)
        yield from _results(action, was, now)
        before, after = was.raw.get(CHANGES_STATE_KEY), now.raw.get(CHANGES_STATE_KEY)
        if before != after:
            yield Change(
                Section.CONTRACT,
                Level.BREAKING,
                "zc-changes-state-flipped",
                f"{action}: {CHANGES_STATE_KEY} {before} -> {after}",
                pointers.join(now.pointer, CHANGES_STATE_KEY),
                reason="whether the client may resend it after an ambiguous failure changes",
            )
    yield from _catalogue(old, new)
    yield from _limits(old, new)


def _error_codes(
    action: str, before: dict[str, tuple[int, str, str]], after: dict[str, tuple[int, str, str]]
) -> Iterator[Change]:
    for code in sorted(after.keys() - before.keys()):
        status, where, response = after[code]
        yield Change(
            Section.CONTRACT,
            Level.BREAKING,
            "zc-error-code-added",
            f"{action}: new error {status} {code}",
            where,
            reason="callers that handle every declared code meet one they do not know",
            also=(response,),
        )
    for code in sorted(before.keys() - after.keys()):
        status, where, response = before[code]
        yield Change(
            Section.CONTRACT,
            Level.COMPATIBLE,
            "zc-error-code-removed",
            f"{action}: error {status} {code} no longer answered",
            where,
            also=(response,),
        )
    for code in sorted(before.keys() & after.keys()):
        if before[code][0] != after[code][0]:
            yield Change(
                Section.CONTRACT,
                Level.BREAKING,
                "zc-error-code-status-changed",
                f"{action}: {code} moved from HTTP {before[code][0]} to {after[code][0]}",
                after[code][1],
                also=(before[code][1], before[code][2], after[code][2]),
            )


def _check_name(check: Mapping[str, JSON]) -> str:
    """A check by its id (stable when its prose is reworded); by its prose in a spec before ids."""
    return str(check.get("id") or check.get("check"))


def _business_checks(action: str, was: RawOperation, now: RawOperation) -> Iterator[Change]:
    before = [(_check_name(c), str(c.get("code"))) for c in was.raw.get(BUSINESS_CHECKS) or []]
    after = [(_check_name(c), str(c.get("code"))) for c in now.raw.get(BUSINESS_CHECKS) or []]
    where = pointers.join(now.pointer, BUSINESS_CHECKS)
    if [code for _, code in before] == [code for _, code in after]:
        return  # only the wording of checks changed: documentation
    before_codes = dict(before)
    after_codes = dict(after)
    for check, code in after:
        if check not in before_codes:
            yield Change(
                Section.CONTRACT,
                Level.BREAKING,
                "zc-business-check-added",
                f"{action}: new check `{check}` ({code})",
                where,
            )
        elif before_codes[check] != code:
            yield Change(
                Section.CONTRACT,
                Level.BREAKING,
                "zc-business-check-code-changed",
                f"{action}: check `{check}` answers {before_codes[check]} -> {code}",
                where,
            )
    for check, code in before:
        if check not in after_codes:
            yield Change(
                Section.CONTRACT,
                Level.COMPATIBLE,
                "zc-business-check-removed",
                f"{action}: check `{check}` ({code}) removed",
                pointers.join(was.pointer, BUSINESS_CHECKS),
            )
    common_before = [check for check, _ in before if check in after_codes]
    common_after = [check for check, _ in after if check in before_codes]
    if common_before != common_after:
        yield Change(
            Section.CONTRACT,
            Level.BREAKING,
            "zc-business-checks-reordered",
            f"{action}: the business checks run in another order",
            where,
            reason="a request with several faults gets another code",
        )


RESULTS = "x-zc-results"
# What of a list's `x-zc-results` the mock executes (judged by what it does: spec_diff.behaviour).
_EXECUTED_RESULTS = frozenset({"from", "where"})


def _results(action: str, was: RawOperation, now: RawOperation) -> Iterator[Change]:
    """How a list pages, sorts and filters (an operation's `x-zc-results`): the client's paging and every
    caller's reading of a page depend on it."""
    before, after = was.raw.get(RESULTS) or {}, now.raw.get(RESULTS) or {}
    for key in sorted((before.keys() | after.keys()) - _EXECUTED_RESULTS):
        if before.get(key) != after.get(key):
            yield Change(
                Section.CONTRACT,
                Level.BREAKING,
                "zc-results-changed",
                f"{action}: how the list answers changed ({RESULTS}.{key}: {before.get(key)!r} -> {after.get(key)!r})",
                pointers.join(now.pointer if key in after else was.pointer, RESULTS, key),
                reason="callers page, sort and filter by it",
            )


def _waiter(action: str, was: RawOperation, now: RawOperation) -> Iterator[Change]:
    before, after = was.raw.get(WAITER_KEY), now.raw.get(WAITER_KEY)
    where = pointers.join(now.pointer if after else was.pointer, WAITER_KEY)
    if before == after:
        return
    if before is None:
        yield Change(Section.CONTRACT, Level.COMPATIBLE, "zc-waiter-added", f"{action}: new waiter", where)
        return
    if after is None:
        yield Change(Section.CONTRACT, Level.BREAKING, "zc-waiter-removed", f"{action}: waiter removed", where)
        return
    if before.get("ids") is None and after.get("ids") is not None:
        yield Change(
            Section.CONTRACT,
            Level.DOCS,
            "zc-waiter-ids-stated",
            f"{action}: the waiter states which request field holds its ids ({after.get('ids')})",
            pointers.join(where, "ids"),
            reason="what was found by the field's name is now written down: nothing a caller sees changes",
        )
    for key in ("poll", "ids", "target", "pending", "failure", "absentIsFailure"):
        if key == "ids" and before.get(key) is None:
            continue
        if before.get(key) != after.get(key):
            yield Change(
                Section.CONTRACT,
                Level.BREAKING,
                f"zc-waiter-{key.lower()}-changed",
                f"{action}: waiter {key} {before.get(key)!r} -> {after.get(key)!r}",
                pointers.join(where, key),
            )
    for key in ("timeoutSeconds", "delaySeconds"):
        b, a = before.get(key), after.get(key)
        if b != a:
            level = (
                Level.BREAKING
                if key == "timeoutSeconds" and a is not None and b is not None and a < b
                else Level.COMPATIBLE
            )
            yield Change(
                Section.CONTRACT,
                level,
                f"zc-waiter-{key.removesuffix('Seconds').lower()}-changed",
                f"{action}: waiter {key} {b} -> {a}",
                pointers.join(where, key),
                reason="a shorter timeout gives up on changes that used to finish" if level is Level.BREAKING else "",
            )


def _catalogue(old: Mapping[str, JSON], new: Mapping[str, JSON]) -> Iterator[Change]:
    before = (old.get("components") or {}).get("x-zc-error-codes") or {}
    after = (new.get("components") or {}).get("x-zc-error-codes") or {}
    base = "/components/x-zc-error-codes"
    for code in sorted(after.keys() - before.keys()):
        yield Change(
            Section.CONTRACT,
            Level.COMPATIBLE,
            "zc-catalogue-code-added",
            f"error code {code} defined",
            pointers.join(base, code),
        )
    for code in sorted(before.keys() - after.keys()):
        yield Change(
            Section.CONTRACT,
            Level.COMPATIBLE,
            "zc-catalogue-code-removed",
            f"error code {code} no longer defined",
            pointers.join(base, code),
        )
    for code in sorted(before.keys() & after.keys()):
        if before[code].get("status") != after[code].get("status"):
            yield Change(
                Section.CONTRACT,
                Level.BREAKING,
                "zc-catalogue-status-changed",
                f"error code {code}: HTTP {before[code].get('status')} -> {after[code].get('status')}",
                pointers.join(base, code, "status"),
            )


def _limits(old: Mapping[str, JSON], new: Mapping[str, JSON]) -> Iterator[Change]:
    before = old.get("components") or {}
    after = new.get("components") or {}
    yield from _limit(
        "x-zc-max-body-bytes",
        before.get("x-zc-max-body-bytes"),
        after.get("x-zc-max-body-bytes"),
        "/components/x-zc-max-body-bytes",
        "largest request body",
    )
    old_guards, new_guards = before.get("x-zc-request-guards") or {}, after.get("x-zc-request-guards") or {}
    for name in sorted(old_guards.keys() | new_guards.keys()):
        b, a = old_guards.get(name) or {}, new_guards.get(name) or {}
        where = pointers.join("/components/x-zc-request-guards", name)
        if name == "singleHeaders":
            for header in sorted(a.keys() - b.keys()):
                yield Change(
                    Section.CONTRACT,
                    Level.BREAKING,
                    "zc-single-header-added",
                    f"header {header} may no longer be given twice",
                    pointers.join(where, header),
                )
            for header in sorted(b.keys() - a.keys()):
                yield Change(
                    Section.CONTRACT,
                    Level.COMPATIBLE,
                    "zc-single-header-removed",
                    f"header {header} may be given twice",
                    where,
                )
            for header in sorted(a.keys() & b.keys()):
                if a[header] != b[header]:
                    yield Change(
                        Section.CONTRACT,
                        Level.BREAKING,
                        "zc-guard-code-changed",
                        f"header {header} given twice answers {b[header]} -> {a[header]}",
                        pointers.join(where, header),
                    )
            continue
        yield from _limit(f"{name}.limit", b.get("limit"), a.get("limit"), pointers.join(where, "limit"), name)
        if b.get("code") != a.get("code"):
            yield Change(
                Section.CONTRACT,
                Level.BREAKING,
                "zc-guard-code-changed",
                f"{name} answers {b.get('code')} -> {a.get('code')}",
                pointers.join(where, "code"),
            )
    old_map, new_map = before.get("x-zc-schema-error-codes") or {}, after.get("x-zc-schema-error-codes") or {}
    for keyword in sorted(old_map.keys() | new_map.keys()):
        if old_map.get(keyword) != new_map.get(keyword):
            yield Change(
                Section.CONTRACT,
                Level.BREAKING,
                "zc-schema-error-code-changed",
                f"a `{keyword}` breach answers {old_map.get(keyword)} -> {new_map.get(keyword)}",
                pointers.join("/components/x-zc-schema-error-codes", keyword),
            )
    for key, (level, what) in _WHOLE_DATA.items():
        if before.get(key) != after.get(key):
            yield Change(
                Section.CONTRACT,
                level,
                "zc-contract-data-changed",
                f"{what} changed ({key})",
                pointers.join("/components", key),
            )


def _limit(name: str, before: JSON, after: JSON, where: str, what: str) -> Iterator[Change]:
    if before == after:
        return
    narrower = after is not None and (before is None or after < before)
    level = Level.BREAKING if narrower else Level.COMPATIBLE
    rule = "zc-limit-decreased" if narrower else "zc-limit-increased"
    yield Change(Section.CONTRACT, level, rule, f"{what}: {before} -> {after}", where)
