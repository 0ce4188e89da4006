from enum import StrEnum


class InstanceStatus(StrEnum):
    BOOTING = "BOOTING"
    CREATE_FAILED = "CREATE_FAILED"
    DEPLOYING = "DEPLOYING"
    IMAGING = "IMAGING"
    PENDING = "PENDING"
    REBOOT = "REBOOT"
    REBUILDING = "REBUILDING"
    RECYCLE = "RECYCLE"
    RECYCLING = "RECYCLING"
    RELEASING = "RELEASING"
    RUNNING = "RUNNING"
    STOPPED = "STOPPED"
    STOPPING = "STOPPING"

    def __str__(self) -> str:
        return str(self.value)
