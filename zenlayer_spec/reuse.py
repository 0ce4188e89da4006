"""Each fact written once: reusable checks and named expressions, resolved when the spec is read.

- `components.x-zc-checks`: business checks defined once, by name; an operation lists one with
  `- $ref: '#/components/x-zc-checks/<name>'` (keys beside the `$ref` override the shared ones, e.g. its
  `example`). protovalidate's predefined rules are the anchor.
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
    """A variable that does not resolve (zenlayer_spec.document turns it into a SpecError)."""


CHECKS_COMPONENT = "x-zc-checks"
VARIABLES_KEY = "x-zc-variables"
_CHECKS_KEY = "x-zc-business-checks"
_CHECK_REF = "#/components/" + CHECKS_COMPONENT + "/"
_VARIABLE = re.compile(r"(?<![\w.])variables\.([A-Za-z_]\w*)")


def uses_reuse(document: Mapping[str, Any]) -> bool:
    components = document.get("components")
    if isinstance(components, Mapping) and CHECKS_COMPONENT in components:
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
    shared = components.pop(CHECKS_COMPONENT, None) or {}
    for path, item in (result.get("paths") or {}).items():
        operation = item.get("post") if isinstance(item, dict) else None
        if not isinstance(operation, dict):
            continue
        variables = _variables(operation.pop(VARIABLES_KEY, None) or {}, f"{where}: paths.{path}.post")
        checks = operation.get(_CHECKS_KEY)
        if isinstance(checks, list):
            operation[_CHECKS_KEY] = [_check(entry, shared) for entry in checks]
        for at, holder, key in _expressions(operation):
            holder[key] = _written_out(holder[key], variables, f"{where}: paths.{path}.post.{at}")
    return result


def _check(entry: Any, shared: Mapping[str, Any]) -> Any:  # noqa: ANN401 - a check as written
    """A check as written, or the shared one it names, with the keys beside the `$ref` over it."""
    if not isinstance(entry, Mapping) or not str(entry.get("$ref", "")).startswith(_CHECK_REF):
        return entry
    name = str(entry["$ref"]).removeprefix(_CHECK_REF)
    base = shared.get(name)  # its existence is checked with every $ref (zenlayer_spec.document)
    return {**copy.deepcopy(dict(base or {})), **{key: value for key, value in entry.items() if key != "$ref"}}


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
    ids and values, its list's `where`."""
    found: list[tuple[str, dict[str, Any], str]] = []
    for index, check in enumerate(operation.get(_CHECKS_KEY) or []):
        if isinstance(check, dict):
            found += [(f"{_CHECKS_KEY}[{index}].{key}", check, key) for key in ("rule", "message") if key in check]
    for index, effect in enumerate(operation.get("x-zc-effects") or []):
        if isinstance(effect, dict):
            if "ids" in effect:
                found.append((f"x-zc-effects[{index}].ids", effect, "ids"))
            values = effect.get("set")
            if isinstance(values, dict):
                found += [(f"x-zc-effects[{index}].set.{name}", values, name) for name in values]
    results = operation.get("x-zc-results")
    if isinstance(results, dict) and "where" in results:
        found.append(("x-zc-results.where", results, "where"))
    return found
