"""A CEL value as plain Python, with a repair for the CEL runtime's reference counting of `None`.

cel-expr-python 0.1.3 (the newest release) hands back `None` for each CEL `null` it converts without the
new reference the C API asks for: every null an expression yields takes one reference of `None` away
for good. `None`'s count is not immortal before Python 3.12, so a process that evaluated about ten
thousand nulls (the mock answering a few thousand InquiryPriceCreateInstance requests, whose price
fields are null) died with "Fatal Python error: none_dealloc". One reference per null converted is
exactly what goes missing, at any depth (tests/zenlayer_spec/test_cel_plain.py pins it, and fails once
a release fixes it, so that the repair is removed then).
"""

from __future__ import annotations

import ctypes
from typing import Any

from zenlayer_spec.document import JSON

_increment = ctypes.pythonapi.Py_IncRef
_increment.argtypes = [ctypes.py_object]
_increment.restype = None


def plain(value: Any) -> JSON:  # noqa: ANN401 - a cel_expr_python Value
    """`value.plain_value()`, with the references to `None` it took given back."""
    converted: JSON = value.plain_value()
    for _ in range(_nulls(converted)):
        _increment(None)
    return converted


def _nulls(value: JSON) -> int:
    if value is None:
        return 1
    if isinstance(value, dict):
        return sum(_nulls(item) for item in value.values())  # CEL's map keys are never null
    if isinstance(value, list):
        return sum(_nulls(item) for item in value)
    return 0
