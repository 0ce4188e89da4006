from enum import StrEnum


class DescribeInstancesStatusXZCVersion(StrEnum):
    VALUE_0 = "2026-04-01"

    def __str__(self) -> str:
        return str(self.value)
