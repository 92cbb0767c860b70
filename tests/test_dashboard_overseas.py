"""Overseas-victim queries on SQLite and PostgreSQL: totals, countries, provinces, scope."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from dashboard_support import figure_of, find, page_module
from factories import store_report
from sqlalchemy import Engine, func, select

from dashboard.data import overseas
from dashboard.selection import Selection
from pantau.access import Scope
from pantau.db import session_scope
from pantau.models import Fact, Report
from pantau.reports.model import ORIGIN_KEMENLU, RegionalReport, TaskForceStatus, VictimCount

JAN = dt.date(2024, 1, 1)
FEB = dt.date(2024, 2, 1)
YEAR = Selection(start=JAN, end=dt.date(2024, 12, 1))


def victims_report(region: str, period: dt.date, *victims: VictimCount) -> RegionalReport:
    return RegionalReport(
        region_code=region,
        period=period,
        task_force=TaskForceStatus(established=True),
        victims=victims,
    )


def store_kemenlu(engine: Engine, period: dt.date, counts: dict[str, int]) -> None:
    with session_scope(engine) as session:
        report = Report(
            origin=ORIGIN_KEMENLU,
            source="kemenlu",
            period=period,
            report_key=f"kemenlu|national|{period:%Y-%m}",
            file_name="kemenlu.csv",
            content_hash=hashlib.sha256(repr(counts).encode()).hexdigest(),
            status="accepted",
        )
        session.add(report)
        session.flush()
        session.add_all(
            Fact(
                report_id=report.id,
                origin=ORIGIN_KEMENLU,
                period=period,
                metric="overseas_handled",
                country=country,
                value=value,
            )
            for country, value in counts.items()
        )


@pytest.fixture
def data(engine: Engine) -> Engine:
    """NTT and NTB send victims to Cambodia and Malaysia; a domestic victim in Jawa Barat."""
    store_report(
        engine,
        victims_report(
            "53.01",
            JAN,
            VictimCount("female", "adult", "online_scam", "KH", 7),
            VictimCount("male", "adult", "online_scam", "KH", 5),
            VictimCount("female", "child", "forced_labour", "MY", 2),
        ),
    )
    store_report(
        engine,
        victims_report("53.01", FEB, VictimCount("male", "adult", "gambling", "KH", 4)),
    )
    store_report(
        engine,
        victims_report("53", FEB, VictimCount("female", "adult", "forced_labour", "MY", 6)),
    )
    store_report(
        engine,
        victims_report(
            "52.01",
            JAN,
            VictimCount("female", "adult", "online_scam", "KH", 3),
            VictimCount("female", "adult", "sexual_exploitation", None, 9),
        ),
    )
    store_report(
        engine,
        victims_report("32.01", JAN, VictimCount("female", "adult", "forced_labour", None, 11)),
    )
    # A superseded version must never count.
    store_report(
        engine,
        victims_report("32.02", JAN, VictimCount("male", "adult", "online_scam", "KH", 100)),
        status="superseded",
    )
    store_kemenlu(engine, JAN, {"KH": 40, "MM": 25, "PH": 5})
    store_kemenlu(engine, FEB, {"KH": 30, "LA": 8})
    return engine


def test_total_matches_the_database(data: Engine):
    with data.connect() as connection:
        expected = connection.scalar(
            select(func.sum(Fact.value)).where(
                Fact.metric == "victims", Fact.current.is_(True), Fact.country.is_not(None)
            )
        )
    assert overseas.total(data, YEAR, Scope.national()) == expected == 27


def test_by_country_ranks_destinations_with_names(data: Engine):
    rows = overseas.by_country(data, YEAR, Scope.national())
    assert [(row.alpha2, row.alpha3, row.value) for row in rows] == [
        ("KH", "KHM", 19),
        ("MY", "MYS", 8),
    ]
    assert rows[0].name("en") == "Cambodia"
    assert rows[0].name("id") == "Kamboja"


def test_cambodia_this_year_and_from_which_provinces(data: Engine):
    cambodia = YEAR.with_country("KH")
    assert overseas.total(data, cambodia, Scope.national()) == 19
    provinces = overseas.origin_provinces(data, cambodia, Scope.national())
    assert [(row.code, row.value) for row in provinces] == [("53", 16), ("52", 3)]
    assert provinces[0].name == "Nusa Tenggara Timur"


def test_period_limits_the_months(data: Engine):
    february = Selection(start=FEB, end=FEB)
    assert overseas.total(data, february, Scope.national()) == 10


def test_monthly_trend_per_country(data: Engine):
    rows = overseas.monthly_by_country(data, YEAR, Scope.national(), ["KH", "MY"])
    assert [(row.period, row.alpha2, row.value) for row in rows] == [
        (JAN, "KH", 15),
        (JAN, "MY", 2),
        (FEB, "KH", 4),
        (FEB, "MY", 6),
    ]


def test_flows_add_up_and_gather_the_rest_as_other(data: Engine):
    flows = overseas.flows(data, YEAR, Scope.national(), top_n=1)
    assert sum(flow.value for flow in flows) == 27
    assert {(f.province, f.country, f.value) for f in flows} == {
        ("53", "KH", 16),
        ("53", "other", 8),
        ("other", "KH", 3),
    }


def test_breakdowns_by_dimension(data: Engine):
    scope = Scope.national()
    assert overseas.breakdown(data, YEAR, scope, "sex") == {"female": 18, "male": 9}
    assert overseas.breakdown(data, YEAR, scope, "age_group") == {"adult": 25, "child": 2}
    assert overseas.breakdown(data, YEAR, scope, "exploitation") == {
        "online_scam": 15,
        "forced_labour": 8,
        "gambling": 4,
    }
    with pytest.raises(ValueError):
        overseas.breakdown(data, YEAR, scope, "country")


def test_breakdown_filters_narrow_the_selection(data: Engine):
    selection = Selection(start=JAN, end=FEB, sex="male", exploitation="online_scam")
    assert overseas.total(data, selection, Scope.national()) == 5


def test_province_scope_sees_only_its_province(data: Engine):
    ntb = Scope.for_user("provinsi", "52")
    assert overseas.total(data, YEAR, ntb) == 3
    assert [row.code for row in overseas.origin_provinces(data, YEAR, ntb)] == ["52"]
    # Asking for another province returns nothing, whatever the request says.
    assert overseas.total(data, Selection(start=JAN, end=FEB, province="53"), ntb) == 0
    # The national Kemenlu table has no region: a regional scope does not see it.
    assert overseas.total(data, YEAR, ntb, overseas.SOURCE_KEMENLU) == 0


def test_regency_scope_sees_only_its_regency(data: Engine):
    assert overseas.total(data, YEAR, Scope.for_user("kabupaten", "53.01")) == 18


def test_region_filter(data: Engine):
    assert (
        overseas.total(data, Selection(start=JAN, end=FEB, province="53"), Scope.national()) == 24
    )
    assert (
        overseas.total(data, Selection(start=JAN, end=FEB, regency="53.01"), Scope.national()) == 18
    )


def test_kemenlu_table_by_country(data: Engine):
    rows = overseas.by_country(data, YEAR, Scope.national(), overseas.SOURCE_KEMENLU)
    assert [(row.alpha2, row.value) for row in rows] == [
        ("KH", 70),
        ("MM", 25),
        ("LA", 8),
        ("PH", 5),
    ]
    # Region filters do not apply to the national table.
    province = Selection(start=JAN, end=FEB, province="53")
    assert overseas.total(data, province, Scope.national(), overseas.SOURCE_KEMENLU) == 108


def test_export_rows_hold_every_dimension(data: Engine):
    rows = overseas.export_rows(data, YEAR.with_country("MY"), Scope.national())
    assert rows == [
        {
            "period": JAN,
            "province_code": "53",
            "province": "Nusa Tenggara Timur",
            "region_code": "53.01",
            "region": rows[0]["region"],
            "country": "MY",
            "country_name_id": "Malaysia",
            "country_name_en": "Malaysia",
            "exploitation": "forced_labour",
            "sex": "female",
            "age_group": "child",
            "victims": 2,
        },
        {
            "period": FEB,
            "province_code": "53",
            "province": "Nusa Tenggara Timur",
            "region_code": "53",
            "region": "Nusa Tenggara Timur",
            "country": "MY",
            "country_name_id": "Malaysia",
            "country_name_en": "Malaysia",
            "exploitation": "forced_labour",
            "sex": "female",
            "age_group": "adult",
            "victims": 6,
        },
    ]
    assert rows[0]["region"] == "Kabupaten Kupang"


def test_selection_previous_period():
    selection = Selection(start=dt.date(2024, 1, 15), end=dt.date(2024, 3, 1))
    assert selection.months == 3
    previous = selection.previous()
    assert (previous.start, previous.end) == (dt.date(2023, 10, 1), dt.date(2023, 12, 1))
    with pytest.raises(ValueError):
        Selection(start=FEB, end=JAN)


@pytest.fixture
def page(data: Engine, settings):
    """The overseas page module inside an app context with the test settings."""
    yield from page_module(settings, "korban_luar_negeri")


def test_page_shows_cambodia_and_its_provinces(page):
    tree = page.layout(period_from="2024-01", period_to="2024-12", country="KH", lang="en")
    assert find(tree, "overseas-total-value").children == "19"
    assert "Cambodia" in find(tree, "overseas-selected-country").children
    provinces = figure_of(tree, "overseas-provinces")
    assert list(provinces.data[0].y) == ["Nusa Tenggara Timur", "Nusa Tenggara Barat"]
    assert list(provinces.data[0].x) == [16, 3]
    assert find(tree, "overseas-export-csv").href.endswith(
        "/export/overseas.csv?period_from=2024-01&period_to=2024-12&lang=en&country=KH&source=regional"
    )
    config = find(tree, "overseas-map").config
    assert config["topojsonURL"] == "/assets/topojson/"
    assert config["toImageButtonOptions"]["filename"] == "pantau-tppo_peta-negara_2024-01_2024-12"


def test_page_kemenlu_source(page):
    tree = page.layout(period_from="2024-01", period_to="2024-12", source="kemenlu")
    assert find(tree, "overseas-total-value").children == "108"
    assert find(tree, "overseas-flows") is None


def test_clicks_write_the_country_into_the_url(page):
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    def run(trigger: str, **inputs):
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": f"{trigger}.clickData"}]))
        args = {"map_click": None, "bar_click": None, "source": "regional", "clear_clicks": None}
        args.update(inputs)
        return page.navigate(**args, search="?period_from=2024-01")

    bar = {"points": [{"customdata": "KH"}]}
    assert run("overseas-ranking", bar_click=bar) == "?period_from=2024-01&country=KH"
    world = {"points": [{"location": "MYS"}]}
    assert run("overseas-map", map_click=world) == "?period_from=2024-01&country=MY"
