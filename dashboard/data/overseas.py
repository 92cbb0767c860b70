"""Overseas victims: by destination country, over time, by province of origin and breakdown.

Two sources: the regional reports' victims with a destination country (``regional``) and
the national table of victims handled by Kemenlu's missions abroad (``kemenlu``, national
only: it has no region, so a regional scope sees none of it and region filters do not
apply to it).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, select
from sqlalchemy.orm import aliased

from dashboard.selection import BREAKDOWNS, Selection, total_value
from pantau.access import Scope
from pantau.models import Country, Fact, Region

SOURCE_REGIONAL = "regional"
SOURCE_KEMENLU = "kemenlu"
SOURCES = (SOURCE_REGIONAL, SOURCE_KEMENLU)
OTHER = "other"

# Columns of the regional export rows, in order.
REGIONAL_EXPORT_COLUMNS = (
    "period",
    "province_code",
    "province",
    "region_code",
    "region",
    "country",
    "country_name_id",
    "country_name_en",
    "exploitation",
    "sex",
    "age_group",
    "victims",
)


@dataclass(frozen=True)
class CountryTotal:
    """Victims for one destination country."""

    alpha2: str
    alpha3: str
    name_id: str
    name_en: str
    value: int

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


@dataclass(frozen=True)
class ProvinceTotal:
    """Victims from one province of origin."""

    code: str
    name: str
    value: int


@dataclass(frozen=True)
class MonthlyValue:
    """Victims for one country in one month."""

    period: dt.date
    alpha2: str
    value: int


@dataclass(frozen=True)
class Flow:
    """Victims from a province (or ``other``) to a country (or ``other``)."""

    province: str
    country: str
    value: int


def source_metric(source: str) -> str:
    """The fact metric behind ``source``."""
    if source not in SOURCES:
        raise ValueError(f"unknown overseas source {source!r}")
    return "overseas_handled" if source == SOURCE_KEMENLU else "victims"


def conditions(selection: Selection, scope: Scope, source: str) -> list[ColumnElement[bool]]:
    """The WHERE clause of overseas facts from ``source`` for ``selection`` within ``scope``."""
    metric = source_metric(source)
    if source == SOURCE_KEMENLU:
        national = Selection(start=selection.start, end=selection.end, country=selection.country)
        where = national.region_conditions(scope)
        if selection.country:
            where.append(Fact.country == selection.country)
    else:
        where = selection.region_conditions(scope) + selection.victim_conditions()
    return [Fact.metric == metric, Fact.country.is_not(None), *where]


def total(engine: Engine, selection: Selection, scope: Scope, source: str = SOURCE_REGIONAL) -> int:
    """All overseas victims of the selection."""
    with engine.connect() as connection:
        value = connection.scalar(
            select(total_value()).where(*conditions(selection, scope, source))
        )
    return int(value or 0)


def by_country(
    engine: Engine, selection: Selection, scope: Scope, source: str = SOURCE_REGIONAL
) -> list[CountryTotal]:
    """Victims per destination country, largest first (ties by country code)."""
    value = total_value().label("value")
    query = (
        select(Country.alpha2, Country.alpha3, Country.name_id, Country.name_en, value)
        .join(Country, Country.alpha2 == Fact.country)
        .where(*conditions(selection, scope, source))
        .group_by(Country.alpha2, Country.alpha3, Country.name_id, Country.name_en)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    totals = [CountryTotal(r[0], r[1], r[2], r[3], int(r[4])) for r in rows if r[4]]
    return sorted(totals, key=lambda row: (-row.value, row.alpha2))


def monthly_by_country(
    engine: Engine,
    selection: Selection,
    scope: Scope,
    countries: list[str],
    source: str = SOURCE_REGIONAL,
) -> list[MonthlyValue]:
    """Victims per month for each of ``countries``, ordered by month then country."""
    if not countries:
        return []
    value = total_value().label("value")
    query = (
        select(Fact.period, Fact.country, value)
        .where(*conditions(selection, scope, source), Fact.country.in_(countries))
        .group_by(Fact.period, Fact.country)
        .order_by(Fact.period, Fact.country)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [MonthlyValue(row[0], row[1], int(row[2])) for row in rows]


def _province_country_matrix(
    engine: Engine, selection: Selection, scope: Scope
) -> list[tuple[str, str, str, int]]:
    province = aliased(Region)
    value = total_value().label("value")
    query = (
        select(Fact.province_code, province.name, Fact.country, value)
        .join(province, province.code == Fact.province_code)
        .where(*conditions(selection, scope, SOURCE_REGIONAL))
        .group_by(Fact.province_code, province.name, Fact.country)
    )
    with engine.connect() as connection:
        return [(r[0], r[1], r[2], int(r[3])) for r in connection.execute(query).all() if r[3]]


def origin_provinces(engine: Engine, selection: Selection, scope: Scope) -> list[ProvinceTotal]:
    """Overseas victims per province of origin (regional reports), largest first."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for code, name, _country, value in _province_country_matrix(engine, selection, scope):
        totals[(code, name)] += value
    rows = [ProvinceTotal(code, name, value) for (code, name), value in totals.items()]
    return sorted(rows, key=lambda row: (-row.value, row.code))


def flows(engine: Engine, selection: Selection, scope: Scope, top_n: int = 8) -> list[Flow]:
    """Province of origin to destination country, the ``top_n`` of each side by value.

    Provinces and countries outside the top ``top_n`` are gathered into ``other`` so the
    flows still add up to the total.  ``province`` is the province code.
    """
    matrix = _province_country_matrix(engine, selection, scope)
    province_totals: dict[str, int] = defaultdict(int)
    country_totals: dict[str, int] = defaultdict(int)
    for code, _name, country, value in matrix:
        province_totals[code] += value
        country_totals[country] += value
    top_provinces = set(_top(province_totals, top_n))
    top_countries = set(_top(country_totals, top_n))
    merged: dict[tuple[str, str], int] = defaultdict(int)
    for code, _name, country, value in matrix:
        merged[
            (
                code if code in top_provinces else OTHER,
                country if country in top_countries else OTHER,
            )
        ] += value
    result = [Flow(province, country, value) for (province, country), value in merged.items()]
    return sorted(result, key=lambda flow: (-flow.value, flow.province, flow.country))


def _top(totals: dict[str, int], count: int) -> list[str]:
    return [key for key, _ in sorted(totals.items(), key=lambda item: (-item[1], item[0]))][:count]


def breakdown(engine: Engine, selection: Selection, scope: Scope, dimension: str) -> dict[str, int]:
    """Overseas victims (regional reports) by ``exploitation``, ``sex`` or ``age_group``."""
    if dimension not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {dimension!r}")
    column = getattr(Fact, dimension)
    query = (
        select(column, total_value())
        .where(*conditions(selection, scope, SOURCE_REGIONAL))
        .group_by(column)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return {row[0]: int(row[1]) for row in sorted(rows, key=lambda r: (-int(r[1]), r[0] or ""))}


def export_rows(
    engine: Engine, selection: Selection, scope: Scope, source: str = SOURCE_REGIONAL
) -> list[dict[str, object]]:
    """The facts behind the page, one row per month, region, country and breakdown."""
    value = total_value().label("value")
    if source == SOURCE_KEMENLU:
        query = (
            select(Fact.period, Fact.country, Country.name_id, Country.name_en, value)
            .join(Country, Country.alpha2 == Fact.country)
            .where(*conditions(selection, scope, source))
            .group_by(Fact.period, Fact.country, Country.name_id, Country.name_en)
            .order_by(Fact.period, Fact.country)
        )
        keys = ("period", "country", "country_name_id", "country_name_en", "victims")
    else:
        region = aliased(Region)
        province = aliased(Region)
        group = (
            Fact.period,
            Fact.province_code,
            province.name,
            Fact.region_code,
            region.name,
            Fact.country,
            Country.name_id,
            Country.name_en,
            Fact.exploitation,
            Fact.sex,
            Fact.age_group,
        )
        query = (
            select(*group, value)
            .join(region, region.code == Fact.region_code)
            .join(province, province.code == Fact.province_code)
            .join(Country, Country.alpha2 == Fact.country)
            .where(*conditions(selection, scope, source))
            .group_by(*group)
            .order_by(Fact.period, Fact.region_code, Fact.country, *group[8:])
        )
        keys = REGIONAL_EXPORT_COLUMNS
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    records = [dict(zip(keys, row, strict=True)) for row in rows]
    for record in records:
        record["victims"] = int(record["victims"])
    return records
