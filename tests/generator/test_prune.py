"""Pruning the models no call reaches: what an `api` or other module imports stays, with every model
it holds; the rest goes, from disk and from `models/__init__.py`."""

from __future__ import annotations

from pathlib import Path

from generator.prune import prune_models


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_unreached_models_go_and_reached_ones_stay(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    write(package / "api" / "things" / "get_thing.py", "from ...models.get_thing_request import GetThingRequest\n")
    write(package / "models" / "get_thing_request.py", "from ..models.part import Part\nclass GetThingRequest: ...\n")
    write(package / "models" / "part.py", "class Part: ...\n")
    write(package / "models" / "unused_error.py", "from ..models.unused_error_code import UnusedErrorCode\n")
    write(package / "models" / "unused_error_code.py", "class UnusedErrorCode: ...\n")
    names = ["GetThingRequest", "Part", "UnusedError", "UnusedErrorCode"]
    modules = ["get_thing_request", "part", "unused_error", "unused_error_code"]
    init = "".join(f"from .{m} import {n}\n" for m, n in zip(modules, names, strict=True))
    init += "\n__all__ = (\n" + "".join(f'    "{n}",\n' for n in names) + ")\n"
    write(package / "models" / "__init__.py", init)

    assert prune_models(package) == ["UnusedError", "UnusedErrorCode"]
    assert sorted(path.stem for path in (package / "models").glob("*.py")) == ["__init__", "get_thing_request", "part"]
    text = (package / "models" / "__init__.py").read_text(encoding="utf-8")
    assert "Unused" not in text
    assert '"GetThingRequest",' in text
    assert "from .part import Part" in text
