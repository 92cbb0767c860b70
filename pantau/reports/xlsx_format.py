"""The XLSX encoding: a workbook a regional officer fills in by hand.

Sheets (Indonesian names; the English names are accepted when reading): ``Petunjuk``
(instructions, not read), ``Identitas``, ``Gugus Tugas``, ``Ringkasan Korban`` and
``Penegakan Hukum`` (columns ``isian | keterangan | nilai``), ``Kegiatan`` (``jenis_kegiatan
| keterangan | jumlah_kegiatan | jumlah_peserta``), ``Korban`` (``jenis_kelamin |
kelompok_umur | jenis_eksploitasi | negara_tujuan | jumlah``) and ``Daftar Kode`` (the
allowed codes, not read).  Row 1 of each sheet is its header.

Reading takes cached values only (``data_only=True``; nothing is evaluated): a formula
cell without a stored value is an error.  The ZIP directory is checked before openpyxl
opens anything (see :func:`pantau.reports.sniffing.check_zip`), and the cells of the
worksheets are counted (:func:`count_cells`, a streaming scan) before openpyxl parses one:
a workbook of harmless size that unpacks to millions of cells is refused at once.  A sheet
with more than :data:`MAX_ROWS` filled rows is refused with a message, never cut short.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook as WorkbookType
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from pantau.reports import fields
from pantau.reports.content import Content, destination_text, text_of
from pantau.reports.fields import Cell, Entry, Where
from pantau.reports.messages import Problem
from pantau.reports.numbers import is_blank, show
from pantau.reports.reading import ReadResult, map_header, missing_columns
from pantau.reports.sniffing import check_zip

MAX_ROWS = 20_000
MAX_COLUMNS = 30
MAX_CELLS = 200_000  # in all worksheets; a filled template holds a few thousand
VICTIM_ROWS = 300  # pre-formatted, validated rows of the blank Korban sheet
FIXED_TIME = dt.datetime(2024, 1, 1)

KEY_VALUE_HEADER = ("field", "description", "value")
ACTIVITY_HEADER = ("activity", "description", "events", "people")
VICTIM_HEADER = ("sex", "age_group", "exploitation", "destination", "count")
# section -> (required columns, sheet layout)
SHEETS: dict[str, tuple[str, ...]] = {
    fields.IDENTITY: ("field", "value"),
    fields.TASK_FORCE: ("field", "value"),
    fields.ACTIVITY_EVENTS: ("activity", "events", "people"),
    fields.VICTIMS: ("sex", "age_group", "exploitation", "destination", "count"),
    fields.VICTIM_SUMMARY: ("field", "value"),
    fields.ENFORCEMENT: ("field", "value"),
}

# The fixed rows of the template, by section: a workbook lacking one had rows deleted (or
# lost), which would otherwise read as "not reported".  Rows added to the template later
# may be absent from workbooks made from an older template.
FIXED_ROWS: dict[str, fields.Vocabulary] = {
    fields.IDENTITY: fields.IDENTITY_FIELDS,
    fields.TASK_FORCE: fields.TASK_FORCE_FIELDS,
    fields.ACTIVITY_EVENTS: fields.ACTIVITIES,
    fields.VICTIM_SUMMARY: fields.SUMMARY_FIELDS,
    fields.ENFORCEMENT: fields.ENFORCEMENT_FIELDS,
}
LATER_ROWS = frozenset({"valid_until"})  # berlaku_sampai, added in 2026

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")


def sheet_name(section: str, language: str = "id") -> str:
    """The sheet holding ``section`` (labels of :data:`fields.SECTIONS`)."""
    return fields.SECTIONS.label(section, language)


# --- reading ------------------------------------------------------------------------------


class TooManyRows(Exception):
    """A sheet holds more filled rows than :data:`MAX_ROWS`."""


def _rows(sheet: Worksheet) -> Iterator[tuple]:
    """The sheet's rows; blank rows past :data:`MAX_ROWS` are skipped, a filled one raises
    :class:`TooManyRows` (the report is refused, never read only in part).

    The ``<dimension>`` a writer stored is ignored: openpyxl would stop at its last row,
    and a wrong one (``A1:E300`` over 400 rows) would silently drop the rest."""
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()
    for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)):
        if number >= MAX_ROWS:
            if any(not is_blank(value) for value in row):
                raise TooManyRows(sheet.title)
            continue
        yield row


CELL_TAGS = (b"<c>", b"<c ", b"<c/", b":c>", b":c ", b":c/")  # <c>, <x:c ...>
STRING_TAGS = (b"<si>", b"<si ", b":si>", b":si ")  # shared strings, read whole by openpyxl
SHARED_STRINGS = "xl/sharedStrings.xml"


def count_cells(data: bytes, limit: int = MAX_CELLS) -> int:
    """The number of cell elements in the worksheet parts and of shared strings (openpyxl
    reads the whole table when it opens a workbook), counted while decompressing in 1 MiB
    pieces (never a whole part in memory); the count stops as soon as it passes ``limit``,
    so a workbook of millions of cells costs milliseconds.  Call after :func:`check_zip`."""
    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name == SHARED_STRINGS:
                tags = STRING_TAGS
            elif name.startswith("xl/worksheets/") and name.endswith(".xml"):
                tags = CELL_TAGS
            else:
                continue
            tail = b""
            with archive.open(name) as part:
                while piece := part.read(1024 * 1024):
                    window = tail + piece
                    total += sum(window.count(tag) for tag in tags)
                    if total > limit:
                        return total
                    # a tag split at the border; too short to be counted twice
                    tail = window[-(max(map(len, tags)) - 1) :]
    return total


FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")


def has_formulas(data: bytes) -> bool:
    """Whether any worksheet part holds a formula (an ``<f>`` element); True when unsure.

    Most reports hold values only, so the second, formula-reading pass of openpyxl is
    skipped for them.  Call after :func:`check_zip`, which bounds what is decompressed.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(
                FORMULA_ELEMENT.search(archive.read(name))
                for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            )
    except Exception:  # a damaged archive: let openpyxl decide and report it
        return True


def open_workbooks(data: bytes, file_name: str):
    """(values, formulas or None, problem) workbooks in read-only mode; the formula workbook
    is only opened when the file holds formulas."""
    problem = check_zip(data, file_name)
    if problem is not None:
        return None, None, problem
    try:
        cells = count_cells(data)
    except Exception:  # a damaged part: reported as a damaged workbook
        return None, None, Problem("xlsx_corrupt", file_name)
    if cells > MAX_CELLS:
        reason = (
            f"lebih dari {MAX_CELLS:,} sel di lembar kerja".replace(",", "."),
            f"more than {MAX_CELLS:,} cells in the worksheets",
        )
        return None, None, Problem("zip_bomb", file_name, params={"reason_pair": reason})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            formulas = (
                load_workbook(io.BytesIO(data), read_only=True, data_only=False)
                if has_formulas(data)
                else None
            )
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        return None, None, Problem("xlsx_corrupt", file_name)
    return values, formulas, None


def sheet_rows(
    values: WorkbookType, formulas: WorkbookType | None, title: str, file_name: str
) -> tuple[list[tuple], list[Problem]]:
    """The cached values of one sheet's rows, with an error for every formula cell that
    has no cached value."""
    problems: list[Problem] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value_rows = list(_rows(values[title]))
        formula_rows = list(_rows(formulas[title])) if formulas is not None else []
    for number, (cached, written) in enumerate(zip(value_rows, formula_rows, strict=False), 1):
        for column, (value, formula) in enumerate(zip(cached, written, strict=False), 1):
            if value is None and formula is not None and not isinstance(formula, str | int | float):
                formula = "=" + str(getattr(formula, "text", "") or "")
            if value is None and isinstance(formula, str) and formula.startswith("="):
                problems.append(
                    Problem(
                        "formula_without_value",
                        file_name,
                        sheet=title,
                        row=number,
                        column=get_column_letter(column),
                        params={"formula": show(formula)},
                    )
                )
    return value_rows, problems


def read(data: bytes, file_name: str) -> ReadResult:
    """Entries of a regional report in XLSX."""
    result = ReadResult()
    values, formulas, problem = open_workbooks(data, file_name)
    if problem is not None:
        result.problems.append(problem)
        return result
    try:
        _read_sheets(values, formulas, file_name, result)
    except TooManyRows as exc:
        result.entries.clear()
        limit = f"{MAX_ROWS:,}"
        result.problems = [
            Problem("too_many_rows", file_name, sheet=str(exc), params={"limit": limit})
        ]
    except Exception:  # a damaged sheet part only shows while its rows are read
        result.entries.clear()
        result.problems = [Problem("xlsx_corrupt", file_name)]
    finally:
        values.close()
        if formulas is not None:
            formulas.close()
    return result


def _read_sheets(
    values: WorkbookType, formulas: WorkbookType | None, file_name: str, result: ReadResult
) -> None:
    titles: dict[str, str] = {}
    for title in values.sheetnames:
        section = fields.SECTIONS.lookup(title)
        if section in SHEETS and section not in titles:
            titles[section] = title
    missing = [section for section in SHEETS if section not in titles]
    for section in missing:
        found = ", ".join(f"'{t}'" for t in values.sheetnames) or "-"
        unused = [t for t in values.sheetnames if t not in titles.values()]
        close = [
            t
            for t in unused
            if fields.key_of(t)
            and fields.Vocabulary("sheet", [fields.SECTIONS.by_code[section]]).suggest(t, 1)
        ]
        result.problems.append(
            Problem(
                "missing_sheet",
                file_name,
                params={
                    "sheet_pair": (sheet_name(section, "id"), sheet_name(section, "en")),
                    "found": found,
                    "suggestions": [f"'{t}' → '{sheet_name(section)}'" for t in close],
                },
            )
        )
    if missing:
        return
    for section, title in titles.items():
        result.places[section] = Where(sheet=title)
        if section == fields.ACTIVITY_EVENTS:
            result.places[fields.ACTIVITY_PEOPLE] = Where(sheet=title)
        rows, problems = sheet_rows(values, formulas, title, file_name)
        result.problems += problems
        before = len(result.problems)
        _read_sheet(section, title, rows, file_name, result)
        if len(result.problems) == before:  # a sheet without its header says so already
            result.problems += _missing_rows(section, title, file_name, result)


def _missing_rows(section: str, title: str, file_name: str, result: ReadResult) -> list[Problem]:
    """The problem of a sheet lacking rows of the template (deleted or lost)."""
    vocabulary = FIXED_ROWS.get(section)
    if vocabulary is None:
        return []
    present = {
        vocabulary.lookup(entry.key.value)
        for entry in result.entries
        if entry.section == section and entry.key is not None
    }
    missing = [
        term.id
        for term in vocabulary.terms
        if term.code not in present and term.code not in LATER_ROWS
    ]
    if not missing:
        return []
    listed = ", ".join(f"'{name}'" for name in missing)
    return [Problem("xlsx_rows_missing", file_name, sheet=title, params={"rows": listed})]


def _read_sheet(
    section: str, title: str, rows: Sequence[tuple], file_name: str, result: ReadResult
) -> None:
    start = next((i for i, row in enumerate(rows[:10]) if any(not is_blank(c) for c in row)), None)
    if start is None:
        result.problems += missing_columns({}, SHEETS[section], {}, file_name, sheet=title)
        return

    def label(index: int, written: str) -> str:
        return f"{get_column_letter(index + 1)} ({written})"

    columns, names, problems = map_header(
        rows[start], file_name, sheet=title, row=start + 1, label=label
    )
    result.problems += problems
    missing = missing_columns(
        columns, SHEETS[section], names, file_name, sheet=title, row=start + 1
    )
    if missing:
        result.problems += missing
        return
    for index in range(start + 1, len(rows)):
        row = rows[index]
        if all(is_blank(value) for value in row):
            continue
        number = index + 1

        def cell(column: str, row: tuple = row, number: int = number) -> Cell:
            position = columns[column]
            value = row[position] if position < len(row) else None
            return Cell(value, Where(sheet=title, row=number, column=names[position]))

        place = Where(sheet=title, row=number)
        if section == fields.VICTIMS:
            dims = {column: cell(column) for column in fields.VICTIM_COLUMNS}
            result.entries.append(Entry(section, None, cell("count"), place, dims))
        elif section == fields.ACTIVITY_EVENTS:
            key = cell("activity")
            result.entries.append(Entry(fields.ACTIVITY_EVENTS, key, cell("events"), place))
            result.entries.append(Entry(fields.ACTIVITY_PEOPLE, key, cell("people"), place))
        else:
            result.entries.append(Entry(section, cell("field"), cell("value"), place))


# --- writing ------------------------------------------------------------------------------

INSTRUCTIONS_ID = (
    "Laporan bulanan Gugus Tugas Pencegahan dan Penanganan TPPO",
    "",
    "1. Isi sel berwarna kuning di setiap lembar. Jangan mengganti nama lembar atau judul kolom.",
    "2. Tulis angka bulat (0 bila tidak ada); titik boleh sebagai pemisah ribuan (1.262).",
    "3. Korban: satu baris per kombinasi jenis kelamin, kelompok umur, jenis eksploitasi dan "
    "negara tujuan (kode ISO, mis. KH, atau 'dalam_negeri').",
    "4. Total korban di lembar 'Ringkasan Korban' harus sama dengan jumlah baris lembar 'Korban'.",
    "5. Hanya angka agregat: JANGAN menulis nama, NIK atau alamat korban.",
    "6. Hanya nilai: bila memakai rumus, salin lalu 'Tempel Spesial' > 'Nilai' sebelum mengirim.",
    "7. Kode yang diizinkan ada di lembar 'Daftar Kode'.",
)
INSTRUCTIONS_EN = (
    "Monthly report of the anti-trafficking (TPPO) task force",
    "",
    "1. Fill in the yellow cells of each sheet. Do not rename sheets or column headers.",
    "2. Write whole numbers (0 when none); dots may group thousands (1.262).",
    "3. Victims: one row per combination of sex, age group, exploitation type and destination "
    "(ISO code such as KH, or 'dalam_negeri' for domestic).",
    "4. Total victims in 'Ringkasan Korban' must equal the sum of the 'Korban' rows.",
    "5. Aggregates only: NEVER write victims' names, ID numbers or addresses.",
    "6. Values only: if you use formulas, copy and 'Paste Special' > 'Values' before sending.",
    "7. The allowed codes are listed in the 'Daftar Kode' sheet.",
)
BOOLEAN_FIELDS = frozenset({"synthetic", "established", "action_plan"})
TEXT_FIELDS = frozenset({"region_code", "province_code", "period", "decree_number"})


def _header(sheet: Worksheet, columns: Sequence[str], widths: Sequence[int]) -> None:
    sheet.append([fields.COLUMNS.spelled(column) for column in columns])
    for index, width in enumerate(widths, 1):
        cell = sheet.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _list_validation(sheet: Worksheet, values: Sequence[str], *cells: str) -> None:
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(values) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Kode tidak dikenal",
        error="Pilih salah satu kode dari daftar.",
    )
    sheet.add_data_validation(validation)
    for cell in cells:
        validation.add(cell)


def _cell_value(code: str, value: object) -> object:
    if value is None:
        return None
    if isinstance(value, bool) or code in TEXT_FIELDS or isinstance(value, tuple | dt.date):
        return text_of(code, value)
    return value


def _key_value_sheet(workbook: Workbook, section: str, vocabulary, items) -> None:
    sheet = workbook.create_sheet(sheet_name(section))
    _header(sheet, KEY_VALUE_HEADER, (26, 52, 34))
    yes_no = []
    for code, value in items:
        sheet.append([vocabulary.spelled(code), vocabulary.label(code), None])
        target = sheet.cell(row=sheet.max_row, column=3)
        target.value = _cell_value(code, value)
        if isinstance(target.value, str):
            target.data_type = "s"  # text such as "=1" stays text, never a formula
        target.fill = INPUT_FILL
        if code in TEXT_FIELDS:
            target.number_format = "@"
        if code in BOOLEAN_FIELDS:
            yes_no.append(target.coordinate)
    if yes_no:
        _list_validation(sheet, ("ya", "tidak"), *yes_no)


def _workbook(content: Content) -> Workbook:
    workbook = Workbook()
    guide = workbook.active
    guide.title = "Petunjuk"
    for line in (*INSTRUCTIONS_ID, "", *INSTRUCTIONS_EN):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    guide["A1"].font = Font(bold=True, size=14)
    guide.cell(row=len(INSTRUCTIONS_ID) + 2, column=1).font = Font(bold=True, size=14)

    _key_value_sheet(workbook, fields.IDENTITY, fields.IDENTITY_FIELDS, content.identity)
    _key_value_sheet(workbook, fields.TASK_FORCE, fields.TASK_FORCE_FIELDS, content.task_force)

    activities = workbook.create_sheet(sheet_name(fields.ACTIVITY_EVENTS))
    _header(activities, ACTIVITY_HEADER, (28, 44, 18, 18))
    for code, events, people in content.activities:
        activities.append(
            [fields.ACTIVITIES.spelled(code), fields.ACTIVITIES.label(code), events, people]
        )
        for column in (3, 4):
            activities.cell(row=activities.max_row, column=column).fill = INPUT_FILL

    victims = workbook.create_sheet(sheet_name(fields.VICTIMS))
    _header(victims, VICTIM_HEADER, (18, 16, 24, 20, 12))
    for line in content.victims:
        victims.append(
            [
                fields.SEXES.spelled(line.sex),
                fields.AGE_GROUPS.spelled(line.age_group),
                fields.EXPLOITATIONS.spelled(line.exploitation),
                destination_text(line.country),
                line.count,
            ]
        )
    last = max(VICTIM_ROWS, len(content.victims) + 1)
    for row in range(2, last + 1):
        for column in range(1, 6):
            victims.cell(row=row, column=column).fill = INPUT_FILL
        victims.cell(row=row, column=4).number_format = "@"
    _list_validation(victims, fields.SEXES.spellings(), f"A2:A{last}")
    _list_validation(victims, fields.AGE_GROUPS.spellings(), f"B2:B{last}")
    _list_validation(victims, fields.EXPLOITATIONS.spellings(), f"C2:C{last}")

    _key_value_sheet(workbook, fields.VICTIM_SUMMARY, fields.SUMMARY_FIELDS, content.summary)
    _key_value_sheet(workbook, fields.ENFORCEMENT, fields.ENFORCEMENT_FIELDS, content.enforcement)
    _codes_sheet(workbook)
    return workbook


def _codes_sheet(workbook: Workbook) -> None:
    sheet = workbook.create_sheet("Daftar Kode")
    sheet.append(["daftar", "kode", "keterangan", "code (English)", "description (English)"])
    for index in range(1, 6):
        sheet.cell(row=1, column=index).font = HEADER_FONT
        sheet.cell(row=1, column=index).fill = HEADER_FILL
    for width, letter in zip((20, 28, 40, 28, 40), "ABCDE", strict=True):
        sheet.column_dimensions[letter].width = width
    lists = (
        ("jenis_kelamin", fields.SEXES),
        ("kelompok_umur", fields.AGE_GROUPS),
        ("jenis_eksploitasi", fields.EXPLOITATIONS),
        ("jenis_kegiatan", fields.ACTIVITIES),
        ("layanan", fields.SERVICES),
        ("penegakan_hukum", fields.STAGES),
        ("anggota", fields.MEMBER_AGENCIES),
    )
    for name, vocabulary in lists:
        for term in vocabulary.terms:
            sheet.append([name, term.id, term.label_id, term.en, term.label_en])
    sheet.append(["negara_tujuan", "dalam_negeri", "Di dalam negeri", "domestic", "Domestic"])
    sheet.append(["negara_tujuan", "KH, MY, ...", "Kode ISO 3166 atau nama negara", "", ""])


def write(content: Content) -> bytes:
    """The workbook as bytes; the same content always gives the same bytes."""
    return workbook_bytes(_workbook(content))


def workbook_bytes(workbook: Workbook) -> bytes:
    """Save ``workbook`` reproducibly: fixed document dates and ZIP member times."""
    workbook.properties.creator = "Pantau TPPO"
    workbook.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _fixed_timestamps(buffer.getvalue())


def _fixed_timestamps(data: bytes) -> bytes:
    """Rewrite the ZIP with fixed member times and document dates (reproducible bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with source, zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            body = source.read(member.filename)
            if member.filename == "docProps/core.xml":
                body = _fixed_modified(body)
            info = zipfile.ZipInfo(member.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, body)
    return target_buffer.getvalue()


def _fixed_modified(body: bytes) -> bytes:
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\2", body
    )
