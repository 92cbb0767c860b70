"""Reporting compliance: which task forces reported each month, on time, late or not at all.

States of one region and month (regional reports only, origin ``gugus_tugas``):

- ``on_time``: a valid report arrived by the due day (``settings.report_due_day`` of the
  next month); a later correction does not change this.
- ``late``: the first valid report arrived after the due day.
- ``rejected``: only rejected files arrived, none corrected yet.
- ``missing``: nothing arrived and the due day has passed.
- ``not_due``: nothing arrived and the due day has not passed yet.

Every function runs a fixed number of grouped queries, whatever the number of regions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, and_, case, func, select

from pantau.access import Scope
from pantau.basis import LIVE, Basis
from pantau.models import Region, Report
from pantau.reporting_calendar import (
    add_months,
    due_date,
    month_start,
    months_between,
    today_wib,
)
from pantau.reports.model import ORIGIN_REGIONAL
from pantau.settings import Settings

STATES = ("on_time", "late", "rejected", "missing", "not_due")
_VALID = ("accepted", "superseded")


@dataclass(frozen=True)
class ComplianceRow:
    """The reporting state of one region for one month."""

    region_code: str
    region_name: str
    level: str  # province or regency
    province_code: str
    period: dt.date
    state: str
    due_date: dt.date
    report_id: int | None = None  # the current accepted report, else the latest rejected one
    received_at: dt.datetime | None = None  # first valid report, else latest rejected one
    versions: int = 0  # valid versions received (1 + corrections)
    rejected_files: int = 0


def _periods(periods: Sequence[dt.date] | tuple[dt.date, dt.date]) -> list[dt.date]:
    if isinstance(periods, tuple) and len(periods) == 2:
        return months_between(*periods)
    return sorted({month_start(period) for period in periods})


def _regions(connection, scope: Scope) -> list:
    province = func.coalesce(Region.province_code, Region.code)
    return connection.execute(
        select(Region.code, Region.name, Region.kind, province.label("province_code"))
        .where(scope.region_clause(Region.code, province))
        .order_by(Region.code)
    ).all()


def _report_scope(scope: Scope):
    return and_(
        Report.origin == ORIGIN_REGIONAL,
        Report.region_code.is_not(None),
        scope.region_clause(Report.region_code, func.substr(Report.region_code, 1, 2)),
    )


def _late_month():
    """1 when no valid version of a region-month arrived by its due day (the rule of
    ``on_time`` and ``late``: corrections come after the first version, so a month whose
    first version was on time stays on time)."""
    valid = Report.status.in_(_VALID)
    return func.min(case((valid, case((Report.late, 1), else_=0))))


def on_time_counts(
    engine: Engine, scope: Scope, start: dt.date, end: dt.date, *, split: dt.date
) -> dict[tuple[str, bool], int]:
    """On-time report months from ``start`` to ``end`` by (region, month >= ``split``): the
    months :func:`compliance` calls ``on_time``, counted in one grouped query."""
    months = (
        select(
            Report.region_code.label("code"),
            Report.period.label("period"),
            _late_month().label("late"),
        )
        .where(
            _report_scope(scope),
            Report.status.in_(_VALID),
            Report.period >= month_start(start),
            Report.period <= month_start(end),
        )
        .group_by(Report.region_code, Report.period)
        .subquery()
    )
    after = case((months.c.period >= split, 1), else_=0)
    query = (
        select(months.c.code, after, func.count())
        .where(months.c.late == 0)
        .group_by(months.c.code, after)
    )
    with engine.connect() as connection:
        return {(code, bool(flag)): int(n) for code, flag, n in connection.execute(query)}


def compliance(
    engine: Engine,
    periods: Sequence[dt.date] | tuple[dt.date, dt.date],
    *,
    settings: Settings,
    scope: Scope | None = None,
    today: dt.date | None = None,
    basis: Basis = LIVE,
) -> list[ComplianceRow]:
    """The state of every province and regency in ``scope`` for every month asked.

    ``periods`` is a list of months (any day of the month), or a ``(start, end)`` tuple for
    every month in between.  ``today`` (default: today in Western Indonesia Time) decides
    whether an absent report is ``missing`` or ``not_due``; ``basis`` the reports known
    (a release knows those loaded before it, and its own as the current ones).
    """
    scope = scope or Scope.national()
    months = _periods(periods)
    today = today or basis.day or today_wib()
    if not months:
        return []
    valid = Report.status.in_(_VALID)
    rejected = Report.status == "rejected"
    query = (
        select(
            Report.region_code,
            Report.period,
            func.max(
                case((basis.current(Report.id, Report.status == "accepted"), Report.id))
            ).label("current_id"),
            func.sum(case((valid, 1), else_=0)).label("versions"),
            _late_month().label("late"),
            func.min(case((valid, Report.received_at))).label("first_received"),
            func.max(case((rejected, Report.id))).label("rejected_id"),
            func.max(case((rejected, Report.received_at))).label("rejected_at"),
            func.sum(case((rejected, 1), else_=0)).label("rejected_files"),
        )
        .where(_report_scope(scope), Report.period.in_(months), basis.known(Report.id))
        .group_by(Report.region_code, Report.period)
    )
    with engine.connect() as connection:
        regions = _regions(connection, scope)
        found = {(row.region_code, row.period): row for row in connection.execute(query)}
    rows: list[ComplianceRow] = []
    for region in regions:
        level = "province" if region.kind == "provinsi" else "regency"
        for month in months:
            due = due_date(month, settings.report_due_day)
            stats = found.get((region.code, month))
            state, report_id, received, versions, rejected_files = _state(stats, due, today)
            rows.append(
                ComplianceRow(
                    region_code=region.code,
                    region_name=region.name,
                    level=level,
                    province_code=region.province_code,
                    period=month,
                    state=state,
                    due_date=due,
                    report_id=report_id,
                    received_at=received,
                    versions=versions,
                    rejected_files=rejected_files,
                )
            )
    return rows


def _state(stats, due: dt.date, today: dt.date):
    if stats is not None and stats.versions:
        state = "late" if stats.late else "on_time"
        return state, stats.current_id, stats.first_received, stats.versions, stats.rejected_files
    if stats is not None and stats.rejected_files:
        return "rejected", stats.rejected_id, stats.rejected_at, 0, stats.rejected_files
    return ("missing" if today > due else "not_due"), None, None, 0, 0


def summarise(rows: Sequence[ComplianceRow]) -> dict[str, int]:
    """How many region-months are in each state."""
    counts = dict.fromkeys(STATES, 0)
    for row in rows:
        counts[row.state] += 1
    return counts


def silent_months(
    engine: Engine,
    as_of: dt.date,
    scope: Scope | None = None,
    *,
    since: dt.date | None = None,
    basis: Basis = LIVE,
) -> dict[str, int]:
    """Consecutive months without an accepted report, counting back from ``as_of``'s month.

    0 means the region reported for ``as_of``'s month.  A region that never reported counts
    from ``since`` (default: the first month any region reported) through ``as_of``.
    """
    scope = scope or Scope.national()
    last_month = month_start(as_of)
    accepted = basis.current(Report.id, Report.status == "accepted")
    base = and_(_report_scope(scope), accepted, Report.period <= last_month)
    with engine.connect() as connection:
        regions = _regions(connection, scope)
        latest = dict(
            connection.execute(
                select(Report.region_code, func.max(Report.period))
                .where(base)
                .group_by(Report.region_code)
            ).all()
        )
        if since is None:
            since = connection.scalar(
                select(func.min(Report.period)).where(
                    Report.origin == ORIGIN_REGIONAL,
                    accepted,
                    Report.period <= last_month,
                )
            )
    result: dict[str, int] = {}
    for region in regions:
        last = latest.get(region.code)
        if last is not None:
            result[region.code] = len(months_between(add_months(last, 1), last_month))
        elif since is not None:
            result[region.code] = len(months_between(since, last_month))
        else:
            result[region.code] = 0
    return result
