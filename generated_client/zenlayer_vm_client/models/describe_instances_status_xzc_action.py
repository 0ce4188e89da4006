from enum import StrEnum


class DescribeInstancesStatusXZCAction(StrEnum):
    DESCRIBEINSTANCESSTATUS = "DescribeInstancesStatus"

    def __str__(self) -> str:
        return str(self.value)
