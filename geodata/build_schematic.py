"""Build the schematic hexagon maps of Indonesia: ``python -m geodata.build_schematic``.

Writes ``data/schematic-regencies.hexjson`` (514 regencies/cities) and
``data/schematic-provinces.json`` (38 provinces), both in the HexJSON format with the
``odd-r`` layout (odd rows shifted half a cell to the right, ``r`` increasing northwards).

The province map is drawn by hand (:data:`PROVINCE_TILES`): 38 tiles are too few for an
algorithm to keep what a reader checks first, each island group one block in its true order
(Java west to east in one row, Sumatra north-west to south-east, Papua whole in the east).
Each tile carries the province's common short name (``s``).

How the regency map is made (see ``data/SCHEMATIC.md``):

1. Project each region's seat (lon/lat) to hex units, stretched so that Java's strip is wide
   enough for its 119 regencies.
2. Spread the points by a deterministic force relaxation: points closer than one cell push
   apart, regencies of one province pull towards their nearest fellows (closing the sea
   between the islands of one province), and every point is weakly anchored to its position.
3. Grow each province's block of cells from its seed, all provinces at once, cheapest cell
   first, a cell costing the squared distance to the province's nearest spread point; a block
   only ever takes cells next to itself, so every province is one connected group.
4. Inside each block, assign the regencies to the cells optimally
   (``scipy.optimize.linear_sum_assignment``, cost = squared distance).

Everything is deterministic: fixed iterations, no randomness, ties broken by code and cell.
"""

from __future__ import annotations

import heapq
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

from geodata.regions import RegionRecord, provinces, regencies

DATA = Path(__file__).parent / "data"
REGENCY_FILE = DATA / "schematic-regencies.hexjson"
PROVINCE_FILE = DATA / "schematic-provinces.json"
LAYOUT = "odd-r"
ROW_HEIGHT = math.sqrt(3) / 2
"""Distance between two rows of pointy-top hexagons whose neighbours are 1 apart."""

REGENCY_SCALE = (2.4, 2.4)
"""Hex units per degree of longitude and latitude for the regency map."""
PROVINCE_TILES: dict[str, tuple[str, int, int]] = {
    # code: (short name, column, row from the top); odd rows sit half a cell to the right
    "11": ("ACEH", 0, 0),
    "12": ("SUMUT", 0, 1),
    "13": ("SUMBAR", 0, 2),
    "14": ("RIAU", 1, 2),
    "21": ("KEPRI", 2, 2),
    "17": ("BENGKULU", 0, 3),
    "15": ("JAMBI", 1, 3),
    "16": ("SUMSEL", 1, 4),
    "19": ("BABEL", 2, 4),
    "18": ("LAMPUNG", 1, 5),
    "36": ("BANTEN", 2, 6),
    "31": ("DKI", 3, 6),
    "32": ("JABAR", 4, 6),
    "33": ("JATENG", 5, 6),
    "34": ("DIY", 6, 6),
    "35": ("JATIM", 7, 6),
    "51": ("BALI", 8, 6),
    "52": ("NTB", 9, 6),
    "53": ("NTT", 10, 6),
    "65": ("KALTARA", 5, 2),
    "61": ("KALBAR", 3, 3),
    "62": ("KALTENG", 4, 3),
    "64": ("KALTIM", 5, 3),
    "63": ("KALSEL", 5, 4),
    "75": ("GORONTALO", 8, 1),
    "71": ("SULUT", 9, 1),
    "72": ("SULTENG", 8, 2),
    "76": ("SULBAR", 7, 3),
    "73": ("SULSEL", 8, 4),
    "74": ("SULTRA", 9, 4),
    "82": ("MALUT", 11, 2),
    "81": ("MALUKU", 10, 3),
    "96": ("PBD", 13, 2),
    "92": ("PABAR", 14, 2),
    "94": ("PAPTENG", 14, 3),
    "91": ("PAPUA", 15, 3),
    "95": ("PAPEG", 15, 4),
    "93": ("PAPSEL", 15, 5),
}
"""The province tile map. Rows count down from the top; the bottom row is even, so a row's
parity is the same counted from either end."""
PROVINCE_ROWS = 7
ISLAND_GROUPS = {
    "Sumatera": ("11", "12", "13", "14", "15", "16", "17", "18", "19", "21"),
    "Jawa": ("31", "32", "33", "34", "35", "36"),
    "Nusa Tenggara": ("51", "52", "53"),
    "Kalimantan": ("61", "62", "63", "64", "65"),
    "Sulawesi": ("71", "72", "73", "74", "75", "76"),
    "Maluku": ("81", "82"),
    "Papua": ("91", "92", "93", "94", "95", "96"),
}
"""Provinces by island group; the groups keep their shape on the schematic maps."""
GAP = 2.0
SHRINK = 0.5
"""Springs of :func:`spread` shorten links longer than ``GAP`` cells to ``SHRINK`` of their
length (never below ``GAP``); shorter links only keep their length."""
AXIAL_NEIGHBOURS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1))

Cell = tuple[int, int]
"""Axial hex coordinates (q, r); the centre is at (q + r/2, r * sqrt(3)/2)."""


def project(records: Sequence[RegionRecord], scale: tuple[float, float]) -> np.ndarray:
    """Seat positions in hex units (x east, y north), with a tiny deterministic offset.

    The offset (golden-angle spiral, 0.001 units) separates regions sharing one seat.
    """
    points = np.array([[r.longitude * scale[0], r.latitude * scale[1]] for r in records])
    index = np.arange(len(records))
    angle = index * math.pi * (3 - math.sqrt(5))
    points += 1e-3 * np.column_stack([np.cos(angle), np.sin(angle)])
    return points


def island_group(province_code: str) -> str:
    """The island group of a province: Sumatera, Jawa, Nusa Tenggara, ... (by code)."""
    for name, codes in ISLAND_GROUPS.items():
        if province_code in codes:
            return name
    raise KeyError(f"province {province_code} belongs to no island group")


def spread(
    points: np.ndarray,
    provinces_of: Sequence[str],
    *,
    iterations: int = 300,
    anchor: tuple[float, float] = (0.01, 0.08),
    neighbours: int = 3,
) -> np.ndarray:
    """Relax ``points`` so no two are closer than one cell, keeping provinces and islands whole.

    Springs (rest length one cell) link each point to its ``neighbours`` nearest points of
    the same province and to the nearest point of each other province of its island group.
    """
    original = points.copy()
    position = points.copy()
    count = len(points)
    edges = spring_edges(original, provinces_of, neighbours)
    first = np.array([a for a, _ in edges], dtype=int)
    second = np.array([b for _, b in edges], dtype=int)
    off_diagonal = 1 - np.eye(count)
    span = np.sqrt(((original[second] - original[first]) ** 2).sum(axis=1))
    rest = np.where(span > GAP, np.maximum(span * SHRINK, GAP), np.maximum(span, 1.0))
    degree = np.maximum(np.bincount(np.concatenate([first, second]), minlength=count), 1)
    for _ in range(iterations):
        diff = position[:, None, :] - position[None, :, :]
        distance = np.maximum(np.sqrt((diff**2).sum(axis=2)), 1e-9)
        overlap = np.clip(1.0 - distance, 0, None) * off_diagonal
        push = (diff * (overlap / distance)[:, :, None]).sum(axis=1) * 0.5
        step = push + np.array(anchor) * (original - position)
        if len(edges):
            vector = position[second] - position[first]
            length = np.sqrt((vector**2).sum(axis=1))
            pull = (np.clip(length - rest, 0, None) / np.maximum(length, 1e-9))[:, None]
            force = pull * vector
            tension = np.zeros_like(step)
            np.add.at(tension, first, force)
            np.add.at(tension, second, -force)
            step += 0.3 * tension / degree[:, None]
        position = position + step
    return position


def spring_edges(
    points: np.ndarray, provinces_of: Sequence[str], neighbours: int
) -> list[tuple[int, int]]:
    """Pairs of point indexes linked by a spring in :func:`spread`, sorted."""
    edges: set[tuple[int, int]] = set()
    islands = [island_group(code) for code in provinces_of]
    for i in range(len(points)):
        distance = ((points - points[i]) ** 2).sum(axis=1)
        order = [int(j) for j in np.argsort(distance, kind="stable") if j != i]
        same = [j for j in order if provinces_of[j] == provinces_of[i]]
        linked = same[:neighbours]
        nearest_other: dict[str, int] = {}
        for j in order:
            if islands[j] == islands[i] and provinces_of[j] != provinces_of[i]:
                nearest_other.setdefault(provinces_of[j], j)
        linked.extend(nearest_other.values())
        edges.update((min(i, j), max(i, j)) for j in linked)
    return sorted(edges)


def centre(cell: Cell) -> tuple[float, float]:
    """The centre of an axial cell in hex units."""
    q, r = cell
    return (q + r / 2, r * ROW_HEIGHT)


def nearest_cell(x: float, y: float) -> Cell:
    """The axial cell containing the point (cube rounding)."""
    r = y / ROW_HEIGHT
    q = x - r / 2
    s = -q - r
    rq, rr, rs = round(q), round(r), round(s)
    dq, dr, ds = abs(rq - q), abs(rr - r), abs(rs - s)
    if dq > dr and dq > ds:
        rq = -rr - rs
    elif dr > ds:
        rr = -rq - rs
    return (int(rq), int(rr))


def neighbours_of(cell: Cell) -> list[Cell]:
    """The six axial neighbours of ``cell``."""
    return [(cell[0] + dq, cell[1] + dr) for dq, dr in AXIAL_NEIGHBOURS]


def _cost(cell: Cell, targets: np.ndarray) -> float:
    x, y = centre(cell)
    return float(((targets[:, 0] - x) ** 2 + (targets[:, 1] - y) ** 2).min())


def grow_blocks(
    points: np.ndarray, groups: Sequence[str], *, max_rounds: int = 12
) -> dict[str, list[Cell]]:
    """One connected block of cells per group, as many cells as the group has points.

    Groups grow at once, cheapest cell first. A group that gets enclosed before it is full
    is given priority (its costs halved) and the growth starts again.
    """
    names = sorted(set(groups))
    targets = {g: points[[i for i, each in enumerate(groups) if each == g]] for g in names}
    weight = dict.fromkeys(names, 1.0)
    for _ in range(max_rounds):
        blocks, stuck = _grow_once(targets, weight)
        if not stuck:
            return blocks
        for name in stuck:
            weight[name] /= 2
    raise RuntimeError(f"groups {stuck} stay enclosed after {max_rounds} rounds")


def _grow_once(
    targets: dict[str, np.ndarray], weight: dict[str, float]
) -> tuple[dict[str, list[Cell]], list[str]]:
    owner: dict[Cell, str] = {}
    blocks: dict[str, list[Cell]] = {name: [] for name in targets}
    heap: list[tuple[float, str, Cell]] = []
    order = sorted(targets, key=lambda name: (weight[name], name))
    for name in order:
        seed = _free_cell_near(_medoid(targets[name]), owner)
        owner[seed] = name
        blocks[name].append(seed)
        for cell in neighbours_of(seed):
            heapq.heappush(heap, (weight[name] * _cost(cell, targets[name]), name, cell))
    while heap:
        _, name, cell = heapq.heappop(heap)
        if cell in owner or len(blocks[name]) >= len(targets[name]):
            continue
        owner[cell] = name
        blocks[name].append(cell)
        for neighbour in neighbours_of(cell):
            if neighbour not in owner:
                cost = weight[name] * _cost(neighbour, targets[name])
                heapq.heappush(heap, (cost, name, neighbour))
    stuck = [name for name in sorted(targets) if len(blocks[name]) < len(targets[name])]
    return blocks, stuck


def _medoid(points: np.ndarray) -> tuple[float, float]:
    """The point of ``points`` closest to their mean."""
    mean = points.mean(axis=0)
    index = int(((points - mean) ** 2).sum(axis=1).argmin())
    return (float(points[index, 0]), float(points[index, 1]))


def _free_cell_near(point: tuple[float, float], owner: dict[Cell, str]) -> Cell:
    """The free cell nearest to ``point`` (ties by cell coordinates)."""
    start = nearest_cell(*point)
    seen = {start}
    frontier = [start]
    while True:
        free = [cell for cell in frontier if cell not in owner]
        if free:
            return min(free, key=lambda c: (_cost(c, np.array([point])), c))
        following: list[Cell] = []
        for cell in frontier:
            for neighbour in neighbours_of(cell):
                if neighbour not in seen:
                    seen.add(neighbour)
                    following.append(neighbour)
        frontier = following


def assign(points: np.ndarray, cells: Sequence[Cell]) -> list[Cell]:
    """The cell of each point, minimising the total squared distance (one point per cell)."""
    ordered = sorted(cells)
    centres = np.array([centre(cell) for cell in ordered])
    cost = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    rows, columns = linear_sum_assignment(cost)
    result: list[Cell] = [ordered[0]] * len(points)
    for row, column in zip(rows, columns, strict=True):
        result[row] = ordered[column]
    return result


def build_regency_cells() -> dict[str, Cell]:
    """Axial cell of every regency/city, keyed by code."""
    records = regencies()
    groups = [record.province_code or "" for record in records]
    points = spread(project(records, REGENCY_SCALE), groups)
    blocks = grow_blocks(points, groups)
    cells: dict[str, Cell] = {}
    for province, block in sorted(blocks.items()):
        members = [i for i, group in enumerate(groups) if group == province]
        for index, cell in zip(members, assign(points[members], block), strict=True):
            cells[records[index].code] = cell
    return cells


def build_province_cells() -> dict[str, Cell]:
    """Axial cell of every province, keyed by code, from :data:`PROVINCE_TILES`."""
    cells = {}
    for code, (_short, column, row) in PROVINCE_TILES.items():
        r = PROVINCE_ROWS - 1 - row
        cells[code] = (column - (r - (r & 1)) // 2, r)
    return cells


def short_names() -> dict[str, str]:
    """The common short name of each province (``JABAR``), keyed by code."""
    return {code: short for code, (short, _column, _row) in PROVINCE_TILES.items()}


def to_hexjson(
    cells: dict[str, Cell], records: Iterable[RegionRecord], short: dict[str, str] | None = None
) -> dict:
    """HexJSON (``odd-r``, rows numbered northwards from 0 or 1) of axial ``cells``, with
    each hex's short name ``s`` when ``short`` gives one."""
    names = {record.code: record for record in records}
    offsets = {code: (q + (r - (r & 1)) // 2, r) for code, (q, r) in cells.items()}
    min_col = min(col for col, _ in offsets.values())
    min_row = min(row for _, row in offsets.values())
    row_shift = min_row - (min_row & 1)
    hexes = {}
    for code in sorted(offsets):
        col, row = offsets[code]
        record = names[code]
        hexes[code] = {
            "q": col - min_col,
            "r": row - row_shift,
            "n": record.name,
            "province": record.province_code or record.code,
        }
        if short is not None:
            hexes[code]["s"] = short[code]
    return {"layout": LAYOUT, "hexes": hexes}


def regency_hexjson() -> dict:
    """The regency map as HexJSON."""
    return to_hexjson(build_regency_cells(), regencies())


def province_hexjson() -> dict:
    """The province map as HexJSON."""
    return to_hexjson(build_province_cells(), provinces(), short_names())


def dump(document: dict) -> str:
    """The committed text form: one hex per line, keys sorted."""
    lines = [f'{{"layout": {json.dumps(document["layout"])}, "hexes": {{']
    items = list(document["hexes"].items())
    for index, (code, cell) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        lines.append(f"  {json.dumps(code)}: {json.dumps(cell, ensure_ascii=False)}{comma}")
    lines.append("}}")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write both files and say how many hexes each holds."""
    for path, document in (
        (REGENCY_FILE, regency_hexjson()),
        (PROVINCE_FILE, province_hexjson()),
    ):
        path.write_text(dump(document), encoding="utf-8")
        print(f"{path.name}: {len(document['hexes'])} hexes")


if __name__ == "__main__":
    main()
