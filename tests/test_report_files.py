"""File-level rules: size, emptiness, content vs extension, encoding, XLSX structure, formula
cells and zip bombs."""

from __future__ import annotations

import io
import zipfile

from fixtures.reports.samples import (
    REPORT,
    csv_edit,
    json_doc,
    name,
    parse,
    value_row,
    workbook,
    xlsx_bytes,
)
from openpyxl import Workbook

from pantau.reports.writing import write_report


def codes(outcome) -> list[str]:
    return [problem.code for problem in outcome.problems]


def test_empty_file():
    for data in (b"", b"\xef\xbb\xbf", b"  \r\n"):
        outcome = parse(data, name("csv"))
        assert codes(outcome) == ["empty_file"] and outcome.report is None
    assert outcome.problems[0].message() == (
        f"Berkas {name('csv')}: berkas kosong. Unggah laporan yang sudah diisi (unduh templat "
        "dengan 'pantau template')."
    )


def test_file_over_the_size_limit():
    data = write_report(REPORT, "csv")
    outcome = parse(data, name("csv"), max_bytes=1024 * 1024)
    assert outcome.ok
    outcome = parse(data + b" " * (1024 * 1024), name("csv"), max_bytes=1024 * 1024)
    assert codes(outcome) == ["file_too_large"]
    assert "melebihi batas 1,0 MB" in outcome.problems[0].message()
    assert "over the 1,0 MB limit" in outcome.problems[0].message("en")


def test_xlsx_renamed_csv():
    outcome = parse(write_report(REPORT, "xlsx"), name("csv"))
    assert codes(outcome) == ["content_mismatch"] and outcome.file_format == "xlsx"
    assert outcome.problems[0].message() == (
        f"Berkas {name('csv')}: nama berkas berakhiran .csv tetapi isinya buku kerja XLSX. "
        "Simpan ulang dalam format .csv yang benar, atau ganti akhiran nama berkas sesuai "
        "isinya."
    )


def test_pdf_named_xlsx_and_json_named_csv():
    outcome = parse(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", name("xlsx"))
    assert codes(outcome) == ["content_mismatch"]
    assert "isinya dokumen PDF" in outcome.problems[0].message()
    assert "its content is a PDF document" in outcome.problems[0].message("en")
    outcome = parse(write_report(REPORT, "json"), name("csv"))
    assert codes(outcome) == ["content_mismatch"]
    assert "isinya JSON" in outcome.problems[0].message()


def test_old_xls_and_unknown_extension():
    outcome = parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "laporan.xls")
    assert codes(outcome) == ["unsupported_format"]
    assert "buku kerja Excel lama (.xls)" in outcome.problems[0].message()
    # without a known extension the content decides
    assert parse(write_report(REPORT, "json"), "laporan-mei").report == REPORT
    assert parse(write_report(REPORT, "xlsx"), "upload.bin").report == REPORT


def test_csv_not_in_utf8():
    data = csv_edit({}, append=("penegakan_hukum;catatan_é;;;;;;1",))
    latin1 = data.decode("utf-8").encode("latin-1")
    outcome = parse(latin1, name("csv"))
    assert codes(outcome) == ["bad_encoding"]
    message = outcome.problems[0].message()
    assert "berkas tidak tersimpan dalam pengodean UTF-8" in message
    assert "'CSV UTF-8 (Comma delimited)'" in message
    utf16 = data.decode("utf-8").encode("utf-16")
    outcome = parse(utf16, name("csv"))
    assert codes(outcome) == ["bad_encoding"]
    assert "(saved as UTF-16)" in outcome.problems[0].message("en")


def test_csv_with_comma_separator_and_no_bom():
    text = csv_edit({}).decode("utf-8")
    import csv

    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    assert parse(buffer.getvalue().encode(), name("csv")).report == REPORT


def test_csv_missing_a_column():
    text = csv_edit({}).decode("utf-8").replace(";nilai\r\n", ";angka\r\n", 1)
    outcome = parse(text.encode(), name("csv"))
    assert "missing_column" in codes(outcome)
    problem = next(p for p in outcome.problems if p.code == "missing_column")
    assert "kolom 'nilai' tidak ada di baris judul" in problem.message()


def test_unknown_column_is_a_warning():
    lines = csv_edit({}).decode("utf-8").splitlines()
    lines = [line + ";" for line in lines]
    lines[0] += "nama_korban"
    outcome = parse("\n".join(lines).encode(), name("csv"))
    assert outcome.ok and outcome.report == REPORT
    (problem,) = outcome.problems
    assert problem.severity == "warning"
    assert "jangan menulis nama korban atau data pribadi" in problem.message()


def test_xlsx_formula_without_cached_value():
    book = workbook()
    sheet = book["Ringkasan Korban"]
    sheet.cell(value_row(sheet, "total_korban"), 3).value = "=SUM(Korban!E2:E4)"
    outcome = parse(xlsx_bytes(book), name("xlsx"))
    problem = next(p for p in outcome.problems if p.code == "formula_without_value")
    assert (problem.sheet, problem.row, problem.column) == ("Ringkasan Korban", 2, "C")
    assert problem.message() == (
        f"Berkas {name('xlsx')}, lembar 'Ringkasan Korban', baris 2, kolom 'C': sel berisi "
        "rumus (=SUM(Korban!E2:E4)) tanpa nilai tersimpan. Salin sel lalu 'Tempel Spesial' > "
        "'Nilai' (Paste Values), simpan, dan unggah lagi."
    )
    assert outcome.report is None


def test_xlsx_formula_with_cached_value_is_read_as_its_value():
    data = write_report(REPORT, "xlsx")
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            body = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet6.xml":  # Ringkasan Korban
                assert b"<v>6</v>" in body
                body = body.replace(b"<v>6</v>", b"<f>SUM(Korban!E2:E4)</f><v>6</v>", 1)
            target.writestr(member, body)
    outcome = parse(buffer.getvalue(), name("xlsx"))
    assert outcome.ok and outcome.report == REPORT


def test_xlsx_with_a_renamed_sheet():
    book = workbook()
    book["Korban"].title = "Data Korban Mei"
    outcome = parse(xlsx_bytes(book), name("xlsx"))
    assert codes(outcome) == ["missing_sheet"]
    message = outcome.problems[0].message()
    assert message.startswith(f"Berkas {name('xlsx')}: lembar 'Korban' tidak ditemukan")
    assert "'Data Korban Mei'" in message
    assert "Do not rename or delete the template's sheets" in outcome.problems[0].message("en")


def test_xlsx_with_english_sheet_names_is_accepted():
    book = workbook()
    for sheet in book.worksheets:
        if sheet.title == "Penegakan Hukum":
            sheet.title = "Law Enforcement"
    assert parse(xlsx_bytes(book), name("xlsx")).report == REPORT


def test_xlsx_with_an_unrelated_workbook():
    book = Workbook()
    book.active.append(["Nama", "Alamat"])
    outcome = parse(xlsx_bytes(book), name("xlsx"))
    assert set(codes(outcome)) == {"missing_sheet"} and len(outcome.problems) == 6


def test_xlsx_region_code_typed_as_a_number():
    book = workbook()
    sheet = book["Identitas"]
    sheet.cell(value_row(sheet, "kode_wilayah"), 3).value = 32.1
    outcome = parse(xlsx_bytes(book), name("xlsx"))
    problem = next(p for p in outcome.problems if p.code == "region_number")
    assert problem.column == "C (nilai)" and problem.sheet == "Identitas"
    assert "kode wilayah tersimpan sebagai angka 32.1" in problem.message()


def test_xlsx_cells_typed_by_excel_are_read():
    import datetime as dt

    book = workbook()
    identity = book["Identitas"]
    identity.cell(value_row(identity, "periode"), 3).value = dt.datetime(2024, 5, 1)
    identity.cell(value_row(identity, "kode_provinsi"), 3).value = 32
    task_force = book["Gugus Tugas"]
    task_force.cell(value_row(task_force, "tanggal_sk"), 3).value = dt.datetime(2023, 3, 1)
    task_force.cell(value_row(task_force, "terbentuk"), 3).value = True
    book["Korban"]["E2"].value = 3.0
    assert parse(xlsx_bytes(book), name("xlsx")).report == REPORT


def test_xlsx_problem_names_sheet_row_and_column():
    book = workbook()
    book["Korban"]["D3"].value = "Myanmarr"
    outcome = parse(xlsx_bytes(book), name("xlsx"))
    (problem,) = outcome.problems
    assert (problem.sheet, problem.row, problem.column) == ("Korban", 3, "D (negara_tujuan)")
    assert problem.message().startswith(
        f"Berkas {name('xlsx')}, lembar 'Korban', baris 3, kolom 'D (negara_tujuan)': negara "
        "'Myanmarr' tidak dikenal."
    )
    assert "mungkin maksud Anda: Myanmar (MM)" in problem.message()


def _zip(members: dict[str, bytes], level: int = 9) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for member, body in members.items():
            archive.writestr(member, body)
    return buffer.getvalue()


def test_zip_bomb_by_ratio():
    data = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\x00" * (20 * 1024 * 1024),
        }
    )
    assert len(data) < 100_000
    outcome = parse(data, name("xlsx"))
    assert codes(outcome) == ["zip_bomb"]
    assert "rasio kompresi" in outcome.problems[0].message()
    assert "compression ratio" in outcome.problems[0].message("en")


def test_zip_bomb_by_total_size_and_member_count():
    data = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            **{f"xl/part{i}.xml": bytes(range(256)) * 4096 * 11 for i in range(10)},
        },
        level=1,
    )
    outcome = parse(data, name("xlsx"), max_bytes=200 * 1024 * 1024)
    assert codes(outcome) == ["zip_bomb"]
    assert "setelah dibuka" in outcome.problems[0].message()
    many = _zip({"[Content_Types].xml": b"<Types/>", **{f"xl/{i}.xml": b"" for i in range(600)}})
    outcome = parse(many, name("xlsx"))
    assert codes(outcome) == ["zip_bomb"]
    assert "601 berkas di dalamnya" in outcome.problems[0].message()


def test_damaged_xlsx():
    data = write_report(REPORT, "xlsx")
    outcome = parse(data[: len(data) // 2], name("xlsx"))
    assert codes(outcome) == ["xlsx_corrupt"]
    assert "berkas XLSX rusak atau tidak dapat dibaca" in outcome.problems[0].message()


def test_invalid_json():
    text = write_report(REPORT, "json").decode().replace('"versi": 1,', '"versi": 1', 1)
    outcome = parse(text.encode(), name("json"))
    assert codes(outcome) == ["json_invalid"]
    assert "JSON tidak valid (Expecting ',' delimiter)" in outcome.problems[0].message()
    assert "sekitar baris 4" in outcome.problems[0].message()
    outcome = parse(b"[1, 2]", name("json"))
    assert codes(outcome) == ["json_not_object"]
    outcome = parse(b"[" * 100_000, name("json"))
    assert codes(outcome) == ["json_invalid"]


def test_json_sections_of_the_wrong_shape():
    document = json_doc()
    document["korban"] = {"jumlah": 6}
    outcome = parse(__import__("json").dumps(document).encode(), name("json"))
    assert "json_not_object" in codes(outcome)
    assert outcome.problems[0].column == "$.korban"
