"""The headline figures of a page: each for the period and the equally long period before."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from sqlalchemy import Engine, and_, case, func, select

from dashboard.data.facts import fact_scope, reported_months, shared_key
from dashboard.data.memo import shared_memo
from dashboard.data.periods import due_months
from dashboard.data.reference import narrowed, regions_at
from dashboard.data.reporting import on_time_counts
from dashboard.data.task_forces import task_force_status
from dashboard.selection import Selection
from pantau.access import Scope
from pantau.models import Fact
from pantau.settings import Settings


@dataclass(frozen=True)
class Headline:
    """A figure of the period and of the equally long period before."""

    key: str
    current: int
    previous: int
    detail: dict[str, int] = field(default_factory=dict)
    previous_detail: dict[str, int] = field(default_factory=dict)
    comparable: bool = True  # the previous period has reports to compare with

    @property
    def change(self) -> float | None:
        """Relative change; None without a comparable previous period or from zero."""
        if not self.comparable or not self.previous:
            return None
        return (self.current - self.previous) / self.previous


def headline_figures(
    engine: Engine,
    selection: Selection,
    scope: Scope,
    settings: Settings,
    today: dt.date | None = None,
) -> dict[str, Headline]:
    """Victims (with overseas), police reports, convictions, task forces established and
    reports on time, each for the selection and the equally long period before."""
    before = selection.previous()
    both = selection.over(before.start, selection.end)
    key = ("headline_sums", both.start, *shared_key(selection, scope))
    found = shared_memo(key, engine, lambda: _sums(engine, selection, scope, both))

    def sums(current: int, figure: str) -> int:
        return found.get((current, figure), 0)

    figures = {
        "victims": Headline(
            "victims",
            sums(1, "victims"),
            sums(0, "victims"),
            {"overseas": sums(1, "overseas")},
            {"overseas": sums(0, "overseas")},
        ),
        "police_reports": Headline(
            "police_reports", sums(1, "police_reports"), sums(0, "police_reports")
        ),
        "convictions": Headline("convictions", sums(1, "convicted"), sums(0, "convicted")),
    }
    figures["task_forces"] = _task_force_headline(engine, selection, scope, before)
    figures["on_time"] = _on_time_headline(engine, selection, scope, both, settings, today)
    comparable = bool(reported_months(engine, before, scope))
    return {key: replace(figure, comparable=comparable) for key, figure in figures.items()}


def _sums(
    engine: Engine, selection: Selection, scope: Scope, both: Selection
) -> Mapping[tuple[int, str], int]:
    """Victims (and overseas), police reports and convictions by (current period or the
    one before, figure), in one grouped query over both periods."""
    victim_rows = and_(Fact.metric == "victims", *selection.victim_conditions())
    stages = and_(Fact.metric == "enforcement", Fact.item.in_(("police_reports", "convicted")))
    is_current = case((Fact.period >= selection.start, 1), else_=0)
    overseas = case((Fact.country.is_not(None), 1), else_=0)
    query = (
        select(is_current, Fact.metric, Fact.item, overseas, func.sum(Fact.value))
        .where(
            Fact.metric.in_(("victims", "enforcement")),
            victim_rows | stages,
            *fact_scope(scope, both),
        )
        .group_by(is_current, Fact.metric, Fact.item, overseas)
    )
    sums: dict[tuple[int, str], int] = defaultdict(int)
    with engine.connect() as connection:
        for current, metric, item, abroad, value in connection.execute(query):
            key = item if metric == "enforcement" else "victims"
            sums[(current, key)] += int(value)
            if metric == "victims" and abroad:
                sums[(current, "overseas")] += int(value)
    return MappingProxyType(dict(sums))


def _established(engine: Engine, scope: Scope, selection: Selection, as_of: dt.date):
    rows = task_force_status(engine, as_of, scope, selection)
    counts = {"province": 0, "regency": 0}
    for code, row in rows.items():
        if row.established:
            counts["province" if "." not in code else "regency"] += 1
    return counts


def _task_force_headline(engine, selection: Selection, scope, before: Selection) -> Headline:
    now = _established(engine, scope, selection, selection.end)
    then = _established(engine, scope, selection, before.end)
    visible = narrowed(scope, selection)
    totals = {
        "province_total": len(regions_at(engine, visible, "province")),
        "regency_total": len(regions_at(engine, visible, "regency")),
    }
    return Headline(
        "task_forces",
        now["province"] + now["regency"],
        then["province"] + then["regency"],
        {"provinces": now["province"], "regencies": now["regency"], **totals},
        {"provinces": then["province"], "regencies": then["regency"], **totals},
    )


def _on_time_headline(engine, selection: Selection, scope, both: Selection, settings, today):
    visible = narrowed(scope, selection)
    regions_seen = len(regions_at(engine, visible, "province")) + len(
        regions_at(engine, visible, "regency")
    )
    due = due_months(both.period, settings, today)
    expected = {True: 0, False: 0}
    for month in due:
        expected[month >= selection.start] += regions_seen
    on_time = {True: 0, False: 0}
    if due:
        counted = both.over(due[0], due[-1])
        found = on_time_counts(engine, scope, counted, split=selection.start)
        for (_code, current), count in found.items():
            on_time[current] += count
    return Headline(
        "on_time",
        on_time[True],
        on_time[False],
        {"expected": expected[True]},
        {"expected": expected[False]},
    )
