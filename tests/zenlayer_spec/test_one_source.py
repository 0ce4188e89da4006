"""One source for every fact: the project's error codes, header names, API version, the mock's
credentials and the default world's ids appear in product code only where they are defined — the spec
(read through zenlayer_spec), the mock's code table (mock_server/codes.py) and its default world file —
or as the expected values of the contract suite's cases."""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import yaml

from mock_server.world import DEFAULT_WORLD
from zenlayer_spec.document import load_document
from zenlayer_spec.errors import error_catalogue
from zenlayer_spec.operations import ACTION_HEADER, VERSION_HEADER, operations
from zenlayer_spec.signing import AUTHORIZATION_HEADER, Signing

ROOT = Path(__file__).resolve().parents[2]
# zenlayer_spec is where the spec is read (it names the headers it looks for): not scanned.
PRODUCT = ("spec_diff", "generator", "mock_server", "contract_tests", "bench")
# Where a fact may be spelled: its one definition, or a test's expected value.
ALLOWED = {
    "mock_server/codes.py",  # the codes the mock's rules answer, held against the spec by tests/mock/test_codes.py
    "contract_tests/rule_cases.py",  # each case's expected code
    "contract_tests/targeted.py",  # how to provoke each declared code: keyed by the code it expects
    "contract_tests/test_client_e2e.py",  # the exception each provoked code must raise
}


def facts() -> dict[str, str]:
    document = load_document()
    found = dict.fromkeys(error_catalogue(document), "error code")
    signing = Signing.from_document(document)
    for header in (
        ACTION_HEADER,
        VERSION_HEADER,
        AUTHORIZATION_HEADER,
        signing.timestamp_header,
        signing.method_header,
    ):
        found[header] = "header name"
    for operation in operations(document).values():
        found[operation.api_version] = "API version"
    world = yaml.safe_load(DEFAULT_WORLD.read_text(encoding="utf-8"))
    for value in world["credentials"].values():
        found[value] = "mock credential"
    for kind, key in (("zones", "zoneId"), ("images", "imageId"), ("keyPairs", "keyId"), ("instances", "instanceId")):
        for entry in world[kind]:
            found[entry[key]] = "world id"
    return found


HEADER = "header name"
# A JSON pointer to a named place of the spec (an operation's `#/paths/...`, a component by its name)
# spelled in product code restates its layout and names: build it from the records instead.
POINTER = re.compile(r"^#/(paths/.|components/[^/]+/[^/])")


def _literals(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of every str and bytes literal of a module (bytes read as Latin-1, as HTTP does)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
            value = node.value.decode("latin-1") if isinstance(node.value, bytes) else node.value
            yield node.lineno, value


def _findings(
    relative: str, line: int, text: str, known: dict[str, str], headers: dict[str, str], any_case: bool = True
) -> list[str]:
    found = []
    allowed = relative in ALLOWED  # may spell the codes it expects, not the spec's layout
    if text in known and not allowed:
        found.append(f"{relative}:{line}: {known[text]} {text!r}")
    elif any_case and text.lower() in headers and not allowed:  # HTTP header names are case-insensitive
        found.append(f"{relative}:{line}: {HEADER} {text!r} (as {headers[text.lower()]!r})")
    if POINTER.match(text):
        found.append(f"{relative}:{line}: JSON pointer into the spec {text!r}")
    return found


def _template_findings(relative: str, text: str, known: dict[str, str], headers: dict[str, str]) -> list[str]:
    """A template's text, word by word (a quoted word: header names in any case too): a fact may not be
    spelled in a template either."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        quoted = {word for pair in re.findall(r"\"([^\"]*)\"|'([^']*)'", line) for word in pair if word}
        for word in re.findall(r"[#A-Za-z0-9_./~+-]+", line):
            found += _findings(relative, number, word.strip("."), known, headers, any_case=word in quoted)
    return found


def retyped_facts(roots: Iterable[Path] | None = None) -> list[str]:
    known = facts()
    headers = {fact.lower(): fact for fact, kind in known.items() if kind == HEADER}
    retyped = []
    for package in roots if roots is not None else [ROOT / name for name in PRODUCT]:
        for path in sorted(package.rglob("*.py")) + sorted(package.rglob("*.jinja")):
            relative = path.relative_to(ROOT).as_posix()
            if path.suffix == ".jinja":
                retyped += _template_findings(relative, path.read_text(encoding="utf-8"), known, headers)
                continue
            for line, text in _literals(path):
                retyped += _findings(relative, line, text, known, headers)
    return retyped


def test_no_fact_is_retyped_in_product_code() -> None:
    assert retyped_facts() == []


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ('HEADER = b"x-zc-action"\n', "header name"),
        ('NAME = "authorization"\n', "header name"),
        ('WHERE = "#/paths/~1vm#ResetInstance/post"\n', "JSON pointer"),
        ('CODE = b"MISSING_PARAMETER"\n', "error code"),
    ],
)
def test_the_scan_sees_bytes_any_case_headers_and_pointers(source: str, kind: str, tmp_path: Path) -> None:
    package = ROOT / "build" / "one-source-probe"
    package.mkdir(parents=True, exist_ok=True)
    try:
        (package / "probe.py").write_text(source, encoding="utf-8")
        (package / "probe.py.jinja").write_text(source.replace("\n", "") + " in a template\n", encoding="utf-8")
        found = retyped_facts([package])
    finally:
        shutil.rmtree(package)
    assert len(found) == 2, found  # the module and the template
    assert all(kind in finding for finding in found), found


def test_the_scan_knows_every_kind_of_fact() -> None:
    kinds = set(facts().values())
    assert kinds == {"error code", "header name", "API version", "mock credential", "world id"}
