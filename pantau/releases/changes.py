"""What changed between two releases: the change list a meeting opens with.

Reports are compared by the versions each release rests on (a new ``report_key`` is a
new report, a higher version of a known one a correction); regions by whether they sent a
regional report in the last :data:`WINDOW` months of each release; figures by the cells
both releases show (hidden ones never enter the comparison, so the list reveals nothing
either release hides).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, and_, select

from pantau.models import Report
from pantau.releases.models import ReleaseCell, ReleaseReport
from pantau.releases.store import ReleaseInfo, get_release
from pantau.reporting_calendar import add_months
from pantau.reports.model import ORIGIN_REGIONAL

WINDOW = 3


@dataclass(frozen=True)
class ReportChange:
    """A report new in, or corrected since, the earlier release."""

    report_key: str
    region_code: str | None
    period: dt.date | None
    version: int
    previous_version: int | None  # None for a new report


@dataclass(frozen=True)
class Moved:
    """A figure both releases show, with its value in each."""

    table: str
    metric: str
    region_code: str
    period: dt.date
    breakdown: str
    category: str
    before: int
    after: int

    @property
    def difference(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Changes:
    """The change list from release ``before`` to release ``after``."""

    before: ReleaseInfo
    after: ReleaseInfo
    new_reports: list[ReportChange]
    corrected_reports: list[ReportChange]
    started_reporting: list[str]
    stopped_reporting: list[str]
    moved: list[Moved]


def _reports(engine: Engine, number: int) -> dict[str, tuple[int, str | None, dt.date | None]]:
    """report_key -> (version, region, period) of the reports a release rests on."""
    query = (
        select(Report.report_key, Report.version, Report.region_code, Report.period)
        .join(ReleaseReport, ReleaseReport.report_id == Report.id)
        .where(ReleaseReport.release_id == number, Report.report_key.is_not(None))
    )
    with engine.connect() as connection:
        return {
            key: (version, region, period)
            for key, version, region, period in connection.execute(query)
        }


_REPORTING: dict[tuple[str, int], dict[dt.date, frozenset[str]]] = {}


def reporting_months(engine: Engine, number: int) -> dict[dt.date, frozenset[str]]:
    """By month, the regions that sent a regional report release ``number`` rests on.

    The one rule of "reported" for release figures (a map's "tidak melapor", a trend's
    gap, the change list's started/stopped).  A release never changes, so its answer is
    kept for the life of the process.
    """
    key = (str(engine.url), number)
    if key not in _REPORTING:
        query = (
            select(Report.period, Report.region_code)
            .join(ReleaseReport, ReleaseReport.report_id == Report.id)
            .where(
                ReleaseReport.release_id == number,
                Report.origin == ORIGIN_REGIONAL,
                Report.region_code.is_not(None),
                Report.period.is_not(None),
            )
            .distinct()
        )
        found: dict[dt.date, set[str]] = {}
        with engine.connect() as connection:
            for period, region in connection.execute(query):
                found.setdefault(period, set()).add(region)
        _REPORTING[key] = {month: frozenset(codes) for month, codes in found.items()}
    return _REPORTING[key]


def reporting_regions(engine: Engine, number: int, start: dt.date, end: dt.date) -> set[str]:
    """The regions with a regional report from ``start`` to ``end`` in release ``number``."""
    months = reporting_months(engine, number)
    return {code for month, codes in months.items() if start <= month <= end for code in codes}


def _reporting(engine: Engine, info: ReleaseInfo) -> set[str]:
    start = add_months(info.last_month, 1 - WINDOW)
    return reporting_regions(engine, info.number, start, info.last_month)


def release_changes(engine: Engine, before: int, after: int, *, limit: int = 10) -> Changes:
    """The change list from release ``before`` to release ``after``."""
    old_info, new_info = get_release(engine, before), get_release(engine, after)
    old, new = _reports(engine, before), _reports(engine, after)
    new_reports, corrected = [], []
    for key, (version, region, period) in sorted(new.items()):
        if key not in old:
            new_reports.append(ReportChange(key, region, period, version, None))
        elif old[key][0] != version:
            corrected.append(ReportChange(key, region, period, version, old[key][0]))
    was, now = _reporting(engine, old_info), _reporting(engine, new_info)
    return Changes(
        old_info,
        new_info,
        new_reports,
        corrected,
        sorted(now - was),
        sorted(was - now),
        _moved(engine, before, after, limit),
    )


def _moved(engine: Engine, before: int, after: int, limit: int) -> list[Moved]:
    """The shown figures that moved most (largest absolute difference first)."""
    a, b = ReleaseCell.__table__.alias("a"), ReleaseCell.__table__.alias("b")
    columns = ("table_name", "period", "region_code", "metric", "breakdown", "category")
    query = (
        select(*(a.c[name] for name in columns), a.c.value, b.c.value)
        .join(b, and_(*(a.c[name] == b.c[name] for name in columns)))
        .where(
            a.c.release_id == before,
            b.c.release_id == after,
            a.c.value.is_not(None),
            b.c.value.is_not(None),
            a.c.value != b.c.value,
        )
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    moved = [
        Moved(table, metric, region, period, breakdown, category, int(old), int(new))
        for table, period, region, metric, breakdown, category, old, new in rows
    ]
    moved.sort(key=lambda m: (-abs(m.difference), m.table, m.metric, m.region_code, m.period))
    return moved[:limit]
