"""Exports of the analysis pages: CSV and XLSX tables, and the one-page PDF briefing.

Every request is recorded in the audit log by the security layer (:mod:`pantau.audit`).
Every export is scoped to the requesting user (:func:`dashboard.scope.current_scope`) and
small counts are always suppressed (an export leaves the system).  Text cells that a
spreadsheet could run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR)
get a leading ``'`` (OWASP CSV injection); numbers stay numbers.

Routes (:func:`register_export_routes`), all taking the page's URL parameters:
``/export/overseas.csv|xlsx`` (``source=kemenlu`` for the national table),
``/export/enforcement.csv|xlsx``, ``/export/compliance.csv|xlsx`` and
``/export/briefing.pdf``.

Bounded work: the period asked for is clamped to the data's range (the first month of
any accepted report to the last complete month, :func:`clamped`), so 2000-2100 exports
the months that exist; CSV and XLSX bodies are streamed in chunks, never built as one
string.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from flask import Flask, Response, abort, current_app, request, stream_with_context
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import Engine

from dashboard.analysis import compliance, overseas, protection
from dashboard.analysis.criteria import Criteria, from_query
from dashboard.analysis.national import is_synthetic
from dashboard.briefing import BriefingUnavailable, briefing_pdf
from dashboard.queries import app_engine, clamp_months, default_period_end
from dashboard.scope import current_scope
from pantau.access import Scope
from pantau.compliance import compliance as compliance_rows
from pantau.metrics import FUNNEL, METRICS, PERSON_COUNT_FIELDS, field_label
from pantau.privacy import suppressed_label
from pantau.settings import Settings, get_settings
from pantau.texts import label, t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TABLES = ("overseas", "enforcement", "compliance")
FORMATS = ("csv", "xlsx")
CATEGORY_COLUMNS = ("exploitation", "sex", "age_group", "state", "level")
COUNT_COLUMNS = PERSON_COUNT_FIELDS
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_ROWS = 500  # CSV rows per streamed chunk
CHUNK_BYTES = 64 * 1024  # XLSX bytes per streamed chunk


@dataclass(frozen=True)
class ExportTable:
    """Rows of one export with their column keys, and notes for the reader."""

    name: str
    columns: tuple[str, ...]
    rows: list[dict[str, object]]
    notes: tuple[str, ...] = field(default=())


def neutralise(value: object) -> object:
    """``value`` made inert in a spreadsheet: formula-like text gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell(column: str, value: object, threshold: int, lang: str) -> object:
    """The exported value of one cell: hidden counts as ``<5``, months as ``YYYY-MM``,
    category codes as labels, text neutralised, numbers unchanged."""
    if value is None:
        return suppressed_label(threshold) if column in COUNT_COLUMNS else ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return f"{value:%Y-%m}" if column == "period" else value.isoformat()
    if isinstance(value, int | float):
        return value
    text = str(value)
    if column in CATEGORY_COLUMNS:
        text = label(text, lang)
    return neutralise(text)


def header(column: str, lang: str) -> str:
    """The column title in ``lang``."""
    return field_label(column, lang)


def table_cells(table: ExportTable, threshold: int, lang: str) -> list[list[object]]:
    """Header row then one list of cells per row."""
    rows = [[header(column, lang) for column in table.columns]]
    rows.extend(
        [cell(column, row.get(column), threshold, lang) for column in table.columns]
        for row in table.rows
    )
    return rows


def csv_chunks(table: ExportTable, threshold: int, lang: str = "id") -> Iterator[bytes]:
    """The table as UTF-8 CSV with a byte-order mark (so spreadsheets read the accents),
    :data:`CHUNK_ROWS` rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield "\ufeff".encode()
    rows = [*table_cells(table, threshold, lang), *([neutralise(f"# {n}")] for n in table.notes)]
    for start in range(0, len(rows), CHUNK_ROWS):
        writer.writerows(rows[start : start + CHUNK_ROWS])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


def to_csv(table: ExportTable, threshold: int, lang: str = "id") -> bytes:
    """The whole CSV at once (for tests and small tables)."""
    return b"".join(csv_chunks(table, threshold, lang))


def xlsx_chunks(table: ExportTable, threshold: int, lang: str = "id") -> Iterator[bytes]:
    """The table as an XLSX workbook (the data sheet, and the notes on a second sheet),
    written row by row to a spooled temporary file and read back in chunks."""
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as output:
        _write_xlsx(table, threshold, lang, output)
        output.seek(0)
        while chunk := output.read(CHUNK_BYTES):
            yield chunk


def to_xlsx(table: ExportTable, threshold: int, lang: str = "id") -> bytes:
    """The whole workbook at once (for tests and small tables)."""
    return b"".join(xlsx_chunks(table, threshold, lang))


def _write_xlsx(table: ExportTable, threshold: int, lang: str, output) -> None:
    cells = table_cells(table, threshold, lang)
    widths = [8] * len(table.columns)
    for row in cells[:200]:
        for index, value in enumerate(row):
            widths[index] = min(max(widths[index], len(str(value or ""))), 60)
    workbook = Workbook(write_only=True)  # rows are written out as they come
    sheet = workbook.create_sheet(table.name[:31])
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    for number, row in enumerate(cells):
        written = []
        for value in row:
            written_cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                written_cell.data_type = "s"  # text such as "=1" stays text
            if number == 0:
                written_cell.font = bold
            written.append(written_cell)
        sheet.append(written)
    notes = workbook.create_sheet("info")
    for note in table.notes:
        notes.append([neutralise(note)])
    workbook.save(output)


def _notes(engine: Engine, criteria: Criteria, scope: Scope, threshold: int, lang: str):
    notes = [
        f"{t('col.period', lang)}: {criteria.start:%Y-%m} - {criteria.end:%Y-%m}",
        t("export.suppressed", lang, threshold=threshold, limit=suppressed_label(threshold)),
    ]
    if is_synthetic(engine, scope):
        notes.insert(0, t("briefing.synthetic", lang))
    return tuple(notes)


def overseas_table(
    engine: Engine,
    criteria: Criteria,
    scope: Scope,
    threshold: int,
    *,
    source: str = overseas.SOURCE_REGIONAL,
    lang: str = "id",
) -> ExportTable:
    """Overseas victims of the selection, protected (see :mod:`dashboard.analysis.protection`)."""
    if source == overseas.SOURCE_KEMENLU:
        rows = protection.protected_kemenlu_rows(engine, criteria, scope, threshold)
        columns = ("period", "country", "country_name_id", "country_name_en", "victims")
    else:
        rows = protection.protected_overseas_rows(engine, criteria, scope, threshold)
        columns = overseas.REGIONAL_EXPORT_COLUMNS
    notes = _notes(engine, criteria, scope, threshold, lang)
    return ExportTable(f"overseas_{source}", columns, rows, notes)


def enforcement_table(
    engine: Engine, criteria: Criteria, scope: Scope, threshold: int, *, lang: str = "id"
) -> ExportTable:
    """Enforcement stages and restitution per month and reporting region, protected."""
    rows = protection.protected_enforcement_rows(engine, criteria, scope, threshold)
    columns = (
        "period",
        "province_code",
        "region_code",
        "region",
        *(METRICS[key].item for key in FUNNEL),
        "restitution_requested_idr",
        "restitution_awarded_idr",
    )
    return ExportTable(
        "enforcement", columns, rows, _notes(engine, criteria, scope, threshold, lang)
    )


def compliance_table(
    engine: Engine,
    criteria: Criteria,
    scope: Scope,
    settings: Settings,
    *,
    lang: str = "id",
    today: dt.date | None = None,
) -> ExportTable:
    """Each region's reporting state per month, with the reasons of rejected reports."""
    states = compliance_rows(
        engine, (criteria.start, criteria.end), settings=settings, scope=scope, today=today
    )
    reasons = {
        report.id: " | ".join(
            f"{reason.location}: {reason.message(lang)}"
            if reason.location
            else reason.message(lang)
            for reason in report.reasons
        )
        for report in compliance.rejected_reports(engine, criteria, scope, limit=10_000)
    }
    rows = [
        {
            "period": row.period,
            "province_code": row.province_code,
            "region_code": row.region_code,
            "region": row.region_name,
            "level": row.level,
            "state": t(f"state.{row.state}", lang),
            "due_date": row.due_date,
            "received_at": row.received_at,
            "versions": row.versions,
            "rejected_files": row.rejected_files,
            "message": reasons.get(row.report_id, "") if row.state == "rejected" else "",
        }
        for row in states
        if _in_region(row.region_code, criteria)
    ]
    columns = tuple(rows[0]) if rows else ("period", "region_code", "region", "state")
    notes = (f"{t('col.period', lang)}: {criteria.start:%Y-%m} - {criteria.end:%Y-%m}",)
    return ExportTable("compliance", columns, rows, notes)


def _in_region(code: str, criteria: Criteria) -> bool:
    if criteria.regency:
        return code == criteria.regency
    return criteria.province is None or code[:2] == criteria.province


def file_name(name: str, criteria: Criteria, extension: str) -> str:
    """``pantau-tppo_<name>_<from>_<to>.<extension>``."""
    return f"pantau-tppo_{name}_{criteria.start:%Y-%m}_{criteria.end:%Y-%m}.{extension}"


def _lang(params: Mapping[str, str], settings: Settings) -> str:
    lang = params.get("lang")
    return lang if lang in ("id", "en") else settings.language


def _settings() -> Settings:
    return current_app.config.get("PANTAU_SETTINGS") or get_settings()


def clamped(criteria: Criteria, engine: Engine, settings: Settings) -> Criteria:
    """``criteria`` with its period inside the data's range (:func:`queries.clamp_months`)."""
    start, end = clamp_months(criteria.start, criteria.end, engine, settings)
    if (start, end) == (criteria.start, criteria.end):
        return criteria
    return replace(criteria, start=start, end=end)


def export_criteria(
    engine: Engine, params: Mapping[str, str], settings: Settings, scope: Scope
) -> Criteria:
    """The criteria of an export's URL parameters in ``scope``, clamped to the data's range."""
    criteria = from_query(params, default_period_end(engine, settings), scope)
    return clamped(criteria, engine, settings)


def build_table(
    name: str, engine: Engine, params: Mapping[str, str], scope: Scope, settings: Settings
) -> tuple[ExportTable, Criteria, str]:
    """The export table ``name`` for URL parameters ``params``, with its criteria and lang."""
    criteria = export_criteria(engine, params, settings, scope)
    lang = _lang(params, settings)
    threshold = settings.suppression_threshold
    if name == "overseas":
        source = params.get("source")
        source = source if source in overseas.SOURCES else overseas.SOURCE_REGIONAL
        table = overseas_table(engine, criteria, scope, threshold, source=source, lang=lang)
    elif name == "enforcement":
        table = enforcement_table(engine, criteria, scope, threshold, lang=lang)
    elif name == "compliance":
        table = compliance_table(engine, criteria, scope, settings, lang=lang)
    else:
        raise ValueError(f"unknown export {name!r}")
    return table, criteria, lang


def export_href(path: str, params: Mapping[str, str | None]) -> str:
    """The URL of an export with the page's parameters (empty ones left out)."""
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{path}?{query}" if query else path


def register_export_routes(server: Flask) -> None:
    """Add the ``/export/...`` routes to the dashboard's Flask server."""

    @server.get("/export/<name>.<extension>")
    def export_table(name: str, extension: str) -> Response:
        if name == "briefing" and extension == "pdf":
            return _briefing_response()
        if name not in TABLES or extension not in FORMATS:
            abort(404)
        settings = _settings()
        engine = app_engine(settings)
        params = request.args.to_dict()
        table, criteria, lang = build_table(name, engine, params, current_scope(), settings)
        threshold = settings.suppression_threshold
        if extension == "csv":
            body, mime = csv_chunks(table, threshold, lang), "text/csv; charset=utf-8"
        else:
            body, mime = xlsx_chunks(table, threshold, lang), XLSX_MIME
        return _attachment(
            stream_with_context(body), mime, file_name(table.name, criteria, extension)
        )


def _briefing_response() -> Response:
    """The PDF briefing of the page's selection, from a data release only (``?rilis=N``)."""
    settings = _settings()
    engine = app_engine(settings)
    params = request.args.to_dict()
    criteria = export_criteria(engine, params, settings, current_scope())
    lang = _lang(params, settings)
    try:
        body = briefing_pdf(engine, criteria, params.get("rilis"), lang)
    except BriefingUnavailable as missing:
        return Response(missing.message(lang), missing.status, mimetype="text/plain")
    return _attachment(body, "application/pdf", file_name("briefing", criteria, "pdf"))


def _attachment(body: bytes | Iterator[bytes], mime: str, name: str) -> Response:
    response = Response(body, mimetype=mime.split(";")[0])
    if "charset" in mime:
        response.headers["Content-Type"] = mime
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
