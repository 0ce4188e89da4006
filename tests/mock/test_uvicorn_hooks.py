"""The mock's HTTP guard subclasses uvicorn's httptools protocol and overrides some of its methods, and
reads two of its attributes. uvicorn is pinned; when the pin moves, this says at once, by name, which hook
the guard relies on has gone or changed shape, instead of letting the guard silently stop guarding."""

from __future__ import annotations

import inspect

import pytest
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from mock_server.connections import ConnectionLimits, guarded_protocol
from zenlayer_spec import load_spec

# What mock_server/connections.py overrides and what it calls on uvicorn's class, with the parameters
# it relies on.
OVERRIDDEN = {
    "connection_made": ["self", "transport"],
    "connection_lost": ["self", "exc"],
    "data_received": ["self", "data"],
    "on_headers_complete": ["self"],
    "on_message_complete": ["self"],
    "send_400_response": ["self", "msg"],
}


@pytest.mark.parametrize(("name", "parameters"), sorted(OVERRIDDEN.items()))
def test_each_overridden_hook_still_exists_with_its_parameters(name: str, parameters: list[str]) -> None:
    hook = getattr(HttpToolsProtocol, name, None)
    assert hook is not None, f"uvicorn's HttpToolsProtocol has no {name} any more: review mock_server/connections.py"
    found = list(inspect.signature(hook).parameters)
    assert found == parameters, (
        f"uvicorn's HttpToolsProtocol.{name} now takes {found}, not {parameters}: review mock_server/connections.py"
    )


def test_the_guard_is_still_a_subclass_that_overrides_them() -> None:
    guard = guarded_protocol(load_spec().serving, ConnectionLimits(16384, 10.0, 512))
    assert issubclass(guard, HttpToolsProtocol)
    for name in OVERRIDDEN:
        assert getattr(guard, name) is not getattr(HttpToolsProtocol, name), name
    # The two attributes of uvicorn's the guard reads: set in uvicorn's own constructor.
    source = inspect.getsource(HttpToolsProtocol.__init__)
    for attribute in ("self.server_state", "self.flow"):
        assert attribute in source, f"uvicorn no longer sets {attribute}: review mock_server/connections.py"
