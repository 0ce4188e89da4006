"""Imported by a fork server (mock_server.fork_server) before it forks any mock: the mock's modules,
the spec compiled and the default world loaded (each kept by its loader), so that no fork repeats it."""

from __future__ import annotations

import time

import mock_server.__main__  # noqa: F401 - imported for what it imports
from mock_server.world import DEFAULT_WORLD, load_world
from zenlayer_spec import load_spec

load_world(DEFAULT_WORLD, time.monotonic, kinds=load_spec().serving.behaviours.kinds)
load_spec().behaviours  # noqa: B018 - computed once, then kept on the spec
