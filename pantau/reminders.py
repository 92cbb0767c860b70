"""Reminders and escalation for task forces that do not report.

A region's *run* is its consecutive months without a valid report, counted back from the
last complete month (within the last ``WINDOW`` months).  The ladder
(``PANTAU_REMINDER_LADDER``, default ``sekretariat:1d,sekda:1m,kepala_daerah:3m``) says
who is written to how long after the due date of the run's first month: a day after, the
task-force secretariat; a month after, the Sekda; three months after, an official letter
from Ditjen Politik dan PUM Kemendagri to the head of region.  A run gets the highest step
due and each step at most once (a step is never sent twice for the same months, and never
after a higher one); a failed delivery is recorded and retried on the next run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import smtplib
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from pantau import contacts, letters, mail
from pantau.compliance import compliance
from pantau.db import session_scope
from pantau.models import Contact, Region, Reminder, utcnow
from pantau.reporting_calendar import (
    add_months,
    due_date,
    last_complete_month,
    month_key,
    months_ending,
    today_wib,
)
from pantau.settings import Settings, SettingsError

WINDOW = 12  # months looked back for a run
UNREPORTED = ("missing", "rejected")
LETTER_CLASSIFICATION = "200.6.6"  # Kemendagri's code for the TPPO correspondence
_STEP = re.compile(r"^\s*([a-z_]+)\s*:\s*(\d+)\s*([dm])\s*$")

STEP_TEXT = {
    "sekretariat": {
        "nature": "Biasa",
        "subject": "Pengingat penyampaian laporan bulanan Gugus Tugas PP-TPPO",
        "request": "Mohon laporan tersebut segera disampaikan melalui Pantau TPPO.",
    },
    "sekda": {
        "nature": "Segera",
        "subject": "Laporan bulanan Gugus Tugas PP-TPPO belum disampaikan",
        "request": (
            "Mohon Saudara memastikan Sekretariat Gugus Tugas segera menyampaikan laporan "
            "tersebut melalui Pantau TPPO."
        ),
    },
    "kepala_daerah": {
        "nature": "Penting",
        "subject": "Pelaksanaan tugas dan pelaporan Gugus Tugas PP-TPPO",
        "request": (
            "Sehubungan dengan hal tersebut, diminta kepada Saudara untuk memastikan Gugus "
            "Tugas PP-TPPO di daerah Saudara berfungsi dan menyampaikan laporan yang belum "
            "disampaikan paling lambat 14 (empat belas) hari sejak surat ini diterima."
        ),
    },
}
ROLE_LABEL = {role: names[0] for role, names in contacts.ROLE_NAMES.items()}
ADDRESSEE = {
    "sekretariat": "Sekretariat Gugus Tugas PP-TPPO {region}",
    "sekda": "Sekretaris Daerah {region}",
    "kepala_daerah": "{head} {place}",
}


@dataclass(frozen=True)
class Step:
    """One rung of the ladder: write to ``role`` ``amount`` days or months after the due
    date of the run's first month."""

    role: str
    amount: int
    unit: str  # d or m

    def starts(self, first_month: dt.date, due_day: int) -> dt.date:
        """The first day this step is due for a run starting with ``first_month``."""
        if self.unit == "m":
            # The day after the due date of the month ``amount`` months later.
            return due_date(add_months(first_month, self.amount), due_day) + dt.timedelta(days=1)
        return due_date(first_month, due_day) + dt.timedelta(days=self.amount)


def parse_ladder(text: str) -> tuple[Step, ...]:
    """``sekretariat:1d,sekda:1m,kepala_daerah:3m`` as steps, earliest first."""
    steps = []
    for part in text.split(","):
        match = _STEP.match(part.strip().lower())
        if not match or match.group(1) not in contacts.ROLES:
            raise SettingsError(
                f"PANTAU_REMINDER_LADDER: {part.strip()!r} is not ROLE:NUMBER(d|m) with a role "
                f"of {', '.join(contacts.ROLES)}"
            )
        steps.append(Step(match.group(1), int(match.group(2)), match.group(3)))
    steps.sort(key=lambda step: step.starts(dt.date(2000, 1, 1), 10))
    return tuple(steps)


@dataclass(frozen=True)
class Planned:
    """A reminder due now: one step for one region's run of missing months."""

    step: str
    level: int  # index in the ladder
    region_code: str
    region_name: str
    province_code: str
    months: tuple[dt.date, ...]
    recipients: tuple[str, ...]
    retry: bool = False  # an earlier attempt failed

    @property
    def first_month(self) -> dt.date:
        return self.months[0]


def _runs(engine: Engine, settings: Settings, today: dt.date) -> dict[str, tuple]:
    end = last_complete_month(settings.report_due_day, today)
    rows = compliance(engine, months_ending(end, WINDOW), settings=settings, today=today)
    by_region: dict[str, list] = {}
    for row in rows:
        by_region.setdefault(row.region_code, []).append(row)
    runs = {}
    for code, months in by_region.items():
        run = []
        for row in sorted(months, key=lambda r: r.period, reverse=True):
            if row.state not in UNREPORTED:
                break
            run.append(row.period)
        if run:
            runs[code] = (months[0], tuple(sorted(run)))
    return runs


def plan(engine: Engine, settings: Settings, *, today: dt.date | None = None) -> list[Planned]:
    """Every reminder due on ``today`` (default: today in WIB) and not sent yet."""
    today = today or today_wib()
    ladder = parse_ladder(settings.reminder_ladder)
    runs = _runs(engine, settings, today)
    with engine.connect() as connection:
        history = connection.execute(
            select(Reminder.region_code, Reminder.first_month, Reminder.step, Reminder.sent_at)
        ).all()
        emails = connection.execute(
            select(Contact.region_code, Contact.role, Contact.email).order_by(Contact.email)
        ).all()
    level_of = {step.role: index for index, step in enumerate(ladder)}
    sent: dict[tuple[str, dt.date], int] = {}
    failed: set[tuple[str, dt.date, str]] = set()
    for row in history:
        key = (row.region_code, row.first_month)
        if row.sent_at is None:
            failed.add((*key, row.step))
        elif row.step in level_of:
            sent[key] = max(sent.get(key, -1), level_of[row.step])
    addresses: dict[tuple[str, str], list[str]] = {}
    for row in emails:
        addresses.setdefault((row.region_code, row.role), []).append(row.email)
    result = []
    for code in sorted(runs):
        region, months = runs[code]
        due = [
            i
            for i, step in enumerate(ladder)
            if step.starts(months[0], settings.report_due_day) <= today
        ]
        if not due or sent.get((code, months[0]), -1) >= due[-1]:
            continue
        step = ladder[due[-1]]
        result.append(
            Planned(
                step=step.role,
                level=due[-1],
                region_code=code,
                region_name=region.region_name,
                province_code=region.province_code,
                months=months,
                recipients=tuple(addresses.get((code, step.role), ())),
                retry=(code, months[0], step.role) in failed,
            )
        )
    return result


def _head(kind: str) -> str:
    return {"provinsi": "Gubernur", "kota": "Wali Kota"}.get(kind, "Bupati")


def letter_for(planned: Planned, number: str, day: dt.date, kind: str, synthetic: bool):
    """The :class:`letters.Letter` of a reminder."""
    place = re.sub(r"^(Kabupaten|Kota|Provinsi)\s+", "", planned.region_name)
    text = STEP_TEXT[planned.step]
    count = len(planned.months)
    opening = (
        f"Berdasarkan catatan Pantau TPPO, Gugus Tugas Pencegahan dan Penanganan Tindak "
        f"Pidana Perdagangan Orang (PP-TPPO) {planned.region_name} belum menyampaikan laporan "
        f"bulanan untuk {count} bulan berikut:"
    )
    copies = ("Menteri Dalam Negeri (sebagai laporan)",)
    if planned.step == "kepala_daerah":
        copies += ("Menteri Koordinator Bidang Politik, Hukum, dan Keamanan",)
        if kind != "provinsi":
            copies += (f"Gubernur Provinsi (wilayah {planned.province_code})",)
    return letters.Letter(
        number=number,
        date=day,
        nature=text["nature"],
        subject=text["subject"],
        addressee=ADDRESSEE[planned.step].format(
            region=planned.region_name, head=_head(kind), place=place
        ),
        place="di Tempat",
        opening=opening,
        months=planned.months,
        request=text["request"],
        copies=copies,
        synthetic=synthetic,
    )


def _body(planned: Planned, letter: letters.Letter) -> str:
    months = "\n".join(f"  - {letters.month_name(m)}" for m in planned.months)
    return (
        f"Yth. {letter.addressee},\n\n{letter.opening}\n\n{months}\n\n{letter.request}\n\n"
        f"Surat resmi nomor {letter.number} terlampir (PDF).\n\n"
        f"Direktorat Jenderal Politik dan Pemerintahan Umum\nKementerian Dalam Negeri\n"
    )


@dataclass
class RunResult:
    """What one run of the ladder did (or, as a dry run, would do)."""

    planned: list[Planned]
    dry_run: bool
    sent: list[int] = field(default_factory=list)  # reminder ids
    failed: list[tuple[int, str]] = field(default_factory=list)  # reminder id, error


def run(
    engine: Engine,
    settings: Settings,
    *,
    send: bool = False,
    today: dt.date | None = None,
) -> RunResult:
    """Work out the due reminders; with ``send`` and SMTP configured, record and send them.

    Never raises for a delivery problem: the error is stored and the next run retries.
    """
    today = today or today_wib()
    due = plan(engine, settings, today=today)
    if not send or not settings.smtp_configured:
        return RunResult(planned=due, dry_run=True)
    result = RunResult(planned=due, dry_run=False)
    ladder = parse_ladder(settings.reminder_ladder)
    for planned in due:
        if not planned.recipients:
            continue  # nobody to write to: shown as due until a contact is added
        reminder_id, error = _deliver(engine, settings, planned, today, len(ladder))
        if error is None:
            result.sent.append(reminder_id)
        else:
            result.failed.append((reminder_id, error))
    return result


def _deliver(
    engine: Engine, settings: Settings, planned: Planned, today: dt.date, steps: int
) -> tuple[int, str | None]:
    with session_scope(engine) as session:
        reminder = session.scalar(
            select(Reminder).where(
                Reminder.step == planned.step,
                Reminder.region_code == planned.region_code,
                Reminder.first_month == planned.first_month,
            )
        )
        if reminder is None:
            reminder = Reminder(
                step=planned.step,
                region_code=planned.region_code,
                first_month=planned.first_month,
                attempts=0,
            )
            session.add(reminder)
        reminder.months = ",".join(month_key(m) for m in planned.months)
        reminder.recipients = ",".join(planned.recipients)
        session.flush()
        reminder.letter_number = f"{LETTER_CLASSIFICATION}/{reminder.id:05d}/PUM/{today.year}"
        region = session.get(Region, planned.region_code)
        synthetic = bool(
            session.scalar(
                select(Contact.synthetic).where(Contact.region_code == planned.region_code)
            )
        )
        letter = letter_for(planned, reminder.letter_number, today, region.kind, synthetic)
        letter = dataclasses.replace(
            letter, step=f"{planned.level + 1} dari {steps}: {ROLE_LABEL[planned.step]}"
        )
        pdf = letters.render(letter)
        path = settings.path("letters", f"surat_{reminder.id:05d}_{planned.step}.pdf")
        path.write_bytes(pdf)
        reminder.letter_path = str(path)
        reminder.attempts = (reminder.attempts or 0) + 1
        reminder_id = reminder.id
    error = None
    message = mail.message(
        settings,
        list(planned.recipients),
        f"[Pantau TPPO] {letter.subject} - {planned.region_name}",
        _body(planned, letter),
        (path.name, pdf),
    )
    try:
        mail.send(settings, message)
    except (OSError, smtplib.SMTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
    with session_scope(engine) as session:
        reminder = session.get(Reminder, reminder_id)
        reminder.error = error
        if error is None:
            reminder.sent_at = utcnow()
    return reminder_id, error


@dataclass(frozen=True)
class ReminderRow:
    """A recorded reminder, for the region profile and the admin page."""

    id: int
    step: str
    region_code: str
    region_name: str
    months: tuple[str, ...]
    recipients: tuple[str, ...]
    letter_number: str | None
    letter_path: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None
    attempts: int
    error: str | None


def history(engine: Engine, *, region_code: str | None = None) -> list[ReminderRow]:
    """Recorded reminders, newest first (of one region if given)."""
    query = (
        select(Reminder, Region.name)
        .join(Region, Region.code == Reminder.region_code)
        .order_by(Reminder.created_at.desc(), Reminder.id.desc())
    )
    if region_code:
        query = query.where(Reminder.region_code == region_code)
    with session_scope(engine) as session:
        return [
            ReminderRow(
                id=r.id,
                step=r.step,
                region_code=r.region_code,
                region_name=name,
                months=tuple(r.months.split(",")) if r.months else (),
                recipients=tuple(r.recipients.split(",")) if r.recipients else (),
                letter_number=r.letter_number,
                letter_path=r.letter_path,
                created_at=r.created_at,
                sent_at=r.sent_at,
                attempts=r.attempts,
                error=r.error,
            )
            for r, name in session.execute(query)
        ]
