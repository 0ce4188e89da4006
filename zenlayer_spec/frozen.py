"""Read-only JSON values: the spec record is shared by every caller in a process (`load_spec()` reads
it once), so nothing in it may be changed in place.

`FrozenDict` and `FrozenList` are `dict` and `list` that refuse every change: JSON encoders, JSON Schema
validators and our walkers (which test `isinstance(node, list)`) take them as they are. A copy
(`copy.copy`, `copy.deepcopy`, `thaw`) is plain and yours to change. attrs records inside the spec are
frozen by their classes; `freeze` turns the containers they hold read-only as well.
"""

from __future__ import annotations

from typing import Any, NoReturn

import attrs
import yaml

_ADVICE = "the spec's records are shared and read-only; change a copy (zenlayer_spec.frozen.thaw)"


def _refuse(*_: object, **__: object) -> NoReturn:
    raise TypeError(_ADVICE)


class FrozenDict(dict[Any, Any]):
    """A dict that cannot be changed."""

    __slots__ = ()
    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = __ior__ = _refuse

    def __copy__(self) -> dict[Any, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, object]) -> dict[Any, Any]:
        return thaw(self)  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[type, tuple[dict[Any, Any]]]:
        return dict, (dict(self),)


class FrozenList(list[Any]):
    """A list that cannot be changed."""

    __slots__ = ()
    __setitem__ = __delitem__ = append = extend = insert = pop = remove = clear = sort = reverse = _refuse
    __iadd__ = __imul__ = _refuse

    def __copy__(self) -> list[Any]:
        return list(self)

    def __deepcopy__(self, memo: dict[int, object]) -> list[Any]:
        return thaw(self)  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[type, tuple[list[Any]]]:
        return list, (list(self),)


def freeze(value: Any) -> Any:  # noqa: ANN401 - any JSON value or record
    """`value` with every dict, list and set inside it (at any depth, attrs records included) read-only."""
    if isinstance(value, FrozenDict | FrozenList):
        return value
    if isinstance(value, dict):
        return FrozenDict((key, freeze(item)) for key, item in value.items())
    if isinstance(value, list):
        return FrozenList(freeze(item) for item in value)
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(freeze(item) for item in value)
    if isinstance(value, set):
        return frozenset(freeze(item) for item in value)
    if attrs.has(type(value)) and not isinstance(value, type):
        changes = {
            field.alias: frozen
            for field in attrs.fields(type(value))
            if field.init and (frozen := freeze(current := getattr(value, field.name))) is not current
        }
        return attrs.evolve(value, **changes) if changes else value
    return value


def thaw(value: Any) -> Any:  # noqa: ANN401 - any JSON value
    """A plain, changeable deep copy of a JSON value (dicts and lists)."""
    if isinstance(value, dict):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, list | tuple) and not hasattr(value, "_fields"):
        return [thaw(item) for item in value]
    return value


# YAML and JSON write them as the mappings and sequences they are (json and orjson take dict and list
# subclasses already).
yaml.SafeDumper.add_representer(FrozenDict, yaml.SafeDumper.represent_dict)
yaml.SafeDumper.add_representer(FrozenList, yaml.SafeDumper.represent_list)
