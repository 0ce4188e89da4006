"""Every Python snippet of the README and of docs/ runs, as written, against the mock: a newcomer who copies one
gets what the README says. (Only the mock's address is swapped for the test's free port.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from mock_server.process import MockProcess

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
DOCUMENTED_ADDRESS = "127.0.0.1:8080"
SNIPPETS = [
    snippet
    for page in PAGES
    for snippet in re.findall(
        r"^```python\n(.*?)^```$", page.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL
    )
]


@pytest.fixture
def mock() -> Iterator[MockProcess]:
    # A fresh mock per snippet, as a newcomer starts one; instant transitions, so that a snippet that
    # waits for a reset sees it finish at the first poll.
    with MockProcess("--quiet", "--transition-seconds", "0") as process:
        yield process


def test_the_readme_has_python_snippets() -> None:
    assert len(SNIPPETS) >= 3


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[f"snippet{index + 1}" for index in range(len(SNIPPETS))])
def test_a_readme_snippet_runs_against_the_mock(snippet: str, mock: MockProcess) -> None:
    address = urlsplit(mock.base_url).netloc
    env = {
        **os.environ,
        "ZENLAYER_BASE_URL": mock.base_url,
        "ZENLAYER_ACCESS_KEY_ID": DEFAULT_ACCESS_KEY_ID,
        "ZENLAYER_ACCESS_KEY_PASSWORD": DEFAULT_ACCESS_KEY_PASSWORD,
    }
    env.pop("ZENLAYER_TOKEN", None)
    code = snippet.replace(DOCUMENTED_ADDRESS, address)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"{snippet}\n{result.stdout}\n{result.stderr}"
