"""Exports: internal CSV and XLSX tables of the analysis pages, the publication export of a
data release (ZIP), and the one-page PDF briefing.

**Internal exports** (``/export/overseas|enforcement|compliance.csv|xlsx``, and the
task-force lists of :mod:`dashboard.taskforce_exports`, which use the writers here) are for
analysts only (:data:`pantau.access.ANALYST_ROLES`: admin, nasional, provinsi, kabupaten).
They hold the exact figures within the user's scope (:func:`dashboard.scope.current_scope`),
counts 1-4 included, so an analyst can rebuild every figure of the screen; the ``rapat``
role (an audience) gets none: the security layer refuses it every ``/export`` request and
:func:`require_analyst` refuses it again here.  Each file says "TERBATAS — untuk
penggunaan internal" (text ``export.restricted``), and the security layer records every
``/export`` request in the audit log (:mod:`pantau.audit`).

Where the context goes, so that neither a spreadsheet nor ``csv.reader`` meets a row that
is not data:

* **XLSX**: row 1 of the data sheet is the TERBATAS label, row 2 the header (frozen), then
  the rows; counts are numbers.  The sheet ``info`` repeats the label with the context:
  synthetic data, period, the user's scope, the source (live data, exported when).
* **CSV**: the header row and the data rows only, nothing else (no "#" lines, no label
  line: tools that read a CSV take every line for a record).  The context travels in the
  file name that ``Content-Disposition`` gives, the one piece of metadata a CSV keeps when
  it is saved or mailed: ``pantau-tppo_TERBATAS_<table>_<from>_<to>[_DATA-SINTETIS].csv``
  (:func:`internal_file_name`); the XLSX of the same selection carries the rest.  A second
  "context" file was rejected: it gets separated from the data.

**Publication exports** (``/export/rilis/<N>.zip``, ``/export/rilis/terbaru.zip``) are the
files of :func:`pantau.releases.publish.export_release` (a CSV per table, one XLSX,
``datapackage.json``), zipped once per release into ``<data dir>/rilis/`` and served from
there (:func:`release_zip`).  A release is protected for any
audience, so every analyst role may take one, provinsi and kabupaten users included (all
its tables are national tables, already public-safe); ``rapat`` may not (it reaches meeting
mode only).  They are audited as every export; an unknown release is a 404 that says so.

Text cells that a spreadsheet could run as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or CR) get a leading ``'`` (OWASP CSV injection); numbers stay numbers.

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
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, Response, abort, current_app, request, stream_with_context
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import Engine, select

from dashboard.briefing import BriefingUnavailable, briefing_pdf, briefing_release
from dashboard.data import enforcement, overseas, reporting
from dashboard.data.briefing import briefing_period
from dashboard.data.context import app_engine
from dashboard.data.periods import clamp_months, default_period_end
from dashboard.data.reference import is_synthetic
from dashboard.formatting import month_range, timestamp
from dashboard.scope import current_scope
from dashboard.selection import Selection, from_query
from pantau.access import ANALYST_ROLES, Scope
from pantau.compliance import compliance as compliance_rows
from pantau.metrics import FUNNEL, METRICS, field_label
from pantau.models import Region
from pantau.releases.publish import export_release
from pantau.releases.store import ReleaseError, ReleaseInfo, get_release
from pantau.reporting_calendar import now_wib
from pantau.settings import Settings, get_settings
from pantau.texts import label, t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TABLES = ("overseas", "enforcement", "compliance")
FORMATS = ("csv", "xlsx")
CATEGORY_COLUMNS = ("exploitation", "sex", "age_group", "state", "level")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MIME = "application/zip"
CHUNK_ROWS = 500  # CSV rows per streamed chunk
CHUNK_BYTES = 64 * 1024  # XLSX and ZIP bytes per streamed chunk
#: The classification mark in every internal file name (a code, like "SECRET": not translated).
RESTRICTED_TAG = "TERBATAS"
RELEASE_ZIPS_KEPT = 3  # publication ZIPs kept in the data dir (see release_zip)
SYNTHETIC_TAG = "DATA-SINTETIS"
LATEST_RELEASE = "terbaru"
RED = "B00020"


@dataclass(frozen=True)
class ExportTable:
    """Rows of one export with their column keys, notes for the reader and whether the
    data are synthetic (named in the file name as well)."""

    name: str
    columns: tuple[str, ...]
    rows: list[dict[str, object]]
    notes: tuple[str, ...] = field(default=())
    synthetic: bool = False


def neutralise(value: object) -> object:
    """``value`` made inert in a spreadsheet: formula-like text gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell(column: str, value: object, lang: str) -> object:
    """The exported value of one cell: months as ``YYYY-MM``, category codes as labels,
    text neutralised, numbers unchanged (exact: internal exports hide nothing)."""
    if value is None:
        return ""
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


def table_cells(
    table: ExportTable, lang: str, title: Callable[[str, str], str] = header
) -> list[list[object]]:
    """Header row (``title(column, lang)``) then one list of cells per row."""
    rows = [[title(column, lang) for column in table.columns]]
    rows.extend(
        [cell(column, row.get(column), lang) for column in table.columns] for row in table.rows
    )
    return rows


def restricted_label(lang: str) -> str:
    """ "TERBATAS — untuk penggunaan internal" in ``lang``: the mark of every internal export."""
    return t("export.restricted", lang)


def require_analyst(scope: Scope) -> None:
    """Refuse (403) a scope that is no analyst's: exports are never for an audience."""
    if scope.role not in ANALYST_ROLES:
        abort(403)


def csv_chunks(cells: Sequence[Sequence[object]]) -> Iterator[bytes]:
    """``cells`` (header row, then data rows; nothing else) as UTF-8 CSV with a byte-order
    mark (so spreadsheets read the accents), :data:`CHUNK_ROWS` rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield "\ufeff".encode()
    for start in range(0, len(cells), CHUNK_ROWS):
        writer.writerows(cells[start : start + CHUNK_ROWS])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


def to_csv(table: ExportTable, lang: str = "id") -> bytes:
    """The whole CSV of ``table`` at once (for tests and small tables)."""
    return b"".join(csv_chunks(table_cells(table, lang)))


def xlsx_chunks(
    sheet: str, cells: Sequence[Sequence[object]], restricted: str, notes: Iterable[str] = ()
) -> Iterator[bytes]:
    """An XLSX workbook: on sheet ``sheet`` the label ``restricted`` (row 1), the header
    (row 2, frozen) and the rows; on sheet ``info`` the label and ``notes``.  Written row by
    row to a spooled temporary file and read back in chunks."""
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as output:
        _write_xlsx(sheet, cells, restricted, tuple(notes), output)
        output.seek(0)
        while chunk := output.read(CHUNK_BYTES):
            yield chunk


def to_xlsx(table: ExportTable, lang: str = "id") -> bytes:
    """The whole workbook of ``table`` at once (for tests and small tables)."""
    return b"".join(
        xlsx_chunks(table.name, table_cells(table, lang), restricted_label(lang), table.notes)
    )


def _write_xlsx(
    name: str, cells: Sequence[Sequence[object]], restricted: str, notes: tuple[str, ...], output
) -> None:
    widths = [8] * (len(cells[0]) if cells else 1)
    for row in cells[:200]:
        for index, value in enumerate(row):
            widths[index] = min(max(widths[index], len(str(value or ""))), 60)
    workbook = Workbook(write_only=True)  # rows are written out as they come
    sheet = workbook.create_sheet(name[:31])
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A3"
    mark = WriteOnlyCell(sheet, value=restricted)
    mark.font = Font(bold=True, color=RED)
    sheet.append([mark])
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
    info = workbook.create_sheet("info")
    for note in (restricted, *notes):
        info.append([neutralise(note)])
    workbook.save(output)


def _scope_name(engine: Engine, scope: Scope) -> str:
    if scope.is_national or scope.region_code is None:
        return "Indonesia"
    with engine.connect() as connection:
        name = connection.scalar(select(Region.name).where(Region.code == scope.region_code))
    return name or scope.region_code


def _notes(engine: Engine, selection: Selection, scope: Scope, lang: str) -> tuple[str, ...]:
    """The context of an internal export: synthetic label, period, scope and source."""
    notes = [
        f"{t('col.period', lang)}: {month_range(selection.start, selection.end, lang)}",
        t("export.context.scope", lang, scope=_scope_name(engine, scope)),
        t("export.context.source", lang, when=timestamp(now_wib(), lang)),
    ]
    if is_synthetic(engine, scope):
        notes.insert(0, t("briefing.synthetic", lang))
    return tuple(notes)


def overseas_table(
    engine: Engine,
    selection: Selection,
    scope: Scope,
    *,
    source: str = overseas.SOURCE_REGIONAL,
    lang: str = "id",
) -> ExportTable:
    """Overseas victims of the selection within ``scope``, exact (an internal export)."""
    rows = overseas.export_rows(engine, selection, scope, source)
    if source == overseas.SOURCE_KEMENLU:
        columns: tuple[str, ...] = (
            "period",
            "country",
            "country_name_id",
            "country_name_en",
            "victims",
        )
    else:
        columns = overseas.REGIONAL_EXPORT_COLUMNS
    notes = _notes(engine, selection, scope, lang)
    synthetic = is_synthetic(engine, scope)
    return ExportTable(f"overseas_{source}", columns, rows, notes, synthetic)


def enforcement_table(
    engine: Engine, selection: Selection, scope: Scope, *, lang: str = "id"
) -> ExportTable:
    """Enforcement stages and restitution per month and reporting region, exact."""
    rows = enforcement.export_rows(engine, selection, scope)
    columns = (
        "period",
        "province_code",
        "region_code",
        "region",
        *(METRICS[key].item for key in FUNNEL),
        "restitution_requested_idr",
        "restitution_awarded_idr",
    )
    notes = _notes(engine, selection, scope, lang)
    return ExportTable("enforcement", columns, rows, notes, is_synthetic(engine, scope))


def compliance_table(
    engine: Engine,
    selection: Selection,
    scope: Scope,
    settings: Settings,
    *,
    lang: str = "id",
    today: dt.date | None = None,
) -> ExportTable:
    """Each region's reporting state per month, with the reasons of rejected reports."""
    states = compliance_rows(
        engine, (selection.start, selection.end), settings=settings, scope=scope, today=today
    )
    reasons = {
        report.id: " | ".join(
            f"{reason.location}: {reason.message(lang)}"
            if reason.location
            else reason.message(lang)
            for reason in report.reasons
        )
        for report in reporting.rejected_reports(engine, selection, scope, limit=10_000)
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
        if _in_region(row.region_code, selection)
    ]
    columns = tuple(rows[0]) if rows else ("period", "region_code", "region", "state")
    notes = _notes(engine, selection, scope, lang)
    return ExportTable("compliance", columns, rows, notes, is_synthetic(engine, scope))


def _in_region(code: str, selection: Selection) -> bool:
    if selection.regency:
        return code == selection.regency
    return selection.province is None or code[:2] == selection.province


def briefing_file_name(info: ReleaseInfo | None, selection: Selection) -> str:
    """``pantau-tppo_briefing_rilis-<N>_<from>_<to>[_DATA-SINTETIS].pdf``: the release and
    the months the PDF shows (the release period the selection falls in, not the
    selection itself); the selection's months while there is no release yet."""
    if info is None:
        return f"pantau-tppo_briefing_{selection.start:%Y-%m}_{selection.end:%Y-%m}.pdf"
    period, _ = briefing_period(info, selection)
    months = f"{period.covered_from or period.start:%Y-%m}_{period.end:%Y-%m}"
    suffix = f"_{SYNTHETIC_TAG}" if info.synthetic else ""
    return f"pantau-tppo_briefing_rilis-{info.number}_{months}{suffix}.pdf"


def internal_file_name(name: str, extension: str, *, synthetic: bool = False) -> str:
    """``pantau-tppo_TERBATAS_<name>[_DATA-SINTETIS].<extension>``: an internal export's
    name carries its classification (a CSV holds nothing but data)."""
    suffix = f"_{SYNTHETIC_TAG}" if synthetic else ""
    return f"pantau-tppo_{RESTRICTED_TAG}_{name}{suffix}.{extension}"


def period_name(name: str, selection: Selection) -> str:
    """``<name>_<from>_<to>``: an analysis table named with its period."""
    return f"{name}_{selection.start:%Y-%m}_{selection.end:%Y-%m}"


def _lang(params: Mapping[str, str], settings: Settings) -> str:
    lang = params.get("lang")
    return lang if lang in ("id", "en") else settings.language


def _settings() -> Settings:
    return current_app.config.get("PANTAU_SETTINGS") or get_settings()


def clamped(selection: Selection, engine: Engine, settings: Settings) -> Selection:
    """``selection`` with its period inside the data's range
    (:func:`dashboard.data.periods.clamp_months`)."""
    start, end = clamp_months(selection.start, selection.end, engine, settings)
    if (start, end) == (selection.start, selection.end):
        return selection
    return replace(selection, start=start, end=end)


def export_selection(
    engine: Engine, params: Mapping[str, str], settings: Settings, scope: Scope
) -> Selection:
    """The selection of an export's URL parameters in ``scope``, clamped to the data's range."""
    selection = from_query(params, default_period_end(engine, settings), scope)
    return clamped(selection, engine, settings)


def build_table(
    name: str, engine: Engine, params: Mapping[str, str], scope: Scope, settings: Settings
) -> tuple[ExportTable, Selection, str]:
    """The export table ``name`` for URL parameters ``params``, with its selection and lang."""
    selection = export_selection(engine, params, settings, scope)
    lang = _lang(params, settings)
    if name == "overseas":
        source = params.get("source")
        source = source if source in overseas.SOURCES else overseas.SOURCE_REGIONAL
        table = overseas_table(engine, selection, scope, source=source, lang=lang)
    elif name == "enforcement":
        table = enforcement_table(engine, selection, scope, lang=lang)
    elif name == "compliance":
        table = compliance_table(engine, selection, scope, settings, lang=lang)
    else:
        raise ValueError(f"unknown export {name!r}")
    return table, selection, lang


def export_href(path: str, params: Mapping[str, str | None]) -> str:
    """The URL of an export with the page's parameters (empty ones left out)."""
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{path}?{query}" if query else path


def release_href(number: int) -> str:
    """The URL of release ``number``'s publication files (ZIP)."""
    return f"/export/rilis/{number}.zip"


def release_zip(engine: Engine, info: ReleaseInfo, settings: Settings) -> Path:
    """Release ``info``'s publication ZIP, built on the first request and kept in the data
    dir: a release never changes, so later requests (of any server process) read the file.

    The name carries the release's creation time, so a database made again from scratch
    never meets the ZIP of an older release of the same number.  The ZIP is written under
    a temporary name and renamed into place: a reader sees a whole file or none, and two
    processes building at once each rename a whole file."""
    target = settings.path("rilis", f"rilis-{info.number}_{info.created_at:%Y%m%dT%H%M%S%f}.zip")
    if target.exists():
        return target
    with tempfile.NamedTemporaryFile(
        dir=target.parent, prefix=".rilis-", suffix=".zip", delete=False
    ) as output:
        try:
            with tempfile.TemporaryDirectory(prefix="pantau-rilis-") as folder:
                paths = export_release(engine, info.number, Path(folder))
                with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
                    for path in paths:
                        archive.write(path, path.name)
        except BaseException:
            Path(output.name).unlink(missing_ok=True)
            raise
    Path(output.name).replace(target)
    _prune_release_zips(target.parent)
    return target


def _prune_release_zips(folder: Path) -> None:
    """Keep the :data:`RELEASE_ZIPS_KEPT` ZIPs built last: the folder is a cache (a ZIP
    removed is built again when asked for), and a release a day must not fill the disk.
    A ZIP open for a download is still read whole after its removal."""
    built = sorted(folder.glob("rilis-*.zip"), key=lambda path: path.stat().st_mtime_ns)
    for old in built[:-RELEASE_ZIPS_KEPT]:
        old.unlink(missing_ok=True)


def file_chunks(path: Path) -> Iterator[bytes]:
    """The bytes of ``path`` in chunks; opened now, so a file replaced later is still read
    whole."""
    handle = path.open("rb")

    def chunks() -> Iterator[bytes]:
        with handle:
            while chunk := handle.read(CHUNK_BYTES):
                yield chunk

    return chunks()


def release_file_name(info: ReleaseInfo) -> str:
    """``pantau-tppo_rilis-<N>_data-per-<YYYY-MM-DD>.zip`` (the data-as-of day, WIB)."""
    as_of = info.data_as_of or info.created_at
    return f"pantau-tppo_rilis-{info.number}_data-per-{as_of:%Y-%m-%d}.zip"


def register_export_routes(server: Flask) -> None:
    """Add the ``/export/...`` routes to the dashboard's Flask server."""

    @server.get("/export/<name>.<extension>")
    def export_table(name: str, extension: str) -> Response:
        if name == "briefing" and extension == "pdf":
            return _briefing_response()
        if name not in TABLES or extension not in FORMATS:
            abort(404)
        scope = current_scope()
        require_analyst(scope)
        settings = _settings()
        engine = app_engine(settings)
        params = request.args.to_dict()
        table, selection, lang = build_table(name, engine, params, scope, settings)
        cells = table_cells(table, lang)
        if extension == "csv":
            body, mime = csv_chunks(cells), "text/csv; charset=utf-8"
        else:
            body = xlsx_chunks(table.name, cells, restricted_label(lang), table.notes)
            mime = XLSX_MIME
        download = internal_file_name(
            period_name(table.name, selection), extension, synthetic=table.synthetic
        )
        return attachment(stream_with_context(body), mime, download)

    @server.get("/export/rilis/<reference>.zip")
    def export_release_zip(reference: str) -> Response:
        require_analyst(current_scope())
        settings = _settings()
        engine = app_engine(settings)
        lang = _lang(request.args.to_dict(), settings)
        latest = reference == LATEST_RELEASE
        if not latest and not (reference.isascii() and reference.isdigit() and len(reference) < 10):
            abort(404)
        try:
            info = get_release(engine, None if latest else int(reference))
        except ReleaseError:
            key = "export.release.none" if latest else "export.release.missing"
            return _not_found(t(key, lang, number=reference))
        # built (or found) before the response starts: a failure is an error, not a cut file
        archive = release_zip(engine, info, settings)
        return attachment(file_chunks(archive), ZIP_MIME, release_file_name(info))


def _not_found(message: str) -> Response:
    """A plain 404 that says what is missing (an export link is followed outside the app)."""
    response = Response(message, status=404, mimetype="text/plain")
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    return response


def _briefing_response() -> Response:
    """The PDF briefing of the page's selection, from a data release only (``?rilis=N``)."""
    settings = _settings()
    engine = app_engine(settings)
    params = request.args.to_dict()
    selection = export_selection(engine, params, settings, current_scope())
    lang = _lang(params, settings)
    try:
        info = briefing_release(engine, params.get("rilis"))
    except BriefingUnavailable as missing:
        return Response(missing.message(lang), missing.status, mimetype="text/plain")
    body = briefing_pdf(engine, selection, info, lang)
    return attachment(body, "application/pdf", briefing_file_name(info, selection))


def attachment(body: bytes | Iterator[bytes], mime: str, name: str) -> Response:
    """A download named ``name`` that no cache keeps (exports are per user and audited)."""
    response = Response(body, mimetype=mime.split(";")[0])
    if "charset" in mime:
        response.headers["Content-Type"] = mime
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
