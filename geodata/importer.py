"""Import official boundary files into the data dir: ``pantau geodata import``."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
import shapely.geometry

from geodata.boundaries import (
    BoundaryImportError,
    CoverageSimplifier,
    check_polygonal,
    clean_coverage,
    coverage_changes,
    dissolve,
    equal_area,
    feature_collection,
    give_back,
    locate,
    merge,
    open_gaps,
    polygonal_part,
    read_features,
    reclean,
    repair,
    to_wgs84,
)
from geodata.fields import Fields, detect_fields
from geodata.ground import GroundRules, Verdict, overlap_fits_loser, seat, verify
from geodata.history import now_text
from geodata.matching import LEVELS, Match, code_level, match_code, match_name, reference_codes
from geodata.regions import by_code, label, regencies
from geodata.versions import numbers, save_version
from pantau.settings import Settings

__all__ = ["BoundaryImportError", "ImportResult", "import_boundaries", "layer_path"]

MOVED_KM2 = 50.0
"""Area (km²) that cleaning may move between neighbours before the import says so."""
TARGET_BYTES = {"province": 380_000, "regency": 1_400_000}
OTHER_LEVEL = {"province": "regency", "regency": "province"}
PLURAL = {"province": "provinces", "regency": "regencies"}


def layer_path(settings: Settings, level: str) -> Path:
    """``<data dir>/boundaries/<level>.geojson``."""
    return settings.data_dir / "boundaries" / f"{level}.geojson"


def manifest_path(settings: Settings, level: str) -> Path:
    """``<data dir>/boundaries/<level>.manifest.json``."""
    return settings.data_dir / "boundaries" / f"{level}.manifest.json"


def read_manifest(settings: Settings, level: str) -> dict | None:
    """The manifest of an imported level, or None."""
    path = manifest_path(settings, level)
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class MatchReport:
    """The outcome of matching every feature of a file to reference codes."""

    codes: list[str | None]
    ids: list[object] = field(default_factory=list)
    candidates: list[list[str]] = field(default_factory=list)
    from_code: list[bool] = field(default_factory=list)
    unmatched: list[dict] = field(default_factory=list)
    ambiguous: list[dict] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)
    outdated: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return sum(code is not None for code in self.codes)


@dataclass
class ImportResult:
    """What an import wrote: the level, its files and manifest, and a derived layer if any."""

    level: str
    path: Path
    manifest: dict
    derived: ImportResult | None = None


def _value(row: pd.Series, column: str | None) -> object:
    if column is None:
        return None
    value = row[column]
    return None if pd.api.types.is_scalar(value) and pd.isna(value) else value


ID_FIELDS = ("fid", "id", "objectid", "gid", "ogc_fid", "fid_1")


def feature_ids(frame: pd.DataFrame) -> list[object]:
    """How the file itself numbers its features: an id field when there is a unique one,
    else the FID (the index as read with ``fid_as_index``)."""
    columns = {str(c).lower(): c for c in frame.columns if c != frame.geometry.name}
    for name in ID_FIELDS:
        column = columns.get(name)
        if column is not None and frame[column].notna().all() and frame[column].is_unique:
            return [_plain(value) for value in frame[column]]
    return [_plain(value) for value in frame.index]


def match_features(frame: pd.DataFrame, level: str, fields: Fields) -> MatchReport:
    """Match each row to a code through its code field, else through its name."""
    report = MatchReport(codes=[], ids=feature_ids(frame))
    for fid, (_, row) in zip(report.ids, frame.iterrows(), strict=True):
        raw_code, name = _value(row, fields.code), _value(row, fields.name)
        by_code = match_code(level, raw_code) if fields.code else None
        by_name = (
            match_name(
                level, name, province=_value(row, fields.province), kind=_value(row, fields.kind)
            )
            if fields.name
            else None
        )
        code = _decide(report, fid, level, by_code, by_name, raw_code, name)
        report.codes.append(code)
        others = [m.code for m in (by_code, by_name) if m and m.status == "matched"]
        report.candidates.append(
            [code, *dict.fromkeys(c for c in others if c != code)] if code else []
        )
        report.from_code.append(bool(code and by_code and by_code.code == code))
    return report


def _decide(
    report: MatchReport,
    fid: object,
    level: str,
    by_code: Match | None,
    by_name: Match | None,
    raw_code: object,
    name: object,
) -> str | None:
    entry = {"feature": fid, "code": _plain(raw_code), "name": _plain(name)}
    if by_code and by_code.status == "matched":
        if by_name and by_name.status == "matched" and by_name.code != by_code.code:
            report.conflicts.append({**entry, "name_matches": by_name.code})
            if by_name.outdated:
                report.outdated.append(
                    {**entry, "now": by_name.code, "explanation": by_name.outdated}
                )
        elif by_code.outdated or (by_name and by_name.outdated):
            why = (by_name.outdated if by_name else None) or by_code.outdated
            report.outdated.append({**entry, "now": by_code.code, "explanation": why})
        return by_code.code
    if by_name and by_name.status == "matched":
        if by_code and by_code.code and code_level(by_code.code) == level:
            why = by_name.outdated or (
                f"{by_code.code} is not a current code; the name fits {now_text(by_name.code)}"
            )
            report.outdated.append({**entry, "now": by_name.code, "explanation": why})
        elif by_name.outdated:
            report.outdated.append({**entry, "now": by_name.code, "explanation": by_name.outdated})
        return by_name.code
    if by_name and by_name.status == "ambiguous":
        report.ambiguous.append(
            {**entry, "candidates": by_name.candidates, "reason": by_name.reason}
        )
        return None
    if by_code and by_code.code and code_level(by_code.code) == level:
        report.extra.append({**entry, "reason": by_code.reason})
        return None
    reasons = [m.reason for m in (by_code, by_name) if m is not None]
    report.unmatched.append({**entry, "reason": "; ".join(reasons) or "no code or name field"})
    return None


def _plain(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return str(value)


def _check_level(frame: pd.DataFrame, level: str, report: MatchReport, fields: Fields) -> None:
    """Fail when the features fit the other level far better than the one asked for."""
    total = len(frame)
    if report.matched * 2 >= total:
        return
    other = OTHER_LEVEL[level]
    other_fields = detect_fields(frame, other)
    other_matched = match_features(frame, other, other_fields).matched
    if other_matched > report.matched and other_matched * 2 >= total:
        raise BoundaryImportError(
            f"these look like {PLURAL[other]}; use --level {other} ({other_matched} of "
            f"{total} features match {other} codes or names, {report.matched} match {level})"
        )
    if report.matched == 0:
        hint = "" if fields.code or fields.name else "; no code or name field was recognised"
        raise BoundaryImportError(
            f"none of the {total} features matched a {level} code or name{hint} "
            f"(fields: {', '.join(map(str, frame.columns.drop(frame.geometry.name)))}); "
            "use --code-field or --name-field"
        )


def file_sha256(path: Path) -> str:
    """SHA-256 of a file (of every file, in name order, for a directory)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        with file.open("rb") as handle:
            for block in iter(lambda h=handle: h.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _validate_fields(frame: pd.DataFrame, *names: str | None) -> None:
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    for name in names:
        if name is not None and name not in columns:
            raise BoundaryImportError(
                f"no field {name!r} in the file; its fields are: {', '.join(columns)}"
            )


def import_boundaries(
    path: Path | str,
    level: str,
    settings: Settings,
    *,
    code_field: str | None = None,
    name_field: str | None = None,
    source_name: str | None = None,
    rules: GroundRules | None = None,
    keep_unverified: bool = False,
    replace: bool = False,
    crs: str | None = None,
) -> ImportResult:
    """Import a boundary file at ``level`` into the data dir and write its manifest.

    Every match is checked on the ground (``rules``); failures are left out unless
    ``keep_unverified``. The import updates the regions it covers and keeps the rest of the
    current layer, unless ``replace``; each import is saved as a numbered version. ``crs``
    (``EPSG:n``) is the CRS of a file that has none. A regency import also derives the
    province layer, unless a province file was imported directly. Raises
    BoundaryImportError with a one-line reason.
    """
    if level not in LEVELS:
        raise BoundaryImportError(f"level must be 'province' or 'regency', got {level!r}")
    started = time.monotonic()
    frame, warnings = read_features(path)
    path = locate(path)[0]
    _validate_fields(frame, code_field, name_field)
    frame, more = check_polygonal(frame, path.name)
    warnings += more
    frame, crs_in, swapped, more = to_wgs84(frame, crs)
    warnings += more
    fields = detect_fields(frame, level, code_field, name_field)
    report = match_features(frame, level, fields)
    _check_level(frame, level, report, fields)
    warnings += _match_warnings(report)

    geometries, repaired = repair(frame.geometry.to_numpy())
    verdict = verify(
        level,
        report.candidates,
        report.from_code,
        geometries,
        _areas(geometries),
        rules or GroundRules(),
        keep_unverified,
    )
    warnings += _ground_warnings(verdict, report)
    report.codes = verdict.codes
    grouped: dict[str, list] = defaultdict(list)
    for code, geometry in zip(report.codes, geometries, strict=True):
        if code is not None and geometry is not None:
            grouped[code].append(geometry)
    codes = sorted(grouped)
    duplicates = {code: len(grouped[code]) for code in codes if len(grouped[code]) > 1}
    if duplicates:
        warnings.append(f"{len(duplicates)} codes had several features; they were merged")
    if repaired:
        warnings.append(f"{repaired} invalid geometries were repaired")
    merged = np.array([merge(grouped[code]) for code in codes], dtype=object)
    cleaned = clean_coverage(merged)
    moved = coverage_changes(codes, merged, cleaned, MOVED_KM2)
    settled = _settle_overlaps(codes, merged, cleaned, moved)
    if settled:
        moved = coverage_changes(codes, merged, cleaned, MOVED_KM2)
    for item in moved:
        item["settled_by_reference"] = [
            c for c in item.get("received_by", []) if (item["code"], c) in settled
        ]
    warnings += _coverage_warnings(moved)
    gaps = [
        {"km2": km2, "between": [codes[i] for i in around], "at": list(point)}
        for km2, around, point in open_gaps(cleaned, MOVED_KM2)
    ]
    warnings += _gap_warnings(gaps)
    lost = {item["code"] for item in moved if item["after_km2"] == 0}
    if lost:
        keep = [index for index, code in enumerate(codes) if code not in lost]
        codes, cleaned = [codes[index] for index in keep], cleaned[keep]

    manifest = {
        "level": level,
        "derived_from": None,
        "source_name": source_name or path.name,
        "input_file": path.name,
        "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "input_sha256": file_sha256(path),
        "crs_in": crs_in,
        "latlon_swapped": swapped,
        "fields": fields.as_dict(),
        "counts": {
            "features_read": len(frame),
            "matched": report.matched,
            "unmatched": len(report.unmatched),
            "ambiguous": len(report.ambiguous),
            "extra": len(report.extra),
            "outdated": len(report.outdated),
            "rejected": len(verdict.rejected),
            "relabelled": len(verdict.relabelled),
            "repaired": repaired,
            "regions": len(codes),
        },
        "missing": sorted(reference_codes(level) - set(codes)),
        "unmatched": report.unmatched,
        "ambiguous": report.ambiguous,
        "extra": report.extra,
        "outdated": report.outdated,
        "conflicts": report.conflicts,
        "duplicates": duplicates,
        "coverage": moved,
        "gaps": gaps,
        "rejected": [_ground_item(report, *item) for item in verdict.rejected],
        "relabelled": [
            {**_ground_item(report, index, code, reason), "now": now}
            for index, code, now, reason in verdict.relabelled
        ],
        "unverified": [_ground_item(report, *item) for item in verdict.unverified],
        "warnings": warnings,
    }
    kept = [] if replace else previous_features(settings, level, set(codes))
    _merge_counts(manifest, level, codes, kept, settings)
    result = ImportResult(level, layer_path(settings, level), manifest)
    derive = level == "regency" and _may_derive_provinces(settings)
    kept_provinces = (
        previous_features(settings, "province", {c[:2] for c in codes}) if (derive and kept) else []
    )
    _write_layer(settings, level, codes, cleaned, manifest, kept)
    if derive:
        result.derived = _derive_provinces(settings, codes, cleaned, manifest, kept, kept_provinces)
    manifest["seconds"] = round(time.monotonic() - started, 2)
    _write_atomic(manifest_path(settings, level), json.dumps(manifest, indent=2))
    save_version(settings.data_dir, f"import {path.name} at {level} level ({manifest['mode']})")
    return result


def previous_features(settings: Settings, level: str, replaced: set[str]) -> list[dict]:
    """The features of the current layer at ``level`` that an import of ``replaced`` keeps."""
    path = layer_path(settings, level)
    if not path.exists():
        return []
    layer = json.loads(path.read_text(encoding="utf-8"))
    return [f for f in layer["features"] if f["id"] not in replaced]


def _merge_counts(
    manifest: dict, level: str, codes: list[str], kept: list[dict], settings: Settings
) -> None:
    """Record whether the import replaced the layer or merged into it, and what is missing."""
    present = set(codes) | {f["id"] for f in kept}
    manifest["mode"] = "merge" if kept else "replace"
    manifest["version"] = (numbers(settings.data_dir) or [0])[-1] + 1
    manifest["counts"]["kept"] = len(kept)
    manifest["layer_regions"] = len(present)
    manifest["missing"] = sorted(reference_codes(level) - present)
    manifest["counts"]["missing"] = len(manifest["missing"])
    if kept:
        manifest["warnings"].append(
            f"merged: {len(codes)} regions updated from this file, {len(kept)} kept from the "
            f"previous layer (version {manifest['version'] - 1}); --replace replaces the "
            "whole layer"
        )


def _settle_overlaps(
    codes: list[str], merged: np.ndarray, cleaned: np.ndarray, moved: list[dict]
) -> set[tuple[str, str]]:
    """Give each large overlap to the neighbour whose reference area it fits, where cleaning
    gave it to the other (``cleaned`` is changed in place). Returns the (region, neighbour)
    pairs where the region now loses the overlap to the neighbour."""
    index = {code: i for i, code in enumerate(codes)}
    settled: set[tuple[str, str]] = set()
    edited: list[int] = []
    for item in moved:
        if not item.get("received_by") or item["received_km2"][0] <= MOVED_KM2:
            continue
        loser, winner = index[item["code"]], index[item["received_by"][0]]
        areas = _areas(cleaned[[loser, winner]])
        if overlap_fits_loser(
            codes[loser], areas[0], codes[winner], areas[1], item["received_km2"][0]
        ):
            cleaned[loser], cleaned[winner] = give_back(merged, cleaned, loser, winner)
            settled.add((codes[winner], codes[loser]))
            edited += [loser, winner]
    if edited:
        reclean(cleaned, edited)
    return settled


def _coverage_warnings(moved: list[dict]) -> list[str]:
    """One line per region that lost area to an overlap or gained it from a gap."""
    lines = []
    for item in moved:
        change = item["after_km2"] - item["before_km2"]
        text = f"{label(item['code'])}: {abs(change):,.0f} km² of {item['before_km2']:,.0f} km² "
        if change < 0:
            to = ", ".join(
                f"{label(code)} ({km2:,.0f} km²)"
                for code, km2 in zip(item["received_by"], item["received_km2"], strict=True)
            )
            lines.append(text + f"overlapped neighbours in the source and went to {to or 'nobody'}")
            for code in item["settled_by_reference"]:
                lines[-1] += (
                    f"; the overlap with {label(code)} is given to it because both areas then "
                    f"fit the reference areas ({_reference_km2(item['code'])}, "
                    f"{_reference_km2(code)})"
                )
            if item["after_km2"] == 0:
                lines[-1] += "; nothing is left, so the region keeps its schematic cell"
        else:
            lines.append(text.replace(" of ", " added to ") + "from gaps in the source")
    return lines


def _gap_warnings(gaps: list[dict], listed: int = 10) -> list[str]:
    """One line per gap left open (the largest first), then a count of the rest."""
    lines = []
    for gap in gaps[:listed]:
        if len(gap["between"]) == 1:
            lines.append(
                f"{gap['km2']:,.0f} km² inside {label(gap['between'][0])} is not part of it "
                f"(a lake or a hole in the source; at {_position(gap['at'])}); left open"
            )
        else:
            lines.append(
                f"{gap['km2']:,.0f} km² between {', '.join(map(label, gap['between']))} is "
                "covered by no region (a gap in the source, or a region the file lacks; at "
                f"{_position(gap['at'])}); left open"
            )
    if len(gaps) > listed:
        rest = sum(gap["km2"] for gap in gaps[listed:])
        lines.append(f"{len(gaps) - listed} more gaps ({rest:,.0f} km²) are left open")
    return lines


def _position(point: list[float]) -> str:
    """``138.4696 E, 3.1214 S`` for a GIS officer to look at."""
    lon, lat = point
    return f"{abs(lon):.4f} {'E' if lon >= 0 else 'W'}, {abs(lat):.4f} {'N' if lat >= 0 else 'S'}"


def _reference_km2(code: str) -> str:
    return f"{code}: {by_code()[code].area_km2:,.0f} km²"


def _areas(geometries: np.ndarray) -> np.ndarray:
    """Equal-area km² of each geometry (0 for a missing one)."""
    return np.nan_to_num(equal_area(geometries))


def _ground_item(report: MatchReport, index: int, code: str | None, reason: str) -> dict:
    return {
        "feature": report.ids[index],
        "code": code,
        "name": label(code) if code else None,
        "reason": reason,
    }


def _ground_warnings(verdict: Verdict, report: MatchReport) -> list[str]:
    """Warnings of the ground checks; refuses a file whose codes follow another system and
    whose features cannot be placed by name or position."""
    warnings = []
    stuck = sum(report.from_code[index] for index, _, _ in verdict.rejected)
    contradicted = verdict.contradicted + stuck
    text = (
        f"these look like BPS codes (or another numbering), not Kemendagri codes: the codes of "
        f"{contradicted} of {verdict.coded} features name regions whose seat lies outside "
        "their polygon"
    )
    if stuck >= 3 and stuck * 2 > verdict.coded:
        raise BoundaryImportError(
            f"{text}; {stuck} of them could not be placed by name or position, so nothing was "
            "imported: give --name-field, or a file with Kemendagri codes"
        )
    if verdict.other_code_system:
        warnings.append(f"{text}; they were placed by name and position instead")
    if verdict.rejected:
        warnings.append(
            f"{len(verdict.rejected)} features failed the ground check and were left out (their "
            "regions keep the schematic cell; --keep-unverified imports them anyway)"
        )
    if verdict.relabelled:
        warnings.append(
            f"{len(verdict.relabelled)} features did not fit their code on the ground and were "
            "placed under the region their name or position fits"
        )
    if verdict.unverified:
        warnings.append(
            f"{len(verdict.unverified)} features failed the ground check but were "
            "kept (--keep-unverified)"
        )
    return warnings


def _match_warnings(report: MatchReport) -> list[str]:
    warnings = []
    for what, items in (
        ("unmatched", report.unmatched),
        ("ambiguous", report.ambiguous),
        ("extra (codes not in the reference)", report.extra),
        ("outdated (old codes, matched by name)", report.outdated),
        ("with a name that fits another code", report.conflicts),
    ):
        if items:
            warnings.append(f"{len(items)} features {what}")
    return warnings


def _write_layer(
    settings: Settings,
    level: str,
    codes: list[str],
    cleaned: np.ndarray,
    manifest: dict,
    kept: list[dict] | None = None,
) -> None:
    """Simplify the imported regions to the size target and write them, with the features
    kept from the previous layer (which keep their own simplification)."""
    kept = kept or []
    kept_bytes = len(json.dumps(kept, separators=(",", ":")))
    target = max(TARGET_BYTES[level] - kept_bytes, TARGET_BYTES[level] // 20)
    names = [by_code()[code].name for code in codes]
    seats = np.array([seat(code) for code in codes], dtype=object)
    simplifier = CoverageSimplifier(cleaned, codes, names, seats)
    simplified = simplifier.to_size(target)
    text = feature_collection(codes, names, simplified.geometries)
    if kept:
        features = json.loads(text)["features"] + kept
        features.sort(key=lambda feature: feature["id"])
        text = json.dumps(
            {"type": "FeatureCollection", "features": features},
            ensure_ascii=False,
            separators=(",", ":"),
        )
    if len(text) > TARGET_BYTES[level]:
        manifest["warnings"].append(
            f"the layer is {len(text)} bytes, above the target of {TARGET_BYTES[level]}"
        )
    manifest["simplification"] = {
        "method": "coverage_simplify",
        "tolerance_degrees": round(simplified.tolerance, 6),
        "target_bytes": target,
    }
    manifest["output_bytes"] = len(text.encode("utf-8"))
    manifest["output_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    _write_atomic(layer_path(settings, level), text)


def _may_derive_provinces(settings: Settings) -> bool:
    existing = read_manifest(settings, "province")
    return existing is None or existing.get("derived_from") == "regency"


def _derive_provinces(
    settings: Settings,
    codes: list[str],
    cleaned: np.ndarray,
    source: dict,
    kept: list[dict],
    kept_provinces: list[dict],
) -> ImportResult:
    """Dissolve the imported regencies into their provinces (with the regencies a merge kept
    in the provinces it touched); the other provinces of the previous layer stay."""
    province_codes, merged = dissolve(cleaned, [code[:2] for code in codes])
    extra: dict[str, list] = defaultdict(list)
    for feature in kept:
        if feature["id"][:2] in province_codes and not feature["properties"].get("fallback"):
            extra[feature["id"][:2]].append(shapely.geometry.shape(feature["geometry"]))
    for index, province in enumerate(province_codes):
        if extra[province]:
            merged[index] = polygonal_part(shapely.union_all([merged[index], *extra[province]]))
    present = set(codes) | {f["id"] for f in kept}
    incomplete = {
        province: sorted(
            r.code for r in regencies() if r.province_code == province and r.code not in present
        )
        for province in province_codes
    }
    incomplete = {province: lacking for province, lacking in incomplete.items() if lacking}
    warnings = []
    for province, lacking in incomplete.items():
        warnings.append(
            f"{label(province)} is drawn without {len(lacking)} of its regencies "
            f"({', '.join(map(label, lacking[:5]))}{', ...' if len(lacking) > 5 else ''}): "
            "it has holes; import a province file to draw it whole"
        )
    manifest = {
        "level": "province",
        "derived_from": "regency",
        "source_name": source["source_name"],
        "input_file": source["input_file"],
        "imported_at": source["imported_at"],
        "input_sha256": source["input_sha256"],
        "crs_in": source["crs_in"],
        "latlon_swapped": source["latlon_swapped"],
        "counts": {
            "features_read": len(codes),
            "matched": len(province_codes),
            "unmatched": 0,
            "ambiguous": 0,
            "extra": 0,
            "regions": len(province_codes),
        },
        "incomplete": sorted(incomplete),
        "unmatched": [],
        "ambiguous": [],
        "extra": [],
        "warnings": warnings,
    }
    _merge_counts(manifest, "province", province_codes, kept_provinces, settings)
    _write_layer(settings, "province", province_codes, merged, manifest, kept_provinces)
    _write_atomic(manifest_path(settings, "province"), json.dumps(manifest, indent=2))
    return ImportResult("province", layer_path(settings, "province"), manifest)
