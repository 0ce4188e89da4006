"""The mock's load benchmark measures the mix, not refusals: its requests carry no Host of their own
(wrk sends one; two are refused as ambiguous, and every request was once measured as a 401), and a run the
target mostly refused fails in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.mock_load import MAX_REFUSED_SHARE, LoadResult, MixRefused, _wrk_script, accepted


def test_the_pool_leaves_the_host_to_wrk(tmp_path: Path) -> None:
    script = _wrk_script(tmp_path, "http://127.0.0.1:9/api/v2/vm").read_text(encoding="utf-8")
    assert '["x-zc-action"]' in script  # the signed headers are there
    assert '["host"]' not in script.lower()
    assert '["content-length"]' not in script.lower()


def test_a_run_the_target_mostly_refused_is_not_a_figure() -> None:
    fine = LoadResult(1000.0, 1.0, 2.0, non_2xx=int(MAX_REFUSED_SHARE * 100), requests=100)
    assert accepted(fine, "the mock") is fine
    refused = LoadResult(1000.0, 1.0, 2.0, non_2xx=100, requests=100)
    with pytest.raises(MixRefused, match="the mock refused 100 of 100 requests of the mix"):
        accepted(refused, "the mock")
