"""Check every matched feature on the ground: the region's seat and area against its polygon.

A code or a name can be wrong (another code system, a kota carrying its kabupaten's polygon,
a province drawn before a split); the reference seat and area cannot be fooled that way.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import shapely

from geodata.history import predates, split_from
from geodata.matching import reference_codes
from geodata.regions import by_code, label

KM_PER_DEGREE = 111.32
SEAT_KM = 8.0
"""How far (km) a region's seat may lie outside its polygon (coastal seats, simplified edges)."""
AREA_RATIO = (0.5, 2.0)
"""Default bounds of polygon area / reference area."""
CODE_SYSTEM_SHARE = 0.2
"""Share of coded features whose code the ground contradicts that reveals another code system."""
OVERLAP_MARGIN = 0.1
"""How much better (sum of absolute log area ratios) the reference must fit the other owner
of an overlap before cleaning's choice is overturned."""


@dataclass(frozen=True)
class GroundRules:
    """How strict the checks are (``pantau geodata import --area-ratio``, ``--seat-km``)."""

    seat_km: float = SEAT_KM
    area_ratio: tuple[float, float] = AREA_RATIO


@lru_cache(maxsize=2)
def _seats(level: str) -> tuple[list[str], shapely.STRtree]:
    codes = sorted(reference_codes(level))
    points = [shapely.Point(by_code()[c].longitude, by_code()[c].latitude) for c in codes]
    return codes, shapely.STRtree(points)


def seat(code: str) -> shapely.Point:
    """The reference seat of a region (its capital's coordinates)."""
    region = by_code()[code]
    return shapely.Point(region.longitude, region.latitude)


def seats_inside(geometry: shapely.Geometry, level: str) -> list[str]:
    """Codes at ``level`` whose seat lies inside ``geometry``."""
    codes, tree = _seats(level)
    return sorted(codes[i] for i in tree.query(geometry, predicate="contains"))


def check(code: str, geometry: shapely.Geometry, area_km2: float, rules: GroundRules) -> str | None:
    """Why ``geometry`` cannot be region ``code``, or None when it passes every check."""
    region = by_code()[code]
    reasons = []
    distance = float(shapely.distance(geometry, seat(code))) * KM_PER_DEGREE
    others = [other for other in seats_inside(geometry, region.level) if other != code]
    if distance > rules.seat_km:
        reasons.append(f"the seat of {label(code)} ({region.capital}) is {distance:.0f} km away")
    elif distance > 0 and others and region.level == "regency":
        reasons.append(
            f"the seat of {label(code)} lies outside the polygon, which holds the seat of "
            + ", ".join(map(label, others))
        )
    if region.level == "province" and others:
        splits = {split_from(other) for other in others} - {None}
        when = "; ".join(sorted({predates(s) for s in splits if s.old_province == code}))
        reasons.append(
            "a pre-split province: the polygon holds the seats of "
            + ", ".join(map(label, others))
            + (f" ({when})" if when else "")
        )
    low, high = rules.area_ratio
    if region.area_km2 and not low <= area_km2 / region.area_km2 <= high:
        reasons.append(
            f"its area {area_km2:,.0f} km² is {area_km2 / region.area_km2:.2g} times the "
            f"reference {region.area_km2:,.0f} km² (allowed {low:g} to {high:g})"
        )
    return "; ".join(reasons) or None


@dataclass
class Verdict:
    """The codes after the ground checks and what was changed or left out, and why."""

    codes: list[str | None]
    rejected: list[tuple[int, str, str]] = field(default_factory=list)
    relabelled: list[tuple[int, str | None, str, str]] = field(default_factory=list)
    unverified: list[tuple[int, str, str]] = field(default_factory=list)
    contradicted: int = 0
    coded: int = 0

    @property
    def other_code_system(self) -> bool:
        """True when the codes of many features name regions elsewhere."""
        return self.contradicted >= 3 and self.contradicted >= CODE_SYSTEM_SHARE * self.coded


def verify(
    level: str,
    candidates: list[list[str]],
    from_code: list[bool],
    geometries: np.ndarray,
    areas: np.ndarray,
    rules: GroundRules,
    keep_unverified: bool = False,
) -> Verdict:
    """Choose for each feature a candidate code the ground confirms.

    ``candidates[i]`` lists the codes feature ``i`` may be (its code, then its name);
    ``from_code[i]`` says whether the first came from a code field. Features whose code and
    name agree are checked together per code (a region split into several features); a
    feature whose code and name disagree is checked alone under each; a failing feature is
    then tried under the unclaimed region whose seat it holds, else left out.
    """
    verdict = Verdict(codes=[c[0] if c else None for c in candidates])
    verdict.coded = sum(from_code)
    groups: dict[str, list[int]] = defaultdict(list)
    mixed: list[int] = []
    for index, code in enumerate(verdict.codes):
        if code is None or geometries[index] is None:
            continue
        if len(candidates[index]) > 1:
            mixed.append(index)
        else:
            groups[code].append(index)
    claimed: set[str] = set()
    failing: list[tuple[int, str, str]] = []
    for code, members in groups.items():
        reason = _group_check(code, members, geometries, areas, rules)
        if reason is None:
            claimed.add(code)
        else:
            failing.extend((index, code, reason) for index in members)
    for index in mixed:
        failing.append((index, candidates[index][0], ""))
    for index, code, reason in failing:
        _place(
            verdict,
            index,
            code,
            reason,
            candidates[index],
            claimed,
            level,
            geometries,
            areas,
            rules,
            keep_unverified,
            from_code[index],
        )
    return verdict


def _group_check(
    code: str, members: list[int], geometries: np.ndarray, areas: np.ndarray, rules: GroundRules
) -> str | None:
    """The check of the features of one code taken together."""
    geometry = (
        geometries[members[0]]
        if len(members) == 1
        else shapely.union_all([geometries[i] for i in members])
    )
    return check(code, geometry, float(sum(areas[i] for i in members)), rules)


def _place(
    verdict: Verdict,
    index: int,
    code: str,
    reason: str,
    candidates: list[str],
    claimed: set[str],
    level: str,
    geometries: np.ndarray,
    areas: np.ndarray,
    rules: GroundRules,
    keep_unverified: bool,
    coded: bool,
) -> None:
    """Place one feature under the passing, unclaimed option whose seat is nearest (the
    name before the code on a tie), or leave it out with the reason."""
    geometry, area = geometries[index], float(areas[index])
    options = candidates if not reason else []
    position = [c for c in seats_inside(geometry, level) if c not in candidates]
    passing = []
    for rank, other in enumerate([*options, *position]):
        if other in claimed:
            continue
        why = check(other, geometry, area, rules)
        if why is None:
            distance = float(shapely.distance(geometry, seat(other)))
            passing.append((distance, -rank if other in options else rank, other))
        elif other == code and not reason:
            reason = why
    if passing:
        other = min(passing)[2]
        claimed.add(other)
        verdict.codes[index] = other
        if other != code:
            via = "name" if other in candidates else "position"
            verdict.relabelled.append((index, code, other, f"{reason}; placed by {via}"))
            verdict.contradicted += coded
        return
    reason = reason or f"{code} is claimed by another feature that fits it better"
    if keep_unverified:
        verdict.unverified.append((index, code, reason))
        return
    verdict.codes[index] = None
    verdict.rejected.append((index, code, reason))


def overlap_fits_loser(
    loser: str, loser_km2: float, winner: str, winner_km2: float, overlap_km2: float
) -> bool:
    """Whether an overlap that cleaning gave to ``winner`` belongs to ``loser``: the areas
    (after cleaning) fit the reference areas clearly better with the overlap in ``loser``."""
    reference = by_code()[loser].area_km2, by_code()[winner].area_km2
    if not all(reference):
        return False

    def misfit(first: float, second: float) -> float:
        return sum(
            abs(math.log(max(area, 1e-6) / ref))
            for area, ref in zip((first, second), reference, strict=True)
        )

    given_back = misfit(loser_km2 + overlap_km2, winner_km2 - overlap_km2)
    return given_back < misfit(loser_km2, winner_km2) - OVERLAP_MARGIN
