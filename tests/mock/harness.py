"""The mock's tests call it through the contract suite's Caller and launcher (one of each)."""

from __future__ import annotations

import yaml

from contract_tests.raw_calls import Caller
from mock_server.process import ROOT, MockProcess
from mock_server.world import DEFAULT_WORLD

__all__ = ["ROOT", "Caller", "MockProcess", "default_world_ids"]


def default_world_ids(world_list: str, id_field: str) -> list[str]:
    """The ids of one list of the default world (`instances`, ...), in its order: what a listing of the
    untouched default world holds, read from the file rather than counted by hand in each test."""
    world = yaml.safe_load(DEFAULT_WORLD.read_text(encoding="utf-8"))
    return [str(entry[id_field]) for entry in world[world_list]]
