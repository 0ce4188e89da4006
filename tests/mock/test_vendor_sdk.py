"""Interop: the vendor's own Python SDK, pointed at the mock with scheme="http", calls all four
actions and receives the mock's errors as its own exception codes."""

from __future__ import annotations

import pytest
from zenlayercloud.common.config import Config
from zenlayercloud.common.credential import Credential, TokenCredential
from zenlayercloud.common.excpetion.zenlayer_cloud_sdk_exception import ZenlayerCloudSdkException
from zenlayercloud.vm.v20260401 import models
from zenlayercloud.vm.v20260401.vm_client import VmClient

from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD, DEFAULT_TOKEN
from tests.mock.conftest import StartMock


def vendor_client(endpoint: str, token: bool = False) -> VmClient:
    domain = endpoint.removeprefix("http://").split("/", 1)[0]
    credential = (
        TokenCredential(DEFAULT_TOKEN) if token else Credential(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD)
    )
    return VmClient(credential, Config(scheme="http", domain=domain, rate_limit_max_retries=0))


def test_the_vendor_sdk_calls_all_four_actions(start_mock: StartMock) -> None:
    client = vendor_client(start_mock("--transition-seconds", "0").endpoint)
    images = models.DescribeImagesRequest()
    images.zoneId = "FRA-A"
    assert client.DescribeImages(images).totalCount == 3
    stop = models.StopInstancesRequest()
    stop.instanceIds = ["ins-running-fra"]
    assert client.StopInstances(stop).requestId
    status = models.DescribeInstancesStatusRequest()
    status.instanceIds = ["ins-running-fra"]
    assert client.DescribeInstancesStatus(status).dataSet[0].instanceStatus == "STOPPED"
    reset = models.ResetInstanceRequest()
    reset.instanceId = "ins-running-fra"
    reset.password = "Example+123"
    assert client.ResetInstance(reset).requestId


def test_the_vendor_sdk_receives_the_mock_errors(start_mock: StartMock) -> None:
    endpoint = start_mock().endpoint
    for client in (vendor_client(endpoint), vendor_client(endpoint, token=True)):
        reset = models.ResetInstanceRequest()
        reset.instanceId = "ins-running-fra"
        with pytest.raises(ZenlayerCloudSdkException) as raised:
            client.ResetInstance(reset)
        assert raised.value.code == "OPERATION_DENIED_INSTANCE_NOT_STOPPED"
        assert raised.value.request_id
