"""The vocabulary of the report template: sections, fields, codes and column headers.

Every name has an Indonesian spelling (primary, written in templates) and an English one;
both are accepted when reading, case-, accent-, space- and hyphen-insensitive.  Readers of
the three encodings turn a file into :class:`Entry` objects keyed by the canonical (model)
codes below; :mod:`pantau.reports.validation` turns entries into a report.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pantau.reports import model


@dataclass(frozen=True)
class Term:
    """One allowed value: its canonical code, spellings and a human label."""

    code: str
    id: str
    en: str
    label_id: str
    label_en: str
    aliases: tuple[str, ...] = ()


def key_of(text: str) -> str:
    """The comparison key of a name: ``"Laki-laki "`` -> ``laki_laki``."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", "_", plain.casefold()).strip("_")


class Vocabulary:
    """A closed list of terms, looked up by any of their spellings."""

    def __init__(self, name: str, terms: Iterable[Term]) -> None:
        self.name = name
        self.terms: tuple[Term, ...] = tuple(terms)
        self.by_code: dict[str, Term] = {term.code: term for term in self.terms}
        self._lookup: dict[str, str] = {}
        for term in self.terms:
            for spelling in (term.code, term.id, term.en, term.label_id, term.label_en):
                self._lookup.setdefault(key_of(spelling), term.code)
        for term in self.terms:
            for alias in term.aliases:
                self._lookup[key_of(alias)] = term.code

    def lookup(self, text: object) -> str | None:
        """The canonical code of ``text``, or None."""
        if isinstance(text, bool) or not isinstance(text, str | int):
            return None
        return self._lookup.get(key_of(str(text)))

    def spelled(self, code: str, language: str = "id") -> str:
        """How a canonical code is written in ``language``."""
        term = self.by_code[code]
        return term.id if language == "id" else term.en

    def label(self, code: str, language: str = "id") -> str:
        term = self.by_code[code]
        return term.label_id if language == "id" else term.label_en

    def spellings(self, language: str = "id") -> list[str]:
        """Every code as written in ``language``, in template order."""
        return [term.id if language == "id" else term.en for term in self.terms]

    def suggest(self, text: object, limit: int = 2) -> list[str]:
        """Canonical codes whose spellings are close to ``text``."""
        key = key_of(str(text))
        matches = difflib.get_close_matches(key, list(self._lookup), n=limit * 3, cutoff=0.6)
        codes: list[str] = []
        for match in matches:
            code = self._lookup[match]
            if code not in codes:
                codes.append(code)
        return codes[:limit]


def _terms(rows: Iterable[tuple]) -> list[Term]:
    return [Term(*row) for row in rows]


# --- sections --------------------------------------------------------------------------

IDENTITY = "identity"
TASK_FORCE = "task_force"
ACTIVITY_EVENTS = "activity_events"
ACTIVITY_PEOPLE = "activity_people"
VICTIMS = "victims"
VICTIM_SUMMARY = "victim_summary"
ENFORCEMENT = "enforcement"

SECTIONS = Vocabulary(
    "section",
    _terms(
        [
            (IDENTITY, "identitas", "identity", "Identitas", "Identity"),
            (TASK_FORCE, "gugus_tugas", "task_force", "Gugus Tugas", "Task Force"),
            (ACTIVITY_EVENTS, "kegiatan", "activities", "Kegiatan", "Activities"),
            (
                ACTIVITY_PEOPLE,
                "peserta_kegiatan",
                "activity_participants",
                "Peserta kegiatan",
                "Activity participants",
                ("peserta", "people_reached"),
            ),
            (VICTIMS, "korban", "victims", "Korban", "Victims"),
            (
                VICTIM_SUMMARY,
                "ringkasan_korban",
                "victim_summary",
                "Ringkasan Korban",
                "Victim Summary",
                ("layanan", "layanan_korban", "services"),
            ),
            (
                ENFORCEMENT,
                "penegakan_hukum",
                "law_enforcement",
                "Penegakan Hukum",
                "Law Enforcement",
                ("enforcement",),
            ),
        ]
    ),
)

# --- fields of the key/value sections ---------------------------------------------------

IDENTITY_FIELDS = Vocabulary(
    "identity_field",
    _terms(
        [
            (
                "region_code",
                "kode_wilayah",
                "region_code",
                "Kode wilayah (Kemendagri)",
                "Region code (Kemendagri)",
                ("kode_daerah",),
            ),
            (
                "region_name",
                "nama_wilayah",
                "region_name",
                "Nama wilayah",
                "Region name",
                ("nama_daerah",),
            ),
            ("province_code", "kode_provinsi", "province_code", "Kode provinsi", "Province code"),
            (
                "period",
                "periode",
                "period",
                "Periode (bulan laporan)",
                "Period (report month)",
                ("bulan", "month"),
            ),
            ("synthetic", "data_sintetis", "synthetic", "Data sintetis", "Synthetic data"),
            (
                "office",
                "kantor_pelapor",
                "reporting_office",
                "Kantor pelapor",
                "Reporting office",
                ("kontak", "contact_office"),
            ),
        ]
    ),
)

TASK_FORCE_FIELDS = Vocabulary(
    "task_force_field",
    _terms(
        [
            (
                "established",
                "terbentuk",
                "established",
                "Gugus tugas terbentuk",
                "Task force established",
            ),
            ("decree_number", "nomor_sk", "decree_number", "Nomor SK", "Decree number"),
            ("decree_date", "tanggal_sk", "decree_date", "Tanggal SK", "Decree date"),
            (
                "valid_until",
                "berlaku_sampai",
                "valid_until",
                "SK berlaku sampai",
                "Decree valid until",
                ("masa_berlaku_sk", "decree_valid_until"),
            ),
            ("chair", "ketua", "chair", "Ketua (jabatan)", "Chair (office)"),
            ("members", "anggota", "member_agencies", "Instansi anggota", "Member agencies"),
            (
                "action_plan",
                "rad",
                "action_plan",
                "Rencana Aksi Daerah (RAD)",
                "Local action plan (RAD)",
            ),
            (
                "budget_idr",
                "anggaran_idr",
                "budget_idr",
                "Anggaran (Rp)",
                "Budget (IDR)",
                ("anggaran",),
            ),
        ]
    ),
)

ACTIVITIES = Vocabulary(
    "activity",
    _terms(
        [
            (
                "socialisation",
                "sosialisasi",
                "socialisation",
                "Sosialisasi",
                "Socialisation",
                ("socialization",),
            ),
            ("training", "pelatihan", "training", "Pelatihan", "Training"),
            ("advocacy", "advokasi", "advocacy", "Advokasi", "Advocacy"),
            (
                "coordination_meeting",
                "rapat_koordinasi",
                "coordination_meeting",
                "Rapat koordinasi",
                "Coordination meeting",
                ("rakor",),
            ),
            (
                "cooperation_agreement",
                "perjanjian_kerja_sama",
                "cooperation_agreement",
                "Perjanjian kerja sama",
                "Cooperation agreement",
                ("pks", "mou"),
            ),
            (
                "agency_supervision",
                "pengawasan_p3mi",
                "agency_supervision",
                "Pengawasan P3MI / perusahaan penempatan",
                "Supervision of recruitment agencies",
                ("pengawasan",),
            ),
            (
                "prevented_departure",
                "pencegahan_keberangkatan",
                "prevented_departure",
                "Pencegahan keberangkatan non-prosedural",
                "Prevented non-procedural departures",
                ("pencegahan_keberangkatan_non_prosedural",),
            ),
        ]
    ),
)

TOTAL_VICTIMS = "total_victims"
SERVICES = Vocabulary(
    "service",
    _terms(
        [
            (
                "health_rehabilitation",
                "rehabilitasi_kesehatan",
                "health_rehabilitation",
                "Rehabilitasi kesehatan",
                "Health rehabilitation",
            ),
            (
                "social_rehabilitation",
                "rehabilitasi_sosial",
                "social_rehabilitation",
                "Rehabilitasi sosial",
                "Social rehabilitation",
            ),
            ("repatriation", "pemulangan", "repatriation", "Pemulangan", "Repatriation"),
            (
                "reintegration",
                "reintegrasi_sosial",
                "reintegration",
                "Reintegrasi sosial",
                "Social reintegration",
                ("reintegrasi",),
            ),
            ("legal_aid", "bantuan_hukum", "legal_aid", "Bantuan hukum", "Legal aid"),
        ]
    ),
)
SUMMARY_FIELDS = Vocabulary(
    "summary_field",
    [
        Term(
            TOTAL_VICTIMS,
            "total_korban",
            "total_victims",
            "Total korban ditangani",
            "Total victims handled",
            ("jumlah_korban", "total"),
        ),
        *SERVICES.terms,
    ],
)

RESTITUTION_REQUESTED = "restitution_requested_idr"
RESTITUTION_AWARDED = "restitution_awarded_idr"
STAGES = Vocabulary(
    "stage",
    _terms(
        [
            (
                "police_reports",
                "laporan_polisi",
                "police_reports",
                "Laporan polisi",
                "Police reports",
                ("lp",),
            ),
            ("investigations", "penyidikan", "investigations", "Penyidikan", "Investigations"),
            ("suspects", "tersangka", "suspects", "Tersangka", "Suspects"),
            (
                "p21",
                "p21",
                "p21",
                "Berkas lengkap (P21)",
                "Complete dossiers (P21)",
                ("berkas_lengkap",),
            ),
            ("prosecutions", "penuntutan", "prosecutions", "Penuntutan", "Prosecutions"),
            ("verdicts", "putusan", "verdicts", "Putusan", "Verdicts"),
            ("convicted", "terpidana", "convicted", "Terpidana", "Convicted persons"),
        ]
    ),
)
ENFORCEMENT_FIELDS = Vocabulary(
    "enforcement_field",
    [
        *STAGES.terms,
        Term(
            RESTITUTION_REQUESTED,
            "restitusi_diminta_idr",
            "restitution_requested_idr",
            "Restitusi diminta (Rp)",
            "Restitution requested (IDR)",
            ("restitusi_diminta",),
        ),
        Term(
            RESTITUTION_AWARDED,
            "restitusi_dikabulkan_idr",
            "restitution_awarded_idr",
            "Restitusi dikabulkan (Rp)",
            "Restitution awarded (IDR)",
            ("restitusi_dikabulkan",),
        ),
    ],
)

# --- victim breakdown ---------------------------------------------------------------------

SEXES = Vocabulary(
    "sex",
    _terms(
        [
            ("male", "laki_laki", "male", "Laki-laki", "Male", ("l", "lk", "pria", "m", "laki")),
            ("female", "perempuan", "female", "Perempuan", "Female", ("p", "pr", "wanita", "f")),
        ]
    ),
)
AGE_GROUPS = Vocabulary(
    "age_group",
    _terms(
        [
            (
                "child",
                "anak",
                "child",
                "Anak (di bawah 18 tahun)",
                "Child (under 18)",
                ("anak_anak",),
            ),
            ("adult", "dewasa", "adult", "Dewasa (18 tahun ke atas)", "Adult (18 and over)"),
        ]
    ),
)
EXPLOITATIONS = Vocabulary(
    "exploitation",
    _terms(
        [
            (
                "forced_labour",
                "kerja_paksa",
                "forced_labour",
                "Kerja paksa",
                "Forced labour",
                ("forced_labor", "eksploitasi_tenaga_kerja"),
            ),
            (
                "sexual_exploitation",
                "eksploitasi_seksual",
                "sexual_exploitation",
                "Eksploitasi seksual",
                "Sexual exploitation",
            ),
            (
                "online_scam",
                "penipuan_daring",
                "online_scam",
                "Penipuan daring (online scam)",
                "Online-scam compound",
                ("penipuan_online", "online_scamming", "scam"),
            ),
            (
                "gambling",
                "perjudian",
                "gambling",
                "Industri perjudian",
                "Gambling industry",
                ("judi", "judi_online"),
            ),
            (
                "forced_marriage",
                "perkawinan_paksa",
                "forced_marriage",
                "Perkawinan paksa",
                "Forced marriage",
                ("kawin_paksa", "pengantin_pesanan"),
            ),
            (
                "organ_removal",
                "pengambilan_organ",
                "organ_removal",
                "Pengambilan organ",
                "Organ removal",
                ("perdagangan_organ",),
            ),
            ("other", "lainnya", "other", "Lainnya", "Other", ("lain_lain",)),
        ]
    ),
)
DOMESTIC_WORDS = frozenset(
    {"dalam_negeri", "domestik", "domestic", "indonesia", "id", "idn", "dn", "ri"}
)
DOMESTIC_ID = "dalam_negeri"

# --- member agencies ------------------------------------------------------------------------

MEMBER_AGENCIES = Vocabulary(
    "agency",
    _terms(
        [
            (
                "kepala_daerah",
                "kepala_daerah",
                "head_of_region",
                "Kepala daerah",
                "Head of region",
                ("gubernur", "bupati", "wali_kota", "walikota"),
            ),
            (
                "sekda",
                "sekda",
                "regional_secretary",
                "Sekretaris daerah",
                "Regional secretary",
                ("sekretaris_daerah",),
            ),
            (
                "dinas_pppa",
                "dinas_pppa",
                "women_child_protection",
                "Dinas PPPA",
                "Women and child protection office",
                ("dp3a", "dp3ap2kb", "pppa"),
            ),
            (
                "polri",
                "polri",
                "police",
                "Kepolisian (Polda/Polres)",
                "Police",
                ("polda", "polres", "polresta", "kepolisian", "polisi"),
            ),
            (
                "pengadilan_negeri",
                "pengadilan_negeri",
                "district_court",
                "Pengadilan Negeri",
                "District court",
                ("pn", "pengadilan"),
            ),
            (
                "kejaksaan",
                "kejaksaan",
                "prosecutors",
                "Kejaksaan",
                "Prosecutors",
                ("kejari", "kejati"),
            ),
            (
                "disnaker",
                "disnaker",
                "manpower_office",
                "Dinas Tenaga Kerja",
                "Manpower office",
                ("dinas_tenaga_kerja", "disnakertrans"),
            ),
            ("bpbd", "bpbd", "disaster_agency", "BPBD", "Disaster management agency"),
            ("satpol_pp", "satpol_pp", "civil_service_police", "Satpol PP", "Civil service police"),
            (
                "diskominfo",
                "diskominfo",
                "communications_office",
                "Diskominfo",
                "Communications office",
            ),
            (
                "dukcapil",
                "dukcapil",
                "civil_registry",
                "Dukcapil",
                "Civil registry",
                ("disdukcapil",),
            ),
            (
                "dinas_kesehatan",
                "dinas_kesehatan",
                "health_office",
                "Dinas Kesehatan",
                "Health office",
                ("dinkes",),
            ),
            (
                "dinas_sosial",
                "dinas_sosial",
                "social_office",
                "Dinas Sosial",
                "Social office",
                ("dinsos",),
            ),
            (
                "kesbangpol",
                "kesbangpol",
                "national_unity_office",
                "Kesbangpol",
                "National unity and politics office",
                ("bakesbangpol",),
            ),
            ("bappeda", "bappeda", "planning_agency", "Bappeda", "Planning agency"),
            (
                "imigrasi",
                "imigrasi",
                "immigration",
                "Kantor Imigrasi",
                "Immigration office",
                ("kanim",),
            ),
            (
                "bp3mi",
                "bp3mi",
                "migrant_worker_protection",
                "BP3MI",
                "Migrant worker protection office",
                ("bp2mi", "upt_bp2mi"),
            ),
            (
                "masyarakat_sipil",
                "masyarakat_sipil",
                "civil_society",
                "Masyarakat sipil",
                "Civil society",
                ("lsm", "ngo", "ormas"),
            ),
        ]
    ),
)

# --- column headers -----------------------------------------------------------------------

COLUMNS = Vocabulary(
    "column",
    _terms(
        [
            ("section", "bagian", "section", "Bagian", "Section", ("lembar", "sheet")),
            ("field", "isian", "field", "Isian", "Field", ("kode", "code", "item")),
            (
                "description",
                "keterangan",
                "description",
                "Keterangan",
                "Description",
                ("label", "uraian"),
            ),
            ("value", "nilai", "value", "Nilai", "Value"),
            ("activity", "jenis_kegiatan", "activity", "Jenis kegiatan", "Activity"),
            ("events", "jumlah_kegiatan", "events", "Jumlah kegiatan", "Events"),
            (
                "people",
                "jumlah_peserta",
                "people_reached",
                "Jumlah peserta",
                "People reached",
                ("peserta", "participants"),
            ),
            ("sex", "jenis_kelamin", "sex", "Jenis kelamin", "Sex"),
            (
                "age_group",
                "kelompok_umur",
                "age_group",
                "Kelompok umur",
                "Age group",
                ("umur", "usia"),
            ),
            (
                "exploitation",
                "jenis_eksploitasi",
                "exploitation",
                "Jenis eksploitasi",
                "Exploitation",
            ),
            (
                "destination",
                "negara_tujuan",
                "destination",
                "Negara tujuan",
                "Destination",
                ("negara", "country", "tujuan"),
            ),
            ("count", "jumlah", "count", "Jumlah", "Count", ("jumlah_korban", "victims")),
            ("period", "periode", "period", "Periode", "Period", ("bulan", "month")),
            ("synthetic", "data_sintetis", "synthetic", "Data sintetis", "Synthetic"),
        ]
    ),
)

KEY_VALUE_SECTIONS: Mapping[str, Vocabulary] = {
    IDENTITY: IDENTITY_FIELDS,
    TASK_FORCE: TASK_FORCE_FIELDS,
    VICTIM_SUMMARY: SUMMARY_FIELDS,
    ENFORCEMENT: ENFORCEMENT_FIELDS,
}
SECTION_KEYS: Mapping[str, Vocabulary] = {
    **KEY_VALUE_SECTIONS,
    ACTIVITY_EVENTS: ACTIVITIES,
    ACTIVITY_PEOPLE: ACTIVITIES,
}
DIMENSIONS: Mapping[str, Vocabulary] = {
    "sex": SEXES,
    "age_group": AGE_GROUPS,
    "exploitation": EXPLOITATIONS,
}
VICTIM_COLUMNS = ("sex", "age_group", "exploitation", "destination")

# The vocabularies must cover the model's code lists exactly.
for _vocabulary, _codes in (
    (ACTIVITIES, model.ACTIVITY_TYPES),
    (SERVICES, model.SERVICES),
    (STAGES, model.ENFORCEMENT_STAGES),
    (SEXES, model.SEXES),
    (AGE_GROUPS, model.AGE_GROUPS),
    (EXPLOITATIONS, model.EXPLOITATION_TYPES),
    (MEMBER_AGENCIES, model.MEMBER_AGENCIES),
):
    if tuple(_vocabulary.by_code) != tuple(_codes):
        raise RuntimeError(f"vocabulary {_vocabulary.name} is out of step with the model")


# --- what readers produce --------------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    """Where a value sits: sheet (XLSX), row (1 = header row) and column or JSON path."""

    sheet: str | None = None
    row: int | None = None
    column: str | None = None


@dataclass(frozen=True)
class Cell:
    """One value as read from the file, with its place."""

    value: object
    where: Where = Where()


@dataclass(frozen=True)
class Entry:
    """One datum of a report: the section it belongs to, the field or item it fills (as
    written), its value, and for a victim row the four breakdown cells."""

    section: str
    key: Cell | None
    value: Cell
    row: Where = Where()
    dims: Mapping[str, Cell] = field(default_factory=dict)
