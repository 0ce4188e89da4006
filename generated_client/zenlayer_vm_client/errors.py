"""Everything the client raises, under one base class `ZenlayerError`.

An error answer of the API raises `ZenlayerApiError` or, for each code the spec declares, its own
subclass (one per code, named after it: `MissingParameterError` for MISSING_PARAMETER).
A code the spec does not declare raises `ZenlayerApiError` itself, with the code intact.
Generated from the spec's `x-zc-error-codes` by `python -m generator`; do not edit.
"""

import json
from typing import Any, ClassVar

import httpx

_BODY_EXCERPT_CHARS = 200
# A server's message is shown up to this many characters in str() and repr(); `message` keeps it whole.
_MESSAGE_EXCERPT_CHARS = 500


def _excerpt(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


class ZenlayerError(Exception):
    """The base class of every error this client raises."""


class ZenlayerApiError(ZenlayerError):
    """The API answered with an error: `code` is the contract, `message` is for humans."""

    declared_code: ClassVar[str | None] = None
    declared_status: ClassVar[int | None] = None

    def __init__(self, *, code: str, message: str, request_id: str | None, status_code: int) -> None:
        self.code = code
        self.message = message
        self.request_id = request_id
        self.status_code = status_code
        super().__init__(str(self))

    def __str__(self) -> str:
        request = f", requestId {self.request_id}" if self.request_id else ""
        return f"{self.code} (HTTP {self.status_code}{request}): {_excerpt(self.message, _MESSAGE_EXCERPT_CHARS)}"

    def __repr__(self) -> str:
        message = _excerpt(self.message, _MESSAGE_EXCERPT_CHARS)
        return (
            f"{type(self).__name__}(code={self.code!r}, message={message!r}, "
            f"request_id={self.request_id!r}, status_code={self.status_code!r})"
        )


class MissingParameterError(ZenlayerApiError):
    """MISSING_PARAMETER (HTTP 400): A required body field is missing, or the `X-ZC-Action` or `X-ZC-Version` header is."""

    declared_code = "MISSING_PARAMETER"
    declared_status = 400


class InvalidParameterTypeError(ZenlayerApiError):
    """INVALID_PARAMETER_TYPE (HTTP 400): A field has the wrong JSON type (`null` included), or the body is not a JSON object."""

    declared_code = "INVALID_PARAMETER_TYPE"
    declared_status = 400


class InvalidParameterExceedMaximumError(ZenlayerApiError):
    """INVALID_PARAMETER_EXCEED_MAXIMUM (HTTP 400): A number is above its maximum (e.g. `pageSize` over 1000)."""

    declared_code = "INVALID_PARAMETER_EXCEED_MAXIMUM"
    declared_status = 400


class InvalidParameterLessMinimumError(ZenlayerApiError):
    """INVALID_PARAMETER_LESS_MINIMUM (HTTP 400): A number is below its minimum (e.g. `pageNum` under 1)."""

    declared_code = "INVALID_PARAMETER_LESS_MINIMUM"
    declared_status = 400


class InvalidParameterExceedLengthError(ZenlayerApiError):
    """INVALID_PARAMETER_EXCEED_LENGTH (HTTP 400): A string or a list is too long (e.g. `instanceName` over 64 characters, over 100 ids), or the body
    is over 1 MiB."""

    declared_code = "INVALID_PARAMETER_EXCEED_LENGTH"
    declared_status = 400


class InvalidParameterLessLengthError(ZenlayerApiError):
    """INVALID_PARAMETER_LESS_LENGTH (HTTP 400): A string or a list is too short (e.g. an empty `instanceName`, no `instanceIds`)."""

    declared_code = "INVALID_PARAMETER_LESS_LENGTH"
    declared_status = 400


class InvalidParameterPatternError(ZenlayerApiError):
    """INVALID_PARAMETER_PATTERN_ERROR (HTTP 400): A string does not match its format (e.g. a NIC name that is not 4 to 15 lowercase letters and digits
    starting with a letter)."""

    declared_code = "INVALID_PARAMETER_PATTERN_ERROR"
    declared_status = 400


class InvalidParameterValueError(ZenlayerApiError):
    """INVALID_PARAMETER_VALUE (HTTP 400): A value is not allowed: a value outside its enumeration, `password` and `keyId` both given, an
    SSH key pair used with a Windows image, or an `X-ZC-Version` other than `2026-04-01`."""

    declared_code = "INVALID_PARAMETER_VALUE"
    declared_status = 400


class InvalidParameterValuePasswordMalformedError(ZenlayerApiError):
    """INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED (HTTP 400): Invalid password; it must be 8 to 16 characters with at least one lowercase letter, one uppercase
    letter, one digit and one of ``!@#$%^&*`~()-+=``, and nothing else."""

    declared_code = "INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED"
    declared_status = 400


class AuthFailureInvalidAuthorizationError(ZenlayerApiError):
    """AUTHFAILURE_INVALID_AUTHORIZATION (HTTP 401): The `Authorization` header is missing or malformed, the bearer token does not match, or the signing
    timestamp or method header is missing or wrong."""

    declared_code = "AUTHFAILURE_INVALID_AUTHORIZATION"
    declared_status = 401


class AuthFailureSignatureFailureError(ZenlayerApiError):
    """AUTHFAILURE_SIGNATURE_FAILURE (HTTP 401): The signature does not match (wrong access key password, or an unknown access key id)."""

    declared_code = "AUTHFAILURE_SIGNATURE_FAILURE"
    declared_status = 401


class AuthFailureSignatureExpiredError(ZenlayerApiError):
    """AUTHFAILURE_SIGNATURE_EXPIRED (HTTP 401): The `X-ZC-Timestamp` is more than 5 minutes from the server's clock."""

    declared_code = "AUTHFAILURE_SIGNATURE_EXPIRED"
    declared_status = 401


class AuthFailureUnauthorizedOperationError(ZenlayerApiError):
    """AUTHFAILURE_UNAUTHORIZED_OPERATION (HTTP 401): The credentials may not perform this action, or the `X-ZC-Action` does not exist."""

    declared_code = "AUTHFAILURE_UNAUTHORIZED_OPERATION"
    declared_status = 401


class OperationDeniedInstanceRecycledError(ZenlayerApiError):
    """OPERATION_DENIED_INSTANCE_RECYCLED (HTTP 403): The instance is in the recycle bin (`RECYCLE` or `RECYCLING`)."""

    declared_code = "OPERATION_DENIED_INSTANCE_RECYCLED"
    declared_status = 403


class OperationDeniedInstanceStatusNotSupportError(ZenlayerApiError):
    """OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT (HTTP 403): The instance is in a status the operation does not accept (TerminateInstance needs `RUNNING`,
    `STOPPED` or `CREATE_FAILED`)."""

    declared_code = "OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT"
    declared_status = 403


class OperationDeniedInstanceNotRecycledError(ZenlayerApiError):
    """OPERATION_DENIED_INSTANCE_NOT_RECYCLED (HTTP 403): The instance is not in the recycle bin (`RECYCLE`), so it cannot be released."""

    declared_code = "OPERATION_DENIED_INSTANCE_NOT_RECYCLED"
    declared_status = 403


class OperationDeniedInstanceNotStoppedError(ZenlayerApiError):
    """OPERATION_DENIED_INSTANCE_NOT_STOPPED (HTTP 403): The instance is not `STOPPED`; stop it and wait for `STOPPED` first."""

    declared_code = "OPERATION_DENIED_INSTANCE_NOT_STOPPED"
    declared_status = 403


class OperationDeniedInstanceNotRunningError(ZenlayerApiError):
    """OPERATION_DENIED_INSTANCE_NOT_RUNNING (HTTP 403): The instance is not `RUNNING`, so it cannot be stopped."""

    declared_code = "OPERATION_DENIED_INSTANCE_NOT_RUNNING"
    declared_status = 403


class InvalidRegionScriptNotSupportError(ZenlayerApiError):
    """INVALID_REGION_SCRIPT_NOT_SUPPORT (HTTP 403): The instance's zone does not support initialization scripts."""

    declared_code = "INVALID_REGION_SCRIPT_NOT_SUPPORT"
    declared_status = 403


class InvalidRegionScriptExceedLengthError(ZenlayerApiError):
    """INVALID_REGION_SCRIPT_EXCEED_LENGTH (HTTP 403): The initialization script is longer than 32 KiB (32,768 bytes of UTF-8)."""

    declared_code = "INVALID_REGION_SCRIPT_EXCEED_LENGTH"
    declared_status = 403


class InvalidInstanceNotFoundError(ZenlayerApiError):
    """INVALID_INSTANCE_NOT_FOUND (HTTP 404): The instance does not exist."""

    declared_code = "INVALID_INSTANCE_NOT_FOUND"
    declared_status = 404


class InvalidImageNotFoundError(ZenlayerApiError):
    """INVALID_IMAGE_NOT_FOUND (HTTP 404): The image does not exist, or is not offered in the instance's zone."""

    declared_code = "INVALID_IMAGE_NOT_FOUND"
    declared_status = 404


class InvalidImageSizeExceedError(ZenlayerApiError):
    """INVALID_IMAGE_SIZE_EXCEED (HTTP 404): The image is larger than the instance's system disk."""

    declared_code = "INVALID_IMAGE_SIZE_EXCEED"
    declared_status = 404


class OperationFailedResourceNotFoundError(ZenlayerApiError):
    """OPERATION_FAILED_RESOURCE_NOT_FOUND (HTTP 404): A referenced resource does not exist (for ResetInstance, the SSH key pair `keyId`)."""

    declared_code = "OPERATION_FAILED_RESOURCE_NOT_FOUND"
    declared_status = 404


class InvalidZoneNotFoundError(ZenlayerApiError):
    """INVALID_ZONE_NOT_FOUND (HTTP 404): The zone does not exist."""

    declared_code = "INVALID_ZONE_NOT_FOUND"
    declared_status = 404


class UnsupportedOperationZoneNotSupportError(ZenlayerApiError):
    """UNSUPPORTED_OPERATION_ZONE_NOT_SUPPORT (HTTP 403): The zone does not support what was asked (an instance type it does not sell)."""

    declared_code = "UNSUPPORTED_OPERATION_ZONE_NOT_SUPPORT"
    declared_status = 403


class LimitExceededInstanceQuotaError(ZenlayerApiError):
    """LIMIT_EXCEEDED_INSTANCE_QUOTA (HTTP 403): The zone's instances (all not yet gone) plus the ones asked for exceed the zone's instance quota."""

    declared_code = "LIMIT_EXCEEDED_INSTANCE_QUOTA"
    declared_status = 403


class RequestLimitExceededError(ZenlayerApiError):
    """REQUEST_LIMIT_EXCEEDED (HTTP 429): Too many requests; the quota is not published. Retry after a pause."""

    declared_code = "REQUEST_LIMIT_EXCEEDED"
    declared_status = 429


class InternalServerError(ZenlayerApiError):
    """INTERNAL_SERVER_ERROR (HTTP 500): The service failed. A state-changing request may or may not have taken effect; check before
    repeating it."""

    declared_code = "INTERNAL_SERVER_ERROR"
    declared_status = 500


class ServiceTemporaryUnavailableError(ZenlayerApiError):
    """SERVICE_TEMPORARY_UNAVAILABLE (HTTP 503): The service is temporarily unavailable; retry later."""

    declared_code = "SERVICE_TEMPORARY_UNAVAILABLE"
    declared_status = 503


class RequestTimedOutError(ZenlayerApiError):
    """REQUEST_TIMED_OUT (HTTP 503): The service timed out handling the request; retry later."""

    declared_code = "REQUEST_TIMED_OUT"
    declared_status = 503


ERROR_CLASSES: dict[str, type[ZenlayerApiError]] = {
    "MISSING_PARAMETER": MissingParameterError,
    "INVALID_PARAMETER_TYPE": InvalidParameterTypeError,
    "INVALID_PARAMETER_EXCEED_MAXIMUM": InvalidParameterExceedMaximumError,
    "INVALID_PARAMETER_LESS_MINIMUM": InvalidParameterLessMinimumError,
    "INVALID_PARAMETER_EXCEED_LENGTH": InvalidParameterExceedLengthError,
    "INVALID_PARAMETER_LESS_LENGTH": InvalidParameterLessLengthError,
    "INVALID_PARAMETER_PATTERN_ERROR": InvalidParameterPatternError,
    "INVALID_PARAMETER_VALUE": InvalidParameterValueError,
    "INVALID_PARAMETER_VALUE_PASSWORD_MALFORMED": InvalidParameterValuePasswordMalformedError,
    "AUTHFAILURE_INVALID_AUTHORIZATION": AuthFailureInvalidAuthorizationError,
    "AUTHFAILURE_SIGNATURE_FAILURE": AuthFailureSignatureFailureError,
    "AUTHFAILURE_SIGNATURE_EXPIRED": AuthFailureSignatureExpiredError,
    "AUTHFAILURE_UNAUTHORIZED_OPERATION": AuthFailureUnauthorizedOperationError,
    "OPERATION_DENIED_INSTANCE_RECYCLED": OperationDeniedInstanceRecycledError,
    "OPERATION_DENIED_INSTANCE_STATUS_NOT_SUPPORT": OperationDeniedInstanceStatusNotSupportError,
    "OPERATION_DENIED_INSTANCE_NOT_RECYCLED": OperationDeniedInstanceNotRecycledError,
    "OPERATION_DENIED_INSTANCE_NOT_STOPPED": OperationDeniedInstanceNotStoppedError,
    "OPERATION_DENIED_INSTANCE_NOT_RUNNING": OperationDeniedInstanceNotRunningError,
    "INVALID_REGION_SCRIPT_NOT_SUPPORT": InvalidRegionScriptNotSupportError,
    "INVALID_REGION_SCRIPT_EXCEED_LENGTH": InvalidRegionScriptExceedLengthError,
    "INVALID_INSTANCE_NOT_FOUND": InvalidInstanceNotFoundError,
    "INVALID_IMAGE_NOT_FOUND": InvalidImageNotFoundError,
    "INVALID_IMAGE_SIZE_EXCEED": InvalidImageSizeExceedError,
    "OPERATION_FAILED_RESOURCE_NOT_FOUND": OperationFailedResourceNotFoundError,
    "INVALID_ZONE_NOT_FOUND": InvalidZoneNotFoundError,
    "UNSUPPORTED_OPERATION_ZONE_NOT_SUPPORT": UnsupportedOperationZoneNotSupportError,
    "LIMIT_EXCEEDED_INSTANCE_QUOTA": LimitExceededInstanceQuotaError,
    "REQUEST_LIMIT_EXCEEDED": RequestLimitExceededError,
    "INTERNAL_SERVER_ERROR": InternalServerError,
    "SERVICE_TEMPORARY_UNAVAILABLE": ServiceTemporaryUnavailableError,
    "REQUEST_TIMED_OUT": RequestTimedOutError,
}


class NotApiAnswerError(ZenlayerError):
    """The network in front of the API answered instead of the API (a CDN challenge, a block): the
    request never reached the API, so it had no effect. Its subclass names which answer it was."""

    declared_code: ClassVar[str] = ""
    declared_status: ClassVar[int] = 0
    # The header (and its value) that tells this answer apart from an API answer with the same status.
    header_name: ClassVar[str | None] = None
    header_value: ClassVar[str | None] = None
    description: ClassVar[str] = ""

    def __init__(self, *, status_code: int, description: str) -> None:
        self.code = self.declared_code
        self.status_code = status_code
        super().__init__(f"{self.code} (HTTP {status_code}, not an API answer): {description}")


class SecurityChallengeError(NotApiAnswerError):
    """SECURITY_CHALLENGE (HTTP 403, `cf-mitigated: challenge`): The CDN in front of the API answered with a security challenge page (HTML) instead of passing the
    request on. Not an API error; retrying will not help until the challenge is cleared."""

    declared_code = "SECURITY_CHALLENGE"
    declared_status = 403
    header_name = "cf-mitigated"
    header_value = "challenge"
    description = "The CDN in front of the API answered with a security challenge page (HTML) instead of passing the request on. Not an API error; retrying will not help until the challenge is cleared."


class RequestBlockedError(NotApiAnswerError):
    """REQUEST_BLOCKED (HTTP 451): A security policy in front of the API blocked the request. Not an API error; contact the vendor's
    support."""

    declared_code = "REQUEST_BLOCKED"
    declared_status = 451
    header_name = None
    header_value = None
    description = (
        "A security policy in front of the API blocked the request. Not an API error; contact the vendor's support."
    )


NOT_API_CLASSES: tuple[type[NotApiAnswerError], ...] = (
    SecurityChallengeError,
    RequestBlockedError,
)


def not_api_error(response: httpx.Response) -> NotApiAnswerError | None:
    """The error for an answer from the network in front of the API, if `response` is one."""
    for error_class in NOT_API_CLASSES:
        if response.status_code != error_class.declared_status:
            continue
        name = error_class.header_name
        if name is None or response.headers.get(name, "").strip().lower() == str(error_class.header_value).lower():
            return error_class(status_code=response.status_code, description=error_class.description)
    return None


class MalformedResponseError(ZenlayerError):
    """The API answered with a body this client cannot read (not JSON, or not the envelope)."""

    def __init__(self, reason: str, *, status_code: int, body: bytes) -> None:
        self.reason = reason
        self.status_code = status_code
        excerpt = body[:_BODY_EXCERPT_CHARS].decode("utf-8", errors="replace")
        self.body_excerpt = excerpt
        super().__init__(f"HTTP {status_code}: {reason}; the body starts {excerpt!r}")


class ZenlayerTimeoutError(ZenlayerError, TimeoutError):
    """The request timed out. For an operation that changes state it may or may not have taken effect."""


class ZenlayerConnectionError(ZenlayerError, ConnectionError):
    """The connection failed (refused, reset or dropped)."""


class OutcomeUnknownError(ZenlayerError):
    """A request that changes state left the client, but no complete answer came back (a timeout, a
    dropped connection, the call's deadline): it may have taken effect. Never send it again blindly;
    `poll_action` (e.g. DescribeInstancesStatus) tells whether it did. Catch this one class; the two
    below also keep the timeout or connection error classes that older code catches."""

    def __init__(self, *, action: str, poll_action: str | None, cause: str) -> None:
        self.action = action
        self.poll_action = poll_action
        self.cause = cause
        check = (
            f"call {poll_action} to see whether it did" if poll_action else "check the resource to see whether it did"
        )
        super().__init__(
            f"{action} was sent but no complete answer came back ({cause}): it may have taken effect. "
            f"Do not send it again blindly; {check}."
        )


class OutcomeUnknownTimeoutError(OutcomeUnknownError, ZenlayerTimeoutError):
    """OutcomeUnknownError after a timeout or the call's deadline."""


class OutcomeUnknownConnectionError(OutcomeUnknownError, ZenlayerConnectionError):
    """OutcomeUnknownError after the connection broke."""


class LocalCheckError(ZenlayerError, ValueError):
    """A request breaks a rule of the spec; it was not sent. Never shows a secret's value."""

    def __init__(self, *, operation_id: str, field: str | None, rule: str, code: str, message: str) -> None:
        self.operation_id = operation_id
        self.field = field
        self.rule = rule
        self.code = code
        super().__init__(f"{operation_id}: {message} [{rule}; the API would answer {code}]")


class MissingCredentialsError(ZenlayerError):
    """No credentials were given, neither as arguments nor in the environment."""


class InvalidBaseUrlError(ZenlayerError, ValueError):
    """The base URL cannot be called: not http(s), no host, a port outside 1-65535, or the endpoint itself
    instead of its base. Raised when the client is made, before anything is sent."""


class TlsSettingsError(ZenlayerError, ValueError):
    """The CA bundle the TLS settings name (`verify_ssl`, SSL_CERT_FILE or SSL_CERT_DIR) cannot be read or
    holds no certificate: the message names it and why."""


class WaiterError(ZenlayerError):
    """Waiting for an instance to reach a status did not succeed."""


class WaiterTimeoutError(WaiterError, TimeoutError):
    def __init__(self, *, instance_id: str, target: str, last_status: str | None, waited_seconds: float) -> None:
        self.instance_id = instance_id
        self.target = target
        self.last_status = last_status
        self.waited_seconds = waited_seconds
        super().__init__(
            f"{instance_id} did not reach {target} within {waited_seconds:.1f} s; last status seen: {last_status}"
        )


class WaiterFailedError(WaiterError):
    def __init__(self, *, instance_id: str, target: str, status: str | None) -> None:
        self.instance_id = instance_id
        self.target = target
        self.status = status
        seen = f"is {status}" if status is not None else "is gone"
        super().__init__(f"{instance_id} {seen} while waiting for {target}")


class UnexpectedStatus(ZenlayerError):
    """An HTTP status the spec does not declare (kept for openapi-python-client compatibility)."""

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        # The start of the body only: an answer can be large, and an error lives on in logs.
        self.content = content[:_BODY_EXCERPT_CHARS]
        super().__init__(f"Unexpected status code: {status_code}")


def json_body(response: httpx.Response, what: str) -> Any:
    """The answer's body as JSON; MalformedResponseError (never a bare ValueError or RecursionError)
    for a body that is not JSON or nests too deep to parse."""
    if 300 <= response.status_code < 400:
        location = response.headers.get("Location", "(no Location)")
        raise MalformedResponseError(
            f"a redirect to {location[:_BODY_EXCERPT_CHARS]!r}, which this client does not follow: "
            "check base_url (the API never redirects)",
            status_code=response.status_code,
            body=response.content,
        )
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError) as error:
        reason = "nests too deep to parse" if isinstance(error, RecursionError) else "is not JSON"
        raise MalformedResponseError(
            f"the {what} does not parse: it {reason}", status_code=response.status_code, body=response.content
        ) from error


def error_from_response(response: httpx.Response) -> ZenlayerApiError:
    """The error an error answer carries; raises MalformedResponseError if the body is not an envelope."""
    body: Any = json_body(response, "error body")
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        raise MalformedResponseError(
            "the error body has no string `code`", status_code=response.status_code, body=response.content
        )
    message = body.get("message")
    request_id = body.get("requestId")
    error_class = ERROR_CLASSES.get(body["code"], ZenlayerApiError)
    return error_class(
        code=body["code"],
        message=message if isinstance(message, str) else "",
        request_id=request_id if isinstance(request_id, str) else None,
        status_code=response.status_code,
    )


__all__ = [
    "ERROR_CLASSES",
    "LocalCheckError",
    "MalformedResponseError",
    "MissingCredentialsError",
    "NOT_API_CLASSES",
    "NotApiAnswerError",
    "OutcomeUnknownConnectionError",
    "OutcomeUnknownError",
    "OutcomeUnknownTimeoutError",
    "TlsSettingsError",
    "UnexpectedStatus",
    "WaiterError",
    "WaiterFailedError",
    "WaiterTimeoutError",
    "ZenlayerApiError",
    "ZenlayerConnectionError",
    "ZenlayerError",
    "ZenlayerTimeoutError",
    "error_from_response",
    "json_body",
    "not_api_error",
    "MissingParameterError",
    "InvalidParameterTypeError",
    "InvalidParameterExceedMaximumError",
    "InvalidParameterLessMinimumError",
    "InvalidParameterExceedLengthError",
    "InvalidParameterLessLengthError",
    "InvalidParameterPatternError",
    "InvalidParameterValueError",
    "InvalidParameterValuePasswordMalformedError",
    "AuthFailureInvalidAuthorizationError",
    "AuthFailureSignatureFailureError",
    "AuthFailureSignatureExpiredError",
    "AuthFailureUnauthorizedOperationError",
    "OperationDeniedInstanceRecycledError",
    "OperationDeniedInstanceStatusNotSupportError",
    "OperationDeniedInstanceNotRecycledError",
    "OperationDeniedInstanceNotStoppedError",
    "OperationDeniedInstanceNotRunningError",
    "InvalidRegionScriptNotSupportError",
    "InvalidRegionScriptExceedLengthError",
    "InvalidInstanceNotFoundError",
    "InvalidImageNotFoundError",
    "InvalidImageSizeExceedError",
    "OperationFailedResourceNotFoundError",
    "InvalidZoneNotFoundError",
    "UnsupportedOperationZoneNotSupportError",
    "LimitExceededInstanceQuotaError",
    "RequestLimitExceededError",
    "InternalServerError",
    "ServiceTemporaryUnavailableError",
    "RequestTimedOutError",
    "SecurityChallengeError",
    "RequestBlockedError",
]
