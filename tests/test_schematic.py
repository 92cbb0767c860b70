"""The schematic hexagon maps: complete, one region per cell, provinces whole, reproducible."""

from __future__ import annotations

from collections import defaultdict
from statistics import mean

import numpy as np
import pytest
from shapely.geometry import shape

from geodata import build_schematic
from geodata.regions import by_code, provinces, regencies
from geodata.schematic import (
    FILES,
    label_points,
    load_hexjson,
    province_outlines,
    schematic_layer,
)

ODD_R_NEIGHBOURS = {
    0: ((1, 0), (-1, 0), (0, 1), (-1, 1), (0, -1), (-1, -1)),
    1: ((1, 0), (-1, 0), (1, 1), (0, 1), (1, -1), (0, -1)),
}


def odd_r_neighbours(q: int, r: int) -> list[tuple[int, int]]:
    """The six neighbours of an ``odd-r`` cell (odd rows shifted right)."""
    return [(q + dq, r + dr) for dq, dr in ODD_R_NEIGHBOURS[r & 1]]


def components(cells: set[tuple[int, int]]) -> int:
    """Number of connected groups of ``cells`` (breadth-first search)."""
    seen: set[tuple[int, int]] = set()
    count = 0
    for start in sorted(cells):
        if start in seen:
            continue
        count += 1
        queue = [start]
        seen.add(start)
        while queue:
            cell = queue.pop()
            for neighbour in odd_r_neighbours(*cell):
                if neighbour in cells and neighbour not in seen:
                    seen.add(neighbour)
                    queue.append(neighbour)
    return count


@pytest.mark.parametrize(
    ("level", "expected"), [("province", provinces()), ("regency", regencies())]
)
def test_every_region_has_exactly_one_cell(level, expected):
    document = load_hexjson(level)
    assert document["layout"] == "odd-r"
    hexes = document["hexes"]
    assert sorted(hexes) == [region.code for region in expected]
    cells = [(cell["q"], cell["r"]) for cell in hexes.values()]
    assert len(set(cells)) == len(cells), "two regions share a cell"
    for code, cell in hexes.items():
        assert cell["n"] == by_code()[code].name
        assert cell["province"] == code[:2]


def test_counts():
    assert len(load_hexjson("province")["hexes"]) == 38
    assert len(load_hexjson("regency")["hexes"]) == 514


def test_each_province_is_one_connected_group_of_regency_cells():
    by_province: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for cell in load_hexjson("regency")["hexes"].values():
        by_province[cell["province"]].add((cell["q"], cell["r"]))
    assert len(by_province) == 38
    split = {code: components(cells) for code, cells in by_province.items()}
    assert {code: n for code, n in split.items() if n != 1} == {}


def test_components_detects_a_split_group():
    assert components({(0, 0), (1, 0)}) == 1
    assert components({(0, 0), (0, 1)}) == 1
    assert components({(0, 0), (2, 0)}) == 2
    assert components({(0, 1), (1, 2)}) == 1


def test_build_is_deterministic_and_matches_the_committed_files():
    assert build_schematic.dump(build_schematic.regency_hexjson()) == FILES["regency"].read_text(
        encoding="utf-8"
    )
    assert build_schematic.dump(build_schematic.province_hexjson()) == FILES["province"].read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("level", "records", "limit"),
    [("regency", regencies, 4.0), ("province", provinces, 2.0)],
)
def test_cells_stay_near_the_projected_positions(level, records, limit):
    """Mean distance (in cells) between a region's cell and its seat, after the best
    scale-and-shift fit of the seats onto the cells (shuffled seats give about 24 and 9)."""
    regions = records()
    hexes = load_hexjson(level)["hexes"]
    cells = np.array(
        [
            (hexes[r.code]["q"] + 0.5 * (hexes[r.code]["r"] & 1), hexes[r.code]["r"] * 0.866)
            for r in regions
        ]
    )
    seats = np.array([(r.longitude, r.latitude) for r in regions])
    fitted = np.empty_like(cells)
    for axis in (0, 1):
        design = np.column_stack([seats[:, axis], np.ones(len(seats))])
        coefficients, *_ = np.linalg.lstsq(design, cells[:, axis], rcond=None)
        fitted[:, axis] = design @ coefficients
    displacement = np.sqrt(((cells - fitted) ** 2).sum(axis=1))
    assert displacement.mean() < limit


def test_island_groups_keep_their_order():
    hexes = load_hexjson("regency")["hexes"]

    def centre(codes: tuple[str, ...]) -> tuple[float, float]:
        cells = [c for c in hexes.values() if c["province"] in codes]
        return (mean(c["q"] for c in cells), mean(c["r"] for c in cells))

    groups = {name: centre(codes) for name, codes in build_schematic.ISLAND_GROUPS.items()}
    west_to_east = ["Sumatera", "Jawa", "Kalimantan", "Sulawesi", "Maluku", "Papua"]
    xs = [groups[name][0] for name in west_to_east]
    assert xs == sorted(xs)
    assert groups["Kalimantan"][1] > groups["Jawa"][1]
    assert groups["Nusa Tenggara"][1] < groups["Sulawesi"][1]
    assert groups["Nusa Tenggara"][0] > groups["Jawa"][0]


@pytest.mark.parametrize("level", ["province", "regency"])
def test_layer_features(level):
    layer = schematic_layer(level)
    features = layer["features"]
    assert layer["type"] == "FeatureCollection"
    assert len(features) == (38 if level == "province" else 514)
    for feature in features:
        assert feature["id"] == feature["properties"]["code"]
        assert set(feature["properties"]) == {"code", "name", "province"}
        ring = feature["geometry"]["coordinates"][0]
        assert len(ring) == 7 and ring[0] == ring[-1]
        polygon = shape(feature["geometry"])
        assert polygon.is_valid
        assert not polygon.exterior.is_ccw, "d3-geo needs clockwise exterior rings"
        assert polygon.bounds[0] >= 95 and polygon.bounds[2] <= 141.5
    areas = {round(shape(f["geometry"]).area, 4) for f in features}
    assert max(areas) - min(areas) < 0.01 * max(areas), "cells must be equal"
    labels = label_points(level)
    assert set(labels) == {feature["id"] for feature in features}


def test_province_outlines_are_valid_single_polygons_covering_their_hexes():
    outlines = {f["id"]: f for f in province_outlines()["features"]}
    assert sorted(outlines) == [p.code for p in provinces()]
    hexes = defaultdict(list)
    for feature in schematic_layer("regency")["features"]:
        hexes[feature["properties"]["province"]].append(shape(feature["geometry"]))
    for code, feature in outlines.items():
        outline = shape(feature["geometry"])
        assert feature["geometry"]["type"] == "Polygon"
        assert outline.is_valid
        assert not outline.exterior.is_ccw
        total = sum(h.area for h in hexes[code])
        assert outline.area == pytest.approx(total, rel=0.02)
