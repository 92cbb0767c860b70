"""Map layers for the dashboard: schematic or imported, with fallback cells for the missing."""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geodata.importer import import_boundaries, layer_path
from geodata.layers import LayerUnavailable, available_kinds, map_layer
from geodata.regions import by_code
from pantau.settings import Settings


@pytest.fixture
def data_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url="sqlite://")


def bandung_file(tmp_path: Path, west: float = 107.2) -> Path:
    """Two neighbouring boxes coded as Kabupaten Bandung and Kota Bandung, each holding its
    region's seat and near its area (the importer checks both)."""
    frame = gpd.GeoDataFrame(
        {"code": ["32.04", "32.73"], "name": ["Kabupaten Bandung", "Kota Bandung"]},
        geometry=[
            shapely.box(west, -7.3, 107.55, -6.85),
            shapely.box(107.55, -7.0, 107.7, -6.85),
        ],
        crs=4326,
    )
    path = tmp_path / f"bandung-{west}.geojson"
    frame.to_file(path, engine="pyogrio")
    return path


def test_only_schematic_until_boundaries_are_imported(
    data_settings: Settings, tmp_path: Path
) -> None:
    assert available_kinds(data_settings) == ["schematic"]
    with pytest.raises(LayerUnavailable, match="pantau geodata import"):
        map_layer("regency", "geographic", data_settings)
    import_boundaries(bandung_file(tmp_path), "regency", data_settings)
    assert available_kinds(data_settings) == ["schematic", "geographic"]
    assert available_kinds(data_settings, "regency") == ["schematic", "geographic"]
    assert available_kinds(data_settings, "province") == ["schematic", "geographic"]


def test_province_import_alone_offers_only_its_level(data_settings: Settings) -> None:
    path = layer_path(data_settings, "province")
    path.parent.mkdir(parents=True)
    path.write_text('{"type": "FeatureCollection", "features": []}')
    assert available_kinds(data_settings, "province") == ["schematic", "geographic"]
    assert available_kinds(data_settings, "regency") == ["schematic"]


def test_geographic_layer_has_a_fallback_cell_for_every_missing_region(
    data_settings: Settings, tmp_path: Path
) -> None:
    import_boundaries(bandung_file(tmp_path), "regency", data_settings)
    layer = map_layer("regency", "geographic", data_settings)
    assert layer["type"] == "FeatureCollection"
    features = {feature["id"]: feature for feature in layer["features"]}
    assert len(features) == len(layer["features"]) == 514
    imported = [f for f in features.values() if not f["properties"].get("fallback")]
    assert sorted(f["id"] for f in imported) == ["32.04", "32.73"]
    garut = features["32.05"]
    assert garut["properties"] == {"code": "32.05", "name": "Kabupaten Garut", "fallback": True}
    cell = shapely.geometry.shape(garut["geometry"])
    # plotly.js (d3-geo) needs clockwise exterior rings, or the polygon covers the globe.
    assert cell.is_valid and not cell.exterior.is_ccw
    for feature in imported:
        for polygon in shapely.get_parts(shapely.geometry.shape(feature["geometry"])):
            assert not polygon.exterior.is_ccw
    reference = by_code()["32.05"]
    assert cell.centroid.x == pytest.approx(reference.longitude, abs=1e-3)
    assert cell.centroid.y == pytest.approx(reference.latitude, abs=1e-3)
    assert 0.005 < cell.area < 0.02

    provinces = map_layer("province", "geographic", data_settings)
    assert len(provinces["features"]) == 38
    jabar = next(f for f in provinces["features"] if f["id"] == "32")
    assert jabar["properties"] == {"code": "32", "name": "Jawa Barat"}
    assert shapely.geometry.shape(jabar["geometry"]).area == pytest.approx(0.18, rel=0.01)
    assert sum(bool(f["properties"].get("fallback")) for f in provinces["features"]) == 37


def test_layer_is_cached_until_the_file_changes(data_settings: Settings, tmp_path: Path) -> None:
    import_boundaries(bandung_file(tmp_path), "regency", data_settings)
    first = map_layer("regency", "geographic", data_settings)
    first["features"].clear()
    second = map_layer("regency", "geographic", data_settings)
    assert len(second["features"]) == 514
    assert second["features"][0] is map_layer("regency", "geographic", data_settings)["features"][0]

    import_boundaries(bandung_file(tmp_path, west=107.0), "regency", data_settings)
    path = layer_path(data_settings, "regency")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    third = map_layer("regency", "geographic", data_settings)
    kabupaten = next(f for f in third["features"] if f["id"] == "32.04")
    assert shapely.geometry.shape(kabupaten["geometry"]).bounds[0] == pytest.approx(107.0)


def test_unknown_level_or_kind_is_refused(data_settings: Settings) -> None:
    with pytest.raises(ValueError, match="level"):
        map_layer("district", "schematic", data_settings)
    with pytest.raises(ValueError, match="kind"):
        map_layer("regency", "satellite", data_settings)


def test_schematic_kind_is_the_schematic_module_layer(data_settings: Settings) -> None:
    from geodata import schematic

    for level, count in (("province", 38), ("regency", 514)):
        layer = map_layer(level, "schematic", data_settings)
        assert layer == schematic.schematic_layer(level)
        assert len(layer["features"]) == count
