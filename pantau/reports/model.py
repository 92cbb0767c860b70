"""What a regional monthly report holds, as plain data (see ``docs/report-template.md``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ORIGIN_REGIONAL = "gugus_tugas"
ORIGIN_KEMENLU = "kemenlu"

ACTIVITY_TYPES = (
    "socialisation",  # sosialisasi
    "training",  # pelatihan
    "advocacy",  # advokasi
    "coordination_meeting",  # rapat koordinasi
    "cooperation_agreement",  # perjanjian kerja sama
    "agency_supervision",  # pengawasan P3MI / perusahaan penempatan
    "prevented_departure",  # pencegahan keberangkatan non-prosedural
)
SEXES = ("male", "female")
AGE_GROUPS = ("child", "adult")  # child = under 18
EXPLOITATION_TYPES = (
    "forced_labour",
    "sexual_exploitation",
    "online_scam",
    "gambling",
    "forced_marriage",
    "organ_removal",
    "other",
)
SERVICES = (
    "health_rehabilitation",
    "social_rehabilitation",
    "repatriation",
    "reintegration",
    "legal_aid",
)
ENFORCEMENT_STAGES = (
    "police_reports",  # laporan polisi
    "investigations",  # penyidikan
    "suspects",  # tersangka
    "p21",  # berkas lengkap
    "prosecutions",  # penuntutan
    "verdicts",  # putusan
    "convicted",  # terpidana
)
MEMBER_AGENCIES = (
    "kepala_daerah",
    "sekda",
    "dinas_pppa",
    "polri",
    "pengadilan_negeri",
    "kejaksaan",
    "disnaker",
    "bpbd",
    "satpol_pp",
    "diskominfo",
    "dukcapil",
    "dinas_kesehatan",
    "dinas_sosial",
    "kesbangpol",
    "bappeda",
    "imigrasi",
    "bp3mi",
    "masyarakat_sipil",
)


@dataclass(frozen=True)
class TaskForceStatus:
    """Section 1: does the regional task force exist and how is it equipped."""

    established: bool
    decree_number: str | None = None
    decree_date: dt.date | None = None
    valid_until: dt.date | None = None  # end of the decree's term, where it states one
    chair: str | None = None  # the office, e.g. "Bupati Bandung"
    member_agencies: tuple[str, ...] = ()
    action_plan: bool = False  # RAD in place
    budget_idr: int | None = None


@dataclass(frozen=True)
class VictimCount:
    """Section 3: victims handled in the month, one combination of the breakdown."""

    sex: str
    age_group: str
    exploitation: str
    country: str | None  # ISO alpha-2 destination; None = domestic
    count: int


@dataclass(frozen=True)
class FactValues:
    """One row for the ``facts`` table, before it is tied to a stored report."""

    metric: str
    value: int
    item: str | None = None
    sex: str | None = None
    age_group: str | None = None
    exploitation: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class RegionalReport:
    """A valid monthly report of one province or regency/city task force."""

    region_code: str
    period: dt.date  # first day of the month
    task_force: TaskForceStatus
    activities: dict[str, tuple[int, int]] = field(default_factory=dict)  # type: (events, people)
    victims: tuple[VictimCount, ...] = ()
    services: dict[str, int] = field(default_factory=dict)
    enforcement: dict[str, int] = field(default_factory=dict)
    restitution_requested_idr: int = 0
    restitution_awarded_idr: int = 0
    synthetic: bool = False

    def facts(self) -> list[FactValues]:
        """Every non-zero figure of the report as fact rows."""
        rows: list[FactValues] = []
        for activity, (events, people) in self.activities.items():
            if events:
                rows.append(FactValues("activity_events", events, item=activity))
            if people:
                rows.append(FactValues("activity_people", people, item=activity))
        for victim in self.victims:
            if victim.count:
                rows.append(
                    FactValues(
                        "victims",
                        victim.count,
                        sex=victim.sex,
                        age_group=victim.age_group,
                        exploitation=victim.exploitation,
                        country=victim.country,
                    )
                )
        for service, count in self.services.items():
            if count:
                rows.append(FactValues("victim_services", count, item=service))
        for stage, count in self.enforcement.items():
            if count:
                rows.append(FactValues("enforcement", count, item=stage))
        if self.restitution_requested_idr:
            rows.append(FactValues("restitution_requested_idr", self.restitution_requested_idr))
        if self.restitution_awarded_idr:
            rows.append(FactValues("restitution_awarded_idr", self.restitution_awarded_idr))
        return rows


@dataclass(frozen=True)
class OverseasMonth:
    """One month of the national overseas-victim table (Kemenlu): victims by country."""

    period: dt.date
    counts: dict[str, int]  # ISO alpha-2 -> victims handled by missions abroad
    synthetic: bool = False

    def facts(self) -> list[FactValues]:
        return [
            FactValues("overseas_handled", count, country=country)
            for country, count in sorted(self.counts.items())
            if count
        ]
