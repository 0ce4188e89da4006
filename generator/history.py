"""The client's history across generations: its version must follow the spec, and its changelog
gains an entry for every version, written from the spec-diff report.

The generated project keeps the spec it was generated from (`openapi.yaml`) and its public Python API
(`public-api.jsonl`), so the next generation knows what changed, in the spec or in the templates, even
when either was edited several times in between; and a reviewer sees an API change as a diff.
"""

from __future__ import annotations

from pathlib import Path

from generator.build import PACKAGE_NAME
from generator.errors import GenerationError
from spec_diff import Report, compare_documents, required_version, version_of
from spec_diff.client_api import API_FILE, api_of_project, client_changes, dump, public_api
from spec_diff.pointers import LineIndex
from spec_diff.render import changelog_entry, text_report
from spec_diff.versions import VERSION_KEY
from zenlayer_spec.document import read_document

SPEC_COPY = "openapi.yaml"
CHANGELOG = "CHANGELOG.md"
CHANGELOG_HEAD = """# Changelog of zenlayer-vm-client

Written by `python -m generator` from the spec-diff report (`nox -s spec-diff`) each time the spec or
the client's public API (`public-api.jsonl`) changes. The version is semver kept in the spec's
`info.x-zc-client-version`: a breaking change bumps the major part, a compatible one the minor part,
a documentation change the patch part.
"""
_FIRST = """## {version}

The first client whose version follows the spec. Every earlier client was also called 2026.4.1,
whatever its spec said.
"""


class VersionNotBumpedError(GenerationError):
    """The spec changed but `info.x-zc-client-version` does not say so."""


def previous_entries(previous: Path | None) -> str:
    """The changelog entries of the previous generation, without the heading."""
    if previous is None or not (previous / CHANGELOG).is_file():
        return ""
    text = (previous / CHANGELOG).read_text(encoding="utf-8")
    start = text.find("\n## ")
    return text[start + 1 :] if start >= 0 else ""


def record_history(spec_path: Path, built: Path, previous: Path | None, *, strict: bool = True) -> str | None:
    """Write the spec copy and the changelog into `built`; refuse a spec change without its version bump.

    With `strict`, a missing bump raises VersionNotBumpedError; without (the drift check, which reports
    every difference at once), it is returned as a message. None when the version is right.
    """
    spec_text = spec_path.read_text(encoding="utf-8")
    (built / SPEC_COPY).write_text(spec_text, encoding="utf-8")
    api = public_api(built / PACKAGE_NAME)
    (built / API_FILE).write_text(dump(api), encoding="utf-8")
    document = read_document(spec_path)
    declared = version_of(document)
    if previous is None or not (previous / SPEC_COPY).is_file():
        entries = _FIRST.format(version=declared) + "\n" + previous_entries(previous)
        _write_changelog(built, entries)
        return None
    base_copy = previous / SPEC_COPY
    base_text = base_copy.read_text(encoding="utf-8")
    base = read_document(base_copy)
    report = compare_documents(base, document, spec_text, base_text)
    # The public API as the previous generation recorded it: templates count as much as the spec.
    report = report.merged(Report.of(client_changes(api_of_project(previous, PACKAGE_NAME), api)))
    base_version = version_of(base)
    needed = required_version(base_version, report.level)
    if declared < needed:
        line = LineIndex(spec_text).line(f"/info/{VERSION_KEY}") or LineIndex(spec_text).line("/info")
        problem = (
            f"{spec_path}:{line}: the spec changed ({report.level.label if report.level is not None else 'no change'}) "
            f"since the client {base_version}, but info.{VERSION_KEY} says {declared}.\n"
            f"fix: set info.{VERSION_KEY} to {needed} (or higher) and generate again.\n\n"
            + text_report(report, spec_path.name, f"What changed since {base_version}:")
        )
        if strict:
            raise VersionNotBumpedError(problem)
        return problem
    entries = previous_entries(previous)
    if declared != base_version:
        entries = changelog_entry(str(declared), report, spec_path.name) + "\n" + entries
    _write_changelog(built, entries)
    return None


def _write_changelog(built: Path, entries: str) -> None:
    (built / CHANGELOG).write_text(CHANGELOG_HEAD + "\n" + entries.rstrip("\n") + "\n", encoding="utf-8")
