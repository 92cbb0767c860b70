"""The data access layer of the core pages: every function takes the viewer's :class:`Scope`.

Each query applies ``scope.region_clause`` (on facts, task forces or reports) after the
filter's region has been intersected with the scope (:func:`narrowed`), so no page can
return a region outside the viewer's scope whatever the URL asks.  Map figures are one
grouped aggregate over the ``ix_facts_metric_period`` index; the region reference (names,
populations) is read once per process and database.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import ColumnElement, Engine, and_, case, func, select

from dashboard.filters import FilterState, Period
from dashboard.monthly_cube import build_cube
from pantau import taskforces
from pantau.access import Scope
from pantau.basis import LIVE, Basis
from pantau.compliance import ComplianceRow, compliance, silent_months
from pantau.compliance import on_time_counts as compliance_on_time
from pantau.db import engine_for
from pantau.metrics import FUNNEL, METRICS, summed_metrics
from pantau.models import Country, Fact, Region, Report
from pantau.reporting_calendar import (
    add_months,
    due_date,
    is_due,
    last_complete_month,
    month_start,
    today_wib,
)
from pantau.reports.model import ORIGIN_REGIONAL
from pantau.settings import Settings, get_settings
from pantau.taskforces import DEFAULT_SILENT_MONTHS, DeclaredTaskForce

JUMP_MINIMUM = 5
"""A rise in victims needs at least this many victims (and twice the previous period)."""
STATUS_VALUES = {"not_established": 0, "silent": 1, "established": 2}


# -- context ---------------------------------------------------------------------------------


def app_settings() -> Settings:
    """The settings of the running app (the environment's outside an app)."""
    configured = current_app.config.get("PANTAU_SETTINGS") if has_app_context() else None
    return configured or get_settings()


def app_engine(settings: Settings | None = None) -> Engine:
    """The shared engine of the app's database (no per-request connection checks)."""
    return engine_for((settings or app_settings()).database_url)


# -- reference -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionRef:
    """A region of the reference table."""

    code: str
    name: str
    kind: str
    province_code: str
    population: int | None

    @property
    def level(self) -> str:
        return "province" if self.kind == "provinsi" else "regency"


_REGION_CACHE: dict[str, dict[str, RegionRef]] = {}
_REGION_LOCK = threading.Lock()


def regions(engine: Engine) -> dict[str, RegionRef]:
    """Every region by code, read once per process and database."""
    key = str(engine.url)
    cached = _REGION_CACHE.get(key)
    if cached is not None:
        return cached
    with _REGION_LOCK, engine.connect() as connection:
        rows = connection.execute(
            select(
                Region.code, Region.name, Region.kind, Region.province_code, Region.population
            ).order_by(Region.code)
        ).all()
    result = {
        row.code: RegionRef(
            row.code, row.name, row.kind, row.province_code or row.code, row.population
        )
        for row in rows
    }
    if result:
        _REGION_CACHE[key] = result
    return result


def regions_at(engine: Engine, scope: Scope, level: str, province: str | None = None):
    """The regions of ``level`` visible in ``scope`` (inside ``province`` if given)."""
    return [
        region
        for region in regions(engine).values()
        if region.level == level
        and scope.allows(region.code)
        and (province is None or region.province_code == province)
    ]


def narrowed(scope: Scope, filters: FilterState) -> Scope:
    """``scope`` limited further to the filter's region (never widened)."""
    region = filters.region
    if region is None or not scope.allows(region):
        return scope
    role = "kabupaten" if "." in region else "provinsi"
    return Scope(role=role, region_code=region, suppress=scope.suppress)


def per_100k(values: Mapping[str, float | None], engine: Engine) -> dict[str, float | None]:
    """Values per 100,000 people of each region (None where the population is unknown)."""
    reference = regions(engine)
    result: dict[str, float | None] = {}
    for code, value in values.items():
        population = reference[code].population if code in reference else None
        result[code] = None if value is None or not population else value * 100_000 / population
    return result


# -- freshness -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataStatus:
    """How current the visible data is, and whether it is synthetic."""

    latest_received: dt.datetime | None
    latest_period: dt.date | None
    synthetic: bool


def _report_clause(scope: Scope) -> ColumnElement[bool]:
    region = scope.region_clause(Report.region_code, func.substr(Report.region_code, 1, 2))
    if scope.is_national:
        return region
    return and_(Report.region_code.is_not(None), region)


def data_status(engine: Engine, scope: Scope) -> DataStatus:
    """Latest received report, latest month and synthetic flag of the accepted reports."""
    return shared_memo(("data_status", scope), engine, lambda: _data_status(engine, scope))


def _data_status(engine: Engine, scope: Scope) -> DataStatus:
    query = select(
        func.max(Report.received_at),
        func.max(Report.period),
        func.max(case((Report.synthetic.is_(True), 1), else_=0)),
    ).where(Report.status == "accepted", _report_clause(scope))
    with engine.connect() as connection:
        received, period, synthetic = connection.execute(query).one()
    if isinstance(received, dt.datetime) and received.tzinfo is None:
        received = received.replace(tzinfo=dt.UTC)
    return DataStatus(received, period, bool(synthetic))


def month_bounds(engine: Engine) -> tuple[dt.date, dt.date] | None:
    """The first and last month of accepted reports, None without any (once per request)."""
    return shared_memo(("month_bounds",), engine, lambda: _month_bounds(engine))


def _month_bounds(engine: Engine) -> tuple[dt.date, dt.date] | None:
    with engine.connect() as connection:
        first, last = connection.execute(
            select(func.min(Report.period), func.max(Report.period)).where(
                Report.status == "accepted", Report.period.is_not(None)
            )
        ).one()
    return (first, last) if first and last else None


def default_period_end(engine: Engine, settings: Settings, today: dt.date | None = None) -> dt.date:
    """Where every page's period ends unless the URL says otherwise, for every role.

    The last complete month (:func:`pantau.reporting_calendar.last_complete_month`), or
    the newest month of any accepted report when the data stops earlier; never a month
    whose reports are not due yet.
    """
    complete = last_complete_month(settings.report_due_day, today)
    bounds = month_bounds(engine)
    return min(complete, bounds[1]) if bounds else complete


def clamp_months(
    start: dt.date, end: dt.date, engine: Engine, settings: Settings
) -> tuple[dt.date, dt.date]:
    """``start``..``end`` inside the data's range: from the first month of any accepted
    report to the current month (still open, so marked incomplete where shown; or the
    newest report month, if later).  A range wholly outside becomes the range's nearest
    month, so no page or export ever works on more months than the data can hold
    (2000-2100 once exported 57.6 MB)."""
    bounds = month_bounds(engine)
    now = month_start(today_wib())
    first, last = (bounds[0], max(bounds[1], now)) if bounds else (now, now)
    clamped_start = min(max(start, first), last)
    return clamped_start, max(min(end, last), clamped_start)


PAGE_MONTHS_MAX = 120


def page_period(filters: FilterState, engine: Engine, settings: Settings) -> Period:
    """The period every page shows for ``filters``: the URL's months, else the default
    ending at :func:`default_period_end`; never past the current month and never longer
    than :data:`PAGE_MONTHS_MAX` months (a 2000-2100 URL is cut, not computed).  Unlike an
    export, a page keeps months before the first report: its comparison with the period
    before needs the length the user chose."""
    chosen = filters.period(default_period_end(engine, settings))
    end = min(chosen.end, month_start(today_wib()))
    start = min(max(chosen.start, add_months(end, 1 - PAGE_MONTHS_MAX)), end)
    return Period(start, end)


def is_open_month(month: dt.date, settings: Settings, today: dt.date | None = None) -> bool:
    """Whether ``month``'s reports are not due yet, so its figures are still incomplete."""
    return not is_due(month, settings.report_due_day, today)


# -- facts -----------------------------------------------------------------------------------


def _fact_scope(scope: Scope, filters: FilterState, period: Period) -> list[ColumnElement[bool]]:
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


def _victim_filters(filters: FilterState) -> list[ColumnElement[bool]]:
    return victim_breakdown(filters.exploitation, filters.sex, filters.age_group)


def metric_conditions(key: str, filters: FilterState) -> list[ColumnElement[bool]]:
    """The fact conditions of registry metric ``key``, with the victim breakdowns where
    the metric has them."""
    entry = METRICS[key]
    conditions = entry.conditions()
    if entry.breakdowns:
        conditions.extend(_victim_filters(filters))
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
    (:mod:`dashboard.monthly_cube`), so a new period costs no scan of its facts.  A new
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
        .where(*metric_conditions(metric, filters), *_fact_scope(scope, filters, period), *extra)
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
            _report_clause(visible),
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
        .where(*metric_conditions(metric, filters), *_fact_scope(scope, filters, period))
        .group_by(Fact.period)
    )
    with engine.connect() as connection:
        found = {month: int(value) for month, value in connection.execute(query)}
    reported = reported_months(engine, filters, scope, period)
    return {
        month: found.get(month, 0) if month in reported else None for month in months_of(period)
    }


def months_of(period: Period) -> list[dt.date]:
    """Every month of ``period``."""
    return [add_months(period.start, index) for index in range(period.months)]


# -- task forces -----------------------------------------------------------------------------


def _request_memo(key: tuple, compute):
    """``compute()``, remembered for the rest of the current request (if any)."""
    if not has_request_context():
        return compute()
    memo = g.setdefault("pantau_query_memo", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def data_stamp(engine: Engine) -> int:
    """The newest report id: changes with every ingested file, since reports are only ever
    inserted, never deleted (a correction inserts a new report and supersedes the old one
    in the same transaction; dismissing a held file changes no figure).  Read once per
    request from the primary key's index: counting the rows cost 5 ms a request on ten
    years of reports, and grew with them."""

    def compute() -> int:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.max(Report.id))) or 0)

    return _request_memo(("data_stamp", str(engine.url)), compute)


_DATA_MEMO: OrderedDict[tuple, object] = OrderedDict()
_DATA_MEMO_LOCK = threading.Lock()
_DATA_MEMO_STAMPS: dict[str, int] = {}
DATA_MEMO_SIZE = 1024
"""Entries kept; the one used longest ago goes first (old data stamps age out so)."""


def clear_shared_memo() -> None:
    """Forget what :func:`shared_memo` shares between requests (benchmarks measure both)."""
    with _DATA_MEMO_LOCK:
        _DATA_MEMO.clear()
        _DATA_MEMO_STAMPS.clear()


def shared_memo(key: tuple, engine: Engine, compute):
    """``compute()``, shared by all requests of this process until the data changes
    (:func:`data_stamp`): what depends only on reports and the period (task-force status,
    silence, punctuality, reported months) is not recomputed on every filter change."""
    if not has_request_context():
        return compute()
    stamped = (str(engine.url), data_stamp(engine), *key)
    with _DATA_MEMO_LOCK:
        if stamped in _DATA_MEMO:
            _DATA_MEMO.move_to_end(stamped)
            return _DATA_MEMO[stamped]
    value = _request_memo(stamped, compute)
    with _DATA_MEMO_LOCK:
        if _DATA_MEMO_STAMPS.get(stamped[0], stamped[1]) != stamped[1]:
            _forget_older_stamps(stamped[0], stamped[1])
        _DATA_MEMO_STAMPS[stamped[0]] = max(stamped[1], _DATA_MEMO_STAMPS.get(stamped[0], 0))
        _DATA_MEMO[stamped] = value
        while len(_DATA_MEMO) > DATA_MEMO_SIZE:
            _DATA_MEMO.popitem(last=False)
    return value


def _forget_older_stamps(url: str, stamp: int) -> None:
    """Drop what was shared for ``url`` before its data became ``stamp`` (new reports):
    a request never asks for it again, and monthly cubes are ~0.5 MB each."""
    for key in [key for key in _DATA_MEMO if key[0] == url and key[1] < stamp]:
        del _DATA_MEMO[key]


def task_force_registry(
    engine: Engine,
    settings: Settings,
    scope: Scope,
    province: str | None,
    as_of: dt.date,
    basis: Basis = LIVE,
) -> tuple[taskforces.TaskForceRow, ...]:
    """:func:`pantau.taskforces.registry` of ``scope`` (and ``province``) at ``as_of``,
    shared by all requests until the data changes or the day does (decree expiry counts
    from today): opening /gugus-tugas asked for it four times, 57 ms each for 552 regions.
    A tuple: the rows are shared, never changed."""
    day = basis.day or today_wib()
    key = ("task_force_registry", scope, province, as_of, basis, day)
    return shared_memo(
        key,
        engine,
        lambda: tuple(
            taskforces.registry(
                engine, settings, scope=scope, province=province, as_of=as_of, basis=basis
            )
        ),
    )


def month_compliance(
    engine: Engine, settings: Settings, scope: Scope, month: dt.date
) -> tuple[ComplianceRow, ...]:
    """:func:`pantau.compliance.compliance` of ``month`` for ``scope``, shared by all
    requests until the data changes or the day does (``not_due`` turns ``missing`` on the
    due date): /kepatuhan computed it on every filter change, 14 ms for 552 regions."""
    day = today_wib()
    return shared_memo(
        ("month_compliance", scope, month, day),
        engine,
        lambda: tuple(compliance(engine, [month], settings=settings, scope=scope, today=day)),
    )


def task_force_status(
    engine: Engine,
    as_of: dt.date,
    scope: Scope,
    filters: FilterState | None = None,
    basis: Basis = LIVE,
) -> Mapping[str, DeclaredTaskForce]:
    """The latest current task-force row of each region in scope, up to ``as_of``'s month
    (current live, or as release ``basis`` knew it)."""
    visible = narrowed(scope, filters) if filters is not None else scope
    return shared_memo(
        ("task_force_status", as_of, visible, basis),
        engine,
        lambda: MappingProxyType(taskforces.latest_declared(engine, as_of, visible, basis)),
    )


def silent(engine: Engine, as_of: dt.date, scope: Scope, basis: Basis = LIVE) -> Mapping[str, int]:
    """Months without an accepted report per region (:func:`pantau.compliance.silent_months`),
    computed once per data version."""
    return shared_memo(
        ("silent", as_of, scope, basis),
        engine,
        lambda: MappingProxyType(silent_months(engine, as_of, scope, basis=basis)),
    )


def status_of(row: DeclaredTaskForce | None, silent: int) -> str:
    """:func:`pantau.taskforces.status` of a region's declared row and silence."""
    return taskforces.status(None if row is None else row.established, silent)


@dataclass(frozen=True)
class RegionStatus:
    """The task-force status of one region: category and months without report."""

    code: str
    status: str
    silent_months: int
    row: DeclaredTaskForce | None


def region_statuses(
    engine: Engine,
    as_of: dt.date,
    scope: Scope,
    filters: FilterState,
    level: str,
    basis: Basis = LIVE,
) -> dict[str, RegionStatus]:
    """Task-force status per region of ``level`` in scope (and the filter's province)."""
    rows = task_force_status(engine, as_of, scope, filters, basis)
    silence = silent(engine, as_of, narrowed(scope, filters), basis)
    province = filters.province if level == "regency" else None
    result = {}
    for region in regions_at(engine, narrowed(scope, filters), level, province):
        months = silence.get(region.code, 0)
        row = rows.get(region.code)
        result[region.code] = RegionStatus(region.code, status_of(row, months), months, row)
    return result


# -- compliance ------------------------------------------------------------------------------


def on_time_counts(
    engine: Engine, scope: Scope, filters: FilterState, period: Period, *, split: dt.date
) -> Mapping[tuple[str, bool], int]:
    """On-time report months by (region, month >= ``split``) over ``period`` in the
    selection (:func:`pantau.compliance.on_time_counts`, the one rule), once per data version."""
    visible = narrowed(scope, filters)
    return shared_memo(
        ("on_time", visible, period, split),
        engine,
        lambda: MappingProxyType(
            compliance_on_time(engine, visible, period.start, period.end, split=split)
        ),
    )


def due_months(period: Period, settings: Settings, today: dt.date | None = None) -> list[dt.date]:
    """The months of ``period`` whose report due day has passed."""
    today = today or today_wib()
    return [
        month for month in months_of(period) if today > due_date(month, settings.report_due_day)
    ]


def on_time_by_region(
    engine: Engine,
    scope: Scope,
    filters: FilterState,
    period: Period,
    settings: Settings,
    today: dt.date | None = None,
) -> dict[str, tuple[int, int]]:
    """(on time, due) report months per region over ``period``."""
    due = due_months(period, settings, today)
    if not due:
        return {}
    counted = Period(due[0], due[-1])
    found = on_time_counts(engine, scope, filters, counted, split=counted.start)
    visible = narrowed(scope, filters)
    result = {}
    for level in ("province", "regency"):
        for region in regions_at(engine, visible, level):
            result[region.code] = (found.get((region.code, True), 0), len(due))
    return result


# -- headline figures ------------------------------------------------------------------------


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
    filters: FilterState,
    scope: Scope,
    period: Period,
    settings: Settings,
    today: dt.date | None = None,
) -> dict[str, Headline]:
    """Victims (with overseas), police reports, convictions, task forces established and
    reports on time, each for ``period`` and the equally long period before."""
    before = period.previous()
    both = Period(before.start, period.end)
    victim_rows = and_(Fact.metric == "victims", *_victim_filters(filters))
    stages = and_(Fact.metric == "enforcement", Fact.item.in_(("police_reports", "convicted")))
    is_current = case((Fact.period >= period.start, 1), else_=0)
    overseas = case((Fact.country.is_not(None), 1), else_=0)
    query = (
        select(is_current, Fact.metric, Fact.item, overseas, func.sum(Fact.value))
        .where(
            Fact.metric.in_(("victims", "enforcement")),
            victim_rows | stages,
            *_fact_scope(scope, filters, both),
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
    figures = {
        "victims": Headline(
            "victims",
            sums[(1, "victims")],
            sums[(0, "victims")],
            {"overseas": sums[(1, "overseas")]},
            {"overseas": sums[(0, "overseas")]},
        ),
        "police_reports": Headline(
            "police_reports", sums[(1, "police_reports")], sums[(0, "police_reports")]
        ),
        "convictions": Headline("convictions", sums[(1, "convicted")], sums[(0, "convicted")]),
    }
    figures["task_forces"] = _task_force_headline(engine, filters, scope, period, before)
    figures["on_time"] = _on_time_headline(engine, filters, scope, both, period, settings, today)
    comparable = bool(reported_months(engine, filters, scope, before))
    return {key: replace(figure, comparable=comparable) for key, figure in figures.items()}


def _established(engine: Engine, scope: Scope, filters: FilterState, as_of: dt.date):
    rows = task_force_status(engine, as_of, scope, filters)
    counts = {"province": 0, "regency": 0}
    for code, row in rows.items():
        if row.established:
            counts["province" if "." not in code else "regency"] += 1
    return counts


def _task_force_headline(engine, filters, scope, period: Period, before: Period) -> Headline:
    now = _established(engine, scope, filters, period.end)
    then = _established(engine, scope, filters, before.end)
    visible = narrowed(scope, filters)
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


def _on_time_headline(engine, filters, scope, both: Period, period: Period, settings, today):
    visible = narrowed(scope, filters)
    regions_seen = len(regions_at(engine, visible, "province")) + len(
        regions_at(engine, visible, "regency")
    )
    due = due_months(both, settings, today)
    expected = {True: 0, False: 0}
    for month in due:
        expected[month >= period.start] += regions_seen
    on_time = {True: 0, False: 0}
    if due:
        counted = Period(due[0], due[-1])
        found = on_time_counts(engine, scope, filters, counted, split=period.start)
        for (_code, current), count in found.items():
            on_time[current] += count
    return Headline(
        "on_time",
        on_time[True],
        on_time[False],
        {"expected": expected[True]},
        {"expected": expected[False]},
    )


# -- attention -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttentionItem:
    """A region that needs attention and why (``jump``, ``missing`` or ``silent``)."""

    code: str
    name: str
    reason: str
    current: int = 0
    previous: int = 0
    months: int = 0


def victims_jumps(
    engine: Engine, filters: FilterState, scope: Scope, period: Period
) -> list[tuple[str, int, int]]:
    """(region, current, previous) where victims reached ``JUMP_MINIMUM`` and doubled.

    Regions are those of the map (``filters.level``): province totals nationally (a
    province with its regencies, as the map colours it), regencies and cities inside a
    province; never a mix of the two.
    """
    before = period.previous()
    is_current = case((Fact.period >= period.start, 1), else_=0)
    if filters.level == "province":
        key, extra = Fact.province_code, []
    else:
        key, extra = Fact.region_code, [Fact.region_code != Fact.province_code]
    query = (
        select(key, is_current, func.sum(Fact.value))
        .where(
            *metric_conditions("victims", filters),
            *_fact_scope(scope, filters, Period(before.start, period.end)),
            *extra,
        )
        .group_by(key, is_current)
    )
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with engine.connect() as connection:
        for code, current, value in connection.execute(query):
            sums[code][0 if current else 1] += int(value)
    return sorted(
        (
            (code, now, then)
            for code, (now, then) in sums.items()
            if now >= JUMP_MINIMUM and now >= 2 * then
        ),
        key=lambda row: (-(row[1] - row[2]), row[0]),
    )


def attention_list(
    engine: Engine, filters: FilterState, scope: Scope, period: Period, *, limit: int = 12
) -> list[AttentionItem]:
    """Regions whose victims jumped, whose task force is missing, or that went silent."""
    reference = regions(engine)
    items: list[AttentionItem] = []
    # a jump needs a previous period with reports: "from 0" against no data is no jump
    if reported_months(engine, filters, scope, period.previous()):
        for code, now, then in victims_jumps(engine, filters, scope, period):
            items.append(AttentionItem(code, reference[code].name, "jump", now, then))
    rows = task_force_status(engine, period.end, scope, filters)
    silence = silent(engine, period.end, narrowed(scope, filters))
    quiet = sorted(
        ((code, months) for code, months in silence.items() if months >= DEFAULT_SILENT_MONTHS),
        key=lambda pair: (-pair[1], pair[0]),
    )
    for code, months in quiet:
        items.append(AttentionItem(code, reference[code].name, "silent", months=months))
    missing = sorted(code for code, row in rows.items() if not row.established)
    silent_codes = {code for code, _ in quiet}
    for code in missing:
        if code not in silent_codes:
            items.append(AttentionItem(code, reference[code].name, "missing"))
    order = {"jump": 0, "silent": 1, "missing": 2}
    per_reason = max(1, limit // 3)
    chosen: list[AttentionItem] = []
    for reason in order:
        chosen.extend([item for item in items if item.reason == reason][:per_reason])
    rest = [item for item in items if item not in chosen]
    return (chosen + rest)[:limit]


# -- region profile --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    """One received report of a region."""

    id: int
    period: dt.date | None
    version: int
    status: str
    late: bool
    received_at: dt.datetime | None
    reasons: tuple[object, ...]  # stored problem records: :func:`stored_message` words them
    file_name: str = ""
    source: str = ""
    has_file: bool = False
    superseded_by_id: int | None = None


@dataclass(frozen=True)
class RegionProfile:
    """Everything the profile page shows about one region."""

    region: RegionRef
    province: RegionRef
    regency_count: int
    totals: dict[str, int]
    task_force: DeclaredTaskForce | None
    silent_months: int
    trend: dict[str, dict[dt.date, int]]
    history: list[ReportRow]


def _reasons(raw: str | None) -> tuple[object, ...]:
    if not raw:
        return ()
    try:
        parsed = json.loads(raw)
    except ValueError:
        return (raw,)
    return tuple(parsed) if isinstance(parsed, list) else (parsed,)


def region_profile(
    engine: Engine,
    code: str,
    scope: Scope,
    period: Period,
    breakdown: FilterState | None = None,
    *,
    history_limit: int = 36,
) -> RegionProfile:
    """The figures, task force, trend and report history of region ``code``.

    The victim breakdowns of ``breakdown`` (exploitation type, sex, age group) apply to
    the victim figures, as on every other page.

    Raises :class:`LookupError` for an unknown code and :class:`PermissionError` for a
    region outside ``scope``.
    """
    reference = regions(engine)
    region = reference.get(code)
    if region is None:
        raise LookupError(code)
    if not scope.allows(code):
        raise PermissionError(code)
    chosen = breakdown or FilterState()
    filters = FilterState(
        province=region.province_code,
        regency=code if region.level == "regency" else None,
        exploitation=chosen.exploitation,
        sex=chosen.sex,
        age_group=chosen.age_group,
    )
    totals = {
        entry.key: sum(
            metric_by_region(engine, filters, scope, "province", period, entry.key).values()
        )
        for entry in summed_metrics()
    }
    trend = {
        metric: monthly_series(engine, filters, scope, period, metric)
        for metric in ("victims", "activities", "police_reports")
    }
    own = Scope(role="kabupaten", region_code=code, suppress=scope.suppress)
    rows = task_force_status(engine, period.end, own)
    silence = silent(engine, period.end, own).get(code, 0)
    query = (
        select(Report)
        .where(
            Report.region_code == code,
            Report.origin == ORIGIN_REGIONAL,
            _report_clause(own),
        )
        .order_by(Report.period.desc(), Report.version.desc(), Report.id.desc())
        .limit(history_limit)
    )
    with engine.connect() as connection:
        history = [
            ReportRow(
                row.id,
                row.period,
                row.version,
                row.status,
                bool(row.late),
                row.received_at,
                _reasons(row.rejection_reasons),
                file_name=row.file_name,
                source=row.source,
                has_file=bool(row.archive_path),
                superseded_by_id=row.superseded_by_id,
            )
            for row in connection.execute(query)
        ]
    return RegionProfile(
        region=region,
        province=reference[region.province_code],
        regency_count=sum(
            1
            for other in reference.values()
            if other.level == "regency" and other.province_code == code
        ),
        totals=totals,
        task_force=rows.get(code),
        silent_months=silence,
        trend=trend,
        history=history,
    )


# -- meeting slides --------------------------------------------------------------------------


def victims_by_country(
    engine: Engine, filters: FilterState, scope: Scope, period: Period, lang: str = "id"
) -> list[tuple[str, str, int]]:
    """(ISO alpha-2, name, victims) of overseas victims by destination, largest first."""
    name = Country.name_en if lang == "en" else Country.name_id
    query = (
        select(Fact.country, name, func.sum(Fact.value))
        .join(Country, Country.alpha2 == Fact.country)
        .where(
            *metric_conditions("overseas_victims", filters), *_fact_scope(scope, filters, period)
        )
        .group_by(Fact.country, name)
    )
    with engine.connect() as connection:
        rows = [(code, label, int(value)) for code, label, value in connection.execute(query)]
    return sorted(rows, key=lambda row: (-row[2], row[0]))


def enforcement_stages(
    engine: Engine, filters: FilterState, scope: Scope, period: Period
) -> dict[str, int]:
    """The case funnel: the sum of each stage of :data:`pantau.metrics.FUNNEL`, in order."""
    query = (
        select(Fact.item, func.sum(Fact.value))
        .where(Fact.metric == "enforcement", *_fact_scope(scope, filters, period))
        .group_by(Fact.item)
    )
    with engine.connect() as connection:
        found = {item: int(value) for item, value in connection.execute(query)}
    return {key: found.get(METRICS[key].item, 0) for key in FUNNEL}
