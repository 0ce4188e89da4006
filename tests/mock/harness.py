"""The mock's tests call it through the contract suite's Caller and launcher (one of each)."""

from __future__ import annotations

from contract_tests.raw_calls import Caller
from mock_server.process import ROOT, MockProcess

__all__ = ["ROOT", "Caller", "MockProcess"]
