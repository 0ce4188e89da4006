"""A typed, signed client for the Zenlayer VM API (ResetInstance and the calls around it), API version 2026-04-01.

Generated from spec/zenlayer-vm.openapi.yaml by `python -m generator`; do not edit.
"""

from .auth import AccessKeyAuth, BearerTokenAuth
from .client import AuthenticatedClient, Client
from .errors import (
    InvalidBaseUrlError,
    LocalCheckError,
    MalformedResponseError,
    MissingCredentialsError,
    NotApiAnswerError,
    OutcomeUnknownError,
    TlsSettingsError,
    WaiterError,
    WaiterFailedError,
    WaiterTimeoutError,
    ZenlayerApiError,
    ZenlayerConnectionError,
    ZenlayerError,
    ZenlayerTimeoutError,
)
from .operations import API_VERSION, DEFAULT_BASE_URL
from .retries import RetryPolicy

__all__ = (
    "API_VERSION",
    "DEFAULT_BASE_URL",
    "AccessKeyAuth",
    "AuthenticatedClient",
    "BearerTokenAuth",
    "Client",
    "LocalCheckError",
    "MalformedResponseError",
    "InvalidBaseUrlError",
    "MissingCredentialsError",
    "NotApiAnswerError",
    "OutcomeUnknownError",
    "RetryPolicy",
    "TlsSettingsError",
    "WaiterError",
    "WaiterFailedError",
    "WaiterTimeoutError",
    "ZenlayerApiError",
    "ZenlayerConnectionError",
    "ZenlayerError",
    "ZenlayerTimeoutError",
)
