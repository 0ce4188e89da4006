"""A stateful Zenlayer VM API simulator that answers as the spec and docs/contract.md say.

`python -m mock_server` serves it with uvicorn; `MockApp()` is a fresh in-process ASGI app (its own world).
"""

from mock_server.app import (
    DEFAULT_ACCESS_KEY_ID,
    DEFAULT_ACCESS_KEY_PASSWORD,
    DEFAULT_TOKEN,
    MockApp,
)
from mock_server.auth import Credentials
from mock_server.faults import FaultSettings

__all__ = [
    "DEFAULT_ACCESS_KEY_ID",
    "DEFAULT_ACCESS_KEY_PASSWORD",
    "DEFAULT_TOKEN",
    "Credentials",
    "FaultSettings",
    "MockApp",
]
