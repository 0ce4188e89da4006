"""The mock's state: zones, images, key pairs and instances, loaded from a world file.

An instance's transitional status resolves by itself: a change records the pending status, the
target and when it is reached, and every read resolves it against the clock, so no background task
is needed and a read never sees a half-made change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

DEFAULT_WORLD = Path(__file__).resolve().parent / "default_world.yaml"


class WorldError(Exception):
    """A world file that cannot be loaded; the message names the entry and the problem."""


@attrs.frozen
class Zone:
    zone_id: str
    init_script_supported: bool


@attrs.frozen
class Image:
    image_id: str
    image_name: str
    os_type: str
    category: str
    image_type: str
    image_size_gb: int
    image_status: str
    image_version: str
    image_description: str | None
    zones: frozenset[str]

    def as_api(self) -> dict[str, Any]:
        return {
            "imageId": self.image_id,
            "imageName": self.image_name,
            "imageType": self.image_type,
            "imageSize": str(self.image_size_gb),
            "imageDescription": self.image_description,
            "imageVersion": self.image_version,
            "imageStatus": self.image_status,
            "category": self.category,
            "osType": self.os_type,
        }


@attrs.define
class Instance:
    instance_id: str
    zone_id: str
    image_id: str
    system_disk_gb: int
    status: str
    # A change under way: the status it ends in, and when (clock seconds).
    target: str | None = None
    done_at: float = 0.0

    def current_status(self, now: float) -> str:
        if self.target is not None and now >= self.done_at:
            self.status, self.target = self.target, None
        return self.status

    def start_change(self, pending: str, target: str, now: float, seconds: float) -> None:
        self.status, self.target, self.done_at = pending, target, now + seconds


@attrs.define
class World:
    zones: dict[str, Zone]
    images: dict[str, Image]
    key_pairs: set[str]
    instances: dict[str, Instance]
    clock: Callable[[], float]
    # How long each transitional status lasts.
    transition_seconds: float = 2.0


def _entries(raw: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    entries = raw.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(entry, Mapping) for entry in entries):
        raise WorldError(f"`{key}` must be a list of mappings")
    return entries


def _field(entry: Mapping[str, Any], name: str, kind: type, where: str) -> Any:  # noqa: ANN401 - YAML values
    if name not in entry:
        raise WorldError(f"{where}: `{name}` is missing")
    value = entry[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise WorldError(f"{where}: `{name}` must be {kind.__name__}, not {type(value).__name__}")
    return value


def world_from_mapping(raw: object, clock: Callable[[], float], transition_seconds: float = 2.0) -> World:
    """A world from parsed YAML/JSON in the documented format; WorldError names what is wrong."""
    if not isinstance(raw, Mapping):
        raise WorldError("a world file must be a mapping with zones, images, keyPairs and instances")
    zones = {}
    for index, entry in enumerate(_entries(raw, "zones")):
        where = f"zones[{index}]"
        zone = Zone(_field(entry, "zoneId", str, where), _field(entry, "initScriptSupported", bool, where))
        zones[zone.zone_id] = zone
    images = {}
    for index, entry in enumerate(_entries(raw, "images")):
        where = f"images[{index}]"
        image_zones = frozenset(_field(entry, "zones", list, where))
        if unknown := image_zones - zones.keys():
            raise WorldError(f"{where}: unknown zones {sorted(unknown)}")
        description = entry.get("imageDescription")
        image = Image(
            image_id=_field(entry, "imageId", str, where),
            image_name=_field(entry, "imageName", str, where),
            os_type=_field(entry, "osType", str, where),
            category=_field(entry, "category", str, where),
            image_type=_field(entry, "imageType", str, where),
            image_size_gb=_field(entry, "imageSize", int, where),
            image_status=_field(entry, "imageStatus", str, where),
            image_version=str(_field(entry, "imageVersion", str, where)),
            image_description=description if isinstance(description, str) else None,
            zones=image_zones,
        )
        images[image.image_id] = image
    key_pairs = {
        _field(entry, "keyId", str, f"keyPairs[{index}]") for index, entry in enumerate(_entries(raw, "keyPairs"))
    }
    instances = {}
    for index, entry in enumerate(_entries(raw, "instances")):
        where = f"instances[{index}]"
        instance = Instance(
            instance_id=_field(entry, "instanceId", str, where),
            zone_id=_field(entry, "zoneId", str, where),
            image_id=_field(entry, "imageId", str, where),
            system_disk_gb=_field(entry, "systemDiskSize", int, where),
            status=_field(entry, "status", str, where),
        )
        if instance.zone_id not in zones:
            raise WorldError(f"{where}: unknown zone {instance.zone_id!r}")
        if instance.image_id not in images:
            raise WorldError(f"{where}: unknown image {instance.image_id!r}")
        instances[instance.instance_id] = instance
    return World(
        zones=zones,
        images=images,
        key_pairs=key_pairs,
        instances=instances,
        clock=clock,
        transition_seconds=transition_seconds,
    )


@attrs.frozen
class DefaultCredentials:
    """The credentials the mock accepts by default, from the default world file's `credentials`."""

    access_key_id: str
    access_key_password: str = attrs.field(repr=False)
    token: str = attrs.field(repr=False)


def default_credentials(path: Path = DEFAULT_WORLD) -> DefaultCredentials:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = raw.get("credentials") if isinstance(raw, dict) else None
    if not isinstance(entry, dict):
        raise WorldError(f"{path}: no `credentials` mapping")
    where = "credentials"
    return DefaultCredentials(
        access_key_id=_field(entry, "accessKeyId", str, where),
        access_key_password=_field(entry, "accessKeyPassword", str, where),
        token=_field(entry, "token", str, where),
    )


def load_world(path: Path, clock: Callable[[], float], transition_seconds: float = 2.0) -> World:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise WorldError(f"{path}: cannot read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise WorldError(f"{path}: not valid YAML or JSON ({error})") from None
    try:
        return world_from_mapping(raw, clock, transition_seconds)
    except WorldError as error:
        raise WorldError(f"{path}: {error}") from None
