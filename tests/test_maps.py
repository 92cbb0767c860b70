"""Map figure builders and the offline map files they rely on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly
import pycountry
import pytest
from dash import Patch

from dashboard.app import ASSETS
from dashboard.components.maps import (
    MISSING_COLOUR,
    TRACE,
    WORLD_TOPOJSON_URL,
    WORLD_TRACE,
    choropleth_map,
    color_range,
    format_value,
    graph_config,
    patch_values,
    small_countries,
    world_map,
)
from geodata.schematic import province_outlines, schematic_layer

TOPOJSON = ASSETS / "topojson"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def test_plotly_js_composes_the_topojson_url_as_expected():
    """plotly.js asks for topojsonURL + '<scope>_<resolution>m.json'; both files are local."""
    source = PLOTLY_JS.read_text(encoding="utf-8")
    assert re.search(r"getTopojsonName=function\(e\)\{return\[e\.scope\.replace", source)
    assert "`${e}${t}.json`" in source
    for resolution in (110, 50):
        topology = json.loads((TOPOJSON / f"world_{resolution}m.json").read_text())
        assert {"countries", "land", "coastlines", "ocean"} <= set(topology["objects"])
        ids = {g.get("id") for g in topology["objects"]["countries"]["geometries"]}
        assert {"IDN", "KHM", "MMR", "PHL", "LAO", "MYS"} <= ids
    assert (TOPOJSON / "LICENSE").exists() and (TOPOJSON / "SOURCE.md").exists()


def test_graph_config_points_plotly_at_the_local_topojson():
    config = graph_config()
    assert config["topojsonURL"] == WORLD_TOPOJSON_URL == "/assets/topojson/"
    assert config["displaylogo"] is False
    assert config["toImageButtonOptions"]["format"] == "png"


def test_small_countries_table():
    table = small_countries()
    assert {"SGP", "HKG", "MAC", "BRN", "TLS"} <= set(table)
    for code, country in table.items():
        assert pycountry.countries.get(alpha_3=code) is not None, code
        assert -90 <= country.latitude <= 90 and -180 <= country.longitude <= 180
        assert country.name_id and country.name_en
    topology = json.loads((TOPOJSON / "world_110m.json").read_text())
    at_110m = {g.get("id") for g in topology["objects"]["countries"]["geometries"]}
    assert {"SGP", "HKG", "MAC"} <= set(table) - at_110m


def test_choropleth_traces_in_the_documented_order():
    layer = schematic_layer("province")
    figure = choropleth_map(layer, {"32": 10.0, "33": None}, outlines=province_outlines())
    names = [trace.name for trace in figure.data]
    assert names == sorted(TRACE, key=TRACE.get)
    base, values, labels, outlines = figure.data
    assert list(base.locations) == list(values.locations) == [f["id"] for f in layer["features"]]
    assert base.colorscale[0][1] == MISSING_COLOUR
    z = dict(zip(values.locations, values.z, strict=True))
    assert z["32"] == 10.0 and z["33"] is None and z["11"] is None
    hover = {code: row[1] for code, row in zip(values.locations, values.customdata, strict=True)}
    assert hover["33"] == "tidak ada data" and hover["32"] == "10"
    assert labels.visible is False
    assert len(outlines.locations) == 38
    assert figure.layout.geo.visible is False
    assert figure.layout.geo.fitbounds == "locations"
    assert figure.layout.coloraxis.cmin == 0 and figure.layout.coloraxis.cmax == 10


def test_meeting_mode_writes_values_on_the_map_with_readable_colours():
    layer = schematic_layer("province")
    figure = choropleth_map(layer, {"32": 1234.0, "53": 0.0}, show_values=True)
    labels = figure.data[TRACE["labels"]]
    assert labels.visible is True
    text = dict(zip(figure.data[TRACE["values"]].locations, labels.text, strict=True))
    assert text["32"] == "1.234" and text["53"] == "0" and text["11"] == ""
    colours = dict(zip(figure.data[TRACE["values"]].locations, labels.textfont.color, strict=True))
    assert colours["32"] == "black" and colours["53"] == "white"


def test_english_and_custom_hover_text():
    layer = schematic_layer("province")
    figure = choropleth_map(layer, {"32": 2.5}, text={"32": "2,5 per 100.000"}, locale="en")
    values = figure.data[TRACE["values"]]
    rows = dict(zip(values.locations, values.customdata, strict=True))
    assert rows["32"][1] == "2,5 per 100.000"
    assert rows["11"][1] == "no data"
    assert figure.layout.separators == ".,"


def test_figure_stays_small():
    layer = schematic_layer("regency")
    values = {f["id"]: 1.0 for f in layer["features"]}
    figure = choropleth_map(layer, values, show_values=True, outlines=province_outlines())
    assert len(figure.to_json()) < 400_000
    assert "properties" not in json.dumps(figure.data[TRACE["values"]].geojson)


def test_patch_values_updates_only_values():
    layer = schematic_layer("province")
    patch = patch_values(layer, {"32": 5.0})
    assert isinstance(patch, Patch)
    operations = patch.to_plotly_json()["operations"]
    paths = {tuple(op["location"]) for op in operations}
    assert ("data", TRACE["values"], "z") in paths
    assert ("data", TRACE["labels"], "text") in paths
    assert not any("geojson" in path for path in paths)


def test_color_range_and_number_format():
    assert color_range([]) == {"cmin": 0, "cmax": 1}
    assert color_range([3, 9]) == {"cmin": 0, "cmax": 9}
    assert color_range([-2, 4]) == {"cmin": -2, "cmax": 4}
    assert format_value(1234567, "id") == "1.234.567"
    assert format_value(12.5, "id") == "12,5"
    assert format_value(None) == ""


def test_world_map_marks_small_destinations():
    figure = world_map({"KHM": 420, "SGP": 12, "HKG": 7, "MMR": 0})
    countries, small = figure.data[WORLD_TRACE["countries"]], figure.data[WORLD_TRACE["small"]]
    assert countries.locationmode == "ISO-3"
    assert list(countries.locations) == ["HKG", "KHM", "MMR", "SGP"]
    assert [row[0] for row in small.customdata] == ["HKG", "SGP"]
    assert small.customdata[1][1] == "Singapura"
    assert small.marker.coloraxis == "coloraxis"
    assert figure.layout.geo.resolution == 110


@pytest.mark.parametrize("level", ["province", "regency"])
def test_every_feature_gets_a_label_position_inside_it(level):
    figure = choropleth_map(schematic_layer(level), {})
    labels = figure.data[TRACE["labels"]]
    assert len(labels.lon) == (38 if level == "province" else 514)
