"""The geographic map in headless Chromium once boundaries are imported.

plotly.js draws GeoJSON with d3-geo, where a polygon whose exterior ring runs
counter-clockwise covers the whole globe but itself: every region must stay a small shape.
"""

from __future__ import annotations

import datetime as dt
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
