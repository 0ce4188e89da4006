from enum import StrEnum


class ZoneNotFoundErrorCode(StrEnum):
    INVALID_ZONE_NOT_FOUND = "INVALID_ZONE_NOT_FOUND"

    def __str__(self) -> str:
        return str(self.value)
