"""The records of a spec comparison: one `Change` per difference, gathered in a `Report`."""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs


class Level(enum.IntEnum):
    """How a change affects the people who depend on the spec; higher is worse."""

    DOCS = 0  # documentation only: descriptions, examples, sources
    COMPATIBLE = 1  # every old caller keeps working; something new is possible
    BREAKING = 2  # some old caller breaks: a request that was valid fails, an answer it read changes

    @property
    def label(self) -> str:
        return {Level.DOCS: "documentation only", Level.COMPATIBLE: "compatible", Level.BREAKING: "breaking"}[self]


class Section(enum.Enum):
    WIRE = "wire"  # what travels: operations, fields, constraints, headers, security, servers
    CONTRACT = "contract"  # what the service promises beyond the schemas: codes, checks, waiters, limits
    CLIENT = "client"  # the generated client's public Python API


@attrs.frozen
class Change:
    section: Section
    level: Level
    # A check id, named after oasdiff's where one matches (e.g. request-property-max-length-decreased);
    # ours start with `zc-`.
    rule: str
    message: str
    # Where the change is, as a JSON pointer into the new spec (or the old one, for what was removed),
    # or a Python name for the client section.
    location: str
    # The spec line of `location`, when known (filled in by the report's reader of the YAML text).
    line: int | None = None
    # Why the level is what it is, where that is not obvious from the rule.
    reason: str = ""
    # Other places in the spec this change explains (e.g. the response that carries a changed enum).
    also: tuple[str, ...] = ()


@attrs.frozen
class Report:
    changes: tuple[Change, ...]

    @classmethod
    def of(cls, changes: Iterable[Change]) -> Report:
        # Breaking first, then by section and location, so that a report reads the same every time.
        order = list(Section)
        unique = {(c.section, c.rule, c.location, c.message): c for c in changes}
        return cls(
            tuple(
                sorted(
                    unique.values(),
                    key=lambda c: (-c.level, order.index(c.section), c.location, c.rule, c.message),
                )
            )
        )

    @property
    def level(self) -> Level | None:
        """The worst level of any change, or None when nothing changed."""
        return max((change.level for change in self.changes), default=None)

    def in_section(self, section: Section) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.section is section)

    def at_level(self, level: Level) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.level is level)

    def merged(self, other: Report) -> Report:
        return Report.of((*self.changes, *other.changes))
