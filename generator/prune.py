"""Keep only the models a call uses: openapi-python-client writes a model for every component and
inline schema (error bodies, their code enums, the action and version header enums), but a caller
meets only request and answer models and what they hold. The rest would crowd `models` with names
no call takes or returns, some read like exceptions (`ZoneNotFoundError`); errors are the exception
classes of `errors`."""

from __future__ import annotations

import re
from pathlib import Path

_MODEL_IMPORT = re.compile(r"models\.(\w+) import")
_INIT_IMPORT = re.compile(r"^from \.(\w+) import (\w+)$", re.MULTILINE)


def prune_models(package_dir: Path) -> list[str]:
    """Delete the model modules nothing outside `models` reaches (directly or through other models),
    and their names from `models/__init__.py`. Returns the class names removed."""
    models_dir = package_dir / "models"
    outside = [path for path in package_dir.rglob("*.py") if models_dir not in path.parents]
    reached = {name for path in outside for name in _MODEL_IMPORT.findall(path.read_text(encoding="utf-8"))}
    pending = list(reached)
    while pending:
        module = models_dir / f"{pending.pop()}.py"
        for name in _MODEL_IMPORT.findall(module.read_text(encoding="utf-8")) if module.is_file() else ():
            if name not in reached:
                reached.add(name)
                pending.append(name)
    init = models_dir / "__init__.py"
    text = init.read_text(encoding="utf-8")
    removed = {module: name for module, name in _INIT_IMPORT.findall(text) if module not in reached}
    for module in removed:
        (models_dir / f"{module}.py").unlink()
    for module, name in removed.items():
        text = text.replace(f"from .{module} import {name}\n", "").replace(f'    "{name}",\n', "")
    init.write_text(text, encoding="utf-8")
    return sorted(removed.values())
