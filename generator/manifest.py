"""The generation's manifest: what it was made from and what it made, so that the drift check can say
"in sync" without generating again.

`generated_client/GENERATION.sha256` holds the digest of every input that shapes the output (the spec,
the generator's and the spec records' code and templates, the project's pins, the installed versions of
openapi-python-client and ruff, the Python version) and the digest of every file generated. The drift
check (`python -m generator --check`) recomputes both: when the inputs are those of the last generation
and every file is as it was generated, the client is in sync (a generation is deterministic in its
inputs); otherwise, or with `--full`, it generates again and compares file by file, naming the
differences. A hand edit of a generated file, a leftover file or an edit of any input all fall through to
the full check. The manifest itself is not compared there: a stale one (the code changed, its output did
not) costs the next check its speed, nothing more, until `nox -s generate` writes it again.
"""

from __future__ import annotations

import hashlib
import sys
from importlib import metadata
from pathlib import Path

NAME = "GENERATION.sha256"
ROOT = Path(__file__).resolve().parent.parent
# The code whose every line can change what is generated (the spec's records feed the templates; the
# spec-diff history writes the version and the changelog).
_INPUT_FOLDERS = ("generator", "zenlayer_spec", "spec_diff")
_INPUT_SUFFIXES = frozenset({".py", ".jinja", ".yaml", ".toml"})
_TOOLS = ("openapi-python-client", "ruff")


def inputs_digest(spec_path: Path) -> str:
    digest = hashlib.sha256()
    digest.update(b"spec\0" + spec_path.read_bytes())
    for folder in _INPUT_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in _INPUT_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    pins = ROOT / "pyproject.toml"  # a checkout's (an installed toolkit has none: its pins are its own)
    digest.update(b"pyproject\0" + (pins.read_bytes() if pins.is_file() else b""))
    for tool in _TOOLS:
        digest.update(f"{tool}=={metadata.version(tool)}\0".encode())
    digest.update(f"python {sys.version_info.major}.{sys.version_info.minor}".encode())
    return digest.hexdigest()


def text(inputs: str, files: dict[str, bytes]) -> str:
    """The manifest of a generation: its inputs' digest, then one line per generated file."""
    lines = [f"inputs {inputs}"]
    lines += [
        f"{hashlib.sha256(content).hexdigest()}  {name}" for name, content in sorted(files.items()) if name != NAME
    ]
    return "\n".join(lines) + "\n"


def unchanged(spec_path: Path, files: dict[str, bytes]) -> bool:
    """Whether `files` (a generated folder's, with its manifest) are what the inputs as they are now make."""
    recorded = files.get(NAME)
    if recorded is None:
        return False
    try:
        inputs = inputs_digest(spec_path)
    except (OSError, metadata.PackageNotFoundError):
        return False
    return recorded.decode("utf-8", "replace") == text(inputs, files)
