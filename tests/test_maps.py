"""Map figure builders and the offline map files they rely on."""

from __future__ import annotations

import colorsys
import json
import math
import re
from pathlib import Path

import plotly
import plotly.graph_objects as go
import pycountry
import pytest
from dash import Patch
from plotly.colors import hex_to_rgb, unlabel_rgb
from shapely.geometry import Point, shape

from dashboard.app import ASSETS
from dashboard.callbacks.map_views import (
    MapValues,
    category_classes,
    decorations,
    legend_classes,
    map_figure,
)
from dashboard.components.map_style import (
    CATEGORY_COLOURS,
    HATCH_ANGLES,
    HATCH_COLOURS,
    SCALES,
    SEQUENTIAL,
    class_index,
    count_classes,
    hatch_lines,
    share_classes,
)
from dashboard.components.maps import (
    DEFAULT_SCALE,
    FIRST_CLASS_TRACE,
    TRACE,
    WORLD_TOPOJSON_URL,
    WORLD_TRACE,
    choropleth_map,
    color_range,
    country_names,
    format_value,
    graph_config,
    patch_values,
    small_countries,
    world_map,
)
from dashboard.layout import MODEBAR_REMOVE, PNG_BUTTON_REPLACED
from dashboard.layout import graph_config as chart_graph_config
from geodata.schematic import province_outlines, schematic_layer
from pantau.metrics import MAP_METRICS, METRICS
from pantau.reference import INDONESIAN_NAMES, country_rows

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


def test_map_config_is_the_one_chart_config_with_the_topojson():
    """Maps remove the toolbar buttons every chart removes (one list), plotly's own PNG
    button included (its replacement carries the chart's context)."""
    config = graph_config(filename="peta", locale="en")
    assert config == {**chart_graph_config("peta", "en"), "topojsonURL": WORLD_TOPOJSON_URL}
    assert config["modeBarButtonsToRemove"] == [*MODEBAR_REMOVE, PNG_BUTTON_REPLACED]


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
    classes = count_classes([10.0], "id")
    figure = go.Figure(
        choropleth_map(
            layer, {"32": 10.0, "33": None}, outlines=province_outlines(), classes=classes
        )
    )
    uids = [trace.uid for trace in figure.data]
    assert uids[:FIRST_CLASS_TRACE] == sorted(TRACE, key=TRACE.get)
    assert uids[FIRST_CLASS_TRACE:] == [f"class-{i}" for i in range(len(classes))]
    values = figure.data[TRACE["values"]]
    assert list(values.locations) == [f["id"] for f in layer["features"]]
    z = dict(zip(values.locations, values.z, strict=True))
    opacity = dict(zip(values.locations, values.marker.opacity, strict=True))
    assert z["32"] == class_index(classes, 10.0) == 3 and opacity["32"] == 1
    assert opacity["33"] == 0 and opacity["11"] == 0, "no value: transparent, hatched"
    hover = {code: row[1] for code, row in zip(values.locations, values.customdata, strict=True)}
    assert hover["33"] == "Tidak ada data" and hover["32"] == "10"
    no_data = figure.data[TRACE["no_data"]]
    assert no_data.showlegend is True and len([x for x in no_data.lon if x is None]) > 37
    assert figure.data[TRACE["not_reported"]].showlegend is False
    assert figure.data[TRACE["labels"]].visible is True, "province tiles always name"
    assert len([x for x in figure.data[TRACE["outlines"]].lon if x is None]) >= 38
    assert figure.layout.geo.visible is False
    assert figure.layout.geo.fitbounds is None, "explicit ranges: the map fills its frame"
    west, east = figure.layout.geo.lonaxis.range
    assert 94 < west < 95 and 141 < east < 142
    assert figure.layout.coloraxis.showscale is False


def test_indonesia_maps_never_ask_for_the_world_topojson():
    """plotly.js fetches the topojson when a base layer shows or the first trace has a
    locationmode: neither holds for maps of Indonesia."""
    figure = go.Figure(choropleth_map(schematic_layer("province"), {"32": 1.0}))
    first = figure.data[0]
    assert first.type == "scattergeo" and first.locations is None
    assert first.locationmode is None
    geo = figure.layout.geo
    assert geo.visible is False
    assert not any(geo[f"show{layer}"] for layer in ("land", "ocean", "coastlines", "lakes"))


def test_tiles_carry_short_name_and_value_in_readable_ink():
    layer = schematic_layer("province")
    values = {"32": 1234.0, "53": 0.0}
    figure = go.Figure(
        choropleth_map(layer, values, classes=count_classes(list(values.values()), "id"))
    )
    labels = figure.data[TRACE["labels"]]
    text = dict(zip(figure.data[TRACE["values"]].locations, labels.text, strict=True))
    assert "JABAR" in text["32"] and "<b>1.234</b>" in text["32"]
    assert "NTT" in text["53"] and "<b>0</b>" in text["53"]
    assert "ACEH" in text["11"] and "<b>" not in text["11"]
    colours = dict(zip(figure.data[TRACE["values"]].locations, labels.textfont.color, strict=True))
    assert colours["32"] == "white" and colours["53"] == "black"


def test_regency_map_values_only_with_show_values():
    layer = schematic_layer("regency")
    figure = go.Figure(choropleth_map(layer, {"32.01": 3.0}))
    assert figure.data[TRACE["labels"]].visible is False
    shown = go.Figure(choropleth_map(layer, {"32.01": 3.0}, show_values=True))
    labels = shown.data[TRACE["labels"]].text
    text = dict(zip(shown.data[TRACE["values"]].locations, labels, strict=True))
    assert text["32.01"] == "3" and text["32.02"] == ""


def test_english_and_custom_hover_text():
    layer = schematic_layer("province")
    figure = go.Figure(
        choropleth_map(layer, {"32": 2.5}, text={"32": "2,5 per 100.000"}, locale="en")
    )
    values = figure.data[TRACE["values"]]
    rows = dict(zip(values.locations, values.customdata, strict=True))
    assert rows["32"][1] == "2,5 per 100.000"
    assert rows["11"][1] == "No data"
    assert figure.layout.separators == ".,"
    assert figure.layout.coloraxis.colorbar.orientation == "h", "continuous: a colour bar"


def test_states_are_hatched_differently_with_their_own_legend_entries():
    layer = schematic_layer("province")
    states = {"11": "not_reported", "12": "hidden"}
    figure = go.Figure(choropleth_map(layer, {"32": 4.0}, states=states, locale="en"))
    names = {trace.uid: trace.name for trace in figure.data[: TRACE["values"]]}
    assert names == {
        "no_data": "No data",
        "not_reported": "Not reported",
        "hidden": "Hidden (small count)",
        "fallback": "Boundary not imported",
    }
    for state in ("not_reported", "hidden"):
        trace = figure.data[TRACE[state]]
        assert trace.showlegend is True and trace.line.color == HATCH_COLOURS[state]
    hover = dict(zip(figure.data[TRACE["values"]].locations,
                     figure.data[TRACE["values"]].customdata, strict=True))  # fmt: skip
    assert hover["11"][1] == "Not reported" and hover["12"][1] == "Hidden (small count)"
    assert len(set(HATCH_ANGLES.values())) == len(HATCH_ANGLES), "patterns differ, not colour"


def test_fallback_cells_are_hatched_and_say_why_in_the_hover():
    layer = schematic_layer("province")
    fallback = dict(layer["features"][0])
    fallback["properties"] = {**fallback["properties"], "fallback": True}
    layer = {**layer, "features": [fallback, *layer["features"][1:]]}
    figure = go.Figure(choropleth_map(layer, {fallback["id"]: 7.0, "32": 3.0}))
    trace = figure.data[TRACE["fallback"]]
    assert trace.showlegend is True and len(trace.lon) > 3
    values = figure.data[TRACE["values"]]
    hover = dict(zip(values.locations, values.customdata, strict=True))
    assert "batas wilayah belum diimpor" in hover[fallback["id"]][1]
    assert "7" in hover[fallback["id"]][1]
    opacity = dict(zip(values.locations, values.marker.opacity, strict=True))
    assert opacity[fallback["id"]] == 1, "a fallback cell still shows its value"


def test_hatching_stays_inside_its_region():
    layer = schematic_layer("province")
    feature = next(f for f in layer["features"] if f["id"] == "53")
    lon, lat = hatch_lines([feature], "not_reported", 0.1)
    polygon = shape(feature["geometry"]).buffer(0.01)  # rounded to 0.01 degree
    points = [Point(x, y) for x, y in zip(lon, lat, strict=True) if x is not None]
    assert len(points) > 20 and all(polygon.contains(point) for point in points)


def test_figure_stays_small_and_carries_the_geometry_once():
    layer = schematic_layer("regency")
    values = {f["id"]: 1.0 for f in layer["features"][::2]}
    outlines, groups = decorations(layer)
    figure = go.Figure(choropleth_map(
        layer, values, show_values=True, outlines=outlines, groups=groups,
        classes=count_classes([1.0], "id"),
    ))  # fmt: skip
    text = figure.to_json()
    assert len(text) < 400_000
    assert "properties" not in json.dumps(figure.data[TRACE["values"]].geojson)
    assert [trace.type for trace in figure.data].count("choropleth") == 1
    assert text.count('"geojson"') == 1, "the layer is in the figure once"


def test_national_regency_map_has_province_outlines_and_names():
    layer = schematic_layer("regency")
    outlines, groups = decorations(layer)
    assert len(outlines["features"]) == 38 and len(groups) == 38
    figure = go.Figure(map_figure(layer, MapValues({}, {}, "Korban", count_classes([], "id")), "id",
                        show_values=False))  # fmt: skip
    names = figure.data[TRACE["groups"]].text
    assert "<b>JABAR</b>" in names and "<b>PBD</b>" in names
    one = {**layer, "features": [f for f in layer["features"] if f["id"].startswith("32.")]}
    outlines, groups = decorations(one)
    assert [f["id"] for f in outlines["features"]] == ["32"] and groups is None


def test_patch_values_updates_only_values():
    layer = schematic_layer("province")
    classes = count_classes([5.0], "id")
    patch = patch_values(layer, {"32": 5.0}, classes=classes, states={"11": "not_reported"})
    assert isinstance(patch, Patch)
    operations = patch.to_plotly_json()["operations"]
    paths = {tuple(op["location"]) for op in operations}
    assert ("data", TRACE["values"], "z") in paths
    assert ("data", TRACE["values"], "marker", "opacity") in paths
    assert ("data", TRACE["labels"], "text") in paths
    assert ("data", TRACE["not_reported"], "lon") in paths
    assert ("data", FIRST_CLASS_TRACE + 4, "name") in paths
    assert not any("geojson" in path for path in paths)


def test_color_range_and_number_format():
    assert color_range([]) == {"cmin": 0, "cmax": 1}
    assert color_range([3, 9]) == {"cmin": 0, "cmax": 9}
    assert color_range([-2, 4]) == {"cmin": -2, "cmax": 4}
    assert format_value(1234567, "id") == "1.234.567"
    assert format_value(12.5, "id") == "12,5"
    assert format_value(None) == ""


def _lightness(colour: str) -> float:
    red, green, blue = (c / 255 for c in _rgb(colour))
    return colorsys.rgb_to_hls(red, green, blue)[1]


def _saturation(colour: str) -> float:
    red, green, blue = (c / 255 for c in _rgb(colour))
    return colorsys.rgb_to_hls(red, green, blue)[2]


def test_sequential_scale_has_no_grey_and_reads_in_greyscale():
    assert DEFAULT_SCALE == "sequential" and SCALES["sequential"] == SEQUENTIAL
    assert all(_saturation(colour) > 0.3 for colour in SEQUENTIAL), "no grey in the scale"
    lightness = [_lightness(colour) for colour in SEQUENTIAL]
    assert lightness == sorted(lightness, reverse=True), "light to dark, step by step"
    assert lightness[0] < 0.92, "the lowest class is still visibly not white"
    classes = count_classes([30], "id")
    inks = [_lightness(each.colour) for each in classes]
    assert min(b - a for a, b in zip(inks[1:], inks, strict=False)) > 0.05


def test_count_classes_are_integer_ranges():
    assert [c.label for c in count_classes([0, 3, 24], "id")] == ["0", "1–4", "5–9", "10–19", "20+"]
    assert [c.label for c in count_classes([85], "id")] == ["0", "1–9", "10–19", "20–39", "40+"]
    assert [c.label for c in count_classes([1500], "en")][-1] == "1,000+"
    classes = count_classes([24], "id")
    assert [class_index(classes, v) for v in (0, 1, 4, 5, 19, 20, 99)] == [0, 1, 1, 2, 3, 4, 4]
    assert [c.label for c in share_classes("id")] == ["0–49%", "50–79%", "80–99%", "100%"]


def test_categories_have_fixed_colours_and_a_discrete_legend():
    classes = category_classes("id")
    assert [c.colour for c in classes] == [
        CATEGORY_COLOURS["not_established"],
        CATEGORY_COLOURS["established"],
    ]
    light, dark = (_luminance(each.colour) for each in classes)
    assert (light + 0.05) / (dark + 0.05) > 3, "told apart in greyscale too"
    figure = go.Figure(
        choropleth_map(schematic_layer("province"), {"32": 2.0, "33": 0.0}, classes=classes)
    )
    legend = [trace.name for trace in figure.data[FIRST_CLASS_TRACE:]]
    assert legend == [c.label for c in classes]
    scale = figure.layout.coloraxis.colorscale
    assert {colour for _position, colour in scale} == set(CATEGORY_COLOURS.values())


@pytest.mark.parametrize("key", MAP_METRICS)
def test_map_legends_follow_the_registry(key):
    entry = METRICS[key]
    classes = legend_classes(entry, {"32": 3.0}, "id", rate=False)
    if entry.scale == "categorical":
        assert classes == category_classes("id")
    elif entry.kind == "share":
        assert [c.low for c in classes] == [0, 50, 80, 100]
    else:
        assert entry.kind == "count" and classes[0].label == "0"
    if entry.has_rate:
        assert legend_classes(entry, {"32": 3.0}, "id", rate=True) is None


def test_world_map_marks_small_destinations():
    figure = go.Figure(world_map({"KHM": 420, "SGP": 12, "HKG": 7, "MMR": 0, "MAC": 3}))
    countries, small = figure.data[WORLD_TRACE["countries"]], figure.data[WORLD_TRACE["small"]]
    assert countries.locationmode == "ISO-3"
    assert list(countries.locations) == ["HKG", "KHM", "MAC", "MMR", "SGP"]
    assert [row[0] for row in small.customdata] == ["HKG", "MAC", "SGP"]
    assert small.customdata[2][1] == "Singapura"
    leaders = figure.data[WORLD_TRACE["leaders"]]
    assert [x for x in leaders.lon if x is not None] == [114.17, 117.2, 113.54, 112.4]
    assert figure.layout.geo.resolution == 110


def test_world_map_opens_on_asia_with_the_world_one_click_away():
    figure = go.Figure(world_map({"KHM": 420, "SAU": 60}))
    geo = figure.layout.geo
    assert list(geo.lonaxis.range) == [25, 150] and list(geo.lataxis.range) == [-15, 48]
    buttons = figure.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["Asia & Timur Tengah", "Seluruh dunia"]
    assert buttons[1].args[0]["geo.lonaxis.range"] == [-180, 180]
    assert buttons[0].args[0]["geo.lonaxis.range"] == [25, 150]


def test_small_destination_markers_stand_apart():
    """In the Asia view (about 6 px per degree in a 700 px frame) markers closer than
    2.5 degrees would overlap; moved ones are joined to their true place."""
    table = small_countries()
    markers = [(c.marker_longitude, c.marker_latitude) for c in table.values()]
    for index, (x, y) in enumerate(markers):
        for other_x, other_y in markers[index + 1 :]:
            assert math.hypot(x - other_x, y - other_y) > 2.5
    assert table["HKG"].moved and table["MAC"].moved and not table["SGP"].moved


def test_indonesian_country_names_in_current_usage():
    names = country_names("id")
    assert names["TLS"] == "Timor-Leste" and names["CHN"] == "Tiongkok"
    rows = {row["alpha3"]: row for row in country_rows()}
    assert rows["TLS"]["name_id"] == "Timor-Leste"
    assert set(INDONESIAN_NAMES) <= set(rows)
    assert all(small.name_id == names[code] for code, small in small_countries().items())


@pytest.mark.parametrize("level", ["province", "regency"])
def test_every_feature_gets_a_label_position_inside_it(level):
    figure = go.Figure(choropleth_map(schematic_layer(level), {}))
    labels = figure.data[TRACE["labels"]]
    assert len(labels.lon) == (38 if level == "province" else 514)


def _rgb(colour: str) -> tuple[float, float, float]:
    return hex_to_rgb(colour) if colour.startswith("#") else unlabel_rgb(colour)


def _luminance(colour: str) -> float:
    """WCAG relative luminance."""

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_rates_offered_only_where_the_registry_has_a_denominator():
    from dashboard.callbacks.shell import MEASURE_OUTPUT, SHELL_TEXT_OUTPUTS, measure_options
    from dashboard.filters import FilterState

    output = SHELL_TEXT_OUTPUTS[MEASURE_OUTPUT - 1]
    assert (output.component_id, output.component_property) == ("shell-measure", "options")
    for key in MAP_METRICS:
        count, rate = measure_options(FilterState(metric=key))
        assert count["value"] == "count" and not count.get("disabled")
        assert rate["value"] == "rate" and rate["disabled"] is (not METRICS[key].has_rate)
    assert measure_options(FilterState(metric="task_force"))[1]["disabled"] is True


def test_categories_name_the_tiles_but_write_no_numbers():
    classes = category_classes("id")
    shown = MapValues({"32": 2.0, "33": 0.0}, {}, "Status", classes, written=False)
    figure = go.Figure(map_figure(schematic_layer("province"), shown, "id", show_values=True))
    labels = figure.data[TRACE["labels"]].text
    text = dict(zip(figure.data[TRACE["values"]].locations, labels, strict=True))
    assert text["32"] == "<span style='font-size:0.8em'>JABAR</span>"


def test_tile_labels_carry_the_rule_that_sizes_them_by_the_tile():
    """Schematic maps carry the label-size rule for the browser (names sized relative to
    the label, so both follow the tile); geographic layers (regions of every size) do not."""
    from dashboard.components.maps import TILE_LABELS

    layer = schematic_layer("province")
    figure = go.Figure(choropleth_map(layer, {"32": 4.0, "75": 120.0}))
    rule = figure.layout.meta["pantau_tile_labels"]
    assert rule == {**TILE_LABELS, "traces": [TRACE["labels"]]}
    assert 0 < rule["min"] < rule["max"] and 0 < rule["share"] < 0.5
    codes = figure.data[TRACE["values"]].locations
    labels = dict(zip(codes, figure.data[TRACE["labels"]].text, strict=True))
    assert labels["32"] == "<span style='font-size:0.8em'>JABAR</span><br><b>4</b>"
    assert labels["75"].startswith("<span style='font-size:0.49em'>GORONTALO</span>")
    assert "px" not in "".join(figure.data[TRACE["labels"]].text)
    regencies = schematic_layer("regency")
    assert go.Figure(choropleth_map(regencies, {})).layout.meta["pantau_tile_labels"]
    geographic = {
        "type": "FeatureCollection",
        "features": [
            {**feature, "properties": {"name": feature["properties"]["name"]}}
            for feature in layer["features"]
        ],
    }
    assert go.Figure(choropleth_map(geographic, {"32": 4.0})).layout.meta is None


def test_a_wrong_property_of_a_trusted_figure_fails_the_test_that_draws_it() -> None:
    """Production skips plotly's validation of map figures; the test suite does not."""
    from dashboard import layout

    with pytest.raises(ValueError, match="bogus"):
        layout.trusted_figure([{"type": "scattergeo", "bogus": 1}], {})
    figure = layout.trusted_figure([{"type": "scattergeo", "lon": [1]}], {"height": 300})
    assert figure["layout"]["height"] == 300 and figure["data"][0]["lon"] == [1]


def test_a_trusted_figure_is_what_a_plotly_figure_would_send() -> None:
    """The dict sent in place of a ``go.Figure`` keeps its template, so charts look the same."""
    from plotly.io import to_json

    from dashboard import layout

    data = [{"type": "bar", "x": ["a", "b"], "y": [1, 2], "marker": {"color": "#123456"}}]
    frame = layout.chart_layout("id", height=300, title=None)
    built = go.Figure(data=data, layout={k: v for k, v in frame.items() if v is not None})
    assert json.loads(to_json(layout.trusted_figure(data, frame))) == json.loads(to_json(built))
