"""The mock's page's table of the default world (docs/mock.md) says what default_world.yaml holds (others rely
on it)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from mock_server.world import DEFAULT_WORLD

README = Path(__file__).resolve().parents[2] / "docs" / "mock.md"


def readme_rows() -> dict[str, tuple[str, str]]:
    section = README.read_text(encoding="utf-8").split("## The default world", 1)[1]
    rows = re.findall(r"^\| (zone|image|key pair|instance) \| `([^`]+)` \|\s*([^|]*?)\s*\|$", section, re.MULTILINE)
    return {identifier: (kind, details.strip()) for kind, identifier, details in rows}


def test_the_readme_table_matches_the_default_world() -> None:
    world = yaml.safe_load(DEFAULT_WORLD.read_text(encoding="utf-8"))
    expected: dict[str, tuple[str, str]] = {}
    for zone in world["zones"]:
        support = "supported" if zone["initScriptSupported"] else "not supported"
        expected[zone["zoneId"]] = ("zone", f"init scripts {support}")
    for image in world["images"]:
        zones = " and ".join(image["zones"])
        expected[image["imageId"]] = ("image", f"{image['osType']}, {image['imageSize']} GB, in {zones}")
    for key in world["keyPairs"]:
        expected[key["keyId"]] = ("key pair", "")
    for instance in world["instances"]:
        details = (
            f"{instance['zoneId']}, {instance['status']}, {instance['imageId']}, {instance['systemDiskSize']} GB disk"
        )
        expected[instance["instanceId"]] = ("instance", details)
    assert readme_rows() == expected
