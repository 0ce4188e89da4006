"""ECMA-262 patterns read the same in Python after python_pattern."""

from __future__ import annotations

import re

import pytest

from zenlayer_spec.patterns import python_pattern


@pytest.mark.parametrize(
    ("ecma", "python"),
    [
        ("^[a-z][a-z0-9]{3,14}$", r"^[a-z][a-z0-9]{3,14}\Z"),
        ("^[$]+$", r"^[$]+\Z"),  # a `$` in a class is a dollar sign
        (r"^a\$b$", r"^a\$b\Z"),  # an escaped one too
        ("^(?=.*[a-z])x$", r"^(?=.*[a-z])x\Z"),
    ],
)
def test_end_anchor_is_the_end(ecma: str, python: str) -> None:
    assert python_pattern(ecma) == python


def test_no_match_before_a_trailing_newline() -> None:
    pattern = "^[a-z][a-z0-9]{3,14}$"
    assert re.search(pattern, "eth0\n")  # the difference this module exists for
    assert not re.search(python_pattern(pattern), "eth0\n", re.ASCII)
    assert re.search(python_pattern(pattern), "eth0", re.ASCII)
