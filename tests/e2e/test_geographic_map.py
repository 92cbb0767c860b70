"""The geographic map in headless Chromium once boundaries are imported.

plotly.js draws GeoJSON with d3-geo, where a polygon whose exterior ring runs
counter-clockwise covers the whole globe but itself: every region must stay a small shape.
"""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from sqlalchemy import Engine

from geodata.importer import import_boundaries
from pantau.settings import Settings

MAY = dt.date(2024, 5, 1)


def load(engine: Engine) -> None:
    """Two West Java regencies with victims, and their boundaries imported."""
    from factories import simple_report, store_report

    for code, victims in (("32.04", 7), ("32.73", 6)):
        store_report(engine, simple_report(code, MAY, victims=victims))
    data_dir = Path(engine.url.database).parent / "data"
    boundaries = gpd.GeoDataFrame(
        {"code": ["32.04", "32.73"], "name": ["Kabupaten Bandung", "Kota Bandung"]},
        geometry=[shapely.box(107.4, -7.2, 107.6, -6.9), shapely.box(107.6, -7.2, 107.8, -6.9)],
        crs=4326,
    )
    source = data_dir / "bandung.geojson"
    boundaries.to_file(source, engine="pyogrio")
    import_boundaries(source, "regency", Settings(data_dir=data_dir, database_url="sqlite://"))


@pytest.fixture(scope="module")
def live_server_data():
    return load


def test_geographic_map_draws_each_region_as_its_own_shape(signed_in_page, live_server):
    page = signed_in_page
    fetched: list[str] = []
    page.on("request", lambda r: "/maps/layer.json" in r.url and fetched.append(r.url))
    page.goto(f"{live_server.url}/?map=geographic&period_from=2024-05&period_to=2024-05")
    shapes = page.locator("#ringkasan-map path.choroplethlocation")
    shapes.first.wait_for()
    assert page.locator("#shell-map-kind input[value=geographic]").is_checked()
    frame = page.locator("#ringkasan-map .geo .bg").first.bounding_box()
    boxes = [shapes.nth(index).bounding_box() for index in range(shapes.count())]
    drawn = [box for box in boxes if box and box["width"] > 0]
    assert len(drawn) >= 38
    for box in drawn:
        assert box["width"] < frame["width"] / 2 and box["height"] < frame["height"] / 2
    # The layer came once, by URL (the figure carries no geometry), and stays for the session:
    # another metric (a new legend, so a new figure) does not fetch it again.
    assert len(fetched) == 1 and "level=province" in fetched[0]
    page.locator("#ringkasan-metric").get_by_text("Status gugus tugas", exact=True).click()
    page.wait_for_url(lambda url: "metric=task_force" in url)
    # provinces by the share of their regencies with an active task force (the roll-up)
    page.locator("#ringkasan-map .legendtext", has_text="0–49%").first.wait_for()
    assert len(fetched) == 1
    assert page.locator("#ringkasan-map path.choroplethlocation").count() == len(drawn)


def test_the_layer_route_serves_geometry_to_signed_in_users_only(live_server):
    url = f"{live_server.url}/maps/layer.json?level=regency&province=32"
    try:
        with urllib.request.urlopen(url) as response:
            assert "/login" in response.url
            assert b"coordinates" not in response.read()
    except urllib.error.HTTPError as refused:
        assert refused.code in (401, 403)
