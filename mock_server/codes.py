"""The error codes the mock's authentication answers, named once (mock_server.auth uses them).

`tests/mock/test_codes.py` proves each is declared by the spec for every operation, at the status the
spec gives it, and that no other module of the mock spells a code. Everything else is read from the
spec: the business rules' codes from `x-zc-business-checks`, schema codes by keyword, header and guard
codes from their data, and the codes of injected rate limits and server faults by HTTP status (see
`zenlayer_spec.serving`).
"""

from __future__ import annotations

from typing import Final

# Authentication (docs/contract.md §2): every operation can answer these.
INVALID_AUTHORIZATION: Final = "AUTHFAILURE_INVALID_AUTHORIZATION"
SIGNATURE_FAILURE: Final = "AUTHFAILURE_SIGNATURE_FAILURE"
SIGNATURE_EXPIRED: Final = "AUTHFAILURE_SIGNATURE_EXPIRED"

AUTHENTICATION: Final = (INVALID_AUTHORIZATION, SIGNATURE_FAILURE, SIGNATURE_EXPIRED)
