"""The committed reference list of provinces and regencies/cities."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REGIONS_CSV = Path(__file__).parent / "data" / "regions.csv"
PROVINCE_CODE = re.compile(r"^\d{2}$")
REGENCY_CODE = re.compile(r"^\d{2}\.\d{2}$")


@dataclass(frozen=True)
class RegionRecord:
    """One row of the reference file."""

    code: str
    name: str
    kind: str
    province_code: str | None
    capital: str
    latitude: float
    longitude: float
    area_km2: float | None
    population: int | None

    @property
    def level(self) -> str:
        """``province`` or ``regency``."""
        return "province" if self.kind == "provinsi" else "regency"


def _optional_float(raw: str) -> float | None:
    return float(raw) if raw else None


@lru_cache(maxsize=1)
def load_regions() -> tuple[RegionRecord, ...]:
    """All 552 regions of the reference file, provinces and regencies, sorted by code."""
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        return tuple(
            RegionRecord(
                code=row["code"],
                name=row["name"],
                kind=row["kind"],
                province_code=row["province_code"] or None,
                capital=row["capital"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                area_km2=_optional_float(row["area_km2"]),
                population=int(row["population"]) if row["population"] else None,
            )
            for row in csv.DictReader(handle)
        )


def provinces() -> list[RegionRecord]:
    """The 38 provinces."""
    return [region for region in load_regions() if region.kind == "provinsi"]


def regencies() -> list[RegionRecord]:
    """The 514 regencies and cities."""
    return [region for region in load_regions() if region.kind != "provinsi"]


@lru_cache(maxsize=1)
def by_code() -> dict[str, RegionRecord]:
    """Every region keyed by its Kemendagri code."""
    return {region.code: region for region in load_regions()}


def label(code: str) -> str:
    """``93 Papua Selatan`` or ``93.01 Kabupaten Merauke``: how a person finds a region."""
    region = by_code().get(code)
    return f"{code} {region.name}" if region else code


def province_name(code: str) -> str:
    """The name of the province a region code belongs to (``93.01`` -> ``Papua Selatan``)."""
    region = by_code().get(code[:2])
    return region.name if region else code[:2]
