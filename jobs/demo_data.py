"""Synthetic but believable report content for the demonstration (see :mod:`jobs.demo`).

Calibrated to the seed's figures: about 2,356 victims reported over 2017-2022 (about 400 a
year nationally in regional reports), 1,262 migrant workers handled abroad by Kemenlu over
a similar horizon, mostly in Cambodia, Myanmar, the Philippines and Laos.  Everything is
drawn from one ``random.Random(seed)`` so a seed always gives the same content.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from geodata.regions import RegionRecord, load_regions
from pantau.reporting_calendar import add_years
from pantau.reports.model import (
    ACTIVITY_TYPES,
    MEMBER_AGENCIES,
    OverseasMonth,
    RegionalReport,
    TaskForceStatus,
    VictimCount,
)
from pantau.taskforces import REQUIRED_MEMBERS

REGIONAL_VICTIMS_PER_YEAR = 400
OVERSEAS_VICTIMS_PER_YEAR = 210
PROVINCE_SHARE = 0.15  # of victims handled by the provincial task forces themselves
COMPLETE_MEMBERSHIP = 0.2  # task forces with every member agency the regulation names
STATES_TERM = 0.35  # decrees that state their end date (berlaku_sampai)
NO_BUDGET = 0.2  # task forces without a budget

# Provinces of origin of many migrant workers, with their weight (1 = ordinary).
ORIGIN_WEIGHT = {
    "53": 6.0,  # Nusa Tenggara Timur
    "52": 5.0,  # Nusa Tenggara Barat
    "35": 3.0,  # Jawa Timur
    "33": 2.6,  # Jawa Tengah
    "32": 2.4,  # Jawa Barat
    "18": 2.2,  # Lampung
    "12": 2.0,  # Sumatera Utara
    "61": 2.6,  # Kalimantan Barat
    "21": 2.4,  # Kepulauan Riau (transit)
    "65": 2.2,  # Kalimantan Utara (Nunukan transit)
    "36": 1.6,  # Banten
    "73": 1.5,  # Sulawesi Selatan
    "51": 1.4,  # Bali
}

# Destination countries by kind of exploitation, with weights.
SCAM_COUNTRIES = {"KH": 45, "MM": 22, "PH": 14, "LA": 12, "TH": 4, "VN": 3}
LABOUR_COUNTRIES = {"MY": 40, "SA": 18, "AE": 10, "TW": 9, "HK": 7, "SG": 6, "QA": 3, "TR": 2}
SEXUAL_COUNTRIES = {"MY": 35, "SG": 15, "JP": 10, "TW": 10, "HK": 10, "CN": 10, "AE": 10}
KEMENLU_COUNTRIES = {
    "KH": 30,
    "MM": 15,
    "PH": 12,
    "LA": 8,
    "MY": 10,
    "SA": 6,
    "AE": 4,
    "TW": 3,
    "HK": 2,
    "SG": 2,
    "TH": 2,
    "VN": 1.5,
    "CN": 1.5,
    "TR": 1,
    "QA": 1,
    "JP": 1,
}
# Most recent victims were recruited for online-scam compounds and the gambling industry in
# ASEAN countries (seed article), ahead of forced labour and sexual exploitation.
EXPLOITATION_WEIGHTS = {
    "online_scam": 40,
    "forced_labour": 22,
    "sexual_exploitation": 12,
    "gambling": 14,
    "forced_marriage": 4,
    "other": 7,
    "organ_removal": 1,
}
OVERSEAS_SHARE = {
    "online_scam": 0.97,
    "gambling": 0.95,
    "forced_labour": 0.75,
    "sexual_exploitation": 0.35,
    "forced_marriage": 0.4,
    "organ_removal": 0.5,
    "other": 0.3,
}
# Eid al-Fitr (Lebaran): departures, and trafficking, rise in the weeks after it.
LEBARAN = {
    2015: 7,
    2016: 7,
    2017: 6,
    2018: 6,
    2019: 6,
    2020: 5,
    2021: 5,
    2022: 5,
    2023: 4,
    2024: 4,
    2025: 3,
    2026: 3,
    2027: 3,
    2028: 2,
    2029: 2,
    2030: 2,
}


def seasonality(month: dt.date) -> float:
    """How busy a month is relative to an average one (peaks after Lebaran, year-end)."""
    lebaran = LEBARAN.get(month.year, 4)
    factor = 1.0
    if month.month == lebaran:
        factor = 0.8
    elif month.month in (lebaran + 1, lebaran - 11):
        factor = 1.6
    elif month.month in (lebaran + 2, lebaran - 10):
        factor = 1.3
    if month.month in (12, 1):
        factor *= 1.35
    return factor


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; normal approximation for large means)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    """One key of ``weights`` drawn in proportion to its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def binomial(rng: random.Random, trials: int, probability: float) -> int:
    """How many of ``trials`` succeed with ``probability`` each."""
    return sum(1 for _ in range(trials) if rng.random() < probability)


@dataclass(frozen=True)
class Profile:
    """How one region's task force behaves over the whole demonstration."""

    region: RegionRecord
    weight: float  # share of the national victims, before seasonality
    established: bool
    activity: float  # 0 = idle, 1 = busy
    punctuality: float  # chance a report is on time
    reliability: float  # chance a report is sent at all
    silent_from: dt.date | None  # stops reporting from this month
    stalls: bool  # cases stop after P21 (prosecutions rarely follow)
    decree_year: int


def profiles(rng: random.Random, months: list[dt.date]) -> list[Profile]:
    """A behaviour for every province and regency, deterministic for the generator."""
    regions = load_regions()
    weights = {}
    for region in regions:
        province = region.code[:2]
        base = ORIGIN_WEIGHT.get(province, 0.6) * rng.uniform(0.4, 1.6)
        if region.kind == "kota":
            base *= 0.6
        weights[region.code] = base
    province_total = sum(w for code, w in weights.items() if "." not in code)
    regency_total = sum(w for code, w in weights.items() if "." in code)
    result = []
    for region in regions:
        is_province = region.kind == "provinsi"
        share = (
            (PROVINCE_SHARE / province_total)
            if is_province
            else ((1 - PROVINCE_SHARE) / regency_total)
        )
        established = is_province or rng.random() > 0.13
        roll = rng.random()
        silent_from = None
        if not is_province and roll < 0.05:
            # Stops reporting: silent for at least the last three months (or all of them).
            silent_from = months[max(0, len(months) - rng.randint(3, 8))]
        result.append(
            Profile(
                region=region,
                weight=weights[region.code] * share,
                established=established,
                activity=rng.uniform(0.5, 1.3) if established else 0.0,
                punctuality=rng.uniform(0.55, 0.97),
                reliability=1.0 if is_province else rng.uniform(0.8, 1.0),
                silent_from=silent_from,
                stalls=rng.random() < 0.12,
                decree_year=rng.randint(2016, 2023),
            )
        )
    return result


def task_force(profile: Profile, period: dt.date) -> TaskForceStatus:
    """Section 1 for a region: stable over time, not established before its decree."""
    if not profile.established:
        return TaskForceStatus(established=False)
    local = random.Random(f"{profile.region.code}-{profile.decree_year}")
    decree_date = dt.date(profile.decree_year, local.randint(1, 12), local.randint(1, 28))
    if decree_date >= period:
        return TaskForceStatus(established=False)
    agencies = ("kepala_daerah", "dinas_pppa", "polri", "kejaksaan", "disnaker")
    extra = tuple(a for a in MEMBER_AGENCIES if a not in agencies and local.random() < 0.45)
    action_plan = local.random() < 0.6
    budget = local.randint(5, 60) * 10_000_000
    # Drawn after the above so that the earlier draws stay as they were.
    complete = local.random() < COMPLETE_MEMBERSHIP
    states_term = local.random() < STATES_TERM
    if local.random() < NO_BUDGET:
        budget = None
    if complete:
        extra = tuple(a for a in REQUIRED_MEMBERS if a not in agencies) + tuple(
            a for a in extra if a not in REQUIRED_MEMBERS
        )
    # A decree states its term where it does: five years, the head of region's term.
    valid_until = add_years(decree_date, 5) - dt.timedelta(days=1)
    head = (
        "Gubernur"
        if profile.region.kind == "provinsi"
        else ("Wali Kota" if profile.region.kind == "kota" else "Bupati")
    )
    place = profile.region.name.replace("Kabupaten ", "").replace("Kota ", "")
    return TaskForceStatus(
        established=True,
        decree_number=f"188.45/{local.randint(10, 999)}/KEP/{profile.decree_year}",
        decree_date=decree_date,
        valid_until=valid_until if states_term else None,
        chair=f"{head} {place}",
        member_agencies=agencies + extra,
        action_plan=action_plan,
        budget_idr=budget,
    )


def regional_report(
    rng: random.Random, profile: Profile, month: dt.date, national_monthly: float
) -> RegionalReport:
    """One month of one region's report."""
    activities = {}
    for activity in ACTIVITY_TYPES:
        events = poisson(rng, profile.activity * (2.0 if activity == "socialisation" else 0.7))
        people = sum(rng.randint(15, 120) for _ in range(events))
        if activity in ("coordination_meeting", "agency_supervision"):
            people = sum(rng.randint(6, 30) for _ in range(events))
        if activity == "prevented_departure":
            people = sum(rng.randint(1, 6) for _ in range(events))
        if events:
            activities[activity] = (events, people)
    victims_total = poisson(rng, national_monthly * profile.weight * seasonality(month))
    counts: dict[tuple[str, str, str, str | None], int] = {}
    for _ in range(victims_total):
        exploitation = pick(rng, EXPLOITATION_WEIGHTS)
        country = None
        if rng.random() < OVERSEAS_SHARE[exploitation]:
            pool = (
                SCAM_COUNTRIES
                if exploitation in ("online_scam", "gambling")
                else SEXUAL_COUNTRIES
                if exploitation == "sexual_exploitation"
                else LABOUR_COUNTRIES
            )
            country = pick(rng, pool)
        sex = (
            "female" if rng.random() < (0.45 if exploitation == "online_scam" else 0.75) else "male"
        )
        age = "child" if rng.random() < (0.05 if country else 0.3) else "adult"
        if exploitation == "forced_marriage":
            sex = "female"
        key = (sex, age, exploitation, country)
        counts[key] = counts.get(key, 0) + 1
    victims = tuple(
        VictimCount(sex, age, exploitation, country, count)
        for (sex, age, exploitation, country), count in sorted(
            counts.items(), key=lambda item: tuple(str(part) for part in item[0])
        )
    )
    overseas = sum(v.count for v in victims if v.country)
    services = {
        "repatriation": binomial(rng, overseas, 0.85),
        "health_rehabilitation": binomial(rng, victims_total, 0.5),
        "social_rehabilitation": binomial(rng, victims_total, 0.6),
        "reintegration": binomial(rng, victims_total, 0.4),
        "legal_aid": binomial(rng, victims_total, 0.35),
    }
    return RegionalReport(
        region_code=profile.region.code,
        period=month,
        task_force=task_force(profile, month),
        activities=activities,
        victims=victims,
        services={k: v for k, v in services.items() if v},
        enforcement=enforcement(rng, profile, victims_total),
        restitution_requested_idr=0,
        restitution_awarded_idr=0,
        synthetic=True,
    )


def enforcement(rng: random.Random, profile: Profile, victims: int) -> dict[str, int]:
    """The funnel: police reports > investigations > P21 > prosecutions > verdicts."""
    police = poisson(rng, 0.15 * profile.activity + 0.45 * victims)
    investigations = binomial(rng, police, 0.75)
    suspects = investigations + binomial(rng, investigations, 0.4)
    p21 = binomial(rng, investigations, 0.6)
    prosecutions = binomial(rng, p21, 0.15 if profile.stalls else 0.85)
    verdicts = binomial(rng, prosecutions, 0.8)
    convicted = verdicts + binomial(rng, verdicts, 0.2)
    stages = {
        "police_reports": police,
        "investigations": investigations,
        "suspects": suspects,
        "p21": p21,
        "prosecutions": prosecutions,
        "verdicts": verdicts,
        "convicted": convicted,
    }
    return {stage: value for stage, value in stages.items() if value}


def with_restitution(rng: random.Random, report: RegionalReport) -> RegionalReport:
    """Add restitution requested and awarded where there were verdicts."""
    verdicts = report.enforcement.get("verdicts", 0)
    if not verdicts:
        return report
    requested = sum(rng.randint(2, 40) for _ in range(verdicts)) * 5_000_000
    awarded = int(requested * rng.choice((0, 0.25, 0.5, 0.8)))
    from dataclasses import replace

    return replace(report, restitution_requested_idr=requested, restitution_awarded_idr=awarded)


def overseas_months(rng: random.Random, months: list[dt.date]) -> list[OverseasMonth]:
    """The Kemenlu table: Indonesian victims handled by missions abroad, by country."""
    result = []
    for month in months:
        total = poisson(rng, OVERSEAS_VICTIMS_PER_YEAR / 12 * seasonality(month))
        counts: dict[str, int] = {}
        for _ in range(total):
            country = pick(rng, KEMENLU_COUNTRIES)
            counts[country] = counts.get(country, 0) + 1
        result.append(
            OverseasMonth(period=month, counts=dict(sorted(counts.items())), synthetic=True)
        )
    return result


def _head_of(region: RegionRecord) -> str:
    return {"provinsi": "Gubernur", "kota": "Wali Kota"}.get(region.kind, "Bupati")


def demo_contacts() -> list[tuple[str, str, str, str]]:
    """Synthetic contacts (region, role, office, email) of every region, at the reserved
    ``.example`` domain (RFC 2606) so that no reminder ever reaches a real office."""
    result = []
    for region in load_regions():
        digits = region.code.replace(".", "")
        place = region.name.replace("Kabupaten ", "").replace("Kota ", "")
        place = place.replace("Provinsi ", "")
        result += [
            (
                region.code,
                "sekretariat",
                f"Sekretariat Gugus Tugas PP-TPPO {region.name}",
                f"sekretariat.{digits}@gugus-tugas.example",
            ),
            (
                region.code,
                "sekda",
                f"Sekretariat Daerah {region.name}",
                f"sekda.{digits}@pemda.example",
            ),
            (
                region.code,
                "kepala_daerah",
                f"{_head_of(region)} {place}",
                f"kepala.{digits}@pemda.example",
            ),
        ]
    return result
