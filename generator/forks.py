"""Where our templates take the place of openapi-python-client's, and how to notice when those move.

Two kinds. *Replacements* are templates whose content is ours (the client, the endpoint module, the
errors, the package's `__init__`, pyproject and README): upstream's text is a starting point we no
longer follow. *Patches* change one macro of an upstream template and keep the rest: the model
template is upstream's, rendered with our `declare_property` macro (generator/templates/zc/
model_property.jinja) in place of its own, so an upstream fix to the rest of it reaches us.

UPSTREAM records the SHA-256 of each upstream template as it was when our version was last reviewed.
When the pinned openapi-python-client moves, `changed_upstream()` (held by a test) names the ones that
changed, so that each is reviewed against ours before the pin lands.
"""

from __future__ import annotations

import hashlib
from importlib.resources import files

from generator.errors import GenerationError

# openapi-python-client 0.29.1
UPSTREAM: dict[str, str] = {
    "client.py.jinja": "4eac65762f21014a7fbf59e730f1be6d28c9c85ddc1c40b458b6ff5f67a64c9e",
    "endpoint_module.py.jinja": "c1b2628053eb4875ba59566baa5ae907666f9cbfafa308d93f970a4404b7cd52",
    "errors.py.jinja": "b6ba7ea79aa7d7f24b47119985d1ed20268d3da0ab70309ee138088a106b6af9",
    "model.py.jinja": "fd1c79680d51c06cfbb89809ad123750ba9add98b688036c04cabbf1f8ba40a0",
    "package_init.py.jinja": "ac15907e32dc39bd9b83ea6f2002fb87514f2182b97f88231b5a9c47321f6210",
    "pyproject.toml.jinja": "ac1685ab4a2a946796f8d7aca8f785fc11829c4101e0fd90abde6f22b18e1504",
    "README.md.jinja": "db57918c4d3b23d2a6f1904b124fdeb90fad0baf2a78bec7bfa0617d48fd623c",
}
# Patched templates: upstream name -> (macro replaced, our template that defines it).
PATCHES: dict[str, tuple[str, str]] = {"model.py.jinja": ("declare_property", "zc/model_property.jinja")}
_END = "{% endmacro %}"


def upstream_text(name: str) -> str:
    return files("openapi_python_client").joinpath("templates", name).read_text(encoding="utf-8")


def changed_upstream() -> list[str]:
    """The upstream templates we replace or patch whose text is not what we last reviewed."""
    return [
        name for name, digest in UPSTREAM.items() if hashlib.sha256(upstream_text(name).encode()).hexdigest() != digest
    ]


def patched(name: str, ours: str) -> str:
    """Upstream template `name` with its macro replaced by the definition in `ours`."""
    macro, _ = PATCHES[name]
    text = upstream_text(name)
    start = text.find(f"{{% macro {macro}(")
    end = text.find(_END, start)
    if start < 0 or end < 0:
        raise GenerationError(
            f"openapi-python-client's {name} has no macro {macro} any more: review generator/forks.py"
        )
    return text[:start] + ours.strip() + text[end + len(_END) :]
