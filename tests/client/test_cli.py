"""`zenlayer-vm`, the console script installed with the client, end to end against the mock: one
command per operation of the spec, JSON or a table, secrets from stdin and never echoed, --wait with
progress (plain lines when not a terminal, a live display on one), --dry-run sends nothing, and exit
codes that tell an API error, a local check, a timeout and a failed connection apart. The mock is a real
process; the command runs in this process off a terminal (`zenlayer_vm`), and as the installed script
where a terminal, the entry point or the environment alone is what is tested."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mock_server import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_PASSWORD
from mock_server.process import MockProcess
from tests.as_a_process import run_in_process
from tests.signing_reference import expected_signature
from zenlayer_spec import load_spec
from zenlayer_vm_client import cli as cli_module
from zenlayer_vm_client.hosts import is_loopback_host

ZENLAYER_VM = str(Path(sys.executable).parent / "zenlayer-vm")
SPEC = load_spec()
PASSWORD = "Example+123"


@pytest.fixture
def mock(reset_mock: MockProcess) -> MockProcess:
    return reset_mock


def environment(base_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ZENLAYER_")}
    env.update(
        ZENLAYER_BASE_URL=base_url,
        ZENLAYER_ACCESS_KEY_ID=DEFAULT_ACCESS_KEY_ID,
        ZENLAYER_ACCESS_KEY_PASSWORD=DEFAULT_ACCESS_KEY_PASSWORD,
    )
    return env


def zenlayer_vm(
    base_url: str, *arguments: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`zenlayer-vm ARGUMENTS` with `stdin` off a terminal, run in this process: the console script's own
    `main`, with argv, streams and environment its own for the call, as a process would have them (a
    process costs 0.3 s of CPU, most of it imports). The tests of a terminal, of the installed script
    and of what the environment alone decides run it as a process."""
    return run_in_process(
        [ZENLAYER_VM, *arguments], cli_module.main, stdin=stdin, env=env if env is not None else environment(base_url)
    )


def status(mock: MockProcess, instance_id: str) -> str:
    answer = zenlayer_vm(mock.base_url, "describe-instances-status", "--instance-ids", instance_id)
    return str(json.loads(answer.stdout)["dataSet"][0]["instanceStatus"])


def test_one_command_per_operation_of_the_spec(mock: MockProcess) -> None:
    listed = zenlayer_vm(mock.base_url, "--help").stdout
    for operation in SPEC.operations.values():
        command = "".join(f"-{c.lower()}" if c.isupper() else c for c in operation.operation_id).lstrip("-")
        assert command in listed
        assert operation.summary[:30] in " ".join(listed.split())
    images = zenlayer_vm(mock.base_url, "describe-images", "--help").stdout
    assert "[windows|linux]" in images  # the spec's enum as choices
    assert "--wait" in zenlayer_vm(mock.base_url, "reset-instance", "--help").stdout
    assert "--wait" not in images  # only operations with a waiter


def test_json_by_default_and_a_table_on_request(mock: MockProcess) -> None:
    answer = zenlayer_vm(mock.base_url, "describe-images", "--zone-id", "FRA-A")
    assert answer.returncode == 0, answer.stderr
    assert {image["imageId"] for image in json.loads(answer.stdout)["dataSet"]} >= {"img-ubuntu-2204"}
    table = zenlayer_vm(mock.base_url, "describe-instances-status", "--output", "table")
    assert table.returncode == 0, table.stderr
    assert "ins-stopped-fra" in table.stdout
    assert "STOPPED" in table.stdout
    assert not table.stdout.lstrip().startswith("{")


def test_a_reset_with_the_password_from_stdin_and_wait(mock: MockProcess) -> None:
    answer = zenlayer_vm(
        mock.base_url,
        "reset-instance",
        "--instance-id",
        "ins-stopped-fra",
        "--password-stdin",
        "--wait",
        stdin=PASSWORD + "\n",
    )
    assert answer.returncode == 0, answer.stderr
    assert json.loads(answer.stdout)["requestId"]
    progress = answer.stderr.splitlines()
    assert progress[-1] == "ins-stopped-fra RUNNING"
    assert any(line.startswith("ins-stopped-fra ") and "(of 600s)" in line for line in progress)
    assert PASSWORD not in answer.stdout + answer.stderr
    assert status(mock, "ins-stopped-fra") == "RUNNING"


def drain(controller: int) -> bytes:
    """What a pseudo-terminal holds, read until it has been quiet for half a second or is closed."""
    shown = b""
    while select.select([controller], [], [], 0.5)[0]:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    return shown


def test_progress_is_a_live_display_on_a_terminal(mock: MockProcess) -> None:
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [ZENLAYER_VM, "reset-instance", "--instance-id", "ins-stopped-fra", "--password-stdin", "--wait"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=terminal,
        env={**environment(mock.base_url), "TERM": "xterm", "COLUMNS": "100"},
        text=True,
    )
    os.close(terminal)
    _, _ = process.communicate(PASSWORD + "\n", timeout=120)
    shown = drain(controller)
    os.close(controller)
    assert process.returncode == 0
    text = shown.decode("utf-8", "replace")
    assert "\x1b[" in text  # cursor control: a live display, not plain lines
    assert "ins-stopped-fra RUNNING" in text
    assert PASSWORD not in text


def test_dry_run_prints_the_signed_request_and_sends_nothing(mock: MockProcess) -> None:
    answer = zenlayer_vm(
        mock.base_url,
        "reset-instance",
        "--instance-id",
        "ins-stopped-fra",
        "--password-stdin",
        "--dry-run",
        stdin=PASSWORD + "\n",
    )
    assert answer.returncode == 0, answer.stderr
    printed = json.loads(answer.stdout)
    assert printed["method"] == "POST"
    assert printed["url"] == f"{mock.base_url}{SPEC.endpoint_path}"
    assert printed["headers"]["x-zc-action"] == "ResetInstance"
    assert printed["body"] == {"instanceId": "ins-stopped-fra", "password": "<redacted>"}
    # What it would sign, but not the signature: a printed one would pass the service's check for as long
    # as its clock window (a dry run is not a way to send without confirming).
    body = json.dumps({"instanceId": "ins-stopped-fra", "password": PASSWORD}, separators=(",", ":")).encode()
    signature = expected_signature(
        DEFAULT_ACCESS_KEY_PASSWORD,
        printed["headers"]["x-zc-timestamp"],
        printed["headers"]["content-type"],
        printed["headers"]["host"],
        body,
    )
    assert printed["headers"]["authorization"].startswith("ZC2-HMAC-SHA256 Credential=zl-mock-key-id, SignedHeaders=")
    assert printed["headers"]["authorization"].endswith("Signature=<redacted>")
    assert signature not in answer.stdout
    assert not re.search(r"[0-9a-f]{64}", answer.stdout)
    assert PASSWORD not in answer.stdout + answer.stderr
    assert status(mock, "ins-stopped-fra") == "STOPPED"  # nothing was sent


@pytest.mark.parametrize(
    ("arguments", "stdin", "code", "message"),
    [
        (["reset-instance", "--instance-id", "ins-nope"], "", 1, "INVALID_INSTANCE_NOT_FOUND"),
        (["reset-instance", "--instance-id", "ins-stopped-fra", "--password-stdin"], "short\n", 3, "not sent"),
        (["--deadline", "0.000001", "describe-instances-status"], "", 4, "deadline"),
        (["describe-images"], "", 2, "Missing option '--zone-id'"),
    ],
)
def test_exit_codes_tell_failures_apart(
    mock: MockProcess, arguments: list[str], stdin: str, code: int, message: str
) -> None:
    answer = zenlayer_vm(mock.base_url, *arguments, stdin=stdin)
    assert answer.returncode == code, answer.stderr
    assert message in answer.stderr
    assert "Traceback" not in answer.stderr


def test_a_retry_is_said_not_silent() -> None:
    """A refused connection is retried (1, 2, 4 s); the terminal says so instead of looking hung. With a
    1.5 s deadline the first retry fits and the second does not."""
    answer = zenlayer_vm("http://127.0.0.1:9/api/v2", "--deadline", "1.5", "describe-instances-status")
    assert answer.returncode == 5, answer.stderr
    assert "note: DescribeInstancesStatus: ConnectError, retrying in 1.0 s (retry 1 of 3)" in answer.stderr
    assert "retry 2 of 3" not in answer.stderr


def test_a_connection_failure_has_its_own_exit_code() -> None:
    # A short deadline: the retries' waits (1, 2, 4 s, tested with a fake clock elsewhere) would not fit.
    answer = zenlayer_vm("http://127.0.0.1:9/api/v2", "--deadline", "0.5", "describe-instances-status")
    assert answer.returncode == 5, answer.stderr
    assert "connection to 127.0.0.1:9 failed" in answer.stderr  # it names the host
    assert "Traceback" not in answer.stderr


def test_off_a_terminal_a_state_change_to_a_remote_host_needs_yes() -> None:
    remote = "https://api.example.test/api/v2"  # nothing listens there: --yes shows by trying to connect
    refused = zenlayer_vm(remote, "reset-instance", "--instance-id", "ins-stopped-fra")
    assert refused.returncode == 2, refused.stderr
    assert (
        "not sent: ResetInstance changes state on api.example.test (instanceId=ins-stopped-fra); "
        "off a terminal, pass --yes to send it"
    ) in refused.stderr
    sent = zenlayer_vm(remote, "--deadline", "0.5", "reset-instance", "--instance-id", "ins-stopped-fra", "--yes")
    assert sent.returncode == 5, sent.stderr  # it went for the host
    assert "connection to api.example.test failed" in sent.stderr
    reads = zenlayer_vm(remote, "--deadline", "0.5", "describe-instances-status")
    assert "not sent" not in reads.stderr  # a read is never held back


def test_off_a_terminal_a_loopback_mock_needs_no_yes(mock: MockProcess) -> None:
    answer = zenlayer_vm(mock.base_url, "stop-instances", "--instance-ids", "ins-running-fra")
    assert answer.returncode == 0, answer.stderr
    assert status(mock, "ins-running-fra") in {"STOPPING", "STOPPED"}


@pytest.mark.parametrize("host", ["127.0.0.1.nip.io", "localhost.example.test", "127.0.0.1.example.test"])
def test_a_name_that_only_looks_like_loopback_needs_yes(host: str) -> None:
    """Loopback is an address (or `localhost`), not a string prefix: these are public names."""
    refused = zenlayer_vm(f"http://{host}:9/api/v2", "stop-instances", "--instance-ids", "ins-running-fra")
    assert refused.returncode == 2, refused.stderr
    assert f"not sent: StopInstances changes state on {host}" in refused.stderr


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.5.5.5", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("127.0.0.1.nip.io", False),
        ("10.0.0.1", False),
        ("console.zenlayer.com", False),
        ("", False),
    ],
)
def test_loopback_is_read_as_an_address(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def _on_a_terminal(mock: MockProcess, reply: str) -> tuple[int, str]:
    """Run a state change with stdin and stderr on a terminal; answer its question with `reply`."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [ZENLAYER_VM, "stop-instances", "--instance-ids", "ins-running-fra"],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=terminal,
        env={**environment(mock.base_url), "TERM": "xterm"},
        text=True,
    )
    os.close(terminal)
    shown = b""
    deadline = time.monotonic() + 60
    while b"Send it?" not in shown and time.monotonic() < deadline:
        if select.select([controller], [], [], 0.5)[0]:
            shown += os.read(controller, 65536)
    os.write(controller, reply.encode() + b"\n")
    process.wait(timeout=60)
    shown += drain(controller)
    os.close(controller)
    return process.returncode, shown.decode("utf-8", "replace")


def test_on_a_terminal_a_state_change_is_confirmed_naming_host_and_resources(mock: MockProcess) -> None:
    code, shown = _on_a_terminal(mock, "n")
    assert "StopInstances changes state on 127.0.0.1 (instanceIds=['ins-running-fra']). Send it?" in shown
    assert code == 2
    assert status(mock, "ins-running-fra") == "RUNNING"  # declined: nothing sent
    code, _ = _on_a_terminal(mock, "y")
    assert code == 0
    assert status(mock, "ins-running-fra") in {"STOPPING", "STOPPED"}


def _waited_operations() -> list[str]:
    return [op_id for op_id, op in load_spec().operations.items() if op.waiter is not None]


@pytest.mark.parametrize("operation_id", _waited_operations())
def test_every_operation_with_a_waiter_runs_and_waits_from_the_terminal(mock: MockProcess, operation_id: str) -> None:
    """Each state-changing operation of the spec, from its first request example (secrets from stdin),
    then `--wait` until its waiter's target: a new operation works here with no code."""
    spec = load_spec()
    operation = spec.operations[operation_id]
    body = spec.request_examples[operation_id][0]
    secrets = {name for _, name in spec.secret_fields}
    arguments = [operation_id_to_command(operation_id)]
    stdin = ""
    for name, value in body.items():
        option = "--" + re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()
        if name in secrets:
            arguments.append(f"{option}-stdin")
            stdin = f"{value}\n"
        elif isinstance(value, list):
            for item in value:
                arguments += [option, str(item)]
        else:
            arguments += [option, str(value)]
    answer = zenlayer_vm(mock.base_url, *arguments, "--wait", stdin=stdin)
    assert answer.returncode == 0, answer.stderr
    waiter = operation.waiter
    assert waiter is not None
    ids = waiter.ids_in(body, {"response": json.loads(answer.stdout)})  # the request's, or the answer's (created)
    assert ids
    final = "absent" if waiter.target_is_absent else waiter.target
    assert f"{ids[0]} {final}" in answer.stderr  # waited until the target


def operation_id_to_command(operation_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", operation_id).lower()


def test_a_dry_run_runs_the_local_checks_first() -> None:
    answer = zenlayer_vm(
        "http://127.0.0.1:9/api/v2",
        "reset-instance",
        "--instance-id",
        "i",
        "--password-stdin",
        "--dry-run",
        stdin="short\n",
    )
    assert answer.returncode == 3, answer.stderr
    assert "not sent: ResetInstance: password must be at least 8 characters" in answer.stderr
    assert answer.stdout == ""  # no signed request printed for a request that could not be sent


def test_a_secret_given_on_the_command_line_is_refused_with_why() -> None:
    answer = zenlayer_vm(
        "http://127.0.0.1:9/api/v2", "reset-instance", "--instance-id", "i", "--password", "Secret+1234"
    )
    assert answer.returncode == 2
    assert "--password takes no value" in answer.stderr
    assert "--password-stdin" in answer.stderr
    assert "Secret+1234" not in answer.stderr


def test_a_missing_credential_variable_is_named(mock: MockProcess) -> None:
    env = {**environment(mock.base_url)}
    del env["ZENLAYER_ACCESS_KEY_PASSWORD"]
    answer = subprocess.run(
        [ZENLAYER_VM, "describe-images", "--zone-id", "FRA-A"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert answer.returncode == 2
    assert answer.stderr.strip() == (
        "error: ZENLAYER_ACCESS_KEY_PASSWORD is not set (ZENLAYER_ACCESS_KEY_ID is): set both, or ZENLAYER_TOKEN"
    )


def test_a_refused_signature_hints_at_the_key_and_the_clock(mock: MockProcess) -> None:
    env = {**environment(mock.base_url), "ZENLAYER_ACCESS_KEY_PASSWORD": "wrong"}
    answer = subprocess.run(
        [ZENLAYER_VM, "describe-images", "--zone-id", "FRA-A"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert answer.returncode == 1
    assert "AUTHFAILURE_SIGNATURE_FAILURE" in answer.stderr
    assert (
        "(check ZENLAYER_ACCESS_KEY_ID, ZENLAYER_ACCESS_KEY_PASSWORD or ZENLAYER_TOKEN, and this machine's clock)"
        in (answer.stderr)
    )


def test_version_names_the_client_version() -> None:
    answer = subprocess.run([ZENLAYER_VM, "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert answer.returncode == 0
    assert answer.stdout.strip() == f"zenlayer-vm {load_spec().client_version}"


def test_a_table_into_a_pipe_is_not_wrapped_and_shows_no_none(mock: MockProcess) -> None:
    answer = zenlayer_vm(mock.base_url, "describe-images", "--zone-id", "FRA-A", "--output", "table")
    assert answer.returncode == 0, answer.stderr
    lines = answer.stdout.splitlines()
    # Each image on one line (80 columns would cut the longer names and descriptions in two).
    assert any("A custom image larger than any instance's system disk." in line for line in lines)
    assert "None" not in answer.stdout  # a null description is an empty cell


def test_stop_reset_stops_a_running_instance_resets_it_and_waits(mock: MockProcess) -> None:
    arguments = ("stop-reset", "--instance-id", "ins-running-fra", "--image-id", "img-ubuntu-2204", "--password-stdin")
    answer = zenlayer_vm(mock.base_url, *arguments, stdin=PASSWORD + "\n")
    assert answer.returncode == 0, answer.stderr
    shown = answer.stderr.splitlines()
    # Stopped first (the stop's waiter), then running again (the reset's waiter), then the closing line.
    statuses = [line.split()[1] for line in shown[:-1]]
    assert "STOPPED" in statuses, shown
    assert statuses[-1] == "RUNNING", shown
    assert statuses.index("STOPPED") < len(statuses) - 1
    assert shown[-1] == "ins-running-fra reset and running"
    assert status(mock, "ins-running-fra") == "RUNNING"
    assert PASSWORD not in answer.stdout + answer.stderr


def _kebab(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in name).lstrip("-")


def _arguments(example: dict[str, object]) -> list[str]:
    """A request example of the spec as the command's options (an object as JSON, a list repeated)."""
    arguments: list[str] = []
    for name, value in example.items():
        if isinstance(value, list):
            arguments += [part for item in value for part in (f"--{_kebab(name)}", str(item))]
        elif isinstance(value, bool):
            arguments.append(f"--{_kebab(name)}" if value else f"--no-{_kebab(name)}")
        else:
            arguments += [f"--{_kebab(name)}", json.dumps(value) if isinstance(value, dict) else str(value)]
    return arguments


def test_an_object_option_is_one_json_object(mock: MockProcess) -> None:
    """An object field of the spec (InquiryPriceCreateInstance's instanceChargePrepaid) is given as one JSON
    object: the help shows the spec's own example, the object reaches the request, and a value that is
    not a JSON object is a usage error naming the option (it was a bare ValueError from the model)."""
    found = [
        (operation_id, field.name, body)
        for operation_id, fields in SPEC.request_fields.items()
        for field in fields
        if field.json_type == "object" and not field.secret
        for body in SPEC.request_examples.get(operation_id, ())
        if field.name in body
    ]
    assert found, "the spec has an object field with an example"
    operation_id, name, example = found[0]
    command, option = _kebab(operation_id), f"--{_kebab(name)}"
    shown = " ".join(zenlayer_vm(mock.base_url, command, "--help").stdout.split())
    assert f"{option} JSON" in shown
    assert f"As a JSON object, e.g. '{json.dumps(example[name])}'" in shown
    sent = zenlayer_vm(mock.base_url, command, *_arguments(dict(example)), "--dry-run")
    assert sent.returncode == 0, sent.stderr
    assert json.loads(sent.stdout)["body"][name] == example[name]
    answered = zenlayer_vm(mock.base_url, command, *_arguments(dict(example)))
    assert answered.returncode == 0, answered.stderr
    for wrong, says in (("3", "is not a JSON object"), ("{period: 3", "is not JSON: give one object")):
        refused = zenlayer_vm(mock.base_url, command, *_arguments({**example, name: wrong}))
        assert refused.returncode == 2, refused.stderr
        assert f"Invalid value for '{option}': {wrong!r} {says}" in refused.stderr
        assert "ValueError" not in refused.stderr


@pytest.mark.parametrize("base_url", ["notaurl", "http://127.0.0.1:99999/api/v2"])
def test_a_base_url_no_call_can_go_to_is_a_usage_error_naming_where_it_came_from(base_url: str) -> None:
    answer = zenlayer_vm(base_url, "describe-images", "--zone-id", "FRA-A")
    assert answer.returncode == 2, answer.stderr
    assert f"base_url {base_url!r}" in answer.stderr
    assert "(from --base-url or ZENLAYER_BASE_URL)" in answer.stderr
    assert "retrying" not in answer.stderr  # refused before any call, not retried as a network failure


@pytest.mark.parametrize("deadline", ["-1", "0", "nan", "inf"])
def test_a_deadline_must_be_a_number_of_seconds_above_zero(deadline: str) -> None:
    answer = zenlayer_vm("http://127.0.0.1:9/api/v2", "--deadline", deadline, "describe-images", "--zone-id", "FRA-A")
    assert answer.returncode == 2, answer.stderr
    assert f"Invalid value for '--deadline': {deadline!r} is not a number of seconds above 0" in answer.stderr
