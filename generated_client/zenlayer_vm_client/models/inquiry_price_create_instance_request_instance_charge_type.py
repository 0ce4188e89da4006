from enum import StrEnum


class InquiryPriceCreateInstanceRequestInstanceChargeType(StrEnum):
    POSTPAID = "POSTPAID"
    PREPAID = "PREPAID"

    def __str__(self) -> str:
        return str(self.value)
