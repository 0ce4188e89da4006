"""The generated client's version: semantic versioning, kept in the spec's `info.x-zc-client-version`.

A breaking change bumps the major part, a compatible one the minor part and a documentation change the
patch part, so a version never stands for two different specs. The numbering continues from the first
client's `2026.4.1` (then derived from the API version) so that pip never sees the version go down;
after that the parts are semver's, not a date.
"""

from __future__ import annotations

from spec_diff.changes import Level
from zenlayer_spec.versions import VERSION_KEY, ClientVersion, version_of

__all__ = ["VERSION_KEY", "ClientVersion", "required_version", "satisfies", "version_of"]


def required_version(base: ClientVersion, level: Level | None) -> ClientVersion:
    """The least version a spec may declare after changes of `level` since the spec at `base`."""
    return base if level is None else base.bumped(level)


def satisfies(declared: ClientVersion, base: ClientVersion, level: Level | None) -> bool:
    """Whether `declared` is a right version after changes of `level`: the version moves when the spec
    does, by at least the level's part (a larger bump is allowed, never a smaller one)."""
    return declared >= required_version(base, level)
