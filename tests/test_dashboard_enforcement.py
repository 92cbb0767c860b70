"""Law-enforcement queries on SQLite and PostgreSQL: funnel, conversion, stall rule, scope."""

from __future__ import annotations

import datetime as dt

import pytest
from dashboard_support import figure_of, find, page_module
from factories import store_report
from sqlalchemy import Engine

from dashboard.data import enforcement
from dashboard.data.enforcement import RegionConversion, stalled
from dashboard.selection import Selection
from pantau.access import Scope
from pantau.metrics import FUNNEL
from pantau.reports.model import RegionalReport, TaskForceStatus

JAN = dt.date(2024, 1, 1)
FEB = dt.date(2024, 2, 1)
YEAR = Selection(start=JAN, end=dt.date(2024, 12, 1))


def enforcement_report(
    region: str, period: dt.date, requested: int = 0, awarded: int = 0, **stages: int
) -> RegionalReport:
    return RegionalReport(
        region_code=region,
        period=period,
        task_force=TaskForceStatus(established=True),
        enforcement=stages,
        restitution_requested_idr=requested,
        restitution_awarded_idr=awarded,
    )


@pytest.fixture
def data(engine: Engine) -> Engine:
    """Kupang prosecutes well, Lombok Barat stalls, Bogor has too few reports to judge."""
    store_report(
        engine,
        enforcement_report(
            "53.01",
            JAN,
            requested=100_000_000,
            awarded=40_000_000,
            police_reports=6,
            investigations=5,
            suspects=7,
            p21=4,
            prosecutions=3,
            verdicts=2,
            convicted=2,
        ),
    )
    store_report(
        engine,
        enforcement_report("53.01", FEB, police_reports=2, investigations=2, prosecutions=1),
    )
    store_report(
        engine,
        enforcement_report(
            "52.01", JAN, requested=30_000_000, police_reports=9, investigations=4, prosecutions=2
        ),
    )
    store_report(engine, enforcement_report("52", FEB, police_reports=1, investigations=1))
    store_report(engine, enforcement_report("32.01", JAN, police_reports=4, investigations=1))
    store_report(
        engine,
        enforcement_report("32.02", JAN, police_reports=50),
        status="superseded",
    )
    return engine


def test_funnel_numbers(data: Engine):
    funnel = enforcement.funnel(data, YEAR, Scope.national())
    assert funnel == {
        "police_reports": 22,
        "investigations": 13,
        "suspects": 7,
        "p21": 4,
        "prosecutions": 6,
        "verdicts": 2,
        "convictions": 2,
    }
    assert list(funnel) == list(FUNNEL)


def test_funnel_respects_period_and_region(data: Engine):
    february = Selection(start=FEB, end=FEB, province="53")
    assert enforcement.funnel(data, february, Scope.national())["police_reports"] == 2


def test_conversion_by_province(data: Engine):
    rows = enforcement.conversion(data, YEAR, Scope.national())
    assert [(r.code, r.name, r.police_reports, r.prosecutions) for r in rows] == [
        ("52", "Nusa Tenggara Barat", 10, 2),
        ("53", "Nusa Tenggara Timur", 8, 4),
        ("32", "Jawa Barat", 4, 0),
    ]
    assert rows[0].rate == pytest.approx(0.2)


def test_conversion_by_regency(data: Engine):
    rows = enforcement.conversion(data, YEAR, Scope.national(), level="regency")
    assert [(r.code, r.police_reports, r.prosecutions) for r in rows] == [
        ("52.01", 9, 2),
        ("53.01", 8, 4),
        ("32.01", 4, 0),
        ("52", 1, 0),
    ]


def test_stalled_regions_follow_the_rule(data: Engine):
    rows = enforcement.conversion(data, YEAR, Scope.national(), level="regency")
    found = stalled(rows)
    # Lombok Barat: 9 reports, 2 prosecutions (22%); Bogor has only 4 reports; Kupang 50%.
    assert [row.code for row in found] == ["52.01"]


def test_stall_rule_edges():
    rows = [
        RegionConversion("a", "A", 5, 1),  # 20%: stalls
        RegionConversion("b", "B", 8, 2),  # exactly 25%: does not stall
        RegionConversion("c", "C", 4, 0),  # too few reports to judge
        RegionConversion("d", "D", 20, 0),  # 0%: stalls, listed first
    ]
    assert [row.code for row in stalled(rows)] == ["d", "a"]
    assert RegionConversion("e", "E", 0, 0).rate is None


def test_restitution(data: Engine):
    total = enforcement.restitution_total(data, YEAR, Scope.national())
    assert (total.requested, total.awarded) == (130_000_000, 40_000_000)
    months = enforcement.restitution_by_month(data, YEAR, Scope.national())
    assert [(m.period, m.requested, m.awarded) for m in months] == [(JAN, 130_000_000, 40_000_000)]


def test_province_scope_sees_only_its_province(data: Engine):
    ntb = Scope.for_user("provinsi", "52")
    assert enforcement.funnel(data, YEAR, ntb)["police_reports"] == 10
    assert [r.code for r in enforcement.conversion(data, YEAR, ntb, level="regency")] == [
        "52.01",
        "52",
    ]
    assert enforcement.funnel(data, Selection(start=JAN, end=FEB, province="53"), ntb) == {
        stage: 0 for stage in FUNNEL
    }
    assert enforcement.restitution_total(data, YEAR, ntb).requested == 30_000_000


def test_export_rows(data: Engine):
    rows = enforcement.export_rows(
        data, Selection(start=JAN, end=JAN, province="53"), Scope.national()
    )
    assert rows == [
        {
            "period": JAN,
            "province_code": "53",
            "region_code": "53.01",
            "region": "Kabupaten Kupang",
            "police_reports": 6,
            "investigations": 5,
            "suspects": 7,
            "p21": 4,
            "prosecutions": 3,
            "verdicts": 2,
            "convicted": 2,
            "restitution_requested_idr": 100_000_000,
            "restitution_awarded_idr": 40_000_000,
        }
    ]


@pytest.fixture
def page(data: Engine, settings):
    yield from page_module(settings, "penegakan_hukum")


def test_page_shows_funnel_numbers_and_stalled_regions(page):
    tree = page.layout(period_from="2024-01", period_to="2024-12", lang="en")
    funnel = figure_of(tree, "enforcement-funnel").data[0]
    assert list(funnel.x) == [22, 13, 7, 4, 6, 2, 2]
    assert list(funnel.y)[0] == "Police reports"
    table = find(tree, "enforcement-stalled-table")
    cells = [[td.children for td in tr.children] for tr in table.children[1].children]
    assert cells == [["Kabupaten Lombok Barat", "9", "2", "22%"]]
    assert "at least 5 police reports" in find(tree, "enforcement-stall-rule").children
    assert find(tree, "enforcement-map").config["topojsonURL"] == "/assets/topojson/"


def test_page_for_a_province_analyst_is_exact_within_the_province(page):
    from flask import g

    g.pantau_scope = Scope.for_user("provinsi", "53")
    tree = page.layout(period_from="2024-01", period_to="2024-12")
    funnel = figure_of(tree, "enforcement-funnel").data[0]
    # Kupang: an analyst of the province sees its exact figures, small ones too (#10)
    assert list(funnel.text)[:5] == ["8", "7", "7", "4", "4"]
