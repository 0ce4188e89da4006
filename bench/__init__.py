"""Benchmarks: our mock, client, contract suite and generator, each against what users would pick
instead, measured in the same session and reported as ratios (`nox -s bench`)."""

from __future__ import annotations

import time

from mock_server.world import DEFAULT_WORLD, load_world
from zenlayer_spec import load_spec

# What the benchmarks send, from the mock's default world and the spec (never retyped here).
_WORLD = load_world(DEFAULT_WORLD, time.monotonic)
_INSTANCES = [instance.attributes for instance in _WORLD.resources["instance"].values()]
_STOPPED = next(instance for instance in _INSTANCES if instance["status"] == "STOPPED")
STOPPED_INSTANCE, ZONE, IMAGE = _STOPPED["instanceId"], _STOPPED["zoneId"], _STOPPED["imageId"]
OPERATIONS = load_spec().operations
ENDPOINT_PATH = load_spec().endpoint_path
