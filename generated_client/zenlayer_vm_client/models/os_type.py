from enum import StrEnum


class OsType(StrEnum):
    LINUX = "linux"
    WINDOWS = "windows"

    def __str__(self) -> str:
        return str(self.value)
