"""Each content rule of the regional report, with a real malformed file and its message."""

from __future__ import annotations

import datetime as dt

from fixtures.reports.samples import (
    REPORT,
    csv_edit,
    csv_lines,
    csv_row,
    json_bytes,
    json_doc,
    name,
    parse,
)

CSV = name("csv")
VICTIM_KH = "korban;rincian;;perempuan;dewasa;penipuan_daring;KH;3"


def only(outcome, code: str):
    """The single problem with ``code`` (and no other error)."""
    assert outcome.report is None or code.endswith("_warning")
    matching = [p for p in outcome.problems if p.code == code]
    assert len(matching) == 1, [p.message("en") for p in outcome.problems]
    return matching[0]


def test_sample_is_valid():
    outcome = parse(csv_edit({}), CSV)
    assert outcome.ok and outcome.problems == ()
    assert outcome.report == REPORT


def test_unknown_country_suggests_and_names_the_cell():
    lines = csv_lines()
    outcome = parse(
        csv_edit({VICTIM_KH: "korban;rincian;;perempuan;dewasa;penipuan_daring;Kamboya;3"}), CSV
    )
    problem = only(outcome, "unknown_country")
    assert problem.row == csv_row(lines, VICTIM_KH)
    assert problem.message() == (
        f"Berkas {CSV}, baris {problem.row}, kolom 'negara_tujuan': negara 'Kamboya' tidak "
        "dikenal. Gunakan kode ISO (mis. KH) atau nama negara, atau 'dalam_negeri' untuk "
        "korban di dalam negeri; mungkin maksud Anda: Kamboja (KH), Samoa (WS), Zambia (ZM)."
    )
    assert "unknown country 'Kamboya'" in problem.message("en")
    assert "did you mean: Cambodia (KH)" in problem.message("en")


def test_country_names_in_both_languages_are_accepted():
    outcome = parse(
        csv_edit({VICTIM_KH: "korban;rincian;;perempuan;dewasa;penipuan_daring;Kamboja;3"}), CSV
    )
    assert outcome.report == REPORT
    outcome = parse(csv_edit({VICTIM_KH: "Korban;;;Female;ADULT;online scam;cambodia;3"}), CSV)
    assert outcome.report == REPORT


def test_unknown_region_code_is_rejected_with_suggestions_by_name():
    outcome = parse(csv_edit({"identitas;kode_wilayah": "identitas;kode_wilayah;;;;;;32.99"}), CSV)
    problem = only(outcome, "unknown_region")
    assert problem.column == "nilai" and problem.row == 2
    message = problem.message()
    assert "kode wilayah '32.99' tidak ada dalam daftar Kemendagri" in message
    assert "mungkin maksud Anda: 32.01 Kabupaten Bogor, 32.71 Kota Bogor" in message
    assert "region code '32.99' is not in the Kemendagri list" in problem.message("en")
    assert outcome.region_code is None and outcome.period == REPORT.period


def test_region_code_in_wrong_format_suggests_the_dotted_code():
    outcome = parse(csv_edit({"identitas;kode_wilayah": "identitas;kode_wilayah;;;;;;3201"}), CSV)
    problem = only(outcome, "region_format")
    assert "mungkin maksud Anda: 32.01 Kabupaten Bogor" in problem.message()


def test_region_code_that_lost_its_trailing_zero_in_excel():
    outcome = parse(csv_edit({"identitas;kode_wilayah": "identitas;kode_wilayah;;;;;;32.1"}), CSV)
    problem = only(outcome, "region_format")
    assert "'32.1'" in problem.message()


def test_regency_outside_the_stated_province():
    outcome = parse(csv_edit({"identitas;kode_provinsi": "identitas;kode_provinsi;;;;;;33"}), CSV)
    problem = only(outcome, "region_province_mismatch")
    assert problem.message() == (
        f"Berkas {CSV}, baris 4, kolom 'nilai': kabupaten/kota 32.01 (Kabupaten Bogor) tidak "
        "berada di provinsi 33 (Jawa Tengah). Perbaiki kode wilayah atau kode provinsi."
    )
    assert "is not in province 33 (Jawa Tengah)" in problem.message("en")


def test_region_name_that_does_not_match_the_code_is_a_warning():
    outcome = parse(
        csv_edit({"identitas;nama_wilayah": "identitas;nama_wilayah;;;;;;Kabupaten Bandung"}), CSV
    )
    assert outcome.ok and outcome.report == REPORT
    (problem,) = outcome.problems
    assert problem.code == "region_name_mismatch" and problem.severity == "warning"
    assert problem.message().startswith("Peringatan: Berkas")
    assert "mungkin maksud Anda: 32.04 Kabupaten Bandung" in problem.message()


def test_region_name_variants_are_accepted():
    for written in ("KAB. BOGOR", "Bogor", "Kabupaten Bogor"):
        outcome = parse(
            csv_edit({"identitas;nama_wilayah": f"identitas;nama_wilayah;;;;;;{written}"}), CSV
        )
        assert outcome.ok and outcome.problems == (), written


def test_malformed_period():
    outcome = parse(csv_edit({"identitas;periode": "identitas;periode;;;;;;Mei-Juni 24"}), CSV)
    problem = only(outcome, "bad_period")
    assert "periode 'Mei-Juni 24' tidak dapat dibaca. Tulis bulan laporan sebagai TTTT-BB" in (
        problem.message()
    )
    assert "Write the report month as YYYY-MM" in problem.message("en")


def test_period_spellings():
    for written in ("2024-05", "2024-5", "05/2024", "Mei 2024", "May 2024", "2024-05-01"):
        outcome = parse(csv_edit({"identitas;periode": f"identitas;periode;;;;;;{written}"}), CSV)
        assert outcome.report == REPORT, written


def test_future_period_relative_to_today():
    data = csv_edit({"identitas;periode": "identitas;periode;;;;;;2024-07"})
    problem = only(parse(data, "laporan.csv"), "future_period")
    assert "periode 2024-07 masih di masa depan (hari ini 2024-06-15)" in problem.message()
    assert parse(data, "laporan.csv", today=dt.date(2024, 7, 1)).ok


def test_negative_fractional_and_non_numeric_counts():
    cases = {
        "-2": ("negative", "'-2' negatif", "'-2' is negative"),
        "1,5": ("fraction", "'1,5' bukan bilangan bulat", "'1,5' is not a whole number"),
        "1.5": ("fraction", "'1.5' bukan bilangan bulat", "'1.5' is not a whole number"),
        "dua": ("not_a_number", "'dua' bukan angka", "'dua' is not a number"),
        "1,262": ("comma_thousands", "memakai koma sebagai pemisah ribuan", "uses commas"),
    }
    lines = csv_lines()
    row = csv_row(lines, "kegiatan;sosialisasi")
    for written, (code, indonesian, english) in cases.items():
        data = csv_edit({"kegiatan;sosialisasi": f"kegiatan;sosialisasi;;;;;;{written}"})
        problem = only(parse(data, CSV), code)
        assert (problem.row, problem.column) == (row, "nilai")
        assert indonesian in problem.message(), written
        assert english in problem.message("en"), written


def test_indonesian_thousands_are_read():
    data = csv_edit(
        {
            "peserta_kegiatan;sosialisasi": 'peserta_kegiatan;sosialisasi;;;;;;"1.262"',
            "gugus_tugas;anggaran_idr": "gugus_tugas;anggaran_idr;;;;;;Rp 150.000.000,00",
        }
    )
    outcome = parse(data, CSV)
    assert outcome.ok
    assert outcome.report.activities["socialisation"] == (2, 1262)
    assert outcome.report.task_force.budget_idr == 150_000_000


def test_total_that_disagrees_with_the_breakdown():
    data = csv_edit({"ringkasan_korban;total_korban": "ringkasan_korban;total_korban;;;;;;7"})
    problem = only(parse(data, CSV), "total_mismatch")
    assert "total korban 7 tidak sama dengan jumlah rincian" in problem.message()
    assert "(6)" in problem.message()
    assert "total victims 7 differs from the sum of the breakdown" in problem.message("en")


def test_service_exceeding_total_victims():
    data = csv_edit({"ringkasan_korban;pemulangan": "ringkasan_korban;pemulangan;;;;;;9"})
    problem = only(parse(data, CSV), "service_exceeds_total")
    assert "layanan pemulangan (9) melebihi total korban (6)" in problem.message()
    assert "service repatriation (9) exceeds total victims (6)" in problem.message("en")


def test_unknown_codes_of_every_list():
    victim = "korban;rincian;;{sex};{age};{exploitation};KH;3"
    good = {"sex": "perempuan", "age": "dewasa", "exploitation": "penipuan_daring"}
    cases = [
        ({VICTIM_KH: victim.format(**{**good, "sex": "wanitaa"})}, "jenis kelamin 'wanitaa'"),
        ({VICTIM_KH: victim.format(**{**good, "age": "remaja"})}, "kelompok umur 'remaja'"),
        (
            {VICTIM_KH: victim.format(**{**good, "exploitation": "penipuan"})},
            "jenis eksploitasi 'penipuan'",
        ),
        ({"kegiatan;advokasi": "kegiatan;advokasii;;;;;;1"}, "jenis kegiatan 'advokasii'"),
        (
            {"ringkasan_korban;bantuan_hukum": "ringkasan_korban;bantuan;;;;;;1"},
            "isian ringkasan korban 'bantuan'",
        ),
        ({"penegakan_hukum;p21": "penegakan_hukum;p22;;;;;;1"}, "isian penegakan hukum 'p22'"),
        (
            {"gugus_tugas;anggota": 'gugus_tugas;anggota;;;;;;"dinas_pppa;dinas_xyz"'},
            "instansi anggota 'dinas_xyz'",
        ),
    ]
    for edits, expected in cases:
        outcome = parse(csv_edit(edits), CSV)
        (problem,) = [p for p in outcome.problems if p.code == "unknown_code"]
        assert outcome.report is None
        assert f"{expected} tidak dikenal. Gunakan salah satu:" in problem.message(), expected
    outcome = parse(csv_edit({"kegiatan;advokasi": "kegiatan;advokasii;;;;;;1"}), CSV)
    assert "mungkin maksud Anda: advokasi" in outcome.problems[0].message()
    assert "did you mean: advocacy?" in outcome.problems[0].message("en")


def test_unknown_section():
    data = csv_edit({}, append=("korbann;rincian;;perempuan;dewasa;lainnya;KH;1",))
    problem = only(parse(data, CSV), "unknown_code")
    assert "bagian 'korbann' tidak dikenal" in problem.message()
    assert "mungkin maksud Anda: korban" in problem.message()


def test_duplicate_rows():
    lines = csv_lines()
    data = csv_edit({}, append=(lines[csv_row(lines, "penegakan_hukum;tersangka") - 1],))
    problem = only(parse(data, CSV), "duplicate")
    first = csv_row(lines, "penegakan_hukum;tersangka")
    assert f"Isian 'tersangka' muncul dua kali (pertama di baris {first})" in problem.message()
    assert f"appears twice (first at row {first})" in problem.message("en")


def test_duplicate_victim_breakdown_line():
    lines = csv_lines()
    data = csv_edit({}, append=(VICTIM_KH.replace("KH", "Kamboja"),))
    problem = only(parse(data, CSV), "duplicate")
    assert "Rincian korban perempuan/dewasa/penipuan_daring/KH muncul dua kali" in (
        problem.message()
    )
    assert f"baris {csv_row(lines, VICTIM_KH)}" in problem.message()


def test_missing_required_fields():
    outcome = parse(csv_edit({"gugus_tugas;terbentuk": None}), CSV)
    problem = only(outcome, "missing_value")
    assert problem.message() == (
        f"Berkas {CSV}: Isian 'terbentuk' di bagian 'gugus_tugas' wajib diisi. "
        "Isi 'ya' atau 'tidak'."
    )
    outcome = parse(csv_edit({"gugus_tugas;terbentuk": "gugus_tugas;terbentuk;;;;;;"}), CSV)
    assert "Isian 'terbentuk' wajib diisi" in only(outcome, "missing_value").message()
    outcome = parse(csv_edit({"identitas;kode_wilayah": None}), CSV)
    assert "Isian 'kode_wilayah' di bagian 'identitas' wajib diisi" in (
        only(outcome, "missing_value").message()
    )
    outcome = parse(csv_edit({"identitas;periode": None}), CSV)
    assert "Field 'period' ('periode') in section 'identitas' is required" in (
        only(outcome, "missing_value").message("en")
    )


def test_victim_line_missing_a_part():
    data = csv_edit({VICTIM_KH: "korban;rincian;;perempuan;dewasa;penipuan_daring;;3"})
    problem = only(parse(data, CSV), "missing_value")
    assert "Negara tujuan wajib diisi. Isi kode ISO negara (mis. KH) atau 'dalam_negeri'." in (
        problem.message()
    )


def test_bad_yes_no_and_date_values():
    outcome = parse(csv_edit({"gugus_tugas;rad": "gugus_tugas;rad;;;;;;mungkin"}), CSV)
    assert "'mungkin' harus 'ya' atau 'tidak'" in only(outcome, "not_yes_no").message()
    outcome = parse(
        csv_edit({"gugus_tugas;tanggal_sk": "gugus_tugas;tanggal_sk;;;;;;31/02/2023"}), CSV
    )
    assert "tanggal '31/02/2023' tidak dapat dibaca" in only(outcome, "bad_date").message()
    outcome = parse(
        csv_edit({"gugus_tugas;tanggal_sk": "gugus_tugas;tanggal_sk;;;;;;2025-01-01"}), CSV
    )
    assert "tanggal 2025-01-01 masih di masa depan" in only(outcome, "future_date").message()


def test_date_spellings():
    for written in ("01/03/2023", "1-3-2023", "1 Maret 2023", "2023-03-01"):
        data = csv_edit({"gugus_tugas;tanggal_sk": f"gugus_tugas;tanggal_sk;;;;;;{written}"})
        assert parse(data, CSV).report == REPORT, written


def test_restitution_awarded_above_requested_is_a_warning():
    data = csv_edit(
        {
            "penegakan_hukum;restitusi_dikabulkan_idr": (
                "penegakan_hukum;restitusi_dikabulkan_idr;;;;;;60.000.000"
            )
        }
    )
    outcome = parse(data, CSV)
    assert outcome.ok and outcome.report.restitution_awarded_idr == 60_000_000
    (problem,) = outcome.problems
    assert problem.severity == "warning"
    assert "restitusi dikabulkan (Rp 60.000.000) lebih besar dari restitusi diminta" in (
        problem.message()
    )


def test_file_name_that_disagrees_with_the_content_is_a_warning():
    outcome = parse(csv_edit({}), "laporan_32.02_2024-05.csv")
    assert outcome.ok
    (problem,) = outcome.problems
    assert problem.code == "file_name_mismatch" and problem.severity == "warning"
    assert "nama berkas menyebut 32.02 2024-05, tetapi isinya 32.01 2024-05" in problem.message()


def test_blank_template_gives_one_clear_message():
    from pantau.reports.writing import write_template

    data = write_template("32.01", REPORT.period, "csv")
    outcome = parse(data, CSV)
    (problem,) = outcome.problems
    assert problem.code == "template_empty"
    assert outcome.region_code == "32.01" and outcome.period == REPORT.period
    assert problem.message("en").endswith(
        "the template has not been filled in. Fill in at least the region code, period, task "
        "force status and this month's figures (write 0 where there were none)."
    )


def test_json_problems_name_the_json_path():
    document = json_doc()
    document["korban"][1]["negara_tujuan"] = "Birma Raya"
    document["kegiatan"]["sosialisasi"]["jumlah_peserta"] = 12.5
    outcome = parse(json_bytes(document), name("json"))
    places = {p.code: p for p in outcome.problems}
    assert places["unknown_country"].column == "$.korban[1].negara_tujuan"
    assert places["fraction"].column == "$.kegiatan.sosialisasi.jumlah_peserta"
    assert places["fraction"].message() == (
        f"Berkas {name('json')}, isian JSON '$.kegiatan.sosialisasi.jumlah_peserta': '12.5' "
        "bukan bilangan bulat. Tulis jumlah utuh; titik hanya sebagai pemisah ribuan "
        "(1.262 = seribu dua ratus enam puluh dua), koma desimal tidak boleh."
    )


def test_json_with_english_names_and_duplicate_keys():
    text = (
        '{"identity": {"region_code": "32.01", "period": "2024-05"},'
        ' "task_force": {"established": true, "established": false},'
        ' "activities": {"training": {"events": 1, "people_reached": 4}},'
        ' "end": {"value_count": 5}}'
    )
    outcome = parse(text.encode(), name("json"))
    problem = only(outcome, "json_duplicate_key")
    assert problem.column == "$.task_force.established"
    text = text.replace(', "established": false', "")
    # A section written twice (under its two names) is a duplicate too, never merged.
    twice = text.replace('"activities"', '"kegiatan": {}, "activities"')
    problem = only(parse(twice.encode(), name("json")), "json_duplicate_key")
    assert problem.column == "$.activities"
    outcome = parse(text.encode(), name("json"))
    assert outcome.ok and outcome.report.activities == {"training": (1, 4)}


def test_decree_end_date_is_read_and_checked():
    data = csv_edit({"gugus_tugas;berlaku_sampai": "gugus_tugas;berlaku_sampai;;;;;;28/02/2028"})
    assert parse(data, CSV).report.task_force.valid_until == dt.date(2028, 2, 28)
    english = csv_edit({"gugus_tugas;berlaku_sampai": "task_force;valid_until;;;;;;2028-02-28"})
    assert parse(english, CSV).report.task_force.valid_until == dt.date(2028, 2, 28)
    bad = csv_edit({"gugus_tugas;berlaku_sampai": "gugus_tugas;berlaku_sampai;;;;;;30/02/2028"})
    assert "tanggal '30/02/2028' tidak dapat dibaca" in only(parse(bad, CSV), "bad_date").message()
