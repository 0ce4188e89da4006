"""The mock's tests call it through the contract suite's Caller and launcher (one of each)."""

from __future__ import annotations

import yaml

from contract_tests.raw_calls import Caller
from mock_server.process import ROOT, MockProcess
from mock_server.world import DEFAULT_WORLD

__all__ = ["ROOT", "Caller", "MockProcess", "answers_of_a_start", "default_world_ids"]


def default_world_ids(world_list: str, id_field: str) -> list[str]:
    """The ids of one list of the default world (`instances`, ...), in its order: what a listing of the
    untouched default world holds, read from the file rather than counted by hand in each test."""
    world = yaml.safe_load(DEFAULT_WORLD.read_text(encoding="utf-8"))
    return [str(entry[id_field]) for entry in world[world_list]]


def answers_of_a_start(endpoint: str) -> list[object]:
    """Answers (request ids aside) that depend on everything a mock sets up when it starts, or is put back:
    new ids (seed and counter), a create fault's draws, time counted in requests (statuses, creation
    times) and the changes to the world. For a mock started with a fault seed and a create fault rate."""
    caller = Caller(endpoint)
    create = {"zoneId": "FRA-A", "imageId": "img-ubuntu-2204", "instanceType": "z2a.cpu.1", "instanceCount": 3}
    made = caller.call("CreateInstances", create).json()
    ids = made["response"]["instanceIdSet"]
    stopped = caller.call("StopInstances", {"instanceIds": ["ins-running-fra"]}).json()
    later = [caller.call("DescribeInstances", {"instanceIds": ids}).json() for _ in range(4)]
    every = [made, stopped, *later]
    for answer in every:
        answer.pop("requestId")
        answer.get("response", {}).pop("requestId", None)
    return every
