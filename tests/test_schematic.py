"""The schematic hexagon maps: complete, one region per cell, provinces whole, reproducible."""

from __future__ import annotations

from collections import defaultdict
from statistics import mean

import numpy as np
import pytest
from shapely.geometry import Point, shape

from geodata import build_schematic
from geodata.regions import by_code, provinces, regencies
from geodata.schematic import (
    FILES,
    label_points,
    load_hexjson,
    outline_label_points,
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
        assert set(feature["properties"]) == {"code", "name", "province", "short"}
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


SHORT_NAMES = {
    "11": "ACEH", "12": "SUMUT", "13": "SUMBAR", "14": "RIAU", "15": "JAMBI",
    "16": "SUMSEL", "17": "BENGKULU", "18": "LAMPUNG", "19": "BABEL", "21": "KEPRI",
    "31": "DKI", "32": "JABAR", "33": "JATENG", "34": "DIY", "35": "JATIM", "36": "BANTEN",
    "51": "BALI", "52": "NTB", "53": "NTT", "61": "KALBAR", "62": "KALTENG", "63": "KALSEL",
    "64": "KALTIM", "65": "KALTARA", "71": "SULUT", "72": "SULTENG", "73": "SULSEL",
    "74": "SULTRA", "75": "GORONTALO", "76": "SULBAR", "81": "MALUKU", "82": "MALUT",
    "91": "PAPUA", "92": "PABAR", "93": "PAPSEL", "94": "PAPTENG", "95": "PAPEG", "96": "PBD",
}  # fmt: skip


def province_tiles() -> dict[str, tuple[int, int]]:
    return {code: (c["q"], c["r"]) for code, c in load_hexjson("province")["hexes"].items()}


def tile_x(cell: tuple[int, int]) -> float:
    return cell[0] + 0.5 * (cell[1] & 1)


def test_every_province_tile_carries_its_common_short_name():
    hexes = load_hexjson("province")["hexes"]
    assert {code: cell["s"] for code, cell in hexes.items()} == SHORT_NAMES
    layer = schematic_layer("regency")
    assert {f["properties"]["short"] for f in layer["features"]} == set(SHORT_NAMES.values())


def test_java_is_one_row_west_to_east_then_bali_ntb_ntt():
    tiles = province_tiles()
    order = ["36", "31", "32", "33", "34", "35", "51", "52", "53"]
    assert len({tiles[code][1] for code in order}) == 1, "Java and Nusa Tenggara share a row"
    xs = [tile_x(tiles[code]) for code in order]
    assert xs == [xs[0] + step for step in range(len(order))], "adjacent, west to east"


def test_sumatra_runs_north_west_to_south_east():
    tiles = province_tiles()
    spine = ["11", "12", "13", "17", "16", "18"]  # Aceh, Sumut, Sumbar, Bengkulu, Sumsel, Lampung
    rows = [tiles[code][1] for code in spine]
    assert rows == sorted(rows, reverse=True) and len(set(rows)) == len(rows)
    assert tile_x(tiles["18"]) > tile_x(tiles["11"])
    assert tile_x(tiles["21"]) > tile_x(tiles["14"]), "Kepri lies east of Riau"
    assert tile_x(tiles["19"]) > tile_x(tiles["16"]), "Babel lies east of Sumsel"


@pytest.mark.parametrize("group", sorted(build_schematic.ISLAND_GROUPS))
def test_each_island_group_is_one_block_of_province_tiles(group):
    tiles = province_tiles()
    cells = {tiles[code] for code in build_schematic.ISLAND_GROUPS[group]}
    assert components(cells) == 1


@pytest.mark.parametrize("group", ["Kalimantan", "Sulawesi", "Maluku", "Papua"])
def test_the_eastern_islands_stand_apart(group):
    tiles = province_tiles()
    own = {tiles[code] for code in build_schematic.ISLAND_GROUPS[group]}
    others = set(tiles.values()) - own
    touching = {n for cell in own for n in odd_r_neighbours(*cell)} & others
    assert touching == set()


@pytest.mark.parametrize("group", sorted(build_schematic.ISLAND_GROUPS))
def test_province_tiles_keep_north_south_and_east_west_order(group):
    """Two provinces of one island group whose seats lie more than 2 degrees apart
    (latitude or longitude) are never drawn the other way round."""
    tiles = province_tiles()
    seats = {code: (by_code()[code].longitude, by_code()[code].latitude) for code in tiles}
    codes = build_schematic.ISLAND_GROUPS[group]
    for a in codes:
        for b in codes:
            if seats[a][0] > seats[b][0] + 2:
                assert tile_x(tiles[a]) >= tile_x(tiles[b]), (a, b)
            if seats[a][1] > seats[b][1] + 2:
                assert tiles[a][1] >= tiles[b][1], (a, b)


def test_province_island_groups_in_true_order():
    tiles = province_tiles()

    def centre(group: str) -> tuple[float, float]:
        cells = [tiles[code] for code in build_schematic.ISLAND_GROUPS[group]]
        return (mean(tile_x(c) for c in cells), mean(c[1] for c in cells))

    west_to_east = ["Sumatera", "Jawa", "Kalimantan", "Sulawesi", "Maluku", "Papua"]
    xs = [centre(name)[0] for name in west_to_east]
    assert xs == sorted(xs)
    assert centre("Kalimantan")[1] > centre("Jawa")[1]
    assert centre("Papua")[0] == max(xs)


def test_province_outline_labels_fall_inside_their_block():
    points = outline_label_points()
    outlines = {f["id"]: shape(f["geometry"]) for f in province_outlines()["features"]}
    assert set(points) == set(outlines)
    for code, (x, y) in points.items():
        assert outlines[code].contains(Point(x, y)), code
