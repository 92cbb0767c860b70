"""Schematic hexagon maps of Indonesia as GeoJSON, drawable with no boundary file.

The committed HexJSON files (built by :mod:`geodata.build_schematic`) give each region one
equal hexagon. Here they become GeoJSON in a *fake lon/lat plane*: the map is scaled to span
longitudes 95..141 (Indonesia's real width) with its southern edge at latitude -11, hexagons
regular when drawn with the ``equirectangular`` projection of a Plotly geo subplot. The
coordinates are not geographic; only the layout resembles the country.

Exterior rings run clockwise (as d3-geo, which plotly.js uses, expects), coordinates are
rounded to 3 decimals. Returned layers share their features with a cache: treat them as
read-only.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Literal

import shapely
from shapely.geometry import Polygon, mapping, shape
from shapely.geometry.polygon import orient

Level = Literal["province", "regency"]
DATA = Path(__file__).parent / "data"
FILES: dict[str, Path] = {
    "province": DATA / "schematic-provinces.json",
    "regency": DATA / "schematic-regencies.hexjson",
}
WEST, EAST, SOUTH = 95.0, 141.0, -11.0
"""The fake lon/lat extent the schematic maps are scaled to."""
DECIMALS = 3
ROW_HEIGHT = math.sqrt(3) / 2
VERTEX_ANGLES = (90, 30, -30, -90, -150, 150)
"""Pointy-top hexagon corners, clockwise from the top."""


@lru_cache(maxsize=2)
def load_hexjson(level: Level) -> dict:
    """The committed HexJSON document of ``level``."""
    if level not in FILES:
        raise ValueError(f"level must be 'province' or 'regency', got {level!r}")
    return json.loads(FILES[level].read_text(encoding="utf-8"))


def hex_centre(q: int, r: int) -> tuple[float, float]:
    """Centre of an ``odd-r`` offset cell in hex units (neighbours 1 apart, y northwards)."""
    return (q + 0.5 * (r & 1), r * ROW_HEIGHT)


@lru_cache(maxsize=2)
def _plane(level: Level) -> tuple[dict[str, tuple[float, float]], float]:
    """Plot-plane centre of every hex of ``level`` and the distance between neighbours."""
    hexes = load_hexjson(level)["hexes"]
    centres = {code: hex_centre(cell["q"], cell["r"]) for code, cell in hexes.items()}
    min_x = min(x for x, _ in centres.values()) - 0.5
    max_x = max(x for x, _ in centres.values()) + 0.5
    min_y = min(y for _, y in centres.values()) - 0.5
    unit = (EAST - WEST) / (max_x - min_x)
    plane = {
        code: (WEST + (x - min_x) * unit, SOUTH + (y - min_y) * unit)
        for code, (x, y) in centres.items()
    }
    return plane, unit


def _hexagon(x: float, y: float, unit: float) -> list[list[float]]:
    radius = unit / math.sqrt(3)
    ring = [
        [
            round(x + radius * math.cos(math.radians(angle)), DECIMALS),
            round(y + radius * math.sin(math.radians(angle)), DECIMALS),
        ]
        for angle in VERTEX_ANGLES
    ]
    return [*ring, ring[0]]


def short_names() -> dict[str, str]:
    """The common short name of each province (``JABAR``, ``PBD``), keyed by code."""
    return {code: cell["s"] for code, cell in load_hexjson("province")["hexes"].items()}


@lru_cache(maxsize=2)
def _layer(level: Level) -> dict:
    hexes = load_hexjson(level)["hexes"]
    plane, unit = _plane(level)
    short = short_names()
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {
                "code": code,
                "name": cell["n"],
                "province": cell["province"],
                "short": short[cell["province"]],
            },
            "geometry": {"type": "Polygon", "coordinates": [_hexagon(*plane[code], unit)]},
        }
        for code, cell in sorted(hexes.items())
    ]
    return {"type": "FeatureCollection", "features": features}


def schematic_layer(level: Level) -> dict:
    """GeoJSON FeatureCollection of one hexagon per province or regency/city.

    Each feature has ``id`` = Kemendagri code and properties ``code``, ``name``,
    ``province`` (the province code; a province's own code at province level) and ``short``
    (the province's short name, ``JABAR``).
    """
    cached = _layer(level)
    return {"type": "FeatureCollection", "features": list(cached["features"])}


@lru_cache(maxsize=1)
def _outlines() -> dict:
    groups: dict[str, list[Polygon]] = {}
    for feature in _layer("regency")["features"]:
        ring = feature["geometry"]["coordinates"][0]
        groups.setdefault(feature["properties"]["province"], []).append(Polygon(ring))
    features = []
    for province, polygons in sorted(groups.items()):
        merged = shapely.union_all(polygons, grid_size=10**-DECIMALS)
        parts = list(getattr(merged, "geoms", [merged]))
        multi = shapely.MultiPolygon([orient(part, sign=-1.0) for part in parts])
        geometry = mapping(orient(parts[0], sign=-1.0) if len(parts) == 1 else multi)
        features.append(
            {
                "type": "Feature",
                "id": province,
                "properties": {
                    "code": province,
                    "province": province,
                    "short": short_names()[province],
                },
                "geometry": _rounded(geometry),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _rounded(geometry: dict) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(value[0], DECIMALS), round(value[1], DECIMALS)]
            return [walk(item) for item in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def province_outlines() -> dict:
    """GeoJSON FeatureCollection of each province's outline on the regency hexagon map.

    One Polygon (MultiPolygon only if a block ever split) per province, dissolved from its
    regency hexagons, ``id`` = province code.
    """
    cached = _outlines()
    return {"type": "FeatureCollection", "features": list(cached["features"])}


def label_points(level: Level) -> dict[str, tuple[float, float]]:
    """Plot-plane centre of each hexagon of ``level``, keyed by code, for text labels."""
    plane, _ = _plane(level)
    return {
        code: (round(x, DECIMALS), round(y, DECIMALS)) for code, (x, y) in sorted(plane.items())
    }


def outline_label_points() -> dict[str, tuple[float, float]]:
    """A point inside each province's block on the regency map, for its short name."""
    points = {}
    for feature in _outlines()["features"]:
        polygon = shape(feature["geometry"])
        point = polygon.centroid if polygon.contains(polygon.centroid) else None
        point = point or polygon.representative_point()
        points[feature["id"]] = (round(point.x, DECIMALS), round(point.y, DECIMALS))
    return points
