"""Sort a contract run's failures by the provenance of the rule each one broke (docs/contract.md §11).

Against a live service, a failure means one of two things: the service broke the vendor's own contract
(a rule whose source is the vendor's docs or SDKs), or one of this project's assumptions is wrong (a
`project-rule`, to be changed in the spec). Answers that come from the network in front of the API (a
CDN challenge, a block) are neither. Each finding names the rule and the spec location to look at.

The suite's own checks tag their messages with the rule they test (`[rule <JSON pointer>]`, see
`rule_tag`); Schemathesis's checks are recognised by their titles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from zenlayer_spec import SPEC_PATH
from zenlayer_spec.document import JSON
from zenlayer_spec.errors import error_catalogue
from zenlayer_spec.operations import Operation
from zenlayer_spec.provenance import Kind, Rule, business_checks, line_numbers, line_of, rules

VENDOR = "vendor contract broken"
PROJECT = "project assumption refuted"
NOT_API = "not an API answer"
UNCLASSIFIED = "unclassified"
GROUPS = (VENDOR, PROJECT, NOT_API, UNCLASSIFIED)
_RULE_TAG = re.compile(r"\[rule (#/[^\]\s]+)\]")
_NOT_API_TAG = re.compile(r"\[not an API answer: ([A-Z_]+)\]")
_REQUIRED = re.compile(r"""["']([A-Za-z0-9_]+)["'] is a required property""")


def rule_tag(at: str) -> str:
    return f"[rule {at}]"


def not_api_tag(code: str) -> str:
    return f"[not an API answer: {code}]"


@attrs.frozen
class Finding:
    test: str
    operation: str | None
    check: str
    message: str
    group: str
    rule: str | None = None
    source: str | None = None
    location: str | None = None


@attrs.define
class Classifier:
    """Finds the rule behind a failure's text, with its source and its line in the spec."""

    document: Mapping[str, JSON]
    spec_path: Path = SPEC_PATH
    _rules: dict[str, Rule] = attrs.field(init=False)
    _lines: dict[str, int] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self._rules = {rule.pointer: rule for rule in rules(self.document)}
        self._lines = line_numbers(self.spec_path)

    def code_rule(self, operation: Operation, status: int, code: str | None = None) -> str:
        """The pointer of the rule that decides which code `operation` answers with `status`: the
        business check that answers `code` (or, without one, the weakest-sourced check at that status),
        else the catalogue entry of `code` (or of the first code declared there)."""
        checks = [
            check for check in business_checks(self.document)[operation.operation_id] if code in (None, check.code)
        ]
        statuses = error_catalogue(self.document)
        at_status = [check for check in checks if statuses[check.code].status == status]
        if at_status:
            check = min(at_status, key=lambda found: found.source.kind.is_vendor)
            return operation.pointer("x-zc-business-checks", check.position)
        declared = code or next(iter(operation.error_codes.get(status, ())), None)
        return f"#/components/x-zc-error-codes/{declared}" if declared else "#/components/x-zc-error-codes"

    def required_rule(self, field: str) -> str | None:
        """The `required` or `x-zc-expected` rule that names `field` (the first in the spec)."""
        for at, rule in self._rules.items():
            if at.endswith(("/required", "/x-zc-expected")) and self._names(at, field):
                return rule.pointer
        return None

    def _names(self, at: str, field: str) -> bool:
        node: object = self.document
        for part in at[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node.get(part) if isinstance(node, Mapping) else node[int(part)] if isinstance(node, list) else None
        return isinstance(node, list) and field in node

    def classify(self, *, test: str, operation: str | None, check: str, message: str) -> Finding:
        text = f"{check}\n{message}"
        if found := _NOT_API_TAG.search(text):
            return Finding(test, operation, check, _first_line(message), NOT_API, rule=found[1])
        at: str | None = None
        if found := _RULE_TAG.search(text):
            at = found[1]
        elif "Undocumented status code" in check or "Undocumented status code" in message:
            at = "#/components/x-zc-error-codes"
        elif found := _REQUIRED.search(text):
            at = self.required_rule(found[1])
        rule = self._rules.get(at or "")
        if at == "#/components/x-zc-error-codes":
            kind, source = Kind.VENDOR_DOCS, "vendor-docs: docs:common-errors, the statuses an answer may have"
            name = "the HTTP statuses the spec declares"
        elif rule is None or rule.source is None:
            return Finding(test, operation, check, _first_line(message), UNCLASSIFIED, rule=at)
        else:
            kind, source, name = rule.source.kind, str(rule.source), rule.name
        assert at is not None
        location = f"{self.spec_path.name}:{line_of(self._lines, at)} ({at})"
        group = VENDOR if kind.is_vendor else PROJECT
        return Finding(test, operation, check, _first_line(message), group, rule=name, source=source, location=location)


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else ""


def grouped(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {group: [] for group in GROUPS}
    for finding in findings:
        groups[finding.group].append(finding)
    return groups


def summary_lines(findings: Iterable[Finding]) -> list[str]:
    lines = []
    for group, members in grouped(findings).items():
        if not members:
            continue
        lines.append(f"{group} ({len(members)}):")
        for finding in members:
            where = f" at {finding.location}" if finding.location else ""
            lines.append(f"  {finding.operation or '-'}: {finding.rule or finding.check}{where}")
            lines.append(f"    {finding.check}: {finding.message}")
            if finding.source:
                lines.append(f"    source: {finding.source}")
    return lines


def write_json(path: Path, findings: Iterable[Finding], seed: int | None = None) -> None:
    groups = grouped(findings)
    summary = {
        "seed": seed,
        "counts": {group: len(members) for group, members in groups.items()},
        "groups": {group: [attrs.asdict(finding) for finding in members] for group, members in groups.items()},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=1), encoding="utf-8")
