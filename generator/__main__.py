"""`python -m generator`: regenerate generated_client/ from the spec, or check that it is in sync.

python -m generator            write generated_client/ (replaced only when generation succeeded)
python -m generator --check    exit 1, naming the files that differ, if generated_client/ is stale
                               (in a blink when its manifest matches the inputs: generator/manifest.py)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import manifest
from generator.errors import GenerationError
from generator.output import check_in_sync, generate_into, generated_files
from spec_diff import version_of
from zenlayer_spec import SPEC_PATH, SpecError
from zenlayer_spec.document import read_document

_CHECKOUT_OUTPUT = Path(__file__).resolve().parent.parent / "generated_client"


def default_output() -> Path:
    """The checkout's generated_client/ when running from one; else ./generated_client."""
    if (_CHECKOUT_OUTPUT.parent / "pyproject.toml").is_file():
        return _CHECKOUT_OUTPUT
    return Path.cwd() / "generated_client"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the output is what the spec produces")
    parser.add_argument(
        "--full", action="store_true", help="with --check: generate again and compare, whatever the manifest says"
    )
    parser.add_argument("--spec", type=Path, default=SPEC_PATH, help="the OpenAPI spec (default: %(default)s)")
    parser.add_argument(
        "--output", type=Path, default=default_output(), help="the client project (default: %(default)s)"
    )
    arguments = parser.parse_args(argv)
    try:
        if arguments.check:
            differences = check_in_sync(arguments.spec, arguments.output, full=arguments.full)
            if differences:
                print(f"{arguments.output} is not what {arguments.spec} produces:", file=sys.stderr)
                print("\n".join(differences), file=sys.stderr)
                print("run `python -m generator` (or `nox -s generate`) and commit the result", file=sys.stderr)
                return 1
            print(f"{arguments.output} is in sync with {arguments.spec}")
            if not manifest.unchanged(arguments.spec, generated_files(arguments.output)):
                print(
                    f"note: its {manifest.NAME} is stale (the generator's code changed, not its output), so this "
                    "check generated again; `nox -s generate` refreshes it and makes the check quick"
                )
            return 0
        changed = generate_into(arguments.spec, arguments.output)
    except (GenerationError, SpecError) as error:
        print(f"error: {error}", file=sys.stderr)
        print(f"{arguments.output} was left as it was.", file=sys.stderr)
        return 1
    except OSError as error:  # the output's folder cannot be made or written (a path through a file, no rights)
        where = error.filename or arguments.output
        print(f"error: cannot write {arguments.output}: {error.strerror or error} ({where})", file=sys.stderr)
        print(f"{arguments.output} was left as it was.", file=sys.stderr)
        return 1
    version = version_of(read_document(arguments.spec))
    if not changed:
        print(f"{arguments.output} (version {version}) was already what {arguments.spec} produces: nothing changed")
        return 0
    print(f"generated {arguments.output} (version {version}) from {arguments.spec}; {len(changed)} files changed:")
    for name in changed:
        print(f"  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
