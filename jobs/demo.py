"""``pantau demo``: synthetic report files for a fresh install, loaded like real ones.

Writes one report file per task force and month (CSV, XLSX or JSON) into the inbox, with
the time it was "received" as the file's modification time, and a Kemenlu table into the
overseas folder; then runs both sources.  Late, corrected, missing and malformed reports,
regencies without a task force and regencies that fall silent are all part of the mix (see
``docs/sources.md``).  Deterministic for a seed and an end month; a second run finds every
file already loaded and changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from jobs.config import Config, ConfigError, SourceConfig
from jobs.demo_data import (
    REGIONAL_VICTIMS_PER_YEAR,
    Profile,
    demo_contacts,
    overseas_months,
    profiles,
    regional_report,
    with_restitution,
)
from jobs.sources import SourceResult
from pantau.db import session_scope
from pantau.models import Contact, Directive, FollowUp, Region, Report
from pantau.reporting_calendar import (
    WIB,
    add_months,
    due_date,
    month_start,
    months_ending,
    previous_month,
)
from pantau.reports.json_format import seal
from pantau.reports.loading import content_hash
from pantau.reports.model import RegionalReport, VictimCount
from pantau.reports.writing import write_overseas_table, write_report
from pantau.settings import Settings

DEFAULT_SEED = 2023
DEFAULT_MONTHS = 12
FORMAT_WEIGHTS = {"csv": 50, "json": 42, "xlsx": 8}
CORRECTION_RATE = 0.03
MALFORMED_KINDS = ("unknown_country", "total_mismatch", "negative_count", "future_period")


@dataclass(frozen=True)
class DemoFile:
    """One file the demonstration delivers."""

    folder: str  # "inbox" or "overseas"
    name: str
    data: bytes
    received_at: dt.datetime
    note: str = "report"  # report, correction, malformed:<kind>, overseas


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A moment in office hours (WIB) on ``day``, in UTC."""
    local = dt.datetime(
        day.year, day.month, day.day, rng.randint(8, 15), rng.randint(0, 59), tzinfo=WIB
    )
    return local.astimezone(dt.UTC)


def _received(rng: random.Random, period: dt.date, punctuality: float, due_day: int) -> dt.datetime:
    due = due_date(period, due_day)
    if rng.random() < punctuality:
        return _at(due - dt.timedelta(days=rng.randint(0, due.day - 1)), rng)
    return _at(due + dt.timedelta(days=rng.randint(1, 40)), rng)


def _file_name(report: RegionalReport, fmt: str, suffix: str = "") -> str:
    return f"laporan_{report.region_code}_{report.period:%Y-%m}{suffix}.{fmt}"


def _corrected(rng: random.Random, report: RegionalReport) -> RegionalReport:
    """A second version: a victim or an enforcement figure was missed the first time."""
    extra = VictimCount("female", "adult", "forced_labour", rng.choice(("MY", "SA", None)), 1)
    enforcement = dict(report.enforcement)
    enforcement["police_reports"] = enforcement.get("police_reports", 0) + 1
    return dataclasses.replace(report, victims=(*report.victims, extra), enforcement=enforcement)


def _malformed(kind: str, report: RegionalReport, later: dt.date) -> bytes:
    """A JSON report with one deliberate mistake of ``kind``."""
    if kind == "future_period":
        return write_report(dataclasses.replace(report, period=later), "json")
    document = json.loads(write_report(report, "json"))
    if kind == "unknown_country":
        document["korban"].append(
            {
                "jenis_kelamin": "perempuan",
                "kelompok_umur": "dewasa",
                "jenis_eksploitasi": "penipuan_daring",
                "negara_tujuan": "Kamboya",
                "jumlah": 2,
            }
        )
        summary = document["ringkasan_korban"]
        summary["total_korban"] = (summary.get("total_korban") or 0) + 2
    elif kind == "total_mismatch":
        summary = document["ringkasan_korban"]
        summary["total_korban"] = (summary.get("total_korban") or 0) + 3
    elif kind == "negative_count":
        document["penegakan_hukum"]["laporan_polisi"] = -2
    sealed = seal(document)  # the one mistake, not a count mismatch besides
    return (json.dumps(sealed, ensure_ascii=False, indent=2) + "\n").encode()


def plan(
    *,
    end: dt.date,
    months: int = DEFAULT_MONTHS,
    seed: int = DEFAULT_SEED,
    due_day: int = 10,
) -> list[DemoFile]:
    """Every file of the demonstration, deterministic for the arguments."""
    periods = months_ending(end, months)
    rng = random.Random(seed)
    people = profiles(rng, periods)
    files: list[DemoFile] = []
    reports: list[tuple[Profile, RegionalReport, dt.datetime]] = []
    for profile in people:
        for period in periods:
            local = random.Random(f"{seed}:{profile.region.code}:{period:%Y-%m}")
            if profile.silent_from is not None and period >= profile.silent_from:
                continue
            reliability = profile.reliability if profile.established else profile.reliability * 0.7
            if local.random() > reliability:
                continue
            monthly = REGIONAL_VICTIMS_PER_YEAR / 12
            report = regional_report(local, profile, period, monthly)
            report = with_restitution(local, report)
            received = _received(local, period, profile.punctuality, due_day)
            reports.append((profile, report, received))
    malformed_at = _malformed_picks(rng, len(reports))
    for number, (_profile, report, received) in enumerate(reports):
        local = random.Random(f"{seed}:file:{report.region_code}:{report.period:%Y-%m}")
        fmt = local.choices(list(FORMAT_WEIGHTS), weights=list(FORMAT_WEIGHTS.values()))[0]
        kind = malformed_at.get(number)
        if kind is not None:
            later = add_months(month_start(received.date()), 12)
            files.append(
                DemoFile(
                    "inbox",
                    _file_name(report, "json"),
                    _malformed(kind, report, later),
                    received,
                    f"malformed:{kind}",
                )
            )
            if number % 2:
                continue  # never corrected: the month stays "rejected"
            received = received + dt.timedelta(days=local.randint(2, 9))
            files.append(
                DemoFile(
                    "inbox",
                    _file_name(report, fmt, "_perbaikan"),
                    write_report(report, fmt),
                    received,
                    "correction",
                )
            )
            continue
        files.append(
            DemoFile("inbox", _file_name(report, fmt), write_report(report, fmt), received)
        )
        if local.random() < CORRECTION_RATE:
            fixed = _corrected(local, report)
            later = received + dt.timedelta(days=local.randint(3, 20), hours=local.randint(0, 6))
            files.append(
                DemoFile(
                    "inbox",
                    _file_name(report, fmt, "_revisi"),
                    write_report(fixed, fmt),
                    later,
                    "correction",
                )
            )
    files.extend(_overseas_files(random.Random(f"{seed}:kemenlu"), periods))
    return files


def _malformed_picks(rng: random.Random, count: int) -> dict[int, str]:
    """Which reports come malformed, and how: a few of every kind."""
    if count == 0:
        return {}
    wanted = max(len(MALFORMED_KINDS) * 2, count // 400)
    chosen = rng.sample(range(count), min(wanted, count))
    return {index: MALFORMED_KINDS[i % len(MALFORMED_KINDS)] for i, index in enumerate(chosen)}


def _overseas_files(rng: random.Random, periods: list[dt.date]) -> list[DemoFile]:
    """Kemenlu's table, sent each quarter with every month so far (cumulative)."""
    months = overseas_months(rng, periods)
    files = []
    for index, month in enumerate(months):
        if month.period.month % 3 and index != len(months) - 1:
            continue
        upto = months[: index + 1]
        following = add_months(month.period, 1).replace(day=3)
        name = f"kemenlu_korban_luar_negeri_{upto[0].period:%Y-%m}_{month.period:%Y-%m}.xlsx"
        files.append(
            DemoFile(
                "overseas",
                name,
                write_overseas_table(upto, "xlsx"),
                _at(following, rng),
                "overseas",
            )
        )
    return files


def _known_hashes(engine: Engine, hashes: list[str]) -> set[str]:
    known: set[str] = set()
    with engine.connect() as connection:
        for start in range(0, len(hashes), 500):
            chunk = hashes[start : start + 500]
            known.update(
                connection.scalars(
                    select(Report.content_hash).where(Report.content_hash.in_(chunk))
                )
            )
    return known


def _folder_source(config: Config, kind: str) -> SourceConfig:
    for source in config.sources:
        if source.kind == kind:
            return source
    raise ConfigError(f"{config.path} has no source of kind {kind!r} for the demonstration")


def write_files(
    files: list[DemoFile], folders: dict[str, Path], now: dt.datetime | None = None
) -> int:
    """Write the files with their receipt time as modification time; returns how many."""
    now = now or dt.datetime.now(dt.UTC)
    written = 0
    for demo_file in files:
        if demo_file.received_at > now:
            continue  # not received yet
        folder = folders[demo_file.folder]
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{demo_file.name}.part"
        temporary.write_bytes(demo_file.data)
        stamp = demo_file.received_at.timestamp()
        os.utime(temporary, (stamp, stamp))
        os.replace(temporary, folder / demo_file.name)
        written += 1
    return written


@dataclass(frozen=True)
class DemoSummary:
    """What ``pantau demo`` did."""

    planned: int
    written: int
    results: tuple[SourceResult, ...]
    contacts: int = 0  # synthetic contacts added


CIRCULAR = {
    "number": "200.6.6/8791/SJ",
    "issued_on": dt.date(2022, 12, 20),
    "title": "Pencegahan TPPO terhadap calon pekerja migran Indonesia",
    "due_date": dt.date(2023, 3, 31),  # a demonstration deadline, not the letter's own
    "done_when": "acted",
    "done_text": "Pemerintah daerah melaporkan langkah pencegahan yang diambil (contoh).",
}


def seed_directive(engine: Engine) -> bool:
    """Record the circular letter 200.6.6/8791/SJ to every governor, regent and mayor with
    synthetic follow-ups, once; False when it is there already."""
    from pantau.directives import add_directive

    with engine.connect() as connection:
        if connection.scalar(select(Directive.id).where(Directive.number == CIRCULAR["number"])):
            return False
        codes = list(connection.scalars(select(Region.code).order_by(Region.code)))
    directive_id = add_directive(engine, addressees="all", **CIRCULAR)
    rows = []
    for code in codes:
        rng = random.Random(f"directive:{CIRCULAR['number']}:{code}")
        if rng.random() >= 0.75:
            continue
        acknowledged = CIRCULAR["issued_on"] + dt.timedelta(days=rng.randint(10, 70))
        acted = None
        if rng.random() < 0.65:
            acted = acknowledged + dt.timedelta(days=rng.randint(5, 90))
        rows.append(
            FollowUp(
                directive_id=directive_id,
                region_code=code,
                acknowledged_on=acknowledged,
                acted_on=acted,
                note="Tindak lanjut contoh (data sintetis)" if acted else None,
                synthetic=True,
            )
        )
    with session_scope(engine) as session:
        session.add_all(rows)
    return True


def seed_contacts(engine: Engine) -> int:
    """Add the synthetic contacts not stored yet; returns how many were added."""
    with session_scope(engine) as session:
        known = set(session.execute(select(Contact.region_code, Contact.role, Contact.email)))
        fresh = [row for row in demo_contacts() if (row[0], row[1], row[3]) not in known]
        session.add_all(
            Contact(region_code=code, role=role, office=office, email=email, synthetic=True)
            for code, role, office, email in fresh
        )
    return len(fresh)


def run_demo(
    engine: Engine,
    settings: Settings,
    config: Config,
    *,
    months: int = DEFAULT_MONTHS,
    seed: int = DEFAULT_SEED,
    end: dt.date | None = None,
    run: Callable[[SourceConfig], SourceResult | None] | None = None,
) -> DemoSummary:
    """Deliver the demonstration files not loaded yet, then run the two folder sources."""
    from jobs.scheduler import run_locked

    end = end or previous_month()
    files = plan(end=end, months=months, seed=seed, due_day=settings.report_due_day)
    known = _known_hashes(engine, [content_hash(f.data) for f in files])
    fresh = [f for f in files if content_hash(f.data) not in known]
    inbox, overseas = _folder_source(config, "inbox"), _folder_source(config, "overseas")
    written = write_files(fresh, {"inbox": inbox.path, "overseas": overseas.path})
    runner = run or (
        lambda source: run_locked(
            engine, settings, source, lease_seconds=config.lock_lease_seconds, trigger="demo"
        )
    )
    results = []
    for source in (inbox, overseas):
        # The files carry their (past) receipt time: the settle check does not hold them.
        result = runner(source)
        if result is not None:
            results.append(result)
    contacts = seed_contacts(engine)
    seed_directive(engine)
    return DemoSummary(
        planned=len(files), written=written, results=tuple(results), contacts=contacts
    )
