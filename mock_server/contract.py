"""The mock's error answer. What the mock takes from the spec (its endpoint, actions, checks and
compiled behaviour) is the spec record's `serving` part (zenlayer_spec.serving), handed to the app
whole: a variant of the mock is a changed copy of it (contract_tests.mutants)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from zenlayer_spec.serving import Refusal, Serving

# The mock's own header on an error answer: which rule decided it (`check:<id>` for a business check,
# `guard:<name>` for a request guard). Diagnostics of ours, never the API's: the contract suite counts
# each rule it exercised by it, so that a rule no case reaches fails the run against the mock.
RULE_HEADER = "x-zc-mock-rule"


def check_rule(check_id: str) -> str:
    return f"check:{check_id}"


def guard_rule(name: str) -> str:
    return f"guard:{name}"


@attrs.frozen
class ApiError(Exception):
    """An error answer: the code decides the HTTP status (from the spec's catalogue)."""

    code: str
    message: str
    # Set when the request was not read to its end: the connection cannot carry another request.
    close_connection: bool = False
    rule: str = ""  # which rule decided it (RULE_HEADER)

    @classmethod
    def of(cls, refusal: Refusal) -> ApiError:
        return cls(refusal.code, refusal.message)


def extension_check(serving: Serving, action: str) -> Callable[[Mapping[str, Any]], ApiError | None]:
    """The check of an action's extension rules (the byte limit), answering as the mock does."""

    def check(body: Mapping[str, Any]) -> ApiError | None:
        refusal = serving.extension_refusal(action, body)
        return None if refusal is None else ApiError.of(refusal)

    return check
