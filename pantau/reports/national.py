"""The national overseas-victim table (Kemenlu): victims handled by Indonesia's missions
abroad, by destination country and month, as CSV or XLSX.

One row per month and country: ``periode | negara | jumlah | data_sintetis`` (English
``period | country | count | synthetic``; ``data_sintetis`` optional).  A month in which no
victim was handled is one row with an empty ``negara`` and ``jumlah`` 0.  In XLSX the first
sheet whose header has these columns is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook

from pantau.reports import csv_format, fields, xlsx_format
from pantau.reports.countries import resolve_country, suggest_countries
from pantau.reports.fields import Cell, Where
from pantau.reports.messages import Problem
from pantau.reports.model import OverseasMonth
from pantau.reports.numbers import is_blank, parse_bool, parse_integer, parse_period, show
from pantau.reports.reading import map_header, missing_columns
from pantau.reports.sniffing import sniff
from pantau.reports.validation import INVALID, Checker, place_text

FORMATS = ("csv", "xlsx")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
SHEET = "Korban Luar Negeri"
REQUIRED = ("period", "destination", "count")
HEADER = ("period", "destination", "count", "synthetic")


@dataclass(frozen=True)
class OverseasOutcome:
    """The months of the table (empty when any problem is an error), every problem, and
    the detected format."""

    months: tuple[OverseasMonth, ...]
    problems: tuple[Problem, ...]
    file_format: str | None

    @property
    def ok(self) -> bool:
        return not any(problem.is_error for problem in self.problems)


def parse_overseas_table(
    data: bytes,
    file_name: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    today: dt.date | None = None,
) -> OverseasOutcome:
    """Parse and validate the national overseas table; nothing raises."""
    today = today or dt.date.today()
    sniffed = sniff(data, file_name, max_bytes, FORMATS)
    if sniffed.problem is not None:
        return OverseasOutcome((), (sniffed.problem,), sniffed.detected)
    file_format = sniffed.detected
    rows, sheet, problems = _table_rows(data, file_name, file_format)
    if rows is None:
        return OverseasOutcome((), tuple(problems), file_format)
    checker = Checker(file_name, {}, today)
    checker.problems += problems
    months = _months(checker, rows, sheet)
    if checker.has_errors:
        return OverseasOutcome((), tuple(checker.problems), file_format)
    return OverseasOutcome(tuple(months), tuple(checker.problems), file_format)


def _table_rows(
    data: bytes, file_name: str, file_format: str
) -> tuple[list | None, str | None, list[Problem]]:
    if file_format == "csv":
        rows, problem = csv_format.read_rows(data, file_name)
        return rows, None, [problem] if problem else []
    values, formulas, problem = xlsx_format.open_workbooks(data, file_name)
    if problem is not None:
        return None, None, [problem]
    try:
        chosen: tuple[list, str, list[Problem]] | None = None
        for title in values.sheetnames:
            rows, problems = xlsx_format.sheet_rows(values, formulas, title, file_name)
            if chosen is None:
                chosen = (rows, title, problems)
            header = next((r for r in rows[:10] if any(not is_blank(c) for c in r)), ())
            columns = {fields.COLUMNS.lookup(show(c)) for c in header if not is_blank(c)}
            if set(REQUIRED) <= columns:
                chosen = (rows, title, problems)
                break
    except Exception:  # a damaged sheet part only shows while its rows are read
        return None, None, [Problem("xlsx_corrupt", file_name)]
    finally:
        values.close()
        if formulas is not None:
            formulas.close()
    if chosen is None:
        return None, None, [Problem("table_empty", file_name)]
    return chosen


def _months(checker: Checker, rows: list, sheet: str | None) -> list[OverseasMonth]:
    file_name = checker.file_name
    start = next((i for i, r in enumerate(rows) if any(not is_blank(c) for c in r)), None)
    if start is None:
        checker.add("table_empty", Where(sheet=sheet))
        return []
    columns, names, problems = map_header(rows[start], file_name, sheet=sheet, row=start + 1)
    checker.problems += problems
    missing = missing_columns(columns, REQUIRED, names, file_name, sheet=sheet, row=start + 1)
    if missing:
        checker.problems += missing
        return []
    counts: dict[dt.date, dict[str, int]] = {}
    synthetic: dict[dt.date, tuple[bool, Where]] = {}
    seen: dict[tuple[dt.date, str | None], Where] = {}
    for index in range(start + 1, len(rows)):
        row = rows[index]
        if all(is_blank(value) for value in row):
            continue
        number = index + 1

        def cell(column: str, row=row, number: int = number) -> Cell:
            position = columns.get(column)
            value = row[position] if position is not None and position < len(row) else None
            column_name = names.get(position) if position is not None else None
            return Cell(value, Where(sheet=sheet, row=number, column=column_name))

        period = _period(checker, cell("period"))
        country = _country(checker, cell("destination"))
        count = checker.read(cell("count"), parse_integer)
        if count is None:
            checker.add(
                "missing_value",
                cell("count").where,
                what_pair=("Jumlah korban", "The victim count"),
                fix_pair=("Isi jumlah (0 bila tidak ada).", "Write the count (0 if none)."),
            )
            continue
        flag = checker.read(cell("synthetic"), parse_bool) if "synthetic" in columns else None
        if INVALID in (period, country, count, flag) or period is None:
            continue
        if country is None and count:
            checker.add(
                "missing_value",
                cell("destination").where,
                what_pair=("Negara", "The country"),
                fix_pair=(
                    "Isi kode ISO negara, mis. KH.",
                    "Write the country's ISO code, e.g. KH.",
                ),
            )
            continue
        key = (period, country)
        if key in seen:
            first_id, first_en = place_text(seen[key])
            what = f"{period:%Y-%m}/{country or '-'}"
            checker.add(
                "duplicate",
                Where(sheet=sheet, row=number),
                what_pair=(f"Baris {what}", f"Row {what}"),
                first_pair=(first_id, first_en),
            )
            continue
        seen[key] = Where(sheet=sheet, row=number)
        month = counts.setdefault(period, {})
        if country is not None:
            month[country] = count
        flag = bool(flag)
        if period in synthetic and synthetic[period][0] != flag:
            checker.add("inconsistent_synthetic", cell("synthetic").where, value=f"{period:%Y-%m}")
        synthetic.setdefault(period, (flag, cell("synthetic").where))
    if not counts and not checker.has_errors:
        checker.add("table_empty", Where(sheet=sheet))
    return [
        OverseasMonth(period, month, synthetic.get(period, (False, None))[0])
        for period, month in counts.items()
    ]


def _period(checker: Checker, cell: Cell):
    period = checker.read(cell, parse_period)
    if period is None:
        checker.add(
            "missing_value",
            cell.where,
            what_pair=("Periode", "The period"),
            fix_pair=("Tulis bulan, mis. 2024-05.", "Write the month, e.g. 2024-05."),
        )
        return INVALID
    if period is not INVALID and period > checker.today.replace(day=1):
        checker.add("future_period", cell.where, value=f"{period:%Y-%m}", today=str(checker.today))
        return INVALID
    return period


def _country(checker: Checker, cell: Cell):
    if is_blank(cell.value):
        return None
    value = cell.value
    country = resolve_country(value) if isinstance(value, str) else None
    if country is None or country == "ID":
        suggestions = suggest_countries(value) if isinstance(value, str) else []
        checker.add("unknown_country", cell.where, value=show(value), suggestions=suggestions)
        return INVALID
    return country


def _rows_of(months: Sequence[OverseasMonth]) -> list[list[object]]:
    rows: list[list[object]] = []
    for month in months:
        flag = "ya" if month.synthetic else "tidak"
        if not month.counts:
            rows.append([f"{month.period:%Y-%m}", "", 0, flag])
        for country, count in month.counts.items():
            rows.append([f"{month.period:%Y-%m}", country, count, flag])
    return rows


def write(months: Sequence[OverseasMonth], fmt: str) -> bytes:
    """The table as CSV (UTF-8 with BOM, ``;``) or XLSX (one sheet)."""
    header = [fields.COLUMNS.spelled(column) for column in HEADER]
    header[1] = "negara"
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(_rows_of(months))
        return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(header)
    for index, width in enumerate((14, 14, 12, 16), 1):
        cell = sheet.cell(row=1, column=index)
        cell.font = xlsx_format.HEADER_FONT
        cell.fill = xlsx_format.HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"
    for row in _rows_of(months):
        sheet.append(row)
        sheet.cell(row=sheet.max_row, column=1).number_format = "@"
    return xlsx_format.workbook_bytes(workbook)
