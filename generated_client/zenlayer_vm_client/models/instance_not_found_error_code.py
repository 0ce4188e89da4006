from enum import StrEnum


class InstanceNotFoundErrorCode(StrEnum):
    INVALID_INSTANCE_NOT_FOUND = "INVALID_INSTANCE_NOT_FOUND"

    def __str__(self) -> str:
        return str(self.value)
