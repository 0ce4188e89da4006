"""Each fact written once: reusable checks and named expressions, resolved when the spec is read.

- `components.x-zc-checks`: business checks defined once, by name; an operation lists one with
  `- use: <name>` (keys beside `use` override the shared ones, e.g. its `example`). protovalidate's
  predefined rules are the anchor. Likewise `components.x-zc-waiters` for an operation's `x-zc-waiter`
  (`{use: instance-status, target: STOPPED, pending: [STOPPING]}`) and `components.x-zc-shared-effects`
  for the entries of its `x-zc-effects`. (`use`, not `$ref`: OpenAPI tools take no keys beside a `$ref`.)
- `x-zc-variables` on an operation: named CEL expressions (`image: has(request.imageId) ? ...`) that its
  checks' rules and messages, its effects and its list's `where` use as `variables.image`; a variable may
  use the ones before it. Kubernetes ValidatingAdmissionPolicy's `variables` are the anchor.

Every reader gets the resolved spec (zenlayer_spec.document.parse_document calls `resolved`): checks
inline, variables written out in place (in parentheses), and neither key left. So the mock, the suite, the
reference and spec-diff see the same checks as before a refactoring into shared parts, and a refactoring
that changes nothing is no change to spec-diff.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any


class ReuseError(ValueError):
    """A variable that does not resolve, a `use` that names nothing, a shared part nothing uses
    (zenlayer_spec.document turns it into a SpecError; `pointer`, when set, is located there)."""

    def __init__(self, message: str, pointer: str | None = None) -> None:
        super().__init__(message)
        self.pointer = pointer


CHECKS_COMPONENT = "x-zc-checks"
WAITERS_COMPONENT = "x-zc-waiters"
EFFECTS_COMPONENT = "x-zc-shared-effects"
VARIABLES_KEY = "x-zc-variables"
_CHECKS_KEY = "x-zc-business-checks"
_COMPONENTS = (CHECKS_COMPONENT, WAITERS_COMPONENT, EFFECTS_COMPONENT)
USE = "use"  # `use: <name>`: the shared part of that name (a key of ours: `$ref` takes no siblings)
_EFFECT_TARGETS = ("ids", "create", "delete")  # an effect's expression of what it acts on
Entry = Any  # a check, waiter or effect as written: any YAML value until it is checked
_VARIABLE = re.compile(r"(?<![\w.])variables\.([A-Za-z_]\w*)")


def shared_pointer(entry_parts: list[str], name: str) -> str | None:
    """Where the shared part named `name` is written, for the entry at `entry_parts` (a JSON pointer's
    parts) that lists it with `use: <name>`: a message about what it brings is located there, not at
    the `use` line (LineIndex)."""
    if len(entry_parts) >= 2 and entry_parts[-2] == _CHECKS_KEY:
        component = CHECKS_COMPONENT
    elif len(entry_parts) >= 2 and entry_parts[-2] == "x-zc-effects":
        component = EFFECTS_COMPONENT
    elif entry_parts and entry_parts[-1] == "x-zc-waiter":
        component = WAITERS_COMPONENT
    else:
        return None
    return "/components/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in (component, name))


def uses_reuse(document: Mapping[str, Any]) -> bool:
    components = document.get("components")
    if isinstance(components, Mapping) and any(name in components for name in _COMPONENTS):
        return True
    return any(
        isinstance(item, Mapping) and isinstance(item.get("post"), Mapping) and VARIABLES_KEY in item["post"]
        for item in (document.get("paths") or {}).values()
    )


def resolved(document: dict[str, Any], where: str) -> dict[str, Any]:
    """`document` with shared checks inline and variables written out (itself when it uses neither).
    ReuseError names the place (`where` is the spec's path or git ref) of an unknown variable."""
    if not uses_reuse(document):
        return document
    result = copy.deepcopy(document)
    components = result.get("components") or {}
    shared = {name: components.pop(name, None) or {} for name in _COMPONENTS}
    used: set[tuple[str, str]] = set()
    for path, item in (result.get("paths") or {}).items():
        operation = item.get("post") if isinstance(item, dict) else None
        if not isinstance(operation, dict):
            continue
        variables = _variables(operation.pop(VARIABLES_KEY, None) or {}, f"{where}: paths.{path}.post")
        at = f"{where}: paths.{path}.post"
        checks = operation.get(_CHECKS_KEY)
        if isinstance(checks, list):
            operation[_CHECKS_KEY] = [
                _shared(entry, CHECKS_COMPONENT, shared, f"{at}.{_CHECKS_KEY}[{index}]", used)
                for index, entry in enumerate(checks)
            ]
        if "x-zc-waiter" in operation:
            waiter = operation["x-zc-waiter"]
            operation["x-zc-waiter"] = _shared(waiter, WAITERS_COMPONENT, shared, f"{at}.x-zc-waiter", used)
        effects = operation.get("x-zc-effects")
        if isinstance(effects, list):
            operation["x-zc-effects"] = [
                _shared(entry, EFFECTS_COMPONENT, shared, f"{at}.x-zc-effects[{index}]", used)
                for index, entry in enumerate(effects)
            ]
        for at, holder, key in _expressions(operation):
            holder[key] = _written_out(holder[key], variables, f"{where}: paths.{path}.post.{at}")
    # A shared part nothing uses is checked by nothing (its keys and rules are checked where it is used):
    # a mistake in it would wait unseen for its first use.
    for component, parts in shared.items():
        for name in parts if isinstance(parts, Mapping) else ():
            if (component, str(name)) not in used:
                raise ReuseError(
                    f"components.{component}.{name} is used by no operation: list it where it applies "
                    f"(`{USE}: {name}`) or remove it",
                    pointer=f"/components/{component}/{name}",
                )
    return result


def _shared(
    entry: Entry, component: str, shared: Mapping[str, Mapping[str, Any]], where: str, used: set[tuple[str, str]]
) -> Entry:
    """A check, waiter or effect as written, or the shared one it names (`use: <name>` of `component`),
    with the keys beside `use` over it; what it uses is added to `used`."""
    if not isinstance(entry, Mapping):
        return entry
    ref = str(entry.get("$ref", ""))
    if ref.startswith(f"#/components/{component}/"):  # the plain JSON reference works too (no keys beside it)
        entry = {USE: ref.rsplit("/", 1)[1], **{key: value for key, value in entry.items() if key != "$ref"}}
    if USE not in entry:
        return entry
    name = str(entry[USE])
    used.add((component, name))
    base = shared[component].get(name)
    if not isinstance(base, Mapping):
        known = ", ".join(shared[component]) or "none"
        raise ReuseError(f"{where}: `{USE}: {name}` names nothing of components.{component} (it has: {known})")
    return {**copy.deepcopy(dict(base)), **{key: value for key, value in entry.items() if key != USE}}


def _variables(raw: Mapping[str, Any], where: str) -> dict[str, str]:
    """Each variable written out in terms of the request and the world (a variable may use earlier ones)."""
    variables: dict[str, str] = {}
    for name, text in raw.items():
        if not isinstance(text, str):
            raise ReuseError(f"{where}.{VARIABLES_KEY}.{name}: a variable is a CEL expression (a string)")
        variables[str(name)] = _written_out(text, variables, f"{where}.{VARIABLES_KEY}.{name}")
    return variables


def _written_out(text: Any, variables: Mapping[str, str], where: str) -> Any:  # noqa: ANN401 - a string
    if not isinstance(text, str):
        return text

    def replace(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in variables:
            known = ", ".join(variables) or "none"
            raise ReuseError(f"{where}: `variables.{name}` is not a variable of this operation (declared: {known})")
        return f"({variables[name]})"

    return _VARIABLE.sub(replace, text)


def _expressions(operation: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    """(where, holder, key) of every CEL text of an operation: its checks' rules and messages, its effects'
    ids, counts and values, its computed answer fields, its list's `where` and rendered fields."""
    found: list[tuple[str, dict[str, Any], str]] = []
    for index, check in enumerate(operation.get(_CHECKS_KEY) or []):
        if isinstance(check, dict):
            found += [(f"{_CHECKS_KEY}[{index}].{key}", check, key) for key in ("rule", "message") if key in check]
    for index, effect in enumerate(operation.get("x-zc-effects") or []):
        if isinstance(effect, dict):
            found += [(f"x-zc-effects[{index}].{key}", effect, key) for key in _EFFECT_TARGETS if key in effect]
            values = effect.get("set")
            if isinstance(values, dict):
                found += [(f"x-zc-effects[{index}].set.{name}", values, name) for name in values]
    answer = operation.get("x-zc-answer")
    if isinstance(answer, dict):
        found += [(f"x-zc-answer.{name}", answer, name) for name in answer]
    results = operation.get("x-zc-results")
    if isinstance(results, dict) and "where" in results:
        found.append(("x-zc-results.where", results, "where"))
    render = results.get("render") if isinstance(results, dict) else None
    if isinstance(render, dict):
        found += [(f"x-zc-results.render.{name}", render, name) for name in render]
    return found
