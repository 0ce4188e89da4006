"""Modified copies of the spec, for tests that show what follows from a change to it."""

from __future__ import annotations

import copy
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


def add_operation_like(document: dict[str, Any], source: str, name: str) -> dict[str, Any]:
    """Add operation `name` to `document` as a copy of operation `source` (its path item, with the
    action header naming the new action), as a user extending the API would; returns the new `post`."""
    paths = document["paths"]
    item = copy.deepcopy(paths[f"/vm#{source}"])
    operation = item["post"]
    operation["operationId"] = name
    for parameter in operation["parameters"]:
        if parameter.get("name") == "X-ZC-Action":
            parameter["schema"]["enum"] = [name]
            parameter["schema"]["default"] = name
    paths[f"/vm#{name}"] = item
    return operation  # type: ignore[no-any-return]
