"""Map figures: choropleths of provinces/regencies and of overseas destinations, offline.

Everything is drawn with ``go.Choropleth``/``go.Scattergeo`` on a geo subplot without any
tile basemap. plotly.js fetches a world topojson file for a geo subplot when a base layer is
shown or its *first* trace has a ``locationmode``: the world map needs it (from this app's
``assets/topojson/``, so always give map graphs ``config=graph_config()``); maps of Indonesia
start with a ``Scattergeo`` trace and show no base layer, so they never fetch it.

Imported (geographic) layers are large: their figures name the URL the layer is served at
instead (``geojson_url``), which plotly.js fetches once and keeps for the page session.

Colours and patterns come from :mod:`dashboard.components.map_style`. The region geometry
is in one trace only (``values``): a region without a value is in it too, transparent, so
that its hover still works, and its hatching says why it has no value.

Trace order of :func:`choropleth_map` (stable, for ``dash.Patch``; see :func:`patch_values`):

0-3. ``no_data``, ``not_reported``, ``hidden``, ``fallback``: hatching lines (``Scattergeo``)
     of the regions in that state, each with its legend entry while it has any;
4. ``values``: every region; ``z`` = value (or class index), transparent without a value;
5. ``labels``: text on each region: the province's short name and/or the value;
6. ``outlines``: province outlines on the regency map (empty without ``outlines``);
7. ``groups``: the provinces' short names on the regency map (empty without);
8+. with classes, one legend entry per class (never patched: new classes, new figure).

Trace order of :func:`world_map`: 0 = countries (``ISO-3``), 1 = markers of small countries,
2 = leader lines from a moved marker to the country's true place.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from babel.numbers import format_decimal
from dash import Patch
from plotly.colors import make_colorscale

from dashboard import layout as charts
from dashboard.components.map_style import (
    HATCH_COLOURS,
    SCALES,
    STATES,
    ValueClass,
    class_index,
    feature_shape,
    hatch_lines,
    hatch_spacing,
    ink_for,
    layer_bounds,
    scale_colours,
    states_of,
    stepped_colorscale,
)
from dashboard.formatting import separators
from dashboard.layout import graph_config as chart_graph_config
from geodata.regions import REGIONS_CSV
from pantau.texts import t

WORLD_TOPOJSON_URL = "/assets/topojson/"
DEFAULT_SCALE = "sequential"
"""The registry's default scale kind (:attr:`pantau.metrics.Metric.scale`)."""
TRACE = {
    "no_data": 0,
    "not_reported": 1,
    "hidden": 2,
    "fallback": 3,
    "values": 4,
    "labels": 5,
    "outlines": 6,
    "groups": 7,
}
FIRST_CLASS_TRACE = 8
WORLD_TRACE = {"countries": 0, "small": 1, "leaders": 2}
SMALL_COUNTRIES_CSV = REGIONS_CSV.parent / "small_countries.csv"
HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"


def graph_config(*, filename: str = "pantau-tppo-peta", locale: str = "id") -> dict:
    """The ``dcc.Graph`` ``config`` for every map: the one chart config
    (:func:`dashboard.layout.graph_config`: toolbar, PNG with its context) plus the local
    world topojson.

    ``locale`` only changes plotly's own date and button texts once the matching plotly.js
    locale file is loaded; unknown locales fall back to English.
    """
    return chart_graph_config(filename, locale, topojsonURL=WORLD_TOPOJSON_URL)


def format_value(value: float | None, locale: str = "id") -> str:
    """A value the way the interface writes it (``1.234``, ``12,5``), empty for None."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.#", locale=locale)


def color_range(present: list[float]) -> dict[str, float]:
    """``cmin``/``cmax`` for the colour axis: from 0 when no value is negative."""
    if not present:
        return {"cmin": 0, "cmax": 1}
    low = min(min(present), 0)
    return {"cmin": low, "cmax": max(max(present), low + 1)}


def light_geojson(layer: dict) -> dict:
    """The layer with only ids and geometries (what plotly needs)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": feature["id"], "geometry": feature["geometry"]}
            for feature in layer["features"]
        ],
    }


def label_position(feature: dict) -> tuple[float, float]:
    """A point inside the region to write its value at (the centroid when inside)."""
    return feature_shape(feature)[1]


def view_ranges(bounds: tuple[float, float, float, float], pad: float = 0.01) -> dict:
    """Geo axis ranges showing exactly ``bounds``: unlike ``fitbounds``, which leaves a wide
    margin, the map then fills the width (or height) of its frame."""
    west, south, east, north = bounds
    dx, dy = (east - west) * pad, (north - south) * pad
    return {
        "lonaxis": {"range": [west - dx, east + dx]},
        "lataxis": {"range": [south - dy, north + dy]},
    }


def _short_name(feature: dict) -> str | None:
    """The province short name written on a province tile (not on regency hexes)."""
    if "." in str(feature["id"]):
        return None
    return feature.get("properties", {}).get("short")


TILE_LABELS = {"share": 0.28, "min": 6, "max": 32}
"""Size of the text written on the tiles of a schematic map, in px: ``share`` of a tile's
width on screen, from ``min`` to ``max``.  Only the browser knows how wide a tile is drawn,
so the figure carries this rule (``layout.meta.pantau_tile_labels``, with the traces it
applies to) and ``assets/pantau-maps.js`` sizes the labels after every draw and resize."""


NAME_EMS = 4.4
"""A tile's name is at most this many ems of its label wide in all (capitals are about
0.65 em each): with labels at 0.28 of the tile, the longest name still fits its tile."""


def _label(short: str | None, value: str) -> str:
    """What a tile says: its province's short name (smaller, relative to the label's size
    so that it scales with the tile) over its value (bold)."""
    if short is None:
        return value
    size = round(min(0.8, NAME_EMS / len(short)), 2)
    name = f"<span style='font-size:{size}em'>{short}</span>"
    return f"{name}<br><b>{value}</b>" if value else name


def tile_text(feature: dict, written: str) -> str:
    """The label of ``feature``'s tile with ``written`` as its value (a figure or a mark)."""
    return _label(_short_name(feature), written)


def _is_tiles(layer: dict) -> bool:
    """Whether ``layer`` is a schematic one (tiles of one size: the labels can follow it);
    its features name their province's short name (:func:`geodata.schematic.schematic_layer`)."""
    features = layer["features"]
    return bool(features) and all("short" in f.get("properties", {}) for f in features)


@dataclass(frozen=True)
class _Arrays:
    z: list[float]
    opacity: list[float]
    customdata: list[list[str]]
    label_text: list[str]
    label_colours: list[str]
    fills: dict[str, str]
    hatches: dict[str, tuple[list[float | None], list[float | None]]]


def _arrays(
    layer: dict,
    values: Mapping[str, float | None],
    *,
    text: Mapping[str, str] | None,
    states: Mapping[str, str] | None,
    classes: Sequence[ValueClass] | None,
    scale: str,
    locale: str,
    write_values: bool = True,
) -> _Arrays:
    features = layer["features"]
    codes = [feature["id"] for feature in features]
    state = states_of(layer, values, states)
    present = [v for code in codes if (v := values.get(code)) is not None and code not in state]
    present += [
        v for code, s in state.items() if s == "fallback" and (v := values.get(code)) is not None
    ]
    low_high = color_range(present)
    z: list[float] = []
    opacity: list[float] = []
    fills: dict[str, str] = {}
    shares: dict[str, float] = {}  # of a continuous scale, coloured in one call below
    for code in codes:
        value = values.get(code)
        shown = value is not None and state.get(code, "fallback") == "fallback"
        if classes is not None:
            index = class_index(classes, value) if shown else 0
            z.append(index)
            if shown:
                fills[code] = classes[index].colour
        else:
            z.append(value if shown else low_high["cmin"])
            if shown:
                span = low_high["cmax"] - low_high["cmin"]
                shares[code] = (value - low_high["cmin"]) / span if span else 0.0
        opacity.append(1.0 if shown else 0.0)
    scale_of = SCALES.get(scale, SCALES["sequential"])
    fills.update(zip(shares, scale_colours(scale_of, list(shares.values())), strict=True))
    customdata = []
    label_text = []
    for feature, code in zip(features, codes, strict=True):
        name = feature.get("properties", {}).get("name", code)
        value = values.get(code) if code in fills else None
        line = (text or {}).get(code) or (
            format_value(value, locale)
            if value is not None
            else t(f"map.{state.get(code, 'no_data')}", locale)
        )
        if feature.get("properties", {}).get("fallback"):
            line = f"{line}<br><i>{t('map.fallback_note', locale)}</i>"
        customdata.append([name, line])
        written = format_value(value, locale) if write_values else ""
        label_text.append(tile_text(feature, written))
    spacing = hatch_spacing(layer_bounds(layer))
    hatches = {
        each: hatch_lines([f for f in features if state.get(f["id"]) == each], each, spacing)
        for each in STATES
    }
    return _Arrays(
        z=z,
        opacity=opacity,
        customdata=customdata,
        label_text=label_text,
        label_colours=[ink_for(fills[code]) if code in fills else "black" for code in codes],
        fills=fills,
        hatches=hatches,
    )


def _group_colours(
    groups: Mapping[str, tuple[float, float, str]] | None,
    label_positions: Mapping[str, tuple[float, float]],
    fills: Mapping[str, str],
) -> list[str]:
    """Ink of each group label, from the fill of the region nearest to it."""
    colours = []
    for lon, lat, _text in (groups or {}).values():
        nearest = min(
            label_positions,
            key=lambda code: (
                (label_positions[code][0] - lon) ** 2 + (label_positions[code][1] - lat) ** 2
            ),
        )
        colours.append(ink_for(fills[nearest]) if nearest in fills else "black")
    return colours


def _hatching(state: str, arrays: _Arrays) -> dict:
    """The hatching of ``state``'s regions as trace properties: its lines, and its legend
    entry only while some region is in that state (for a figure and for a patch alike)."""
    lon, lat = arrays.hatches[state]
    return {"lon": lon or [None], "lat": lat or [None], "showlegend": bool(lon)}


def _hatch_trace(state: str, arrays: _Arrays, locale: str) -> dict:
    return {
        "type": "scattergeo",
        "uid": state,
        "name": t(f"map.{state}", locale),
        "mode": "lines",
        "line": {"color": HATCH_COLOURS[state], "width": 1},
        "hoverinfo": "skip",
        "legendrank": 100 + STATES.index(state),
        **_hatching(state, arrays),
    }


def _ring_lines(outlines: dict | None) -> tuple[list[float | None], list[float | None]]:
    lon: list[float | None] = []
    lat: list[float | None] = []
    for feature in (outlines or {}).get("features", []):
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            for ring in polygon:
                lon += [point[0] for point in ring] + [None]
                lat += [point[1] for point in ring] + [None]
    return lon, lat


def class_legend(classes: Sequence[ValueClass]) -> list[dict]:
    """One legend entry per colour class of a stepped map (a square of its colour), as
    invisible traces: the map's colour bar would draw a continuous scale instead."""
    return [
        {
            "type": "scattergeo",
            "uid": f"class-{rank}",
            "name": each.label,
            "lon": [None],
            "lat": [None],
            "mode": "markers",
            "marker": {"symbol": "square", "size": 14, "color": each.colour},
            "legendrank": rank,
            "hoverinfo": "skip",
        }
        for rank, each in enumerate(classes)
    ]


def choropleth_map(
    layer: dict,
    values: Mapping[str, float | None],
    *,
    title: str = "",
    colorbar_title: str = "",
    text: Mapping[str, str] | None = None,
    show_values: bool = False,
    outlines: dict | None = None,
    groups: Mapping[str, tuple[float, float, str]] | None = None,
    classes: Sequence[ValueClass] | None = None,
    states: Mapping[str, str] | None = None,
    scale: str = DEFAULT_SCALE,
    locale: str = "id",
    label_positions: Mapping[str, tuple[float, float]] | None = None,
    write_values: bool = True,
    geojson_url: str | None = None,
) -> dict:
    """A choropleth of ``values`` (by region code) on ``layer`` (a GeoJSON FeatureCollection
    whose feature ``id`` is the code, e.g. :func:`geodata.schematic.schematic_layer`).

    ``classes`` draws a classed legend (counts, shares, categories); without, a continuous
    ``scale`` (``sequential``/``diverging``) with a colour bar. Regions without a value are
    hatched as ``no_data``, or as ``states`` says (``not_reported``, ``hidden``); imported
    layers' fallback cells are hatched too. ``text`` replaces the hover line of a region.
    Province tiles always carry their short name and value; ``show_values`` writes values on
    other maps too. ``outlines`` (:func:`geodata.schematic.province_outlines`) are drawn as
    lines and ``groups`` (code -> lon, lat, text) as bold names on top. ``write_values``
    False keeps values off the tiles (a category's number means nothing: the legend names
    its colour). With ``geojson_url`` (where :func:`light_geojson` of ``layer`` is served)
    the figure carries no geometry: plotly.js fetches it once per page session.
    """
    features = layer["features"]
    codes = [feature["id"] for feature in features]
    arrays = _arrays(
        layer,
        values,
        text=text,
        states=states,
        classes=classes,
        scale=scale,
        locale=locale,
        write_values=write_values,
    )
    if label_positions is None:
        label_positions = {f["id"]: label_position(f) for f in features}
    named = any(_short_name(feature) for feature in features)
    outline_lon, outline_lat = _ring_lines(outlines)
    group_rows = list((groups or {}).values())
    small = len(codes) > 100
    traces: list = [_hatch_trace(state, arrays, locale) for state in STATES]
    traces += [
        {
            "type": "choropleth",
            "name": "values",
            "uid": "values",
            "geojson": geojson_url or light_geojson(layer),
            "featureidkey": "id",
            "locations": codes,
            "z": arrays.z,
            "coloraxis": "coloraxis",
            "customdata": arrays.customdata,
            "hovertemplate": HOVER,
            "marker": {"line": {"color": "white", "width": 0.8}, "opacity": arrays.opacity},
            "showlegend": False,
        },
        {
            "type": "scattergeo",
            "name": "labels",
            "uid": "labels",
            "lon": [label_positions[code][0] for code in codes],
            "lat": [label_positions[code][1] for code in codes],
            "mode": "text",
            "text": arrays.label_text,
            "textfont": {"size": 8 if small else 12, "color": arrays.label_colours},
            "hoverinfo": "skip",
            "visible": (show_values and write_values) or named,
            "showlegend": False,
        },
        {
            "type": "scattergeo",
            "name": "outlines",
            "uid": "outlines",
            "lon": outline_lon or [None],
            "lat": outline_lat or [None],
            "mode": "lines",
            "line": {"color": "#222222", "width": 1.6},
            "hoverinfo": "skip",
            "showlegend": False,
        },
        {
            "type": "scattergeo",
            "name": "groups",
            "uid": "groups",
            "lon": [row[0] for row in group_rows] or [None],
            "lat": [row[1] for row in group_rows] or [None],
            "mode": "text",
            "text": [f"<b>{row[2]}</b>" for row in group_rows],
            "textfont": {
                "size": 12,
                "color": _group_colours(groups, label_positions, arrays.fills) or "black",
            },
            "hoverinfo": "skip",
            "showlegend": False,
        },
    ]
    traces.extend(class_legend(classes or []))
    present = [z for z, o in zip(arrays.z, arrays.opacity, strict=True) if o]
    if classes is not None:
        coloraxis = {
            "colorscale": stepped_colorscale(classes),
            "cmin": -0.5,
            "cmax": len(classes) - 0.5,
            "showscale": False,
        }
    else:
        coloraxis = {
            "colorscale": make_colorscale(SCALES.get(scale, SCALES["sequential"])),
            **color_range(present),
            "colorbar": {
                "title": {"text": colorbar_title, "side": "top"},
                "orientation": "h",
                "thickness": 12,
                "len": 0.45,
                "x": 0,
                "xanchor": "left",
                "y": 0,
                "yanchor": "top",
            },
        }
    tiles = {"pantau_tile_labels": {**TILE_LABELS, "traces": [TRACE["labels"]]}}
    layout = {
        "title": {"text": title, "x": 0.01} if title else None,
        "separators": separators(locale),
        "margin": {"l": 0, "r": 0, "t": 40 if title else 4, "b": 4},
        "paper_bgcolor": "white",
        "meta": tiles if _is_tiles(layer) else None,
        "coloraxis": coloraxis,
        "legend": {
            "orientation": "h",
            "x": 1 if classes is None else 0,
            "xanchor": "right" if classes is None else "left",
            "y": 0,
            "yanchor": "top",
            "title": {"text": colorbar_title if classes is not None else ""},
            "itemclick": False,
            "itemdoubleclick": False,
        },
        "geo": {
            "visible": False,
            "projection": {"type": "equirectangular"},
            "bgcolor": "rgba(0,0,0,0)",
            **view_ranges(layer_bounds(layer)),
        },
    }
    return charts.trusted_figure(traces, layout)


def patch_values(
    layer: dict,
    values: Mapping[str, float | None],
    *,
    text: Mapping[str, str] | None = None,
    states: Mapping[str, str] | None = None,
    classes: Sequence[ValueClass] | None = None,
    groups: Mapping[str, tuple[float, float, str]] | None = None,
    scale: str = DEFAULT_SCALE,
    locale: str = "id",
    write_values: bool = True,
) -> Patch:
    """A ``dash.Patch`` that swaps the values of a figure made by :func:`choropleth_map`
    with the same ``layer`` and as many ``classes`` (z, hover lines, labels, hatching and
    the classes' names), keeping the geometry."""
    arrays = _arrays(
        layer,
        values,
        text=text,
        states=states,
        classes=classes,
        scale=scale,
        locale=locale,
        write_values=write_values,
    )
    patch = Patch()
    values_trace = patch["data"][TRACE["values"]]
    values_trace["z"] = arrays.z
    values_trace["customdata"] = arrays.customdata
    values_trace["marker"]["opacity"] = arrays.opacity
    patch["data"][TRACE["labels"]]["text"] = arrays.label_text
    patch["data"][TRACE["labels"]]["textfont"]["color"] = arrays.label_colours
    for state in STATES:
        for key, value in _hatching(state, arrays).items():
            patch["data"][TRACE[state]][key] = value
    if groups:
        positions = {f["id"]: label_position(f) for f in layer["features"]}
        colours = _group_colours(groups, positions, arrays.fills)
        patch["data"][TRACE["groups"]]["textfont"]["color"] = colours
    if classes is None:
        present = [z for z, o in zip(arrays.z, arrays.opacity, strict=True) if o]
        for key, value in color_range(present).items():
            patch["layout"]["coloraxis"][key] = value
    for index, each in enumerate(classes or []):
        patch["data"][FIRST_CLASS_TRACE + index]["name"] = each.label
        patch["data"][FIRST_CLASS_TRACE + index]["marker"]["color"] = each.colour
    return patch


ASIA_VIEW = {"lonaxis": {"range": [25, 150]}, "lataxis": {"range": [-15, 48]}}
"""Where the destinations are: South-East and East Asia, South Asia and the Middle East."""
WORLD_VIEW = {"lonaxis": {"range": [-180, 180]}, "lataxis": {"range": [-58, 84]}}


@dataclass(frozen=True)
class SmallCountry:
    """A destination too small to see or click on a world map, drawn as a marker.

    ``marker_*`` is where the marker sits when the true place is too close to another small
    destination (Hong Kong and Macao); a leader line joins it to the true place.
    """

    alpha3: str
    name_id: str
    name_en: str
    latitude: float
    longitude: float
    marker_latitude: float
    marker_longitude: float

    @property
    def moved(self) -> bool:
        return (self.marker_latitude, self.marker_longitude) != (self.latitude, self.longitude)


@lru_cache(maxsize=1)
def small_countries() -> dict[str, SmallCountry]:
    """The committed table of small destinations, keyed by ISO 3166 alpha-3 code."""
    with SMALL_COUNTRIES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["alpha3"]: SmallCountry(
            alpha3=row["alpha3"],
            name_id=row["name_id"],
            name_en=row["name_en"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            marker_latitude=float(row["marker_latitude"] or row["latitude"]),
            marker_longitude=float(row["marker_longitude"] or row["longitude"]),
        )
        for row in rows
    }


@lru_cache(maxsize=2)
def country_names(locale: str = "id") -> dict[str, str]:
    """Country names by alpha-3 code in the interface language (see pantau.reference)."""
    from pantau.reference import country_rows

    column = "name_id" if locale == "id" else "name_en"
    return {row["alpha3"]: row[column] for row in country_rows()}


def _view_buttons(locale: str) -> list[dict]:
    """ "Asia & Middle East" and "Whole world": the zoom one click away."""
    return [
        {
            "type": "buttons",
            "direction": "right",
            "showactive": True,
            "active": 0,
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "pad": {"l": 4, "t": 4},
            "bgcolor": "white",
            "font": {"size": 13},
            "buttons": [
                {
                    "label": t(f"map.view_{name}", locale),
                    "method": "relayout",
                    "args": [
                        {f"geo.{axis}.range": view[axis]["range"] for axis in view},
                    ],
                }
                for name, view in (("asia", ASIA_VIEW), ("world", WORLD_VIEW))
            ],
        }
    ]


def world_map(
    values_by_alpha3: Mapping[str, float],
    *,
    title: str = "",
    colorbar_title: str = "",
    classes: Sequence[ValueClass] | None = None,
    locale: str = "id",
    resolution: Literal[110, 50] = 110,
) -> dict:
    """A world choropleth of ``values_by_alpha3`` plus a marker for each small destination,
    zoomed to Asia and the Middle East with a button for the whole world.

    ``classes`` default to count classes of the values. Works offline with
    :func:`graph_config` (topojson from ``assets/topojson``). Clicks give ``location``
    (trace 0) or ``customdata[0]`` (trace 1) = the alpha-3 code.
    """
    from dashboard.components.map_style import count_classes

    names = country_names(locale)
    codes = sorted(code for code, value in values_by_alpha3.items() if value is not None)
    classes = classes or count_classes([values_by_alpha3[code] for code in codes], locale)
    table = small_countries()
    small = [code for code in codes if code in table]
    moved = [code for code in small if table[code].moved]

    def label(code: str) -> list[str]:
        return [code, names.get(code, code), format_value(values_by_alpha3[code], locale)]

    def colour(code: str) -> str:
        return classes[class_index(classes, values_by_alpha3[code])].colour

    hover = "<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>"
    traces: list = [
        {
            "type": "choropleth",
            "name": "countries",
            "locationmode": "ISO-3",
            "locations": codes,
            "z": [class_index(classes, values_by_alpha3[code]) for code in codes],
            "coloraxis": "coloraxis",
            "customdata": [label(code) for code in codes],
            "hovertemplate": hover,
            "marker": {"line": {"color": "white", "width": 0.5}},
            "showlegend": False,
        },
        {
            "type": "scattergeo",
            "name": "small",
            "lon": [table[code].marker_longitude for code in small],
            "lat": [table[code].marker_latitude for code in small],
            "mode": "markers",
            "marker": {
                "size": 13,
                "color": [colour(code) for code in small],
                "line": {"color": "#222222", "width": 1.5},
            },
            "customdata": [label(code) for code in small],
            "hovertemplate": hover,
            "showlegend": False,
        },
        {
            "type": "scattergeo",
            "name": "leaders",
            "lon": [
                x
                for code in moved
                for x in (table[code].longitude, table[code].marker_longitude, None)
            ]
            or [None],
            "lat": [
                y
                for code in moved
                for y in (table[code].latitude, table[code].marker_latitude, None)
            ]
            or [None],
            "mode": "lines",
            "line": {"color": "#222222", "width": 1},
            "hoverinfo": "skip",
            "showlegend": False,
        },
    ]
    traces.extend(class_legend(classes))
    frame = {
        "title": {"text": title, "x": 0.01} if title else None,
        "separators": separators(locale),
        "margin": {"l": 0, "r": 0, "t": 40 if title else 4, "b": 4},
        "coloraxis": {
            "colorscale": stepped_colorscale(classes),
            "cmin": -0.5,
            "cmax": len(classes) - 0.5,
            "showscale": False,
        },
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 0,
            "yanchor": "top",
            "title": {"text": colorbar_title},
            "itemclick": False,
            "itemdoubleclick": False,
        },
        "updatemenus": _view_buttons(locale),
        "geo": {
            "resolution": resolution,
            "projection": {"type": "natural earth"},
            **ASIA_VIEW,
            "showframe": False,
            "showcoastlines": False,
            "showcountries": True,
            "countrycolor": "#ffffff",
            "showland": True,
            "landcolor": "#e4e4e4",
            "showocean": False,
            "bgcolor": "rgba(0,0,0,0)",
        },
    }
    return charts.trusted_figure(traces, frame)
