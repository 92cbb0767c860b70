"""Law enforcement: the case funnel, conversion by region, restitution and stalled regions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import aliased

from dashboard.data.memo import shared_memo
from dashboard.data.reference import regions
from dashboard.selection import Selection, metric_total, total_value
from pantau.access import Scope
from pantau.metrics import FUNNEL, METRICS
from pantau.models import Fact, Region
from pantau.reports.model import ENFORCEMENT_STAGES

# A region stalls when it has at least this many police reports in the period ...
STALL_MIN_REPORTS = 5
# ... and fewer than this share of them reached prosecution.
STALL_MAX_RATE = 0.25


@dataclass(frozen=True)
class RegionConversion:
    """Police reports and prosecutions of one region, with the prosecution rate."""

    code: str
    name: str
    police_reports: int
    prosecutions: int

    @property
    def rate(self) -> float | None:
        """Prosecutions per police report; None without police reports."""
        return self.prosecutions / self.police_reports if self.police_reports else None


@dataclass(frozen=True)
class Restitution:
    """Restitution requested and awarded (IDR) in one month, or over the period."""

    period: dt.date | None
    requested: int
    awarded: int


def funnel(engine: Engine, selection: Selection, scope: Scope) -> dict[str, int]:
    """Each stage of the case funnel (:data:`pantau.metrics.FUNNEL`) summed over the
    selection, in order."""
    query = (
        select(Fact.item, total_value())
        .where(Fact.metric == "enforcement", *selection.region_conditions(scope))
        .group_by(Fact.item)
    )
    with engine.connect() as connection:
        found = {row[0]: int(row[1]) for row in connection.execute(query).all()}
    return {key: found.get(METRICS[key].item, 0) for key in FUNNEL}


def conversion(
    engine: Engine, selection: Selection, scope: Scope, level: str = "province"
) -> list[RegionConversion]:
    """Police reports and prosecutions per province or per regency/city reporting them.

    At ``province`` level each province's figure includes its regencies' reports and the
    province task force's own; at ``regency`` level every reporting region stands alone.
    Ordered by police reports, largest first.  Both levels add up the same region rows
    (:func:`_conversion_by_region`), read once for the page's map and its table.
    """
    if level not in ("province", "regency"):
        raise ValueError(f"unknown level {level!r}")
    by_region = shared_memo(
        ("enforcement_conversion", selection.start, selection.end, selection.province,
         selection.regency, scope),
        engine,
        lambda: _conversion_by_region(engine, selection, scope),
    )  # fmt: skip
    known = regions(engine)
    figures: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (code, item), value in by_region.items():
        owner = code if level == "regency" else known[code].province_code
        figures[owner][item] += value
    rows = [
        RegionConversion(code, known[code].name, items["police_reports"], items["prosecutions"])
        for code, items in figures.items()
        if code in known
    ]
    return sorted(rows, key=lambda row: (-row.police_reports, row.code))


def _conversion_by_region(
    engine: Engine, selection: Selection, scope: Scope
) -> dict[tuple[str, str], int]:
    """Police reports and prosecutions of the selection by (region code, item), for the
    regions of the reference table."""
    query = (
        select(Fact.region_code, Fact.item, total_value())
        .where(
            Fact.metric == "enforcement",
            Fact.item.in_(("police_reports", "prosecutions")),
            *selection.region_conditions(scope),
        )
        .group_by(Fact.region_code, Fact.item)
    )
    known = regions(engine)
    with engine.connect() as connection:
        return {
            (code, item): int(value)
            for code, item, value in connection.execute(query).all()
            if code in known
        }


def stalled(
    rows: list[RegionConversion],
    min_reports: int = STALL_MIN_REPORTS,
    max_rate: float = STALL_MAX_RATE,
) -> list[RegionConversion]:
    """Regions with at least ``min_reports`` police reports and a prosecution rate below
    ``max_rate``, lowest rate first, then most police reports."""
    found = [
        row
        for row in rows
        if row.police_reports >= min_reports and row.prosecutions < max_rate * row.police_reports
    ]
    return sorted(found, key=lambda row: (row.rate or 0.0, -row.police_reports, row.code))


def restitution_total(engine: Engine, selection: Selection, scope: Scope) -> Restitution:
    """Restitution requested and awarded over the whole selection."""
    where = selection.region_conditions(scope)
    with engine.connect() as connection:
        requested = metric_total(connection, "restitution_requested_idr", where)
        awarded = metric_total(connection, "restitution_awarded_idr", where)
    return Restitution(None, requested, awarded)


def restitution_by_month(engine: Engine, selection: Selection, scope: Scope) -> list[Restitution]:
    """Restitution requested and awarded per month with any, in month order."""
    query = (
        select(Fact.period, Fact.metric, total_value())
        .where(
            Fact.metric.in_(("restitution_requested_idr", "restitution_awarded_idr")),
            *selection.region_conditions(scope),
        )
        .group_by(Fact.period, Fact.metric)
    )
    months: dict[dt.date, dict[str, int]] = defaultdict(dict)
    with engine.connect() as connection:
        for period, metric, value in connection.execute(query).all():
            months[period][metric] = int(value)
    return [
        Restitution(
            period,
            values.get("restitution_requested_idr", 0),
            values.get("restitution_awarded_idr", 0),
        )
        for period, values in sorted(months.items())
    ]


def export_rows(engine: Engine, selection: Selection, scope: Scope) -> list[dict[str, object]]:
    """One row per month and reporting region: every stage and the restitution figures."""
    region = aliased(Region)
    metrics = ("enforcement", "restitution_requested_idr", "restitution_awarded_idr")
    query = (
        select(
            Fact.period,
            Fact.province_code,
            Fact.region_code,
            region.name,
            Fact.metric,
            Fact.item,
            total_value(),
        )
        .join(region, region.code == Fact.region_code)
        .where(Fact.metric.in_(metrics), *selection.region_conditions(scope))
        .group_by(
            Fact.period, Fact.province_code, Fact.region_code, region.name, Fact.metric, Fact.item
        )
    )
    table: dict[tuple, dict[str, object]] = {}
    with engine.connect() as connection:
        for period, province, code, name, metric, item, value in connection.execute(query).all():
            key = (period, code)
            row = table.setdefault(
                key,
                {
                    "period": period,
                    "province_code": province,
                    "region_code": code,
                    "region": name,
                    **{stage: 0 for stage in ENFORCEMENT_STAGES},
                    "restitution_requested_idr": 0,
                    "restitution_awarded_idr": 0,
                },
            )
            row[item if metric == "enforcement" else metric] = int(value)
    return [table[key] for key in sorted(table)]
