"""Modified copies of the spec, for tests that show what follows from a change to it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from zenlayer_spec import SPEC_PATH


def edited_spec(directory: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the spec in `directory`, changed by `edit`."""
    document = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    edit(document)
    path = directory / "spec.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path
