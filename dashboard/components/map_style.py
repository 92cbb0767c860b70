"""How map values become colours and patterns, so a legend never lies.

- Sequential scale: ColorBrewer YlGnBu without its near-white end: no grey anywhere, its
  lightness falls steadily (readable in greyscale) and it is safe for colour-blind viewers.
- Counts and shares are drawn in classes (``0``, ``1–4``, ``5–9``, ``10–19``, ``20+``), each
  with its own colour and legend entry; categories get fixed colours (Okabe–Ito orange and
  blue, far apart in lightness too).
- A region without a value is never coloured: it is left white and hatched, a different
  hatching for each reason (:data:`STATES`), each with its own legend entry.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import shapely
from plotly.colors import hex_to_rgb, sample_colorscale, sequential, unlabel_rgb
from shapely.geometry import LineString, shape

from dashboard.formatting import number

SEQUENTIAL: list[str] = list(sequential.YlGnBu[1:])
"""Light yellow-green to dark blue; the first colour is still clearly not white."""
DIVERGING: list[str] = ["#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788"]
"""ColorBrewer PuOr (colour-blind safe), for values either side of a midpoint."""
SCALES = {"sequential": SEQUENTIAL, "diverging": DIVERGING}
CATEGORY_COLOURS = {"not_established": "#e69f00", "established": "#0b5394"}
"""Task-force status: orange (light) and dark blue: told apart by hue and by lightness."""
STATES = ("no_data", "not_reported", "hidden", "fallback")
"""Why a region shows no value (or, for ``fallback``, why its shape is only a marker)."""
HATCH_ANGLES: dict[str, tuple[float, ...]] = {
    "no_data": (45.0,),
    "not_reported": (45.0, -45.0),
    "hidden": (-45.0,),
    "fallback": (0.0,),
}
"""Direction of the hatching lines of each state (degrees from east): ``/``, ``x``, ``\\``,
``-``; distinct in greyscale and without colour."""
HATCH_COLOURS = {
    "no_data": "#6b6b6b",
    "not_reported": "#a33a00",
    "hidden": "#3d3d8f",
    "fallback": "#222222",
}
HATCH_LINES_ACROSS = 80
"""Hatching lines across the width of the whole map (about one every 9-14 px)."""
SHARE_BOUNDS = (0.0, 50.0, 80.0, 100.0)
"""Classes of percentages: below half, half to four fifths, most, all."""


@dataclass(frozen=True)
class ValueClass:
    """One entry of a classed legend: values from ``low`` up to the next class's ``low``."""

    label: str
    colour: str
    low: float


def class_index(classes: Sequence[ValueClass], value: float) -> int:
    """The class ``value`` falls in (the last whose lower bound it reaches)."""
    index = 0
    for position, each in enumerate(classes):
        if value >= each.low:
            index = position
    return index


def _palette(count: int) -> list[str]:
    if count == 1:
        return [SEQUENTIAL[len(SEQUENTIAL) // 2]]
    return sample_colorscale(SEQUENTIAL, [i / (count - 1) for i in range(count)], colortype="rgb")


def count_bounds(maximum: float) -> tuple[float, ...]:
    """Lower bounds of the count classes: ``0, 1, 5, 10, 20`` times the largest round step
    that still puts the largest value in the top class."""
    step = 1
    for candidate in (2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000):
        if 20 * candidate > maximum:
            break
        step = candidate
    return (0, 1, 5 * step, 10 * step, 20 * step)


def _range_label(low: float, high: float | None, lang: str, unit: str = "") -> str:
    if high is None:
        return f"{number(low, lang)}{unit}+" if low else f"{number(low, lang)}{unit}"
    if high - 1 <= low:
        return f"{number(low, lang)}{unit}"
    return f"{number(low, lang)}–{number(high - 1, lang)}{unit}"


def count_classes(values: Sequence[float], lang: str) -> list[ValueClass]:
    """Classes of counts: ``0``, ``1–4``, ``5–9``, ``10–19``, ``20+`` (scaled up for large)."""
    bounds = count_bounds(max(values, default=0))
    colours = _palette(len(bounds))
    highs: list[float | None] = [*bounds[1:], None]
    labels = [
        "0" if low == 0 else _range_label(low, high, lang)
        for low, high in zip(bounds, highs, strict=True)
    ]
    return [
        ValueClass(label, colour, low)
        for label, colour, low in zip(labels, colours, bounds, strict=True)
    ]


def share_classes(lang: str) -> list[ValueClass]:
    """Classes of percentages: ``0–49 %``, ``50–79 %``, ``80–99 %``, ``100 %``."""
    highs: list[float | None] = [*SHARE_BOUNDS[1:], None]
    labels = [
        _range_label(low, high, lang, "%") if high is not None else f"{number(low, lang)}%"
        for low, high in zip(SHARE_BOUNDS, highs, strict=True)
    ]
    colours = _palette(len(SHARE_BOUNDS))
    return [
        ValueClass(label, colour, low)
        for label, colour, low in zip(labels, colours, SHARE_BOUNDS, strict=True)
    ]


def stepped_colorscale(classes: Sequence[ValueClass]) -> list[list]:
    """A colour scale with one flat step per class, for ``z`` = class index."""
    count = len(classes)
    scale: list[list] = []
    for index, each in enumerate(classes):
        scale.append([index / count, each.colour])
        scale.append([(index + 1) / count, each.colour])
    return scale


def _rgb(colour: str) -> tuple[float, float, float]:
    if colour.startswith("#"):
        return hex_to_rgb(colour)
    return unlabel_rgb(colour)


def ink_for(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG relative luminance)."""

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(part) for part in _rgb(colour))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"


def scale_colours(scale: Sequence[str], shares: Sequence[float]) -> list[str]:
    """The colour at each of ``shares`` (0..1) of a continuous scale, sampled in one call
    (plotly checks the scale's colours on every call: once per region cost a map 7 ms)."""
    if not shares:
        return []
    return sample_colorscale(list(scale), [min(max(share, 0.0), 1.0) for share in shares])


Bounds = tuple[float, float, float, float]

_FEATURE_SHAPES: dict[int, tuple[dict, Bounds, tuple[float, float]]] = {}
_FEATURE_SHAPES_KEPT = 20_000


def feature_shape(feature: dict) -> tuple[Bounds, tuple[float, float]]:
    """The bounds of ``feature`` and a point inside it to write its value at (the centroid
    when inside), computed once per feature: layers share their features with the loaders'
    caches (:mod:`geodata`), and shapely on every feature of every map cost a map callback
    ~5 ms.  Kept by identity, with the feature, so an id is never reused for another."""
    kept = _FEATURE_SHAPES.get(id(feature))
    if kept is not None and kept[0] is feature:
        return kept[1], kept[2]
    polygon = shape(feature["geometry"])
    point = polygon.centroid
    if not polygon.contains(point):
        point = polygon.representative_point()
    inside = (round(point.x, 3), round(point.y, 3))
    if len(_FEATURE_SHAPES) >= _FEATURE_SHAPES_KEPT:  # layers imported anew since start
        _FEATURE_SHAPES.clear()
    _FEATURE_SHAPES[id(feature)] = (feature, polygon.bounds, inside)
    return polygon.bounds, inside


def layer_bounds(layer: dict) -> Bounds:
    """West, south, east and north edge of every feature of ``layer``."""
    boxes = [feature_shape(feature)[0] for feature in layer["features"]]
    if not boxes:
        return (0.0, 0.0, 1.0, 1.0)
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def hatch_spacing(bounds: tuple[float, float, float, float]) -> float:
    """Distance between hatching lines on a map of ``bounds``: a fixed share of its width."""
    return max((bounds[2] - bounds[0]) / HATCH_LINES_ACROSS, 1e-3)


def _hatch(area, spacing: float, angle: float) -> list[tuple[float, float]]:
    """Parallel lines ``spacing`` apart at ``angle`` clipped to ``area``; the lines sit on a
    grid anchored at the origin, so the same state's hatching lines up across regions."""
    west, south, east, north = area.bounds
    cx, cy = (west + east) / 2, (south + north) / 2
    half = math.hypot(east - west, north - south) / 2 + spacing
    direction = (math.cos(math.radians(angle)), math.sin(math.radians(angle)))
    normal = (-direction[1], direction[0])
    across = cx * normal[0] + cy * normal[1]
    first = math.floor((across - half) / spacing)
    lines = []
    for index in range(first, first + int(2 * half / spacing) + 2):
        distance = index * spacing - across
        px, py = cx + normal[0] * distance, cy + normal[1] * distance
        lines.append(
            LineString(
                [
                    (px - direction[0] * half, py - direction[1] * half),
                    (px + direction[0] * half, py + direction[1] * half),
                ]
            )
        )
    clipped = shapely.intersection(shapely.MultiLineString(lines), area)
    points: list[tuple[float, float]] = []
    for part in getattr(clipped, "geoms", [clipped]):
        if part.is_empty or part.geom_type != "LineString":
            continue
        (x0, y0), (x1, y1) = part.coords[0], part.coords[-1]
        points += [(round(x0, 2), round(y0, 2)), (round(x1, 2), round(y1, 2)), (math.nan, 0)]
    return points


def hatch_lines(
    features: Sequence[dict], state: str, spacing: float
) -> tuple[list[float | None], list[float | None]]:
    """``lon``/``lat`` of the hatching of ``features`` (segments split by ``None``).

    The features are merged first, so a line crossing neighbouring regions of one state is
    one segment: the hatching of a whole empty map stays a few kilobytes.
    """
    lon: list[float | None] = []
    lat: list[float | None] = []
    if not features:
        return lon, lat
    area = shapely.union_all(
        [shape(feature["geometry"]).simplify(spacing / 4) for feature in features],
        grid_size=1e-4,
    )
    for angle in HATCH_ANGLES[state]:
        for x, y in _hatch(area, spacing, angle):
            lon.append(None if math.isnan(x) else x)
            lat.append(None if math.isnan(x) else y)
    return lon, lat


def states_of(
    layer: dict, values: Mapping[str, float | None], states: Mapping[str, str] | None
) -> dict[str, str]:
    """The state of every region that shows no value (or is a fallback cell)."""
    result: dict[str, str] = {}
    for feature in layer["features"]:
        code = feature["id"]
        given = (states or {}).get(code)
        if given is not None:
            result[code] = given
        elif values.get(code) is None:
            result[code] = "no_data"
        elif feature.get("properties", {}).get("fallback"):
            result[code] = "fallback"
    return result
