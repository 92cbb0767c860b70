"""Region changes since 1999 (splits, moves, renames) from ``data/changes.csv``.

The matcher uses them to explain a feature drawn from an older boundary file: a regency
listed under the province it left, an old code, or a former name.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geodata.regions import by_code, label, province_name

CHANGES_CSV = Path(__file__).parent / "data" / "changes.csv"


@dataclass(frozen=True)
class Change:
    """One row of the change history."""

    year: int | None
    change: str
    old_code: str | None
    old_name: str
    old_province: str | None
    new_code: str
    source: str


@lru_cache(maxsize=1)
def load_changes() -> tuple[Change, ...]:
    """Every change of the committed history."""
    with CHANGES_CSV.open(encoding="utf-8") as handle:
        return tuple(
            Change(
                year=int(row["year"]) if row["year"] else None,
                change=row["change"],
                old_code=row["old_code"] or None,
                old_name=row["old_name"],
                old_province=row["old_province"] or None,
                new_code=row["new_code"],
                source=row["source"],
            )
            for row in csv.DictReader(handle)
        )


def changes_of(kind: str) -> list[Change]:
    """The changes of one kind: ``province_split``, ``moved``, ``renamed`` or ``spelling``."""
    return [change for change in load_changes() if change.change == kind]


@lru_cache(maxsize=1)
def old_codes() -> dict[str, Change]:
    """Old regency codes that no longer exist, keyed by the old code."""
    return {c.old_code: c for c in changes_of("moved") if c.old_code}


def split_from(new_province: str) -> Change | None:
    """The split that created ``new_province``, if it was created since 1999."""
    return next((c for c in changes_of("province_split") if c.new_code == new_province), None)


def move_out_of(code: str, file_province: str) -> Change | None:
    """The change that took regency ``code`` out of ``file_province`` (None if none did)."""
    for change in changes_of("moved"):
        if change.new_code == code and change.old_province == file_province:
            return change
    split = split_from(code[:2])
    if split and split.old_province == file_province:
        return split
    return None


def predates(change: Change) -> str:
    """``the file predates the 2022 split`` (or rename) for an explanation."""
    what = "rename" if change.change in ("renamed", "spelling") else "split"
    return f"the file predates the {change.year} {what}" if change.year else f"an older {what}"


def now_text(code: str) -> str:
    """``93.01 Kabupaten Merauke, Papua Selatan``."""
    region = by_code()[code]
    return label(code) if region.level == "province" else f"{label(code)}, {province_name(code)}"
