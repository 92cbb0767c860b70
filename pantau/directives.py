"""Follow-up of directives: who was told, who acknowledged, who acted, who is overdue.

A directive goes to all regions (every governor, regent and mayor), to one province's
regions (the province and its regencies/cities) or to a list of regions.  Each addressee's
state is ``done`` (the criterion ``done_when`` is met: acknowledged, or acted), ``overdue``
(not done and the due date has passed) or ``pending``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select

from pantau.access import Scope
from pantau.db import session_scope
from pantau.models import Directive, FollowUp, Region, utcnow
from pantau.reporting_calendar import today_wib
from pantau.reports.numbers import InvalidValue, parse_date

ADDRESSEES = ("all", "province", "list")
DONE_WHEN = ("acknowledged", "acted")
STATES = ("done", "overdue", "pending")
_HEADERS = {
    "kode_wilayah": "region_code",
    "region_code": "region_code",
    "diterima": "acknowledged_on",
    "acknowledged": "acknowledged_on",
    "acknowledged_on": "acknowledged_on",
    "ditindaklanjuti": "acted_on",
    "acted": "acted_on",
    "acted_on": "acted_on",
    "catatan": "note",
    "note": "note",
    "bukti": "evidence_url",
    "evidence": "evidence_url",
    "evidence_url": "evidence_url",
}


class DirectiveError(ValueError):
    """A directive or follow-up that cannot be stored, with the reason."""


def add_directive(
    engine: Engine,
    *,
    number: str,
    issued_on: dt.date,
    title: str,
    addressees: str = "all",
    codes: Iterable[str] = (),
    due_date: dt.date | None = None,
    done_when: str = "acted",
    done_text: str | None = None,
) -> int:
    """Record a directive; returns its id."""
    codes = [code.strip() for code in codes if code.strip()]
    if addressees not in ADDRESSEES:
        raise DirectiveError(f"addressees must be one of {', '.join(ADDRESSEES)}")
    if done_when not in DONE_WHEN:
        raise DirectiveError(f"done_when must be one of {', '.join(DONE_WHEN)}")
    if addressees == "province" and (len(codes) != 1 or "." in codes[0]):
        raise DirectiveError("a directive to a province's regions names one province code")
    if addressees == "list" and not codes:
        raise DirectiveError("a directive to a list of regions names at least one region")
    with session_scope(engine) as session:
        known = set(session.scalars(select(Region.code).where(Region.code.in_(codes))))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise DirectiveError(f"unknown region code(s): {', '.join(unknown)}")
        if session.scalar(select(Directive.id).where(Directive.number == number.strip())):
            raise DirectiveError(f"a directive numbered {number!r} exists already")
        directive = Directive(
            number=number.strip(),
            issued_on=issued_on,
            title=title.strip(),
            addressees=addressees,
            addressee_codes=";".join(codes) or None,
            due_date=due_date,
            done_when=done_when,
            done_text=done_text,
        )
        session.add(directive)
        session.flush()
        return directive.id


def _addressee_clause(directive: Directive):
    province_of = func.coalesce(Region.province_code, Region.code)
    if directive.addressees == "province":
        return province_of == directive.addressee_codes
    if directive.addressees == "list":
        return Region.code.in_((directive.addressee_codes or "").split(";"))
    return Region.code.is_not(None)


def get_directive(engine: Engine, directive_id: int) -> Directive:
    with session_scope(engine) as session:
        directive = session.get(Directive, directive_id)
        if directive is None:
            raise DirectiveError(f"no directive {directive_id}")
        session.expunge(directive)
        return directive


def record_follow_up(
    engine: Engine,
    directive_id: int,
    region_code: str,
    *,
    acknowledged_on: dt.date | None = None,
    acted_on: dt.date | None = None,
    note: str | None = None,
    evidence_url: str | None = None,
    evidence_path: str | None = None,
    synthetic: bool = False,
) -> None:
    """Store (or update) an addressee's follow-up; values left None are kept as they were."""
    directive = get_directive(engine, directive_id)
    with session_scope(engine) as session:
        addressed = session.scalar(
            select(Region.code).where(Region.code == region_code, _addressee_clause(directive))
        )
        if addressed is None:
            raise DirectiveError(f"{region_code} is not an addressee of {directive.number}")
        row = session.scalar(
            select(FollowUp).where(
                FollowUp.directive_id == directive_id, FollowUp.region_code == region_code
            )
        )
        if row is None:
            row = FollowUp(directive_id=directive_id, region_code=region_code)
            session.add(row)
        for name, value in (
            ("acknowledged_on", acknowledged_on),
            ("acted_on", acted_on),
            ("note", note),
            ("evidence_url", evidence_url),
            ("evidence_path", evidence_path),
        ):
            if value is not None:
                setattr(row, name, value)
        if row.acted_on and not row.acknowledged_on:
            row.acknowledged_on = row.acted_on  # acting on it implies having received it
        row.synthetic = synthetic
        row.updated_at = utcnow()


@dataclass(frozen=True)
class FollowUpRow:
    region_code: str
    region_name: str
    level: str
    province_code: str
    state: str
    acknowledged_on: dt.date | None
    acted_on: dt.date | None
    note: str | None
    evidence_url: str | None
    evidence_path: str | None
    synthetic: bool


def state_of(
    directive: Directive, acknowledged: dt.date | None, acted: dt.date | None, today: dt.date
) -> str:
    """``done``, ``overdue`` or ``pending`` for one addressee."""
    done = acted if directive.done_when == "acted" else acknowledged
    if done is not None:
        return "done"
    if directive.due_date is not None and today > directive.due_date:
        return "overdue"
    return "pending"


def follow_ups(
    engine: Engine,
    directive_id: int,
    *,
    scope: Scope | None = None,
    province: str | None = None,
    today: dt.date | None = None,
) -> list[FollowUpRow]:
    """Every addressee of the directive in scope, with its follow-up and state."""
    scope = scope or Scope.national()
    today = today or today_wib()
    directive = get_directive(engine, directive_id)
    province_of = func.coalesce(Region.province_code, Region.code)
    query = (
        select(
            Region.code,
            Region.name,
            Region.kind,
            province_of.label("province_code"),
            FollowUp.acknowledged_on,
            FollowUp.acted_on,
            FollowUp.note,
            FollowUp.evidence_url,
            FollowUp.evidence_path,
            FollowUp.synthetic,
        )
        .outerjoin(
            FollowUp,
            (FollowUp.region_code == Region.code) & (FollowUp.directive_id == directive_id),
        )
        .where(_addressee_clause(directive), scope.region_clause(Region.code, province_of))
        .order_by(Region.code)
    )
    if province:
        query = query.where(province_of == province)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        FollowUpRow(
            region_code=row.code,
            region_name=row.name,
            level="province" if row.kind == "provinsi" else "regency",
            province_code=row.province_code,
            state=state_of(directive, row.acknowledged_on, row.acted_on, today),
            acknowledged_on=row.acknowledged_on,
            acted_on=row.acted_on,
            note=row.note,
            evidence_url=row.evidence_url,
            evidence_path=row.evidence_path,
            synthetic=bool(row.synthetic),
        )
        for row in rows
    ]


def summarise(rows: Iterable[FollowUpRow]) -> dict[str, int]:
    """How many addressees are done, overdue and pending."""
    counts = dict.fromkeys(STATES, 0)
    for row in rows:
        counts[row.state] += 1
    return counts


@dataclass(frozen=True)
class DirectiveSummary:
    id: int
    number: str
    issued_on: dt.date
    title: str
    due_date: dt.date | None
    addressees: int
    counts: dict[str, int]


def list_directives(
    engine: Engine, *, scope: Scope | None = None, today: dt.date | None = None
) -> list[DirectiveSummary]:
    """Every directive, newest first, with its done/overdue/pending counts in scope."""
    with engine.connect() as connection:
        directives = connection.execute(
            select(
                Directive.id,
                Directive.number,
                Directive.issued_on,
                Directive.title,
                Directive.due_date,
            ).order_by(Directive.issued_on.desc(), Directive.id.desc())
        ).all()
    result = []
    for d in directives:
        rows = follow_ups(engine, d.id, scope=scope, today=today)
        result.append(
            DirectiveSummary(
                d.id, d.number, d.issued_on, d.title, d.due_date, len(rows), summarise(rows)
            )
        )
    return result


def read_follow_up_file(path: Path) -> list[dict[str, str]]:
    """Rows of a follow-up CSV (``,`` or ``;``): kode_wilayah, diterima, ditindaklanjuti,
    catatan, bukti (English headers also accepted)."""
    raw = path.read_text(encoding="utf-8-sig")
    first = raw.splitlines()[0] if raw.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    table = list(csv.reader(io.StringIO(raw), delimiter=delimiter))
    if not table:
        return []
    headers = [_HEADERS.get(h.strip().casefold(), h.strip().casefold()) for h in table[0]]
    if "region_code" not in headers:
        raise DirectiveError(f"{path.name}: missing column kode_wilayah")
    return [
        dict(zip(headers, (cell.strip() for cell in row), strict=False))
        for row in table[1:]
        if any(cell.strip() for cell in row)
    ]


def _date(raw: str | None, line: int, name: str) -> dt.date | None:
    try:
        return parse_date(raw)
    except InvalidValue:
        raise DirectiveError(f"line {line}: {name} {raw!r} is not a date") from None


def import_follow_ups(
    engine: Engine, directive_id: int, rows: Iterable[dict[str, str]]
) -> tuple[int, list[str]]:
    """Store every valid row; returns how many were stored and the errors by line."""
    stored, errors = 0, []
    for line, row in enumerate(rows, start=2):
        try:
            record_follow_up(
                engine,
                directive_id,
                row.get("region_code", ""),
                acknowledged_on=_date(row.get("acknowledged_on"), line, "diterima"),
                acted_on=_date(row.get("acted_on"), line, "ditindaklanjuti"),
                note=row.get("note") or None,
                evidence_url=row.get("evidence_url") or None,
            )
        except DirectiveError as exc:
            errors.append(str(exc) if str(exc).startswith("line") else f"line {line}: {exc}")
        else:
            stored += 1
    return stored, errors
