"""Interface texts of the shell and the core pages, in Indonesian (default) and English.

The language comes from the URL (``?lang=en``); without it, ``settings.language``.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("id", "en")

CATALOGUE: dict[str, dict[str, str]] = {
    # shell: navigation
    "app.title": {"id": "Pantau TPPO", "en": "Pantau TPPO"},
    "app.subtitle": {
        "id": "Gugus Tugas Pencegahan dan Penanganan TPPO",
        "en": "Task Forces against Trafficking in Persons",
    },
    "nav.ringkasan": {"id": "Ringkasan", "en": "Overview"},
    "nav.gugus_tugas": {"id": "Gugus tugas", "en": "Task forces"},
    "nav.luar_negeri": {"id": "Korban luar negeri", "en": "Overseas victims"},
    "nav.penegakan": {"id": "Penegakan hukum", "en": "Law enforcement"},
    "nav.kepatuhan": {"id": "Kepatuhan", "en": "Compliance"},
    "nav.rapat": {"id": "Mode rapat", "en": "Meeting mode"},
    "nav.language": {"id": "Bahasa", "en": "Language"},
    # shell: filters
    "filter.period_from": {"id": "Dari", "en": "From"},
    "filter.period_to": {"id": "Sampai", "en": "To"},
    "filter.province": {"id": "Provinsi", "en": "Province"},
    "filter.regency": {"id": "Kabupaten/kota", "en": "Regency/city"},
    "filter.exploitation": {"id": "Jenis eksploitasi", "en": "Exploitation type"},
    "filter.sex": {"id": "Jenis kelamin", "en": "Sex"},
    "filter.age_group": {"id": "Kelompok umur", "en": "Age group"},
    "filter.all": {"id": "Semua", "en": "All"},
    "filter.map": {"id": "Peta", "en": "Map"},
    "filter.measure": {"id": "Ukuran", "en": "Measure"},
    "map.schematic": {"id": "Skematis", "en": "Schematic"},
    "map.geographic": {"id": "Geografis", "en": "Geographic"},
    "measure.count": {"id": "Jumlah", "en": "Counts"},
    "measure.rate": {"id": "Per 100.000 penduduk", "en": "Per 100,000 people"},
    "shell.fresh": {"id": "Data per {date}", "en": "Data as of {date}"},
    "shell.no_reports": {"id": "Belum ada laporan diterima", "en": "No reports received yet"},
    "shell.synthetic": {"id": "DATA SINTETIS", "en": "SYNTHETIC DATA"},
    "shell.synthetic_hint": {
        "id": "Angka buatan untuk demonstrasi, bukan data sebenarnya.",
        "en": "Made-up figures for demonstration, not real data.",
    },
    "shell.no_boundaries": {
        "id": "Batas wilayah geografis belum diimpor; peta skematis ditampilkan. "
        "Impor dengan: pantau geodata import FILE --level province",
        "en": "No geographic boundaries imported; the schematic map is shown. "
        "Import them with: pantau geodata import FILE --level province",
    },
    # values of the breakdown filters
    "sex.male": {"id": "Laki-laki", "en": "Male"},
    "sex.female": {"id": "Perempuan", "en": "Female"},
    "age_group.child": {"id": "Anak (<18)", "en": "Child (<18)"},
    "age_group.adult": {"id": "Dewasa", "en": "Adult"},
    "exploitation.forced_labour": {"id": "Kerja paksa", "en": "Forced labour"},
    "exploitation.sexual_exploitation": {"id": "Eksploitasi seksual", "en": "Sexual exploitation"},
    "exploitation.online_scam": {"id": "Penipuan daring", "en": "Online scams"},
    "exploitation.gambling": {"id": "Industri judi", "en": "Gambling industry"},
    "exploitation.forced_marriage": {"id": "Kawin paksa", "en": "Forced marriage"},
    "exploitation.organ_removal": {"id": "Pengambilan organ", "en": "Organ removal"},
    "exploitation.other": {"id": "Lainnya", "en": "Other"},
    # metrics
    "metric.victims": {"id": "Korban", "en": "Victims"},
    "metric.overseas_victims": {"id": "Korban di luar negeri", "en": "Overseas victims"},
    "metric.police_reports": {"id": "Laporan polisi", "en": "Police reports"},
    "metric.convictions": {"id": "Terpidana", "en": "Convicted persons"},
    "metric.activities": {"id": "Kegiatan", "en": "Activities"},
    "metric.people_reached": {"id": "Orang terjangkau", "en": "People reached"},
    "metric.task_force": {"id": "Status gugus tugas", "en": "Task-force status"},
    "metric.compliance": {"id": "Laporan tepat waktu", "en": "Reports on time"},
    "metric.label": {"id": "Ukuran pada peta", "en": "Figure on the map"},
    # headline figures
    "headline.victims": {"id": "Korban ditangani", "en": "Victims handled"},
    "headline.of_overseas": {"id": "{count} di luar negeri", "en": "{count} overseas"},
    "headline.police_reports": {"id": "Laporan polisi", "en": "Police reports"},
    "headline.convictions": {"id": "Terpidana", "en": "Convicted persons"},
    "headline.task_forces": {"id": "Gugus tugas terbentuk", "en": "Task forces established"},
    "headline.task_forces_of": {
        "id": "{provinces} dari {province_total} provinsi, {regencies} dari {regency_total} "
        "kab/kota",
        "en": "{provinces} of {province_total} provinces, {regencies} of {regency_total} "
        "regencies/cities",
    },
    "headline.on_time": {"id": "Laporan tepat waktu", "en": "Reports on time"},
    "headline.on_time_of": {
        "id": "{on_time} dari {expected} laporan",
        "en": "{on_time} of {expected} reports",
    },
    "headline.change": {
        "id": "{change} dibanding {period}",
        "en": "{change} compared with {period}",
    },
    "headline.no_change": {
        "id": "tidak ada pembanding ({period})",
        "en": "nothing to compare ({period})",
    },
    # task-force status
    "status.established": {"id": "Terbentuk", "en": "Established"},
    "status.not_established": {"id": "Belum terbentuk", "en": "Not established"},
    "status.silent": {"id": "Tidak melapor {months} bulan", "en": "Silent for {months} months"},
    "status.never": {"id": "Belum pernah melapor", "en": "Never reported"},
    "status.legend": {
        "id": "0 = belum terbentuk, 1 = tidak melapor 3+ bulan, 2 = terbentuk",
        "en": "0 = not established, 1 = silent 3+ months, 2 = established",
    },
    # pages
    "ringkasan.title": {"id": "Ringkasan nasional", "en": "National overview"},
    "ringkasan.map": {"id": "Peta", "en": "Map"},
    "ringkasan.trend": {"id": "Tren bulanan", "en": "Monthly trend"},
    "ringkasan.attention": {"id": "Perlu perhatian", "en": "Needs attention"},
    "ringkasan.attention_none": {
        "id": "Tidak ada wilayah yang memenuhi aturan perhatian pada periode ini.",
        "en": "No region meets an attention rule in this period.",
    },
    "ringkasan.attention_rules": {
        "id": "Aturan: korban naik tajam (paling sedikit {minimum} dan dua kali periode "
        "sebelumnya), gugus tugas belum terbentuk, atau tidak melapor {silent}+ bulan.",
        "en": "Rules: victims jumped (at least {minimum} and twice the previous period), "
        "task force not established, or silent for {silent}+ months.",
    },
    "attention.jump": {
        "id": "Korban naik dari {previous} menjadi {current}",
        "en": "Victims rose from {previous} to {current}",
    },
    "attention.missing": {"id": "Gugus tugas belum terbentuk", "en": "No task force"},
    "attention.silent": {
        "id": "Tidak melapor {months} bulan",
        "en": "No report for {months} months",
    },
    "empty.no_data": {
        "id": "Tidak ada data untuk filter ini ({period}). Perluas periode atau hapus filter.",
        "en": "No data for this filter ({period}). Widen the period or clear filters.",
    },
    "empty.no_reports": {
        "id": "Belum ada laporan yang diterima. Muat data dengan 'pantau demo' atau impor "
        "laporan di halaman Kepatuhan.",
        "en": "No reports received yet. Load data with 'pantau demo' or import reports on "
        "the Compliance page.",
    },
    "gugus.title": {"id": "Kegiatan gugus tugas", "en": "Task-force activity"},
    "gugus.map_hint": {
        "id": "Klik provinsi untuk melihat kabupaten/kotanya.",
        "en": "Click a province to see its regencies and cities.",
    },
    "gugus.back": {"id": "Kembali ke Indonesia", "en": "Back to Indonesia"},
    "gugus.table": {"id": "Wilayah pada peta", "en": "Regions on the map"},
    "gugus.metric": {"id": "Ukuran", "en": "Figure"},
    "col.region": {"id": "Wilayah", "en": "Region"},
    "col.status": {"id": "Status", "en": "Status"},
    "col.silent": {"id": "Bulan tanpa laporan", "en": "Months without report"},
    "col.activities": {"id": "Kegiatan", "en": "Activities"},
    "col.people": {"id": "Orang terjangkau", "en": "People reached"},
    "col.people_rate": {"id": "Terjangkau per 100.000", "en": "Reached per 100,000"},
    "col.victims": {"id": "Korban", "en": "Victims"},
    "col.on_time": {"id": "Tepat waktu", "en": "On time"},
    "col.period": {"id": "Periode", "en": "Period"},
    "col.version": {"id": "Versi", "en": "Version"},
    "col.received": {"id": "Diterima", "en": "Received"},
    "col.state": {"id": "Keadaan", "en": "State"},
    "col.reasons": {"id": "Alasan penolakan", "en": "Reasons for rejection"},
    "col.value": {"id": "Nilai", "en": "Value"},
    "wilayah.title": {"id": "Profil wilayah", "en": "Region profile"},
    "wilayah.not_found": {
        "id": "Wilayah dengan kode {code} tidak dikenal. Gunakan kode Kemendagri, "
        "misalnya 32 atau 32.01.",
        "en": "No region has the code {code}. Use a Kemendagri code such as 32 or 32.01.",
    },
    "wilayah.denied": {
        "id": "Anda tidak memiliki akses ke wilayah ini.",
        "en": "You do not have access to this region.",
    },
    "wilayah.task_force": {"id": "Gugus tugas", "en": "Task force"},
    "wilayah.no_task_force": {
        "id": "Belum ada laporan status gugus tugas.",
        "en": "No task-force status reported yet.",
    },
    "wilayah.decree": {"id": "Surat keputusan (SK)", "en": "Decree (SK)"},
    "wilayah.chair": {"id": "Ketua", "en": "Chair"},
    "wilayah.members": {"id": "Anggota", "en": "Members"},
    "wilayah.action_plan": {"id": "Rencana aksi daerah (RAD)", "en": "Local action plan (RAD)"},
    "wilayah.budget": {"id": "Anggaran", "en": "Budget"},
    "wilayah.as_of": {"id": "Menurut laporan {period}", "en": "As reported for {period}"},
    "wilayah.figures": {"id": "Angka periode ini", "en": "Figures of the period"},
    "wilayah.trend": {"id": "Tren bulanan", "en": "Monthly trend"},
    "wilayah.history": {"id": "Riwayat laporan", "en": "Report history"},
    "wilayah.no_history": {"id": "Belum ada laporan.", "en": "No reports yet."},
    "wilayah.population": {"id": "Penduduk", "en": "Population"},
    "wilayah.regencies": {"id": "Kabupaten/kota", "en": "Regencies/cities"},
    "wilayah.province": {"id": "Provinsi", "en": "Province"},
    "yes": {"id": "Ada", "en": "Yes"},
    "no": {"id": "Tidak ada", "en": "No"},
    "state.accepted": {"id": "Diterima", "en": "Accepted"},
    "state.superseded": {"id": "Diganti versi baru", "en": "Superseded"},
    "state.rejected": {"id": "Ditolak", "en": "Rejected"},
    "state.late": {"id": "terlambat", "en": "late"},
    # member agencies
    "agency.kepala_daerah": {"id": "Kepala daerah", "en": "Head of region"},
    "agency.sekda": {"id": "Sekretaris daerah", "en": "Regional secretary"},
    "agency.dinas_pppa": {"id": "Dinas PPPA", "en": "Women and child protection office (PPPA)"},
    "agency.polri": {"id": "Kepolisian (Polda/Polres)", "en": "Police (Polda/Polres)"},
    "agency.pengadilan_negeri": {"id": "Pengadilan Negeri", "en": "District court"},
    "agency.kejaksaan": {"id": "Kejaksaan", "en": "Prosecutors' office"},
    "agency.disnaker": {"id": "Dinas Tenaga Kerja", "en": "Manpower office"},
    "agency.bpbd": {"id": "BPBD", "en": "Disaster management agency (BPBD)"},
    "agency.satpol_pp": {"id": "Satpol PP", "en": "Civil service police (Satpol PP)"},
    "agency.diskominfo": {"id": "Diskominfo", "en": "Communications office"},
    "agency.dukcapil": {"id": "Dukcapil", "en": "Civil registry (Dukcapil)"},
    "agency.dinas_kesehatan": {"id": "Dinas Kesehatan", "en": "Health office"},
    "agency.dinas_sosial": {"id": "Dinas Sosial", "en": "Social services office"},
    "agency.kesbangpol": {"id": "Kesbangpol", "en": "National unity and politics office"},
    "agency.bappeda": {"id": "Bappeda", "en": "Development planning agency"},
    "agency.imigrasi": {"id": "Imigrasi", "en": "Immigration"},
    "agency.bp3mi": {"id": "BP3MI", "en": "Migrant-worker protection office (BP3MI)"},
    "agency.masyarakat_sipil": {"id": "Masyarakat sipil", "en": "Civil society"},
    # meeting mode
    "rapat.title": {"id": "Mode rapat", "en": "Meeting mode"},
    "rapat.slide.ringkasan": {"id": "Ringkasan nasional", "en": "National overview"},
    "rapat.slide.peta": {"id": "Korban per provinsi", "en": "Victims by province"},
    "rapat.slide.gugus": {"id": "Status gugus tugas", "en": "Task-force status"},
    "rapat.slide.luar-negeri": {"id": "Korban di luar negeri", "en": "Overseas victims"},
    "rapat.slide.penegakan": {"id": "Penegakan hukum", "en": "Law enforcement"},
    "rapat.slide.tren": {"id": "Tren bulanan korban", "en": "Monthly trend of victims"},
    "rapat.source": {
        "id": "Sumber: laporan gugus tugas daerah, Pantau TPPO. Periode {period}.",
        "en": "Source: regional task-force reports, Pantau TPPO. Period {period}.",
    },
    "rapat.source_kemenlu": {
        "id": "Sumber: Kemenlu (perwakilan RI di luar negeri). Periode {period}.",
        "en": "Source: Kemenlu (Indonesian missions abroad). Period {period}.",
    },
    "rapat.keys": {
        "id": "← → atau PageUp/PageDown untuk pindah slide",
        "en": "← → or PageUp/PageDown to change slides",
    },
    "rapat.previous": {"id": "Sebelumnya", "en": "Previous"},
    "rapat.next": {"id": "Berikutnya", "en": "Next"},
    "rapat.slide_of": {"id": "Slide {number} dari {total}", "en": "Slide {number} of {total}"},
    "rapat.auto": {
        "id": "Berganti otomatis tiap {seconds} detik",
        "en": "Advances every {seconds} s",
    },
    "rapat.countries": {"id": "Negara tujuan teratas", "en": "Top destination countries"},
    "rapat.funnel": {"id": "Alur perkara", "en": "Case funnel"},
}


def normalise_lang(raw: str | None, default: str = "id") -> str:
    """``raw`` when it is a supported language, else ``default``."""
    return raw if raw in LANGUAGES else (default if default in LANGUAGES else "id")


def t(key: str, lang: str, **values: object) -> str:
    """The text ``key`` in ``lang`` (Indonesian when missing), ``values`` filled in.

    An unknown key returns the key itself, so a missing text is visible, never a crash.
    """
    entry = CATALOGUE.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["id"]
    return text.format(**values) if values else text


def options(keys: Mapping[str, str] | tuple[str, ...], prefix: str, lang: str) -> list[dict]:
    """Dropdown options ``{"label", "value"}`` for values with texts ``prefix.value``."""
    return [{"label": t(f"{prefix}.{value}", lang), "value": value} for value in keys]
