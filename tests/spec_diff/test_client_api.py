"""The client section: the public Python API read from two package trees, and what a caller loses."""

from __future__ import annotations

from pathlib import Path

from spec_diff import Level, Section
from spec_diff.client_api import client_changes, dump, load, public_api

BEFORE = '''
import enum

class Error(Exception):
    """Base."""

class NotFoundError(Error):
    pass

class Status(str, enum.Enum):
    RUNNING = "RUNNING"
    STOPPED = "STOPPED"

class Request:
    instance_id: str
    name: str | None

def sync(*, client: object, body: Request, deadline: float | None = None) -> int:
    return 0

def _private(x: int) -> None:
    pass

def gone() -> None:
    pass
'''

AFTER = '''
import enum

class Error(Exception):
    """Base."""

class NotFoundError(LookupError):
    pass

class Status(str, enum.Enum):
    RUNNING = "RUNNING"
    STOPPED = "STOPPED"
    MIGRATING = "MIGRATING"

class Request:
    instance_id: int
    name: str | None
    zone: str | None = None
    owner: str

def sync(*, client: object, body: Request, region: str, timeout: float = 1.0) -> int:
    return 0

def _private(y: str) -> None:
    pass

def added() -> None:
    pass
'''


def package(root: Path, source: str) -> Path:
    package_dir = root / "pkg"
    (package_dir / "api").mkdir(parents=True)
    (package_dir / "__init__.py").write_text("", encoding="utf-8")
    (package_dir / "api" / "__init__.py").write_text("", encoding="utf-8")
    (package_dir / "api" / "calls.py").write_text(source, encoding="utf-8")
    (package_dir / "_internal.py").write_text("def anything() -> None: ...\n", encoding="utf-8")
    return package_dir


def test_every_public_difference_is_classified(tmp_path: Path) -> None:
    old = public_api(package(tmp_path / "old", BEFORE))
    new = public_api(package(tmp_path / "new", AFTER))
    found = {(c.rule, c.location, c.level) for c in client_changes(old, new)}
    calls = "pkg.api.calls"
    assert found == {
        ("zc-client-function-removed", f"{calls}.gone", Level.BREAKING),
        ("zc-client-function-added", f"{calls}.added", Level.COMPATIBLE),
        ("zc-client-bases-changed", f"{calls}.NotFoundError", Level.BREAKING),
        ("zc-client-constant-added", f"{calls}.Status.MIGRATING", Level.COMPATIBLE),
        ("zc-client-type-changed", f"{calls}.Request.instance_id", Level.BREAKING),
        ("zc-client-field-added", f"{calls}.Request.zone", Level.COMPATIBLE),
        ("zc-client-required-field-added", f"{calls}.Request.owner", Level.BREAKING),
        ("zc-client-parameter-removed", f"{calls}.sync", Level.BREAKING),
        ("zc-client-required-parameter-added", f"{calls}.sync", Level.BREAKING),
        ("zc-client-optional-parameter-added", f"{calls}.sync", Level.COMPATIBLE),
    }
    assert all(c.section is Section.CLIENT for c in client_changes(old, new))


def test_private_names_and_modules_are_not_the_public_surface(tmp_path: Path) -> None:
    api = public_api(package(tmp_path, BEFORE))
    assert "pkg.api.calls._private" not in api
    assert not any(name.startswith("pkg._internal") for name in api)
    assert {"pkg", "pkg.api", "pkg.api.calls"} <= api.keys()


def test_a_removed_module_is_one_change_not_one_per_member(tmp_path: Path) -> None:
    old = public_api(package(tmp_path / "old", BEFORE))
    new = {name: member for name, member in old.items() if not name.startswith("pkg.api.calls")}
    changes = list(client_changes(old, new))
    assert [(c.rule, c.location) for c in changes] == [("zc-client-module-removed", "pkg.api.calls")]


def test_the_recorded_api_reads_back_as_it_was_written(tmp_path: Path) -> None:
    api = public_api(package(tmp_path, AFTER))
    assert load(dump(api)) == api
    assert dump(api).count("\n") == len(api)


def test_the_committed_client_reads_as_its_real_surface() -> None:
    api = public_api(Path(__file__).resolve().parents[2] / "generated_client" / "zenlayer_vm_client")
    sync = api["zenlayer_vm_client.api.instances.reset_instance.sync"]
    assert [p.name for p in sync.signature] == ["client", "body", "deadline"]
    assert [p.required for p in sync.signature] == [True, True, False]
    assert api["zenlayer_vm_client.errors.WaiterTimeoutError"].kind == "class"
