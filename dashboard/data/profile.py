"""What the region profile (``/wilayah/<code>``) shows: figures, task force, trend, history."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace

from sqlalchemy import Engine, select

from dashboard.data.facts import metric_by_region, monthly_series
from dashboard.data.reference import RegionRef, regions, report_clause
from dashboard.data.task_forces import silent, task_force_status
from dashboard.selection import Selection
from pantau.access import Scope
from pantau.metrics import summed_metrics
from pantau.models import Report
from pantau.reports.model import ORIGIN_REGIONAL
from pantau.taskforces import DeclaredTaskForce


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
    selection: Selection,
    *,
    history_limit: int = 36,
) -> RegionProfile:
    """The figures, task force, trend and report history of region ``code`` over the
    selection's months.

    The selection's victim breakdowns (exploitation type, sex, age group, destination
    country) apply to the victim figures, as on every other page; its region is ``code``.

    Raises :class:`LookupError` for an unknown code and :class:`PermissionError` for a
    region outside ``scope``.
    """
    reference = regions(engine)
    region = reference.get(code)
    if region is None:
        raise LookupError(code)
    if not scope.allows(code):
        raise PermissionError(code)
    own_region = replace(
        selection,
        province=region.province_code,
        regency=code if region.level == "regency" else None,
    )
    totals = {
        entry.key: sum(metric_by_region(engine, own_region, scope, "province", entry.key).values())
        for entry in summed_metrics()
    }
    trend = {
        metric: monthly_series(engine, own_region, scope, metric)
        for metric in ("victims", "activities", "police_reports")
    }
    own = Scope(role="kabupaten", region_code=code, suppress=scope.suppress)
    rows = task_force_status(engine, selection.end, own)
    silence = silent(engine, selection.end, own).get(code, 0)
    query = (
        select(Report)
        .where(
            Report.region_code == code,
            Report.origin == ORIGIN_REGIONAL,
            report_clause(own),
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
