"""What the PDF briefing shows, read from one data release only (issue #10).

A briefing is for an audience, so every figure in it is a cell of a release
(:mod:`pantau.releases`): headline figures with their change, provinces ranked, the trend
by quarter, the case funnel and the top destinations.  Nothing here reads live facts.

The page's selection is followed *within the release's tables*:

* Region: national (``ID``) or a province; a regency selection gives its province (the
  release holds regencies by year only, too coarse and sparse for a briefing), and the
  briefing says so.
* Period: a selection of 12 months or more is shown as a year, a shorter one as a
  quarter: the complete year or quarter of the release that the selection's end falls in,
  else the release's latest complete one (the briefing says which).
* Breakdown filters (exploitation type, sex, age group, destination country) narrow the
  headline victim figures where the release has that breakdown at the level and period;
  a release holds each breakdown on its own, so only the first chosen one can apply.
  Every filter that could not be applied is listed with its reason, never dropped
  silently.

Hidden cells are never ranked: ordering a "•" among shown figures would tell an observer
more about it than the release does (only that it is above the threshold).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Engine, select

from dashboard.selection import Selection
from pantau.models import Region
from pantau.releases.derived import FunnelStage, change, funnel
from pantau.releases.store import Figure, ReleaseInfo, figures
from pantau.releases.tables import (
    BREAKDOWNS,
    COUNTRY,
    NATIONAL,
    PERIOD_MONTHS,
    breakdown_tables,
    holds_whole,
    months_held,
    period_of,
    release_metrics,
    totals_table,
)
from pantau.reporting_calendar import add_months, quarter_start
from pantau.reports.countries import country_name

HEADLINE_METRICS = (
    "victims",
    "overseas_victims",
    "police_reports",
    "prosecutions",
    "convictions",
    "restitution_awarded",
)
"""The headline figures, in order; a metric a release does not hold is left out."""

TOP_PROVINCES = 10
TOP_COUNTRIES = 8
TREND_QUARTERS = 8
FILTER_FIELDS = (*BREAKDOWNS, "country")  # the selection's fields a release breaks down by


@dataclass(frozen=True)
class Headline:
    """One headline figure of the period, the previous period's and the change between
    them (None when either is hidden or the previous period is not in the release)."""

    key: str
    current: Figure
    previous: Figure | None
    change: float | None
    narrowed: bool = False  # the applied breakdown filter narrows this figure


@dataclass(frozen=True)
class Ranked:
    """A named release figure in a list."""

    code: str
    name: str
    figure: Figure


@dataclass(frozen=True)
class Filter:
    """A breakdown filter of the page's selection and what became of it."""

    field: str
    value: str
    applied_to: tuple[str, ...] = ()  # metric keys it narrows; empty: not applied
    reason: str = ""  # text key of why not: "briefing.filter_level", "briefing.filter_one"


@dataclass(frozen=True)
class Period:
    """A period of a release table: its kind, first month (the cells' period) and last
    month in the release; ``covered_from`` when the release starts later in the period."""

    kind: str
    start: dt.date
    end: dt.date
    covered_from: dt.date | None = None


@dataclass(frozen=True)
class Briefing:
    """Everything the briefing PDF shows, from release ``release`` only."""

    release: ReleaseInfo
    selection: Selection
    region: str  # "ID" or a province code
    region_name: str | None
    regency_name: str | None  # the regency chosen on the page, shown as its province
    period: Period
    previous: Period | None  # None: the period before is not in the release
    follows_selection: bool  # the selection's end falls in the period shown
    headlines: tuple[Headline, ...]
    provinces: tuple[Ranked, ...]  # shown figures, largest first
    provinces_hidden: dict[str, int]  # mark ("<5", "•") -> how many provinces it hides
    trend: tuple[tuple[Period, Figure], ...]
    funnel: tuple[FunnelStage, ...]
    destinations_period: Period | None
    destinations: tuple[Ranked, ...]
    destinations_hidden: dict[str, int]
    filters: tuple[Filter, ...]


def _span(kind: str, start: dt.date, info: ReleaseInfo) -> Period:
    first, last = months_held(kind, start, info.first_month, info.last_month)  # type: ignore[arg-type]
    return Period(kind, start, last, first if first != start else None)


def complete(info: ReleaseInfo, kind: str, start: dt.date) -> bool:
    """Whether every month of the quarter or year from ``start`` is in the release."""
    return holds_whole(kind, start, info.first_month, info.last_month)  # type: ignore[arg-type]


def briefing_period(info: ReleaseInfo, selection: Selection) -> tuple[Period, bool]:
    """The release period a selection is shown as, and whether its end falls in it.

    Twelve months or more: a year, else a quarter; the complete one holding the
    selection's end, else the release's latest complete one; a release without a complete
    year falls back to quarters, one without a complete quarter to its last (partial) one.
    """
    kinds = ("year", "quarter") if selection.months >= 12 else ("quarter",)
    for kind in kinds:
        wanted = period_of(selection.end, kind)  # type: ignore[arg-type]
        if complete(info, kind, wanted):
            return _span(kind, wanted, info), True
        latest = info.latest(kind)
        if complete(info, kind, latest):
            return _span(kind, latest, info), False
    last = quarter_start(info.last_month)
    return _span("quarter", last, info), selection.end >= last


def _names(engine: Engine) -> dict[str, str]:
    """Region names by code (the release stores codes only)."""
    with engine.connect() as connection:
        return dict(connection.execute(select(Region.code, Region.name)).all())


def breakdown_field(name: str) -> str:
    """The release breakdown of a selection field (``country`` is the destination)."""
    return COUNTRY if name == "country" else name


def _filters(selection: Selection, level: str, kind: str, metrics: set[str]) -> list[Filter]:
    """The selection's breakdown filters: the first one applies where the release has it."""
    chosen = [
        (name, getattr(selection, name)) for name in FILTER_FIELDS if getattr(selection, name)
    ]
    result: list[Filter] = []
    for index, (name, value) in enumerate(chosen):
        breakdown = breakdown_field(name)
        if index > 0:
            result.append(Filter(name, value, reason="briefing.filter_one"))
        elif (level, kind) not in breakdown_tables(breakdown):
            result.append(Filter(name, value, reason="briefing.filter_level"))
        else:
            both = ("victims", "overseas_victims")
            narrowed = both[1:] if name == "country" else both  # countries: overseas only
            result.append(Filter(name, value, tuple(key for key in narrowed if key in metrics)))
    return result


def _headlines(engine, info, region, level, period, previous, applied) -> tuple[Headline, ...]:
    """The headline figures of the period and the one before, the victim figures from
    the breakdown table when a filter applies; changes from shown figures only."""
    table = totals_table(level, period.kind)  # type: ignore[arg-type]
    held = {metric.key for metric in release_metrics()}
    found = figures(engine, info.number, table, regions=[region])
    by = {(key[0], key[2]): figure for key, figure in found.items()}
    narrowed: dict[tuple[str, dt.date], Figure] = {}
    if applied is not None and applied.applied_to:
        breakdown = breakdown_field(applied.field)
        source = breakdown_tables(breakdown)[(level, period.kind)]
        cells = figures(engine, info.number, source, regions=[region], breakdown=breakdown)
        narrowed = {
            (key[0], key[2]): figure for key, figure in cells.items() if key[4] == applied.value
        }
    headlines = []
    for key in HEADLINE_METRICS:
        if key not in held:
            continue
        chosen = applied is not None and key in applied.applied_to
        source = narrowed if chosen else by
        # a category absent from the release has no cell: nobody of it was counted
        current = source.get((key, period.start), Figure(0) if chosen else None)
        if current is None:
            continue
        before = None
        if previous is not None:
            before = source.get((key, previous.start), Figure(0) if chosen else None)
        headlines.append(Headline(key, current, before, change(current, before), chosen))
    return tuple(headlines)


def _ranked(
    found: dict, names: dict[str, str], top: int, threshold: int
) -> tuple[tuple[Ranked, ...], dict[str, int]]:
    """Shown figures largest first (ties by code), and how many are hidden, by mark.

    A row is named by its region, or by its category in a breakdown (a country)."""
    codes = {key: key[1] if key[3] == "" else key[4] for key in found}
    shown = sorted(
        (
            Ranked(codes[key], names.get(codes[key], codes[key]), figure)
            for key, figure in found.items()
            if figure.hidden is None and figure.value
        ),
        key=lambda row: (-(row.figure.value or 0), row.code),
    )
    hidden = Counter(
        figure.mark(threshold) for figure in found.values() if figure.hidden is not None
    )
    return tuple(shown[:top]), dict(hidden)


def _trend(engine, info, region, level, period: Period) -> tuple[tuple[Period, Figure], ...]:
    """Victims of the last complete quarters of the release up to the period's end."""
    table = totals_table(level, "quarter")  # type: ignore[arg-type]
    found = figures(engine, info.number, table, metric="victims", regions=[region])
    quarters = sorted(
        (key[2], figure)
        for key, figure in found.items()
        if key[2] <= period.end and complete(info, "quarter", key[2])
    )
    return tuple((_span("quarter", start, info), figure) for start, figure in quarters)[
        -TREND_QUARTERS:
    ]


def _destinations(engine, info, region, level, period: Period, lang: str):
    """Top destination countries: national by the period's kind, a province by the year
    holding the period (the release has them by year only; the page names the months)."""
    kind, start = period.kind, period.start
    if level == "province" and kind == "quarter":
        kind, start = "year", dt.date(period.start.year, 1, 1)
    table = breakdown_tables(COUNTRY)[(level, kind)]
    found = figures(
        engine, info.number, table, period=start, metric="overseas_victims", regions=[region]
    )
    countries = {key[4]: country_name(key[4], lang) for key in found}
    rows, hidden = _ranked(found, countries, TOP_COUNTRIES, info.threshold)
    return _span(kind, start, info), rows, hidden


def build_briefing(
    engine: Engine, info: ReleaseInfo, selection: Selection, lang: str = "id"
) -> Briefing:
    """The briefing of the page's ``selection`` from release ``info``."""
    names = _names(engine)
    province = selection.province or (selection.regency[:2] if selection.regency else None)
    region = province or NATIONAL
    level = "province" if province else "national"
    period, follows = briefing_period(info, selection)
    before = add_months(period.start, -PERIOD_MONTHS[period.kind])
    previous = _span(period.kind, before, info) if before >= info.first_month else None
    filters = _filters(selection, level, period.kind, set(HEADLINE_METRICS))
    applied = filters[0] if filters and filters[0].applied_to else None
    provinces = figures(
        engine,
        info.number,
        totals_table("province", period.kind),  # type: ignore[arg-type]
        period=period.start,
        metric="victims",
    )
    ranked, hidden = _ranked(provinces, names, TOP_PROVINCES, info.threshold)
    if province and province not in {row.code for row in ranked}:
        mine = provinces.get(("victims", province, period.start, "", ""))
        if mine is not None:
            ranked = (*ranked, Ranked(province, names.get(province, province), mine))
    destinations_period, destinations, destinations_hidden = _destinations(
        engine, info, region, level, period, lang
    )
    return Briefing(
        release=info,
        selection=selection,
        region=region,
        region_name=names.get(province) if province else None,
        regency_name=names.get(selection.regency) if selection.regency else None,
        period=period,
        previous=previous,
        follows_selection=follows,
        headlines=_headlines(engine, info, region, level, period, previous, applied),
        provinces=ranked,
        provinces_hidden=hidden,
        trend=_trend(engine, info, region, level, period),
        funnel=tuple(funnel(engine, info.number, region, period.start, period.kind)),
        destinations_period=destinations_period,
        destinations=destinations,
        destinations_hidden=destinations_hidden,
        filters=tuple(filters),
    )
