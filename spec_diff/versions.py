"""The generated client's version: semantic versioning, kept in the spec's `info.x-zc-client-version`.

A breaking change bumps the major part, a compatible one the minor part and a documentation change the
patch part, so a version never stands for two different specs. The numbering continues from the first
client's `2026.4.1` (then derived from the API version) so that pip never sees the version go down;
after that the parts are semver's, not a date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from spec_diff.changes import Level
from zenlayer_spec.document import JSON, SpecError

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

    def bumped(self, level: Level) -> ClientVersion:
        if level is Level.BREAKING:
            return ClientVersion(self.major + 1, 0, 0)
        if level is Level.COMPATIBLE:
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


def required_version(base: ClientVersion, level: Level | None) -> ClientVersion:
    """The least version a spec may declare after changes of `level` since the spec at `base`."""
    return base if level is None else base.bumped(level)


def satisfies(declared: ClientVersion, base: ClientVersion, level: Level | None) -> bool:
    """Whether `declared` is a right version after changes of `level`: the version moves when the spec
    does, by at least the level's part (a larger bump is allowed, never a smaller one)."""
    return declared >= required_version(base, level)
