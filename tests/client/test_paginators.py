"""Every item of a paged list through the generated paginators (`iter_<operation>`, `aiter_<operation>`)
and `zenlayer-vm ... --all`: all pages, each at the page size asked, no more calls than the total needs,
and a list that changes while it is read is said to, not silently cut or doubled."""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

import pytest

from mock_server.process import MockProcess
from tests.client.conftest import ServerFactory, make_client
from tests.client.loopback import Received, Reply, envelope
from tests.client.test_cli import zenlayer_vm
from zenlayer_vm_client import Client
from zenlayer_vm_client.models import DescribeInstancesStatusRequest
from zenlayer_vm_client.paginators import (
    PaginationError,
    aiter_describe_instances_status,
    iter_describe_instances_status,
)

IDS = [f"ins-{index:03d}" for index in range(23)]


def paged(total_moves_at: int | None = None) -> Any:
    """A list of 23 instances, paged as asked; with `total_moves_at`, one more appears from that page on."""

    def answer(request: Received) -> Reply:
        body = request.json()
        number, size = body.get("pageNum", 1), body.get("pageSize", 20)
        ids = IDS + (["ins-new"] if total_moves_at is not None and number >= total_moves_at else [])
        page = ids[(number - 1) * size : number * size]
        return envelope(totalCount=len(ids), dataSet=[{"instanceId": i, "instanceStatus": "RUNNING"} for i in page])

    return answer


@pytest.mark.parametrize("page_size", [5, 10, 23, 100])
def test_every_item_of_every_page_once(page_size: int, serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(paged())
    with make_client(server, sleeps) as client:
        items = list(iter_describe_instances_status(client, DescribeInstancesStatusRequest(), page_size=page_size))
    assert [item.instance_id for item in items] == IDS
    asked = [received.json() for received in server.received]
    assert len(asked) == math.ceil(len(IDS) / page_size)  # stops at the total, no empty page asked for
    assert [page["pageNum"] for page in asked] == list(range(1, len(asked) + 1))
    assert {page["pageSize"] for page in asked} == {page_size}


def test_the_request_s_own_page_size_and_filters_are_kept(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(paged())
    request = DescribeInstancesStatusRequest(instance_ids=IDS, page_size=7)
    with make_client(server, sleeps) as client:
        assert len(list(iter_describe_instances_status(client, request))) == len(IDS)
    assert all(received.json()["instanceIds"] == IDS for received in server.received)
    assert {received.json()["pageSize"] for received in server.received} == {7}


def test_a_list_that_changes_while_it_is_read_is_an_error(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(paged(total_moves_at=2))
    with make_client(server, sleeps) as client, pytest.raises(PaginationError) as failed:
        list(iter_describe_instances_status(client, DescribeInstancesStatusRequest(), page_size=10))
    assert str(failed.value) == (
        "DescribeInstancesStatus: the total went from 23 to 24 by page 2: the list changed while it was read; "
        "start again for a consistent list"
    )


def test_the_async_twin(serve: ServerFactory, sleeps: list[float]) -> None:
    server = serve(paged())

    async def read() -> list[str]:
        async with make_client(server, sleeps) as client:
            pages = aiter_describe_instances_status(client, DescribeInstancesStatusRequest(), page_size=6)
            return [item.instance_id async for item in pages]

    assert asyncio.run(read()) == IDS
    assert len(server.received) == 4


def test_against_the_mock_the_pages_add_up_to_the_whole_list() -> None:
    with (
        MockProcess("--quiet") as mock,
        Client.from_env(
            {"ZENLAYER_ACCESS_KEY_ID": "zl-mock-key-id", "ZENLAYER_ACCESS_KEY_PASSWORD": "zl-mock-key-password"},
            base_url=mock.base_url,
        ) as client,
    ):
        whole = list(iter_describe_instances_status(client, DescribeInstancesStatusRequest(), page_size=1000))
        paged_by_two = list(iter_describe_instances_status(client, DescribeInstancesStatusRequest(), page_size=2))
    assert [item.instance_id for item in paged_by_two] == [item.instance_id for item in whole]
    assert len({item.instance_id for item in whole}) == len(whole) > 2


def test_the_command_line_streams_every_item_with_all() -> None:
    with MockProcess("--quiet") as mock:
        answer = zenlayer_vm(mock.base_url, "describe-instances-status", "--page-size", "2", "--all")
        table = zenlayer_vm(
            mock.base_url, "describe-instances-status", "--page-size", "2", "--all", "--output", "table"
        )
        single = zenlayer_vm(mock.base_url, "describe-instances-status", "--page-size", "1000")
    assert answer.returncode == 0, answer.stderr
    rows = [json.loads(line) for line in answer.stdout.splitlines()]
    expected = json.loads(single.stdout)["dataSet"]
    assert rows == expected
    lines = table.stdout.splitlines()
    assert lines[0].split("\t") == list(expected[0])
    assert len(lines) == len(expected) + 1
