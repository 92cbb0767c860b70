"""``/export/gugus-tugas/<list>.csv|xlsx``: a task-force list as an internal export.

The lists name regions, not persons, and hold no counts to protect, but they are working
documents of the ministry: each file says "TERBATAS — untuk penggunaan internal" on its
first line (CSV) or first row (XLSX).  Cells are made inert and files built by the public
functions of :mod:`dashboard.exports`; the security layer audits every ``/export/`` request
and refuses it to the meeting display; the rows follow the user's scope.
"""

from __future__ import annotations

import csv
import io

from flask import Flask, Response, abort, request
from openpyxl import Workbook
from openpyxl.styles import Font

from dashboard import exports
from dashboard import taskforce_lists as lists
from dashboard.filters import FilterState
from dashboard.queries import app_engine, app_settings, page_period
from dashboard.scope import current_scope
from pantau.taskforces import KINDS
from pantau.texts import t


def list_table(kind: str, params: dict[str, str]) -> tuple[exports.ExportTable, str, str]:
    """The rows of list ``kind`` for the URL parameters, with the language and label."""
    settings = app_settings()
    engine = app_engine(settings)
    scope = current_scope()
    filters = FilterState.from_query(params, default_lang=settings.language, scope=scope)
    lang = filters.lang
    period = page_period(filters, engine, settings)
    months = lists.months_choice(params.get("months"))
    chosen = lists.lists_for(engine, settings, scope, filters, period.end, months)
    columns = ("code", *lists.COLUMNS[kind])
    rows = [lists.cells(row, kind, lang) for row in chosen.of(kind)]
    notes = (
        lists.heading(kind, len(rows), lang, months),
        t("gugus.list.hint", lang, month=f"{chosen.as_of:%Y-%m}"),
    )
    table = exports.ExportTable(f"gugus-tugas_{kind}_{chosen.as_of:%Y-%m}", columns, rows, notes)
    return table, lang, t("gugus.list.restricted", lang)


def _cells(table: exports.ExportTable, lang: str) -> list[list[object]]:
    header = [lists.column_title(column, lang) for column in table.columns]
    body = [
        [exports.cell(column, row.get(column), 0, lang) for column in table.columns]
        for row in table.rows
    ]
    return [header, *body]


def to_csv(table: exports.ExportTable, lang: str, restricted: str) -> bytes:
    """The label line, the table, then the notes (UTF-8 with BOM, as the other exports)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([restricted])
    writer.writerows(_cells(table, lang))
    for note in table.notes:
        writer.writerow([exports.neutralise(f"# {note}")])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: exports.ExportTable, lang: str, restricted: str) -> bytes:
    """The label row, the header row (bold, frozen) and the rows; the notes on "info"."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.name[:31]
    sheet.append([restricted])
    sheet["A1"].font = Font(bold=True, color="B00020")
    for row in _cells(table, lang):
        sheet.append(row)
    for header_cell in sheet[2]:
        header_cell.font = Font(bold=True)
    sheet.freeze_panes = "A3"
    for column_cells in sheet.iter_cols(min_row=2):
        width = max(len(str(c.value or "")) for c in column_cells[:200])
        sheet.column_dimensions[column_cells[0].column_letter].width = min(max(width, 8), 60)
    notes = workbook.create_sheet("info")
    for note in (restricted, *table.notes):
        notes.append([exports.neutralise(note)])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _attachment(body: bytes, mime: str, name: str) -> Response:
    """A download that is never cached (the headers of the other exports)."""
    response = Response(body, mimetype=mime.split(";")[0])
    response.headers["Content-Type"] = mime
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def register_taskforce_export_routes(server: Flask) -> None:
    """Add ``/export/gugus-tugas/<list>.<csv|xlsx>`` to the dashboard's Flask server."""

    @server.get("/export/gugus-tugas/<kind>.<extension>")
    def export_task_force_list(kind: str, extension: str) -> Response:
        if kind not in KINDS or extension not in exports.FORMATS:
            abort(404)
        table, lang, restricted = list_table(kind, request.args.to_dict())
        if extension == "csv":
            body, mime = to_csv(table, lang, restricted), "text/csv; charset=utf-8"
        else:
            body, mime = to_xlsx(table, lang, restricted), exports.XLSX_MIME
        return _attachment(body, mime, f"pantau-tppo_{table.name}.{extension}")
