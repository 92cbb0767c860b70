"""The task-force registry: does every regional task force exist and work?

One :class:`TaskForceRow` per province and regency/city in scope, built from the latest
accepted report of each region up to the month asked (default: the last complete month),
and the lists the national and provincial users ask for:

- ``none``: no task force (the latest report says not established, or no report at all);
- ``silent``: no accepted report for at least ``months`` months up to that month;
- ``decree``: decree missing, older than ``term_years``, or (where the report gives
  ``berlaku_sampai``) expired or expiring within ``expiry_days`` of today;
- ``members``: membership incomplete against :data:`REQUIRED_MEMBERS`, naming who is missing;
- ``no_rad``: no local action plan; ``no_budget``: no budget (absent or zero).

The last four only concern regions whose latest report says a task force is established.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, Select, and_, func, select

from pantau.access import Scope
from pantau.basis import LIVE, Basis
from pantau.compliance import silent_months
from pantau.models import Region, TaskForce
from pantau.reporting_calendar import add_years, last_complete_month, month_start, today_wib
from pantau.reports import fields
from pantau.reports.model import MEMBER_AGENCIES
from pantau.settings import Settings
from pantau.texts import t

OPTIONAL_MEMBERS = ("imigrasi", "bp3mi")
"""Member agencies that may join a task force but are not required: immigration, BP3MI."""
REQUIRED_MEMBERS: tuple[str, ...] = tuple(
    code for code in MEMBER_AGENCIES if code not in OPTIONAL_MEMBERS
)
"""The member agencies the regulation names for a provincial or regency task force (head of
region, Sekda, Dinas PPPA, police, court, prosecutors, Disnaker, BPBD, Satpol PP,
Diskominfo, Dukcapil, health, social services, Kesbangpol, Bappeda, civil society): the
report template's :data:`pantau.reports.model.MEMBER_AGENCIES` (whose terms in
:data:`pantau.reports.fields.MEMBER_AGENCIES` carry the Indonesian and English names) but
the optional ones."""
DEFAULT_SILENT_MONTHS = 3
DEFAULT_TERM_YEARS = 5
DEFAULT_EXPIRY_DAYS = 90
KINDS = ("none", "silent", "decree", "members", "no_rad", "no_budget")

DECREE_ISSUES = ("missing", "old", "expired", "expiring")


def list_title(kind: str, lang: str) -> str:
    """The heading of list ``kind`` (text ``taskforces.list.<kind>``)."""
    return t(f"taskforces.list.{kind}", lang)


def decree_issue_text(issue: str, lang: str) -> str:
    """What is wrong with a decree, in words (text ``taskforces.decree.<issue>``)."""
    return t(f"taskforces.decree.{issue}", lang)


for _code in REQUIRED_MEMBERS:
    if _code not in fields.MEMBER_AGENCIES.by_code:
        raise RuntimeError(f"required member {_code!r} is not a member agency code")


def member_name(code: str, language: str = "id") -> str:
    """The name of a member agency in ``language``."""
    return fields.MEMBER_AGENCIES.label(code, language)


def status(established: bool | None, silent: int, months: int = DEFAULT_SILENT_MONTHS) -> str:
    """The one task-force status of a region: ``never`` reported, ``silent`` (no accepted
    report for ``months`` months), else ``established`` or ``not_established`` as its
    latest report declares.  Maps, tables, profiles and lists all say this."""
    if established is None:
        return "never"
    if silent >= months:
        return "silent"
    return "established" if established else "not_established"


@dataclass(frozen=True)
class DeclaredTaskForce:
    """A region's task force as its latest report (up to a month) declares it."""

    region_code: str
    period: dt.date
    established: bool
    decree_number: str | None
    decree_date: dt.date | None
    valid_until: dt.date | None
    chair: str | None
    member_agencies: tuple[str, ...]
    action_plan: bool
    budget_idr: int | None

    @classmethod
    def of(cls, row) -> DeclaredTaskForce:
        """From a row of :func:`latest_status_query`."""
        return cls(
            region_code=row.region_code,
            period=row.period,
            established=bool(row.established),
            decree_number=row.decree_number,
            decree_date=row.decree_date,
            valid_until=row.valid_until,
            chair=row.chair,
            member_agencies=tuple(code for code in (row.member_agencies or "").split(";") if code),
            action_plan=bool(row.action_plan),
            budget_idr=row.budget_idr,
        )


def latest_declared(
    engine: Engine, as_of: dt.date, scope: Scope, basis: Basis = LIVE
) -> dict[str, DeclaredTaskForce]:
    """Each region's declared task force from its latest report up to ``as_of``."""
    with engine.connect() as connection:
        rows = connection.execute(latest_status_query(as_of, scope, basis)).all()
    return {row.region_code: DeclaredTaskForce.of(row) for row in rows}


@dataclass(frozen=True)
class TaskForceRow:
    """One region's task force as its latest report (up to ``as_of``) describes it."""

    region_code: str
    region_name: str
    level: str  # province or regency
    kind: str  # provinsi, kabupaten, kota
    province_code: str
    province_name: str
    as_of: dt.date  # the month the state is judged at
    period: dt.date | None  # month of the report the state comes from; None = never reported
    silent_months: int  # months without an accepted report up to as_of
    established: bool | None  # None: never reported
    decree_number: str | None = None
    decree_date: dt.date | None = None
    valid_until: dt.date | None = None
    chair: str | None = None
    members: tuple[str, ...] = ()
    missing_members: tuple[str, ...] = ()
    action_plan: bool | None = None
    budget_idr: int | None = None
    decree_issue: str | None = None  # one of DECREE_ISSUES, for established task forces

    @property
    def last_reported(self) -> dt.date | None:
        """The last month with an accepted report."""
        return self.period

    @property
    def has_task_force(self) -> bool:
        return self.established is True

    def active(self, months: int = DEFAULT_SILENT_MONTHS) -> bool:
        """Established and not silent for ``months`` months."""
        return self.has_task_force and self.silent_months < months

    @property
    def status(self) -> str:
        """:func:`status` of this row."""
        return status(self.established, self.silent_months)


def decree_issue(
    established: bool | None,
    decree_number: str | None,
    decree_date: dt.date | None,
    valid_until: dt.date | None,
    *,
    today: dt.date,
    term_years: int = DEFAULT_TERM_YEARS,
    expiry_days: int = DEFAULT_EXPIRY_DAYS,
) -> str | None:
    """What is wrong with a task force's decree, if anything (one of DECREE_ISSUES)."""
    if established is not True:
        return None
    if not decree_number or decree_date is None:
        return "missing"
    if valid_until is not None:
        if valid_until < today:
            return "expired"
        if valid_until <= today + dt.timedelta(days=expiry_days):
            return "expiring"
    if add_years(decree_date, term_years) <= today:
        return "old"
    return None


def latest_status_query(as_of: dt.date, scope: Scope, basis: Basis = LIVE) -> Select:
    """Each region's task-force row from its latest report up to ``as_of``'s month, in
    ``scope``, among the reports of ``basis``: one query for the register and the maps."""
    task_scope = scope.region_clause(TaskForce.region_code, TaskForce.province_code)
    current = basis.current(TaskForce.report_id, TaskForce.current.is_(True))
    latest = (
        select(TaskForce.region_code, func.max(TaskForce.period).label("period"))
        .where(current, TaskForce.period <= as_of, task_scope)
        .group_by(TaskForce.region_code)
        .subquery()
    )
    return (
        select(TaskForce)
        .join(
            latest,
            and_(
                TaskForce.region_code == latest.c.region_code,
                TaskForce.period == latest.c.period,
            ),
        )
        .where(current)
    )


def registry(
    engine: Engine,
    settings: Settings,
    *,
    scope: Scope | None = None,
    province: str | None = None,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
    term_years: int = DEFAULT_TERM_YEARS,
    expiry_days: int = DEFAULT_EXPIRY_DAYS,
    basis: Basis = LIVE,
) -> list[TaskForceRow]:
    """Every region in ``scope`` (and ``province``, if given) with its task-force state,
    from the reports of ``basis`` (live, or as a release knew them)."""
    scope = scope or Scope.national()
    today = today or basis.day or today_wib()
    as_of = month_start(as_of or last_complete_month(settings.report_due_day, today))
    province_of = func.coalesce(Region.province_code, Region.code)
    region_filter = scope.region_clause(Region.code, province_of)
    if province:
        region_filter = and_(region_filter, province_of == province)
    status_query = latest_status_query(as_of, scope, basis)
    with engine.connect() as connection:
        regions = connection.execute(
            select(Region.code, Region.name, Region.kind, province_of.label("province_code"))
            .where(region_filter)
            .order_by(Region.code)
        ).all()
        names = dict(
            connection.execute(
                select(Region.code, Region.name).where(Region.kind == "provinsi")
            ).all()
        )
        statuses = {row.region_code: row for row in connection.execute(status_query)}
    silence = silent_months(engine, as_of, scope, basis=basis)
    rows = []
    for region in regions:
        status = statuses.get(region.code)
        base = {
            "region_code": region.code,
            "region_name": region.name,
            "level": "province" if region.kind == "provinsi" else "regency",
            "kind": region.kind,
            "province_code": region.province_code,
            "province_name": names.get(region.province_code, region.province_code),
            "as_of": as_of,
            "silent_months": silence.get(region.code, 0),
        }
        if status is None:
            rows.append(TaskForceRow(period=None, established=None, **base))
            continue
        members = tuple(code for code in (status.member_agencies or "").split(";") if code)
        rows.append(
            TaskForceRow(
                period=status.period,
                established=status.established,
                decree_number=status.decree_number,
                decree_date=status.decree_date,
                valid_until=status.valid_until,
                chair=status.chair,
                members=members,
                missing_members=tuple(c for c in REQUIRED_MEMBERS if c not in members)
                if status.established
                else (),
                action_plan=status.action_plan,
                budget_idr=status.budget_idr,
                decree_issue=decree_issue(
                    status.established,
                    status.decree_number,
                    status.decree_date,
                    status.valid_until,
                    today=today,
                    term_years=term_years,
                    expiry_days=expiry_days,
                ),
                **base,
            )
        )
    return rows


def _selector(kind: str, months: int) -> Callable[[TaskForceRow], bool]:
    selectors: dict[str, Callable[[TaskForceRow], bool]] = {
        "none": lambda row: not row.has_task_force,
        "silent": lambda row: row.silent_months >= months,
        "decree": lambda row: row.decree_issue is not None,
        "members": lambda row: row.has_task_force and bool(row.missing_members),
        "no_rad": lambda row: row.has_task_force and not row.action_plan,
        "no_budget": lambda row: row.has_task_force and not row.budget_idr,
    }
    if kind not in selectors:
        raise ValueError(f"unknown list {kind!r}; choose one of {', '.join(KINDS)}")
    return selectors[kind]


def select_rows(
    rows: list[TaskForceRow], kind: str, *, months: int = DEFAULT_SILENT_MONTHS
) -> list[TaskForceRow]:
    """The rows of ``rows`` that belong on list ``kind`` (longest silence first for
    ``silent``, region code order otherwise)."""
    chosen = [row for row in rows if _selector(kind, months)(row)]
    if kind == "silent":
        chosen.sort(key=lambda row: (-row.silent_months, row.region_code))
    return chosen


def task_force_list(
    engine: Engine,
    settings: Settings,
    kind: str,
    *,
    months: int = DEFAULT_SILENT_MONTHS,
    **options,
) -> list[TaskForceRow]:
    """One of the :data:`KINDS` lists (options as for :func:`registry`)."""
    _selector(kind, months)
    return select_rows(registry(engine, settings, **options), kind, months=months)


@dataclass(frozen=True)
class ProvinceRollup:
    """A province's regencies/cities summed up, beside the province's own task force."""

    province_code: str
    province_name: str
    regencies: int
    with_task_force: int
    active: int  # with a task force, not silent for ``months`` months
    silent: int  # silent for ``months`` months (with or without a task force)
    own: TaskForceRow | None  # the provincial task force itself

    @property
    def active_share(self) -> float:
        """The share of regencies/cities with an active task force (0..1)."""
        return self.active / self.regencies if self.regencies else 0.0


def province_rollup(
    rows: list[TaskForceRow], *, months: int = DEFAULT_SILENT_MONTHS
) -> list[ProvinceRollup]:
    """Per province in ``rows``: regencies/cities with a task force, active and silent."""
    provinces: dict[str, dict] = {}
    for row in rows:
        entry = provinces.setdefault(
            row.province_code,
            {"name": row.province_name, "regencies": [], "own": None},
        )
        if row.level == "province":
            entry["own"] = row
        else:
            entry["regencies"].append(row)
    result = []
    for code in sorted(provinces):
        entry = provinces[code]
        regencies = entry["regencies"]
        result.append(
            ProvinceRollup(
                province_code=code,
                province_name=entry["name"],
                regencies=len(regencies),
                with_task_force=sum(1 for r in regencies if r.has_task_force),
                active=sum(1 for r in regencies if r.active(months)),
                silent=sum(1 for r in regencies if r.silent_months >= months),
                own=entry["own"],
            )
        )
    return result
