"""Reading the API's answers defensively: the JSON types of every success body, from the spec's
response schemas, checked before a model is built, so that `totalCount: "1"` or `instanceId: 5`
raises MalformedResponseError instead of reaching the caller. Only types are checked: a response
keeps every other rule open (new enum values, new fields).
Generated from the spec by `python -m generator`; do not edit.
"""

from typing import Any

# operationId -> {"t": JSON types, "p": {property: shape}, "i": shape of the items}
SHAPES: dict[str, dict[str, Any]] = {
    "ResetInstance": {
        "t": ("object",),
        "p": {"requestId": {"t": ("string",)}, "response": {"t": ("object",), "p": {"requestId": {"t": ("string",)}}}},
    },
    "StopInstances": {
        "t": ("object",),
        "p": {"requestId": {"t": ("string",)}, "response": {"t": ("object",), "p": {"requestId": {"t": ("string",)}}}},
    },
    "StartInstances": {
        "t": ("object",),
        "p": {"requestId": {"t": ("string",)}, "response": {"t": ("object",), "p": {"requestId": {"t": ("string",)}}}},
    },
    "RebootInstances": {
        "t": ("object",),
        "p": {"requestId": {"t": ("string",)}, "response": {"t": ("object",), "p": {"requestId": {"t": ("string",)}}}},
    },
    "CreateInstances": {
        "t": ("object",),
        "p": {
            "requestId": {"t": ("string",)},
            "response": {
                "t": ("object",),
                "p": {
                    "requestId": {"t": ("string",)},
                    "instanceIdSet": {"t": ("array",), "i": {"t": ("string",)}},
                    "orderNumber": {"t": ("string",)},
                    "instances": {
                        "t": ("array",),
                        "i": {
                            "t": ("object",),
                            "p": {
                                "instanceId": {"t": ("string",)},
                                "diskIdSet": {"t": ("array",), "i": {"t": ("string",)}},
                            },
                        },
                    },
                },
            },
        },
    },
    "ModifyInstancesAttribute": {
        "t": ("object",),
        "p": {"requestId": {"t": ("string",)}, "response": {"t": ("object",), "p": {"requestId": {"t": ("string",)}}}},
    },
    "TerminateInstance": {
        "t": ("object",),
        "p": {"requestId": {"t": ("string",)}, "response": {"t": ("object",), "p": {"requestId": {"t": ("string",)}}}},
    },
    "ReleaseInstances": {
        "t": ("object",),
        "p": {"requestId": {"t": ("string",)}, "response": {"t": ("object",), "p": {"requestId": {"t": ("string",)}}}},
    },
    "DescribeInstancesStatus": {
        "t": ("object",),
        "p": {
            "requestId": {"t": ("string",)},
            "response": {
                "t": ("object",),
                "p": {
                    "requestId": {"t": ("string",)},
                    "totalCount": {"t": ("integer",)},
                    "dataSet": {
                        "t": ("array",),
                        "i": {
                            "t": ("object",),
                            "p": {"instanceId": {"t": ("string",)}, "instanceStatus": {"t": ("string",)}},
                        },
                    },
                },
            },
        },
    },
    "DescribeInstances": {
        "t": ("object",),
        "p": {
            "requestId": {"t": ("string",)},
            "response": {
                "t": ("object",),
                "p": {
                    "requestId": {"t": ("string",)},
                    "totalCount": {"t": ("integer",)},
                    "dataSet": {
                        "t": ("array",),
                        "i": {
                            "t": ("object",),
                            "p": {
                                "instanceId": {"t": ("string",)},
                                "instanceName": {"t": ("null", "string")},
                                "zoneId": {"t": ("string",)},
                                "instanceType": {"t": ("string",)},
                                "cpuCount": {"t": ("integer",)},
                                "memory": {"t": ("integer",)},
                                "imageId": {"t": ("string",)},
                                "imageName": {"t": ("null", "string")},
                                "instanceStatus": {"t": ("string",)},
                                "instanceChargeType": {"t": ("string",)},
                                "createTime": {"t": ("string",)},
                                "systemDisk": {
                                    "t": ("object",),
                                    "p": {"diskId": {"t": ("string",)}, "diskSize": {"t": ("integer",)}},
                                },
                                "keyId": {"t": ("null", "string")},
                                "publicIpAddresses": {"t": ("array",), "i": {"t": ("string",)}},
                                "privateIpAddresses": {"t": ("array",), "i": {"t": ("string",)}},
                            },
                        },
                    },
                },
            },
        },
    },
    "InquiryPriceCreateInstance": {
        "t": ("object",),
        "p": {
            "requestId": {"t": ("string",)},
            "response": {
                "t": ("object",),
                "p": {
                    "requestId": {"t": ("string",)},
                    "instancePrice": {
                        "t": ("object",),
                        "p": {
                            "discount": {"t": ("number",)},
                            "originalPrice": {"t": ("null", "number")},
                            "discountPrice": {"t": ("null", "number")},
                            "unitPrice": {"t": ("null", "number")},
                            "discountUnitPrice": {"t": ("null", "number")},
                            "chargeUnit": {"t": ("null", "string")},
                        },
                    },
                    "bandwidthPrice": {
                        "t": ("null", "object"),
                        "p": {
                            "discount": {"t": ("number",)},
                            "originalPrice": {"t": ("null", "number")},
                            "discountPrice": {"t": ("null", "number")},
                            "unitPrice": {"t": ("null", "number")},
                            "discountUnitPrice": {"t": ("null", "number")},
                            "chargeUnit": {"t": ("null", "string")},
                        },
                    },
                    "eipPrice": {
                        "t": ("null", "object"),
                        "p": {
                            "discount": {"t": ("number",)},
                            "originalPrice": {"t": ("null", "number")},
                            "discountPrice": {"t": ("null", "number")},
                            "unitPrice": {"t": ("null", "number")},
                            "discountUnitPrice": {"t": ("null", "number")},
                            "chargeUnit": {"t": ("null", "string")},
                        },
                    },
                    "systemDiskPrice": {
                        "t": ("null", "object"),
                        "p": {
                            "discount": {"t": ("number",)},
                            "originalPrice": {"t": ("null", "number")},
                            "discountPrice": {"t": ("null", "number")},
                            "unitPrice": {"t": ("null", "number")},
                            "discountUnitPrice": {"t": ("null", "number")},
                            "chargeUnit": {"t": ("null", "string")},
                        },
                    },
                    "dataDiskPrice": {
                        "t": ("null", "object"),
                        "p": {
                            "discount": {"t": ("number",)},
                            "originalPrice": {"t": ("null", "number")},
                            "discountPrice": {"t": ("null", "number")},
                            "unitPrice": {"t": ("null", "number")},
                            "discountUnitPrice": {"t": ("null", "number")},
                            "chargeUnit": {"t": ("null", "string")},
                        },
                    },
                },
            },
        },
    },
    "DescribeImages": {
        "t": ("object",),
        "p": {
            "requestId": {"t": ("string",)},
            "response": {
                "t": ("object",),
                "p": {
                    "requestId": {"t": ("string",)},
                    "totalCount": {"t": ("integer",)},
                    "dataSet": {
                        "t": ("array",),
                        "i": {
                            "t": ("object",),
                            "p": {
                                "imageId": {"t": ("string",)},
                                "imageName": {"t": ("string",)},
                                "imageType": {"t": ("string",)},
                                "imageSize": {"t": ("string",)},
                                "imageDescription": {"t": ("null", "string")},
                                "imageVersion": {"t": ("string",)},
                                "imageStatus": {"t": ("string",)},
                                "category": {"t": ("string",)},
                                "osType": {"t": ("string",)},
                            },
                        },
                    },
                },
            },
        },
    },
}


def _has_type(value: object, json_type: str) -> bool:
    if json_type == "string":
        return isinstance(value, str)
    if json_type == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if json_type == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if json_type == "boolean":
        return isinstance(value, bool)
    if json_type == "array":
        return isinstance(value, list)
    if json_type == "object":
        return isinstance(value, dict)
    return json_type == "null" and value is None


def shape_problem(operation_id: str, body: object) -> str | None:
    """Where `body` first has a JSON type its operation's success schema does not allow, if anywhere."""
    stack: list[tuple[object, dict[str, Any], str]] = [(body, SHAPES[operation_id], "$")]
    while stack:
        value, shape, where = stack.pop()
        types = shape.get("t")
        if types and not any(_has_type(value, json_type) for json_type in types):
            shown = repr(value)
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            return f"{where} must be {' or '.join(types)}, got {shown}"
        if isinstance(value, dict):
            for name, inner in shape.get("p", {}).items():
                if name in value:
                    stack.append((value[name], inner, f"{where}.{name}"))
        elif isinstance(value, list) and "i" in shape:
            stack.extend((item, shape["i"], f"{where}[{index}]") for index, item in enumerate(value))
    return None
