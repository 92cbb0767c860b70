"""Interface texts of the analysis pages and exports, in Indonesian (default) and English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # overseas page
    "overseas.title": {"id": "Korban di luar negeri", "en": "Overseas victims"},
    "overseas.source": {"id": "Sumber data", "en": "Data source"},
    "overseas.source.regional": {
        "id": "Laporan gugus tugas daerah",
        "en": "Regional task-force reports",
    },
    "overseas.source.kemenlu": {
        "id": "Kemenlu (perwakilan RI di luar negeri)",
        "en": "Kemenlu (Indonesian missions abroad)",
    },
    "overseas.kemenlu_national": {
        "id": "Tabel Kemenlu hanya tingkat nasional: filter wilayah dan rincian tidak berlaku.",
        "en": "The Kemenlu table is national only: region and breakdown filters do not apply.",
    },
    "overseas.total": {"id": "Korban di luar negeri", "en": "Overseas victims"},
    "overseas.countries": {"id": "Negara tujuan", "en": "Destination countries"},
    "overseas.map": {"id": "Negara tujuan korban", "en": "Victims by destination country"},
    "overseas.ranking": {"id": "Peringkat negara tujuan", "en": "Destination countries ranked"},
    "overseas.top_country": {"id": "Negara tujuan terbanyak", "en": "Most frequent destination"},
    "overseas.trend": {"id": "Tren bulanan per negara", "en": "Monthly trend per country"},
    "overseas.flows": {
        "id": "Alur provinsi asal ke negara tujuan",
        "en": "From province of origin to destination country",
    },
    "overseas.provinces": {"id": "Provinsi asal", "en": "Provinces of origin"},
    "overseas.by_exploitation": {"id": "Menurut jenis eksploitasi", "en": "By exploitation type"},
    "overseas.by_sex": {"id": "Menurut jenis kelamin", "en": "By sex"},
    "overseas.by_age_group": {"id": "Menurut kelompok umur", "en": "By age group"},
    "overseas.country_selected": {"id": "Negara dipilih", "en": "Selected country"},
    "overseas.clear_country": {"id": "Semua negara", "en": "All countries"},
    "overseas.click_hint": {
        "id": "Klik negara di peta atau batang untuk menyaring seluruh halaman.",
        "en": "Click a country on the map or a bar to filter the whole page.",
    },
    "other": {"id": "Lainnya", "en": "Other"},
    # enforcement page
    "enforcement.title": {"id": "Penegakan hukum", "en": "Law enforcement"},
    "enforcement.funnel": {"id": "Alur perkara", "en": "Case funnel"},
    "enforcement.conversion": {
        "id": "Penuntutan per laporan polisi",
        "en": "Prosecutions per police report",
    },
    "enforcement.restitution": {"id": "Restitusi (Rp)", "en": "Restitution (IDR)"},
    "enforcement.requested": {"id": "Diajukan", "en": "Requested"},
    "enforcement.awarded": {"id": "Dikabulkan", "en": "Awarded"},
    "enforcement.stalled": {
        "id": "Wilayah yang perkaranya macet",
        "en": "Regions where cases stall",
    },
    "enforcement.stall_rule": {
        "id": "Aturan: minimal {min_reports} laporan polisi dan kurang dari {rate} dituntut.",
        "en": "Rule: at least {min_reports} police reports and fewer than {rate} prosecuted.",
    },
    "enforcement.no_stalled": {
        "id": "Tidak ada wilayah yang memenuhi aturan ini.",
        "en": "No region meets this rule.",
    },
    "enforcement.rate": {"id": "Tingkat penuntutan", "en": "Prosecution rate"},
    "enforcement.suspects": {"id": "Tersangka", "en": "Suspects"},
    "stage.police_reports": {"id": "Laporan polisi", "en": "Police reports"},
    "stage.investigations": {"id": "Penyidikan", "en": "Investigations"},
    "stage.suspects": {"id": "Tersangka", "en": "Suspects"},
    "stage.p21": {"id": "P21 (berkas lengkap)", "en": "P21 (dossier complete)"},
    "stage.prosecutions": {"id": "Penuntutan", "en": "Prosecutions"},
    "stage.verdicts": {"id": "Putusan", "en": "Verdicts"},
    "stage.convicted": {"id": "Terpidana", "en": "Convicted"},
    # compliance page
    "compliance.title": {"id": "Kepatuhan pelaporan", "en": "Reporting compliance"},
    "compliance.month": {"id": "Bulan", "en": "Month"},
    "compliance.states": {"id": "Status laporan per wilayah", "en": "Report status per region"},
    "state.on_time": {"id": "Tepat waktu", "en": "On time"},
    "state.late": {"id": "Terlambat", "en": "Late"},
    "state.rejected": {"id": "Ditolak", "en": "Rejected"},
    "state.missing": {"id": "Tidak melapor", "en": "Missing"},
    "state.not_due": {"id": "Belum jatuh tempo", "en": "Not yet due"},
    "compliance.rejected": {
        "id": "Laporan ditolak dan alasannya",
        "en": "Rejected reports and why",
    },
    "compliance.no_rejected": {"id": "Tidak ada laporan ditolak.", "en": "No rejected report."},
    "compliance.runs": {"id": "Riwayat pengambilan data", "en": "Ingestion run history"},
    "compliance.freshness": {"id": "Kesegaran data per sumber", "en": "Data freshness per source"},
    "compliance.upload": {"id": "Unggah laporan", "en": "Upload a report"},
    "compliance.upload_hint": {
        "id": "Seret berkas ke sini atau klik untuk memilih (.csv, .xlsx, .json; maks. {size}).",
        "en": "Drag a file here or click to choose (.csv, .xlsx, .json; max. {size}).",
    },
    "compliance.upload_kind": {"id": "Jenis laporan", "en": "Report kind"},
    "compliance.kind.regional": {"id": "Laporan gugus tugas daerah", "en": "Regional report"},
    "compliance.kind.overseas": {"id": "Tabel Kemenlu", "en": "Kemenlu table"},
    "compliance.upload_forbidden": {
        "id": "Peran Anda tidak boleh mengunggah laporan.",
        "en": "Your role may not upload reports.",
    },
    "upload.accepted": {
        "id": "Berkas {file} diterima: {rows} baris data.",
        "en": "File {file} accepted: {rows} data rows.",
    },
    "upload.late": {"id": "Laporan ini terlambat.", "en": "This report is late."},
    "upload.duplicate": {
        "id": "Berkas {file} sudah pernah diterima; tidak ada yang berubah.",
        "en": "File {file} was received before; nothing changed.",
    },
    "upload.rejected": {
        "id": "Berkas {file} ditolak. Perbaiki hal berikut lalu kirim ulang seluruh laporan.",
        "en": "File {file} was rejected. Fix the following and send the whole report again.",
    },
    "upload.bad_type": {
        "id": "Jenis berkas tidak diterima: hanya .csv, .xlsx atau .json.",
        "en": "File type not accepted: only .csv, .xlsx or .json.",
    },
    "upload.too_large": {
        "id": "Berkas terlalu besar ({size}); batasnya {limit}.",
        "en": "File too large ({size}); the limit is {limit}.",
    },
    "upload.unreadable": {
        "id": "Berkas tidak dapat dibaca dari unggahan.",
        "en": "The uploaded file could not be read.",
    },
    "upload.out_of_scope": {
        "id": "Laporan ini untuk wilayah {region}, di luar wilayah Anda.",
        "en": "This report is for region {region}, outside your regions.",
    },
    # columns
    "col.file": {"id": "Berkas", "en": "File"},
    "col.location": {
        "id": "Lokasi (berkas/lembar/baris/kolom)",
        "en": "Where (file/sheet/row/column)",
    },
    "col.sheet": {"id": "Lembar", "en": "Sheet"},
    "col.row": {"id": "Baris", "en": "Row"},
    "col.column": {"id": "Kolom", "en": "Column"},
    "col.message": {"id": "Pesan", "en": "Message"},
    "col.received_at": {"id": "Diterima", "en": "Received"},
    "col.source": {"id": "Sumber", "en": "Source"},
    "col.region": {"id": "Wilayah", "en": "Region"},
    "col.region_code": {"id": "Kode wilayah", "en": "Region code"},
    "col.province": {"id": "Provinsi", "en": "Province"},
    "col.province_code": {"id": "Kode provinsi", "en": "Province code"},
    "col.period": {"id": "Periode", "en": "Period"},
    "col.country": {"id": "Negara (ISO)", "en": "Country (ISO)"},
    "col.country_name_id": {"id": "Negara", "en": "Country (Indonesian name)"},
    "col.country_name_en": {"id": "Negara (nama Inggris)", "en": "Country"},
    "col.exploitation": {"id": "Jenis eksploitasi", "en": "Exploitation type"},
    "col.sex": {"id": "Jenis kelamin", "en": "Sex"},
    "col.age_group": {"id": "Kelompok umur", "en": "Age group"},
    "col.victims": {"id": "Korban", "en": "Victims"},
    "col.state": {"id": "Status", "en": "State"},
    "col.due_date": {"id": "Jatuh tempo", "en": "Due date"},
    "col.versions": {"id": "Versi diterima", "en": "Versions received"},
    "col.rejected_files": {"id": "Berkas ditolak", "en": "Rejected files"},
    "col.level": {"id": "Tingkat", "en": "Level"},
    "col.started_at": {"id": "Mulai", "en": "Started"},
    "col.status": {"id": "Status", "en": "Status"},
    "col.files_seen": {"id": "Berkas dilihat", "en": "Files seen"},
    "col.accepted": {"id": "Diterima", "en": "Accepted"},
    "col.rejected": {"id": "Ditolak", "en": "Rejected"},
    "col.last_run": {"id": "Pengambilan terakhir", "en": "Last run"},
    "col.last_received": {"id": "Laporan terakhir diterima", "en": "Last report received"},
    "col.latest_period": {"id": "Periode terbaru", "en": "Latest period"},
    "col.reports": {"id": "Laporan diterima", "en": "Reports accepted"},
    "col.police_reports": {"id": "Laporan polisi", "en": "Police reports"},
    "col.investigations": {"id": "Penyidikan", "en": "Investigations"},
    "col.suspects": {"id": "Tersangka", "en": "Suspects"},
    "col.p21": {"id": "P21", "en": "P21"},
    "col.prosecutions": {"id": "Penuntutan", "en": "Prosecutions"},
    "col.verdicts": {"id": "Putusan", "en": "Verdicts"},
    "col.convicted": {"id": "Terpidana", "en": "Convicted"},
    "col.rate": {"id": "Tingkat penuntutan", "en": "Prosecution rate"},
    "col.restitution_requested_idr": {
        "id": "Restitusi diajukan (Rp)",
        "en": "Restitution requested (IDR)",
    },
    "col.restitution_awarded_idr": {
        "id": "Restitusi dikabulkan (Rp)",
        "en": "Restitution awarded (IDR)",
    },
    # exports and briefing
    "export.csv": {"id": "Unduh CSV", "en": "Download CSV"},
    "export.xlsx": {"id": "Unduh XLSX", "en": "Download XLSX"},
    "export.pdf": {"id": "Ringkasan rapat (PDF)", "en": "Meeting briefing (PDF)"},
    "export.suppressed": {
        "id": "Angka 1 sampai {threshold} ditampilkan sebagai \u201c{limit}\u201d.",
        "en": "Counts from 1 to {threshold} are shown as \u201c{limit}\u201d.",
    },
    "briefing.title": {"id": "Ringkasan nasional TPPO", "en": "National TPPO briefing"},
    "briefing.period": {"id": "Periode", "en": "Period"},
    "briefing.compared": {"id": "dibanding", "en": "compared with"},
    "briefing.victims": {"id": "Korban ditangani", "en": "Victims handled"},
    "briefing.overseas": {"id": "Korban di luar negeri", "en": "Overseas victims"},
    "briefing.kemenlu": {
        "id": "Ditangani perwakilan RI (Kemenlu)",
        "en": "Handled by missions (Kemenlu)",
    },
    "briefing.top_provinces": {
        "id": "Provinsi dengan korban terbanyak",
        "en": "Provinces with most victims",
    },
    "briefing.top_countries": {"id": "Negara tujuan teratas", "en": "Top destination countries"},
    "briefing.funnel": {"id": "Alur perkara", "en": "Case funnel"},
    "briefing.source": {"id": "Sumber data", "en": "Data source"},
    "briefing.sources_text": {
        "id": "Laporan bulanan gugus tugas provinsi dan kabupaten/kota; tabel Kemenlu.",
        "en": "Monthly reports of province and regency/city task forces; Kemenlu table.",
    },
    "briefing.synthetic": {
        "id": "DATA SINTETIS - bukan data sebenarnya",
        "en": "SYNTHETIC DATA - not real figures",
    },
    "briefing.generated": {"id": "Dibuat", "en": "Generated"},
    "briefing.no_previous": {"id": "tidak ada data sebelumnya", "en": "no earlier data"},
    "no_data": {"id": "Belum ada data untuk pilihan ini.", "en": "No data for this selection yet."},
}

VALUE_LABELS: dict[str, dict[str, str]] = {
    "female": {"id": "Perempuan", "en": "Female"},
    "male": {"id": "Laki-laki", "en": "Male"},
    "child": {"id": "Anak (< 18)", "en": "Child (< 18)"},
    "adult": {"id": "Dewasa", "en": "Adult"},
    "forced_labour": {"id": "Kerja paksa", "en": "Forced labour"},
    "sexual_exploitation": {"id": "Eksploitasi seksual", "en": "Sexual exploitation"},
    "online_scam": {"id": "Penipuan daring", "en": "Online scam"},
    "gambling": {"id": "Industri judi", "en": "Gambling industry"},
    "forced_marriage": {"id": "Kawin paksa", "en": "Forced marriage"},
    "organ_removal": {"id": "Pengambilan organ", "en": "Organ removal"},
    "other": {"id": "Lainnya", "en": "Other"},
    "province": {"id": "Provinsi", "en": "Province"},
    "regency": {"id": "Kabupaten/kota", "en": "Regency/city"},
    "ok": {"id": "Berhasil", "en": "OK"},
    "failed": {"id": "Gagal", "en": "Failed"},
    "running": {"id": "Berjalan", "en": "Running"},
}


def tx(key: str, lang: str = "id", **values: object) -> str:
    """The text ``key`` in ``lang`` (Indonesian when missing), formatted with ``values``."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry["id"]
    return text.format(**values) if values else text


def label(value: str | None, lang: str = "id") -> str:
    """The display label of a category value (sex, age group, exploitation type, ...)."""
    if value is None:
        return ""
    entry = VALUE_LABELS.get(value)
    return (entry.get(lang) or entry["id"]) if entry else value
