"""The national picture for a meeting briefing: headline figures with their change, top
provinces and destination countries, and the enforcement funnel, small counts hidden."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import Engine, func, select

from dashboard.analysis import enforcement, overseas
from dashboard.analysis.criteria import Criteria, metric_total
from pantau.access import Scope
from pantau.models import Fact, Region, Report
from pantau.privacy import is_small, suppress_regions, suppress_series

TOP = 5


@dataclass(frozen=True)
class Headline:
    """One figure for the period and the equally long period before (None = hidden)."""

    key: str
    current: int | None
    previous: int | None

    @property
    def change(self) -> float | None:
        """Relative change from the previous period; None when not computable."""
        if self.current is None or not self.previous:
            return None
        return (self.current - self.previous) / self.previous


@dataclass(frozen=True)
class Ranked:
    """A named figure in a top list (None = hidden)."""

    code: str
    name: str
    value: int | None


@dataclass(frozen=True)
class Briefing:
    """Everything the one-page briefing shows."""

    criteria: Criteria
    headlines: tuple[Headline, ...]
    top_provinces: tuple[Ranked, ...]
    top_countries: tuple[Ranked, ...]
    funnel: dict[str, int | None]
    synthetic: bool
    threshold: int


def is_synthetic(engine: Engine, scope: Scope) -> bool:
    """Whether any accepted report visible in ``scope`` holds synthetic data."""
    province = func.substr(Report.region_code, 1, 2)
    national_rows = Report.region_code.is_(None) if scope.is_national else None
    region_rows = scope.region_clause(Report.region_code, province)
    visible = region_rows if national_rows is None else (region_rows | national_rows)
    query = (
        select(Report.id)
        .where(Report.status == "accepted", Report.synthetic.is_(True), visible)
        .limit(1)
    )
    with engine.connect() as connection:
        return connection.scalar(query) is not None


def _shown(value: int, threshold: int) -> int | None:
    return None if is_small(value, threshold) else value


def _headline(engine: Engine, key: str, criteria: Criteria, scope: Scope, threshold: int):
    def figure(selection: Criteria) -> int:
        if key == "overseas_victims":
            return overseas.total(engine, selection, scope)
        if key == "kemenlu":
            return overseas.total(engine, selection, scope, overseas.SOURCE_KEMENLU)
        with engine.connect() as connection:
            if key == "victims":
                where = selection.region_conditions(scope) + selection.victim_conditions()
                return metric_total(connection, "victims", where)
            where = [Fact.item == key, *selection.region_conditions(scope)]
            return metric_total(connection, "enforcement", where)

    return Headline(
        key,
        _shown(figure(criteria), threshold),
        _shown(figure(criteria.previous()), threshold),
    )


def _victims_by_region(engine: Engine, criteria: Criteria) -> dict[str, int]:
    national = replace(criteria, province=None, regency=None)
    query = (
        select(Fact.region_code, func.sum(Fact.value))
        .where(
            Fact.metric == "victims",
            *national.region_conditions(Scope.national()),
            *national.victim_conditions(),
        )
        .group_by(Fact.region_code)
    )
    with engine.connect() as connection:
        return {row[0]: int(row[1]) for row in connection.execute(query).all()}


def _province_names(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.execute(select(Region.code, Region.name).where(Region.kind == "provinsi"))
        return dict(rows.all())


def briefing(
    engine: Engine, criteria: Criteria, scope: Scope, threshold: int, lang: str = "id"
) -> Briefing:
    """The briefing of ``criteria`` (region and period) in ``scope``, suppression applied.

    Province totals are protected over the national hierarchy (then cut to the scope),
    countries as one series with their total.  The victim breakdowns apply to every
    victim figure; the Kemenlu table, national only, is shown only for a national
    selection (never under a region's title).
    """
    national = criteria.province is None and criteria.regency is None and scope.is_national
    keys = ("victims", "overseas_victims", "kemenlu", "police_reports", "prosecutions")
    headlines = tuple(
        _headline(engine, key, criteria, scope, threshold)
        for key in keys
        if key != "kemenlu" or national
    )
    protected = suppress_regions(_victims_by_region(engine, criteria), threshold)
    names = _province_names(engine)
    provinces = [
        Ranked(code, names.get(code, code), value)
        for code, value in protected.by_province().items()
        if scope.allows(code) and (criteria.province in (None, code))
    ]
    provinces.sort(key=lambda row: (-(row.value or 0), row.code))
    countries = overseas.by_country(engine, criteria, scope)
    shown = suppress_series({row.alpha2: row.value for row in countries}, threshold)
    funnel = enforcement.funnel(engine, criteria, scope)
    return Briefing(
        criteria=criteria,
        headlines=headlines,
        top_provinces=tuple(row for row in provinces if row.value != 0)[:TOP],
        top_countries=tuple(
            Ranked(row.alpha2, row.name(lang), shown[row.alpha2]) for row in countries[:TOP]
        ),
        funnel={stage: _shown(value, threshold) for stage, value in funnel.items()},
        synthetic=is_synthetic(engine, scope),
        threshold=threshold,
    )
