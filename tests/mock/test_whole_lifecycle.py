"""The whole lifecycle the spec states, executed by the mock on a clock the test moves: terminate into
the recycle bin, release (then gone everywhere), create (new ids, their lifecycle, the quota), rename,
list and price. Every status and code here comes from the spec's effects and checks; none is in the mock."""

from __future__ import annotations

import httpx
import pytest

from tests.mock.in_process import InProcessMock


def code(response: httpx.Response) -> tuple[int, str | None]:
    body = response.json()
    return response.status_code, body.get("code")


def status(mock: InProcessMock, instance_id: str) -> str | None:
    listed = mock.call("DescribeInstancesStatus", {"instanceIds": [instance_id]}).json()["response"]["dataSet"]
    return listed[0]["instanceStatus"] if listed else None


@pytest.fixture
def mock() -> InProcessMock:
    return InProcessMock()


def test_terminate_goes_through_recycling_into_the_recycle_bin(mock: InProcessMock) -> None:
    assert mock.call("TerminateInstance", {"instanceId": "ins-stopped-fra"}).status_code == 200
    assert status(mock, "ins-stopped-fra") == "RECYCLING"
    mock.clock.advance(mock.transition_seconds)
    assert status(mock, "ins-stopped-fra") == "RECYCLE"
    # In the bin: a second terminate is refused, and so is a status the spec does not accept.
    assert code(mock.call("TerminateInstance", {"instanceId": "ins-stopped-fra"})) == (
        403,
        "OPERATION_DENIED_INSTANCE_RECYCLED",
    )
    refused = mock.call("TerminateInstance", {"instanceId": "ins-rebooting"})
    assert code(refused) == (403, "OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT")
    assert "ins-rebooting is REBOOT" in refused.json()["message"]


def test_a_released_instance_is_gone_from_every_list_and_every_later_call(mock: InProcessMock) -> None:
    everything = mock.call("DescribeInstancesStatus", {}).json()["response"]["totalCount"]
    assert mock.call("ReleaseInstances", {"instanceIds": ["ins-recycled"]}).status_code == 200
    assert status(mock, "ins-recycled") == "RELEASING"  # still listed while it is released
    mock.clock.advance(mock.transition_seconds)
    assert status(mock, "ins-recycled") is None
    assert mock.call("DescribeInstancesStatus", {}).json()["response"]["totalCount"] == everything - 1
    later: list[tuple[str, dict[str, object]]] = [
        ("ReleaseInstances", {"instanceIds": ["ins-recycled"]}),
        ("TerminateInstance", {"instanceId": "ins-recycled"}),
        ("ResetInstance", {"instanceId": "ins-recycled"}),
    ]
    for action, body in later:
        assert code(mock.call(action, body)) == (404, "INVALID_INSTANCE_NOT_FOUND"), action


@pytest.mark.parametrize("action", ["DescribeInstances", "DescribeInstancesStatus"])
def test_a_release_with_no_transition_time_leaves_every_whole_list_at_once(action: str) -> None:
    """With no time between its statuses (`--transition-seconds 0`, as the bench and the suite run the
    mock) a deletion ends as it starts: a whole list omits the instance at once, not listed half gone
    (RELEASING, its joined fields null) until another read happened to drop it."""
    mock = InProcessMock(transition_seconds=0)
    ids = [item["instanceId"] for item in mock.call(action, {"pageSize": 100}).json()["response"]["dataSet"]]
    assert "ins-recycled" in ids
    assert mock.call("ReleaseInstances", {"instanceIds": ["ins-recycled"]}).status_code == 200
    after = mock.call(action, {"pageSize": 100}).json()["response"]
    assert [item["instanceId"] for item in after["dataSet"]] == [i for i in ids if i != "ins-recycled"]
    assert after["totalCount"] == len(ids) - 1


def test_release_is_all_or_nothing_and_needs_the_recycle_bin(mock: InProcessMock) -> None:
    refused = mock.call("ReleaseInstances", {"instanceIds": ["ins-recycled", "ins-stopped-fra"]})
    assert code(refused) == (403, "OPERATION_DENIED_INSTANCE_NOT_RECYCLED")
    assert status(mock, "ins-recycled") == "RECYCLE"  # nothing was released
    first = mock.call("ReleaseInstances", {"instanceIds": ["ins-nope", "ins-stopped-fra"]})
    assert code(first) == (404, "INVALID_INSTANCE_NOT_FOUND")  # ids in request order


CREATE = {"zoneId": "FRA-A", "imageId": "img-ubuntu-2204", "instanceType": "z2a.cpu.1"}


def test_created_instances_are_named_in_the_answer_and_go_through_their_lifecycle(mock: InProcessMock) -> None:
    answer = mock.call("CreateInstances", {**CREATE, "instanceCount": 2}).json()["response"]
    ids = answer["instanceIdSet"]
    assert len(ids) == len(set(ids)) == 2
    assert all(instance_id.startswith("ins-") for instance_id in ids)
    assert answer["orderNumber"] == f"order-{ids[0]}"
    assert answer["instances"] == []
    for expected in ("PENDING", "DEPLOYING", "RUNNING"):
        assert [status(mock, instance_id) for instance_id in ids] == [expected, expected]
        mock.clock.advance(mock.transition_seconds)
    listed = mock.call("DescribeInstances", {"instanceIds": ids}).json()["response"]["dataSet"]
    assert {item["instanceName"] for item in listed} == set(ids)  # no name given: each its own id
    assert {(item["cpuCount"], item["memory"], item["systemDisk"]["diskSize"]) for item in listed} == {(1, 2, 40)}


def test_new_ids_come_from_the_seed_and_never_repeat() -> None:
    first, second = InProcessMock(), InProcessMock()
    made = [first.call("CreateInstances", CREATE).json()["response"]["instanceIdSet"][0] for _ in range(3)]
    again = [second.call("CreateInstances", CREATE).json()["response"]["instanceIdSet"][0] for _ in range(3)]
    assert made == again  # the same seed makes the same ids
    assert len(set(made)) == 3
    # Gone is not forgotten: a released instance's id is not made again.
    assert first.call("TerminateInstance", {"instanceId": made[0]}).status_code == 403  # PENDING: not yet
    first.clock.advance(2 * first.transition_seconds)
    assert first.call("TerminateInstance", {"instanceId": made[0]}).status_code == 200
    first.clock.advance(first.transition_seconds)
    assert first.call("ReleaseInstances", {"instanceIds": [made[0]]}).status_code == 200
    first.clock.advance(first.transition_seconds)
    assert made[0] not in first.call("CreateInstances", CREATE).json()["response"]["instanceIdSet"]


def test_the_zone_quota_counts_every_instance_not_yet_gone(mock: InProcessMock) -> None:
    in_seoul = {**CREATE, "zoneId": "SEL-A"}  # quota 2, one instance in the world
    assert mock.call("CreateInstances", in_seoul).status_code == 200  # reaching the quota is allowed
    refused = mock.call("CreateInstances", in_seoul)
    assert code(refused) == (403, "LIMIT_EXCEEDED_INSTANCE_QUOTA")
    assert "holds 2 instances of a quota of 2" in refused.json()["message"]


def test_a_creation_fault_ends_in_create_failed() -> None:
    mock = InProcessMock(create_fail_rate=1.0)
    instance_id = mock.call("CreateInstances", CREATE).json()["response"]["instanceIdSet"][0]
    mock.clock.advance(2 * mock.transition_seconds)
    assert status(mock, instance_id) == "CREATE_FAILED"
    assert mock.call("TerminateInstance", {"instanceId": instance_id}).status_code == 200  # it can be returned


def test_a_rename_shows_at_once_and_is_all_or_nothing(mock: InProcessMock) -> None:
    assert (
        mock.call("ModifyInstancesAttribute", {"instanceIds": ["ins-stopped-fra"], "instanceName": "web-9"}).status_code
        == 200
    )
    named = mock.call("DescribeInstances", {"instanceName": "web-*"}).json()["response"]["dataSet"]
    assert [item["instanceId"] for item in named] == ["ins-stopped-fra"]
    refused = mock.call(
        "ModifyInstancesAttribute", {"instanceIds": ["ins-running-fra", "ins-recycled"], "instanceName": "x"}
    )
    assert code(refused) == (403, "OPERATION_DENIED_INSTANCE_RECYCLED")
    kept = mock.call("DescribeInstances", {"instanceIds": ["ins-running-fra"]}).json()["response"]["dataSet"]
    assert kept[0]["instanceName"] == "running-fra"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("stopped-*", ["ins-stopped-fra", "ins-stopped-sel", "ins-stopped-sin", "ins-stopped-win"]),
        ("stopped-fra", ["ins-stopped-fra"]),
        ("stopped-", []),
        ("", []),
    ],
)
def test_an_instance_name_filter_is_exact_or_a_prefix_with_a_trailing_star(
    mock: InProcessMock, name: str, expected: list[str]
) -> None:
    listed = mock.call("DescribeInstances", {"instanceName": name}).json()["response"]["dataSet"]
    assert [item["instanceId"] for item in listed] == expected


def test_a_star_alone_lists_every_instance(mock: InProcessMock) -> None:
    everything = mock.call("DescribeInstances", {}).json()["response"]["totalCount"]
    assert mock.call("DescribeInstances", {"instanceName": "*"}).json()["response"]["totalCount"] == everything


def test_listed_fields_are_joined_and_rendered_from_the_world(mock: InProcessMock) -> None:
    item = mock.call("DescribeInstances", {"instanceIds": ["ins-stopped-win"]}).json()["response"]["dataSet"][0]
    assert (item["imageName"], item["instanceType"], item["cpuCount"], item["memory"]) == (
        "Windows Server 2022",
        "z2a.cpu.4",
        4,
        8,
    )
    assert item["systemDisk"] == {"diskId": "ins-stopped-win-system", "diskSize": 60}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({**CREATE, "instanceCount": 3}, {"unitPrice": 0.036, "chargeUnit": "HOUR", "originalPrice": None}),
        (
            {
                **CREATE,
                "instanceType": "z2a.cpu.4",
                "instanceChargeType": "PREPAID",
                "instanceChargePrepaid": {"period": 3},
            },
            {"originalPrice": 72.0, "discountPrice": 72.0, "unitPrice": None, "chargeUnit": None},
        ),
        ({**CREATE, "instanceChargeType": "PREPAID"}, {"originalPrice": 6.0}),  # one month without a period
    ],
)
def test_a_price_is_computed_from_the_zones_list(
    mock: InProcessMock, body: dict[str, object], expected: dict[str, object]
) -> None:
    price = mock.call("InquiryPriceCreateInstance", body).json()["response"]["instancePrice"]
    assert price["discount"] == 100.0
    for field, value in expected.items():
        assert price[field] == pytest.approx(value) if isinstance(value, float) else price[field] == value, field


@pytest.mark.parametrize("action", ["DescribeInstances", "DescribeInstancesStatus"])
def test_a_list_by_ids_answers_what_the_whole_list_holds_for_them(mock: InProcessMock, action: str) -> None:
    # Ids looked up, not scanned: the same items, in the list's order, whatever the request's order, its
    # repeats, its unknown ids, another filter beside it, or an id released meanwhile.
    everything = mock.call(action, {"pageSize": 100}).json()["response"]["dataSet"]
    wanted = ["ins-stopped-sel", "ins-nope", "ins-running-fra", "ins-stopped-sel", "ins-recycled"]
    listed = mock.call(action, {"instanceIds": wanted, "pageSize": 100}).json()["response"]
    assert listed["dataSet"] == [item for item in everything if item["instanceId"] in wanted]
    assert listed["totalCount"] == 3
    assert mock.call("ReleaseInstances", {"instanceIds": ["ins-recycled"]}).status_code == 200
    mock.clock.advance(mock.transition_seconds)
    after = mock.call(action, {"instanceIds": wanted}).json()["response"]
    assert [item["instanceId"] for item in after["dataSet"]] == ["ins-running-fra", "ins-stopped-sel"]
    if action == "DescribeInstances":
        paged = mock.call(action, {"instanceIds": wanted, "zoneId": "FRA-A"}).json()["response"]["dataSet"]
        assert [item["instanceId"] for item in paged] == ["ins-running-fra"]
