"""Region reference data (names, levels, populations, read once per process and database),
the viewer's scope narrowed to a selection, and how current and synthetic the data is.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, and_, case, func, select

from dashboard.data.memo import shared_memo
from dashboard.selection import Selection
from pantau.access import Scope
from pantau.models import Region, Report


def is_synthetic(engine: Engine, scope: Scope) -> bool:
    """Whether any accepted report visible in ``scope`` holds synthetic data."""
    province = func.substr(Report.region_code, 1, 2)
    national_rows = Report.region_code.is_(None) if scope.is_national else None
    region_rows = scope.region_clause(Report.region_code, province)
    visible = region_rows if national_rows is None else (region_rows | national_rows)
    query = (
        select(Report.id)
        .where(Report.status == "accepted", Report.synthetic.is_(True), visible)
        .limit(1)
    )
    with engine.connect() as connection:
        return connection.scalar(query) is not None


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


_AT_CACHE: dict[tuple, tuple[RegionRef, ...]] = {}


def regions_at(
    engine: Engine, scope: Scope, level: str, province: str | None = None
) -> tuple[RegionRef, ...]:
    """The regions of ``level`` visible in ``scope`` (inside ``province`` if given), in code
    order; kept per scope like the reference itself (a page asked for them up to 800 times
    a minute under load, each a pass over 552 regions)."""
    key = (str(engine.url), scope, level, province)
    found = _AT_CACHE.get(key)
    if found is None:
        reference = regions(engine)
        found = tuple(
            region
            for region in reference.values()
            if region.level == level
            and scope.allows(region.code)
            and (province is None or region.province_code == province)
        )
        if reference:
            _AT_CACHE[key] = found
    return found


def narrowed(scope: Scope, selection: Selection) -> Scope:
    """``scope`` limited further to the selection's region (never widened)."""
    region = selection.region
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


@dataclass(frozen=True)
class DataStatus:
    """How current the visible data is, and whether it is synthetic."""

    latest_received: dt.datetime | None
    latest_period: dt.date | None
    synthetic: bool


def report_clause(scope: Scope) -> ColumnElement[bool]:
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
    ).where(Report.status == "accepted", report_clause(scope))
    with engine.connect() as connection:
        received, period, synthetic = connection.execute(query).one()
    if isinstance(received, dt.datetime) and received.tzinfo is None:
        received = received.replace(tzinfo=dt.UTC)
    return DataStatus(received, period, bool(synthetic))
