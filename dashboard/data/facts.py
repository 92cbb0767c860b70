"""Sums of registry metrics over the current facts: by region, by month, and which months
have reports (a month without any is a gap, never 0).

Map figures are one grouped aggregate over the ``ix_facts_metric_period`` index, shared by
all requests until the data changes; metrics without victim breakdowns are slices of their
monthly cube (:mod:`dashboard.data.monthly_cube`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from sqlalchemy import ColumnElement, Engine, func, select

from dashboard.data.memo import shared_memo
from dashboard.data.monthly_cube import build_cube
from dashboard.data.periods import months_of
from dashboard.data.reference import narrowed, report_clause
from dashboard.selection import Selection
from pantau.access import Scope
from pantau.metrics import METRICS
from pantau.models import Fact, Report


def fact_scope(scope: Scope, selection: Selection) -> list[ColumnElement[bool]]:
    """Current facts of the selection's months inside ``scope`` narrowed to its region."""
    visible = narrowed(scope, selection)
    return [
        Fact.current.is_(True),
        Fact.period >= selection.start,
        Fact.period <= selection.end,
        visible.region_clause(Fact.region_code, Fact.province_code),
    ]


def shared_key(selection: Selection, scope: Scope) -> tuple:
    """What a shared result of ``selection`` in ``scope`` depends on: its months, the scope
    narrowed to its region and its victim breakdowns (a key part of :func:`shared_memo`)."""
    return (selection.start, selection.end, narrowed(scope, selection), selection.breakdowns)


def metric_conditions(key: str, selection: Selection) -> list[ColumnElement[bool]]:
    """The fact conditions of registry metric ``key``, with the selection's victim
    breakdowns (and destination country) where the metric has them."""
    entry = METRICS[key]
    conditions = entry.conditions()
    if entry.breakdowns:
        conditions.extend(selection.victim_conditions())
    return conditions


def metric_by_region(
    engine: Engine, selection: Selection, scope: Scope, level: str, metric: str
) -> dict[str, int]:
    """The sum of ``metric`` per region of ``level`` over the selection.

    ``province`` level sums everything of a province (its own task force and its
    regencies); ``regency`` level the regencies and cities only.  A metric with victim
    breakdowns is one grouped query, shared by all requests until the data changes; one
    without (activities, people reached, enforcement stages) is read from its monthly cube
    (:mod:`dashboard.data.monthly_cube`), so a new period costs no scan of its facts.  A new
    dict for the caller.
    """
    if level not in ("province", "regency"):
        raise ValueError(f"level must be province or regency, got {level!r}")
    entry = METRICS[metric]
    visible = narrowed(scope, selection)
    if not entry.breakdowns:
        cube = shared_memo(
            ("monthly_cube", metric), engine, lambda: build_cube(engine, entry.conditions())
        )
        return cube.by_region(selection.start, selection.end, level, visible.allows)
    key = ("metric_by_region", metric, level, *shared_key(selection, scope))
    found = shared_memo(
        key, engine, lambda: _metric_by_region(engine, selection, scope, level, metric)
    )
    return dict(found)


def _metric_by_region(
    engine: Engine, selection: Selection, scope: Scope, level: str, metric: str
) -> dict[str, int]:
    if level == "province":
        key = Fact.province_code
        extra: list[ColumnElement[bool]] = []
    else:
        key = Fact.region_code
        extra = [Fact.region_code != Fact.province_code]
    query = (
        select(key, func.sum(Fact.value))
        .where(*metric_conditions(metric, selection), *fact_scope(scope, selection), *extra)
        .group_by(key)
    )
    with engine.connect() as connection:
        return {code: int(value) for code, value in connection.execute(query) if code}


def reported_months(engine: Engine, selection: Selection, scope: Scope) -> frozenset[dt.date]:
    """The months of the selection with at least one accepted report visible in it."""
    visible = narrowed(scope, selection)
    query = (
        select(Report.period)
        .where(
            Report.status == "accepted",
            Report.period >= selection.start,
            Report.period <= selection.end,
            report_clause(visible),
        )
        .group_by(Report.period)
    )

    def compute() -> frozenset[dt.date]:
        with engine.connect() as connection:
            return frozenset(connection.scalars(query))

    months = (selection.start, selection.end)
    return shared_memo(("reported_months", visible, months), engine, compute)


def monthly_series(
    engine: Engine, selection: Selection, scope: Scope, metric: str
) -> dict[dt.date, int | None]:
    """``metric`` per month of the selection, every month present: 0 where reports hold
    none, None (a gap, "tidak melapor") where no report of the selection arrived."""
    query = (
        select(Fact.period, func.sum(Fact.value))
        .where(*metric_conditions(metric, selection), *fact_scope(scope, selection))
        .group_by(Fact.period)
    )

    def compute() -> Mapping[dt.date, int]:
        with engine.connect() as connection:
            return MappingProxyType(
                {month: int(value) for month, value in connection.execute(query)}
            )

    found = shared_memo(("monthly_series", metric, *shared_key(selection, scope)), engine, compute)
    reported = reported_months(engine, selection, scope)
    return {
        month: found.get(month, 0) if month in reported else None
        for month in months_of(selection.period)
    }
