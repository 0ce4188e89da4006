"""The operations of the API: how each goes on the wire and whether it changes state.

Generated from the spec by `python -m generator`; do not edit.
"""

from attrs import frozen

API_VERSION = "2026-04-01"
# SHA-256 of the spec file this client was generated from.
SPEC_SHA256 = "eda9ec948433976e33cf21215cd24a1df1194c42e21470e76ab79a602264cb87"
DEFAULT_BASE_URL = "https://console.zenlayer.com/api/v2"
# Every operation is `POST <base URL><ENDPOINT_PATH>`; the headers below choose the action.
ENDPOINT_PATH = "/vm"
ACTION_HEADER = "X-ZC-Action"
VERSION_HEADER = "X-ZC-Version"
# Sent with every call: what the vendor's SDKs send too (X-ZC-Service) and who this client is.
COMMON_HEADERS: dict[str, str] = {"X-ZC-Service": "vm", "User-Agent": "zenlayer-vm-client/2029.5.0"}


@frozen
class OperationInfo:
    operation_id: str
    action: str
    api_version: str
    # An operation that changes state is never sent twice after an ambiguous failure.
    changes_state: bool
    # The action that tells whether it took effect after an ambiguous failure (its waiter's poll).
    poll_action: str | None = None

    def headers(self) -> dict[str, str]:
        return {
            **COMMON_HEADERS,
            ACTION_HEADER: self.action,
            VERSION_HEADER: self.api_version,
            "Content-Type": "application/json",
        }


RESET_INSTANCE = OperationInfo(
    operation_id="ResetInstance",
    action="ResetInstance",
    api_version="2026-04-01",
    changes_state=True,
    poll_action="DescribeInstancesStatus",
)
STOP_INSTANCES = OperationInfo(
    operation_id="StopInstances",
    action="StopInstances",
    api_version="2026-04-01",
    changes_state=True,
    poll_action="DescribeInstancesStatus",
)
START_INSTANCES = OperationInfo(
    operation_id="StartInstances",
    action="StartInstances",
    api_version="2026-04-01",
    changes_state=True,
    poll_action="DescribeInstancesStatus",
)
REBOOT_INSTANCES = OperationInfo(
    operation_id="RebootInstances",
    action="RebootInstances",
    api_version="2026-04-01",
    changes_state=True,
    poll_action="DescribeInstancesStatus",
)
CREATE_INSTANCES = OperationInfo(
    operation_id="CreateInstances",
    action="CreateInstances",
    api_version="2026-04-01",
    changes_state=True,
    poll_action="DescribeInstancesStatus",
)
MODIFY_INSTANCES_ATTRIBUTE = OperationInfo(
    operation_id="ModifyInstancesAttribute",
    action="ModifyInstancesAttribute",
    api_version="2026-04-01",
    changes_state=True,
    poll_action=None,
)
TERMINATE_INSTANCE = OperationInfo(
    operation_id="TerminateInstance",
    action="TerminateInstance",
    api_version="2026-04-01",
    changes_state=True,
    poll_action="DescribeInstancesStatus",
)
RELEASE_INSTANCES = OperationInfo(
    operation_id="ReleaseInstances",
    action="ReleaseInstances",
    api_version="2026-04-01",
    changes_state=True,
    poll_action="DescribeInstancesStatus",
)
DESCRIBE_INSTANCES_STATUS = OperationInfo(
    operation_id="DescribeInstancesStatus",
    action="DescribeInstancesStatus",
    api_version="2026-04-01",
    changes_state=False,
    poll_action=None,
)
DESCRIBE_INSTANCES = OperationInfo(
    operation_id="DescribeInstances",
    action="DescribeInstances",
    api_version="2026-04-01",
    changes_state=False,
    poll_action=None,
)
INQUIRY_PRICE_CREATE_INSTANCE = OperationInfo(
    operation_id="InquiryPriceCreateInstance",
    action="InquiryPriceCreateInstance",
    api_version="2026-04-01",
    changes_state=False,
    poll_action=None,
)
DESCRIBE_IMAGES = OperationInfo(
    operation_id="DescribeImages",
    action="DescribeImages",
    api_version="2026-04-01",
    changes_state=False,
    poll_action=None,
)

OPERATIONS: dict[str, OperationInfo] = {
    "ResetInstance": RESET_INSTANCE,
    "StopInstances": STOP_INSTANCES,
    "StartInstances": START_INSTANCES,
    "RebootInstances": REBOOT_INSTANCES,
    "CreateInstances": CREATE_INSTANCES,
    "ModifyInstancesAttribute": MODIFY_INSTANCES_ATTRIBUTE,
    "TerminateInstance": TERMINATE_INSTANCE,
    "ReleaseInstances": RELEASE_INSTANCES,
    "DescribeInstancesStatus": DESCRIBE_INSTANCES_STATUS,
    "DescribeInstances": DESCRIBE_INSTANCES,
    "InquiryPriceCreateInstance": INQUIRY_PRICE_CREATE_INSTANCE,
    "DescribeImages": DESCRIBE_IMAGES,
}
