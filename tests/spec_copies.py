"""Modified copies of the spec, for tests that show what follows from a change to it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from zenlayer_spec import SPEC_PATH
from zenlayer_spec.document import parsed_copy
from zenlayer_spec.pointers import yaml_value

# libyaml's dumper where PyYAML has it (as zenlayer_spec.pointers.YAML_LOADER for reading): the
# pure-Python one takes 0.4 s for the spec, and the tests write hundreds of copies.
DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def spec_text(document: dict[str, Any]) -> str:
    """A spec document as YAML, its keys in their order."""
    return yaml.dump(document, Dumper=DUMPER, sort_keys=False, allow_unicode=True)


def edited_spec(directory: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the spec in `directory`, changed by `edit`."""
    document = parsed_copy(SPEC_PATH, yaml_value)  # parsed once, each edit on a copy of its own
    edit(document)
    path = directory / "spec.yaml"
    path.write_text(spec_text(document), encoding="utf-8")
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
