"""Contains all the data models used in inputs/outputs"""

from .accepted_response import AcceptedResponse
from .create_instances_request import CreateInstancesRequest
from .create_instances_request_instance_charge_type import CreateInstancesRequestInstanceChargeType
from .create_instances_response import CreateInstancesResponse
from .create_instances_result import CreateInstancesResult
from .create_instances_result_instances_item import CreateInstancesResultInstancesItem
from .describe_images_request import DescribeImagesRequest
from .describe_images_response import DescribeImagesResponse
from .describe_images_result import DescribeImagesResult
from .describe_instances_request import DescribeInstancesRequest
from .describe_instances_response import DescribeInstancesResponse
from .describe_instances_result import DescribeInstancesResult
from .describe_instances_status_request import DescribeInstancesStatusRequest
from .describe_instances_status_response import DescribeInstancesStatusResponse
from .describe_instances_status_result import DescribeInstancesStatusResult
from .image import Image
from .image_category import ImageCategory
from .image_status import ImageStatus
from .image_type import ImageType
from .inquiry_price_create_instance_request import InquiryPriceCreateInstanceRequest
from .inquiry_price_create_instance_request_instance_charge_prepaid import (
    InquiryPriceCreateInstanceRequestInstanceChargePrepaid,
)
from .inquiry_price_create_instance_request_instance_charge_type import (
    InquiryPriceCreateInstanceRequestInstanceChargeType,
)
from .inquiry_price_create_instance_response import InquiryPriceCreateInstanceResponse
from .inquiry_price_create_instance_result import InquiryPriceCreateInstanceResult
from .instance_info import InstanceInfo
from .instance_info_system_disk import InstanceInfoSystemDisk
from .instance_status import InstanceStatus
from .instance_status_entry import InstanceStatusEntry
from .modify_instances_attribute_request import ModifyInstancesAttributeRequest
from .modify_instances_attribute_response import ModifyInstancesAttributeResponse
from .os_type import OsType
from .price_item import PriceItem
from .reboot_instances_request import RebootInstancesRequest
from .reboot_instances_response import RebootInstancesResponse
from .release_instances_request import ReleaseInstancesRequest
from .release_instances_response import ReleaseInstancesResponse
from .reset_instance_request import ResetInstanceRequest
from .reset_instance_response import ResetInstanceResponse
from .start_instances_request import StartInstancesRequest
from .start_instances_response import StartInstancesResponse
from .stop_instances_request import StopInstancesRequest
from .stop_instances_response import StopInstancesResponse
from .terminate_instance_request import TerminateInstanceRequest
from .terminate_instance_response import TerminateInstanceResponse

__all__ = (
    "AcceptedResponse",
    "CreateInstancesRequest",
    "CreateInstancesRequestInstanceChargeType",
    "CreateInstancesResponse",
    "CreateInstancesResult",
    "CreateInstancesResultInstancesItem",
    "DescribeImagesRequest",
    "DescribeImagesResponse",
    "DescribeImagesResult",
    "DescribeInstancesRequest",
    "DescribeInstancesResponse",
    "DescribeInstancesResult",
    "DescribeInstancesStatusRequest",
    "DescribeInstancesStatusResponse",
    "DescribeInstancesStatusResult",
    "Image",
    "ImageCategory",
    "ImageStatus",
    "ImageType",
    "InquiryPriceCreateInstanceRequest",
    "InquiryPriceCreateInstanceRequestInstanceChargePrepaid",
    "InquiryPriceCreateInstanceRequestInstanceChargeType",
    "InquiryPriceCreateInstanceResponse",
    "InquiryPriceCreateInstanceResult",
    "InstanceInfo",
    "InstanceInfoSystemDisk",
    "InstanceStatus",
    "InstanceStatusEntry",
    "ModifyInstancesAttributeRequest",
    "ModifyInstancesAttributeResponse",
    "OsType",
    "PriceItem",
    "RebootInstancesRequest",
    "RebootInstancesResponse",
    "ReleaseInstancesRequest",
    "ReleaseInstancesResponse",
    "ResetInstanceRequest",
    "ResetInstanceResponse",
    "StartInstancesRequest",
    "StartInstancesResponse",
    "StopInstancesRequest",
    "StopInstancesResponse",
    "TerminateInstanceRequest",
    "TerminateInstanceResponse",
)
