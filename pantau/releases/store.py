"""Create releases and read their figures (the one place that writes or reads them)."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, func, insert, or_, select
from sqlalchemy.orm import Session

from pantau.metrics import METRICS
from pantau.models import Report
from pantau.privacy import HIDDEN_COMPLEMENT, hidden_mark
from pantau.releases.models import Release, ReleaseCell, ReleaseReport
from pantau.releases.protect import protect
from pantau.releases.tables import NATIONAL, TABLES, CellKey, compute, fact_months, totals_table
from pantau.reporting_calendar import add_months, as_wib, last_complete_month, quarter_start
from pantau.settings import Settings

CHUNK = 20_000


class ReleaseError(RuntimeError):
    """A release cannot be created or found."""


@dataclass(frozen=True)
class ReleaseInfo:
    """What a release is: its number, times (WIB), span, threshold and the reports."""

    number: int
    created_at: dt.datetime
    data_as_of: dt.datetime | None
    first_month: dt.date
    last_month: dt.date
    threshold: int
    reports: int
    synthetic: bool
    summary: dict[str, Any]

    def latest(self, kind: str) -> dt.date:
        """The latest complete month, quarter or year of the release."""
        if kind == "month":
            return self.last_month
        if kind == "quarter":
            start = quarter_start(self.last_month)
            return start if add_months(start, 2) == self.last_month else add_months(start, -3)
        year = self.last_month.year if self.last_month.month == 12 else self.last_month.year - 1
        return dt.date(year, 1, 1)


@dataclass(frozen=True)
class Figure:
    """One figure of a release: its value, or why it is hidden."""

    value: int | None
    hidden: str | None = None

    def mark(self, threshold: int) -> str | None:
        """``"<5"`` for a small hidden count, ``"•"`` for a complement, None if shown."""
        return None if self.hidden is None else hidden_mark(self.hidden, threshold)


def _info(row: Release) -> ReleaseInfo:
    return ReleaseInfo(
        number=row.number,
        created_at=as_wib(row.created_at),
        data_as_of=as_wib(row.data_as_of) if row.data_as_of else None,
        first_month=row.first_month,
        last_month=row.last_month,
        threshold=row.threshold,
        reports=row.reports,
        synthetic=row.synthetic,
        summary=json.loads(row.summary),
    )


def create_release(
    engine: Engine, settings: Settings, *, today: dt.date | None = None
) -> ReleaseInfo:
    """Compute, protect, audit and store the next release from the current facts."""
    started = time.perf_counter()
    threshold = settings.suppression_threshold
    end = last_complete_month(settings.report_due_day, today)
    span = fact_months(engine, end)
    if span is None:
        raise ReleaseError("no facts up to the last complete month: nothing to release")
    first, last = span
    cells = compute(engine, first, last)
    computed = time.perf_counter()
    protection = protect(cells, threshold)
    if protection.narrowed:
        raise ReleaseError(f"{len(protection.narrowed)} hidden figure(s) stay derivable")
    protected = time.perf_counter()
    with engine.connect() as connection:
        reports = connection.execute(
            select(Report.id, Report.received_at, Report.synthetic).where(
                Report.status == "accepted", Report.period >= first, Report.period <= last
            )
        ).all()
    published = cells.published()
    summary = {
        "tables": table_summary(published, protection.reasons),
        "audit": {
            "rounds": protection.rounds,
            "narrowed": 0,
            "shown_again": protection.shown_again,
        },
        "seconds": {"compute": round(computed - started, 2)},
    }
    summary["seconds"]["protect_and_audit"] = round(protected - computed, 2)
    as_of = max((received for _, received, _ in reports), default=None)
    with engine.begin() as connection:
        number = (connection.scalar(select(func.max(Release.number))) or 0) + 1
        connection.execute(
            insert(Release),
            [
                {
                    "number": number,
                    "created_at": dt.datetime.now(dt.UTC),
                    "data_as_of": as_of,
                    "first_month": first,
                    "last_month": last,
                    "threshold": threshold,
                    "reports": len(reports),
                    "synthetic": any(synthetic for *_, synthetic in reports),
                    "summary": json.dumps(summary),
                }
            ],
        )
        rows = [
            {
                "release_id": number,
                "table_name": key[0],
                "metric": key[1],
                "region_code": key[2],
                "period": key[3],
                "breakdown": key[4],
                "category": key[5],
                "value": None if key in protection.reasons else value,
                "hidden": protection.reasons.get(key),
            }
            for key, value in published.items()
        ]
        for start in range(0, len(rows), CHUNK):
            connection.execute(insert(ReleaseCell), rows[start : start + CHUNK])
        links = [{"release_id": number, "report_id": report_id} for report_id, *_ in reports]
        for start in range(0, len(links), CHUNK):
            connection.execute(insert(ReleaseReport), links[start : start + CHUNK])
    return get_release(engine, number)


def table_summary(published: dict[CellKey, int], reasons: dict[CellKey, str]) -> dict:
    """Per table: cells, person cells, hidden "<5" (small, or a zero) and "•", share hidden."""
    persons = {key for key, entry in METRICS.items() if entry.counts_persons}
    counts: dict[str, dict[str, int]] = {
        name: {"cells": 0, "person_cells": 0, "small": 0, "complement": 0} for name in TABLES
    }
    for key in published:
        entry = counts[key[0]]
        entry["cells"] += 1
        if key[1] in persons:
            entry["person_cells"] += 1
        if key in reasons:
            entry["complement" if reasons[key] == HIDDEN_COMPLEMENT else "small"] += 1
    for entry in counts.values():
        hidden = entry["small"] + entry["complement"]
        entry["share_hidden"] = (
            round(hidden / entry["person_cells"], 4) if entry["person_cells"] else 0.0
        )
    return counts


def list_releases(engine: Engine) -> list[ReleaseInfo]:
    """Every release, newest first."""
    with Session(engine) as session:
        return [
            _info(row) for row in session.scalars(select(Release).order_by(Release.number.desc()))
        ]


def get_release(engine: Engine, number: int | None = None) -> ReleaseInfo:
    """Release ``number``, or the latest one when None; :class:`ReleaseError` if none."""
    query = select(Release)
    query = (
        query.where(Release.number == number)
        if number is not None
        else query.order_by(Release.number.desc()).limit(1)
    )
    with Session(engine) as session:
        row = session.scalars(query).first()
    if row is None:
        raise ReleaseError(f"no release {number}" if number is not None else "no release yet")
    return _info(row)


def latest_release(engine: Engine) -> ReleaseInfo | None:
    """The newest release, or None before the first."""
    try:
        return get_release(engine)
    except ReleaseError:
        return None


FigureKey = tuple[str, str, dt.date, str, str]  # metric, region, period, breakdown, category


def figures(
    engine: Engine,
    number: int,
    table: str,
    *,
    period: dt.date | None = None,
    metric: str | None = None,
    regions: list[str] | None = None,
    breakdown: str | None = None,
) -> dict[FigureKey, Figure]:
    """Figures of one table of release ``number``, by (metric, region, period, breakdown,
    category), optionally narrowed; one scan of the primary key."""
    if table not in TABLES:
        raise ReleaseError(f"no table {table!r} in a release")
    query = select(
        ReleaseCell.metric,
        ReleaseCell.region_code,
        ReleaseCell.period,
        ReleaseCell.breakdown,
        ReleaseCell.category,
        ReleaseCell.value,
        ReleaseCell.hidden,
    ).where(ReleaseCell.release_id == number, ReleaseCell.table_name == table)
    if period is not None:
        query = query.where(ReleaseCell.period == period)
    if metric is not None:
        query = query.where(ReleaseCell.metric == metric)
    if regions is not None:
        query = query.where(ReleaseCell.region_code.in_(regions))
    if breakdown is not None:
        query = query.where(ReleaseCell.breakdown == breakdown)
    with engine.connect() as connection:
        return {
            (m, r, p, b, c): Figure(value, hidden)
            for m, r, p, b, c, value, hidden in connection.execute(query)
        }


@dataclass(frozen=True)
class Slide:
    """The figures of one meeting slide: every metric for a level and period, with the
    national figures and the previous period (for changes)."""

    release: ReleaseInfo
    level: str
    kind: str
    period: dt.date
    previous: dt.date
    regions: dict[str, dict[str, Figure]]  # metric -> region -> figure
    national: dict[str, Figure]  # metric -> figure
    before: dict[str, dict[str, Figure]]  # metric -> region (and "ID") -> previous figure

    def change(self, metric: str, region: str) -> float | None:
        """The relative change against the previous period, from protected figures."""
        from pantau.releases.derived import change

        current = self.national[metric] if region == "ID" else self.regions[metric].get(region)
        previous = self.before.get(metric, {}).get(region)
        return change(current, previous)


def _previous(period: dt.date, kind: str) -> dt.date:
    return add_months(period, {"month": -1, "quarter": -3, "year": -12}[kind])


def slide(
    engine: Engine,
    number: int,
    level: str,
    kind: str,
    period: dt.date | None = None,
    *,
    province: str | None = None,
    metrics: list[str] | None = None,
) -> Slide:
    """Everything one meeting slide shows, from release ``number`` only.

    ``level`` is ``province`` or ``regency`` (``province`` narrows regencies to one
    province); ``kind`` is month, quarter or year (regencies: quarter or year); without
    ``period`` the latest complete one; ``metrics`` narrows to the metrics the slide shows
    (a national map of regencies reads 1,028 cells per metric instead of 13,364).
    """
    info = get_release(engine, number)
    period = period or info.latest(kind)
    previous = _previous(period, kind)
    table = totals_table(level, kind)  # type: ignore[arg-type]
    if table not in TABLES:
        raise ReleaseError(f"a release has no {level} figures by {kind}")
    regions: dict[str, dict[str, Figure]] = defaultdict(dict)
    before: dict[str, dict[str, Figure]] = defaultdict(dict)
    national: dict[str, Figure] = {}
    query = select(
        ReleaseCell.table_name,
        ReleaseCell.period,
        ReleaseCell.metric,
        ReleaseCell.region_code,
        ReleaseCell.value,
        ReleaseCell.hidden,
    ).where(
        ReleaseCell.release_id == number,
        ReleaseCell.table_name.in_([table, totals_table("national", kind)]),  # type: ignore[arg-type]
        ReleaseCell.period.in_([period, previous]),
        ReleaseCell.breakdown == "",
    )
    if metrics is not None:
        query = query.where(ReleaseCell.metric.in_(metrics))
    if province is not None:
        # "33", "33.01" … "33.79" sort between "33" and "33/": a range of the primary key
        query = query.where(
            or_(
                ReleaseCell.region_code == NATIONAL,
                and_(ReleaseCell.region_code >= province, ReleaseCell.region_code < province + "/"),
            )
        )
    with engine.connect() as connection:
        for _table, at, metric, region, value, hidden in connection.execute(query):
            if province is not None and region != "ID" and region[:2] != province:
                continue
            figure = Figure(value, hidden)
            if at == previous:
                before[metric][region] = figure
            elif region == "ID":
                national[metric] = figure
            else:
                regions[metric][region] = figure
    return Slide(info, level, kind, period, previous, dict(regions), national, dict(before))
