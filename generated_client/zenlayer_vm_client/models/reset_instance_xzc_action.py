from enum import StrEnum


class ResetInstanceXZCAction(StrEnum):
    RESETINSTANCE = "ResetInstance"

    def __str__(self) -> str:
        return str(self.value)
