"""The order the tests' workers start in (tests/conftest.py): the heavy tests at the head of the shares
pytest-xdist's worksteal cuts, spread round-robin, every test kept once."""

from __future__ import annotations

from typing import Any, cast

import pytest

from tests.conftest import heavy_first


class _Item:
    def __init__(self, name: str, heavy: bool) -> None:
        self.name, self.heavy = name, heavy

    def get_closest_marker(self, name: str) -> object | None:
        return object() if name == "heavy" and self.heavy else None

    def __repr__(self) -> str:
        return self.name


def _items(names: str) -> list[Any]:
    return [_Item(name, name.startswith("H")) for name in names.split()]


def _shares(ordered: list[pytest.Item], workers: int) -> list[list[str]]:
    """Cut as worksteal cuts: each share `remaining // workers left`."""
    names, shares = [repr(item) for item in ordered], []
    for worker in range(workers):
        size = len(names) // (workers - worker)
        shares.append(names[:size])
        names = names[size:]
    return shares


def test_each_share_starts_with_its_part_of_the_heavy_tests() -> None:
    items = cast(list[pytest.Item], _items("a b H1 c d e H2 f g H3 h i j"))
    ordered = heavy_first(items, 2)
    assert sorted(map(repr, ordered)) == sorted(map(repr, items))  # every test, once
    assert _shares(ordered, 2) == [["H1", "H3", "a", "b", "c", "d"], ["H2", "e", "f", "g", "h", "i", "j"]]


def test_more_workers_than_heavy_tests_leaves_the_other_shares_in_order() -> None:
    items = cast(list[pytest.Item], _items("H1 a b c d e f g"))
    assert _shares(heavy_first(items, 4), 4) == [["H1", "a"], ["b", "c"], ["d", "e"], ["f", "g"]]
