"""A pytest plugin for a process's own session (the contract suite's, our tests'): its end made quick.

As a session ends, pytest's unraisable-exception plugin collects garbage five times, each a full pass over
a heap of hundreds of thousands of objects (Schemathesis's, Hypothesis's, the spec's): 1.5 CPU-s per
process at 365k objects, after its last test. One pass here, the survivors then frozen: the plugin's
passes see only what this one freed, so an exception raised by a finalizer is still reported. A session
inside another process's (our tests run the suite in process) disables that plugin: nothing to do."""

from __future__ import annotations

import gc

import pytest


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    if config.pluginmanager.has_plugin("unraisableexception"):
        gc.collect()
        gc.freeze()
