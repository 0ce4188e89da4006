"""`python -m spec_diff`: what a spec change does to its users, and whether the client's version says so.

Compares the spec at a base (a git ref) with the working tree: wire, contract and client sections,
each change breaking, compatible or documentation only. Exits 1 when the client's version
(`info.x-zc-client-version`) is not bumped to match, or the changelog lacks the version's entry;
2 when the comparison cannot be made.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import attrs

from spec_diff.changes import Report
from spec_diff.client_api import api_of_project, client_changes, public_api
from spec_diff.compare import compare_documents
from spec_diff.history import HistoryError, default_base, file_at, tree_at
from spec_diff.render import changelog_entry, text_report
from spec_diff.versions import VERSION_KEY, required_version, version_of
from zenlayer_spec import SPEC_PATH, SpecError
from zenlayer_spec.document import parse_document, read_document

ROOT = Path(__file__).resolve().parent.parent
GENERATED = "generated_client"
PACKAGE = "zenlayer_vm_client"


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m spec_diff", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--base", help="git ref of the spec to compare with (default: see below)")
    parser.add_argument("--spec", type=Path, default=SPEC_PATH, help="the spec to check (default: %(default)s)")
    parser.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    parser.add_argument("--no-client", action="store_true", help="skip the client section (no generation: faster)")
    parser.epilog = (
        "Default base: the merge base with main on another branch; HEAD when the spec has uncommitted "
        "edits; else the spec before its last change. Without git history, the spec the committed "
        "client was generated from (generated_client/openapi.yaml)."
    )
    return parser.parse_args(argv)


def _client_report(base_tree: Path | None, spec: Path) -> Report:
    from generator.build import build_client  # needs the generator's pinned tools: imported only here
    from generator.errors import GenerationError

    if base_tree is None or not (base_tree / PACKAGE).is_dir():
        return Report.of(())
    with tempfile.TemporaryDirectory(prefix="spec-diff-") as scratch:
        built = Path(scratch) / GENERATED
        try:
            build_client(spec, built)
        except GenerationError as error:
            # The client section needs the client built; its failure is a located message, never a traceback.
            raise SpecError(f"the client section cannot be computed: generation failed: {error}") from None
        return Report.of(client_changes(api_of_project(base_tree, PACKAGE), public_api(built / PACKAGE)))


def main(argv: list[str]) -> int:
    arguments = _arguments(argv)
    spec_rel = (
        arguments.spec.resolve().relative_to(ROOT).as_posix() if arguments.spec.resolve().is_relative_to(ROOT) else None
    )
    with tempfile.TemporaryDirectory(prefix="spec-diff-base-") as scratch:
        try:
            if spec_rel is None:
                raise HistoryError(f"{arguments.spec} is outside the repository")
            ref, why = (arguments.base, "as asked") if arguments.base else default_base(ROOT, spec_rel)
            base_text = file_at(ROOT, ref, spec_rel)
            base_tree = None if arguments.no_client else tree_at(ROOT, ref, GENERATED, Path(scratch))
            base_name = f"{ref} ({why})"
        except HistoryError as error:
            if arguments.base:
                print(f"error: {error}", file=sys.stderr)
                return 2
            copy = ROOT / GENERATED / "openapi.yaml"
            print(f"note: no git history to compare with ({error}); comparing with {copy}", file=sys.stderr)
            base_text = copy.read_text(encoding="utf-8")
            base_tree = None if arguments.no_client else ROOT / GENERATED
            base_name = str(copy.relative_to(ROOT))
        try:
            base = parse_document(base_text, f"{base_name}:{spec_rel}")
            document = read_document(arguments.spec)
            new_text = arguments.spec.read_text(encoding="utf-8")
            report = compare_documents(base, document, new_text, base_text)
            if not arguments.no_client:
                report = report.merged(_client_report(base_tree, arguments.spec))
        except SpecError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    base_version, declared = version_of(base), version_of(document)
    needed = required_version(base_version, report.level)
    problems = []
    if declared < needed:
        problems.append(
            f"info.{VERSION_KEY} is {declared}; these changes need at least {needed} (base: {base_version})"
        )
    changelog = ROOT / GENERATED / "CHANGELOG.md"
    if declared != base_version and f"\n## {declared}\n" not in changelog.read_text(encoding="utf-8"):
        problems.append(f"{changelog.relative_to(ROOT)} has no entry for {declared}: run `nox -s generate`")
    _print(arguments.format, report, spec_rel or str(arguments.spec), base_name, str(declared), problems)
    return 1 if problems else 0


def _print(form: str, report: Report, spec: str, base: str, version: str, problems: list[str]) -> None:
    if form == "json":
        changes = [
            {
                **attrs.asdict(change, value_serializer=lambda _i, _a, v: getattr(v, "value", v)),
                "level": change.level.label,
            }
            for change in report.changes
        ]
        print(
            json.dumps(
                {
                    "base": base,
                    "version": version,
                    "level": report.level.label if report.level is not None else None,
                    "changes": changes,
                    "problems": problems,
                },
                indent=2,
            )
        )
        return
    if form == "markdown":
        text = changelog_entry(version, report, spec)
    else:
        text = text_report(report, spec, f"Spec changes in {spec} since {base}")
    if not problems:
        # The verdict first: on a clean run the report is a record (often of the last commit's change,
        # already versioned), and a newcomer should not read "breaking" as something to fix.
        print(f"OK: version {version} matches the changes. Nothing to do; for the record:\n")
        print(text)
        return
    print(text)
    for problem in problems:
        print(f"FAIL: {problem}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
