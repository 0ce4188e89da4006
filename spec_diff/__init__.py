"""What a spec change does to the people who depend on it.

`compare(old, new)` reads two versions of the spec and returns a `Report`: every change in three
sections (wire, contract, client), each classified breaking, compatible or documentation only. The
report drives `nox -s spec-diff`, the client's version rule and the client's changelog.
"""

from spec_diff.changes import Change, Level, Report, Section
from spec_diff.compare import compare_documents
from spec_diff.versions import ClientVersion, required_version, version_of

__all__ = [
    "Change",
    "ClientVersion",
    "Level",
    "Report",
    "Section",
    "compare_documents",
    "required_version",
    "version_of",
]
