"""Where a figure comes from: the current reports behind it, and their archived files.

Every figure on screen is a sum of facts of *current* reports (accepted, not superseded).
:func:`source_reports` lists the reports of a region (a province with its regencies and
cities) and a period range, as analysts need to check a number against the files the task
forces sent; :func:`archived_file` hands out one report's archived file to a user whose
scope holds its region.  The scope check lives here, not in the route, so every surface
that offers a file (page, export, CLI) decides the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select

from pantau.access import Scope
from pantau.models import Fact, Report

SOURCE_LIMIT = 1000


@dataclass(frozen=True)
class SourceReport:
    """One report behind a figure: what an analyst needs to find the file it came in."""

    id: int
    region_code: str | None
    period: dt.date | None
    version: int
    status: str
    source: str
    file_name: str
    file_format: str | None
    received_at: dt.datetime | None
    superseded_by_id: int | None
    late: bool
    has_file: bool


@dataclass(frozen=True)
class ArchivedFile:
    """A report's archived bytes on disk and the name to download them under."""

    path: Path
    download_name: str
    report: SourceReport


def _row(report: Report) -> SourceReport:
    return SourceReport(
        id=report.id,
        region_code=report.region_code,
        period=report.period,
        version=report.version,
        status=report.status,
        source=report.source,
        file_name=report.file_name,
        file_format=report.file_format,
        received_at=report.received_at,
        superseded_by_id=report.superseded_by_id,
        late=bool(report.late),
        has_file=bool(report.archive_path),
    )


def source_reports(
    engine: Engine,
    scope: Scope,
    *,
    region_code: str | None,
    start: dt.date,
    end: dt.date,
    limit: int = SOURCE_LIMIT,
) -> list[SourceReport]:
    """The current reports of ``region_code`` (None: every report in scope, national
    reports such as Kemenlu's included for national roles; a province code: the province's
    own report and its regencies' and cities') for the months ``start``..``end``, newest
    month first, at most ``limit``.

    Raises :class:`PermissionError` for a region outside ``scope``.
    """
    if region_code is not None and not scope.allows(region_code):
        raise PermissionError(region_code)
    province = func.substr(Report.region_code, 1, 2)
    conditions = [
        Report.status == "accepted",
        Report.period >= start,
        Report.period <= end,
        scope.region_clause(Report.region_code, province),
    ]
    if region_code is not None:
        if len(region_code) == 2:
            conditions.append(province == region_code)
        else:
            conditions.append(Report.region_code == region_code)
    query = (
        select(Report)
        .where(*conditions)
        .order_by(Report.period.desc(), Report.region_code, Report.id)
        .limit(limit)
    )
    with engine.connect() as connection:
        return [_row(report) for report in connection.execute(query)]


def contributions(engine: Engine, report_ids: list[int], conditions: list) -> dict[int, int]:
    """What each of ``report_ids`` adds to a figure: the sum of its facts meeting
    ``conditions`` (a metric's own, :meth:`pantau.metrics.Metric.conditions`, with any
    breakdown).  Reports that add nothing are absent."""
    if not report_ids:
        return {}
    query = (
        select(Fact.report_id, func.sum(Fact.value))
        .where(Fact.report_id.in_(report_ids), *conditions)
        .group_by(Fact.report_id)
    )
    with engine.connect() as connection:
        return {report: int(total) for report, total in connection.execute(query) if total}


def archived_file(engine: Engine, data_dir: Path, scope: Scope, report_id: int) -> ArchivedFile:
    """Report ``report_id``'s archived file, for a user of ``scope``.

    Raises :class:`LookupError` when the report or its file does not exist, and
    :class:`PermissionError` when its region is outside the scope (a national report, with no
    region, only for national roles).  Archive paths are taken only inside ``data_dir``.
    """
    with engine.connect() as connection:
        report = connection.execute(select(Report).where(Report.id == report_id)).first()
    if report is None:
        raise LookupError(report_id)
    if not scope.allows(report.region_code):
        raise PermissionError(report_id)
    if not report.archive_path:
        raise LookupError(report_id)
    root = data_dir.resolve()
    path = (root / report.archive_path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise LookupError(report_id)
    return ArchivedFile(path=path, download_name=Path(report.file_name).name, report=_row(report))
