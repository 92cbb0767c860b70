"""The selection every query takes (:mod:`dashboard.data`: pages, exports, briefings): a
period range, a region, the victim breakdowns and a destination country.

It is separate from view state (language, map kind and level, map metric, count or rate:
:class:`dashboard.filters.FilterState`, which also carries the selection's URL fields).
Both are read from the URL in one place, :meth:`FilterState.from_query`;
:meth:`Selection.of` takes the selection out of a view's state, and :func:`from_query`
builds it from URL parameters, adding ``country``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, func, select

from dashboard.filters import FilterState, Period
from pantau.access import Scope
from pantau.models import Fact
from pantau.reporting_calendar import add_months, months_in

BREAKDOWNS = ("exploitation", "sex", "age_group")
"""The victim breakdowns a selection can choose, in the filter bar's order."""


@dataclass(frozen=True)
class Selection:
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
        object.__setattr__(self, "start", self.start.replace(day=1))
        object.__setattr__(self, "end", self.end.replace(day=1))
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def of(cls, state: FilterState, period: Period, country: str | None = None) -> Selection:
        """The selection of a view's ``state`` over ``period`` (view state left out)."""
        return cls(
            start=period.start,
            end=period.end,
            province=state.province,
            regency=state.regency,
            exploitation=state.exploitation,
            sex=state.sex,
            age_group=state.age_group,
            country=country,
        )

    @property
    def months(self) -> int:
        """How many months the period covers."""
        return months_in(self.start, self.end)

    @property
    def period(self) -> Period:
        """The selection's months."""
        return Period(self.start, self.end)

    @property
    def region(self) -> str | None:
        """The narrowest region chosen (regency, else province), None for national."""
        return self.regency or self.province

    @property
    def level(self) -> str:
        """The regions a list of this selection holds: regencies inside a province, else
        provinces (never a mix of the two)."""
        return "regency" if self.province else "province"

    @property
    def breakdowns(self) -> tuple[str | None, ...]:
        """The victim breakdown values, as a key of shared results."""
        return (self.exploitation, self.sex, self.age_group, self.country)

    def over(self, start: dt.date, end: dt.date) -> Selection:
        """This selection over months ``start`` to ``end`` instead."""
        return replace(self, start=start, end=end)

    def previous(self) -> Selection:
        """The same selection over the equally long period just before this one."""
        return replace(
            self, start=add_months(self.start, -self.months), end=add_months(self.start, -1)
        )

    def with_country(self, country: str | None) -> Selection:
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
        return victim_breakdown(self.exploitation, self.sex, self.age_group, self.country)


def victim_breakdown(
    exploitation: str | None, sex: str | None, age_group: str | None, country: str | None = None
) -> list[ColumnElement[bool]]:
    """Conditions on victim facts for the chosen breakdown values (None = all)."""
    chosen = (
        (Fact.exploitation, exploitation),
        (Fact.sex, sex),
        (Fact.age_group, age_group),
        (Fact.country, country),
    )
    return [column == value for column, value in chosen if value]


def total_value() -> ColumnElement:
    """``SUM(value)``, 0 when no rows match."""
    return func.coalesce(func.sum(Fact.value), 0)


def metric_total(connection, metric: str, conditions: list[ColumnElement[bool]]) -> int:
    """The sum of ``metric`` over the facts matching ``conditions``."""
    value = connection.scalar(select(total_value()).where(Fact.metric == metric, *conditions))
    return int(value or 0)


_COUNTRY = re.compile(r"^[A-Z]{2}$")


def from_query(
    params: Mapping[str, str], default_end: dt.date, scope: Scope | None = None
) -> Selection:
    """The selection of URL parameters, read like every other view's (:class:`FilterState`,
    narrowed to ``scope`` the same way: a regional user's selection stays in their region),
    plus ``country`` (ISO alpha-2).

    Malformed values are ignored.  Without a period: the default months up to
    ``default_end`` (:func:`dashboard.data.periods.default_period_end`).
    """
    state = FilterState.from_query(params, scope=scope)
    return Selection.of(state, state.period(default_end), country_of(params))


def country_of(params: Mapping[str, str]) -> str | None:
    """The destination country of URL parameters (ISO alpha-2), None when absent or
    malformed."""
    country = str(params.get("country") or "").upper()
    return country if _COUNTRY.match(country) else None
