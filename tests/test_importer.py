"""The boundary importer: real shared files, variants derived from them, failures, matching."""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geodata.boundaries import BoundaryImportError, equal_area, repair
from geodata.ground import GroundRules, check
from geodata.history import changes_of
from geodata.importer import (
    ImportResult,
    import_boundaries,
    layer_path,
    manifest_path,
    read_manifest,
)
from geodata.matching import (
    match_code,
    match_province_name,
    match_regency_name,
    normalise_text,
    parse_code,
    parse_name,
)
from geodata.regions import by_code, regencies
from pantau.settings import Settings

SHARED = Path(
    os.environ.get("PANTAU_SHARED_GEODATA")
    or Path(__file__).resolve().parents[1] / ".." / "shared" / "geodata"
)
REGENCY_FILE = SHARED / "indonesia-regencies-2025.geojson"
PROVINCE_FILE = SHARED / "indonesia-provinces-2025.geojson"
needs_shared = pytest.mark.skipif(
    not REGENCY_FILE.exists(),
    reason=f"shared boundary files absent from {SHARED} (set PANTAU_SHARED_GEODATA)",
)
SUBSET_PROVINCES = ("31", "32", "36")  # Jakarta, Jawa Barat, Banten: kabupaten/kota pairs


@pytest.fixture
def data_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url="sqlite://")


@pytest.fixture(scope="session")
def shared_regencies() -> gpd.GeoDataFrame:
    if not REGENCY_FILE.exists():
        pytest.skip(f"shared boundary files absent from {SHARED} (set PANTAU_SHARED_GEODATA)")
    return gpd.read_file(REGENCY_FILE, engine="pyogrio")


@pytest.fixture(scope="session")
def national(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, ImportResult]:
    """The whole shared regency file imported once (tests that change it work on a copy)."""
    if not REGENCY_FILE.exists():
        pytest.skip(f"shared boundary files absent from {SHARED} (set PANTAU_SHARED_GEODATA)")
    data_dir = tmp_path_factory.mktemp("national") / "data"
    settings = Settings(data_dir=data_dir, database_url="sqlite://")
    return settings, import_boundaries(REGENCY_FILE, "regency", settings, source_name="wilayah")


def copy_of(settings: Settings, tmp_path: Path) -> Settings:
    shutil.copytree(settings.data_dir, tmp_path / "data")
    return Settings(data_dir=tmp_path / "data", database_url="sqlite://")


@pytest.fixture
def subset(shared_regencies: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The 41 regencies of Jakarta, West Java and Banten (two of them invalid polygons)."""
    return province_rows(shared_regencies, *SUBSET_PROVINCES)


def province_rows(regencies: gpd.GeoDataFrame, *provinces: str) -> gpd.GeoDataFrame:
    """A copy of the regencies of some provinces, numbered from 0."""
    rows = regencies["code"].str[:2].isin(provinces)
    return regencies.loc[rows, ["code", "name", "geometry"]].reset_index(drop=True)


def assert_on_the_ground(settings: Settings, level: str) -> None:
    """Every polygon written holds (or nearly holds) the seat of the region it is filed
    under, and is of about its reference area: never a wrong polygon under a code. (The
    area within a factor of 3: simplification shrinks the islets of 31.01 Kepulauan Seribu
    to 0.4 of its area; a kota carrying its kabupaten's polygon is 10 times off.)"""
    layer = gpd.read_file(layer_path(settings, level))
    rules = GroundRules(area_ratio=(1 / 3, 3))
    for code, geometry in zip(layer["code"], layer.geometry, strict=True):
        area = float(equal_area(np.array([geometry]))[0])
        assert check(code, geometry, area, rules) is None, code


def subset_codes() -> set[str]:
    return {r.code for r in regencies() if r.province_code in SUBSET_PROVINCES}


def write(frame: gpd.GeoDataFrame, path: Path, **kwargs: object) -> Path:
    frame.to_file(path, engine="pyogrio", **kwargs)
    return path


def output(settings: Settings, level: str) -> dict:
    return json.loads(layer_path(settings, level).read_text(encoding="utf-8"))


def assert_subset_imported(settings: Settings, manifest: dict) -> None:
    assert manifest["counts"]["matched"] == 41
    assert manifest["counts"]["unmatched"] == manifest["counts"]["ambiguous"] == 0
    assert len(manifest["missing"]) == 514 - 41
    assert not set(manifest["missing"]) & subset_codes()
    layer = output(settings, "regency")
    assert {feature["id"] for feature in layer["features"]} == subset_codes()


# --- the real shared files -------------------------------------------------------------


@needs_shared
def test_full_regency_file_gives_514_regencies_and_38_derived_provinces(
    national: tuple[Settings, ImportResult],
) -> None:
    data_settings, result = national
    manifest = read_manifest(data_settings, "regency")
    assert manifest == result.manifest
    assert manifest["counts"]["features_read"] == manifest["counts"]["matched"] == 514
    assert manifest["missing"] == [] and manifest["unmatched"] == [] and manifest["extra"] == []
    # A correct file raises no false alarm: every match passes the ground check.
    assert manifest["rejected"] == manifest["relabelled"] == manifest["outdated"] == []
    assert manifest["conflicts"] == [] and manifest["ambiguous"] == []
    assert not [w for w in manifest["warnings"] if "ground" in w or "BPS" in w]
    assert manifest["counts"]["repaired"] > 100  # about a quarter of the polygons are invalid
    assert manifest["source_name"] == "wilayah"
    assert manifest["input_file"] == REGENCY_FILE.name
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["input_sha256"])
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", manifest["imported_at"])
    assert manifest["crs_in"] == "EPSG:4326" and manifest["latlon_swapped"] is False
    assert manifest["simplification"]["tolerance_degrees"] > 0
    text = layer_path(data_settings, "regency").read_bytes()
    assert len(text) < 1_500_000
    assert manifest["output_bytes"] == len(text)

    layer = json.loads(text)
    assert len(layer["features"]) == 514
    feature = next(f for f in layer["features"] if f["id"] == "31.74")
    assert feature["properties"] == {"code": "31.74", "name": "Kota Administrasi Jakarta Selatan"}
    coordinates = shapely.get_coordinates(shapely.geometry.shape(feature["geometry"]))
    assert np.allclose(coordinates, np.round(coordinates, 4))

    provinces = read_manifest(data_settings, "province")
    assert provinces["derived_from"] == "regency"
    assert provinces["counts"]["regions"] == 38 and provinces["missing"] == []
    assert len(layer_path(data_settings, "province").read_bytes()) < 400_000
    assert result.derived is not None and result.derived.level == "province"
    assert result.derived.manifest["warnings"] == []
    assert_on_the_ground(data_settings, "regency")
    assert_on_the_ground(data_settings, "province")


@needs_shared
def test_a_correct_import_warns_only_of_what_is_true(
    national: tuple[Settings, ImportResult], shared_regencies: gpd.GeoDataFrame
) -> None:
    """The only warnings of the shared file: its invalid polygons, the one overlap above the
    reporting threshold (Sorong and Tambrauw share 5,009 km² in the source), given to the
    neighbour whose reference area it fits, and the six holes above it, in Papua, that no
    regency covers. Every area moved is a real overlap and every hole is really uncovered."""
    settings, result = national
    manifest = result.manifest
    repaired, overlap, *holes = manifest["warnings"]
    assert len(holes) == len(manifest["gaps"]) == 6
    assert holes[0] == (
        "794 km² between 91.20 Kabupaten Mamberamo Raya, 95.04 Kabupaten Tolikara is covered by "
        "no region (a gap in the source, or a region the file lacks; at 138.4696 E, 3.1214 S); "
        "left open"
    )
    assert repaired == f"{manifest['counts']['repaired']} invalid geometries were repaired"
    assert overlap.startswith("96.01 Kabupaten Sorong: ")
    assert "went to 96.04 Kabupaten Tambrauw (5,009 km²)" in overlap
    assert "the overlap with 96.04 Kabupaten Tambrauw is given to it" in overlap
    source = shared_regencies.set_index("code").geometry
    for item in manifest["coverage"]:
        assert item["after_km2"] < item["before_km2"]  # no gap in the source is that wide
        for code, km2 in zip(item["received_by"], item["received_km2"], strict=True):
            shared = shapely.intersection(
                shapely.make_valid(source[item["code"]]), shapely.make_valid(source[code])
            )
            assert float(equal_area(np.array([shared]))[0]) >= 0.9 * km2, (item, code)
    repaired_source = gpd.GeoSeries(repair(shared_regencies.geometry.to_numpy())[0])
    for gap in manifest["gaps"]:
        assert gap["km2"] > 50 and gap["between"]
        point = shapely.Point(gap["at"])
        assert not repaired_source.contains(point).any(), gap
        near = shared_regencies["code"][repaired_source.distance(point) < 0.5]
        assert set(gap["between"]) <= set(near), gap
    layer = gpd.read_file(layer_path(settings, "regency")).set_index("code")
    for code in ("96.01", "96.04"):
        area = float(equal_area(np.array([layer.geometry[code]]))[0])
        assert area == pytest.approx(by_code()[code].area_km2, rel=0.1), code


@needs_shared
def test_one_province_of_the_national_layer_leaves_the_other_491_regions_as_they_were(
    national: tuple[Settings, ImportResult], shared_regencies: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    settings = copy_of(national[0], tmp_path)
    before = {f["id"]: f for f in output(settings, "regency")["features"]}
    provinces_before = {f["id"]: f for f in output(settings, "province")["features"]}
    aceh = province_rows(shared_regencies, "11")
    assert len(aceh) == 23
    shifted = aceh.assign(geometry=aceh.geometry.translate(0.001, 0))  # a newer survey
    result = import_boundaries(write(shifted, tmp_path / "aceh.geojson"), "regency", settings)
    report = result.manifest
    assert report["mode"] == "merge" and report["counts"]["kept"] == 491
    assert report["missing"] == [] and report["layer_regions"] == 514
    assert any("23 regions updated from this file, 491 kept" in w for w in report["warnings"])
    after = {f["id"]: f for f in output(settings, "regency")["features"]}
    assert set(after) == set(before)
    unchanged = [code for code in before if not code.startswith("11.")]
    assert len(unchanged) == 491
    assert all(after[code] == before[code] for code in unchanged)
    assert all(after[code] != before[code] for code in before if code.startswith("11."))
    provinces = {f["id"]: f for f in output(settings, "province")["features"]}
    assert set(provinces) == set(provinces_before)
    assert all(provinces[c] == provinces_before[c] for c in provinces if c != "11")
    assert result.derived is not None
    assert all(w.startswith("merged:") for w in result.derived.manifest["warnings"])
    assert_on_the_ground(settings, "regency")


@needs_shared
def test_province_file_gives_38_provinces_and_is_not_overwritten_by_regencies(
    data_settings: Settings, subset: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    import_boundaries(PROVINCE_FILE, "province", data_settings)
    manifest = read_manifest(data_settings, "province")
    assert manifest["counts"]["matched"] == 38 and manifest["derived_from"] is None
    # No false alarm: the province file's only warning is its repaired polygons.
    assert manifest["warnings"] == [
        f"{manifest['counts']['repaired']} invalid geometries were repaired"
    ]
    assert manifest["rejected"] == manifest["coverage"] == manifest["gaps"] == []
    assert_on_the_ground(data_settings, "province")
    assert {f["id"] for f in output(data_settings, "province")["features"]} == {
        r.code for r in by_code().values() if r.kind == "provinsi"
    }
    before = layer_path(data_settings, "province").read_bytes()
    result = import_boundaries(write(subset, tmp_path / "s.geojson"), "regency", data_settings)
    assert result.derived is None
    assert layer_path(data_settings, "province").read_bytes() == before


# --- variants derived from the real file at run time -----------------------------------


@needs_shared
@pytest.mark.parametrize("kind", ["shp", "zip", "zip-uri", "gpkg"])
def test_shapefile_zipped_shapefile_and_geopackage(
    kind: str, subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    if kind == "gpkg":
        path: Path | str = write(subset, tmp_path / "regencies.gpkg", layer="kabkota")
    else:
        folder = tmp_path / "shp"
        folder.mkdir()
        path = write(subset, folder / "regencies.shp")
        if kind.startswith("zip"):
            path = tmp_path / "regencies.zip"
            with zipfile.ZipFile(path, "w") as archive:
                for member in folder.iterdir():
                    archive.write(member, f"batas/{member.name}")
            if kind == "zip-uri":
                path = f"zip://{path}!batas/regencies.shp"
    manifest = import_boundaries(path, "regency", data_settings).manifest
    assert_subset_imported(data_settings, manifest)
    assert manifest["fields"]["code"] == "code"
    assert manifest["counts"]["repaired"] >= 1
    assert manifest["input_file"] == Path(str(path).split("!")[0]).name


@needs_shared
def test_geopackage_with_several_layers_reads_the_polygon_layer(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "several.gpkg"
    capitals = gpd.GeoDataFrame(
        {"code": subset["code"]}, geometry=subset.geometry.representative_point(), crs=4326
    )
    write(capitals, path, layer="ibukota")
    write(subset, path, layer="batas_kabkota")
    manifest = import_boundaries(path, "regency", data_settings).manifest
    assert "read layer 'batas_kabkota'" in " ".join(manifest["warnings"])
    assert_subset_imported(data_settings, manifest)


@needs_shared
@pytest.mark.parametrize("epsg", [32749, 23830])
def test_projected_crs_is_reprojected(
    epsg: int, subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    path = write(subset.to_crs(epsg), tmp_path / "projected.gpkg")
    manifest = import_boundaries(path, "regency", data_settings).manifest
    assert manifest["crs_in"] == f"EPSG:{epsg}"
    assert_subset_imported(data_settings, manifest)
    layer = gpd.read_file(layer_path(data_settings, "regency"))
    assert np.allclose(layer.total_bounds, subset.total_bounds, atol=0.01)


@needs_shared
def test_renamed_fields_and_integer_codes_are_found(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    frame = gpd.GeoDataFrame(
        {
            "KODE": subset["code"].str.replace(".", "").astype(int),
            "NAMOBJ": subset["name"].str.upper(),
            "LUAS": subset.to_crs(6933).area / 1e6,
        },
        geometry=subset.geometry,
        crs=subset.crs,
    )
    assert frame["KODE"].iloc[0] == 3101
    manifest = import_boundaries(write(frame, tmp_path / "r.gpkg"), "regency", data_settings)
    assert manifest.manifest["fields"]["code"] == "KODE"
    assert manifest.manifest["fields"]["name"] == "NAMOBJ"
    assert_subset_imported(data_settings, manifest.manifest)


@needs_shared
def test_names_without_codes_are_matched_by_name(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    def bps_style(name: str) -> str:
        name = name.replace("Kabupaten Administrasi ", "KAB. ADM. ")
        name = name.replace("Kota Administrasi ", "Kota Adm. ").replace("Kabupaten ", "KAB. ")
        return name.upper() if name.startswith("KAB") else name

    frame = gpd.GeoDataFrame(
        {"wilayah": subset["name"].map(bps_style)}, geometry=subset.geometry, crs=subset.crs
    )
    assert "KAB. BANDUNG" in set(frame["wilayah"])
    path = write(frame, tmp_path / "names.geojson")
    manifest = import_boundaries(path, "regency", data_settings, name_field="wilayah").manifest
    assert manifest["fields"] == {"code": None, "name": "wilayah", "province": None, "kind": None}
    assert_subset_imported(data_settings, manifest)
    layer = output(data_settings, "regency")
    names = {f["id"]: f["properties"]["name"] for f in layer["features"]}
    assert names["32.04"] == "Kabupaten Bandung" and names["32.73"] == "Kota Bandung"


@needs_shared
def test_names_without_kind_word_are_listed_as_ambiguous(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    bare = subset["name"].str.replace(r"^(Kabupaten|Kota)( Administrasi)? ", "", regex=True)
    frame = gpd.GeoDataFrame({"nama": bare}, geometry=subset.geometry, crs=subset.crs)
    manifest = import_boundaries(write(frame, tmp_path / "bare.gpkg"), "regency", data_settings)
    ambiguous = {item["name"]: item["candidates"] for item in manifest.manifest["ambiguous"]}
    assert ambiguous["Bandung"] == ["32.04", "32.73"]
    assert set(ambiguous) == {
        "Bogor",
        "Sukabumi",
        "Bandung",
        "Tasikmalaya",
        "Cirebon",
        "Bekasi",
        "Tangerang",
        "Serang",
        "Banjar",
    }
    assert manifest.manifest["counts"]["ambiguous"] == 17
    assert "32.04" in manifest.manifest["missing"] and "32.05" not in manifest.manifest["missing"]


@needs_shared
def test_province_field_settles_look_alike_names(
    shared_regencies: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    rows = shared_regencies[shared_regencies["code"].isin(["32.79", "63.03", "63.02"])]
    frame = gpd.GeoDataFrame(
        {
            "NAME_2": ["Banjar", "Banjar", "Kota Baru"],
            "NAME_1": ["Jawa Barat", "Kalimantan Selatan", "Kalimantan Selatan"],
        },
        geometry=rows.geometry.to_numpy(),
        crs=rows.crs,
    )
    manifest = import_boundaries(write(frame, tmp_path / "g.gpkg"), "regency", data_settings)
    assert manifest.manifest["fields"]["province"] == "NAME_1"
    assert {f["id"] for f in output(data_settings, "regency")["features"]} == {
        "32.79",
        "63.03",
        "63.02",
    }


@needs_shared
def test_swapped_latitude_longitude_is_put_right(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    swapped = shapely.transform(subset.geometry.to_numpy(), lambda xy: xy[:, ::-1])
    frame = subset.set_geometry(gpd.GeoSeries(swapped, crs=4326))
    manifest = import_boundaries(write(frame, tmp_path / "s.geojson"), "regency", data_settings)
    assert manifest.manifest["latlon_swapped"] is True
    assert any("swapped" in warning for warning in manifest.manifest["warnings"])
    layer = gpd.read_file(layer_path(data_settings, "regency"))
    assert np.allclose(layer.total_bounds, subset.total_bounds, atol=0.01)


@needs_shared
@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_file_without_crs_is_assumed_wgs84_with_a_warning(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    frame = subset.set_crs(None, allow_override=True)
    path = write(frame, tmp_path / "nocrs.shp")
    manifest = import_boundaries(path, "regency", data_settings).manifest
    assert manifest["crs_in"] is None
    assert any("no CRS" in warning for warning in manifest["warnings"])
    assert_subset_imported(data_settings, manifest)
    assert_on_the_ground(data_settings, "regency")


@needs_shared
def test_removed_duplicate_outdated_and_extra_features_are_reported(
    shared_regencies: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    papua_selatan = shared_regencies[shared_regencies["code"].str.startswith("93.")].copy()
    merauke = papua_selatan[papua_selatan["code"] == "93.01"]
    parts = shapely.get_parts(merauke.geometry.iloc[0])
    assert len(parts) > 1
    old = papua_selatan[papua_selatan["code"] == "93.02"].assign(code="91.16")
    stray = papua_selatan[papua_selatan["code"] == "93.03"].assign(code="99.01", name="Atlantis")
    kept = papua_selatan[~papua_selatan["code"].isin(["93.01", "93.02", "93.03", "93.04"])]
    halves = gpd.GeoDataFrame(
        {"code": ["93.01", "93.01"], "name": ["Kabupaten Merauke"] * 2},
        geometry=[shapely.MultiPolygon(list(parts[:1])), shapely.MultiPolygon(list(parts[1:]))],
        crs=4326,
    )
    frame = gpd.pd.concat([kept, halves, old, stray], ignore_index=True)[
        ["code", "name", "geometry"]
    ]
    manifest = import_boundaries(write(frame, tmp_path / "p.geojson"), "regency", data_settings)
    report = manifest.manifest
    assert report["duplicates"] == {"93.01": 2}
    assert report["outdated"] == [
        {
            "feature": len(kept) + 2,
            "code": "91.16",
            "name": "Kabupaten Boven Digoel",
            "now": "93.02",
            "explanation": "91.16 is an old code: now 93.02 Kabupaten Boven Digoel, Papua "
            "Selatan; the file predates the 2022 split",
        }
    ]
    assert [item["code"] for item in report["extra"]] == ["99.01"]
    assert "93.03" in report["missing"] and "93.04" in report["missing"]
    assert "93.01" not in report["missing"] and "93.02" not in report["missing"]
    merged = next(f for f in output(data_settings, "regency")["features"] if f["id"] == "93.01")
    area = shapely.geometry.shape(merged["geometry"]).area
    assert area == pytest.approx(merauke.geometry.iloc[0].area, rel=0.02)


@needs_shared
def test_coverage_simplification_keeps_shared_edges(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    import_boundaries(write(subset, tmp_path / "s.geojson"), "regency", data_settings)
    layer = gpd.read_file(layer_path(data_settings, "regency")).set_index("code")
    bandung, bandung_barat = layer.geometry["32.04"], layer.geometry["32.17"]
    shared = bandung.intersection(bandung_barat)
    assert shared.length > 0.3  # degrees of common border
    assert shared.area < 1e-6 * min(bandung.area, bandung_barat.area)
    geometries = layer.geometry.to_numpy()
    union = shapely.union_all(geometries)
    overlap = shapely.area(geometries).sum() - union.area
    assert abs(overlap) < 1e-5 * union.area
    input_holes = sum(
        shapely.Polygon(ring).area
        for part in shapely.get_parts(shapely.union_all(shapely.make_valid(subset.geometry)))
        for ring in part.interiors
    )
    output_holes = sum(
        shapely.Polygon(ring).area for part in shapely.get_parts(union) for ring in part.interiors
    )
    assert output_holes <= input_holes + 1e-6  # no new gaps between neighbours


# --- clear failures --------------------------------------------------------------------


def test_missing_and_empty_files_fail_clearly(data_settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(BoundaryImportError, match="file not found"):
        import_boundaries(tmp_path / "nope.geojson", "regency", data_settings)
    empty = tmp_path / "empty.geojson"
    empty.write_bytes(b"")
    with pytest.raises(BoundaryImportError, match="empty"):
        import_boundaries(empty, "regency", data_settings)
    no_features = tmp_path / "none.geojson"
    no_features.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(BoundaryImportError, match="no features"):
        import_boundaries(no_features, "regency", data_settings)
    garbage = tmp_path / "garbage.geojson"
    garbage.write_text("this is not GeoJSON")
    with pytest.raises(BoundaryImportError, match="cannot read"):
        import_boundaries(garbage, "regency", data_settings)
    assert not layer_path(data_settings, "regency").exists()


def test_features_without_geometry_fail(data_settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "nogeom.geojson"
    feature = {"type": "Feature", "properties": {"code": "32.01"}, "geometry": None}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(BoundaryImportError, match="no geometry"):
        import_boundaries(path, "regency", data_settings)


def test_points_instead_of_polygons_fail(data_settings: Settings, tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"code": ["32.01", "32.04"]},
        geometry=[shapely.Point(106.8, -6.6), shapely.Point(107.6, -7.0)],
        crs=4326,
    )
    with pytest.raises(BoundaryImportError, match="Point geometries, not polygons"):
        import_boundaries(write(frame, tmp_path / "p.geojson"), "regency", data_settings)


def test_all_features_unmatched_fail(data_settings: Settings, tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"label": ["Atlantis", "Lemuria"]},
        geometry=[shapely.box(106, -7, 107, -6), shapely.box(107, -7, 108, -6)],
        crs=4326,
    )
    with pytest.raises(BoundaryImportError, match="none of the 2 features matched"):
        import_boundaries(write(frame, tmp_path / "u.geojson"), "regency", data_settings)


def test_coordinates_outside_indonesia_fail(data_settings: Settings, tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame({"code": ["32.01"]}, geometry=[shapely.box(2, 48, 3, 49)], crs=4326)
    with pytest.raises(BoundaryImportError, match="not in Indonesia"):
        import_boundaries(write(frame, tmp_path / "paris.geojson"), "regency", data_settings)


@needs_shared
def test_wrong_level_fails_with_a_hint(data_settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(BoundaryImportError, match="look like provinces; use --level province"):
        import_boundaries(PROVINCE_FILE, "regency", data_settings)
    with pytest.raises(BoundaryImportError, match="look like regencies; use --level regency"):
        import_boundaries(REGENCY_FILE, "province", data_settings)
    assert not manifest_path(data_settings, "regency").exists()


def test_unknown_field_fails(data_settings: Settings, tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame({"code": ["32.01"]}, geometry=[shapely.box(106, -7, 107, -6)])
    path = write(frame.set_crs(4326), tmp_path / "f.geojson")
    with pytest.raises(BoundaryImportError, match="no field 'KODE'"):
        import_boundaries(path, "regency", data_settings, code_field="KODE")


# --- codes and names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("32.01", "32.01"),
        ("3201", "32.01"),
        (3201, "32.01"),
        (np.int64(3201), "32.01"),
        (3201.0, "32.01"),
        (32.01, "32.01"),
        ("ID3201", "32.01"),
        (" 32-01 ", "32.01"),
        ("32", "32"),
        (32, "32"),
        (np.float64(32.1), "32.10"),
        ("abc", None),
        ("320101", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_parse_code(value: object, code: str | None) -> None:
    assert parse_code(value) == code


def test_match_code_explains_what_is_wrong() -> None:
    assert match_code("regency", 3273).code == "32.73"
    assert "province code" in match_code("regency", "32").reason
    assert "not in the reference" in match_code("regency", "91.99").reason
    assert match_code("province", "94").status == "matched"


def test_normalise_text() -> None:
    assert normalise_text("KAB.  Kep. Seribu") == "kabupaten kepulauan seribu"
    assert normalise_text("Kota Adm. Jakarta   Selatan") == "kota administrasi jakarta selatan"
    assert normalise_text("Pématang-Siantar") == "pematang siantar"
    assert parse_name("Bandung Regency") == parse_name("KAB. BANDUNG")
    assert parse_name("Kota Bandung").kind == "kota"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("KAB. BANDUNG", "32.04"),
        ("Kabupaten Bandung", "32.04"),
        ("KOTA BANDUNG", "32.73"),
        ("Kota Adm. Jakarta Selatan", "31.74"),
        ("Kota Administrasi Jakarta Selatan", "31.74"),
        ("Kab. Kepulauan Seribu", "31.01"),
        ("Pangkajene Dan Kepulauan", "73.10"),
        ("Kab. Pangkajene dan Kep.", "73.10"),
        ("Pangkep", "73.10"),
        ("Kota Tanjong Balai", "12.74"),
        ("Tanjungbalai", "12.74"),
        ("Toli Toli", "72.04"),
        ("Kep. Siau Tagulandang Biaro", "71.09"),
        ("  Garut ", "32.05"),
        ("Bau-Bau", "74.72"),
        ("Kota Baru", "63.02"),
        ("Kotamobagu", "71.74"),
        ("Bandung City", "32.73"),
    ],
)
def test_match_regency_names(name: str, code: str) -> None:
    match = match_regency_name(name)
    assert (match.status, match.code) == ("matched", code)
    assert by_code()[code]


@pytest.mark.parametrize("name", ["Bandung", "Bogor", "Malang", "BANJAR", "Sorong"])
def test_look_alike_names_without_kind_are_ambiguous(name: str) -> None:
    match = match_regency_name(name)
    assert match.status == "ambiguous" and len(match.candidates) == 2
    assert "Kabupaten" in match.reason and "Kota" in match.reason


def test_kind_or_province_settles_look_alikes() -> None:
    assert match_regency_name("Malang", kind="Kota").code == "35.73"
    assert match_regency_name("Malang", kind="Regency").code == "35.07"
    assert match_regency_name("Banjar", province="63").code == "63.03"
    assert match_regency_name("Banjar", province="Jawa Barat").code == "32.79"
    assert match_regency_name("Bandung", province="Jawa Barat").status == "ambiguous"
    assert match_regency_name("Atlantis").status == "unmatched"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("DKI Jakarta", "31"),
        ("Daerah Khusus Ibukota Jakarta", "31"),
        ("D.I. Yogyakarta", "34"),
        ("West Java", "32"),
        ("PROV. JAWA BARAT", "32"),
        ("Kep. Bangka Belitung", "19"),
        ("Papua Barat Daya", "96"),
        ("Nanggroe Aceh Darussalam", "11"),
    ],
)
def test_match_province_names(name: str, code: str) -> None:
    assert match_province_name(name).code == code


def test_every_reference_name_matches_itself() -> None:
    for region in regencies():
        assert match_regency_name(region.name).code == region.code, region.name


@needs_shared
def test_pre_split_papua_provinces_are_left_out_naming_the_provinces_they_cover(
    data_settings: Settings, tmp_path: Path
) -> None:
    """The four 2022 provinces dissolved back: 93, 94, 95 into 91 Papua, 96 into 92 Papua
    Barat, as a province file drawn before the split has them."""
    provinces = gpd.read_file(PROVINCE_FILE, engine="pyogrio")
    geometry = provinces.set_index("code").geometry.apply(shapely.make_valid)
    old = {"91": ["91", "93", "94", "95"], "92": ["92", "96"]}
    frame = provinces[~provinces["code"].isin(["93", "94", "95", "96"])].copy()
    for code, members in old.items():
        frame.loc[frame["code"] == code, "geometry"] = shapely.union_all(geometry[members])
    manifest = import_boundaries(write(frame, tmp_path / "old.gpkg"), "province", data_settings)
    report = manifest.manifest
    rejected = {item["code"]: item for item in report["rejected"]}
    assert set(rejected) == {"91", "92"} and rejected["91"]["name"] == "91 Papua"
    assert (
        "a pre-split province: the polygon holds the seats of 93 Papua Selatan, 94 Papua Tengah, "
        "95 Papua Pegunungan (the file predates the 2022 split)" in rejected["91"]["reason"]
    )
    assert (
        "a pre-split province: the polygon holds the seats of 96 Papua Barat Daya (the file "
        "predates the 2022 split)" in rejected["92"]["reason"]
    )
    written = {f["id"] for f in output(data_settings, "province")["features"]}
    assert written == set(frame["code"]) - {"91", "92"} and len(written) == 32
    assert report["missing"] == ["91", "92", "93", "94", "95", "96"]
    assert_on_the_ground(data_settings, "province")


# --- adversarial variants: wrong in the ways real files are wrong ---------------------


@needs_shared
@pytest.mark.parametrize(
    ("wrong", "donor"),
    [("32.73", "32.04"), ("32.04", "32.73"), ("32.75", "32.76")],  # the last: areas alike
)
def test_a_region_carrying_its_neighbours_polygon_is_left_out(
    wrong: str, donor: str, subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    frame = subset.copy()
    polygon = frame.loc[frame["code"] == donor, "geometry"].iloc[0]
    frame.loc[frame["code"] == wrong, "geometry"] = polygon
    manifest = import_boundaries(write(frame, tmp_path / "k.geojson"), "regency", data_settings)
    [rejected] = manifest.manifest["rejected"]
    assert rejected["code"] == wrong and rejected["name"] == by_code()[wrong].name.join(
        [f"{wrong} ", ""]
    )
    assert rejected["feature"] == int(frame.index[frame["code"] == wrong][0])
    assert (
        f"the seat of {wrong} " in rejected["reason"]
        or "times the reference" in (rejected["reason"])
    )
    codes = {f["id"] for f in output(data_settings, "regency")["features"]}
    assert wrong not in codes and donor in codes
    assert wrong in manifest.manifest["missing"]
    assert_on_the_ground(data_settings, "regency")


@needs_shared
def test_kota_given_its_kabupatens_polygon_is_imported_when_overridden(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    frame = subset.copy()
    frame.loc[frame["code"] == "32.73", "geometry"] = frame.loc[
        frame["code"] == "32.04", "geometry"
    ].iloc[0]
    path = write(frame, tmp_path / "k.geojson")
    manifest = import_boundaries(path, "regency", data_settings, keep_unverified=True).manifest
    assert manifest["rejected"] == [] and [i["code"] for i in manifest["unverified"]] == ["32.73"]


def renumbered(frame: gpd.GeoDataFrame, province: str) -> gpd.GeoDataFrame:
    """The kabupaten codes of one province shifted by one place, as another code system
    numbers them (the last takes the first's code)."""
    frame = frame.copy()
    rows = frame.index[(frame["code"].str[:2] == province) & (frame["code"].str[3] != "7")]
    codes = frame.loc[rows, "code"].tolist()
    frame.loc[rows, "code"] = codes[1:] + codes[:1]
    return frame


@needs_shared
def test_codes_of_another_system_without_names_are_placed_by_position(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    frame = renumbered(subset, "32")[["code", "geometry"]]
    manifest = import_boundaries(write(frame, tmp_path / "bps.gpkg"), "regency", data_settings)
    report = manifest.manifest
    assert any("these look like BPS codes" in warning for warning in report["warnings"])
    assert report["counts"]["relabelled"] == 18 and report["rejected"] == []
    assert_subset_imported(data_settings, report)
    assert_on_the_ground(data_settings, "regency")


@needs_shared
def test_codes_of_another_system_with_names_follow_the_name_and_the_ground(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    frame = renumbered(subset, "32")
    manifest = import_boundaries(write(frame, tmp_path / "bps.gpkg"), "regency", data_settings)
    report = manifest.manifest
    assert any("these look like BPS codes" in warning for warning in report["warnings"])
    assert len(report["conflicts"]) == 18
    assert_subset_imported(data_settings, report)
    assert_on_the_ground(data_settings, "regency")


@needs_shared
def test_codes_of_another_system_that_cannot_be_placed_are_refused(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    frame = renumbered(subset, "32")[["code", "geometry"]]
    # Shrunk to a tenth around a point far from the seat: the ground cannot place them.
    frame["geometry"] = [
        shapely.affinity.scale(g, 0.1, 0.1, origin=shapely.get_parts(g)[0].exterior.coords[0])
        for g in frame.geometry
    ]
    with pytest.raises(BoundaryImportError, match="these look like BPS codes"):
        import_boundaries(write(frame, tmp_path / "bps.gpkg"), "regency", data_settings)
    assert not layer_path(data_settings, "regency").exists()


OLD_CODES = {c.new_code: c.old_code for c in changes_of("moved") if c.old_code}


@needs_shared
@pytest.mark.parametrize("codes", ["renumbered", "old"])
def test_papua_regencies_relabelled_to_the_old_province_are_outdated_and_placed(
    codes: str, shared_regencies: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    """The regencies of 91, 93, 94 and 95 listed under Papua, either with their suffix under
    91 (which collides: 93.01 and 94.01 both become 91.01) or with their codes before 2022."""
    frame = province_rows(shared_regencies, "91", "93", "94", "95")
    frame["provinsi"] = "Papua"
    if codes == "old":
        frame["code"] = frame["code"].map(lambda code: OLD_CODES.get(code, code))
        assert frame["code"].str.startswith("91.").all()
    else:
        frame["code"] = "91." + frame["code"].str[3:]
    frame["name"] = frame["name"].str.removeprefix("Kabupaten ")
    manifest = import_boundaries(write(frame, tmp_path / "old.gpkg"), "regency", data_settings)
    report = manifest.manifest
    moved = [r for r in regencies() if r.province_code in ("93", "94", "95")]
    assert report["counts"]["outdated"] == len(moved) and report["unmatched"] == []
    merauke = next(item for item in report["outdated"] if item["name"] == "Merauke")
    assert merauke["explanation"] == (
        "Merauke (Papua in the file) is now 93.01 Kabupaten Merauke, Papua Selatan; "
        "the file predates the 2022 split"
    )
    assert report["counts"]["regions"] == len(frame) and report["rejected"] == []
    assert_on_the_ground(data_settings, "regency")


@needs_shared
def test_features_without_geometry_are_named_by_the_files_own_id(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    empty = gpd.GeoDataFrame(
        {"code": ["32.01", "32.02"], "name": ["", ""]}, geometry=[None, None], crs=4326
    )
    stray = subset.iloc[:1].assign(code="99.99", name="Atlantis")
    frame = gpd.pd.concat([empty, subset, stray], ignore_index=True)
    frame["OBJECTID"] = range(1001, 1001 + len(frame))
    manifest = import_boundaries(write(frame, tmp_path / "g.gpkg"), "regency", data_settings)
    report = manifest.manifest
    assert_subset_imported(data_settings, report)
    assert [item["feature"] for item in report["extra"]] == [1000 + len(frame)]
    assert any("2 features without a polygon" in warning for warning in report["warnings"])
    assert_on_the_ground(data_settings, "regency")


@needs_shared
def test_one_province_alone_updates_only_its_regions(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    import_boundaries(write(subset, tmp_path / "all.geojson"), "regency", data_settings)
    before = {f["id"]: f for f in output(data_settings, "regency")["features"]}
    provinces_before = {f["id"]: f for f in output(data_settings, "province")["features"]}
    banten = subset[subset["code"].str.startswith("36.")]
    result = import_boundaries(write(banten, tmp_path / "banten.geojson"), "regency", data_settings)
    report = result.manifest
    assert report["mode"] == "merge" and report["counts"]["kept"] == 41 - len(banten)
    assert report["version"] == 2 and report["missing"] == sorted(
        {r.code for r in regencies()} - subset_codes()
    )
    after = {f["id"]: f for f in output(data_settings, "regency")["features"]}
    assert set(after) == set(before)
    assert all(after[code] == before[code] for code in before if not code.startswith("36."))
    provinces = {f["id"]: f for f in output(data_settings, "province")["features"]}
    assert set(provinces) == {"31", "32", "36"}
    assert provinces["31"] == provinces_before["31"] and provinces["32"] == provinces_before["32"]

    replaced = import_boundaries(
        write(banten, tmp_path / "banten.geojson"), "regency", data_settings, replace=True
    )
    assert replaced.manifest["mode"] == "replace"
    assert {f["id"] for f in output(data_settings, "regency")["features"]} == set(banten["code"])
    assert_on_the_ground(data_settings, "regency")


@needs_shared
def test_reference_areas_fit_the_shared_boundaries(shared_regencies: gpd.GeoDataFrame) -> None:
    provinces = gpd.read_file(PROVINCE_FILE, engine="pyogrio")
    for frame in (shared_regencies, provinces):
        geometries = repair(frame.geometry.to_numpy())[0]
        for code, area in zip(frame["code"], equal_area(geometries), strict=True):
            region = by_code()[code]
            assert region.area_km2, f"{code} has no area"
            assert 1 / 3 < region.area_km2 / area < 3, (code, region.area_km2, area)
            assert region.population and region.population != region.area_km2, code


def test_reference_areas_and_populations_add_up() -> None:
    """Each province's area and population are the sums of its regencies', as in the
    registry: a figure entered by hand from another source would break the sum."""
    for province in (r for r in by_code().values() if r.kind == "provinsi"):
        members = [r for r in regencies() if r.province_code == province.code]
        assert sum(r.population for r in members) == province.population, province.code
        area = sum(r.area_km2 for r in members)
        assert abs(area - province.area_km2) < 0.001 * province.area_km2, (province.code, area)


@needs_shared
def test_kalimantan_utara_regencies_in_a_file_before_2012_are_outdated_and_placed(
    shared_regencies: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    """A names-only Kalimantan Timur file from before 2012: Kalimantan Utara's regencies
    under Kalimantan Timur, and Paser under its former name Pasir."""
    frame = province_rows(shared_regencies, "64", "65")[["name", "geometry"]]
    frame["propinsi"] = "Kalimantan Timur"
    frame["name"] = frame["name"].replace({"Kabupaten Paser": "Kab. Pasir"})
    manifest = import_boundaries(write(frame, tmp_path / "kaltim.shp"), "regency", data_settings)
    report = manifest.manifest
    assert report["unmatched"] == [] and report["rejected"] == []
    outdated = {item["now"]: item["explanation"] for item in report["outdated"]}
    assert set(outdated) == {r.code for r in regencies() if r.province_code == "65"} | {"64.01"}
    assert outdated["65.71"] == (
        "Kota Tarakan (Kalimantan Timur in the file) is now 65.71 Kota Tarakan, Kalimantan "
        "Utara; the file predates the 2012 split"
    )
    assert outdated["64.01"] == (
        "Kabupaten Pasir is now 64.01 Kabupaten Paser, Kalimantan Timur (the file predates "
        "the 2007 rename)"
    )
    assert report["counts"]["regions"] == len(frame)
    assert_on_the_ground(data_settings, "regency")


@pytest.mark.parametrize(
    ("name", "code", "year"),
    [
        ("Kabupaten Pasir", "64.01", 2007),
        ("Selayar", "73.01", 2008),
        ("Kab. Sawahlunto/Sijunjung", "13.03", 2008),
        ("Mamuju Utara", "76.01", 2017),
        ("Toba Samosir", "12.12", 2020),
        ("Kota Ujung Pandang", "73.71", 1999),
    ],
)
def test_former_names_are_matched_and_named_with_what_they_are_now(
    name: str, code: str, year: int
) -> None:
    match = match_regency_name(name)
    assert (match.status, match.code) == ("matched", code)
    assert match.outdated is not None
    assert f"is now {code} {by_code()[code].name}" in match.outdated
    assert f"the file predates the {year} rename" in match.outdated


def test_change_history_covers_the_2012_and_2022_splits() -> None:
    moved = {c.new_code: c for c in changes_of("moved")}
    splits = {c.new_code: c for c in changes_of("province_split")}
    for province, old, year in [
        ("65", "64", 2012),
        ("93", "91", 2022),
        ("94", "91", 2022),
        ("95", "91", 2022),
        ("96", "92", 2022),
    ]:
        assert (splits[province].old_province, splits[province].year) == (old, year)
        for regency in (r for r in regencies() if r.province_code == province):
            change = moved[regency.code]
            assert (change.old_province, change.year) == (old, year), regency.code
            assert change.old_name == regency.name
    rows = changes_of("moved") + changes_of("renamed") + changes_of("spelling")
    assert all(c.source.strip() and c.new_code in by_code() for c in rows + list(splits.values()))
    current = set(by_code())
    assert not {c.old_code for c in changes_of("moved") if c.old_code} & current


@needs_shared
@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_projected_file_without_projection_is_refused_unless_its_crs_is_given(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    frame = subset.to_crs(32748).set_crs(None, allow_override=True)
    path = write(frame, tmp_path / "utm.shp")
    with pytest.raises(BoundaryImportError, match=r"has no CRS .* give its CRS with --crs"):
        import_boundaries(path, "regency", data_settings)
    assert not layer_path(data_settings, "regency").exists()
    manifest = import_boundaries(path, "regency", data_settings, crs="EPSG:32748").manifest
    assert manifest["crs_in"] == "EPSG:32748"
    assert_subset_imported(data_settings, manifest)
    assert_on_the_ground(data_settings, "regency")


@needs_shared
def test_a_kabupaten_drawn_over_its_kota_gives_the_kota_back(
    subset: gpd.GeoDataFrame, data_settings: Settings, tmp_path: Path
) -> None:
    """Older files draw a kabupaten over the kota it surrounds: the overlap goes to the
    region whose reference area it fits, and the import says so in km²."""
    frame = subset.copy().set_index("code")
    kota = shapely.make_valid(frame.geometry["32.73"])
    frame.loc["32.04", "geometry"] = shapely.union(
        shapely.make_valid(frame.geometry["32.04"]), kota
    )
    path = write(frame.reset_index(), tmp_path / "over.geojson")
    report = import_boundaries(path, "regency", data_settings).manifest
    [line] = [w for w in report["warnings"] if w.startswith("32.04 Kabupaten Bandung: ")]
    assert "went to 32.73 Kota Bandung (" in line and "is given to it because" in line
    layer = gpd.read_file(layer_path(data_settings, "regency")).set_index("code")
    area = float(equal_area(np.array([layer.geometry["32.73"]]))[0])
    assert area == pytest.approx(by_code()["32.73"].area_km2, rel=0.1)
    assert_on_the_ground(data_settings, "regency")
