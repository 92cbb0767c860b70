"""The task-force lists of ``/gugus-tugas`` as table rows: one place for the page, the
meeting slides and the internal export, so that the three never disagree.

The lists themselves are :mod:`pantau.taskforces` (``select_rows`` over ``registry``);
this module only chooses the columns of each list and words their cells.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy import Engine

from dashboard import formatting
from dashboard.components.share_map import province_share_map
from dashboard.data.task_forces import task_force_registry
from dashboard.filters import FilterState, parse_search
from dashboard.selection import Selection
from pantau.access import Scope
from pantau.basis import LIVE, Basis
from pantau.settings import Settings
from pantau.taskforces import (
    DEFAULT_SILENT_MONTHS,
    KINDS,
    ProvinceRollup,
    TaskForceRow,
    decree_issue_text,
    list_title,
    member_name,
    select_rows,
)
from pantau.texts import t

MONTH_CHOICES = (1, 2, 3, 6, 12)
SLIDE_NAMES = {kind: "gugus-" + kind.replace("_", "-") for kind in KINDS}
"""The meeting slide of each list (``/rapat?slides=gugus-none``)."""
KIND_OF_SLIDE = {slide: kind for kind, slide in SLIDE_NAMES.items()}

COMMON = ("region", "province")
COLUMNS: dict[str, tuple[str, ...]] = {
    "none": (*COMMON, "state", "last_reported"),
    "silent": (*COMMON, "silent_months", "last_reported", "state"),
    "decree": (*COMMON, "decree_issue", "decree_number", "decree_date", "valid_until"),
    "members": (*COMMON, "missing_count", "missing_members"),
    "no_rad": (*COMMON, "decree_number", "last_reported"),
    "no_budget": (*COMMON, "decree_number", "last_reported"),
}
NUMERIC = ("silent_months", "missing_count")


def months_choice(raw: object) -> int:
    """N of "silent for at least N months" from the URL (one of MONTH_CHOICES, default 3)."""
    try:
        months = int(str(raw))
    except ValueError:
        return DEFAULT_SILENT_MONTHS
    return months if months in MONTH_CHOICES else DEFAULT_SILENT_MONTHS


def kind_choice(raw: object) -> str:
    """The list chosen in the URL (``list=silent``), the no-task-force list by default."""
    return raw if isinstance(raw, str) and raw in KINDS else "none"


@dataclass(frozen=True)
class Lists:
    """Every list of one selection: the registry rows and what each list holds."""

    rows: list[TaskForceRow]
    months: int
    as_of: dt.date

    def of(self, kind: str) -> list[TaskForceRow]:
        return select_rows(self.rows, kind, months=self.months)

    def counts(self) -> dict[str, int]:
        return {kind: len(self.of(kind)) for kind in KINDS}


def lists_for(
    engine: Engine,
    settings: Settings,
    scope: Scope,
    selection: Selection,
    months: int,
    basis: Basis = LIVE,
) -> Lists:
    """The registry of the user's scope, narrowed to the selection's province, as of its
    last month (live, or as a release knew it)."""
    as_of = selection.end
    rows = task_force_registry(engine, settings, scope, selection.province, as_of, basis)
    return Lists(list(rows), months, as_of)


def state_text(row: TaskForceRow, lang: str) -> str:
    """Never reported, not established, or established, in words."""
    if row.established is None:
        return t("status.never", lang)
    if row.established:
        return t("gugus.list.state.established", lang)
    return t("gugus.list.state.no", lang)


def cells(row: TaskForceRow, kind: str, lang: str) -> dict[str, object]:
    """The values of ``row`` on list ``kind``: words, dates and numbers (no markup)."""
    values: dict[str, object] = {
        "code": row.region_code,
        "region": row.region_name,
        "province": row.province_name,
        "state": state_text(row, lang),
        "last_reported": formatting.month(row.last_reported, lang)
        if row.last_reported
        else t("status.never", lang),
        "silent_months": row.silent_months,
        "decree_issue": decree_issue_text(row.decree_issue, lang) if row.decree_issue else "",
        "decree_number": row.decree_number or formatting.DASH,
        "decree_date": formatting.date(row.decree_date, lang) if row.decree_date else "",
        "valid_until": formatting.date(row.valid_until, lang) if row.valid_until else "",
        "missing_count": len(row.missing_members),
        "missing_members": ", ".join(member_name(code, lang) for code in row.missing_members),
    }
    return {key: values[key] for key in ("code", *COLUMNS[kind])}


def column_title(column: str, lang: str) -> str:
    """The header of a list column (the region code as everywhere else)."""
    return t("col.region_code", lang) if column == "code" else t(f"gugus.list.col.{column}", lang)


def heading(kind: str, count: int, lang: str, months: int = DEFAULT_SILENT_MONTHS) -> str:
    """The list's title with its count: "Wilayah tanpa gugus tugas (64)"."""
    title = list_title(kind, lang)
    if kind == "silent":
        title = t("gugus.list.silent_for", lang, title=title, months=months)
    return t("gugus.list.heading", lang, title=title, count=formatting.number(count, lang))


def page_href(search: str | None, **changes: object) -> str:
    """``/gugus-tugas`` with the URL's parameters and ``changes`` (None removes one)."""
    params = parse_search(search)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return f"/gugus-tugas?{query}" if query else "/gugus-tugas"


def meeting_href(kind: str, filters: FilterState, months: int) -> str:
    """The meeting slide of list ``kind`` with the page's period, province and N."""
    params = {"slides": SLIDE_NAMES[kind], **filters.params()}
    if kind == "silent":
        params["months"] = str(months)
    return "/rapat?" + urlencode(params)


def export_href(kind: str, extension: str, filters: FilterState, months: int) -> str:
    """The internal export of list ``kind``."""
    params = {**filters.params(), "months": str(months)}
    return f"/export/gugus-tugas/{kind}.{extension}?" + urlencode(params)


ROLLUP_COLUMNS = ("province", "regencies", "with_task_force", "active", "silent", "share", "own")
ROLLUP_NUMERIC = ("regencies", "with_task_force", "active", "silent", "share")


def rollup_line(entry: ProvinceRollup, lang: str) -> str:
    """ "Jawa Barat: 25 of 27 regencies/cities have a task force, 3 silent"."""
    return t(
        "gugus.list.rollup.line",
        lang,
        province=entry.province_name,
        with_task_force=entry.with_task_force,
        total=entry.regencies,
        silent=entry.silent,
    )


def rollup_cells(entry: ProvinceRollup, months: int, lang: str) -> dict[str, object]:
    """One province of the roll-up; its own task force in the last column."""
    own = entry.own
    if own is None:
        own_text = ""
    elif own.silent_months >= months:
        own_text = t("status.silent", lang, months=own.silent_months)
    else:
        own_text = state_text(own, lang)
    return {
        "code": entry.province_code,
        "province": entry.province_name,
        "regencies": entry.regencies,
        "with_task_force": entry.with_task_force,
        "active": entry.active,
        "silent": entry.silent,
        "share": round(100 * entry.active_share),
        "own": own_text,
    }


def rollup_title(column: str, months: int, lang: str) -> str:
    """The header of a roll-up column."""
    if column == "province":
        return t("filter.province", lang)
    if column == "regencies":
        return t("wilayah.regencies", lang)
    return t(f"gugus.list.rollup.col.{column}", lang, months=months)


def rollup_figure(rollup: list[ProvinceRollup], lang: str, *, height: int) -> dict:
    """Provinces coloured (sequential scale) by the share of their regencies/cities with an
    active task force, the share written on each, the whole sentence on hover."""
    values = {entry.province_code: round(100 * entry.active_share) for entry in rollup}
    lines = {entry.province_code: rollup_line(entry, lang) for entry in rollup}
    return province_share_map(
        values, lines, t("gugus.list.rollup.share", lang), lang, height=height
    )
