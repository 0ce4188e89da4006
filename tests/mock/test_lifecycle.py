"""State and lifecycle: stop and reset move through the spec's transitional statuses (in process, on a
clock the test moves); stops are all or nothing; lists are sorted and paged; state changes are atomic
(over real HTTP, 50 requests at once)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from mock_server import MockApp
from mock_server.clocks import RequestClock
from mock_server.process import MockStartError
from tests.mock.conftest import StartMock
from tests.mock.harness import Caller, answers_of_a_start, default_world_ids
from tests.mock.in_process import InProcessMock, poll_until
from zenlayer_spec.document import load_document
from zenlayer_spec.operations import operations

WAITERS = {op.action: op.waiter for op in operations(load_document()).values() if op.waiter}
TRANSITION = 0.4


def status(caller: Caller | InProcessMock, instance_id: str) -> str:
    data = caller.call("DescribeInstancesStatus", {"instanceIds": [instance_id]}).json()["response"]["dataSet"]
    return str(data[0]["instanceStatus"])


def test_stop_then_reset_follow_the_spec_lifecycle() -> None:
    mock = InProcessMock(transition_seconds=TRANSITION)
    stop, reset = WAITERS["StopInstances"], WAITERS["ResetInstance"]
    assert stop is not None
    assert reset is not None
    assert mock.call("StopInstances", {"instanceIds": ["ins-running-fra"]}).status_code == 200
    assert status(mock, "ins-running-fra") in stop.pending
    mock.clock.advance(TRANSITION * 0.9)
    assert status(mock, "ins-running-fra") in stop.pending  # not before its time
    mock.clock.advance(TRANSITION * 0.2)
    assert status(mock, "ins-running-fra") == stop.target
    body = {"instanceId": "ins-running-fra", "imageId": "img-ubuntu-2204", "password": "Example+123"}
    assert mock.call("ResetInstance", body).status_code == 200
    assert status(mock, "ins-running-fra") in reset.pending
    assert mock.call("ResetInstance", body).json()["code"] == "OPERATION_DENIED_INSTANCE_NOT_STOPPED"
    mock.clock.advance(TRANSITION * 1.1)
    assert status(mock, "ins-running-fra") == reset.target


def test_a_reset_installs_the_new_image(start_mock: StartMock) -> None:
    caller = Caller(start_mock("--transition-seconds", "0").endpoint)
    # Windows on a 60 GB disk, reset to Ubuntu: afterwards a key pair is accepted (the image is Linux).
    assert (
        caller.call("ResetInstance", {"instanceId": "ins-stopped-win", "imageId": "img-ubuntu-2204"}).status_code == 200
    )
    assert caller.call("StopInstances", {"instanceIds": ["ins-stopped-win"]}).status_code == 200
    assert caller.call("ResetInstance", {"instanceId": "ins-stopped-win", "keyId": "key-YWD2QFOl"}).status_code == 200


def test_stop_is_all_or_nothing_and_counts_duplicates_once(start_mock: StartMock) -> None:
    caller = Caller(start_mock().endpoint)
    response = caller.call("StopInstances", {"instanceIds": ["ins-running-fra", "ins-stopped-fra"]})
    assert response.json()["code"] == "OPERATION_DENIED_INSTANCE_NOT_RUNNING"
    assert status(caller, "ins-running-fra") == "RUNNING"  # nothing was stopped
    first_failing = caller.call("StopInstances", {"instanceIds": ["ins-nope", "ins-recycled"]})
    assert first_failing.json()["code"] == "INVALID_INSTANCE_NOT_FOUND"  # ids in request order
    assert caller.call("StopInstances", {"instanceIds": ["ins-running-fra", "ins-running-fra"]}).status_code == 200


def test_lists_are_sorted_filtered_and_paged(caller: Caller) -> None:
    everything = caller.call("DescribeInstancesStatus", {}).json()["response"]
    ids = [entry["instanceId"] for entry in everything["dataSet"]]
    assert ids == sorted(ids)
    assert ids == sorted(default_world_ids("instances", "instanceId"))  # every instance of the world, none twice
    assert everything["totalCount"] == len(ids)
    page = caller.call("DescribeInstancesStatus", {"pageNum": 2, "pageSize": 2}).json()["response"]
    assert [entry["instanceId"] for entry in page["dataSet"]] == ids[2:4]
    assert page["totalCount"] == len(ids)
    unknown = caller.call("DescribeInstancesStatus", {"instanceIds": ["ins-nope", "ins-recycled"]}).json()["response"]
    assert unknown["dataSet"] == [{"instanceId": "ins-recycled", "instanceStatus": "RECYCLE"}]
    images = caller.call("DescribeImages", {"zoneId": "SEL-A"}).json()["response"]
    assert [image["imageId"] for image in images["dataSet"]] == ["img-ubuntu-2204"]
    windows = caller.call("DescribeImages", {"zoneId": "FRA-A", "osType": "windows"}).json()["response"]["dataSet"]
    assert [(image["imageId"], image["imageSize"]) for image in windows] == [("img-windows-2022", "40")]
    by_name = caller.call("DescribeImages", {"zoneId": "FRA-A", "imageName": "Ubuntu 22.04"}).json()["response"]
    assert by_name["totalCount"] == 0  # an exact match, not a prefix


def test_fifty_concurrent_resets_of_one_instance(start_mock: StartMock) -> None:
    mock = start_mock("--transition-seconds", "0.5")
    caller = Caller(mock.endpoint)
    # Sign the 50 requests first (valid for 5 minutes), then fire them at once over real HTTP.
    requests = [caller.call_request("ResetInstance", {"instanceId": "ins-stopped-fra"}) for _ in range(50)]

    async def fire() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(timeout=30, limits=limits) as client:
            return await asyncio.gather(*(client.send(request) for request in requests))

    responses = asyncio.run(fire())
    outcomes = sorted((r.status_code, r.json().get("code", "-")) for r in responses)
    assert outcomes.count((200, "-")) == 1
    assert outcomes.count((403, "OPERATION_DENIED_INSTANCE_NOT_STOPPED")) == 49
    assert poll_until(lambda: status(caller, "ins-stopped-fra"), "RUNNING") == "RUNNING"


def test_a_request_clock_moves_with_requests_only() -> None:
    clock = RequestClock()
    app = MockApp(clock=clock, wall_clock=time.time, transition_seconds=2, on_request=clock.advance)
    mock = InProcessMock()
    mock.app = app
    stop = WAITERS["StopInstances"]
    assert stop is not None
    assert mock.call("StopInstances", {"instanceIds": ["ins-running-fra"]}).status_code == 200
    assert clock() == 1.0
    assert status(mock, "ins-running-fra") in stop.pending  # one request later
    assert status(mock, "ins-running-fra") == stop.target  # two requests later, whatever the time
    assert clock() == 3.0


def test_a_hangup_puts_the_world_back_between_requests(start_mock: StartMock) -> None:
    mock = start_mock("--transition-seconds", "0")
    caller = Caller(mock.endpoint)
    assert caller.call("StopInstances", {"instanceIds": ["ins-running-fra"]}).status_code == 200
    assert status(caller, "ins-running-fra") == "STOPPED"
    mock.reset_world()
    assert status(caller, "ins-running-fra") == "RUNNING"
    assert caller.call("StopInstances", {"instanceIds": ["ins-running-fra"]}).status_code == 200  # as at first


def test_a_hangup_makes_the_mock_answer_as_a_new_process_would(start_mock: StartMock) -> None:
    # The contract suite reuses a mock for many tests on this promise.
    mock = start_mock("--transition-requests", "1", "--fault-seed", "7", "--create-fail-rate", "0.5")
    first = answers_of_a_start(mock.endpoint)
    assert first != answers_of_a_start(mock.endpoint)  # without a reset, the same calls meet another state
    mock.reset_world()
    assert answers_of_a_start(mock.endpoint) == first
    statuses = {item["instanceStatus"] for item in first[-1]["response"]["dataSet"]}  # type: ignore[index]
    assert statuses == {"RUNNING", "CREATE_FAILED"}  # the fault drew both ways: its draws were repeated


def test_resetting_a_mock_that_is_gone_fails_at_once(start_mock: StartMock) -> None:
    mock = start_mock()
    mock.stop()
    # Said at once and as it is (the process is gone), not as a deadline that passed.
    with pytest.raises(MockStartError, match="died while resetting its world: killed by SIGTERM"):
        mock.reset_world(deadline_seconds=60)
