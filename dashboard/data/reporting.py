"""Reporting compliance and data quality: reports on time (the one rule,
:func:`pantau.compliance.on_time_counts`), rejected reports with their reasons, and the
freshness of every source.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import Engine, func, select

from dashboard.data.memo import shared_memo
from dashboard.data.periods import due_months
from dashboard.data.reference import narrowed, regions_at
from dashboard.selection import Selection
from pantau.access import Scope
from pantau.compliance import ComplianceRow, compliance
from pantau.compliance import on_time_counts as compliance_on_time
from pantau.models import IngestionRun, Region, Report, SourceState
from pantau.reporting_calendar import (
    today_wib,
)
from pantau.settings import Settings


@dataclass(frozen=True)
class Reason:
    """One reason a report was rejected, where it was found and what to fix."""

    file: str | None
    sheet: str | None
    row: int | None
    column: str | None
    message_id: str
    message_en: str

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_id

    @property
    def location(self) -> str:
        """``file / sheet / row / column`` with the parts that are known."""
        parts = [self.file, self.sheet, _part(self.row), self.column]
        return " / ".join(str(part) for part in parts if part not in (None, ""))


@dataclass(frozen=True)
class RejectedReport:
    """A rejected report file with its reasons."""

    id: int
    received_at: dt.datetime
    source: str
    file_name: str
    region_code: str | None
    region_name: str | None
    period: dt.date | None
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class SourceFreshness:
    """One source: its last run and the newest report it brought."""

    source: str
    last_run_at: dt.datetime | None
    last_run_status: str | None
    last_received_at: dt.datetime | None
    latest_period: dt.date | None
    accepted_reports: int


def _part(row: int | None) -> str | None:
    return None if row is None else f"baris/row {row}"


def parse_reasons(raw: str | None) -> tuple[Reason, ...]:
    """The reasons stored in ``reports.rejection_reasons`` (a JSON list of records).

    Plain strings (older records) become a reason with the same text in both languages.
    """
    if not raw:
        return ()
    try:
        records = json.loads(raw)
    except ValueError:
        return (Reason(None, None, None, None, raw, raw),)
    reasons = []
    for record in records if isinstance(records, list) else [records]:
        if isinstance(record, dict):
            message_id = str(record.get("message_id") or record.get("message_en") or "")
            message_en = str(record.get("message_en") or message_id)
            row = record.get("row")
            reasons.append(
                Reason(
                    record.get("file"),
                    record.get("sheet"),
                    row if isinstance(row, int) else None,
                    None if record.get("column") is None else str(record.get("column")),
                    message_id,
                    message_en,
                )
            )
        else:
            reasons.append(Reason(None, None, None, None, str(record), str(record)))
    return tuple(reasons)


def _report_scope(scope: Scope):
    return scope.region_clause(Report.region_code, func.substr(Report.region_code, 1, 2))


def rejected_reports(
    engine: Engine, selection: Selection, scope: Scope, limit: int = 200
) -> tuple[RejectedReport, ...]:
    """Rejected reports received for the period (or with no readable period), newest first,
    shared by all requests until the data changes.

    Reports whose region could not be read are national: only a national scope sees them.
    """
    key = ("rejected_reports", selection.start, selection.end, selection.province,
           selection.regency, scope, limit)  # fmt: skip
    return shared_memo(key, engine, lambda: _rejected(engine, selection, scope, limit))


def _rejected(engine: Engine, selection: Selection, scope: Scope, limit: int):
    period_in = Report.period.between(selection.start, selection.end) | Report.period.is_(None)
    query = (
        select(
            Report.id,
            Report.received_at,
            Report.source,
            Report.file_name,
            Report.region_code,
            Region.name,
            Report.period,
            Report.rejection_reasons,
        )
        .outerjoin(Region, Region.code == Report.region_code)
        .where(Report.status == "rejected", period_in, _report_scope(scope))
        .order_by(Report.received_at.desc(), Report.id.desc())
        .limit(limit)
    )
    if selection.regency:
        query = query.where(Report.region_code == selection.regency)
    elif selection.province:
        query = query.where(func.substr(Report.region_code, 1, 2) == selection.province)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return tuple(RejectedReport(*row[:7], reasons=parse_reasons(row[7])) for row in rows)


def source_freshness(engine: Engine, scope: Scope) -> list[SourceFreshness]:
    """Every source that ran or brought reports: last run and newest accepted report.

    Runs are national (they have no region), so a regional scope sees only the reports
    of its own regions and no run.
    """
    runs = select(SourceState.name, IngestionRun.started_at, IngestionRun.status).join(
        IngestionRun, IngestionRun.id == SourceState.last_run_id
    )
    received = shared_memo(
        ("newest_reports", scope), engine, lambda: _newest_reports(engine, scope)
    )
    with engine.connect() as connection:
        last = (
            {row[0]: tuple(row[1:]) for row in connection.execute(runs).all()}
            if scope.is_national
            else {}
        )
    rows = []
    for source in sorted(set(received) | set(last)):
        run_at, run_status = last.get(source, (None, None))
        received_at, period, count = received.get(source, (None, None, 0))
        rows.append(SourceFreshness(source, run_at, run_status, received_at, period, int(count)))
    return rows


def _newest_reports(engine: Engine, scope: Scope) -> dict[str, tuple]:
    """Per source: the newest accepted report's receipt, its latest month and the count
    (a scan of every report: shared until the data changes)."""
    reports = (
        select(
            Report.source,
            func.max(Report.received_at),
            func.max(Report.period),
            func.count(),
        )
        .where(Report.status == "accepted", _report_scope(scope))
        .group_by(Report.source)
    )
    with engine.connect() as connection:
        return {row[0]: tuple(row[1:]) for row in connection.execute(reports).all()}


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


def on_time_counts(
    engine: Engine, scope: Scope, selection: Selection, *, split: dt.date
) -> Mapping[tuple[str, bool], int]:
    """On-time report months by (region, month >= ``split``) over the selection's months
    (:func:`pantau.compliance.on_time_counts`, the one rule), once per data version."""
    visible = narrowed(scope, selection)
    start, end = selection.start, selection.end
    return shared_memo(
        ("on_time", visible, start, end, split),
        engine,
        lambda: MappingProxyType(compliance_on_time(engine, visible, start, end, split=split)),
    )


def on_time_by_region(
    engine: Engine,
    scope: Scope,
    selection: Selection,
    settings: Settings,
    today: dt.date | None = None,
) -> dict[str, tuple[int, int]]:
    """(on time, due) report months per region over the selection's months."""
    due = due_months(selection.period, settings, today)
    if not due:
        return {}
    counted = selection.over(due[0], due[-1])
    found = on_time_counts(engine, scope, counted, split=counted.start)
    visible = narrowed(scope, selection)
    result = {}
    for level in ("province", "regency"):
        for region in regions_at(engine, visible, level):
            result[region.code] = (found.get((region.code, True), 0), len(due))
    return result
