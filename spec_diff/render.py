"""The report as text for a terminal or a CI log, and as a changelog entry in Markdown."""

from __future__ import annotations

from spec_diff.changes import Change, Level, Report, Section

_HEADINGS = {
    Section.WIRE: "Wire (what travels between client and service)",
    Section.CONTRACT: "Contract (codes, checks, waiters and limits the service promises)",
    Section.CLIENT: "Client (the generated Python API)",
}


def _where(change: Change, spec_name: str) -> str:
    if change.section is Section.CLIENT:
        return change.location
    line = f":{change.line}" if change.line else ""
    return f"{spec_name}{line} {change.location}"


def text_report(report: Report, spec_name: str, title: str) -> str:
    lines = [title, ""]
    if not report.changes:
        return "\n".join([*lines, "No changes.", ""])
    for section in Section:
        changes = report.in_section(section)
        lines.append(f"{_HEADINGS[section]}: {_counts(changes)}")
        for change in changes:
            lines.append(f"  [{change.level.label}] {change.message}")
            lines.append(f"      {change.rule} at {_where(change, spec_name)}")
            if change.reason:
                lines.append(f"      why: {change.reason}")
        lines.append("")
    level = report.level
    lines.append(f"Overall: {level.label if level is not None else 'no changes'}.")
    return "\n".join(lines) + "\n"


def _counts(changes: tuple[Change, ...]) -> str:
    if not changes:
        return "none"
    parts = []
    for level in sorted(Level, reverse=True):
        count = sum(1 for change in changes if change.level is level)
        if count:
            parts.append(f"{count} {level.label}")
    return ", ".join(parts)


def changelog_entry(version: str, report: Report, spec_name: str) -> str:
    """One version's entry: breaking changes first, each with its section and its spec location."""
    lines = [f"## {version}", ""]
    if not report.changes:
        lines += ["No change to the contract or the client (a version set by hand).", ""]
        return "\n".join(lines)
    titles = {Level.BREAKING: "Breaking", Level.COMPATIBLE: "Compatible", Level.DOCS: "Documentation"}
    for level in sorted(Level, reverse=True):
        changes = report.at_level(level)
        if not changes:
            continue
        lines.append(f"### {titles[level]}")
        lines.append("")
        shown = changes if level is not Level.DOCS else changes[:20]
        for change in shown:
            # A client change names its Python location in its message already.
            where = "" if change.section is Section.CLIENT else f", `{change.location}`"
            lines.append(f"- {change.section.value}: {change.message} ({change.rule}{where})")
        if len(changes) > len(shown):
            lines.append(f"- and {len(changes) - len(shown)} more documentation changes in {spec_name}")
        lines.append("")
    return "\n".join(lines)
