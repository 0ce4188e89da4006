"""JSON pointers and spec lines: zenlayer_spec's, re-exported for the report's modules."""

from zenlayer_spec.pointers import LineIndex, covers, escape, get, join, of_ref, split

__all__ = ["LineIndex", "covers", "escape", "get", "join", "of_ref", "split"]
