"""Keep secrets out of logs, recordings and reports: every body field the spec marks `x-zc-secret`,
wherever it stands in a body (any action, any depth, inside arrays), and in a body that is not JSON by
its key name. Iterative, so a hostile body nested thousands deep cannot make it fail."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from zenlayer_spec.document import JSON, dereference
from zenlayer_spec.request_check import SECRET_KEY

REDACTED = "<redacted>"


def secret_names(document: Mapping[str, JSON]) -> frozenset[str]:
    """Every property name that some schema of the spec marks `x-zc-secret`."""
    names: set[str] = set()
    stack: list[object] = [document.get("components", {}), document.get("paths", {})]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            properties = item.get("properties")
            if isinstance(properties, Mapping):
                for name, schema in properties.items():
                    if isinstance(schema, Mapping) and dereference(document, schema).get(SECRET_KEY):
                        names.add(str(name))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return frozenset(names)


def secret_fields(document: Mapping[str, JSON]) -> frozenset[tuple[str, str]]:
    """(component schema, property) of every field marked `x-zc-secret`."""
    found: set[tuple[str, str]] = set()
    for name, schema in (document.get("components") or {}).get("schemas", {}).items():
        for prop, field in (schema.get("properties") or {}).items():
            resolved = dereference(document, field)
            if isinstance(resolved, Mapping) and resolved.get(SECRET_KEY):
                found.add((name, prop))
    return frozenset(found)


class Redactor:
    """Replaces the value of every secret field; strings keep their length visible."""

    def __init__(self, names: Iterable[str], marker: str = REDACTED) -> None:
        self.names = frozenset(names)
        self.marker = marker
        alternatives = "|".join(re.escape(name) for name in sorted(self.names)) or r"(?!)"
        # A JSON-ish `"name": "value"` or `name=value` in text that does not parse as JSON.
        self._in_text = re.compile(
            rf"""(["']?(?:{alternatives})["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"?|'[^']*'?|[^\s,&;}}\]]*)""",
            re.IGNORECASE,
        )

    def _hidden(self, value: object) -> str:
        return f"{self.marker} ({len(value)} chars)" if isinstance(value, str) else self.marker

    def value(self, document: object) -> object:
        """A copy of `document` with every secret field's value replaced."""
        if not isinstance(document, dict | list):
            return document
        root: list[object] = [None]
        stack: list[tuple[object, Any, Any]] = [(document, root, 0)]
        while stack:
            item, parent, key = stack.pop()
            if isinstance(item, dict):
                copy: dict[Any, Any] = {}
                parent[key] = copy
                for name, child in item.items():
                    if name in self.names:
                        copy[name] = self._hidden(child)
                    else:
                        copy[name] = child
                        if isinstance(child, dict | list):
                            stack.append((child, copy, name))
            elif isinstance(item, list):
                items: list[Any] = list(item)
                parent[key] = items
                stack.extend(
                    (child, items, index) for index, child in enumerate(item) if isinstance(child, dict | list)
                )
            else:
                parent[key] = item
        return root[0]

    def text(self, text: str) -> str:
        """`text` with the value after every secret key name replaced (for a body that is not JSON)."""
        return self._in_text.sub(lambda match: f"{match.group(1)}{self.marker}", text)
