"""Every error code the mock's own rules answer, named once.

The business rules (mock_server.actions) and authentication (mock_server.auth) name their codes here;
`tests/mock/test_codes.py` proves each is declared by the spec for the operations that answer it, at
the status the spec gives it, and that no other module of the mock spells a code. Everything else is
read from the spec: schema codes by keyword, header and guard codes from their data, and the codes of
injected rate limits and server faults by HTTP status (see `Contract`).
"""

from __future__ import annotations

from typing import Final

# Authentication (docs/contract.md §2): every operation can answer these.
INVALID_AUTHORIZATION: Final = "AUTHFAILURE_INVALID_AUTHORIZATION"
SIGNATURE_FAILURE: Final = "AUTHFAILURE_SIGNATURE_FAILURE"
SIGNATURE_EXPIRED: Final = "AUTHFAILURE_SIGNATURE_EXPIRED"

# Business rules (the spec's `x-zc-business-checks`, in their order).
INSTANCE_NOT_FOUND: Final = "INVALID_INSTANCE_NOT_FOUND"
INSTANCE_RECYCLED: Final = "OPERATION_DENIED_INSTANCE_RECYCLED"
INSTANCE_NOT_STOPPED: Final = "OPERATION_DENIED_INSTANCE_NOT_STOPPED"
INSTANCE_NOT_RUNNING: Final = "OPERATION_DENIED_INSTANCE_NOT_RUNNING"
IMAGE_NOT_FOUND: Final = "INVALID_IMAGE_NOT_FOUND"
IMAGE_TOO_LARGE: Final = "INVALID_IMAGE_SIZE_EXCEED"
KEY_PAIR_NOT_FOUND: Final = "OPERATION_FAILED_RESOURCE_NOT_FOUND"
KEY_PAIR_WITH_WINDOWS: Final = "INVALID_PARAMETER_VALUE"
SCRIPTS_NOT_SUPPORTED: Final = "INVALID_REGION_SCRIPT_NOT_SUPPORT"
ZONE_NOT_FOUND: Final = "INVALID_ZONE_NOT_FOUND"

AUTHENTICATION: Final = (INVALID_AUTHORIZATION, SIGNATURE_FAILURE, SIGNATURE_EXPIRED)
# Which action's rules answer which codes: what the test holds against the spec.
ANSWERED_BY: Final[dict[str, tuple[str, ...]]] = {
    "ResetInstance": (
        INSTANCE_NOT_FOUND,
        INSTANCE_RECYCLED,
        INSTANCE_NOT_STOPPED,
        IMAGE_NOT_FOUND,
        IMAGE_TOO_LARGE,
        KEY_PAIR_NOT_FOUND,
        KEY_PAIR_WITH_WINDOWS,
        SCRIPTS_NOT_SUPPORTED,
    ),
    "StopInstances": (INSTANCE_NOT_FOUND, INSTANCE_RECYCLED, INSTANCE_NOT_RUNNING),
    "DescribeInstancesStatus": (),
    "DescribeImages": (ZONE_NOT_FOUND,),
}
