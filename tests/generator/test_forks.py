"""Our templates over openapi-python-client's: when the pin moves, the upstream templates we replace or
patch that changed are named, so that each is reviewed; a patch whose macro is gone stops generation."""

from __future__ import annotations

import hashlib

import pytest

from generator import forks
from generator.errors import GenerationError


def test_no_upstream_template_under_our_forks_changed_since_review() -> None:
    assert forks.changed_upstream() == [], (
        "openapi-python-client's templates changed under our forks: review each named one against ours "
        "(generator/templates/), then record its new SHA-256 in generator/forks.py"
    )


def test_a_changed_upstream_template_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    real = forks.upstream_text
    monkeypatch.setattr(forks, "upstream_text", lambda name: real(name) + ("x" if name == "errors.py.jinja" else ""))
    assert forks.changed_upstream() == ["errors.py.jinja"]


def test_the_model_patch_keeps_upstream_and_replaces_one_macro() -> None:
    ours = "{% macro declare_property(property) %}OURS{% endmacro %}"
    text = forks.patched("model.py.jinja", ours)
    upstream = forks.upstream_text("model.py.jinja")
    assert "OURS" in text
    assert text.count("{% macro declare_property(") == 1
    assert len(upstream) - len(text) < 400, "only the one macro is replaced"
    assert "def to_dict(self)" in text


def test_a_patch_whose_macro_is_gone_stops_generation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forks, "upstream_text", lambda name: "{% macro something_else() %}{% endmacro %}")
    with pytest.raises(GenerationError, match="has no macro declare_property any more"):
        forks.patched("model.py.jinja", "{% macro declare_property(p) %}{% endmacro %}")


def test_every_recorded_digest_is_a_sha256() -> None:
    assert all(len(digest) == len(hashlib.sha256().hexdigest()) for digest in forks.UPSTREAM.values())
    assert set(forks.PATCHES) <= set(forks.UPSTREAM)
