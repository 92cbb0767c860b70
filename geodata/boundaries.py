"""Geometry steps of the boundary import: read, reproject, repair, clean, simplify, write."""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import scipy.sparse
import scipy.sparse.csgraph
import shapely

WGS84 = "EPSG:4326"
EQUAL_AREA = "EPSG:6933"
LON_RANGE = (93.0, 143.0)
LAT_RANGE = (-12.0, 7.0)
DECIMALS = 4
GAP_WIDTH = 0.005
POLYGONAL = ("Polygon", "MultiPolygon")
POLYGON_TYPE = 3
"""shapely's type id of a Polygon."""
BYTES_PER_COORDINATE = 20
"""About the GeoJSON bytes of one coordinate pair at DECIMALS (``[106.8272,-6.1751],``)."""


class BoundaryImportError(Exception):
    """A boundary file that cannot be imported; the message says why in one line."""


DATASET_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json", ".fgb", ".gml", ".kml")


def locate(source: str | Path) -> tuple[Path, str, list[str]]:
    """The local file, the URI GDAL reads and warnings for a path, ``zip://`` or ``/vsizip/``.

    A plain ``.zip`` is searched for the dataset inside it (which may be in a folder).
    """
    text = str(source)
    for prefix in ("zip://", "/vsizip/"):
        if text.startswith(prefix):
            archive = text.removeprefix(prefix).split("!")[0]
            archive = (
                archive[: archive.lower().index(".zip") + 4]
                if ".zip" in archive.lower()
                else archive
            )
            return Path(archive), text, []
    path = Path(source)
    if path.suffix.lower() != ".zip" or not path.is_file() or path.stat().st_size == 0:
        return path, str(path), []
    try:
        with zipfile.ZipFile(path) as archive:
            members = sorted(
                name
                for name in archive.namelist()
                if name.lower().endswith(DATASET_SUFFIXES) and not name.startswith("__MACOSX")
            )
    except zipfile.BadZipFile as exc:
        raise BoundaryImportError(f"cannot read {path.name}: not a valid zip archive") from exc
    if not members:
        raise BoundaryImportError(f"no Shapefile, GeoPackage or GeoJSON inside {path.name}")
    warnings = (
        [f"{len(members)} datasets in {path.name}; read {members[0]}"] if len(members) > 1 else []
    )
    return path, f"/vsizip/{path.resolve()}/{members[0]}", warnings


def read_features(source: str | Path) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Read a GeoJSON, (zipped) Shapefile or GeoPackage; the first polygon layer is used."""
    path, uri, warnings = locate(source)
    if not path.exists():
        raise BoundaryImportError(f"file not found: {path}")
    if path.is_file() and path.stat().st_size == 0:
        raise BoundaryImportError(f"the file is empty: {path}")
    try:
        layers = pyogrio.list_layers(uri)
    except Exception as exc:
        raise BoundaryImportError(
            f"cannot read {path.name}: it is not a boundary file (GeoJSON, Shapefile, zipped "
            f"Shapefile or GeoPackage) or it is damaged [{_first_line(exc)}]"
        ) from exc
    layer = None
    polygon_layers = [str(name) for name, kind in layers if kind and "Polygon" in str(kind)]
    if len(layers) > 1:
        layer = polygon_layers[0] if polygon_layers else str(layers[0][0])
        warnings.append(f"{len(layers)} layers in the file; read layer {layer!r}")
    try:
        frame = gpd.read_file(uri, layer=layer, engine="pyogrio", fid_as_index=True)
    except Exception as exc:
        raise BoundaryImportError(f"cannot read {path.name}: {_first_line(exc)}") from exc
    if len(frame) == 0:
        raise BoundaryImportError(f"{path.name} holds no features")
    if not isinstance(frame, gpd.GeoDataFrame):
        fields = ", ".join(map(str, frame.columns))
        raise BoundaryImportError(
            f"{path.name} is not a boundary file: it is a table without geometry (fields: "
            f"{fields}); export the boundaries as GeoJSON, Shapefile or GeoPackage"
        )
    if frame.geometry.isna().all():
        raise BoundaryImportError(f"{path.name} has no geometry: every feature is empty")
    return frame, warnings


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def check_polygonal(frame: gpd.GeoDataFrame, name: str) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Keep polygonal features; fail when there are none (points or lines instead)."""
    types = frame.geometry.geom_type
    polygonal = types.isin(POLYGONAL)
    if not polygonal.any():
        found = ", ".join(sorted({str(t) for t in types.dropna().unique()})) or "nothing"
        raise BoundaryImportError(
            f"{name} holds {found} geometries, not polygons: boundaries must be areas"
        )
    warnings = []
    dropped = int((~polygonal).sum())
    if dropped:
        warnings.append(f"{dropped} features without a polygon geometry were ignored")
    return frame[polygonal].copy(), warnings


def to_wgs84(
    frame: gpd.GeoDataFrame, crs: str | None = None
) -> tuple[gpd.GeoDataFrame, str | None, bool, list[str]]:
    """Reproject to EPSG:4326 and put swapped latitude/longitude back in order.

    ``crs`` is the CRS of a file without one (``--crs EPSG:n``). Returns the frame, the
    input CRS (as ``EPSG:n`` or WKT name, None if absent), whether the axes were swapped,
    and warnings.
    """
    warnings: list[str] = []
    crs_in = None
    if crs is not None:
        try:
            wanted = pyproj.CRS.from_user_input(crs)
        except pyproj.exceptions.CRSError as exc:
            raise BoundaryImportError(f"--crs {crs}: not a known CRS") from exc
        if frame.crs is not None and frame.crs != wanted:
            warnings.append(f"the file declares {frame.crs.to_string()}; read as {crs} (--crs)")
        frame = frame.set_crs(wanted, allow_override=True)
    assumed = frame.crs is None
    if assumed:
        warnings.append(
            "the file has no CRS (no .prj); assumed EPSG:4326 (longitude, latitude); "
            "give --crs EPSG:n if it is another"
        )
        frame = frame.set_crs(WGS84)
    else:
        epsg = frame.crs.to_epsg()
        crs_in = f"EPSG:{epsg}" if epsg else frame.crs.name
        if epsg != 4326:
            frame = frame.to_crs(WGS84)
    minx, miny, maxx, maxy = frame.total_bounds
    if _fits(minx, miny, maxx, maxy):
        return frame, crs_in, False, warnings
    if _fits(miny, minx, maxy, maxx):
        warnings.append("coordinates were in latitude, longitude order; swapped")
        swapped = shapely.transform(frame.geometry.values, lambda xy: xy[:, ::-1])
        frame = frame.set_geometry(gpd.GeoSeries(swapped, index=frame.index, crs=WGS84))
        return frame, crs_in, True, warnings
    bounds = f"bounds {minx:.4g}, {miny:.4g}, {maxx:.4g}, {maxy:.4g}"
    if assumed:
        raise BoundaryImportError(
            f"the file has no CRS (no .prj) and its coordinates ({bounds}) are not longitude "
            "and latitude in Indonesia: give its CRS with --crs EPSG:n (e.g. EPSG:32749 for "
            "UTM zone 49S)"
        )
    raise BoundaryImportError(
        f"the coordinates ({bounds}) are not in Indonesia; is the CRS "
        f"({crs or crs_in}) wrong? give the right one with --crs EPSG:n"
    )


def _fits(minx: float, miny: float, maxx: float, maxy: float) -> bool:
    return (
        LON_RANGE[0] <= minx <= maxx <= LON_RANGE[1]
        and LAT_RANGE[0] <= miny <= maxy <= LAT_RANGE[1]
    )


def polygonal_part(geometry: shapely.Geometry | None) -> shapely.Geometry | None:
    """The polygons of a geometry as one (Multi)Polygon, or None when there are none."""
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type in POLYGONAL:
        return geometry
    parts = [part for part in shapely.get_parts(geometry) if part.geom_type in POLYGONAL]
    polygons = [poly for part in parts for poly in shapely.get_parts(part)]
    if not polygons:
        return None
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def repair(geometries: np.ndarray) -> tuple[np.ndarray, int]:
    """Make every geometry valid, keeping only polygonal parts; returns (geoms, n repaired)."""
    invalid = ~shapely.is_valid(geometries)
    repaired = geometries.copy()
    repaired[invalid] = [_repair_one(geometry) for geometry in geometries[invalid]]
    return repaired, int(invalid.sum())


def _repair_one(geometry: shapely.Geometry | None) -> shapely.Geometry | None:
    """One geometry made valid part by part: each invalid polygon repaired alone, then only
    the parts that overlap or touch (nested shells, islands drawn twice) unioned.

    The same result as ``make_valid`` of the whole (method ``structure``), but an island
    region with thousands of parts costs its few overlaps, not an overlay of all of them.
    """
    if geometry is None:
        return None
    parts = shapely.get_parts(geometry)
    bad = ~shapely.is_valid(parts)
    if bad.any():
        fixed = shapely.make_valid(parts[bad], method="structure", keep_collapsed=False)
        parts = np.concatenate([parts[~bad], shapely.get_parts(fixed)])
    parts = parts[shapely.get_type_id(parts) == POLYGON_TYPE]
    left, right = shapely.STRtree(parts).query(parts, predicate="intersects")
    linked = np.zeros(len(parts), dtype=bool)
    linked[left[left != right]] = True
    polygons = list(parts[~linked])
    for members in clusters(parts[linked], 0.0) if linked.any() else []:
        polygons += list(shapely.get_parts(shapely.union_all(parts[linked][members])))
    return polygonal_part(shapely.multipolygons(polygons)) if polygons else None


def merge(geometries: Sequence[shapely.Geometry]) -> shapely.Geometry:
    """Union of several polygonal geometries (duplicate features of one code)."""
    if len(geometries) == 1:
        return geometries[0]
    return polygonal_part(shapely.union_all(list(geometries)))


def clean_coverage(geometries: np.ndarray) -> np.ndarray:
    """Remove overlaps and small gaps so neighbours share identical edges.

    Only the parts that lie within two gap widths of another region's part are cleaned (an
    island far from any neighbour cannot overlap one or close a gap), one cluster of nearby
    regions (an island group) at a time: the gap search of GEOS grows faster than linearly.
    """
    parts, owner = shapely.get_parts(geometries, return_index=True)
    contact = near_others(parts, owner, 2 * GAP_WIDTH)
    touching = np.unique(owner[contact])
    coverage = shapely.multipolygons(
        parts[contact], indices=np.searchsorted(touching, owner[contact])
    )
    for members in clusters(coverage, 2 * GAP_WIDTH):
        if len(members) > 1:
            coverage[members] = shapely.coverage_clean(
                coverage[members], gap_width=GAP_WIDTH, snapping_distance=0.0
            )
    pieces, index = shapely.get_parts(coverage, return_index=True)
    pieces = np.concatenate([pieces, parts[~contact]])
    index = np.concatenate([touching[index], owner[~contact]])
    order = np.argsort(index, kind="stable")
    order = order[~shapely.is_empty(pieces[order])]
    pieces, index = pieces[order], index[order]
    starts = np.searchsorted(index, np.arange(len(geometries) + 1))
    cleaned = np.array(
        [
            polygonal_part(shapely.multipolygons(pieces[a:b])) if b > a else None
            for a, b in zip(starts[:-1], starts[1:], strict=True)
        ],
        dtype=object,
    )
    broken = np.flatnonzero(~shapely.is_valid(cleaned) & ~shapely.is_missing(cleaned))
    cleaned[broken] = [_repair_one(cleaned[i]) for i in broken]
    return cleaned


def near_others(parts: np.ndarray, owner: np.ndarray, distance: float) -> np.ndarray:
    """Which parts lie within ``distance`` of a part of another owner."""
    low_x, low_y, high_x, high_y = shapely.bounds(parts).T
    boxes = shapely.box(low_x - distance, low_y - distance, high_x + distance, high_y + distance)
    left, right = shapely.STRtree(parts).query(boxes)
    other = owner[left] != owner[right]
    left, right = left[other], right[other]
    near = shapely.dwithin(parts[left], parts[right], distance)
    found = np.zeros(len(parts), dtype=bool)
    found[left[near]] = True
    return found


def clusters(geometries: np.ndarray, distance: float) -> list[np.ndarray]:
    """Indices of the groups of geometries linked by lying within ``distance`` of another
    (touching or overlapping for a distance of 0)."""
    tree = shapely.STRtree(geometries)
    if distance > 0:
        left, right = tree.query(geometries, predicate="dwithin", distance=distance)
    else:
        left, right = tree.query(geometries, predicate="intersects")
    size = len(geometries)
    links = scipy.sparse.coo_array((np.ones(len(left)), (left, right)), shape=(size, size))
    _, labels = scipy.sparse.csgraph.connected_components(links, directed=False)
    order = np.argsort(labels, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(labels[order])) + 1)


def touching_parts(parts: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Which parts share a vertex with another owner's part: in a clean coverage neighbours
    share their edges vertex for vertex."""
    coordinates, index = shapely.get_coordinates(parts, return_index=True)
    points = coordinates.view(np.complex128).ravel()
    owners = owner[index]
    order = np.lexsort((owners, points.imag, points.real))
    points, owners, index = points[order], owners[order], index[order]
    other = (points[1:] == points[:-1]) & (owners[1:] != owners[:-1])
    touching = np.zeros(len(parts), dtype=bool)
    touching[index[1:][other]] = True
    touching[index[:-1][other]] = True
    return touching


def open_gaps(
    geometries: np.ndarray, min_km2: float
) -> list[tuple[float, list[int], tuple[float, float]]]:
    """The gaps no region covers (holes in the union of a clean coverage) larger than
    ``min_km2``: their km², the indices of the regions around each and a point inside it
    (longitude, latitude), largest first.

    Only parts that touch another region are united: a gap lies between neighbours.
    """
    parts, owner = shapely.get_parts(geometries, return_index=True)
    touching = touching_parts(parts, owner)
    if not touching.any():
        return []
    union = shapely.coverage_union_all(parts[touching])
    holes = np.array(
        [shapely.Polygon(ring) for part in shapely.get_parts(union) for ring in part.interiors],
        dtype=object,
    )
    if len(holes) == 0:
        return []
    areas = equal_area(holes)
    tree = shapely.STRtree(parts)
    gaps = []
    for hole, km2 in zip(holes, areas, strict=True):
        if km2 > min_km2:
            around = np.unique(owner[tree.query(hole, predicate="intersects")])
            inside = shapely.get_coordinates(shapely.point_on_surface(hole))[0]
            point = (round(float(inside[0]), DECIMALS), round(float(inside[1]), DECIMALS))
            gaps.append((round(float(km2), 1), [int(i) for i in around], point))
    return sorted(gaps, reverse=True)


@dataclass
class Simplified:
    """A simplified coverage and the figures of how it was chosen."""

    geometries: np.ndarray
    tolerance: float
    size: int


class CoverageSimplifier:
    """Simplifies a clean coverage to a target output size, keeping shared edges.

    Small islands (smaller than the square of twice the tolerance and touching no other
    region) are dropped, but every region keeps its largest parts up to KEPT_SHARE of its
    area and the part nearest its ``anchor`` (its seat), so that an island region is still
    drawn where it is.
    """

    KEPT_SHARE = 0.6

    def __init__(
        self,
        geometries: np.ndarray,
        codes: Sequence[str],
        names: Sequence[str],
        anchors: np.ndarray | None = None,
    ):
        self.codes = list(codes)
        self.names = list(names)
        self.parts, self.owner = shapely.get_parts(geometries, return_index=True)
        self.areas = shapely.area(self.parts)
        self.keep_always = self._largest_parts() | touching_parts(self.parts, self.owner)
        if anchors is not None:
            self.keep_always |= self._nearest_parts(anchors)

    def _largest_parts(self) -> np.ndarray:
        """The largest parts of each region, until they hold KEPT_SHARE of its area."""
        order = np.lexsort((-self.areas, self.owner))
        owner, areas = self.owner[order], self.areas[order]
        totals = np.bincount(owner, weights=areas)[owner]
        before = np.cumsum(areas) - areas
        before -= before[np.searchsorted(owner, owner)]
        share = np.divide(before, totals, out=np.zeros_like(before), where=totals > 0)
        largest = np.zeros(len(self.parts), dtype=bool)
        largest[order[share < self.KEPT_SHARE]] = True
        return largest

    def _nearest_parts(self, anchors: np.ndarray) -> np.ndarray:
        """The part of each region nearest its anchor point."""
        distance = shapely.distance(self.parts, anchors[self.owner])
        order = np.lexsort((distance, self.owner))
        first = np.unique(self.owner[order], return_index=True)[1]
        nearest = np.zeros(len(self.parts), dtype=bool)
        nearest[order[first]] = True
        return nearest

    def simplify(self, tolerance: float, valid: bool = True) -> np.ndarray:
        """The coverage simplified at ``tolerance`` degrees, rounded to DECIMALS (and made
        valid again where rounding broke a polygon, unless ``valid`` is False)."""
        keep = self.keep_always | (self.areas >= (2 * tolerance) ** 2)
        kept = shapely.multipolygons(self.parts[keep], indices=self.owner[keep])
        simplified = shapely.coverage_simplify(kept, tolerance) if tolerance > 0 else kept
        if not valid:
            return shapely.transform(simplified, lambda xy: np.round(xy, DECIMALS))
        return round_coordinates(simplified)

    def to_size(self, target_bytes: int, low: float = 1e-4, high: float = 0.2) -> Simplified:
        """About the least simplification whose GeoJSON fits ``target_bytes``.

        The size falls about as a power of the tolerance, so a few secant steps on that law
        (from two probes) find a tolerance whose layer is 85-100 % of the target; when even
        ``high`` does not fit, the result at ``high`` is returned.
        """
        if BYTES_PER_COORDINATE * shapely.get_num_coordinates(self.parts).sum() <= target_bytes:
            result = self._attempt(low)
            if result.size <= target_bytes:
                return result
        tried = {}
        for tolerance in (2e-3, 8e-3):
            tried[tolerance] = self._probe(tolerance)
        for _ in range(4):
            (t1, s1), (t2, s2) = _bracket({t: size for t, (size, _) in tried.items()}, target_bytes)
            slope = min(math.log(s2 / s1) / math.log(t2 / t1) if s1 != s2 else -1.0, -0.2)
            guess = min(max(t1 * (0.93 * target_bytes / s1) ** (1 / slope), low), high)
            if guess in tried:
                break
            tried[guess] = self._probe(guess)
            if 0.85 * target_bytes <= tried[guess][0] <= target_bytes or guess in (low, high):
                break
        fitting = [t for t, (size, _) in tried.items() if size <= target_bytes] or [high]
        tolerance = min(fitting)
        if tolerance not in tried:
            tried[tolerance] = self._probe(tolerance)
        geometries = round_coordinates(tried[tolerance][1])
        return Simplified(geometries, tolerance, self.size(geometries))

    def _probe(self, tolerance: float) -> tuple[int, np.ndarray]:
        geometries = self.simplify(tolerance, valid=False)
        return self.size(geometries), geometries

    def _attempt(self, tolerance: float) -> Simplified:
        geometries = self.simplify(tolerance)
        return Simplified(geometries, tolerance, self.size(geometries))

    def size(self, geometries: np.ndarray) -> int:
        """Bytes of the feature collection these geometries give."""
        return len(feature_collection(self.codes, self.names, geometries))


def _bracket(sizes: dict[float, int], target: int) -> list[tuple[float, int]]:
    """The two tried tolerances to interpolate between: the nearest on either side of the
    target size, else the two nearest on the one side there is."""
    over = sorted((t, s) for t, s in sizes.items() if s > target)
    under = sorted((t, s) for t, s in sizes.items() if s <= target)
    if over and under:
        return [over[-1], under[0]]
    return over[-2:] if over else under[:2]


def round_coordinates(geometries: np.ndarray) -> np.ndarray:
    """Coordinates rounded to DECIMALS, each geometry made valid again if rounding broke it."""
    rounded = shapely.transform(geometries, lambda xy: np.round(xy, DECIMALS))
    invalid = ~shapely.is_valid(rounded)
    if invalid.any():
        fixed = shapely.make_valid(rounded[invalid], method="structure", keep_collapsed=False)
        rounded[invalid] = [polygonal_part(geom) for geom in fixed]
    return rounded


def feature_collection(
    codes: Sequence[str],
    names: Sequence[str],
    geometries: np.ndarray,
    extra: Sequence[dict] | None = None,
) -> str:
    """Compact GeoJSON text: ``id`` = code, properties ``code`` and ``name``.

    Exterior rings are written clockwise (holes counter-clockwise): plotly.js draws GeoJSON
    with d3-geo, which reads a counter-clockwise exterior as "the whole globe but this".
    """
    texts = shapely.to_geojson(shapely.orient_polygons(geometries, exterior_cw=True))
    features = []
    for index, (code, name, geometry) in enumerate(zip(codes, names, texts, strict=True)):
        properties = {"code": code, "name": name, **(extra[index] if extra else {})}
        head = json.dumps(
            {"type": "Feature", "id": code, "properties": properties},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        features.append(f'{head[:-1]},"geometry":{geometry}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def equal_area(geometries: np.ndarray) -> np.ndarray:
    """Areas in km² in the EPSG:6933 equal-area projection."""
    series = gpd.GeoSeries(geometries, crs=WGS84).to_crs(EQUAL_AREA)
    return series.area.to_numpy() / 1e6


def dissolve(geometries: np.ndarray, groups: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Union a clean coverage by group key; returns (sorted keys, one geometry per key)."""
    frame = pd.DataFrame({"group": list(groups), "index": range(len(groups))})
    keys, merged = [], []
    for key, rows in frame.groupby("group", sort=True):
        keys.append(str(key))
        union = shapely.coverage_union_all(geometries[rows["index"].to_numpy()])
        merged.append(polygonal_part(union))
    return keys, np.array(merged, dtype=object)


def coverage_changes(
    codes: Sequence[str], before: np.ndarray, after: np.ndarray, min_km2: float
) -> list[dict]:
    """Where cleaning moved area between regions: what each region lost to overlaps (and who
    received how much of it, in km²) or gained from gaps, when more than ``min_km2``."""
    area_before, area_after = equal_area(before), np.nan_to_num(equal_area(after))
    tree = shapely.STRtree([g if g is not None else shapely.Polygon() for g in after])
    changes = []
    for index, (old, new) in enumerate(zip(area_before, area_after, strict=True)):
        if abs(old - new) <= min_km2:
            continue
        item = {"code": codes[index], "before_km2": round(float(old), 1)}
        item["after_km2"] = round(float(new), 1)
        if new < old:
            lost = before[index] if after[index] is None else before[index].difference(after[index])
            near = [int(i) for i in tree.query(lost, predicate="intersects") if i != index]
            pieces = np.array([after[i].intersection(lost) for i in near], dtype=object)
            shares = equal_area(pieces) if near else np.array([])
            received = sorted(
                ((float(km2), codes[i]) for i, km2 in zip(near, shares, strict=True) if km2 >= 1),
                reverse=True,
            )
            item["received_by"] = [code for _, code in received]
            item["received_km2"] = [round(km2, 1) for km2, _ in received]
        changes.append(item)
    return changes


def reclean(geometries: np.ndarray, edited: Sequence[int]) -> None:
    """Clean again, in place, the regions ``edited`` and their neighbours (an overlay edit
    can leave slivers where their edges meet)."""
    present = np.flatnonzero(~shapely.is_missing(geometries))
    tree = shapely.STRtree(geometries[present])
    around = np.unique(
        np.concatenate([present[tree.query(geometries[i], predicate="intersects")] for i in edited])
    )
    cleaned = shapely.coverage_clean(geometries[around], gap_width=GAP_WIDTH, snapping_distance=0.0)
    geometries[around] = [polygonal_part(geometry) for geometry in cleaned]


def give_back(
    before: np.ndarray, cleaned: np.ndarray, loser: int, winner: int
) -> tuple[shapely.Geometry | None, shapely.Geometry | None]:
    """The cleaned geometries of ``loser`` and ``winner`` after the part of ``winner`` that
    ``loser`` covered in the source goes back to ``loser``."""
    piece = polygonal_part(shapely.intersection(cleaned[winner], before[loser]))
    if piece is None:
        return cleaned[loser], cleaned[winner]
    keeps = piece if cleaned[loser] is None else shapely.union(cleaned[loser], piece)
    return polygonal_part(keeps), polygonal_part(shapely.difference(cleaned[winner], piece))
