"""Map figures: choropleths of provinces/regencies and of overseas destinations, offline.

Everything is drawn with ``go.Choropleth``/``go.Scattergeo`` on a geo subplot without any
tile basemap. plotly.js still fetches a world topojson file for geo subplots (even for
GeoJSON choropleths), from ``config.topojsonURL`` + ``world_110m.json``: always give map
graphs ``config=graph_config()`` so it comes from this app's ``assets/topojson/``.

Trace order of :func:`choropleth_map` (stable, for ``dash.Patch``; see :func:`patch_values`):

0. ``base``: every region in grey, hover "tidak ada data";
1. ``values``: every region, ``z`` = value or null (null = not drawn, the grey shows);
2. ``labels``: ``Scattergeo`` text with the formatted value on each region (``visible`` only
   with ``show_values``);
3. ``outlines``: only when ``outlines`` is given, thick lines, no hover.

Trace order of :func:`world_map`: 0 = countries (``ISO-3``), 1 = markers of small countries.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import plotly.graph_objects as go
from babel.numbers import format_decimal
from dash import Patch
from plotly.colors import sample_colorscale, unlabel_rgb
from shapely.geometry import shape

from dashboard.formatting import separators
from geodata.regions import REGIONS_CSV

WORLD_TOPOJSON_URL = "/assets/topojson/"
DEFAULT_COLORSCALE = "Cividis"
"""Sequential and readable by people with colour-vision deficiency."""
MISSING_COLOUR = "#d0d0d0"
TRACE = {"base": 0, "values": 1, "labels": 2, "outlines": 3}
WORLD_TRACE = {"countries": 0, "small": 1}
SMALL_COUNTRIES_CSV = REGIONS_CSV.parent / "small_countries.csv"
TEXTS = {
    "id": {"no_data": "tidak ada data", "legend": "Abu-abu: tidak ada data"},
    "en": {"no_data": "no data", "legend": "Grey: no data"},
}


def graph_config(*, filename: str = "pantau-tppo-peta", locale: str = "id") -> dict:
    """The ``dcc.Graph`` ``config`` for every map: local topojson, no logo, PNG export.

    ``locale`` only changes plotly's own date and button texts once the matching plotly.js
    locale file is loaded; unknown locales fall back to English.
    """
    return {
        "topojsonURL": WORLD_TOPOJSON_URL,
        "displaylogo": False,
        "locale": locale,
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


def _texts(locale: str) -> dict[str, str]:
    return TEXTS.get(locale, TEXTS["en"])


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


def _text_colours(values: list[float | None], colorscale: str) -> list[str]:
    """Black or white, whichever reads better on each value's fill colour."""
    present = [value for value in values if value is not None]
    if not present:
        return ["black" for _ in values]
    low, high = min(min(present), 0), max(present)
    colours = []
    for value in values:
        if value is None:
            colours.append("black")
            continue
        share = 0.0 if high == low else (value - low) / (high - low)
        red, green, blue = unlabel_rgb(sample_colorscale(colorscale, [share])[0])
        luminance = 0.299 * red + 0.587 * green + 0.114 * blue
        colours.append("black" if luminance > 140 else "white")
    return colours


def _light_geojson(layer: dict) -> dict:
    """The layer with only ids and geometries (what plotly needs)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": feature["id"], "geometry": feature["geometry"]}
            for feature in layer["features"]
        ],
    }


def label_position(geometry: dict) -> tuple[float, float]:
    """A point inside the region to write its value at (the centroid when inside)."""
    polygon = shape(geometry)
    point = polygon.centroid
    if not polygon.contains(point):
        point = polygon.representative_point()
    return (round(point.x, 3), round(point.y, 3))


@dataclass(frozen=True)
class _Arrays:
    z: list[float | None]
    customdata: list[list[str]]
    label_text: list[str]
    label_colours: list[str]


def _arrays(
    layer: dict,
    values: Mapping[str, float | None],
    text: Mapping[str, str] | None,
    colorscale: str,
    locale: str,
) -> _Arrays:
    codes = [feature["id"] for feature in layer["features"]]
    names = [
        feature.get("properties", {}).get("name", code)
        for feature, code in zip(layer["features"], codes, strict=True)
    ]
    z = [values.get(code) for code in codes]
    shown = [format_value(value, locale) for value in z]
    hover = [
        (text or {}).get(code) or (shown[i] if z[i] is not None else _texts(locale)["no_data"])
        for i, code in enumerate(codes)
    ]
    return _Arrays(
        z=z,
        customdata=[[name, line] for name, line in zip(names, hover, strict=True)],
        label_text=shown,
        label_colours=_text_colours(z, colorscale),
    )


def choropleth_map(
    layer: dict,
    values: Mapping[str, float | None],
    *,
    title: str = "",
    colorbar_title: str = "",
    text: Mapping[str, str] | None = None,
    show_values: bool = False,
    outlines: dict | None = None,
    colorscale: str = DEFAULT_COLORSCALE,
    locale: str = "id",
    label_positions: Mapping[str, tuple[float, float]] | None = None,
) -> go.Figure:
    """A choropleth of ``values`` (by region code) on ``layer`` (a GeoJSON FeatureCollection
    whose feature ``id`` is the code, e.g. :func:`geodata.schematic.schematic_layer`).

    Regions without a value are grey ("tidak ada data"). ``text`` replaces the hover line of
    a region. ``show_values`` writes each value on its region (meeting/projector mode).
    ``outlines`` (e.g. :func:`geodata.schematic.province_outlines`) is drawn as thick lines.
    ``label_positions`` defaults to a point inside each feature.
    """
    geojson = _light_geojson(layer)
    codes = [feature["id"] for feature in layer["features"]]
    arrays = _arrays(layer, values, text, colorscale, locale)
    if label_positions is None:
        label_positions = {f["id"]: label_position(f["geometry"]) for f in layer["features"]}
    hover = "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"
    small = len(codes) > 100
    figure = go.Figure(
        [
            go.Choropleth(
                name="base",
                geojson=geojson,
                featureidkey="id",
                locations=codes,
                z=[0] * len(codes),
                colorscale=[[0, MISSING_COLOUR], [1, MISSING_COLOUR]],
                showscale=False,
                customdata=[[row[0], _texts(locale)["no_data"]] for row in arrays.customdata],
                hovertemplate=hover,
                marker={"line": {"color": "white", "width": 0.5}},
            ),
            go.Choropleth(
                name="values",
                geojson=geojson,
                featureidkey="id",
                locations=codes,
                z=arrays.z,
                coloraxis="coloraxis",
                customdata=arrays.customdata,
                hovertemplate=hover,
                marker={"line": {"color": "white", "width": 0.5}},
            ),
            go.Scattergeo(
                name="labels",
                lon=[label_positions[code][0] for code in codes],
                lat=[label_positions[code][1] for code in codes],
                mode="text",
                text=arrays.label_text,
                textfont={"size": 8 if small else 12, "color": arrays.label_colours},
                hoverinfo="skip",
                visible=show_values,
                showlegend=False,
            ),
        ]
    )
    if outlines is not None:
        outline_codes = [feature["id"] for feature in outlines["features"]]
        figure.add_trace(
            go.Choropleth(
                name="outlines",
                geojson=_light_geojson(outlines),
                featureidkey="id",
                locations=outline_codes,
                z=[0] * len(outline_codes),
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                hoverinfo="skip",
                marker={"line": {"color": "#333333", "width": 1.6}},
            )
        )
    present = [value for value in arrays.z if value is not None]
    figure.update_layout(
        title={"text": title, "x": 0.01} if title else None,
        separators=separators(locale),
        margin={"l": 0, "r": 0, "t": 40 if title else 8, "b": 0},
        paper_bgcolor="white",
        coloraxis={
            "colorscale": colorscale,
            **color_range(present),
            "colorbar": {"title": {"text": colorbar_title}, "thickness": 14, "len": 0.7},
        },
        geo={
            "visible": False,
            "fitbounds": "locations",
            "projection": {"type": "equirectangular"},
            "bgcolor": "rgba(0,0,0,0)",
        },
        annotations=[
            {
                "text": _texts(locale)["legend"],
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 12, "color": "#555555"},
            }
        ],
    )
    return figure


def patch_values(
    layer: dict,
    values: Mapping[str, float | None],
    *,
    text: Mapping[str, str] | None = None,
    colorscale: str = DEFAULT_COLORSCALE,
    locale: str = "id",
) -> Patch:
    """A ``dash.Patch`` that swaps the values of a figure made by :func:`choropleth_map`
    with the same ``layer`` (z, hover lines and value labels), keeping the geometry."""
    arrays = _arrays(layer, values, text, colorscale, locale)
    patch = Patch()
    patch["data"][TRACE["values"]]["z"] = arrays.z
    patch["data"][TRACE["values"]]["customdata"] = arrays.customdata
    patch["data"][TRACE["labels"]]["text"] = arrays.label_text
    patch["data"][TRACE["labels"]]["textfont"]["color"] = arrays.label_colours
    for key, value in color_range([v for v in arrays.z if v is not None]).items():
        patch["layout"]["coloraxis"][key] = value
    return patch


@dataclass(frozen=True)
class SmallCountry:
    """A destination too small to see or click on a world map, drawn as a marker."""

    alpha3: str
    name_id: str
    name_en: str
    latitude: float
    longitude: float


@lru_cache(maxsize=1)
def small_countries() -> dict[str, SmallCountry]:
    """The committed table of small destinations, keyed by ISO 3166 alpha-3 code."""
    with SMALL_COUNTRIES_CSV.open(encoding="utf-8") as handle:
        return {
            row["alpha3"]: SmallCountry(
                alpha3=row["alpha3"],
                name_id=row["name_id"],
                name_en=row["name_en"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            )
            for row in csv.DictReader(handle)
        }


@lru_cache(maxsize=2)
def country_names(locale: str = "id") -> dict[str, str]:
    """Country names by alpha-3 code in the interface language (from pycountry)."""
    from pantau.reference import country_rows

    column = "name_id" if locale == "id" else "name_en"
    return {row["alpha3"]: row[column] for row in country_rows()}


def world_map(
    values_by_alpha3: Mapping[str, float],
    *,
    title: str = "",
    colorbar_title: str = "",
    colorscale: str = DEFAULT_COLORSCALE,
    locale: str = "id",
    resolution: Literal[110, 50] = 110,
) -> go.Figure:
    """A world choropleth of ``values_by_alpha3`` plus a marker for each small destination.

    Works offline with :func:`graph_config` (topojson from ``assets/topojson``). Clicks give
    ``location`` (trace 0) or ``customdata[0]`` (trace 1) = the alpha-3 code.
    """
    names = country_names(locale)
    codes = sorted(code for code, value in values_by_alpha3.items() if value is not None)
    small = [code for code in codes if code in small_countries()]

    def label(code: str) -> list[str]:
        return [code, names.get(code, code), format_value(values_by_alpha3[code], locale)]

    hover = "<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>"
    figure = go.Figure(
        [
            go.Choropleth(
                name="countries",
                locationmode="ISO-3",
                locations=codes,
                z=[values_by_alpha3[code] for code in codes],
                coloraxis="coloraxis",
                customdata=[label(code) for code in codes],
                hovertemplate=hover,
                marker={"line": {"color": "white", "width": 0.5}},
            ),
            go.Scattergeo(
                name="small",
                lon=[small_countries()[code].longitude for code in small],
                lat=[small_countries()[code].latitude for code in small],
                mode="markers",
                marker={
                    "size": 11,
                    "color": [values_by_alpha3[code] for code in small],
                    "coloraxis": "coloraxis",
                    "line": {"color": "#333333", "width": 1},
                },
                customdata=[label(code) for code in small],
                hovertemplate=hover,
                showlegend=False,
            ),
        ]
    )
    figure.update_layout(
        title={"text": title, "x": 0.01} if title else None,
        separators=separators(locale),
        margin={"l": 0, "r": 0, "t": 40 if title else 8, "b": 0},
        coloraxis={
            "colorscale": colorscale,
            **color_range([v for v in values_by_alpha3.values() if v is not None]),
            "colorbar": {"title": {"text": colorbar_title}, "thickness": 14, "len": 0.7},
        },
        geo={
            "resolution": resolution,
            "projection": {"type": "natural earth"},
            "showframe": False,
            "showcoastlines": False,
            "showcountries": True,
            "countrycolor": "#ffffff",
            "showland": True,
            "landcolor": "#e4e4e4",
            "showocean": False,
            "bgcolor": "rgba(0,0,0,0)",
            "lataxis": {"range": [-50, 75]},
        },
    )
    return figure
