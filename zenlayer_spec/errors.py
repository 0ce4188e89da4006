"""The error-code data of the spec: the catalogue of codes and the keyword-to-code mapping."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from zenlayer_spec.document import JSON, SpecError

CATALOGUE_KEY = "x-zc-error-codes"
KEYWORD_CODES_KEY = "x-zc-schema-error-codes"
# The key of `x-zc-schema-error-codes` that holds the code of every keyword it does not name.
DEFAULT_KEYWORD = "default"


@attrs.frozen
class ErrorCode:
    """One error code of the contract: the HTTP status it comes with and what it means."""

    code: str
    status: int
    description: str


def error_catalogue(document: Mapping[str, JSON]) -> dict[str, ErrorCode]:
    """Every error code the spec describes, by code, in the spec's order."""
    raw = document.get("components", {}).get(CATALOGUE_KEY)
    if not isinstance(raw, Mapping):
        raise SpecError(f"components.{CATALOGUE_KEY} is missing or not a mapping")
    catalogue: dict[str, ErrorCode] = {}
    for code, entry in raw.items():
        if not isinstance(entry, Mapping) or not isinstance(entry.get("status"), int):
            raise SpecError(f"components.{CATALOGUE_KEY}.{code} needs an integer `status`")
        catalogue[code] = ErrorCode(code=code, status=entry["status"], description=entry.get("description", ""))
    return catalogue


@attrs.frozen
class KeywordCodes:
    """Which error code a broken JSON Schema keyword is answered with (docs/contract.md section 4)."""

    by_keyword: Mapping[str, str]
    fallback: str

    def code_for(self, keyword: str) -> str:
        return self.by_keyword.get(keyword, self.fallback)


def keyword_codes(document: Mapping[str, JSON]) -> KeywordCodes:
    raw = document.get("components", {}).get(KEYWORD_CODES_KEY)
    if not isinstance(raw, Mapping) or DEFAULT_KEYWORD not in raw:
        raise SpecError(f"components.{KEYWORD_CODES_KEY} is missing or has no `{DEFAULT_KEYWORD}` entry")
    by_keyword = {keyword: code for keyword, code in raw.items() if keyword != DEFAULT_KEYWORD}
    return KeywordCodes(by_keyword=by_keyword, fallback=raw[DEFAULT_KEYWORD])


NOT_API_KEY = "x-zc-not-api-answers"


@attrs.frozen
class NotApiAnswer:
    """An answer of the network in front of the API (`x-zc-not-api-answers`): a status, maybe a header."""

    code: str
    status: int
    description: str
    header_name: str | None = None
    header_value: str | None = None

    def matches(self, status: int, headers: Mapping[str, str]) -> bool:
        """Whether an answer with `status` and `headers` (names in any case) is this one."""
        if status != self.status:
            return False
        if self.header_name is None:
            return True
        lowered = {name.lower(): value for name, value in headers.items()}
        return lowered.get(self.header_name.lower(), "").strip().lower() == str(self.header_value).lower()


def not_api_answers(document: Mapping[str, JSON]) -> tuple[NotApiAnswer, ...]:
    """The answers that do not come from the API, in the spec's order."""
    raw = document.get("components", {}).get(NOT_API_KEY, {})
    if not isinstance(raw, Mapping):
        raise SpecError(f"components.{NOT_API_KEY} must be a mapping")
    answers = []
    for code, entry in raw.items():
        if not isinstance(entry, Mapping) or not isinstance(entry.get("status"), int):
            raise SpecError(f"components.{NOT_API_KEY}.{code} needs an integer `status`")
        raw_header = entry.get("header")
        header: Mapping[str, JSON] = raw_header if isinstance(raw_header, Mapping) else {}
        answers.append(
            NotApiAnswer(
                code=str(code),
                status=entry["status"],
                description=str(entry.get("description", "")),
                header_name=str(header["name"]) if "name" in header else None,
                header_value=str(header["value"]) if "value" in header else None,
            )
        )
    return tuple(answers)
