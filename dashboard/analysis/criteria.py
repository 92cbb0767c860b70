"""What the analysis queries are asked for: a period range, a region and breakdown filters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, Engine, func, select

from pantau.access import Scope
from pantau.models import Fact
from pantau.reports.model import AGE_GROUPS, EXPLOITATION_TYPES, SEXES


def month_start(day: dt.date) -> dt.date:
    """The first day of the month of ``day``."""
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before) the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Criteria:
    """A selection of facts: months ``start`` to ``end`` inclusive, region and breakdowns.

    ``province`` (``32``) and ``regency`` (``32.01``) narrow the region; ``exploitation``,
    ``sex``, ``age_group`` and ``country`` (ISO alpha-2) apply to victim figures only.
    """

    start: dt.date
    end: dt.date
    province: str | None = None
    regency: str | None = None
    exploitation: str | None = None
    sex: str | None = None
    age_group: str | None = None
    country: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", month_start(self.start))
        object.__setattr__(self, "end", month_start(self.end))
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @property
    def months(self) -> int:
        """How many months the period covers."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> Criteria:
        """The same selection over the equally long period just before this one."""
        return replace(
            self, start=add_months(self.start, -self.months), end=add_months(self.start, -1)
        )

    def with_country(self, country: str | None) -> Criteria:
        """This selection limited to one destination country (or none)."""
        return replace(self, country=country)

    def region_conditions(self, scope: Scope) -> list[ColumnElement[bool]]:
        """Current facts in the period, inside ``scope`` and the chosen region."""
        conditions = [
            Fact.current.is_(True),
            Fact.period >= self.start,
            Fact.period <= self.end,
            scope.region_clause(Fact.region_code, Fact.province_code),
        ]
        if self.regency:
            conditions.append(Fact.region_code == self.regency)
        elif self.province:
            conditions.append(Fact.province_code == self.province)
        return conditions

    def victim_conditions(self) -> list[ColumnElement[bool]]:
        """The breakdown filters of victim facts."""
        conditions = []
        if self.exploitation:
            conditions.append(Fact.exploitation == self.exploitation)
        if self.sex:
            conditions.append(Fact.sex == self.sex)
        if self.age_group:
            conditions.append(Fact.age_group == self.age_group)
        if self.country:
            conditions.append(Fact.country == self.country)
        return conditions


def total_value() -> ColumnElement:
    """``SUM(value)``, 0 when no rows match."""
    return func.coalesce(func.sum(Fact.value), 0)


def metric_total(connection, metric: str, conditions: list[ColumnElement[bool]]) -> int:
    """The sum of ``metric`` over the facts matching ``conditions``."""
    value = connection.scalar(select(total_value()).where(Fact.metric == metric, *conditions))
    return int(value or 0)


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_PROVINCE = re.compile(r"^\d{2}$")
_REGENCY = re.compile(r"^\d{2}\.\d{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def parse_month(raw: str | None) -> dt.date | None:
    """``YYYY-MM`` as the first day of that month; None when absent or malformed."""
    match = _MONTH.match(raw or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _choice(raw: str | None, allowed: tuple[str, ...]) -> str | None:
    return raw if raw in allowed else None


def _code(raw: str | None, pattern: re.Pattern[str]) -> str | None:
    return raw if raw and pattern.match(raw) else None


def latest_period(engine: Engine) -> dt.date | None:
    """The newest month holding any current fact."""
    with engine.connect() as connection:
        return connection.scalar(select(func.max(Fact.period)).where(Fact.current.is_(True)))


def from_query(
    params: Mapping[str, str], latest: dt.date | None, default_months: int = 12
) -> Criteria:
    """Criteria from URL parameters (``period_from``, ``period_to`` as ``YYYY-MM``,
    ``province``, ``regency``, ``exploitation``, ``sex``, ``age_group``, ``country``).

    Malformed values are ignored.  Without a period: the ``default_months`` up to
    ``latest`` (the newest month with data, else the current month).
    """
    end = parse_month(params.get("period_to")) or month_start(latest or dt.date.today())
    start = parse_month(params.get("period_from")) or add_months(end, 1 - default_months)
    if start > end:
        start, end = end, start
    regency = _code(params.get("regency"), _REGENCY)
    province = _code(params.get("province"), _PROVINCE)
    if regency and province and regency[:2] != province:
        regency = None
    return Criteria(
        start=start,
        end=end,
        province=province or (regency[:2] if regency else None),
        regency=regency,
        exploitation=_choice(params.get("exploitation"), EXPLOITATION_TYPES),
        sex=_choice(params.get("sex"), SEXES),
        age_group=_choice(params.get("age_group"), AGE_GROUPS),
        country=_code((params.get("country") or "").upper(), _COUNTRY),
    )
