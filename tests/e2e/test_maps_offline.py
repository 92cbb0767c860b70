"""Maps render in headless Chromium with every request outside the app blocked."""

from __future__ import annotations

import dash
import pytest
from dash import Input, Output, dcc, html
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.app import ASSETS
from dashboard.components.maps import (
    choropleth_map,
    graph_config,
    small_countries,
    world_map,
)
from dashboard.layout import with_layout
from geodata.schematic import province_outlines, schematic_layer

WORLD_VALUES = {"KHM": 420, "MMR": 310, "PHL": 180, "LAO": 95, "MYS": 60, "SGP": 12, "HKG": 7}


def regency_values() -> dict[str, float]:
    """A value for most regencies, none for every seventh (drawn grey)."""
    features = schematic_layer("regency")["features"]
    return {f["id"]: float(i % 40) for i, f in enumerate(features) if i % 7}


SMALL_VALUES = {code: 10 + index for index, code in enumerate(sorted(small_countries()))}


def indonesia_app() -> dash.Dash:
    """Only maps of Indonesia: no world topojson needed."""
    app = dash.Dash(__name__, assets_folder=str(ASSETS), serve_locally=True)
    app.layout = html.Div(
        [
            dcc.Graph(
                id="province",
                figure=choropleth_map(schematic_layer("province"), {"32": 5.0}),
                config=graph_config(),
            )
        ]
    )
    return app


def clicks_app() -> dash.Dash:
    """The world map with every small destination; a click writes its code below."""
    app = dash.Dash(__name__, assets_folder=str(ASSETS), serve_locally=True)
    figure = with_layout(world_map({**SMALL_VALUES, "KHM": 80, "MYS": 40}), clickmode="event")
    app.layout = html.Div(
        [
            dcc.Graph(id="world", figure=figure, config=graph_config(), style={"width": "720px"}),
            html.Div(id="clicked"),
        ]
    )

    @app.callback(Output("clicked", "children"), Input("world", "clickData"))
    def clicked(click):
        if not click:
            return ""
        point = click["points"][0]
        return point.get("location") or point["customdata"][0]

    return app


def maps_app() -> dash.Dash:
    """A tiny app showing the three maps, served with the project's assets folder."""
    app = dash.Dash(__name__, assets_folder=str(ASSETS), serve_locally=True)
    app.layout = html.Div(
        [
            dcc.Graph(
                id="world",
                figure=world_map(WORLD_VALUES, title="Korban di luar negeri"),
                config=graph_config(),
            ),
            dcc.Graph(
                id="regency",
                figure=choropleth_map(
                    schematic_layer("regency"),
                    regency_values(),
                    title="Kabupaten/kota",
                    outlines=province_outlines(),
                    show_values=True,
                ),
                config=graph_config(),
                style={"height": "700px"},
            ),
            dcc.Graph(
                id="province",
                figure=choropleth_map(
                    schematic_layer("province"),
                    {"32": 120.0, "33": 80.0, "53": 300.0},
                    title="Provinsi",
                    show_values=True,
                ),
                config=graph_config(),
            ),
        ]
    )
    return app


@pytest.fixture(scope="module")
def maps_url(serve_dash) -> str:
    return serve_dash(maps_app())


def count(page, selector: str) -> int:
    return page.locator(selector).count()


def test_world_and_schematic_maps_render_offline(browser_page, maps_url, page_watch):
    page = browser_page
    topojson_responses: list[tuple[str, int]] = []
    page.on(
        "response",
        lambda r: "/assets/topojson/" in r.url and topojson_responses.append((r.url, r.status)),
    )
    page.goto(maps_url)
    page.wait_for_selector("#world path.choroplethlocation", state="attached")
    page.wait_for_selector("#regency path.choroplethlocation", state="attached")
    page.wait_for_selector("#province path.choroplethlocation", state="attached")

    assert count(page, "#world path.choroplethlocation") >= len(WORLD_VALUES) - 2
    small = [code for code in WORLD_VALUES if code in small_countries()]
    assert count(page, "#world .scattergeo path.point") == len(small)
    assert count(page, "#world .layer.land path") >= 1, "world land from the local topojson"
    assert topojson_responses, "the world map must load its topojson from the app"
    assert all(status == 200 for _, status in topojson_responses)
    assert all(url.startswith(maps_url) for url, _ in topojson_responses)

    assert count(page, "#regency path.choroplethlocation") == 514, "geometry drawn once"
    assert count(page, "#province path.choroplethlocation") == 38
    assert "300" in page.locator("#province").inner_text()
    assert page_watch.external == []


def test_the_first_page_of_the_app_opens(signed_in_page, live_server):
    signed_in_page.goto(live_server.url + "/")
    tile = signed_in_page.locator("#ringkasan-task-forces")
    tile.wait_for()
    assert "dari 38 provinsi" in tile.inner_text()
    assert "dari 514 kab/kota" in tile.inner_text()
    signed_in_page.locator("#ringkasan-map .choroplethlocation").first.wait_for()
    assert signed_in_page.locator("#ringkasan-map .choroplethlocation").count() >= 38


def test_maps_of_indonesia_do_not_fetch_the_world_topojson(browser_page, serve_dash, page_watch):
    page = browser_page
    asked: list[str] = []
    page.on("request", lambda r: "topojson" in r.url and asked.append(r.url))
    page.goto(serve_dash(indonesia_app()))
    page.wait_for_selector("#province path.choroplethlocation", state="attached")
    page.wait_for_timeout(500)
    assert count(page, "#province path.choroplethlocation") == 38
    assert asked == []
    assert page_watch.external == []


def test_each_small_destination_marker_clicks_to_its_own_code(browser_page, serve_dash):
    """Hong Kong and Macao (0.6 degrees apart) and the others in the Asia view: a click on
    each marker selects that country, never its neighbour."""
    page = browser_page
    page.goto(serve_dash(clicks_app()))
    markers = page.locator("#world .scattergeo path.point")
    markers.first.wait_for(state="attached")
    page.locator("#world .legendtext").first.wait_for()
    codes = [code for code in sorted(SMALL_VALUES) if code in small_countries()]
    view = page.locator("#world .geo .bg").first.bounding_box()
    clicked: dict[str, str] = {}
    for index, code in enumerate(codes):
        box = markers.nth(index).bounding_box()
        if box is None or not (
            view["x"] <= box["x"] <= view["x"] + view["width"]
            and view["y"] <= box["y"] <= view["y"] + view["height"]
        ):
            continue  # outside the Asia view (Malta, Mauritius, ...)
        before = page.locator("#clicked").inner_text()
        for _attempt in range(3):  # a click while the page is busy may be dropped
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            try:
                page.wait_for_function(
                    "before => document.querySelector('#clicked').innerText !== before",
                    arg=before,
                    timeout=5_000,
                )
                break
            except PlaywrightTimeout:
                continue
        clicked[code] = page.locator("#clicked").inner_text()
    assert {"SGP", "HKG", "MAC", "BRN", "TLS"} <= set(clicked)
    assert clicked == {code: code for code in clicked}
