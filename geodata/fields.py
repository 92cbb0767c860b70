"""Find the code, name, province and kind fields of a boundary file's attribute table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geodata.matching import (
    kind_of,
    match_code,
    match_name,
    match_province_name,
    parse_code,
    reference_codes,
)

SAMPLE = 200
THRESHOLD = 0.5


@dataclass(frozen=True)
class Fields:
    """Which attribute columns hold what (None: not present)."""

    code: str | None = None
    name: str | None = None
    province: str | None = None
    kind: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "name": self.name, "province": self.province, "kind": self.kind}


def _sample(column: pd.Series) -> list[object]:
    values = column.dropna()
    return list(values.iloc[:SAMPLE]) if len(values) else []


def code_score(column: pd.Series, level: str) -> float:
    """Fraction of (sampled, non-empty) values that are reference codes at ``level``."""
    values = _sample(column)
    if not values:
        return 0.0
    return sum(match_code(level, value).status == "matched" for value in values) / len(values)


def name_score(column: pd.Series, level: str) -> float:
    """Fraction of values that name a region at ``level`` (matched or ambiguous)."""
    values = [value for value in _sample(column) if isinstance(value, str)]
    if not values:
        return 0.0
    hits = sum(match_name(level, value).status != "unmatched" for value in values)
    return hits / len(_sample(column))


def province_score(column: pd.Series) -> float:
    """Fraction of values that are a province code or a province name."""
    values = _sample(column)
    if not values:
        return 0.0
    provinces = reference_codes("province")
    hits = sum(
        parse_code(value) in provinces or match_province_name(value).status == "matched"
        for value in values
    )
    return hits / len(values)


def kind_score(column: pd.Series) -> float:
    """Fraction of values that are a kind word (Kabupaten, Kota, Regency, City).

    A column needs both kinds to count: a constant ``regency`` says nothing about cities.
    """
    values = _sample(column)
    kinds = {kind_of(value) for value in values} - {None}
    if len(kinds) < 2:
        return 0.0
    return sum(kind_of(value) is not None for value in values) / len(values)


def _best(scores: dict[str, float]) -> str | None:
    if not scores:
        return None
    column = max(scores, key=lambda name: scores[name])
    return column if scores[column] >= THRESHOLD else None


def detect_fields(
    frame: pd.DataFrame,
    level: str,
    code_field: str | None = None,
    name_field: str | None = None,
) -> Fields:
    """The fields to match by: the ones given, else the best scoring column for each role."""
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    code = code_field or _best({c: code_score(frame[c], level) for c in columns})
    name = name_field or _best({c: name_score(frame[c], level) for c in columns if c != code})
    province = kind = None
    if level == "regency":
        others = [c for c in columns if c not in (code, name)]
        province = _best({c: province_score(frame[c]) for c in others})
        kind = _best({c: kind_score(frame[c]) for c in others if c != province})
    return Fields(code=code, name=name, province=province, kind=kind)
