from enum import StrEnum


class CreateInstancesRequestInstanceChargeType(StrEnum):
    POSTPAID = "POSTPAID"
    PREPAID = "PREPAID"

    def __str__(self) -> str:
        return str(self.value)
