"""Build the client project from the spec into a folder: openapi-python-client (pinned) with our
templates and the spec's contract data, then our own modules, then the pinned ruff."""

from __future__ import annotations

import contextlib
import hashlib
import io
import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any

import attrs
from jinja2 import ChoiceLoader, DictLoader, FileSystemBytecodeCache
from openapi_python_client import Project, strings
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError

from generator.contract_data import ContractData, contract_data
from generator.errors import GenerationError
from generator.forks import PATCHES, patched
from generator.prune import prune_models
from zenlayer_spec import SpecError
from zenlayer_spec.document import JSON, read_document
from zenlayer_spec.pointers import LineIndex, escape
from zenlayer_spec.spec import spec_from_document

GENERATOR_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = GENERATOR_DIR / "templates"
CONFIG_PATH = GENERATOR_DIR / "config.yaml"
PACKAGE_NAME = "zenlayer_vm_client"
# The versions that shape the output; another version would write other bytes.
PINNED = {"openapi-python-client": "0.29.1", "ruff": "0.17.6"}
# Our own modules of the package: file name -> template.
EXTRA_MODULES = {
    "operations.py": "zc/operations.py.jinja",
    "auth.py": "zc/auth.py.jinja",
    "checks.py": "zc/checks.py.jinja",
    "retries.py": "zc/retries.py.jinja",
    "waiters.py": "zc/waiters.py.jinja",
    "paginators.py": "zc/paginators.py.jinja",
    "answers.py": "zc/answers.py.jinja",
    "cli.py": "zc/cli.py.jinja",
}
# Our own modules with nothing from the spec in them: copied as they are (generator/verbatim/).
VERBATIM_DIR = GENERATOR_DIR / "verbatim"
VERBATIM_MODULES = sorted(path for path in VERBATIM_DIR.glob("*.py") if path.name != "__init__.py")


_MAX_PROBLEMS = 10


def _check_pins() -> None:
    for distribution, pinned in PINNED.items():
        installed = version(distribution)
        if installed != pinned:
            raise GenerationError(f"{distribution} {installed} is installed, the generator is pinned to {pinned}")


def _validate(spec_path: Path, document: dict[str, Any]) -> None:
    """Explain a spec openapi-python-client or our reading refused through the OpenAPI validator, each
    problem with its file and line (and a fix where one is known)."""
    from openapi_spec_validator import OpenAPIV31SpecValidator  # slow to import, rarely needed: imported here

    lines = LineIndex(spec_path.read_text(encoding="utf-8"))
    problems = []
    try:
        for error in OpenAPIV31SpecValidator(document, base_uri=spec_path.resolve().as_uri()).iter_errors():
            parts = [str(part) for part in error.absolute_path]
            where = "/".join(parts) or "(top level)"
            line = lines.line("".join("/" + escape(part) for part in parts)) if parts else 1
            problems.append(f"{spec_path}:{line}: at {where}: {error.message.splitlines()[0]}")
    except Exception as error:
        problems.append(f"{spec_path}: the OpenAPI validator could not finish ({type(error).__name__})")
    if problems:
        raise GenerationError("the spec is not valid OpenAPI 3.1:\n" + "\n".join(problems[:_MAX_PROBLEMS]))


def _hints(spec_path: Path, document: dict[str, Any]) -> list[str]:
    """Known ways a valid spec still fails openapi-python-client, each with its line and fix."""
    lines = LineIndex(spec_path.read_text(encoding="utf-8"))
    hints = []
    for path, item in (document.get("paths") or {}).items():
        for method, operation in (item or {}).items():
            for index, parameter in enumerate(operation.get("parameters") or []):
                if isinstance(parameter, dict) and "const" in (parameter.get("schema") or {}):
                    at = f"/paths/{escape(path)}/{method}/parameters/{index}/schema/const"
                    value = parameter["schema"]["const"]
                    hints.append(
                        f"{spec_path}:{lines.line(at)}: header {parameter.get('name')} uses `const`, which "
                        f"openapi-python-client cannot turn into a parameter (it drops the endpoint); "
                        f"fix: `enum: [{value}]` with `default: {value}`"
                    )
    return hints


def _pyrepr(value: JSON) -> str:
    """A Python literal for `value`, lists as tuples so that generated constants are immutable."""

    def freeze(item: JSON) -> JSON:
        if isinstance(item, list | tuple):
            return tuple(freeze(element) for element in item)
        if isinstance(item, dict):
            return {key: freeze(element) for key, element in item.items()}
        return item

    return repr(freeze(value))


def _project(spec_path: Path, document: dict[str, Any], data: ContractData, destination: Path) -> Project:
    config = Config.from_sources(
        ConfigFile.load_from_path(CONFIG_PATH),
        MetaType.UV,
        spec_path,
        "utf-8",
        overwrite=False,
        output_path=destination,
    )
    openapi = GeneratorData.from_dict(document, config=config)
    if isinstance(openapi, GeneratorError):
        raise GenerationError(f"{spec_path}: {_describe(openapi)}")
    project = Project(openapi=openapi, config=config, custom_template_path=TEMPLATES_DIR)
    # Patched upstream templates come first: upstream's text with our macro in place of its own.
    ours = {name: (TEMPLATES_DIR / template).read_text(encoding="utf-8") for name, (_, template) in PATCHES.items()}
    upstream_loader = project.env.loader
    assert upstream_loader is not None  # Project always sets one
    project.env.loader = ChoiceLoader(
        [DictLoader({name: patched(name, text) for name, text in ours.items()}), upstream_loader]
    )
    # openapi-python-client names an endpoint by its operationId in snake case.
    operations = {strings.snake_case(operation.operation_id): operation for operation in data.operations}
    modules = {operation.operation_id: operation.api_module for operation in data.operations}
    project.env.globals.update(zc=data, zc_operation=operations.__getitem__, zc_module=modules.__getitem__)
    project.env.filters["pyrepr"] = _pyrepr
    # Compiled templates kept between runs (Jinja's own cache in the user's temp directory, keyed by
    # each template's source): compiling them was a fifth of a drift check.
    project.env.bytecode_cache = FileSystemBytecodeCache()
    return project


def _describe(error: GeneratorError) -> str:
    detail = f": {error.detail}" if error.detail else ""
    return f"{error.level.name.lower()}: {error.header}{detail}"


def _ruff_binary() -> str:
    """The pinned ruff's own executable (`python -m ruff` would start a Python just to exec it)."""
    from ruff.__main__ import find_ruff_bin  # the pinned ruff package, installed beside the generator

    return str(find_ruff_bin())


def _run_ruff(package_dir: Path) -> None:
    for arguments in (["check", "--fix", "--quiet", "--no-cache", "."], ["format", "--quiet", "--no-cache", "."]):
        result = subprocess.run(
            [_ruff_binary(), *arguments],
            cwd=package_dir.parent,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise GenerationError(f"ruff {arguments[0]} failed on the generated code:\n{result.stdout}{result.stderr}")


def build_client(spec_path: Path, destination: Path) -> None:
    """Generate the client project from `spec_path` into `destination`, which must not exist yet.

    Raises GenerationError (or SpecError) with a located message; on error `destination` may hold
    a partial result, which the caller discards.
    """
    _check_pins()
    document = read_document(spec_path)
    try:
        try:
            spec = spec_from_document(document, spec_path)
            # The rules, effects and lists compiled and type-checked too: a client is not generated from a
            # spec the mock would refuse to serve (a misspelled attribute in a rule is a located error).
            _ = spec.behaviours
            data = contract_data(spec)
        except (KeyError, TypeError) as error:
            raise SpecError(f"{spec_path}: the spec lacks contract data the client needs ({error!r})") from None
        # The spec's own digest goes into the client, so that any edit to the spec, even one that changes
        # no code, shows as drift, and a client always says which spec it came from.
        data = attrs.evolve(data, spec_sha256=hashlib.sha256(spec_path.read_bytes()).hexdigest())
        project = _project(spec_path, document, data, destination)
        with contextlib.redirect_stdout(io.StringIO()):  # it prints "Generating <dir>"
            errors = project.build()
        if errors:
            # Like --fail-on-warning: a warning usually means an endpoint or a model was dropped.
            raise GenerationError(f"{spec_path}: " + "\n".join(_describe(error) for error in errors))
    except (SpecError, GenerationError) as error:
        # A spec that is not valid OpenAPI explains itself best through the validator, with locations.
        # Only then is it loaded: it is a third of a generation's time, and `nox -s spec` runs it anyway.
        _validate(spec_path, document)
        if hints := _hints(spec_path, document):
            raise GenerationError(f"{error}\n" + "\n".join(hints)) from error
        raise
    package_dir = destination / PACKAGE_NAME
    for file_name, template in EXTRA_MODULES.items():
        rendered = project.env.get_template(template).render()
        (package_dir / file_name).write_text(rendered, encoding="utf-8")
    for module in VERBATIM_MODULES:
        (package_dir / module.name).write_bytes(module.read_bytes())
    prune_models(package_dir)
    _run_ruff(package_dir)
