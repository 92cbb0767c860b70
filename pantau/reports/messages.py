"""Problems found in a report file and their messages in Indonesian and English.

A :class:`Problem` carries a stable ``code``, where it is (file, sheet, row, column or
JSON path) and the values of the message; :meth:`Problem.message` writes one full
sentence: where, what is wrong, and how to fix it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pantau.reports import fields
from pantau.reports.countries import country_name
from pantau.reports.numbers import visible

ERROR = "error"
WARNING = "warning"

# code -> (Indonesian, English).  Placeholders come from the problem's params and from
# the derived values of ``_derived`` (allowed codes, suggestions) in the same language.
TEMPLATES: dict[str, tuple[str, str]] = {
    # --- the file as a whole
    "unprocessable": (
        "berkas tidak dapat diproses: {detail}. Simpan ulang laporan dari templat resmi lalu "
        "kirim lagi; bila tetap ditolak, hubungi admin.",
        "the file cannot be processed: {detail}. Save the report again from the official "
        "template and send it again; if it is still refused, contact the admin.",
    ),
    "more_problems": (
        "dan {count} masalah lain yang tidak ditampilkan. Perbaiki yang di atas lalu kirim "
        "ulang untuk melihat sisanya.",
        "and {count} more problems not shown. Fix the ones above and send the file again to "
        "see the rest.",
    ),
    "unreadable_file": (
        "server tidak dapat membaca berkas ({detail}). Berkas dipindahkan dari folder masuk; "
        "periksa izin berkas (harus dapat dibaca oleh layanan Pantau) lalu kirim ulang.",
        "the server cannot read the file ({detail}). It was moved out of the inbox; check "
        "the file's permissions (the Pantau service must be able to read it) and send it "
        "again.",
    ),
    "empty_file": (
        "berkas kosong. Unggah laporan yang sudah diisi (unduh templat dengan 'pantau template').",
        "the file is empty. Upload a filled-in report (get a template with 'pantau template').",
    ),
    "file_too_large": (
        "berkas berukuran {size_mb} MB, melebihi batas {limit_mb} MB. Hapus baris kosong atau "
        "lembar lain yang tidak diperlukan, lalu unggah lagi.",
        "the file is {size_mb} MB, over the {limit_mb} MB limit. Remove empty rows or extra "
        "sheets and upload it again.",
    ),
    "unsupported_format": (
        "berkas ini {detected_id}, bukan laporan CSV, XLSX atau JSON. Simpan laporan sebagai "
        "XLSX (Excel Workbook), CSV UTF-8 atau JSON.",
        "this file is {detected_en}, not a CSV, XLSX or JSON report. Save the report as XLSX "
        "(Excel Workbook), CSV UTF-8 or JSON.",
    ),
    "content_mismatch": (
        "nama berkas berakhiran .{extension} tetapi isinya {detected_id}. Simpan ulang dalam "
        "format .{extension} yang benar, atau ganti akhiran nama berkas sesuai isinya.",
        "the file name ends in .{extension} but its content is {detected_en}. Save it again "
        "in the right .{extension} format, or rename it to match its content.",
    ),
    "bad_encoding": (
        "berkas tidak tersimpan dalam pengodean UTF-8{detail_id}. Di Excel pilih "
        "'Simpan Sebagai' > 'CSV UTF-8 (Comma delimited)' lalu unggah lagi.",
        "the file is not encoded as UTF-8{detail_en}. In Excel choose 'Save As' > "
        "'CSV UTF-8 (Comma delimited)' and upload it again.",
    ),
    "zip_bomb": (
        "berkas XLSX ditolak karena isinya tidak wajar ({reason_id}). Simpan ulang laporan "
        "dari templat resmi, hanya berisi nilai.",
        "the XLSX file was refused because its content is abnormal ({reason_en}). Save the "
        "report again from the official template, with values only.",
    ),
    "xlsx_over_budget": (
        "berkas XLSX ditolak karena membacanya melebihi batas {budget_id} server (isinya "
        "jauh lebih besar dari laporan biasa). Simpan ulang laporan dari templat resmi, hanya "
        "berisi nilai, tanpa lembar atau baris tambahan.",
        "the XLSX file was refused because reading it exceeds the server's {budget_en} "
        "budget (its content is far larger than a report). Save the report again from the "
        "official template, with values only and no extra sheets or rows.",
    ),
    "xlsx_rows_missing": (
        "berkas tampak terpotong atau sebagian barisnya terhapus: baris {rows} dari templat "
        "tidak ada. Kembalikan baris itu (biarkan nilainya kosong bila tidak dilaporkan) atau "
        "isi ulang templat baru dari 'pantau template'.",
        "the file looks cut off or partly deleted: the template's rows {rows} are missing. "
        "Put them back (leave the value empty when not reported) or fill in a fresh "
        "template from 'pantau template'.",
    ),
    "xlsx_corrupt": (
        "berkas XLSX rusak atau tidak dapat dibaca. Buka di Excel, simpan ulang sebagai "
        "'Excel Workbook (.xlsx)', lalu unggah lagi.",
        "the XLSX file is damaged or unreadable. Open it in Excel, save it again as "
        "'Excel Workbook (.xlsx)' and upload it again.",
    ),
    "csv_cut_off": (
        "berkas tampak terpotong: baris penutup 'penutup;jumlah_baris;...' tidak ada "
        "({found} baris data terbaca). Kirim ulang berkas lengkap; bila Anda membuat CSV "
        "sendiri, tambahkan baris penutup dengan jumlah baris data (lihat "
        "docs/report-template.md).",
        "the file looks cut off: the closing row 'penutup;jumlah_baris;...' is missing "
        "({found} data rows read). Send the complete file again; if you make the CSV "
        "yourself, add the closing row with the number of data rows (see "
        "docs/report-template.md).",
    ),
    "csv_rows_mismatch": (
        "berkas tampak terpotong atau sebagian barisnya terhapus: baris penutup menyebut "
        "'{declared}' baris data, tetapi terbaca {found}. Kirim ulang berkas lengkap, atau "
        "perbaiki jumlah di baris penutup bila Anda sengaja menambah atau menghapus baris.",
        "the file looks cut off or partly deleted: the closing row states '{declared}' data "
        "rows but {found} were read. Send the complete file again, or correct the number in "
        "the closing row if you added or removed rows on purpose.",
    ),
    "csv_rows_after_end": (
        "ada baris setelah baris penutup. Letakkan semua data di atas baris penutup.",
        "there are rows after the closing row. Put all data above the closing row.",
    ),
    "too_many_rows": (
        "berkas memiliki lebih dari {limit} baris. Satu laporan bulanan tidak memerlukan "
        "sebanyak itu; hapus baris kosong atau yang tidak diperlukan.",
        "the file has more than {limit} rows. A monthly report never needs that many; "
        "remove empty or extra rows.",
    ),
    "json_invalid": (
        "JSON tidak valid ({detail}). Periksa tanda kutip, koma dan kurung di sekitar baris "
        "{line}, kolom {col}.",
        "invalid JSON ({detail}). Check quotes, commas and brackets around line {line}, "
        "column {col}.",
    ),
    "json_duplicate_key": (
        "kunci '{key}' ditulis dua kali dalam objek yang sama. Tulis setiap kunci sekali "
        "(gabungkan isinya); sistem tidak menebak mana yang dimaksud.",
        "the key '{key}' appears twice in the same object. Write each key once (merge their "
        "content); the system does not guess which one is meant.",
    ),
    "json_cut_off": (
        "berkas tampak terpotong: JSON berakhir di baris {line} sebelum semua kurung ditutup. "
        "Kirim ulang berkas lengkap.",
        "the file looks cut off: the JSON ends at line {line} before every bracket is closed. "
        "Send the complete file again.",
    ),
    "json_count_missing": (
        "berkas tampak terpotong atau sebagian isinya terhapus: bagian penutup "
        '"penutup": {{"jumlah_nilai": N}} tidak ada ({found} nilai terbaca). Kirim ulang '
        "berkas lengkap; bila sistem Anda membuat JSON sendiri, tambahkan bagian penutup "
        "dengan jumlah nilai (lihat docs/report-template.md).",
        "the file looks cut off or partly deleted: the closing section "
        '"penutup": {{"jumlah_nilai": N}} is missing ({found} values read). Send the '
        "complete file again; if your system makes the JSON, add the closing section with "
        "the number of values (see docs/report-template.md).",
    ),
    "json_count_mismatch": (
        "berkas tampak terpotong atau sebagian isinya terhapus: bagian penutup menyebut "
        "'{declared}' nilai, tetapi terbaca {found}. Kirim ulang berkas lengkap, atau "
        "perbaiki jumlah_nilai bila isinya memang diubah.",
        "the file looks cut off or partly deleted: the closing section states '{declared}' "
        "values but {found} were read. Send the complete file again, or correct jumlah_nilai "
        "if the content was changed on purpose.",
    ),
    "json_not_object": (
        "isi JSON harus berupa objek {{...}} dengan bagian 'identitas', 'gugus_tugas', dst. "
        "Lihat docs/report-template.md.",
        "the JSON content must be an object {{...}} with sections 'identitas', 'gugus_tugas', "
        "etc. See docs/report-template.md.",
    ),
    "csv_unreadable": (
        "CSV tidak dapat dibaca ({detail}). Simpan ulang dari Excel sebagai CSV UTF-8.",
        "the CSV cannot be read ({detail}). Save it again from Excel as CSV UTF-8.",
    ),
    "missing_column": (
        "kolom '{column_id}' tidak ada di baris judul. Salin baris judul dari templat "
        "(kolom yang ada: {found}).",
        "column '{column_en}' is missing from the header row. Copy the header row from the "
        "template (columns found: {found}).",
    ),
    "unknown_column": (
        "kolom '{value}' tidak dikenal dan diabaikan. Hapus kolom ini; jangan menulis nama "
        "korban atau data pribadi di laporan.",
        "unknown column '{value}' was ignored. Remove it; never write victims' names or "
        "personal data in a report.",
    ),
    "missing_sheet": (
        "lembar '{sheet_id}' tidak ditemukan (lembar yang ada: {found}). Jangan mengganti "
        "nama atau menghapus lembar templat{hint_id}.",
        "sheet '{sheet_en}' was not found (sheets present: {found}). Do not rename or delete "
        "the template's sheets{hint_en}.",
    ),
    "formula_without_value": (
        "sel berisi rumus ({formula}) tanpa nilai tersimpan. Salin sel lalu 'Tempel "
        "Spesial' > 'Nilai' (Paste Values), simpan, dan unggah lagi.",
        "the cell holds a formula ({formula}) without a stored value. Copy the cells and "
        "use 'Paste Special' > 'Values', save, and upload again.",
    ),
    "template_empty": (
        "templat belum diisi. Isi setidaknya kode wilayah, periode, status gugus tugas dan "
        "angka bulan ini (tulis 0 bila tidak ada).",
        "the template has not been filled in. Fill in at least the region code, period, task "
        "force status and this month's figures (write 0 where there were none).",
    ),
    "table_empty": (
        "tabel tidak berisi baris data. Isi satu baris per bulan dan negara (periode, "
        "negara, jumlah).",
        "the table holds no data rows. Write one row per month and country (period, "
        "country, count).",
    ),
    # --- structure
    "unknown_section": (
        "bagian '{value}' tidak dikenal. Gunakan salah satu: {allowed_id}{hint_id}.",
        "unknown section '{value}'. Use one of: {allowed_en}{hint_en}.",
    ),
    "unknown_code": (
        "{what_id} '{value}' tidak dikenal. Gunakan salah satu: {allowed_id}{hint_id}.",
        "unknown {what_en} '{value}'. Use one of: {allowed_en}{hint_en}.",
    ),
    "duplicate": (
        "{what_id} muncul dua kali (pertama di {first_id}). Hapus salah satu baris atau "
        "gabungkan angkanya.",
        "{what_en} appears twice (first at {first_en}). Delete one of the rows or add the "
        "figures together.",
    ),
    "missing_value": (
        "{what_id} wajib diisi. {fix_id}",
        "{what_en} is required. {fix_en}",
    ),
    # --- values
    "not_a_number": (
        "'{value}' bukan angka. Tulis bilangan bulat tanpa huruf, mis. 12 atau 1.262.",
        "'{value}' is not a number. Write a whole number without letters, e.g. 12 or 1262.",
    ),
    "fraction": (
        "'{value}' bukan bilangan bulat. Tulis jumlah utuh; titik hanya sebagai pemisah "
        "ribuan (1.262 = seribu dua ratus enam puluh dua), koma desimal tidak boleh.",
        "'{value}' is not a whole number. Write whole counts; a dot only separates thousands "
        "(1.262 = 1262) and decimal commas are not allowed.",
    ),
    "comma_thousands": (
        "'{value}' memakai koma sebagai pemisah ribuan. Tulis dengan titik (1.262) atau "
        "tanpa pemisah (1262).",
        "'{value}' uses commas to group thousands. Write it with dots (1.262) or without "
        "separators (1262).",
    ),
    "negative": (
        "'{value}' negatif. Jumlah tidak boleh kurang dari 0; tulis 0 bila tidak ada.",
        "'{value}' is negative. Counts cannot be below 0; write 0 when there were none.",
    ),
    "too_large": (
        "'{value}' melebihi batas {limit}. Periksa angkanya; jumlah dalam laporan tidak "
        "mungkin sebesar itu.",
        "'{value}' is over the limit of {limit}. Check the figure; no count of a report can "
        "be that large.",
    ),
    "too_many_digits": (
        "'{value}' memiliki lebih dari {limit} angka. Periksa angkanya.",
        "'{value}' has more than {limit} digits. Check the figure.",
    ),
    "non_ascii_digits": (
        "'{value}' memakai angka selain 0-9. Tulis angka dengan 0-9.",
        "'{value}' uses digits other than 0-9. Write the number with 0-9.",
    ),
    "bad_characters": (
        "'{value}' berisi karakter kontrol atau karakter yang tidak sah. Ketik ulang teksnya.",
        "'{value}' holds a control character or an invalid character. Type the text again.",
    ),
    "not_yes_no": (
        "'{value}' harus 'ya' atau 'tidak'.",
        "'{value}' must be 'ya' (yes) or 'tidak' (no).",
    ),
    "bad_period": (
        "periode '{value}' tidak dapat dibaca. Tulis bulan laporan sebagai TTTT-BB, "
        "mis. 2024-05 untuk Mei 2024.",
        "period '{value}' cannot be read. Write the report month as YYYY-MM, e.g. 2024-05 "
        "for May 2024.",
    ),
    "future_period": (
        "periode {value} masih di masa depan (hari ini {today}). Periksa tahun dan bulan laporan.",
        "period {value} is in the future (today is {today}). Check the report's year and month.",
    ),
    "bad_date": (
        "tanggal '{value}' tidak dapat dibaca. Tulis sebagai TTTT-BB-HH (mis. 2023-03-01) "
        "atau HH/BB/TTTT (mis. 01/03/2023).",
        "date '{value}' cannot be read. Write it as YYYY-MM-DD (e.g. 2023-03-01) or "
        "DD/MM/YYYY (e.g. 01/03/2023).",
    ),
    "future_date": (
        "tanggal {value} masih di masa depan (hari ini {today}). Periksa tanggal SK.",
        "date {value} is in the future (today is {today}). Check the decree date.",
    ),
    "not_text": (
        "'{value}' harus berupa teks.",
        "'{value}' must be text.",
    ),
    "too_long": (
        "teks '{value}' lebih dari {limit} karakter. Persingkat isinya.",
        "text '{value}' is longer than {limit} characters. Shorten it.",
    ),
    # --- region
    "region_format": (
        "kode wilayah '{value}' tidak berformat kode Kemendagri. Tulis 2 angka untuk "
        "provinsi (mis. 32) atau 2 angka, titik, 2 angka untuk kabupaten/kota "
        "(mis. 32.01){hint_id}.",
        "region code '{value}' is not a Kemendagri code. Write 2 digits for a province "
        "(e.g. 32) or 2 digits, a dot and 2 digits for a regency/city (e.g. 32.01){hint_en}.",
    ),
    "region_number": (
        "kode wilayah tersimpan sebagai angka {value}, sehingga nol di belakang bisa hilang "
        "(32.10 menjadi 32.1). Format sel sebagai Teks dan tulis kode lengkap, mis. '32.10.",
        "the region code is stored as the number {value}, which can lose a trailing zero "
        "(32.10 becomes 32.1). Format the cell as Text and write the full code, e.g. '32.10.",
    ),
    "unknown_region": (
        "kode wilayah '{value}' tidak ada dalam daftar Kemendagri (38 provinsi, 514 "
        "kabupaten/kota). Periksa kodenya{hint_id}.",
        "region code '{value}' is not in the Kemendagri list (38 provinces, 514 "
        "regencies/cities). Check the code{hint_en}.",
    ),
    "region_province_mismatch": (
        "kabupaten/kota {region} ({region_name}) tidak berada di provinsi {province}. "
        "Perbaiki kode wilayah atau kode provinsi.",
        "regency/city {region} ({region_name}) is not in province {province}. Correct the "
        "region code or the province code.",
    ),
    "region_name_mismatch": (
        "nama wilayah '{value}' tidak cocok dengan kode {region} ({region_name}). Pastikan "
        "kode wilayah benar{hint_id}.",
        "region name '{value}' does not match code {region} ({region_name}). Make sure the "
        "region code is right{hint_en}.",
    ),
    "file_name_mismatch": (
        "nama berkas menyebut {name_region} {name_period}, tetapi isinya {region} {period}. "
        "Periksa apakah berkas yang diunggah sudah benar.",
        "the file name says {name_region} {name_period} but the content says {region} "
        "{period}. Check that the right file was uploaded.",
    ),
    # --- victims
    "unknown_country": (
        "negara '{value}' tidak dikenal. Gunakan kode ISO (mis. KH) atau nama negara, atau "
        "'dalam_negeri' untuk korban di dalam negeri{hint_id}.",
        "unknown country '{value}'. Use an ISO code (e.g. KH) or a country name, or "
        "'dalam_negeri' for domestic victims{hint_en}.",
    ),
    "total_mismatch": (
        "total korban {declared} tidak sama dengan jumlah rincian di lembar/bagian Korban "
        "({computed}). Perbaiki total atau rinciannya.",
        "total victims {declared} differs from the sum of the breakdown in the Victims "
        "sheet/section ({computed}). Correct the total or the breakdown.",
    ),
    "service_exceeds_total": (
        "layanan {service_id} ({count}) melebihi total korban ({total}). Satu korban "
        "dihitung sekali per jenis layanan; periksa angkanya.",
        "service {service_en} ({count}) exceeds total victims ({total}). A victim counts "
        "once per service type; check the figures.",
    ),
    "restitution_awarded_exceeds": (
        "restitusi dikabulkan (Rp {awarded}) lebih besar dari restitusi diminta "
        "(Rp {requested}) bulan ini. Wajar bila putusan atas permohonan bulan sebelumnya; "
        "bila tidak, periksa angkanya.",
        "restitution awarded (IDR {awarded}) exceeds restitution requested (IDR "
        "{requested}) this month. That is normal when verdicts concern earlier requests; "
        "otherwise check the figures.",
    ),
    "inconsistent_synthetic": (
        "kolom data_sintetis berbeda-beda untuk periode {value}. Isi sama untuk semua baris "
        "satu periode.",
        "column data_sintetis differs between rows of period {value}. Use the same value for "
        "every row of a period.",
    ),
}

# What each vocabulary's values are called in messages.
WHAT: dict[str, tuple[str, str]] = {
    "section": ("bagian", "section"),
    "identity_field": ("isian identitas", "identity field"),
    "task_force_field": ("isian gugus tugas", "task force field"),
    "summary_field": ("isian ringkasan korban", "victim summary field"),
    "enforcement_field": ("isian penegakan hukum", "law enforcement field"),
    "activity": ("jenis kegiatan", "activity type"),
    "service": ("jenis layanan", "service type"),
    "stage": ("tahap penegakan hukum", "enforcement stage"),
    "sex": ("jenis kelamin", "sex"),
    "age_group": ("kelompok umur", "age group"),
    "exploitation": ("jenis eksploitasi", "exploitation type"),
    "agency": ("instansi anggota", "member agency"),
    "column": ("kolom", "column"),
}

VOCABULARIES: dict[str, fields.Vocabulary] = {
    vocabulary.name: vocabulary
    for vocabulary in (
        fields.SECTIONS,
        fields.IDENTITY_FIELDS,
        fields.TASK_FORCE_FIELDS,
        fields.SUMMARY_FIELDS,
        fields.ENFORCEMENT_FIELDS,
        fields.ACTIVITIES,
        fields.SERVICES,
        fields.STAGES,
        fields.SEXES,
        fields.AGE_GROUPS,
        fields.EXPLOITATIONS,
        fields.MEMBER_AGENCIES,
        fields.COLUMNS,
    )
}

DETECTED: dict[str, tuple[str, str]] = {
    "csv": ("teks CSV", "CSV text"),
    "xlsx": ("buku kerja XLSX", "an XLSX workbook"),
    "json": ("JSON", "JSON"),
    "pdf": ("dokumen PDF", "a PDF document"),
    "xls": ("buku kerja Excel lama (.xls)", "an old Excel workbook (.xls)"),
    "zip": ("arsip ZIP atau dokumen Office lain", "a ZIP archive or another Office document"),
    "image": ("gambar", "an image"),
    "html": ("halaman web (HTML)", "a web page (HTML)"),
    "binary": ("data biner yang tidak dikenal", "unrecognised binary data"),
}


def _join(items: list[str]) -> str:
    return ", ".join(items)


def _hint(suggestions: list[str], language: str) -> str:
    if not suggestions:
        return ""
    if language == "id":
        return "; mungkin maksud Anda: " + _join(suggestions)
    return "; did you mean: " + _join(suggestions) + "?"


def _derived(code: str, params: Mapping[str, Any], language: str) -> dict[str, str]:
    """Language-dependent values: allowed codes, suggestions, names of things."""
    out: dict[str, str] = {}
    suffix = "_" + language
    kind = params.get("kind")
    vocabulary = VOCABULARIES.get(kind) if isinstance(kind, str) else None
    suggestions: list[str] = []
    if vocabulary is not None:
        out["allowed" + suffix] = _join(vocabulary.spellings(language))
        suggestions = [vocabulary.spelled(c, language) for c in params.get("suggestions", ())]
        what = WHAT.get(vocabulary.name, (vocabulary.name, vocabulary.name))
        out["what" + suffix] = what[0] if language == "id" else what[1]
    if code == "unknown_country":
        suggestions = [f"{country_name(c, language)} ({c})" for c in params.get("suggestions", ())]
    elif code in ("unknown_region", "region_format", "region_name_mismatch", "missing_sheet"):
        suggestions = list(params.get("suggestions", ()))
    out["hint" + suffix] = _hint(suggestions, language)
    for key in ("what", "first", "fix", "detail", "reason", "sheet", "column"):
        pair = params.get(key + "_pair")
        if isinstance(pair, list | tuple) and len(pair) == 2:
            out[key + suffix] = str(pair[0] if language == "id" else pair[1])
    if "detected" in params:
        pair = DETECTED.get(str(params["detected"]), DETECTED["binary"])
        out["detected" + suffix] = pair[0] if language == "id" else pair[1]
    if code == "xlsx_over_budget":
        names = {"time": ("waktu", "time"), "memory": ("memori", "memory")}
        pair = names.get(str(params.get("budget")), names["time"])
        out["budget" + suffix] = pair[0] if language == "id" else pair[1]
    if "service" in params:
        out["service" + suffix] = fields.SERVICES.spelled(str(params["service"]), language)
    return out


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (``error``) or worth a look (``warning``) in a report file."""

    code: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def where(self, language: str = "id") -> str:
        """``Berkas x.csv, lembar 'Korban', baris 14, kolom 'jumlah'``."""
        indonesian = language == "id"
        parts = [("Berkas " if indonesian else "File ") + self.file]
        if self.sheet:
            parts.append(("lembar '{}'" if indonesian else "sheet '{}'").format(self.sheet))
        if self.row is not None:
            parts.append(("baris {}" if indonesian else "row {}").format(self.row))
        if self.column and self.column.startswith("$"):
            parts.append(
                ("isian JSON '{}'" if indonesian else "JSON field '{}'").format(self.column)
            )
        elif self.column:
            parts.append(("kolom '{}'" if indonesian else "column '{}'").format(self.column))
        return ", ".join(parts)

    def message(self, language: str = "id") -> str:
        """The full sentence for the officer, in Indonesian (``id``) or English (``en``)."""
        language = "id" if language == "id" else "en"
        templates = TEMPLATES.get(self.code)
        values = _Blank({k: v for k, v in self.params.items() if not isinstance(v, list)})
        values.update(_derived(self.code, self.params, language))
        if templates is None:
            body = self.code
        else:
            body = (templates[0] if language == "id" else templates[1]).format_map(values)
        prefix = ""
        if self.severity == WARNING:
            prefix = "Peringatan: " if language == "id" else "Warning: "
        return visible(f"{prefix}{self.where(language)}: {body}")
