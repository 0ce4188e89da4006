from enum import StrEnum


class DescribeImagesXZCAction(StrEnum):
    DESCRIBEIMAGES = "DescribeImages"

    def __str__(self) -> str:
        return str(self.value)
