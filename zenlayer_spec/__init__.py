"""The Zenlayer VM OpenAPI spec as Python data: the one place our code reads the contract from.

`load_spec()` is the way in: the whole contract as one typed, read-only record (`Spec`), read and
checked once per process. The generator, the mock server, the contract tests and the documentation
build all read the spec through it, so that every fact they need is taken from `spec/`, never
restated. The modules behind it (`zenlayer_spec.document`, `.operations`, ...) build the record; the
few tools that must hand the raw OpenAPI document to another program read it there (see the README).
"""

from zenlayer_spec.document import SPEC_PATH, SpecError
from zenlayer_spec.spec import Spec, load_spec

__all__ = ["SPEC_PATH", "Spec", "SpecError", "load_spec"]
