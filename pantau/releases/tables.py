"""The fixed set of publication tables of a release, computed from current facts.

Every figure of a release is a *cell* keyed ``(table, metric, region, period, breakdown,
category)``; :data:`TABLES` lists the tables (docs/releases.md explains the choice).
:func:`compute` returns every cell of every table with its exact value, the unpublished
residuals (a province's own reports, which its regencies do not add up to) and the
additive relations between them (:func:`equations`): the equations the protection must
hold against, and the ones the attacker uses.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Engine, case, func, select

from pantau.metrics import METRICS, Metric
from pantau.models import Fact, Region
from pantau.reporting_calendar import add_months, month_start, months_between, quarter_start
from pantau.reports import fields

Level = Literal["national", "province", "regency"]
PeriodKind = Literal["month", "quarter", "year"]
NATIONAL = "ID"  # region code of national figures (ISO 3166 code of Indonesia)
OWN = "own"  # the table name of the unpublished residuals (a province's own reports)
UNKNOWN = "unknown"  # category of victims whose sex, age group or type was not reported
BREAKDOWNS: tuple[str, ...] = ("sex", "age_group", "exploitation")
VOCABULARIES = {"sex": fields.SEXES, "age_group": fields.AGE_GROUPS}
VOCABULARIES["exploitation"] = fields.EXPLOITATIONS
COUNTRY = "country"

CellKey = tuple[str, str, str, dt.date, str, str]


@dataclass(frozen=True)
class Table:
    """One publication table: its region level, period and breakdown."""

    name: str
    level: Level
    period: PeriodKind
    breakdown: str = ""  # "", "breakdown" (sex, age group, type) or "country"


TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        Table("national_month", "national", "month"),
        Table("national_quarter", "national", "quarter"),
        Table("national_year", "national", "year"),
        Table("province_quarter", "province", "quarter"),
        Table("province_year", "province", "year"),
        Table("regency_year", "regency", "year"),
        Table("breakdown_national_quarter", "national", "quarter", "breakdown"),
        Table("breakdown_national_year", "national", "year", "breakdown"),
        Table("breakdown_province_year", "province", "year", "breakdown"),
        Table("destination_quarter", "national", "quarter", COUNTRY),
        Table("destination_year", "national", "year", COUNTRY),
        Table("origin_destination_year", "province", "year", COUNTRY),
    )
}
"""Every table of a release, in publication order."""


PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def totals_table(level: Level, period: PeriodKind) -> str:
    """The name of the table of totals at ``level`` by ``period``."""
    return f"{level}_{period}"


def release_metrics() -> tuple[Metric, ...]:
    """The metrics of a release: every additive sum of facts of the registry."""
    return tuple(entry for entry in METRICS.values() if entry.summed and entry.additive)


def period_of(month: dt.date, kind: PeriodKind) -> dt.date:
    """The first day of the month, quarter or year holding ``month``."""
    if kind == "month":
        return month
    if kind == "quarter":
        return quarter_start(month)
    return dt.date(month.year, 1, 1)


def months_held(
    kind: PeriodKind, period: dt.date, first: dt.date, last: dt.date
) -> tuple[dt.date, dt.date]:
    """The first and last month of the ``kind`` period starting ``period`` that a release of
    months ``first``..``last`` holds.  Its first and last year or quarter may be partial, so
    every label of a release period is written from these months ("Okt–Des 2025"), never
    as the whole period ("2025")."""
    end = add_months(period, PERIOD_MONTHS[kind] - 1)
    return max(period, first), min(end, last)


def holds_whole(kind: PeriodKind, period: dt.date, first: dt.date, last: dt.date) -> bool:
    """Whether a release of months ``first``..``last`` holds every month of the ``kind``
    period starting ``period``."""
    return months_held(kind, period, first, last) == (
        period,
        add_months(period, PERIOD_MONTHS[kind] - 1),
    )


@dataclass
class Cells:
    """Every cell of a release with its exact value, before protection."""

    first_month: dt.date
    last_month: dt.date
    values: dict[CellKey, int] = field(default_factory=dict)
    residuals: set[CellKey] = field(default_factory=set)  # unpublished (own reports)
    groups: list[tuple[CellKey, list[CellKey]]] = field(default_factory=list)

    def published(self) -> dict[CellKey, int]:
        """The cells a release stores (residuals excluded)."""
        return {key: value for key, value in self.values.items() if key not in self.residuals}


def _regions(engine: Engine) -> tuple[list[str], dict[str, list[str]]]:
    """The province codes and, by province, its regency codes."""
    with engine.connect() as connection:
        rows = connection.execute(select(Region.code, Region.kind, Region.province_code)).all()
    provinces = sorted(code for code, kind, _ in rows if kind == "provinsi")
    regencies: dict[str, list[str]] = {code: [] for code in provinces}
    for code, kind, province in sorted(rows):
        if kind != "provinsi" and province in regencies:
            regencies[province].append(code)
    return provinces, regencies


def _sums(engine: Engine, first: dt.date, last: dt.date, metric: Metric, by: Iterable) -> dict:
    """Sums of ``metric``'s current facts by region, month and the ``by`` columns."""
    columns = [Fact.region_code, Fact.province_code, Fact.period, *by]
    query = (
        select(*columns, func.sum(Fact.value))
        .where(
            *metric.conditions(),
            Fact.current.is_(True),
            Fact.region_code.is_not(None),
            Fact.period >= first,
            Fact.period <= last,
        )
        .group_by(*columns)
    )
    with engine.connect() as connection:
        return {tuple(row[:-1]): int(row[-1]) for row in connection.execute(query)}


def fact_months(engine: Engine, last: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last month with current facts up to ``last``, or None."""
    with engine.connect() as connection:
        low, high = connection.execute(
            select(func.min(Fact.period), func.max(Fact.period)).where(
                Fact.current.is_(True), Fact.period <= last
            )
        ).one()
    if low is None:
        return None
    return quarter_start(month_start(low)), month_start(high)


@dataclass
class Layout:
    """What the equations of a release depend on: its regions, months and categories."""

    provinces: list[str]
    regencies: dict[str, list[str]]  # by province
    months: list[dt.date]
    categories: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (metric, bd)


def compute(engine: Engine, first: dt.date, last: dt.date) -> Cells:
    """Every cell of every table for the months ``first`` to ``last``, with its groups."""
    provinces, regencies = _regions(engine)
    cells = Cells(first, last)
    layout = Layout(provinces, regencies, months_between(first, last))
    for metric in release_metrics():
        _totals(engine, cells, layout, metric)
        if metric.counts_persons and metric.breakdowns:
            for breakdown in BREAKDOWNS:
                _breakdown(engine, cells, layout, metric, breakdown, getattr(Fact, breakdown))
        if metric.counts_persons and metric.overseas:
            _breakdown(engine, cells, layout, metric, COUNTRY, Fact.country)
    cells.groups = equations(layout)
    return cells


def layout_of(keys: Iterable[CellKey], first: dt.date, last: dt.date) -> Layout:
    """The layout of a stored release, read back from its cell keys."""
    provinces: set[str] = set()
    regencies: dict[str, set[str]] = defaultdict(set)
    categories: dict[tuple[str, str], set[str]] = defaultdict(set)
    for table, metric, region, _period, breakdown, category in keys:
        if table == "province_year":
            provinces.add(region)
        elif table == "regency_year":
            regencies[region[:2]].add(region)
        elif breakdown and table in ("breakdown_national_year", "destination_year"):
            categories[(metric, breakdown)].add(category)
    return Layout(
        sorted(provinces),
        {p: sorted(regencies.get(p, ())) for p in sorted(provinces)},
        months_between(first, last),
        {key: _categories(key[1], found) for key, found in categories.items()},
    )


def group_periods(months: list[dt.date], kind: PeriodKind) -> dict[dt.date, list[dt.date]]:
    """The periods of ``kind`` over ``months``, each with its months."""
    periods: dict[dt.date, list[dt.date]] = defaultdict(list)
    for month in months:
        periods[period_of(month, kind)].append(month)
    return dict(periods)


def _members(level: str, layout: Layout) -> list[tuple[str, list[str]]]:
    """Each region of ``level`` with the reporting regions whose facts it sums."""
    if level == "national":
        everyone = [code for p in layout.provinces for code in (p, *layout.regencies[p])]
        return [(NATIONAL, everyone)]
    if level == "province":
        return [(p, [p, *layout.regencies[p]]) for p in layout.provinces]
    return [(g, [g]) for p in layout.provinces for g in layout.regencies[p]]


LEVEL_PERIODS: tuple[tuple[Level, tuple[PeriodKind, ...]], ...] = (
    ("national", ("month", "quarter", "year")),
    ("province", ("quarter", "year")),
    ("regency", ("year",)),
)
"""The periods of the tables of totals at each level (docs/releases.md: why no more)."""


def _kinds(level: str) -> tuple[PeriodKind, ...]:
    return dict(LEVEL_PERIODS)[level]


def _totals(engine, cells: Cells, layout: Layout, metric: Metric) -> None:
    months = layout.months
    sums = _sums(engine, months[0], months[-1], metric, ())
    by_region: dict[tuple[str, dt.date], int] = defaultdict(int)
    by_level: dict[str, dict[tuple[str, dt.date], int]] = {
        "national": defaultdict(int),
        "province": defaultdict(int),
        "regency": by_region,
    }
    for (region, province, month), value in sums.items():
        month = month_start(month)
        by_region[(region, month)] += value
        by_level["province"][(province, month)] += value
        by_level["national"][(NATIONAL, month)] += value
    key = metric.key
    for level, kinds in LEVEL_PERIODS:
        monthly = by_level[level]
        for kind in kinds:
            periods = group_periods(months, kind)
            table = totals_table(level, kind)
            for region, _ in _members(level, layout):
                for period, parts in periods.items():
                    value = sum(monthly.get((region, p), 0) for p in parts)
                    cells.values[(table, key, region, period, "", "")] = value
    if not metric.counts_persons:
        return
    for province in layout.provinces:
        for kind in _kinds("regency"):
            for period, parts in group_periods(months, kind).items():
                own = (OWN, key, province, period, kind, "")
                cells.values[own] = sum(by_region.get((province, p), 0) for p in parts)
                cells.residuals.add(own)


def _categories(breakdown: str, observed: Iterable[str]) -> list[str]:
    known = list(VOCABULARIES[breakdown].by_code) if breakdown in VOCABULARIES else []
    return [*known, *sorted(set(observed) - set(known))]


def breakdown_tables(breakdown: str) -> dict[tuple[str, str], str]:
    """The tables of a breakdown by (level, period)."""
    prefix = (
        ("destination", "origin_destination")
        if breakdown == COUNTRY
        else ("breakdown_national", "breakdown_province")
    )
    return {
        ("national", "quarter"): f"{prefix[0]}_quarter",
        ("national", "year"): f"{prefix[0]}_year",
        ("province", "year"): f"{prefix[1]}_year",
    }


def _breakdown(
    engine, cells: Cells, layout: Layout, metric: Metric, breakdown: str, column
) -> None:
    """The cells of one breakdown (sex, age group, type, or destination country)."""
    months = layout.months
    category_of = case((column.is_(None), UNKNOWN), else_=column)
    sums = _sums(engine, months[0], months[-1], metric, (category_of,))
    by_province: dict[tuple[str, dt.date, str], int] = defaultdict(int)
    for (_region, province, month, category), value in sums.items():
        by_province[(province, month_start(month), category)] += value
    observed = {category for *_, category in by_province}
    categories = sorted(observed) if breakdown == COUNTRY else _categories(breakdown, observed)
    layout.categories[(metric.key, breakdown)] = categories
    for (level, kind), table in breakdown_tables(breakdown).items():
        areas = (
            [(NATIONAL, layout.provinces)]
            if level == "national"
            else [(p, [p]) for p in layout.provinces]
        )
        for period, parts in group_periods(months, kind).items():
            for region, provinces in areas:
                for category in categories:
                    cells.values[(table, metric.key, region, period, breakdown, category)] = sum(
                        by_province.get((p, m, category), 0) for p in provinces for m in parts
                    )


def equations(layout: Layout) -> list[tuple[CellKey, list[CellKey]]]:
    """Every additive relation between the protected cells of a release (and residuals).

    Time: year = its quarters, quarter = its months, for every region and breakdown.
    Regions: national = its provinces; a province = its regencies + its own reports.
    Breakdowns: a total = its categories (each breakdown on its own); national = its
    provinces for each category.
    """
    groups: list[tuple[CellKey, list[CellKey]]] = []
    months = layout.months
    quarters = group_periods(months, "quarter")
    years = group_periods(sorted(quarters), "year")
    by_kind = {"month": group_periods(months, "month"), "quarter": quarters, "year": years}

    def time(table_of, metric: str, region: str, breakdown: str, category: str, kinds) -> None:
        for upper, lower in (("quarter", "month"), ("year", "quarter")):
            if upper in kinds and lower in kinds:
                for period, parts in by_kind[upper].items():
                    groups.append(
                        (
                            (table_of(upper), metric, region, period, breakdown, category),
                            [
                                (table_of(lower), metric, region, p, breakdown, category)
                                for p in parts
                            ],
                        )
                    )

    for metric in release_metrics():
        if not metric.counts_persons:
            continue
        key = metric.key
        for level, kinds in LEVEL_PERIODS:
            for region, _ in _members(level, layout):
                time(lambda kind, lv=level: totals_table(lv, kind), key, region, "", "", kinds)
        for kind in set(_kinds("national")) & set(_kinds("province")):
            for period in by_kind[kind]:
                groups.append(
                    (
                        (totals_table("national", kind), key, NATIONAL, period, "", ""),
                        [
                            (totals_table("province", kind), key, p, period, "", "")
                            for p in layout.provinces
                        ],
                    )
                )
        for kind in _kinds("regency"):
            for period in by_kind[kind]:
                for province in layout.provinces:
                    parts = [
                        (totals_table("regency", kind), key, g, period, "", "")
                        for g in layout.regencies[province]
                    ]
                    groups.append(
                        (
                            (totals_table("province", kind), key, province, period, "", ""),
                            [*parts, (OWN, key, province, period, kind, "")],
                        )
                    )
        for breakdown in (*BREAKDOWNS, COUNTRY):
            categories = layout.categories.get((key, breakdown))
            if not categories:
                continue
            tables = breakdown_tables(breakdown)
            total_metric = key
            for (level, kind), table in tables.items():
                areas = [NATIONAL] if level == "national" else layout.provinces
                for period in by_kind[kind]:
                    for region in areas:
                        groups.append(
                            (
                                (totals_table(level, kind), total_metric, region, period, "", ""),
                                [(table, key, region, period, breakdown, c) for c in categories],
                            )
                        )
            for category in categories:
                time(
                    lambda kind, t=tables: t[("national", kind)],
                    key,
                    NATIONAL,
                    breakdown,
                    category,
                    ("quarter", "year"),
                )
                for year in years:
                    groups.append(
                        (
                            (
                                tables[("national", "year")],
                                key,
                                NATIONAL,
                                year,
                                breakdown,
                                category,
                            ),
                            [
                                (tables[("province", "year")], key, p, year, breakdown, category)
                                for p in layout.provinces
                            ],
                        )
                    )
    return groups
