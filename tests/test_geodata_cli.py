"""``pantau geodata import`` and ``pantau geodata status``."""

from __future__ import annotations

import json
import types
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from click.testing import CliRunner

from geodata import status as status_module
from geodata.regions import by_code
from pantau.cli import main


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    monkeypatch.setenv("PANTAU_DATA_DIR", str(path))
    return path


def squares(
    tmp_path: Path, codes: list[str], names: list[str] | None = None, at: list[str] | None = None
) -> Path:
    """Neighbouring squares in West Java, one per code; with ``at``, a square of about the
    reference area around the seat of each region named there (so it passes the ground check).
    """
    geometries = [
        shapely.box(107 + i * 0.2, -7.2, 107.2 + i * 0.2, -6.9) for i in range(len(codes))
    ]
    if at:
        regions = [by_code()[code] for code in at]
        geometries = [
            shapely.Point(r.longitude, r.latitude).buffer(r.area_km2**0.5 / 222, cap_style="square")
            for r in regions
        ]
    frame = gpd.GeoDataFrame(
        {"kode": codes, "nama": names or [""] * len(codes)}, geometry=geometries, crs=4326
    )
    path = tmp_path / "squares.geojson"
    frame.to_file(path, engine="pyogrio")
    return path


def run(*args: str) -> object:
    return CliRunner().invoke(main, ["geodata", *args], catch_exceptions=False)


def test_help_lists_import_and_status() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "import" in result.output and "status" in result.output


def test_import_then_status(data_dir: Path, tmp_path: Path) -> None:
    path = squares(
        tmp_path,
        ["32.01", "3273", "91.01"],
        ["Kab. Bogor", "Kota Bandung", "Kab. Merauke"],
        at=["32.01", "32.73", "93.01"],
    )
    result = run("import", str(path), "--level", "regency", "--source-name", "BIG 2025")
    assert result.exit_code == 0, result.output
    assert "regency: 3 regions imported from 3 features" in result.output
    assert "province: 2 regions derived from regencies" in result.output
    assert (
        "outdated: feature 2 (code '91.01', name 'Kab. Merauke'): 91.01 is an old code: now "
        "93.01 Kabupaten Merauke, Papua Selatan; the file predates the 2022 split"
    ) in result.output
    assert "CRS: EPSG:4326; fields used: code = kode, name = nama" in result.output
    assert "counts: 3 features_read, 3 matched" in result.output
    assert "missing (511): 11.01 Kabupaten Aceh Selatan, " in result.output
    assert "93.02 Kabupaten Boven Digoel" in result.output  # an incomplete derived province
    assert "saved as version 1" in result.output
    assert (data_dir / "boundaries" / "regency.geojson").exists()
    manifest = json.loads((data_dir / "boundaries" / "regency.manifest.json").read_text())
    assert manifest["source_name"] == "BIG 2025" and manifest["counts"]["matched"] == 3

    summary = json.loads(run("status", "--json").output)
    assert summary["boundaries"] == {"province": 2, "regency": 3}
    assert summary["imports"]["regency"]["source_name"] == "BIG 2025"
    assert summary["imports"]["province"]["derived_from"] == "regency"
    assert set(summary["schematic"]) == {"provinces", "regencies"}

    text = run("status").output
    assert "Boundaries regency:  3 regions from BIG 2025" in text
    assert "derived from regencies" in text


def test_status_before_any_import(data_dir: Path) -> None:
    summary = json.loads(run("status", "--json").output)
    assert summary["boundaries"] == {"province": None, "regency": None}
    assert summary["imports"] == {}
    assert "not imported (schematic map only)" in run("status").output


@pytest.mark.parametrize(
    ("codes", "level", "message"),
    [
        (["32", "33"], "regency", "these look like provinces; use --level province"),
        (["32.04", "32.73"], "province", "these look like regencies; use --level regency"),
        (["xx", "yy"], "regency", "none of the 2 features matched a regency code or name"),
    ],
)
def test_import_failures_exit_2_with_one_line(
    data_dir: Path, tmp_path: Path, codes: list[str], level: str, message: str
) -> None:
    result = run("import", str(squares(tmp_path, codes)), "--level", level)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("pantau geodata import: ") and message in result.stderr
    assert not (data_dir / "boundaries").exists()


def test_missing_file_and_bad_level_exit_2(data_dir: Path, tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "none.shp"), "--level", "regency")
    assert result.exit_code == 2 and "file not found" in result.stderr
    result = run("import", str(tmp_path / "none.shp"), "--level", "district")
    assert result.exit_code == 2


def test_schematic_counts_come_from_the_schematic_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def schematic_layer(level: str) -> dict:
        return {
            "type": "FeatureCollection",
            "features": [{}] * (38 if level == "province" else 514),
        }

    fake = types.SimpleNamespace(schematic_layer=schematic_layer)
    monkeypatch.setattr(status_module.importlib, "import_module", lambda name: fake)
    assert status_module.schematic_count("province") == 38
    assert status_module.schematic_count("regency") == 514


def test_schematic_counts_fall_back_to_the_committed_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def absent(name: str) -> None:
        raise ModuleNotFoundError(name)

    hexjson = tmp_path / "regencies.hexjson"
    hexjson.write_text(json.dumps({"layout": "odd-r", "hexes": {"32.04": {}, "32.73": {}}}))
    monkeypatch.setattr(status_module.importlib, "import_module", absent)
    monkeypatch.setitem(status_module.SCHEMATIC_FILES, "regency", hexjson)
    monkeypatch.setitem(status_module.SCHEMATIC_FILES, "province", tmp_path / "absent.json")
    assert status_module.schematic_count("regency") == 2
    assert status_module.schematic_count("province") is None


def test_partial_import_merges_and_history_and_rollback_restore(
    data_dir: Path, tmp_path: Path
) -> None:
    first = squares(
        tmp_path, ["32.01", "32.73"], ["Kab. Bogor", "Kota Bandung"], at=["32.01", "32.73"]
    )
    assert run("import", str(first), "--level", "regency").exit_code == 0
    layer_file = data_dir / "boundaries" / "regency.geojson"
    bandung = next(f for f in json.loads(layer_file.read_text())["features"] if f["id"] == "32.73")

    (tmp_path / "second").mkdir()
    second = squares(tmp_path / "second", ["93.01"], ["Kab. Merauke"], at=["93.01"])
    result = run("import", str(second), "--level", "regency")
    assert result.exit_code == 0, result.output
    assert "merged: 2 regions kept from the previous layer; 3 in the layer now" in result.output
    features = {f["id"]: f for f in json.loads(layer_file.read_text())["features"]}
    assert set(features) == {"32.01", "32.73", "93.01"} and features["32.73"] == bandung

    result = run("import", str(second), "--level", "regency", "--replace")
    assert result.exit_code == 0 and "saved as version 3" in result.output
    assert {f["id"] for f in json.loads(layer_file.read_text())["features"]} == {"93.01"}

    text = run("history").output
    assert "  1  " in text and "  3  " in text and "(replace, 513 missing)" in text
    assert "regency: 3 regions from squares.geojson (merge, 511 missing)" in text
    result = run("rollback", "2")
    assert result.exit_code == 0 and "restored version 2; saved as version 4" in result.output
    assert {f["id"] for f in json.loads(layer_file.read_text())["features"]} == set(features)
    assert run("rollback", "9").exit_code == 2


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_crs_option_reads_a_file_without_projection(data_dir: Path, tmp_path: Path) -> None:
    path = squares(tmp_path, ["32.01"], ["Kab. Bogor"], at=["32.01"])
    frame = gpd.read_file(path).to_crs(32748).set_crs(None, allow_override=True)
    frame.to_file(tmp_path / "utm.shp")
    result = run("import", str(tmp_path / "utm.shp"), "--level", "regency")
    assert result.exit_code == 2 and "has no CRS" in result.stderr
    assert "--crs EPSG:n" in result.stderr
    result = run("import", str(tmp_path / "utm.shp"), "--level", "regency", "--crs", "EPSG:32748")
    assert result.exit_code == 0, result.output
    assert "CRS: EPSG:32748" in result.output


def test_non_geographic_file_is_refused_in_plain_words(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "rekap.csv"
    path.write_text("kode,nama\n32.01,Kab. Bogor\n")
    result = run("import", str(path), "--level", "regency")
    assert result.exit_code == 2
    assert "rekap.csv is not a boundary file" in result.stderr


def test_status_counts_the_merged_layer(data_dir: Path, tmp_path: Path) -> None:
    run(
        "import",
        str(squares(tmp_path, ["32.01"], ["Kab. Bogor"], at=["32.01"])),
        "--level",
        "regency",
    )
    (tmp_path / "b").mkdir()
    run(
        "import",
        str(squares(tmp_path / "b", ["93.01"], ["Merauke"], at=["93.01"])),
        "--level",
        "regency",
    )
    assert json.loads(run("status", "--json").output)["boundaries"]["regency"] == 2
