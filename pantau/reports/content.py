"""The content of a report file, format-neutral: what the writers of the three encodings lay
out, filled from a :class:`RegionalReport` or blank for a region and month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geodata.regions import by_code
from pantau.reports import fields
from pantau.reports.model import RegionalReport

Value = str | int | bool | dt.date | tuple[str, ...] | None


@dataclass(frozen=True)
class VictimLine:
    sex: str
    age_group: str
    exploitation: str
    country: str | None
    count: int


@dataclass(frozen=True)
class Content:
    """Every field of a report in template order, with canonical codes as keys; a value of
    None is an empty cell.  ``period`` is the month's first day."""

    identity: tuple[tuple[str, Value], ...]
    task_force: tuple[tuple[str, Value], ...]
    activities: tuple[tuple[str, int | None, int | None], ...]
    victims: tuple[VictimLine, ...]
    summary: tuple[tuple[str, int | None], ...]
    enforcement: tuple[tuple[str, int | None], ...]


def region_name(code: str) -> str | None:
    record = by_code().get(code)
    return record.name if record else None


def _identity(region_code: str, period: dt.date, synthetic: bool | None) -> tuple:
    province = region_code[:2] if "." in region_code else None
    return (
        ("region_code", region_code),
        ("region_name", region_name(region_code)),
        ("province_code", province),
        ("period", period),
        ("synthetic", synthetic),
        ("office", None),
    )


def blank_content(region_code: str, period: dt.date) -> Content:
    """The template of one region and month: identity filled, every figure empty."""
    return Content(
        identity=_identity(region_code, period, False),
        task_force=tuple((term.code, None) for term in fields.TASK_FORCE_FIELDS.terms),
        activities=tuple((term.code, None, None) for term in fields.ACTIVITIES.terms),
        victims=(),
        summary=tuple((term.code, None) for term in fields.SUMMARY_FIELDS.terms),
        enforcement=tuple((term.code, None) for term in fields.ENFORCEMENT_FIELDS.terms),
    )


def report_content(report: RegionalReport) -> Content:
    """A filled report; figures absent from the report stay empty cells."""
    status = report.task_force
    task_force = (
        ("established", status.established),
        ("decree_number", status.decree_number),
        ("decree_date", status.decree_date),
        ("valid_until", status.valid_until),
        ("chair", status.chair),
        ("members", tuple(status.member_agencies)),
        ("action_plan", status.action_plan),
        ("budget_idr", status.budget_idr),
    )
    activities = []
    for term in fields.ACTIVITIES.terms:
        pair = report.activities.get(term.code)
        activities.append((term.code, *(pair if pair is not None else (None, None))))
    total = sum(victim.count for victim in report.victims)
    summary = [(fields.TOTAL_VICTIMS, total)]
    summary += [(term.code, report.services.get(term.code)) for term in fields.SERVICES.terms]
    enforcement = [(term.code, report.enforcement.get(term.code)) for term in fields.STAGES.terms]
    enforcement += [
        (fields.RESTITUTION_REQUESTED, report.restitution_requested_idr),
        (fields.RESTITUTION_AWARDED, report.restitution_awarded_idr),
    ]
    return Content(
        identity=_identity(report.region_code, report.period, report.synthetic),
        task_force=task_force,
        activities=tuple(activities),
        victims=tuple(
            VictimLine(v.sex, v.age_group, v.exploitation, v.country, v.count)
            for v in report.victims
        ),
        summary=tuple(summary),
        enforcement=tuple(enforcement),
    )


def text_of(code: str, value: Value) -> str:
    """A value as written in a CSV or spreadsheet cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if code == "period" and isinstance(value, dt.date):
        return f"{value:%Y-%m}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ";".join(value)
    return str(value)


def destination_text(country: str | None) -> str:
    return fields.DOMESTIC_ID if country is None else country
