"""What the analysis queries are asked for: a period range, a region and breakdown filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, func, select

from pantau.access import Scope
from pantau.models import Fact


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
