from enum import StrEnum


class StopInstancesForbiddenErrorCode(StrEnum):
    OPERATION_DENIED_INSTANCE_NOT_RUNNING = "OPERATION_DENIED_INSTANCE_NOT_RUNNING"
    OPERATION_DENIED_INSTANCE_RECYCLED = "OPERATION_DENIED_INSTANCE_RECYCLED"

    def __str__(self) -> str:
        return str(self.value)
