from enum import StrEnum


class TooManyRequestsErrorCode(StrEnum):
    REQUEST_LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED"

    def __str__(self) -> str:
        return str(self.value)
