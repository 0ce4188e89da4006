"""Benchmarks: our mock, client, contract suite and generator, each against what users would pick
instead, measured in the same session and reported as ratios (`nox -s bench`)."""
