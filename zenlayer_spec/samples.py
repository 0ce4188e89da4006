"""Code samples for every operation, from the spec's own first request example: curl (signed by the
mock's helper), the generated client, the `zenlayer-vm` command and the vendor's SDK. The reference
docs show them (`x-codeSamples`); tests/snippets runs each against the mock.

Samples address a local mock at SAMPLE_ADDRESS with its default credentials, as the README does.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import attrs

from zenlayer_spec.document import JSON
from zenlayer_spec.spec import Spec

SAMPLE_ADDRESS = "127.0.0.1:8080"
_WORDS = re.compile(r"(?<!^)(?=[A-Z])")


@attrs.frozen
class Sample:
    lang: str  # as Redoc's x-codeSamples want it
    label: str
    source: str


def _snake(name: str) -> str:
    # The names openapi-python-client gives modules and commands (operationIds and tags here are CamelCase).
    return _WORDS.sub("_", name).lower()


def _literal(value: JSON) -> str:
    return json.dumps(value, ensure_ascii=False)


def _curl(spec: Spec, action: str, example: JSON) -> str:
    endpoint = f"http://{SAMPLE_ADDRESS}{base_path(spec)}{spec.endpoint_path}"
    body = json.dumps(example, separators=(",", ":"), ensure_ascii=False)
    return f"eval \"$(python -m mock_server.curl {action} '{body}' --endpoint {endpoint})\""


def base_path(spec: Spec) -> str:
    """The path of the live server's URL (e.g. /api/v2): what every operation's path is added to."""
    return urlsplit(spec.server_urls[0]).path.rstrip("/") if spec.server_urls else ""


def _client(spec: Spec, operation_id: str, example: JSON) -> str:
    operation = spec.operations[operation_id]
    tag = _snake(operation.tags[0]) if operation.tags else "default"
    module = _snake(operation_id)
    model = operation.request_schema_pointer.rsplit("/", 1)[-1]
    return "\n".join(
        [
            "from zenlayer_vm_client import Client",
            f"from zenlayer_vm_client.api.{tag} import {module}",
            f"from zenlayer_vm_client.models import {model}",
            "",
            "# ZENLAYER_ACCESS_KEY_ID and ZENLAYER_ACCESS_KEY_PASSWORD (or ZENLAYER_TOKEN), ZENLAYER_BASE_URL",
            "with Client.from_env() as client:",
            f"    answer = {module}.sync(client=client, body={model}.from_dict({_literal(example)}))",
            "    print(answer.to_dict())",
        ]
    )


def _cli(spec: Spec, operation_id: str, example: JSON) -> str:
    fields = {field.name: field for field in spec.request_fields[operation_id]}
    words = ["zenlayer-vm", _snake(operation_id).replace("_", "-")]
    stdin = None
    for name, value in (example or {}).items():
        option = "--" + _snake(name).replace("_", "-")
        field = fields[name]
        if field.secret:
            stdin, option = value, f"{option}-stdin"
            words.append(option)
        elif isinstance(value, bool):
            words.append(option if value else f"--no-{option[2:]}")
        elif isinstance(value, list):
            words += [part for item in value for part in (option, str(item))]
        else:
            words += [option, _shell(str(value))]
    command = " ".join(words)
    return f"echo {_shell(str(stdin))} | {command}" if stdin is not None else command


def _shell(text: str) -> str:
    return text if re.fullmatch(r"[A-Za-z0-9_.:/@=+-]+", text) else "'" + text.replace("'", "'\\''") + "'"


def _vendor_sdk(spec: Spec, operation_id: str, example: JSON) -> str:
    operation = spec.operations[operation_id]
    package = "v" + operation.api_version.replace("-", "")
    lines = [
        "import os",
        "",
        "from zenlayercloud.common.config import Config",
        "from zenlayercloud.common.credential import Credential",
        f"from zenlayercloud.vm.{package} import models",
        f"from zenlayercloud.vm.{package}.vm_client import VmClient",
        "",
        'credential = Credential(os.environ["ZENLAYER_ACCESS_KEY_ID"], os.environ["ZENLAYER_ACCESS_KEY_PASSWORD"])',
        f'client = VmClient(credential, Config(scheme="http", domain="{SAMPLE_ADDRESS}"))  # Config() for the live API',
        f"request = models.{operation.action}Request()",
    ]
    lines += [f"request.{name} = {_literal(value)}" for name, value in (example or {}).items()]
    lines.append(f"print(client.{operation.action}(request))")
    return "\n".join(lines)


def samples(spec: Spec, operation_id: str) -> tuple[Sample, ...]:
    examples = spec.request_examples[operation_id]
    example = examples[0] if examples else {}
    action = spec.operations[operation_id].action
    return (
        Sample("Shell", "curl (signed by the mock's helper)", _curl(spec, action, example)),
        Sample("Python", "zenlayer-vm-client", _client(spec, operation_id, example)),
        Sample("Shell", "zenlayer-vm", _cli(spec, operation_id, example)),
        Sample("Python", "vendor SDK", _vendor_sdk(spec, operation_id, example)),
    )
