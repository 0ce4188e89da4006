"""Contains all the data models used in inputs/outputs"""

from .accepted_response import AcceptedResponse
from .describe_images_bad_request_error import DescribeImagesBadRequestError
from .describe_images_bad_request_error_code import DescribeImagesBadRequestErrorCode
from .describe_images_request import DescribeImagesRequest
from .describe_images_response import DescribeImagesResponse
from .describe_images_response_response import DescribeImagesResponseResponse
from .describe_images_xzc_action import DescribeImagesXZCAction
from .describe_images_xzc_version import DescribeImagesXZCVersion
from .describe_instances_status_bad_request_error import DescribeInstancesStatusBadRequestError
from .describe_instances_status_bad_request_error_code import DescribeInstancesStatusBadRequestErrorCode
from .describe_instances_status_request import DescribeInstancesStatusRequest
from .describe_instances_status_response import DescribeInstancesStatusResponse
from .describe_instances_status_response_response import DescribeInstancesStatusResponseResponse
from .describe_instances_status_xzc_action import DescribeInstancesStatusXZCAction
from .describe_instances_status_xzc_version import DescribeInstancesStatusXZCVersion
from .error_body import ErrorBody
from .image import Image
from .image_category import ImageCategory
from .image_status import ImageStatus
from .image_type import ImageType
from .instance_not_found_error import InstanceNotFoundError
from .instance_not_found_error_code import InstanceNotFoundErrorCode
from .instance_status import InstanceStatus
from .instance_status_entry import InstanceStatusEntry
from .internal_server_error_error import InternalServerErrorError
from .internal_server_error_error_code import InternalServerErrorErrorCode
from .os_type import OsType
from .reset_instance_bad_request_error import ResetInstanceBadRequestError
from .reset_instance_bad_request_error_code import ResetInstanceBadRequestErrorCode
from .reset_instance_forbidden_error import ResetInstanceForbiddenError
from .reset_instance_forbidden_error_code import ResetInstanceForbiddenErrorCode
from .reset_instance_not_found_error import ResetInstanceNotFoundError
from .reset_instance_not_found_error_code import ResetInstanceNotFoundErrorCode
from .reset_instance_request import ResetInstanceRequest
from .reset_instance_response import ResetInstanceResponse
from .reset_instance_xzc_action import ResetInstanceXZCAction
from .reset_instance_xzc_version import ResetInstanceXZCVersion
from .service_unavailable_error import ServiceUnavailableError
from .service_unavailable_error_code import ServiceUnavailableErrorCode
from .stop_instances_bad_request_error import StopInstancesBadRequestError
from .stop_instances_bad_request_error_code import StopInstancesBadRequestErrorCode
from .stop_instances_forbidden_error import StopInstancesForbiddenError
from .stop_instances_forbidden_error_code import StopInstancesForbiddenErrorCode
from .stop_instances_request import StopInstancesRequest
from .stop_instances_response import StopInstancesResponse
from .stop_instances_xzc_action import StopInstancesXZCAction
from .stop_instances_xzc_version import StopInstancesXZCVersion
from .too_many_requests_error import TooManyRequestsError
from .too_many_requests_error_code import TooManyRequestsErrorCode
from .unauthorized_error import UnauthorizedError
from .unauthorized_error_code import UnauthorizedErrorCode
from .zone_not_found_error import ZoneNotFoundError
from .zone_not_found_error_code import ZoneNotFoundErrorCode

__all__ = (
    "AcceptedResponse",
    "DescribeImagesBadRequestError",
    "DescribeImagesBadRequestErrorCode",
    "DescribeImagesRequest",
    "DescribeImagesResponse",
    "DescribeImagesResponseResponse",
    "DescribeImagesXZCAction",
    "DescribeImagesXZCVersion",
    "DescribeInstancesStatusBadRequestError",
    "DescribeInstancesStatusBadRequestErrorCode",
    "DescribeInstancesStatusRequest",
    "DescribeInstancesStatusResponse",
    "DescribeInstancesStatusResponseResponse",
    "DescribeInstancesStatusXZCAction",
    "DescribeInstancesStatusXZCVersion",
    "ErrorBody",
    "Image",
    "ImageCategory",
    "ImageStatus",
    "ImageType",
    "InstanceNotFoundError",
    "InstanceNotFoundErrorCode",
    "InstanceStatus",
    "InstanceStatusEntry",
    "InternalServerErrorError",
    "InternalServerErrorErrorCode",
    "OsType",
    "ResetInstanceBadRequestError",
    "ResetInstanceBadRequestErrorCode",
    "ResetInstanceForbiddenError",
    "ResetInstanceForbiddenErrorCode",
    "ResetInstanceNotFoundError",
    "ResetInstanceNotFoundErrorCode",
    "ResetInstanceRequest",
    "ResetInstanceResponse",
    "ResetInstanceXZCAction",
    "ResetInstanceXZCVersion",
    "ServiceUnavailableError",
    "ServiceUnavailableErrorCode",
    "StopInstancesBadRequestError",
    "StopInstancesBadRequestErrorCode",
    "StopInstancesForbiddenError",
    "StopInstancesForbiddenErrorCode",
    "StopInstancesRequest",
    "StopInstancesResponse",
    "StopInstancesXZCAction",
    "StopInstancesXZCVersion",
    "TooManyRequestsError",
    "TooManyRequestsErrorCode",
    "UnauthorizedError",
    "UnauthorizedErrorCode",
    "ZoneNotFoundError",
    "ZoneNotFoundErrorCode",
)
