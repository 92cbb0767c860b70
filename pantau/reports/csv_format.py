"""The CSV encoding: one row per value, Indonesian headers, ``;`` or ``,`` separated.

Columns: ``bagian;isian;keterangan;jenis_kelamin;kelompok_umur;jenis_eksploitasi;
negara_tujuan;nilai`` (English names accepted).  ``keterangan`` is a label for the officer
and is ignored.  A ``kegiatan`` row holds the number of events of one activity type, a
``peserta_kegiatan`` row the people reached; a ``korban`` row is one line of the victim
breakdown (the four breakdown columns and the count in ``nilai``).

The last row, ``penutup;jumlah_baris;...;N``, states how many data rows stand between the
header and it.  A file without it, with a different number of rows or with rows after it
looks cut off or edited and is rejected: a CSV that lost its end or some lines is otherwise
still a readable, but wrong, report.
"""

from __future__ import annotations

import csv
import io

from pantau.reports import fields
from pantau.reports.content import Content, destination_text, text_of
from pantau.reports.fields import Cell, Entry, Where
from pantau.reports.messages import Problem
from pantau.reports.numbers import InvalidValue, is_blank, parse_integer, show
from pantau.reports.reading import ReadResult, map_header, missing_columns
from pantau.reports.sniffing import decode_text

DELIMITERS = (";", ",", "\t")
HEADER = (
    "section",
    "field",
    "description",
    "sex",
    "age_group",
    "exploitation",
    "destination",
    "value",
)
MAX_ROWS = 50_000
END_SECTION = ("penutup", "end")
END_FIELD = "jumlah_baris"


def sniff_delimiter(text: str) -> str:
    """The separator of the first non-empty line: the most frequent of ``;``, ``,`` and tab
    outside quotes (``;`` on a tie, as Indonesian Excel writes)."""
    for line in text.splitlines():
        if line.strip():
            unquoted = "".join(line.split('"')[::2])
            counts = {delimiter: unquoted.count(delimiter) for delimiter in DELIMITERS}
            best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
            return best if counts[best] else ";"
    return ";"


def read_rows(data: bytes, file_name: str) -> tuple[list[list[str]] | None, Problem | None]:
    """The rows of a CSV as text, or the problem that stops reading it."""
    text, problem = decode_text(data, file_name)
    if text is None:
        return None, problem
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
        rows = []
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS:
                return None, Problem("too_many_rows", file_name, params={"limit": f"{MAX_ROWS:,}"})
    except csv.Error as exc:
        return None, Problem("csv_unreadable", file_name, params={"detail": str(exc)[:120]})
    return rows, None


def read(data: bytes, file_name: str) -> ReadResult:
    """Entries of a regional report in CSV."""
    result = ReadResult()
    rows, problem = read_rows(data, file_name)
    if rows is None:
        result.problems.append(problem)  # type: ignore[arg-type]
        return result
    start = next((i for i, row in enumerate(rows) if any(not is_blank(c) for c in row)), None)
    if start is None:
        result.problems.append(Problem("empty_file", file_name))
        return result
    columns, names, problems = map_header(rows[start], file_name, row=start + 1)
    result.problems += problems
    missing = missing_columns(columns, ("section", "field", "value"), names, file_name)
    if missing:
        result.problems += missing
        return result
    victims_checked = False
    data_rows = 0
    end: tuple[int, object] | None = None  # (row number, declared count) of the closing row
    for index in range(start + 1, len(rows)):
        row = rows[index]
        if all(is_blank(cell) for cell in row):
            continue
        number = index + 1
        if end is not None:
            result.problems.append(Problem("csv_rows_after_end", file_name, row=number))
            break
        first = row[columns["section"]] if columns["section"] < len(row) else ""
        if first.strip().casefold() in END_SECTION:
            value_at = columns["value"]
            end = (number, row[value_at] if value_at < len(row) else None)
            continue
        data_rows += 1

        def cell(column: str, row: list[str] = row, number: int = number) -> Cell:
            position = columns.get(column)
            value = row[position] if position is not None and position < len(row) else None
            where = Where(row=number, column=names.get(position) if position is not None else None)
            return Cell(value, where)

        section_cell = cell("section")
        section = fields.SECTIONS.lookup(section_cell.value)
        if section is None:
            result.problems.append(_unknown_section(section_cell, file_name))
            continue
        key = cell("field")
        value = cell("value")
        if section != fields.VICTIMS:
            result.entries.append(Entry(section, key, value, Where(row=number)))
            continue
        if not victims_checked:
            victims_checked = True
            required = fields.VICTIM_COLUMNS
            missing = missing_columns(columns, required, names, file_name, row=start + 1)
            if missing:
                result.problems += missing
                return result
        if not is_blank(key.value) and key.value.strip().casefold() not in ("rincian", "breakdown"):
            result.problems.append(
                Problem(
                    "unknown_code",
                    file_name,
                    row=number,
                    column=key.where.column,
                    params={"kind": "column", "value": show(key.value), "suggestions": []},
                )
            )
            continue
        dims = {column: cell(column) for column in fields.VICTIM_COLUMNS}
        result.entries.append(Entry(section, key, value, Where(row=number), dims))
    result.problems += _completeness(file_name, end, data_rows, len(rows))
    return result


def _completeness(
    file_name: str, end: tuple[int, object] | None, data_rows: int, last_row: int
) -> list[Problem]:
    """The problem of a CSV whose closing row is missing or counts other rows."""
    if end is None:
        return [Problem("csv_cut_off", file_name, row=last_row, params={"found": data_rows})]
    number, declared = end
    try:
        stated = parse_integer(declared)
    except InvalidValue:
        stated = None
    if stated != data_rows:
        return [
            Problem(
                "csv_rows_mismatch",
                file_name,
                row=number,
                params={"declared": show(declared), "found": data_rows},
            )
        ]
    return []


def _unknown_section(section_cell: Cell, file_name: str) -> Problem:
    value = section_cell.value
    if is_blank(value):
        return Problem(
            "missing_value",
            file_name,
            row=section_cell.where.row,
            column=section_cell.where.column,
            params={
                "what_pair": ("Kolom bagian", "The section column"),
                "fix_pair": (
                    "Tulis bagian baris ini, mis. 'kegiatan' atau 'korban'.",
                    "Write this row's section, e.g. 'kegiatan' or 'korban'.",
                ),
            },
        )
    return Problem(
        "unknown_code",
        file_name,
        row=section_cell.where.row,
        column=section_cell.where.column,
        params={
            "kind": "section",
            "value": show(value),
            "suggestions": fields.SECTIONS.suggest(value),
        },
    )


def write(content: Content) -> bytes:
    """The report as UTF-8 CSV with a byte-order mark and ``;`` (as Excel in Indonesia)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([fields.COLUMNS.spelled(column) for column in HEADER])

    def key_value(section: str, vocabulary: fields.Vocabulary, items) -> None:
        name = fields.SECTIONS.spelled(section)
        for code, value in items:
            label = vocabulary.label(code)
            writer.writerow(
                [name, vocabulary.spelled(code), label, "", "", "", "", text_of(code, value)]
            )

    key_value(fields.IDENTITY, fields.IDENTITY_FIELDS, content.identity)
    key_value(fields.TASK_FORCE, fields.TASK_FORCE_FIELDS, content.task_force)
    for section, position in ((fields.ACTIVITY_EVENTS, 1), (fields.ACTIVITY_PEOPLE, 2)):
        name = fields.SECTIONS.spelled(section)
        for line in content.activities:
            code = line[0]
            label = fields.ACTIVITIES.label(code)
            writer.writerow(
                [
                    name,
                    fields.ACTIVITIES.spelled(code),
                    label,
                    "",
                    "",
                    "",
                    "",
                    text_of(code, line[position]),
                ]
            )
    victims = fields.SECTIONS.spelled(fields.VICTIMS)
    for victim in content.victims:
        writer.writerow(
            [
                victims,
                "rincian",
                "",
                fields.SEXES.spelled(victim.sex),
                fields.AGE_GROUPS.spelled(victim.age_group),
                fields.EXPLOITATIONS.spelled(victim.exploitation),
                destination_text(victim.country),
                str(victim.count),
            ]
        )
    if not content.victims:
        for _ in range(3):
            writer.writerow([victims, "rincian", "", "", "", "", "", ""])
    key_value(fields.VICTIM_SUMMARY, fields.SUMMARY_FIELDS, content.summary)
    key_value(fields.ENFORCEMENT, fields.ENFORCEMENT_FIELDS, content.enforcement)
    data_rows = buffer.getvalue().count("\r\n") - 1
    label = "Jumlah baris data di atas (jangan diubah kecuali menambah/menghapus baris)"
    writer.writerow([END_SECTION[0], END_FIELD, label, "", "", "", "", str(data_rows)])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
