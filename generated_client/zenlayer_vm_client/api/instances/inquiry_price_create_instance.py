"""Price instances before creating them

`InquiryPriceCreateInstance`: POST {base_url}/vm with `X-ZC-Action: InquiryPriceCreateInstance`.
Generated from the spec by `python -m generator`; do not edit.
"""

from http import HTTPStatus
from typing import Any

import httpx

from ...answers import shape_problem
from ...client import Client
from ...errors import (
    MalformedResponseError,
    UnexpectedStatus,
    ZenlayerApiError,
    error_from_response,
    json_body,
    not_api_error,
)
from ...models.inquiry_price_create_instance_request import InquiryPriceCreateInstanceRequest
from ...models.inquiry_price_create_instance_response import InquiryPriceCreateInstanceResponse
from ...models.inquiry_price_create_instance_result import InquiryPriceCreateInstanceResult
from ...operations import ENDPOINT_PATH
from ...operations import INQUIRY_PRICE_CREATE_INSTANCE as OPERATION
from ...types import Response

DECLARED_ERROR_STATUSES = frozenset({400, 401, 403, 404, 429, 500, 503})


def _get_kwargs(*, body: InquiryPriceCreateInstanceRequest) -> dict[str, Any]:
    return {
        "method": "post",
        "url": ENDPOINT_PATH,
        "headers": OPERATION.headers(),
        "json": body.to_dict(),
    }


def _parse_response(
    *, client: Client, response: httpx.Response
) -> InquiryPriceCreateInstanceResponse | ZenlayerApiError:
    if response.status_code == HTTPStatus.OK:
        body = json_body(response, "success body")
        problem = shape_problem(OPERATION.operation_id, body)
        if problem is not None:
            raise MalformedResponseError(
                f"the success body does not parse as InquiryPriceCreateInstanceResponse ({problem})",
                status_code=response.status_code,
                body=response.content,
            )
        try:
            return InquiryPriceCreateInstanceResponse.from_dict(body)
        except (ValueError, KeyError, TypeError) as error:
            raise MalformedResponseError(
                f"the success body does not parse as InquiryPriceCreateInstanceResponse ({type(error).__name__}: {error})",
                status_code=response.status_code,
                body=response.content,
            ) from error
    if response.status_code not in DECLARED_ERROR_STATUSES and client.raise_on_unexpected_status:
        raise UnexpectedStatus(response.status_code, response.content)
    return error_from_response(response)


def _build_response(
    *, client: Client, response: httpx.Response
) -> Response[InquiryPriceCreateInstanceResponse | ZenlayerApiError]:
    if (not_api := not_api_error(response)) is not None:
        raise not_api  # the API never saw the request: nothing to parse
    try:
        status = HTTPStatus(response.status_code)
    except ValueError as error:  # not a status HTTP defines (e.g. 599): nothing the spec can describe
        raise UnexpectedStatus(response.status_code, response.content) from error
    if 300 <= response.status_code < 400:
        json_body(response, "answer")  # raises: a redirect is named as one
    return Response(
        status_code=status,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _unwrap(
    response: Response[InquiryPriceCreateInstanceResponse | ZenlayerApiError],
) -> InquiryPriceCreateInstanceResponse:
    parsed = response.parsed
    if isinstance(parsed, ZenlayerApiError):
        raise parsed
    if parsed is None:  # pragma: no cover - _parse_response never returns None
        raise UnexpectedStatus(response.status_code, response.content)
    return parsed


def sync_detailed(
    *, client: Client, body: InquiryPriceCreateInstanceRequest, deadline: float | None = None
) -> Response[InquiryPriceCreateInstanceResponse | ZenlayerApiError]:
    """Price instances before creating them

    Returns the whole answer: `parsed` is the InquiryPriceCreateInstanceResponse of a 200, or the ZenlayerApiError
    (not raised) of an error answer.

    Raises:
        LocalCheckError: the body breaks a rule of the spec (nothing was sent).
        ZenlayerTimeoutError, ZenlayerConnectionError: the request could not be completed (within
            `deadline` seconds, the client's deadline when None, retries included).
        OutcomeUnknownError: a state-changing request was sent but no answer came back: it may
            have taken effect (also a ZenlayerTimeoutError or ZenlayerConnectionError).
        MalformedResponseError: the answer is not the envelope the spec describes.
        NotApiAnswerError: the network in front of the API answered (a CDN challenge, a block).
    """
    response = client._send_operation(OPERATION, _get_kwargs(body=body), deadline=deadline)
    return _build_response(client=client, response=response)


def sync(
    *, client: Client, body: InquiryPriceCreateInstanceRequest, deadline: float | None = None
) -> InquiryPriceCreateInstanceResult:
    """Price instances before creating them

    Returns the result the envelope carries (its `response`); `sync_detailed` gives the whole answer.

    Prices `instanceCount` instances of `instanceType` in `zoneId` from `imageId`, as
    CreateInstances would make them. POSTPAID answers the price per hour (`unitPrice`); PREPAID the
    price of the whole period (`originalPrice`, `instanceChargePrepaid.period` months, default one).
    Every price
    is for all the instances; the other price items are null. Reads only.

    The checks after the schema, in order, with their codes: `x-zc-business-checks`.

    Raises:
        ZenlayerApiError: the API answered with an error; its subclass names the code.
        LocalCheckError: the body breaks a rule of the spec (nothing was sent).
        ZenlayerTimeoutError, ZenlayerConnectionError: the request could not be completed (within
            `deadline` seconds, the client's deadline when None, retries included).
        OutcomeUnknownError: a state-changing request was sent but no answer came back: it may
            have taken effect (also a ZenlayerTimeoutError or ZenlayerConnectionError).
        MalformedResponseError: the answer is not the envelope the spec describes.
        NotApiAnswerError: the network in front of the API answered (a CDN challenge, a block).
    """
    return _unwrap(sync_detailed(client=client, body=body, deadline=deadline)).response


async def asyncio_detailed(
    *, client: Client, body: InquiryPriceCreateInstanceRequest, deadline: float | None = None
) -> Response[InquiryPriceCreateInstanceResponse | ZenlayerApiError]:
    """The async twin of `sync_detailed`."""
    response = await client._send_operation_async(OPERATION, _get_kwargs(body=body), deadline=deadline)
    return _build_response(client=client, response=response)


async def asyncio(
    *, client: Client, body: InquiryPriceCreateInstanceRequest, deadline: float | None = None
) -> InquiryPriceCreateInstanceResult:
    """The async twin of `sync`."""
    return _unwrap(await asyncio_detailed(client=client, body=body, deadline=deadline)).response
