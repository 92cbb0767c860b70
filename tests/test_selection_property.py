"""One selection, one figure on every surface (Hypothesis).

For random URL selections (period range, province or regency, breakdowns) and each analyst
scope, the victims, overseas victims and police reports of the selection are the same on
the tile, the map (summed over provinces), the trend (summed over months), the region
profile, the internal exports (exact for analysts) and the source-report list,
and equal to a direct SQL sum over current facts.  The URL is read by both query families
(``FilterState`` and the analysis ``Selection``) exactly as the pages read it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from urllib.parse import urlencode

import pytest
from factories import store_report
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from dashboard import exports
from dashboard.data import facts, headlines, reference
from dashboard.data.profile import region_profile
from dashboard.filters import FilterState
from dashboard.selection import Selection, from_query
from pantau.access import Scope
from pantau.metrics import METRICS
from pantau.models import Fact
from pantau.provenance import contributions, source_reports
from pantau.reporting_calendar import add_months
from pantau.reports.model import (
    ACTIVITY_TYPES,
    AGE_GROUPS,
    EXPLOITATION_TYPES,
    SEXES,
    RegionalReport,
    TaskForceStatus,
    VictimCount,
)

FIRST = dt.date(2024, 1, 1)
MONTHS = [add_months(FIRST, offset) for offset in range(8)]
REGIONS = {"32": ("32", "32.01", "32.73"), "53": ("53", "53.01", "53.71"), "51": ("51.01",)}
SCOPES = {
    "nasional": Scope.national(),
    "provinsi": Scope(role="provinsi", region_code="32"),
    "kabupaten": Scope(role="kabupaten", region_code="32.01"),
}
METRIC_KEYS = ("victims", "overseas_victims", "police_reports", "activities", "people_reached")


def _report(rng: random.Random, code: str, month: dt.date) -> RegionalReport:
    victims = tuple(
        VictimCount(
            rng.choice(SEXES),
            rng.choice(AGE_GROUPS),
            rng.choice(EXPLOITATION_TYPES[:3]),
            rng.choice(("KH", "MY", None)),
            rng.randint(1, 9),
        )
        for _ in range(rng.randint(0, 4))
    )
    return RegionalReport(
        region_code=code,
        period=month,
        task_force=TaskForceStatus(established=True, decree_number="1/2024"),
        victims=victims,
        enforcement={"police_reports": rng.randint(0, 7), "investigations": rng.randint(0, 3)},
        activities={
            kind: (rng.randint(0, 4), rng.randint(0, 90))
            for kind in rng.sample(ACTIVITY_TYPES, rng.randint(0, 2))
        },
    )


@pytest.fixture
def data(engine: Engine) -> Engine:
    """Eight months of reports of eight regions in three provinces, with gaps."""
    rng = random.Random(2024)
    for codes in REGIONS.values():
        for code in codes:
            for month in MONTHS:
                if rng.random() < 0.85:
                    store_report(engine, _report(rng, code, month))
    return engine


@st.composite
def selections(draw) -> dict[str, str]:
    first = draw(st.integers(0, len(MONTHS) - 1))
    last = draw(st.integers(first, len(MONTHS) - 1))
    params = {"period_from": f"{MONTHS[first]:%Y-%m}", "period_to": f"{MONTHS[last]:%Y-%m}"}
    province = draw(st.sampled_from((None, *REGIONS)))
    if province:
        params["province"] = province
        regency = draw(st.sampled_from((None, *REGIONS[province][1:])))
        if regency:
            params["regency"] = regency
    for name, values in (
        ("exploitation", EXPLOITATION_TYPES[:3]),
        ("sex", SEXES),
        ("age_group", AGE_GROUPS),
    ):
        chosen = draw(st.sampled_from((None, *values)))
        if chosen:
            params[name] = chosen
    return params


def _sql(engine: Engine, key: str, selection: Selection, scope: Scope) -> int:
    visible = reference.narrowed(scope, selection)
    period = selection
    query = select(func.coalesce(func.sum(Fact.value), 0)).where(
        Fact.current.is_(True),
        Fact.period >= period.start,
        Fact.period <= period.end,
        visible.region_clause(Fact.region_code, Fact.province_code),
        *facts.metric_conditions(key, selection),
    )
    with engine.connect() as connection:
        return int(connection.scalar(query))


def _sql_by_region(
    engine: Engine, key: str, selection: Selection, scope: Scope, level: str
) -> dict[str, int]:
    visible = reference.narrowed(scope, selection)
    period = selection
    code = Fact.province_code if level == "province" else Fact.region_code
    query = (
        select(code, func.sum(Fact.value))
        .where(
            Fact.current.is_(True),
            Fact.period >= period.start,
            Fact.period <= period.end,
            visible.region_clause(Fact.region_code, Fact.province_code),
            *facts.metric_conditions(key, selection),
            *([Fact.region_code != Fact.province_code] if level == "regency" else []),
        )
        .group_by(code)
    )
    with engine.connect() as connection:
        return {row[0]: int(row[1]) for row in connection.execute(query)}


@pytest.mark.parametrize("role", sorted(SCOPES))
@hypothesis_settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=selections())
def test_every_surface_shows_the_same_figure(app, data: Engine, settings, role, params) -> None:
    scope = SCOPES[role]
    search = "?" + urlencode(params)
    filters = FilterState.from_search(search, scope=scope)
    period = filters.period(MONTHS[-1])
    selection = from_query(params, MONTHS[-1], scope)
    core = Selection.of(filters, period)  # the pages' selection: no destination country
    with app.server.test_request_context("/"):
        tiles = headlines.headline_figures(data, core, scope, settings)
    region = core.region
    listed = source_reports(data, scope, region_code=region, start=period.start, end=period.end)
    for key in METRIC_KEYS:
        true = _sql(data, key, core, scope)
        if key in tiles:
            assert tiles[key].current == true, ("tile", key)
        mapped = facts.metric_by_region(data, core, scope, "province", key)
        assert sum(mapped.values()) == true, ("map", key)
        for level in ("province", "regency"):  # the monthly cube and the grouped query
            shown = facts.metric_by_region(data, core, scope, level, key)
            assert shown == _sql_by_region(data, key, core, scope, level), (level, key)
        trend = facts.monthly_series(data, core, scope, key)
        assert sum(value or 0 for value in trend.values()) == true, ("trend", key)
        ids = [report.id for report in listed]
        added = contributions(data, ids, facts.metric_conditions(key, core))
        assert sum(added.values()) == true, ("sources", key)
        if region is not None and scope.allows(region):
            profile = region_profile(data, region, scope, core)
            assert profile.totals[key] == true, ("profile", key)
    overseas = exports.overseas_table(data, selection, scope)
    assert sum(int(row["victims"]) for row in overseas.rows) == _sql(
        data, "overseas_victims", core, scope
    )
    enforcement = exports.enforcement_table(data, selection, scope)
    item = METRICS["police_reports"].item
    assert sum(int(row[item] or 0) for row in enforcement.rows) == _sql(
        data, "police_reports", replace(core, exploitation=None, sex=None, age_group=None), scope
    )
