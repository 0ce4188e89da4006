"""The client's public surface stays lean: `models` holds what calls take and return, no data class
shares a name with an exception (or reads like one), and `Client` has no `send` that would shadow
the meaning of httpx's."""

from __future__ import annotations

import inspect

from zenlayer_spec import load_spec
from zenlayer_vm_client import Client, errors, models

EXCEPTIONS = {name for name, value in vars(errors).items() if inspect.isclass(value) and issubclass(value, Exception)}


def test_models_hold_only_what_calls_take_and_return() -> None:
    exported = set(models.__all__)
    assert not exported & EXCEPTIONS
    assert not [name for name in exported if name.endswith(("Error", "ErrorCode")) or "XZC" in name]
    for operation in load_spec().operations.values():
        assert operation.request_schema_pointer.rsplit("/", 1)[-1] in exported
        assert operation.success_schema_pointer.rsplit("/", 1)[-1] in exported


def test_the_client_has_no_public_send() -> None:
    assert not hasattr(Client, "send")
    assert not hasattr(Client, "send_async")
