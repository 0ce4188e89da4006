"""A corpus of broken specs: each gives the generator's user a short answer naming the file, the line
and the fix, never a traceback, and leaves the client untouched (text edits, as a person makes them).
The generator's main runs in this process for the corpus, and as `python -m generator` for one case."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.__main__ import main
from tests.as_a_process import run_in_process
from zenlayer_spec import SPEC_PATH

ROOT = Path(__file__).resolve().parents[2]
SPEC_TEXT = SPEC_PATH.read_text(encoding="utf-8")
ACTION_SCHEMA = """          schema:
            type: string
            enum: [StopInstances]
            default: StopInstances"""


def broken(old: str, new: str, count: int = 1) -> str:
    assert old in SPEC_TEXT, old
    return SPEC_TEXT.replace(old, new, count)


CORPUS = [
    pytest.param(
        broken(
            "    INVALID_ZONE_NOT_FOUND:\n",
            '    INVALID_ZONE_NOT_FOUND_ERROR:\n      status: 404\n      source: "project-rule: a clash"\n'
            "      description: A code whose exception class would clash.\n    INVALID_ZONE_NOT_FOUND:\n",
        ),
        r"the generated name 'InvalidZoneNotFoundError' comes from two places:\n"
        r"  the error class of \S*spec\.yaml:\d+ /components/x-zc-error-codes/INVALID_ZONE_NOT_FOUND_ERROR\n"
        r"  the error class of \S*spec\.yaml:\d+ /components/x-zc-error-codes/INVALID_ZONE_NOT_FOUND\n"
        r"fix: rename one",
        id="two generated names clash",
    ),
    pytest.param(
        broken('$ref: "#/components/schemas/InstanceId"', '$ref: "#/components/schemas/InstanceIdd"', -1),
        r"spec\.yaml:\d+: \$ref '#/components/schemas/InstanceIdd' points nowhere; "
        r"fix: did you mean #/components/schemas/InstanceId\?",
        id="dangling $ref",
    ),
    pytest.param(
        broken('$ref: "#/components/responses/ZoneNotFound"', '$ref: "#/components/responses/NoSuchAnswer"'),
        r"spec\.yaml:\d+: \$ref '#/components/responses/NoSuchAnswer' points nowhere; fix: ",
        id="dangling response $ref",
    ),
    pytest.param(
        broken("openapi: 3.1.0\n", "openapi: 3.1.0\ninfo: [\n"),
        r"spec\.yaml:\d+:\d+: not valid YAML",
        id="not YAML",
    ),
    pytest.param(
        broken(
            ACTION_SCHEMA,
            "          schema:\n            type: string\n            const: StopInstances\n"
            "            default: StopInstances",
        ),
        r"spec\.yaml:\d+: header X-ZC-Action uses `const`.*fix: `enum: \[StopInstances\]` with "
        r"`default: StopInstances`",
        id="const on the action header",
    ),
    pytest.param(
        broken("      operationId: StopInstances\n", "      operationId: 5\n"),
        r"spec\.yaml:\d+: at paths//vm#StopInstances/post/operationId: 5 is not of type",
        id="not OpenAPI",
    ),
    pytest.param(
        broken("x-zc-client-version: ", "x-zc-client-version: v"),
        r"x-zc-client-version: 'v[0-9.]+' is not MAJOR\.MINOR\.PATCH",
        id="malformed version",
    ),
    pytest.param(
        broken("      poll: DescribeInstancesStatus\n", "      poll: DescribeInstanceStatus\n"),  # the shared waiter
        r"x-zc-waiter\.poll: 'DescribeInstanceStatus' is not an operation of the spec",
        id="waiter polls nothing",
    ),
    pytest.param(
        broken(
            "      rule: instances[item].status == 'RUNNING'\n", "      rule: instances[item].stauts == 'RUNNING'\n"
        ),
        r"spec\.yaml:\d+: /components/x-zc-checks/instances-running/rule \(through `use` at .*'stauts' is no "
        r"declared attribute: did you mean `status`\?",
        id="a misspelled attribute in a rule",  # the client does not run rules; the mock would refuse the spec
    ),
]


@pytest.mark.parametrize(("text", "expected"), CORPUS)
def test_a_broken_spec_gets_a_short_located_answer(text: str, expected: str, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    output = tmp_path / "generated_client"
    # `python -m generator`'s own main, in this process (the module as a process: the test below).
    argv = [sys.executable, "-m", "generator", "--spec", str(spec), "--output", str(output)]
    result = run_in_process(argv, lambda: sys.exit(main(argv[3:])), cwd=ROOT)
    _assert_short_and_located(result.returncode, result.stderr, expected)
    assert not output.exists(), "nothing is written for a spec that cannot be generated"


def test_the_generator_as_a_process_answers_a_broken_spec_in_a_few_lines(tmp_path: Path) -> None:
    text, expected = CORPUS[1].values
    spec = tmp_path / "spec.yaml"
    spec.write_text(str(text), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--spec", str(spec), "--output", str(tmp_path / "generated_client")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    _assert_short_and_located(result.returncode, result.stderr, str(expected))


def _assert_short_and_located(code: int, stderr: str, expected: str) -> None:
    assert code == 1
    assert re.search(expected, stderr), stderr
    assert "Traceback" not in stderr
    assert len(stderr.splitlines()) <= 15, stderr
    assert max(len(line) for line in stderr.splitlines()) <= 400


def test_an_output_the_generator_cannot_write_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    output = blocker / "generated_client"
    argv = [sys.executable, "-m", "generator", "--output", str(output)]
    result = run_in_process(argv, lambda: sys.exit(main(argv[3:])), cwd=ROOT)
    assert result.returncode == 1
    assert f"error: cannot write {output}: " in result.stderr
    assert "Traceback" not in result.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_swap_that_fails_puts_the_previous_client_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new client replaces the old one by two renames; when the second fails, the old one goes back."""
    from generator import output as output_module

    output = tmp_path / "generated_client"
    output.mkdir()
    (output / "marker.txt").write_text("the previous generation", encoding="utf-8")
    real = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if Path(target) == output and self.name == output.name and self.parent != tmp_path:
            raise OSError(28, "No space left on device")  # the built client cannot take its place
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="No space left"):
        output_module.generate_into(SPEC_PATH, output)
    assert (output / "marker.txt").read_text(encoding="utf-8") == "the previous generation"
    assert [path.name for path in tmp_path.iterdir()] == ["generated_client"]  # no workspace left behind
