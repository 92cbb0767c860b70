"""Sums of registry metrics over the current facts: by region, by month, and which months
have reports (a month without any is a gap, never 0).

Map figures are one grouped aggregate over the ``ix_facts_metric_period`` index, shared by
all requests until the data changes; metrics without victim breakdowns are slices of their
monthly cube (:mod:`dashboard.data.monthly_cube`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, Engine, func, select

from dashboard.data.memo import shared_memo
from dashboard.data.monthly_cube import build_cube
from dashboard.data.periods import months_of
from dashboard.data.reference import narrowed, report_clause
from dashboard.filters import FilterState, Period
from pantau.access import Scope
from pantau.metrics import METRICS
from pantau.models import Fact, Report


def fact_scope(scope: Scope, filters: FilterState, period: Period) -> list[ColumnElement[bool]]:
    visible = narrowed(scope, filters)
    return [
        Fact.current.is_(True),
        Fact.period >= period.start,
        Fact.period <= period.end,
        visible.region_clause(Fact.region_code, Fact.province_code),
    ]


def victim_breakdown(
    exploitation: str | None, sex: str | None, age_group: str | None, country: str | None = None
) -> list[ColumnElement[bool]]:
    """Conditions on victim facts for the chosen breakdown values (None = all)."""
    chosen = (
        (Fact.exploitation, exploitation),
        (Fact.sex, sex),
        (Fact.age_group, age_group),
        (Fact.country, country),
    )
    return [column == value for column, value in chosen if value]


def victim_filters(filters: FilterState) -> list[ColumnElement[bool]]:
    return victim_breakdown(filters.exploitation, filters.sex, filters.age_group)


def metric_conditions(key: str, filters: FilterState) -> list[ColumnElement[bool]]:
    """The fact conditions of registry metric ``key``, with the victim breakdowns where
    the metric has them."""
    entry = METRICS[key]
    conditions = entry.conditions()
    if entry.breakdowns:
        conditions.extend(victim_filters(filters))
    return conditions


def metric_by_region(
    engine: Engine,
    filters: FilterState,
    scope: Scope,
    level: str,
    period: Period,
    metric: str | None = None,
) -> dict[str, int]:
    """The sum of ``metric`` (default ``filters.metric``) per region of ``level``.

    ``province`` level sums everything of a province (its own task force and its
    regencies); ``regency`` level the regencies and cities only.  A metric with victim
    breakdowns is one grouped query, shared by all requests until the data changes; one
    without (activities, people reached, enforcement stages) is read from its monthly cube
    (:mod:`dashboard.data.monthly_cube`), so a new period costs no scan of its facts.  A new
    dict for the caller.
    """
    metric = metric or filters.metric
    if level not in ("province", "regency"):
        raise ValueError(f"level must be province or regency, got {level!r}")
    entry = METRICS[metric]
    visible = narrowed(scope, filters)
    if not entry.breakdowns:
        cube = shared_memo(
            ("monthly_cube", metric), engine, lambda: build_cube(engine, entry.conditions())
        )
        return cube.by_region(period.start, period.end, level, visible.allows)
    breakdowns = (filters.exploitation, filters.sex, filters.age_group)
    key = ("metric_by_region", metric, level, period, visible, breakdowns)
    found = shared_memo(
        key, engine, lambda: _metric_by_region(engine, filters, scope, level, period, metric)
    )
    return dict(found)


def _metric_by_region(
    engine: Engine, filters: FilterState, scope: Scope, level: str, period: Period, metric: str
) -> dict[str, int]:
    if level == "province":
        key = Fact.province_code
        extra: list[ColumnElement[bool]] = []
    else:
        key = Fact.region_code
        extra = [Fact.region_code != Fact.province_code]
    query = (
        select(key, func.sum(Fact.value))
        .where(*metric_conditions(metric, filters), *fact_scope(scope, filters, period), *extra)
        .group_by(key)
    )
    with engine.connect() as connection:
        return {code: int(value) for code, value in connection.execute(query) if code}


def reported_months(
    engine: Engine, filters: FilterState, scope: Scope, period: Period
) -> frozenset[dt.date]:
    """The months of ``period`` with at least one accepted report visible in the selection."""
    visible = narrowed(scope, filters)
    query = (
        select(Report.period)
        .where(
            Report.status == "accepted",
            Report.period >= period.start,
            Report.period <= period.end,
            report_clause(visible),
        )
        .group_by(Report.period)
    )

    def compute() -> frozenset[dt.date]:
        with engine.connect() as connection:
            return frozenset(connection.scalars(query))

    return shared_memo(("reported_months", visible, period), engine, compute)


def monthly_series(
    engine: Engine, filters: FilterState, scope: Scope, period: Period, metric: str | None = None
) -> dict[dt.date, int | None]:
    """``metric`` per month of ``period``, every month present: 0 where reports hold none,
    None (a gap, "tidak melapor") where no report of the selection arrived."""
    metric = metric or filters.metric
    query = (
        select(Fact.period, func.sum(Fact.value))
        .where(*metric_conditions(metric, filters), *fact_scope(scope, filters, period))
        .group_by(Fact.period)
    )
    with engine.connect() as connection:
        found = {month: int(value) for month, value in connection.execute(query)}
    reported = reported_months(engine, filters, scope, period)
    return {
        month: found.get(month, 0) if month in reported else None for month in months_of(period)
    }
