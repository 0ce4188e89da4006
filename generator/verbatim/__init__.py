"""Modules of the generated client with nothing to fill in from the spec: plain Python, copied into
`generated_client/zenlayer_vm_client/` byte for byte by `python -m generator`, so that ruff and mypy
check them here, where they are edited. (Modules that take data from the spec are Jinja templates,
in `generator/templates/zc/`.)"""
