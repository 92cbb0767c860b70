"""The national overseas-victim table (Kemenlu) in CSV and XLSX."""

from __future__ import annotations

import datetime as dt

import pytest

from pantau.reports.model import OverseasMonth
from pantau.reports.national import parse_overseas_table
from pantau.reports.writing import write_overseas_table

TODAY = dt.date(2024, 6, 15)
MONTHS = (
    OverseasMonth(dt.date(2024, 4, 1), {"KH": 120, "MM": 45, "PH": 30, "LA": 12}),
    OverseasMonth(dt.date(2024, 5, 1), {"KH": 98, "MY": 0}, synthetic=True),
    OverseasMonth(dt.date(2024, 3, 1), {}),
)


def parse(data: bytes, file_name: str = "kemenlu_2024.csv"):
    return parse_overseas_table(data, file_name, today=TODAY)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip(fmt):
    outcome = parse(write_overseas_table(MONTHS, fmt), f"kemenlu.{fmt}")
    assert outcome.ok and outcome.problems == ()
    assert outcome.months == MONTHS
    assert outcome.file_format == fmt


def test_json_is_not_a_table_format():
    with pytest.raises(ValueError):
        write_overseas_table(MONTHS, "json")
    outcome = parse(b'{"a": 1}', "kemenlu.json")
    assert [p.code for p in outcome.problems] == ["unsupported_format"]


def test_country_names_separators_and_numbers():
    data = b"periode,negara,jumlah\n2024-05,Kamboja,1.262\nMei 2024,Myanmar,3\n"
    outcome = parse(data)
    assert outcome.months == (OverseasMonth(dt.date(2024, 5, 1), {"KH": 1262, "MM": 3}),)


def test_errors_name_row_and_column():
    data = (
        b"periode;negara;jumlah\n"
        b"2024-05;Kamboya;3\n"
        b"2024-13;MY;1\n"
        b"2024-07;MY;1\n"
        b"2024-05;PH;-1\n"
        b"2024-05;KH;2\n"
        b"2024-05;Cambodia;1\n"
        b"2024-05;Indonesia;1\n"
    )
    outcome = parse(data)
    assert outcome.months == ()
    found = {(p.code, p.row) for p in outcome.problems}
    assert found == {
        ("unknown_country", 2),
        ("bad_period", 3),
        ("future_period", 4),
        ("negative", 5),
        ("duplicate", 7),
        ("unknown_country", 8),
    }
    duplicate = next(p for p in outcome.problems if p.code == "duplicate")
    assert duplicate.message() == (
        "Berkas kemenlu_2024.csv, baris 7: Baris 2024-05/KH muncul dua kali (pertama di "
        "baris 6). Hapus salah satu baris atau gabungkan angkanya."
    )
    country = next(p for p in outcome.problems if p.row == 2)
    assert "mungkin maksud Anda: Kamboja (KH)" in country.message()
    assert country.column == "negara"


def test_missing_columns_and_empty_tables():
    outcome = parse(b"bulan;jumlah\n2024-05;3\n")
    problem = next(p for p in outcome.problems if p.code == "missing_column")
    assert "kolom 'negara_tujuan' tidak ada di baris judul" in problem.message()
    outcome = parse(b"periode;negara;jumlah\n")
    assert [p.code for p in outcome.problems] == ["table_empty"]
    assert parse(b"", "kemenlu.xlsx").problems[0].code == "empty_file"


def test_inconsistent_synthetic_flag():
    data = "periode;negara;jumlah;data_sintetis\n2024-05;KH;3;ya\n2024-05;MM;1;tidak\n"
    outcome = parse(data.encode())
    assert [p.code for p in outcome.problems] == ["inconsistent_synthetic"]


def test_xlsx_renamed_csv_and_formula_cells():
    outcome = parse(write_overseas_table(MONTHS, "xlsx"), "kemenlu.csv")
    assert [p.code for p in outcome.problems] == ["content_mismatch"]
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(write_overseas_table(MONTHS, "xlsx")))
    book.active["C2"] = "=100+20"
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = parse(buffer.getvalue(), "kemenlu.xlsx")
    problem = next(p for p in outcome.problems if p.code == "formula_without_value")
    assert (problem.sheet, problem.row, problem.column) == ("Korban Luar Negeri", 2, "C")
