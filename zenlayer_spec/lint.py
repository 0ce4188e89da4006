"""`python -m zenlayer_spec.lint [--spec SPEC]`: the spec's checks that OpenAPI tools cannot make.

- Every rule says where it comes from (`x-zc-source`; zenlayer_spec.provenance).
- Everything the mock executes compiles: each business check's CEL rule, each effect, each list's
  source, the resource declarations (zenlayer_spec.behaviour).

Each problem is printed with its file and line; exit 1 when there is any. (Its own module, not imported
by the package, so that `python -m` runs it without runpy's warning about a module imported twice.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zenlayer_spec import SPEC_PATH, SpecError, load_spec
from zenlayer_spec.provenance import lint


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m zenlayer_spec.lint", description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=SPEC_PATH)
    arguments = parser.parse_args(argv)
    try:
        problems = lint(arguments.spec)
        compiled = load_spec(arguments.spec).behaviours
    except SpecError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} rules without a source", file=sys.stderr)
        return 1
    rules = sum(1 for behaviour in compiled.operations.values() for rule in behaviour.rules if rule.expression)
    print(f"every rule of {arguments.spec} has a source, and its {rules} executable rules compile")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
