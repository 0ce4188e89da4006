"""The HTML reference built by `nox -s docs` works offline in a real browser and shows ResetInstance,
its parameters and its error codes. Leaves a screenshot next to the page as a build artifact."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.docs import devtools
from zenlayer_spec.document import dereference, load_document, resolve_pointer
from zenlayer_spec.operations import operations
from zenlayer_spec.reference_docs import PAGE_STYLE

DOCS_DIR = Path(os.environ.get("ZENLAYER_DOCS_DIR", Path(__file__).resolve().parents[2] / "build" / "docs")).resolve()
PAGE = DOCS_DIR / "index.html"
SCREENSHOT = DOCS_DIR / "reference-resetinstance.png"
DOCUMENT = load_document()
RESET = operations(DOCUMENT)["ResetInstance"]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Offline: any name lookup fails, so the page must not need the network.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--virtual-time-budget=8000",
]


@pytest.fixture(scope="module")
def page() -> Path:
    if not PAGE.is_file():
        pytest.fail(f"{PAGE} does not exist: build it with `nox -s docs`")
    return PAGE


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail("Chromium is not installed (Debian package `chromium`); `nox -s docs` installs it")
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )


@pytest.fixture(scope="module")
def rendered_text(page: Path) -> str:
    dom = chromium("--dump-dom", f"{page.as_uri()}#tag/Instances/operation/ResetInstance").stdout
    # Text only, whitespace folded: markup such as <code> splits what reads as one phrase (a <wbr>, a
    # place a line may break, splits nothing).
    return " ".join(re.sub(r"<[^>]+>", " ", dom.replace("<wbr>", "")).split())


def test_page_loads_nothing_from_the_network(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=[\"']https?:", html)
    assert not re.search(r"<link[^>]+href=[\"']https?:", html)


def test_reset_instance_and_its_parameters_are_on_the_page(rendered_text: str) -> None:
    assert "ResetInstance" in rendered_text
    request = dereference(DOCUMENT, resolve_pointer(DOCUMENT, RESET.request_schema_pointer))
    for name in request["properties"]:
        assert re.search(rf"\b{name}\b", rendered_text), f"parameter {name} is not on the page"


def test_reset_instance_error_codes_and_meanings_are_on_the_page(rendered_text: str) -> None:
    catalogue = DOCUMENT["components"]["x-zc-error-codes"]
    for codes in RESET.error_codes.values():
        for code in codes:
            assert code in rendered_text, f"{code} is not on the page"
            first_words = " ".join(catalogue[code]["description"].split()[:3]).replace("`", "")
            assert first_words in rendered_text, f"the meaning of {code} is not on the page"


# Where the reader stands once the page has settled: the operation's heading (its offset from the top of
# the window) and the sidebar's entry for it (its height: zero while its group is still opening).
SETTLED = """(() => {
  const heading = [...document.querySelectorAll("h2")].find(e => e.textContent.startsWith(TITLE));
  const entry = [...document.querySelectorAll("[class*=menu-item]")].find(e => e.textContent.includes(TITLE));
  if (!heading || !entry) return null;
  return [Math.round(heading.getBoundingClientRect().top), Math.round(entry.getBoundingClientRect().height)];
})()"""


def test_screenshot_shows_the_rendered_page(page: Path) -> None:
    """The page at the operation, captured through DevTools once it has settled: the heading at the top of
    the window (no blank band above it) and the operation's sidebar entry open, whole."""
    SCREENSHOT.unlink(missing_ok=True)
    binary = shutil.which("chromium")
    assert binary is not None, "Chromium is not installed; `nox -s docs` installs it"
    assert PAGE_STYLE in page.read_text(encoding="utf-8")  # the layout the docs session gives the page
    title = load_document()["paths"]["/vm#ResetInstance"]["post"]["summary"]
    url = f"{page.as_uri()}#tag/Instances/operation/ResetInstance"
    # Real time, not the virtual time budget: the page's timers and animations run while it settles.
    flags = tuple(flag for flag in CHROMIUM_FLAGS if not flag.startswith("--virtual-time-budget"))
    with devtools.page(binary, flags, url, 1400, 2400, seconds=60) as browser:
        heading_top, entry_height = browser.settle(SETTLED.replace("TITLE", json.dumps(title)))
        browser.screenshot(SCREENSHOT)
    assert 0 <= heading_top < 200, heading_top  # scrolled to the operation, nothing blank above it
    assert entry_height > 0
    data = SCREENSHOT.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1400, 2400)
    # A blank page compresses to a few kilobytes; a rendered reference is far larger.
    assert len(data) > 100_000


def test_the_page_shows_the_wire_form_and_code_samples(rendered_text: str) -> None:
    assert "On the wire: POST /api/v2/vm with the headers X-ZC-Action: ResetInstance" in rendered_text
    for sample in ("zenlayer-vm reset-instance", "reset_instance.sync(", "mock_server.curl ResetInstance"):
        assert sample in rendered_text, sample
