from enum import StrEnum


class ImageType(StrEnum):
    CUSTOM_IMAGE = "CUSTOM_IMAGE"
    PUBLIC_IMAGE = "PUBLIC_IMAGE"

    def __str__(self) -> str:
        return str(self.value)
