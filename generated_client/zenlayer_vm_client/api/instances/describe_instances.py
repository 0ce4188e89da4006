"""List instances with their configuration

`DescribeInstances`: POST {base_url}/vm with `X-ZC-Action: DescribeInstances`.
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
from ...models.describe_instances_request import DescribeInstancesRequest
from ...models.describe_instances_response import DescribeInstancesResponse
from ...models.describe_instances_result import DescribeInstancesResult
from ...operations import DESCRIBE_INSTANCES as OPERATION
from ...operations import ENDPOINT_PATH
from ...types import Response

DECLARED_ERROR_STATUSES = frozenset({400, 401, 429, 500, 503})


def _get_kwargs(*, body: DescribeInstancesRequest) -> dict[str, Any]:
    return {
        "method": "post",
        "url": ENDPOINT_PATH,
        "headers": OPERATION.headers(),
        "json": body.to_dict(),
    }


def _parse_response(*, client: Client, response: httpx.Response) -> DescribeInstancesResponse | ZenlayerApiError:
    if response.status_code == HTTPStatus.OK:
        body = json_body(response, "success body")
        problem = shape_problem(OPERATION.operation_id, body)
        if problem is not None:
            raise MalformedResponseError(
                f"the success body does not parse as DescribeInstancesResponse ({problem})",
                status_code=response.status_code,
                body=response.content,
            )
        try:
            return DescribeInstancesResponse.from_dict(body)
        except (ValueError, KeyError, TypeError) as error:
            raise MalformedResponseError(
                f"the success body does not parse as DescribeInstancesResponse ({type(error).__name__}: {error})",
                status_code=response.status_code,
                body=response.content,
            ) from error
    if response.status_code not in DECLARED_ERROR_STATUSES and client.raise_on_unexpected_status:
        raise UnexpectedStatus(response.status_code, response.content)
    return error_from_response(response)


def _build_response(
    *, client: Client, response: httpx.Response
) -> Response[DescribeInstancesResponse | ZenlayerApiError]:
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


def _unwrap(response: Response[DescribeInstancesResponse | ZenlayerApiError]) -> DescribeInstancesResponse:
    parsed = response.parsed
    if isinstance(parsed, ZenlayerApiError):
        raise parsed
    if parsed is None:  # pragma: no cover - _parse_response never returns None
        raise UnexpectedStatus(response.status_code, response.content)
    return parsed


def sync_detailed(
    *, client: Client, body: DescribeInstancesRequest, deadline: float | None = None
) -> Response[DescribeInstancesResponse | ZenlayerApiError]:
    """List instances with their configuration

    Returns the whole answer: `parsed` is the DescribeInstancesResponse of a 200, or the ZenlayerApiError
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


def sync(*, client: Client, body: DescribeInstancesRequest, deadline: float | None = None) -> DescribeInstancesResult:
    """List instances with their configuration

    Returns the result the envelope carries (its `response`); `sync_detailed` gives the whole answer.

    Returns the instances that match every filter given (all instances without filters), sorted by
    instanceId and paged. Unknown ids and filter values simply match nothing. `instanceName` is an
    exact match, or with one trailing `*` a prefix match (`*` alone matches all). Released
    instances are absent; those in the recycle bin are listed.

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
    *, client: Client, body: DescribeInstancesRequest, deadline: float | None = None
) -> Response[DescribeInstancesResponse | ZenlayerApiError]:
    """The async twin of `sync_detailed`."""
    response = await client._send_operation_async(OPERATION, _get_kwargs(body=body), deadline=deadline)
    return _build_response(client=client, response=response)


async def asyncio(
    *, client: Client, body: DescribeInstancesRequest, deadline: float | None = None
) -> DescribeInstancesResult:
    """The async twin of `sync`."""
    return _unwrap(await asyncio_detailed(client=client, body=body, deadline=deadline)).response
