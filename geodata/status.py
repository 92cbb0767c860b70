"""What map layers an installation has: ``pantau geodata status``."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from geodata.importer import layer_path, read_manifest
from geodata.matching import LEVELS
from pantau.settings import Settings

DATA = Path(__file__).parent / "data"
SCHEMATIC_FILES = {
    "province": DATA / "schematic-provinces.json",
    "regency": DATA / "schematic-regencies.hexjson",
}
PLURAL = {"province": "provinces", "regency": "regencies"}


def schematic_count(level: str) -> int | None:
    """Regions in the schematic layer of ``level`` (None when there is none yet)."""
    try:
        schematic = importlib.import_module("geodata.schematic")
    except ModuleNotFoundError:
        return _count_file(SCHEMATIC_FILES[level])
    return len(schematic.schematic_layer(level)["features"])


def _count_file(path: Path) -> int | None:
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("hexes", "features", "cells", "regions"):
        if isinstance(data, dict) and key in data:
            return len(data[key])
    return len(data)


def imported_count(settings: Settings, level: str) -> int | None:
    """Regions in the imported layer of ``level``, or None when nothing was imported."""
    manifest = read_manifest(settings, level)
    if manifest is None or not layer_path(settings, level).exists():
        return None
    return int(manifest.get("layer_regions", manifest["counts"]["regions"]))


def geodata_status(settings: Settings) -> dict:
    """Schematic and imported region counts, and the details of each import."""
    imports = {}
    for level in LEVELS:
        manifest = read_manifest(settings, level)
        if manifest is not None:
            imports[level] = {
                "source_name": manifest["source_name"],
                "input_file": manifest["input_file"],
                "imported_at": manifest["imported_at"],
                "derived_from": manifest.get("derived_from"),
                "missing": manifest["missing"],
                "output_bytes": manifest.get("output_bytes"),
                "path": str(layer_path(settings, level)),
            }
    return {
        "schematic": {PLURAL[level]: schematic_count(level) for level in LEVELS},
        "boundaries": {level: imported_count(settings, level) for level in LEVELS},
        "imports": imports,
    }
