"""``/export/gugus-tugas/<list>.csv|xlsx``: a task-force list as an internal export.

The lists name regions, not persons, and hold no counts to protect, but they are working
documents of the ministry: internal exports, built by the writers of
:mod:`dashboard.exports` (one way for every internal export): the XLSX says "TERBATAS —
untuk penggunaan internal" on its first row and on its ``info`` sheet, the CSV holds the
header and data rows only and says it in its file name
(``pantau-tppo_TERBATAS_gugus-tugas_<list>_<month>.csv``).  Cells are made inert; the
security layer audits every ``/export/`` request and refuses it to the meeting display
(:func:`dashboard.exports.require_analyst` refuses it again); the rows follow the user's
scope.
"""

from __future__ import annotations

from flask import Flask, Response, abort, request

from dashboard import exports, formatting
from dashboard import taskforce_lists as lists
from dashboard.data.context import app_engine, app_settings
from dashboard.data.periods import page_selection
from dashboard.filters import FilterState
from dashboard.scope import current_scope
from pantau.taskforces import KINDS
from pantau.texts import t


def list_table(kind: str, params: dict[str, str]) -> tuple[exports.ExportTable, str]:
    """The rows of list ``kind`` for the URL parameters, with the language."""
    settings = app_settings()
    engine = app_engine(settings)
    scope = current_scope()
    filters = FilterState.from_query(params, default_lang=settings.language, scope=scope)
    lang = filters.lang
    selection = page_selection(filters, engine, settings)
    months = lists.months_choice(params.get("months"))
    chosen = lists.lists_for(engine, settings, scope, selection, months)
    columns = ("code", *lists.COLUMNS[kind])
    rows = [lists.cells(row, kind, lang) for row in chosen.of(kind)]
    notes = (
        lists.heading(kind, len(rows), lang, months),
        t("gugus.list.hint", lang, month=formatting.month(chosen.as_of, lang)),
    )
    table = exports.ExportTable(f"gugus-tugas_{kind}_{chosen.as_of:%Y-%m}", columns, rows, notes)
    return table, lang


def register_taskforce_export_routes(server: Flask) -> None:
    """Add ``/export/gugus-tugas/<list>.<csv|xlsx>`` to the dashboard's Flask server."""

    @server.get("/export/gugus-tugas/<kind>.<extension>")
    def export_task_force_list(kind: str, extension: str) -> Response:
        if kind not in KINDS or extension not in exports.FORMATS:
            abort(404)
        exports.require_analyst(current_scope())
        table, lang = list_table(kind, request.args.to_dict())
        cells = exports.table_cells(table, lang, lists.column_title)
        if extension == "csv":
            body, mime = b"".join(exports.csv_chunks(cells)), "text/csv; charset=utf-8"
        else:
            restricted = exports.restricted_label(lang)
            body = b"".join(exports.xlsx_chunks(table.name, cells, restricted, table.notes))
            mime = exports.XLSX_MIME
        name = exports.internal_file_name(table.name, extension)
        return exports.attachment(body, mime, name)
