"""The map layers the dashboard draws: schematic (always) or imported boundaries."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from geodata.importer import layer_path
from geodata.matching import LEVELS, reference_codes
from geodata.regions import by_code
from pantau.settings import Settings

KINDS = ("schematic", "geographic")
FALLBACK_RADIUS = {"province": 0.35, "regency": 0.06}
"""Radius in degrees of the hexagon drawn for a region missing from an imported layer."""


class LayerUnavailable(LookupError):
    """The asked-for layer does not exist (for example, no boundaries imported yet)."""


def available_kinds(settings: Settings, level: str | None = None) -> list[str]:
    """``["schematic"]``, plus ``"geographic"`` when boundaries of ``level`` were imported.

    Without ``level``, ``"geographic"`` is offered when any level was imported.
    """
    levels = LEVELS if level is None else (level,)
    imported = any(layer_path(settings, each).exists() for each in levels)
    return ["schematic", "geographic"] if imported else ["schematic"]


def map_layer(level: str, kind: str, settings: Settings) -> dict:
    """The GeoJSON FeatureCollection to draw for ``level`` (province/regency) and ``kind``.

    Geographic layers hold the imported features plus, for each region the import lacks, a
    small hexagon at its reference location with ``properties.fallback = true``. Layers are
    cached by file modification time; the returned dict shares its features with the cache,
    so treat them as read-only.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    if kind == "schematic":
        from geodata.schematic import schematic_layer

        return schematic_layer(level)
    if kind != "geographic":
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    path = layer_path(settings, level)
    try:
        stat = path.stat()
    except FileNotFoundError as exc:
        raise LayerUnavailable(
            f"no {level} boundaries imported; run: pantau geodata import FILE --level {level}"
        ) from exc
    cached = _geographic_layer(path, level, stat.st_mtime_ns, stat.st_size)
    return {**cached, "features": list(cached["features"])}


@lru_cache(maxsize=4)
def _geographic_layer(path: Path, level: str, mtime_ns: int, size: int) -> dict:
    layer = json.loads(path.read_text(encoding="utf-8"))
    present = {feature["id"] for feature in layer["features"]}
    for code in sorted(reference_codes(level) - present):
        layer["features"].append(fallback_feature(code, FALLBACK_RADIUS[level]))
    return layer


def fallback_feature(code: str, radius: float) -> dict:
    """A hexagon of ``radius`` degrees at the region's reference point, flagged fallback.

    The ring runs clockwise, as d3-geo (plotly.js) expects of an exterior ring.
    """
    region = by_code()[code]
    ring = [
        [
            round(region.longitude + radius * math.cos(math.radians(angle)), 4),
            round(region.latitude + radius * math.sin(math.radians(angle)), 4),
        ]
        for angle in range(0, -360, -60)
    ]
    ring.append(ring[0])
    return {
        "type": "Feature",
        "id": code,
        "properties": {"code": code, "name": region.name, "fallback": True},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
