"""The suite on several cores (pytest-xdist: `nox -s contract` runs on every core). Every worker draws
its cases from the run's one seed and starts its own mocks; at the end each sends what it observed and
what it found to the controller, which writes the reports of one run: one coverage table, one
cassette in the order of the tests, one findings file, one verdict."""

from __future__ import annotations

import json

import attrs
import pytest

from contract_tests.findings import Finding
from contract_tests.run import Observations

SEED_KEY = "zenlayer_contract_seed"
OUTPUT_KEY = "zenlayer_contract_output"


def is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def worker_seed(config: pytest.Config) -> int | None:
    """The seed the controller gave this worker (None outside a worker)."""
    value = getattr(config, "workerinput", {}).get(SEED_KEY)
    return int(value) if value is not None else None


def send_to_controller(
    config: pytest.Config, observations: Observations, findings: list[Finding], test_order: list[str], ran: bool
) -> None:
    """On a worker, at its session's end: what it saw, for the controller (workeroutput takes JSON-able data)."""
    config.workeroutput[OUTPUT_KEY] = json.dumps(  # type: ignore[attr-defined]
        {
            "observations": observations.to_json(),
            "findings": [attrs.asdict(finding) for finding in findings],
            "test_order": test_order,
            "ran": ran,
        }
    )


@attrs.define(eq=False)  # a pytest plugin: hashed by identity
class Controller:
    """The controller's side: gives each worker the seed and gathers what the workers send back."""

    seed: int
    observations: Observations
    findings: list[Finding]
    ran: bool = False

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: object) -> None:  # an xdist WorkerController
        node.workerinput[SEED_KEY] = self.seed  # type: ignore[attr-defined]

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: object, error: object) -> None:
        output = getattr(node, "workeroutput", {}).get(OUTPUT_KEY)
        if output is None:  # a worker that crashed sends nothing; xdist reports the crash itself
            return
        data = json.loads(output)
        self.findings.extend(Finding(**finding) for finding in data["findings"])
        self.ran = self.ran or bool(data["ran"])
        # Every worker collected the same tests in the same order (xdist checks it).
        order = {nodeid: index for index, nodeid in enumerate(data["test_order"])}
        self.observations.merge(Observations.from_json(data["observations"]), order)
