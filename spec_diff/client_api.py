"""The client section: the generated client's public Python API, read from its source with `ast`.

Public means what a caller can reach without a leading underscore: modules, their classes (with their
bases, public methods and attrs fields), functions and their parameters, and module constants. Two
trees are compared name by name; losing a name or a parameter, a new required parameter and a changed
annotation break callers, anything new is compatible.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

from spec_diff.changes import Change, Level, Section


@attrs.frozen
class Parameter:
    name: str
    annotation: str
    required: bool
    keyword_only: bool


@attrs.frozen
class Member:
    """A public function, method, class, attrs field or constant, by its dotted name."""

    kind: str  # "module", "function", "class", "field", "constant"
    signature: tuple[Parameter, ...] = ()
    annotation: str = ""  # a field's or constant's type, a function's return type
    bases: tuple[str, ...] = ()
    # A field without a default: the class's constructor needs it.
    required: bool = False


def _public(name: str) -> bool:
    return not name.startswith("_")


def _parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[Parameter, ...]:
    arguments = node.args
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
    found = [
        Parameter(a.arg, ast.unparse(a.annotation) if a.annotation else "", d is None, False)
        for a, d in zip(positional, defaults, strict=True)
        if a.arg not in ("self", "cls")
    ]
    found += [
        Parameter(a.arg, ast.unparse(a.annotation) if a.annotation else "", d is None, True)
        for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
    ]
    return tuple(found)


def _members(tree: ast.Module, prefix: str) -> Iterator[tuple[str, Member]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _public(node.name):
            returns = ast.unparse(node.returns) if node.returns else ""
            yield f"{prefix}.{node.name}", Member("function", _parameters(node), returns)
        elif isinstance(node, ast.ClassDef) and _public(node.name):
            name = f"{prefix}.{node.name}"
            yield name, Member("class", bases=tuple(ast.unparse(base) for base in node.bases))
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and (
                    _public(item.name) or item.name == "__init__"
                ):
                    returns = ast.unparse(item.returns) if item.returns else ""
                    yield f"{name}.{item.name}", Member("function", _parameters(item), returns)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and _public(item.target.id):
                    required = item.value is None
                    annotation = ast.unparse(item.annotation)
                    yield f"{name}.{item.target.id}", Member("field", annotation=annotation, required=required)
                elif isinstance(item, ast.Assign):  # enum members and class constants
                    for target in item.targets:
                        if isinstance(target, ast.Name) and _public(target.id):
                            yield f"{name}.{target.id}", Member("constant")
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and _public(node.target.id):
            yield f"{prefix}.{node.target.id}", Member("constant", annotation=ast.unparse(node.annotation))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and _public(target.id) and target.id != "__all__":
                    yield f"{prefix}.{target.id}", Member("constant")


def public_api(package_dir: Path) -> dict[str, Member]:
    """Every public name of the package at `package_dir` (a folder with `__init__.py`)."""
    api: dict[str, Member] = {}
    root = package_dir.name
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir).with_suffix("").parts
        if any(part.startswith("_") and part != "__init__" for part in parts):
            continue
        module = ".".join((root, *(part for part in parts if part != "__init__")))
        api[module] = Member("module")
        for name, member in _members(ast.parse(path.read_text(encoding="utf-8")), module):
            api[name] = member
    return api


API_FILE = "public-api.jsonl"


def dump(api: dict[str, Member]) -> str:
    """The API as JSON lines, one member a line in name order: a reviewable file beside the client."""
    lines = []
    for name in sorted(api):
        member = api[name]
        parameters = [[p.name, p.annotation, p.required, p.keyword_only] for p in member.signature]
        entry = [name, member.kind, member.annotation, list(member.bases), parameters, member.required]
        lines.append(json.dumps(entry, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def load(text: str) -> dict[str, Member]:
    api = {}
    for line in text.splitlines():
        name, kind, annotation, bases, parameters, required = json.loads(line)
        signature = tuple(Parameter(*parameter) for parameter in parameters)
        api[name] = Member(kind, signature, annotation, tuple(bases), required)
    return api


def api_of_project(project_dir: Path, package: str) -> dict[str, Member]:
    """A generated project's public API: its recorded file when it has one, else read from its source."""
    recorded = project_dir / API_FILE
    if recorded.is_file():
        return load(recorded.read_text(encoding="utf-8"))
    return public_api(project_dir / package)


def client_changes(old: dict[str, Member], new: dict[str, Member]) -> Iterator[Change]:
    def change(level: Level, rule: str, message: str, name: str, reason: str = "") -> Change:
        return Change(Section.CLIENT, level, rule, message, name, reason=reason)

    for name in sorted(old.keys() - new.keys()):
        # A member of a removed class or module is covered by the removal of its owner.
        if name.rpartition(".")[0] in old.keys() - new.keys():
            continue
        yield change(Level.BREAKING, f"zc-client-{old[name].kind}-removed", f"{old[name].kind} `{name}` removed", name)
    for name in sorted(new.keys() - old.keys()):
        if name.rpartition(".")[0] in new.keys() - old.keys():
            continue
        if new[name].required:
            owner = name.rpartition(".")[0]
            yield change(
                Level.BREAKING, "zc-client-required-field-added", f"`{owner}` needs a new field `{name}`", name
            )
            continue
        yield change(Level.COMPATIBLE, f"zc-client-{new[name].kind}-added", f"new {new[name].kind} `{name}`", name)
    for name in sorted(old.keys() & new.keys()):
        before, after = old[name], new[name]
        if before.kind != after.kind:
            yield change(
                Level.BREAKING, "zc-client-kind-changed", f"`{name}` was a {before.kind}, is a {after.kind}", name
            )
            continue
        if before.kind == "field" and after.required and not before.required:
            yield change(Level.BREAKING, "zc-client-field-became-required", f"field `{name}` became required", name)
        if before.bases != after.bases:
            yield change(
                Level.BREAKING,
                "zc-client-bases-changed",
                f"class `{name}` bases ({', '.join(before.bases)}) -> ({', '.join(after.bases)})",
                name,
                reason="an `except` or `isinstance` on an old base may no longer match",
            )
        if before.annotation != after.annotation:
            yield change(
                Level.BREAKING,
                "zc-client-type-changed",
                f"`{name}` type {before.annotation or '(none)'} -> {after.annotation or '(none)'}",
                name,
            )
        yield from _signature(name, before.signature, after.signature, change)


def _signature(
    name: str, before: tuple[Parameter, ...], after: tuple[Parameter, ...], make: Callable[..., Change]
) -> Iterator[Change]:
    old = {p.name: p for p in before}
    new = {p.name: p for p in after}
    for parameter in before:
        if parameter.name not in new:
            yield make(
                Level.BREAKING, "zc-client-parameter-removed", f"`{name}`: parameter `{parameter.name}` removed", name
            )
    for parameter in after:
        if parameter.name not in old:
            level = Level.BREAKING if parameter.required else Level.COMPATIBLE
            kind = "required" if parameter.required else "optional"
            yield make(
                level, f"zc-client-{kind}-parameter-added", f"`{name}`: new {kind} parameter `{parameter.name}`", name
            )
            continue
        was = old[parameter.name]
        if not was.required and parameter.required:
            yield make(
                Level.BREAKING,
                "zc-client-parameter-became-required",
                f"`{name}`: `{parameter.name}` became required",
                name,
            )
        if was.annotation != parameter.annotation:
            yield make(
                Level.BREAKING,
                "zc-client-parameter-type-changed",
                f"`{name}`: `{parameter.name}` type {was.annotation} -> {parameter.annotation}",
                name,
            )
    positional_before = [p.name for p in before if not p.keyword_only]
    positional_after = [p.name for p in after if not p.keyword_only]
    common = [n for n in positional_before if n in positional_after]
    if common != [n for n in positional_after if n in positional_before]:
        yield make(Level.BREAKING, "zc-client-parameters-reordered", f"`{name}`: positional parameters reordered", name)
