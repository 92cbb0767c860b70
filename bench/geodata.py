"""Benchmark of the boundary importer on the shared real boundary files.

Run: ``.venv/bin/python bench/geodata.py [SHARED_GEODATA_DIR]``. Prints the import time
(CPU and wall; the regency file must import in at most 10 s of CPU),
the layer sizes as sent to the browser (raw and gzip) and the area error per region against
the repaired input (EPSG:6933 areas). The output goes to a temporary data dir.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pantau.settings import Settings

REPO = Path(__file__).resolve().parents[1]
LIMITS = {"regency": 1_500_000, "province": 400_000}
CPU_LIMIT_SECONDS = 10.0
FILES = {
    "regency": "indonesia-regencies-2025.geojson",
    "province": "indonesia-provinces-2025.geojson",
}


def shared_dir() -> Path:
    """The shared boundary files: argument, PANTAU_SHARED_GEODATA or ../shared/geodata."""
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    return Path(os.environ.get("PANTAU_SHARED_GEODATA", REPO / ".." / "shared" / "geodata"))


def use_repository_packages() -> None:
    """Run as a script, this file's folder leads sys.path and its name hides the ``geodata``
    package: put the repository first instead."""
    bench = REPO / "bench"
    sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != bench]
    sys.modules.pop("geodata", None)


def area_errors(source: Path, layer: dict, level: str) -> list[float]:
    """Relative area difference per region between the repaired input and the layer.

    A province layer derived from regencies is compared with the regencies dissolved.
    """
    import geopandas as gpd
    import numpy as np
    import shapely

    from geodata.boundaries import equal_area, repair

    frame = gpd.read_file(source, engine="pyogrio")
    geometries, _ = repair(frame.geometry.to_numpy())
    frame = frame.assign(
        geometry=geometries, key=frame["code"].str[: 2 if level == "province" else 5]
    )
    grouped = frame[["key", "geometry"]].dissolve(by="key")
    reference = dict(zip(grouped.index, equal_area(grouped.geometry.to_numpy()), strict=True))
    features = [f for f in layer["features"] if not f["properties"].get("fallback")]
    output = equal_area(np.array([shapely.geometry.shape(f["geometry"]) for f in features]))
    codes = [f["id"] for f in features]
    return np.array(
        [
            abs(out - reference[code]) / reference[code]
            for code, out in zip(codes, output, strict=True)
        ]
    )


def report(level: str, source: Path, settings: Settings) -> bool:
    """Print the figures of one level; True when within the limits."""
    import numpy as np

    from geodata.layers import map_layer

    layer = map_layer(level, "geographic", settings)
    raw = json.dumps(layer, separators=(",", ":")).encode()
    packed = len(gzip.compress(raw))
    errors = area_errors(source, layer, level)
    median, p95 = float(np.median(errors)), float(np.percentile(errors, 95))
    within = len(raw) < LIMITS[level] and median < 0.02
    print(
        f"{level:8s} features {len(layer['features']):3d}  raw {len(raw):>9,d} B  "
        f"gzip {packed:>8,d} B  (limit {LIMITS[level]:,d})  area error median "
        f"{median:.3%} p95 {p95:.3%}  {'OK' if within else 'OVER LIMIT'}"
    )
    return within


def main() -> int:
    """Import both shared files into temporary data dirs and print the figures."""
    use_repository_packages()
    from geodata.importer import import_boundaries
    from pantau.settings import Settings

    shared = shared_dir()
    if not (shared / FILES["regency"]).exists():
        print(f"shared boundary files not found in {shared}", file=sys.stderr)
        return 2
    ok = True
    load = os.getloadavg()[0]
    print(
        f"load average {load:.1f} on {os.cpu_count()} CPUs (wall time is only comparable on "
        "a quiet machine; the limit is on CPU time)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for level in ("regency", "province"):
            settings = Settings(data_dir=Path(tmp) / level, database_url="sqlite://")
            started, cpu_started = time.perf_counter(), time.process_time()
            result = import_boundaries(shared / FILES[level], level, settings)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            counts = result.manifest["counts"]
            print(
                f"import {FILES[level]}: {cpu:.1f} s CPU, {seconds:.1f} s wall, "
                f"{counts['matched']} matched, {counts['rejected']} failed the ground check, "
                f"{counts['missing']} missing, tolerance "
                f"{result.manifest['simplification']['tolerance_degrees']} deg"
                + (", province layer derived too" if result.derived else "")
            )
            ok &= cpu <= CPU_LIMIT_SECONDS and counts["rejected"] == 0
            ok &= report(level, shared / FILES[level], settings)
            if result.derived:
                print("derived from the regencies:")
                ok &= report("province", shared / FILES["regency"], settings)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
