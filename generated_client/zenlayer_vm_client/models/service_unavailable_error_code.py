from enum import StrEnum


class ServiceUnavailableErrorCode(StrEnum):
    REQUEST_TIMED_OUT = "REQUEST_TIMED_OUT"
    SERVICE_TEMPORARY_UNAVAILABLE = "SERVICE_TEMPORARY_UNAVAILABLE"

    def __str__(self) -> str:
        return str(self.value)
