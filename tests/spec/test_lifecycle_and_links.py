"""The lifecycle data (`x-zc-waiter`, `x-zc-transitional`) and the links that chain a real reset."""

from __future__ import annotations

from zenlayer_spec import load_spec
from zenlayer_spec.document import load_document
from zenlayer_spec.operations import operations

DOCUMENT = load_document()
OPERATIONS = operations(DOCUMENT)
STATUS_SCHEMA = DOCUMENT["components"]["schemas"]["InstanceStatus"]
STATUSES = set(STATUS_SCHEMA["enum"])
TRANSITIONAL = set(STATUS_SCHEMA["x-zc-transitional"])


def test_transitional_statuses_are_statuses() -> None:
    assert TRANSITIONAL <= STATUSES
    assert set(STATUS_SCHEMA["x-zc-recycled"]) <= STATUSES
    assert {"REBUILDING", "STOPPING"} <= TRANSITIONAL
    assert not {"RUNNING", "STOPPED"} & TRANSITIONAL


def test_state_changing_operations_have_waiters() -> None:
    reset = OPERATIONS["ResetInstance"].waiter
    stop = OPERATIONS["StopInstances"].waiter
    assert reset is not None
    assert stop is not None
    assert (reset.target, reset.pending) == ("RUNNING", ("REBUILDING",))
    assert (stop.target, stop.pending) == ("STOPPED", ("STOPPING",))
    assert OPERATIONS["DescribeInstancesStatus"].waiter is None
    assert OPERATIONS["DescribeImages"].waiter is None


def test_waiters_are_consistent() -> None:
    for operation in OPERATIONS.values():
        waiter = operation.waiter
        if waiter is None:
            continue
        assert waiter.poll in OPERATIONS
        assert OPERATIONS[waiter.poll].waiter is None, "the poll operation must be a read"
        # A status that ends the change, or `absent` (a release), which then cannot also mean failure.
        assert waiter.target in STATUSES or (waiter.target_is_absent and not waiter.absent_is_failure)
        assert waiter.target not in TRANSITIONAL
        assert set(waiter.pending) <= TRANSITIONAL
        assert set(waiter.failure) <= STATUSES
        assert not {waiter.target, *waiter.pending} & set(waiter.failure)
        # Terraform polls every 5 s or more; a reset takes 1 to 5 minutes (docs/contract.md 5 and 7).
        assert waiter.delay_seconds >= 5
        assert waiter.timeout_seconds > waiter.delay_seconds


def links(operation_id: str) -> dict[str, str]:
    raw = DOCUMENT["paths"][OPERATIONS[operation_id].pseudo_path]["post"]
    return {name: link["operationId"] for name, link in raw["responses"]["200"].get("links", {}).items()}


def test_links_chain_a_real_reset() -> None:
    """StopInstances -> DescribeInstancesStatus -> ResetInstance -> DescribeInstancesStatus."""
    assert "DescribeInstancesStatus" in links("StopInstances").values()
    assert "ResetInstance" in links("DescribeInstancesStatus").values()
    assert "DescribeInstancesStatus" in links("ResetInstance").values()


def test_links_carry_the_instance_id() -> None:
    for operation_id in OPERATIONS:
        raw = DOCUMENT["paths"][OPERATIONS[operation_id].pseudo_path]["post"]
        for link in raw["responses"]["200"].get("links", {}).values():
            assert link["operationId"] in OPERATIONS
            body = link["requestBody"]
            assert set(body) <= {"instanceId", "instanceIds"}
            assert "instanceId" in str(body)


def test_operations_that_start_a_change_say_so() -> None:
    """Only the state-changing operations have waiters and effects (what they change), and they must not
    be retried blindly; ResetInstance is one of them. A change without a waiter (a rename, done at once)
    is observed by reading its resources back, so its kind says how (`describe`)."""
    assert OPERATIONS["ResetInstance"].changes_state
    spec = load_spec()
    behaviours = spec.behaviours
    for operation in OPERATIONS.values():
        effects = behaviours.operations[operation.operation_id].effects
        assert operation.waiter is None or operation.changes_state, operation.operation_id
        assert bool(effects) == operation.changes_state, operation.operation_id
        if operation.changes_state and operation.waiter is None:
            assert all(effect.kind in spec.read_backs for effect in effects), operation.operation_id
