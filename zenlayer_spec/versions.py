"""The generated client's version as the spec declares it (`info.x-zc-client-version`, semver).

How it must move with a change is spec_diff's to say (spec_diff.versions); this module only reads it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from zenlayer_spec.document import JSON, SpecError

# The levels of spec_diff.Level, by value.
COMPATIBLE, BREAKING = 1, 2
VERSION_KEY = "x-zc-client-version"
_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


@attrs.frozen(order=True)
class ClientVersion:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> ClientVersion:
        match = _SEMVER.match(text)
        if match is None:
            raise SpecError(f"info.{VERSION_KEY}: {text!r} is not MAJOR.MINOR.PATCH (e.g. 2026.4.1)")
        return cls(*(int(part) for part in match.groups()))

    def bumped(self, level: int) -> ClientVersion:
        """The next version after changes of `level` (spec_diff.Level: 2 breaking, 1 compatible, 0 docs)."""
        if level >= BREAKING:
            return ClientVersion(self.major + 1, 0, 0)
        if level >= COMPATIBLE:
            return ClientVersion(self.major, self.minor + 1, 0)
        return ClientVersion(self.major, self.minor, self.patch + 1)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def version_of(document: Mapping[str, JSON]) -> ClientVersion:
    """The client version a spec declares; a spec from before versioning gets its API version's."""
    info = document.get("info") or {}
    declared = info.get(VERSION_KEY)
    if declared is not None:
        return ClientVersion.parse(str(declared))
    # Before `x-zc-client-version` the client's version was the API version (2026-04-01 -> 2026.4.1).
    return ClientVersion.parse(".".join(str(int(part)) for part in str(info.get("version", "0-0-0")).split("-")))
