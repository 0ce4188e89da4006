from enum import StrEnum


class StopInstancesXZCAction(StrEnum):
    STOPINSTANCES = "StopInstances"

    def __str__(self) -> str:
        return str(self.value)
