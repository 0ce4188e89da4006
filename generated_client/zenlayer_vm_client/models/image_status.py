from enum import StrEnum


class ImageStatus(StrEnum):
    AVAILABLE = "AVAILABLE"
    CREATING = "CREATING"
    UNAVAILABLE = "UNAVAILABLE"

    def __str__(self) -> str:
        return str(self.value)
