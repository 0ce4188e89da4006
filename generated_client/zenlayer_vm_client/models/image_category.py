from enum import StrEnum


class ImageCategory(StrEnum):
    ARCH_LINUX = "ARCH_LINUX"
    CENTOS = "CentOS"
    COREOS = "COREOS"
    DEBIAN = "Debian"
    FEDORA = "FEDORA"
    FREEBSD = "FreeBSD"
    KYLIN = "KYLIN"
    ORACLE_LINUX = "ORACLE_LINUX"
    OTHERS = "OTHERS"
    REDHAT = "REDHAT"
    SUSE = "SUSE"
    TENCENTOS = "TencentOS"
    UBUNTU = "Ubuntu"
    WINDOWS = "Windows"

    def __str__(self) -> str:
        return str(self.value)
