"""Each surface shows the same figure, from the registry, the calendar and the catalogue.

One test per defect found when the two page families were compared with SQL; each fails
on the code before the metric registry, the reporting calendar and the text catalogue.
"""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
from dashboard_support import as_user, figure_of, find, loaded_page, texts
from factories import simple_report, store_report
from sqlalchemy import Engine, func, select, update

from dashboard.data import attention, facts, periods
from dashboard.data.briefing import build_briefing
from dashboard.data.profile import region_profile
from dashboard.filters import FilterState, Period
from dashboard.selection import Selection, from_query
from dashboard.slides_release import meeting_view
from pantau.access import Scope
from pantau.metrics import FUNNEL, METRICS
from pantau.models import Fact, Report
from pantau.releases.store import create_release
from pantau.reporting_calendar import add_months, last_complete_month, today_wib
from pantau.reports.model import RegionalReport, TaskForceStatus, VictimCount

MAY = dt.date(2024, 5, 1)
YEAR = Period(dt.date(2023, 6, 1), MAY)


def _mixed_report(code: str, period: dt.date) -> RegionalReport:
    """Victims of two exploitation types, so a breakdown filter changes the figure."""
    return RegionalReport(
        region_code=code,
        period=period,
        task_force=TaskForceStatus(established=True, decree_number="1/2024"),
        victims=(
            VictimCount("female", "adult", "online_scam", "KH", 13),
            VictimCount("male", "adult", "forced_labour", "MY", 26),
        ),
        enforcement={"police_reports": 9, "investigations": 8, "suspects": 7, "p21": 6},
    )


def _victims(engine: Engine, *conditions) -> int:
    query = select(func.coalesce(func.sum(Fact.value), 0)).where(
        Fact.current.is_(True), Fact.metric == "victims", *conditions
    )
    with engine.connect() as connection:
        return int(connection.scalar(query))


def test_the_funnel_has_the_same_seven_stages_on_page_slide_and_briefing(
    app, engine, settings
) -> None:
    store_report(engine, _mixed_report("53.01", MAY))
    create_release(engine, settings, today=dt.date(2024, 6, 20))
    labels = [METRICS[key].label("en") for key in FUNNEL]
    assert len(labels) == 7
    filters = FilterState.from_search("?lang=en")
    with as_user(app, Scope.national()):
        view = meeting_view(engine, filters, {"periode": "bulan"})
        slide, _period = loaded_page("rapat").release_body("penegakan", view, filters)
        page = loaded_page("penegakan_hukum").layout(
            period_from="2024-05", period_to="2024-05", lang="en"
        )
    assert list(go.Figure(slide.figure).data[0].y) == labels
    assert list(figure_of(page, "enforcement-funnel").data[0].y) == labels
    info = create_release(engine, settings)
    content = build_briefing(engine, info, Selection(start=MAY, end=MAY), "en")
    assert [stage.stage for stage in content.funnel] == list(FUNNEL)
    # no raw catalogue keys on the meeting slide, in either language
    assert not any(str(label).startswith("metric.") for label in go.Figure(slide.figure).data[0].y)


def test_metric_compliance_survives_the_url_round_trip() -> None:
    state = FilterState.from_search("?metric=compliance")
    assert state.metric == "compliance"
    assert FilterState.from_search(state.to_query()).metric == "compliance"


def test_every_page_family_ends_its_default_period_at_the_last_complete_month(
    engine, settings
) -> None:
    complete = last_complete_month(settings.report_due_day)
    still_open = add_months(complete, 1) if add_months(complete, 1) < today_wib() else None
    store_report(engine, simple_report("32.01", complete, victims=5))
    if still_open is not None:
        store_report(engine, simple_report("32.01", still_open, victims=1))
    end = periods.default_period_end(engine, settings)
    assert end == complete
    core = FilterState().period(end)
    analysis = from_query({}, end)
    assert (core.start, core.end) == (analysis.start, analysis.end)
    # the same for a regional user, whose own data may end elsewhere
    assert periods.default_period_end(engine, settings) == end


def test_the_region_profile_honours_the_breakdown_filters(app, engine) -> None:
    store_report(engine, _mixed_report("53.01", MAY))
    chosen = Selection(MAY, MAY, exploitation="online_scam")
    profile = region_profile(engine, "53.01", Scope.national(), chosen)
    true = _victims(engine, Fact.region_code == "53.01", Fact.exploitation == "online_scam")
    assert profile.totals["victims"] == true == 13
    assert profile.totals["overseas_victims"] == 13


def test_the_report_history_shows_rejection_reasons_in_words(app, engine) -> None:
    report_id = store_report(engine, simple_report("53.01", MAY), status="rejected")
    record = {"code": "unknown_region", "message_id": "Kode wilayah tidak dikenal"}
    record["message_en"] = "Unknown region code"
    with engine.begin() as connection:
        connection.execute(
            update(Report)
            .where(Report.id == report_id)
            .values(rejection_reasons=json.dumps([record]))
        )
    with as_user(app, Scope.national()):
        tree = loaded_page("wilayah").layout(code="53.01", lang="en")
    shown = texts(find(tree, "wilayah-history"))
    assert "Unknown region code" in shown
    assert not any("message_id" in text for text in shown)


def test_a_month_without_reports_is_a_gap_not_zero(engine) -> None:
    store_report(engine, simple_report("53.01", MAY, victims=4))
    store_report(engine, simple_report("53.01", dt.date(2024, 3, 1), victims=0))
    months = Selection(dt.date(2024, 3, 1), MAY)
    series = facts.monthly_series(engine, months, Scope.national(), "victims")
    assert series == {dt.date(2024, 3, 1): 0, dt.date(2024, 4, 1): None, MAY: 4}


def test_no_comparison_with_a_period_without_reports_said_once(app, engine) -> None:
    store_report(engine, simple_report("53.01", MAY, victims=8))
    with as_user(app, Scope.national()):
        parts = loaded_page("ringkasan")._parts(
            FilterState(period_from="2024-05", period_to="2024-05"), ""
        )
    shown = texts(parts["headlines"])
    assert sum("Tidak ada pembanding" in text for text in shown) == 1
    assert not any("%" in text and "dibanding" in text for text in shown)


def test_the_regency_table_adds_up_to_the_province_on_the_map(app, engine) -> None:
    store_report(engine, simple_report("32.01", MAY))
    store_report(engine, simple_report("32.73", MAY))
    store_report(engine, simple_report("32", MAY))
    filters = FilterState(province="32", period_from="2024-05", period_to="2024-05")
    with as_user(app, Scope.national()):
        rows = loaded_page("gugus_tugas").table_rows(
            filters, Selection.of(filters, Period(MAY, MAY)), Scope.national(), "regency"
        )
    province = facts.metric_by_region(
        engine, Selection(MAY, MAY), Scope.national(), "province", "activities"
    )
    assert sum(row["activities"] for row in rows) == province["32"] == 9


def test_charts_write_full_numbers_and_money_in_words(app, engine) -> None:
    store_report(engine, simple_report("53.01", MAY))
    with as_user(app, Scope.national()):
        page = loaded_page("penegakan_hukum").layout(period_from="2024-05", period_to="2024-05")
    shown = " ".join(texts(page))
    assert "Rp 50 juta" in shown and "Rp 50.000.000" not in shown
    figure = figure_of(page, "enforcement-restitution")
    assert figure.layout.yaxis.exponentformat == "none"


def test_no_jump_is_claimed_against_a_period_without_reports(engine) -> None:
    store_report(engine, simple_report("53.01", MAY, victims=40))
    items = attention.attention_list(engine, Selection(MAY, MAY), Scope.national())
    assert [item for item in items if item.reason == "jump"] == []
    store_report(engine, simple_report("53.01", dt.date(2024, 4, 1), victims=2))
    items = attention.attention_list(engine, Selection(MAY, MAY), Scope.national())
    assert [(item.code, item.previous) for item in items if item.reason == "jump"] == [("53", 2)]


def test_a_page_says_once_which_chosen_breakdowns_its_figures_do_not_follow(app, engine) -> None:
    """Task forces, enforcement and reporting are not broken down by victim: the page says
    so under the filter bar; a page mixing them with victims says the filter applies to
    the victim figures only; without a breakdown chosen nothing is said."""
    store_report(engine, simple_report("53.01", MAY))
    chosen = {"period_from": "2024-05", "period_to": "2024-05", "sex": "female"}
    with as_user(app, Scope.national()):
        pages = {
            "penegakan_hukum": loaded_page("penegakan_hukum").layout(**chosen),
            "kepatuhan": loaded_page("kepatuhan").layout(**chosen),
            "gugus_tugas": loaded_page("gugus_tugas").breadcrumb(
                FilterState(sex="female"), "?sex=female"
            ),
            "ringkasan": loaded_page("ringkasan")._parts(
                FilterState(period_from="2024-05", period_to="2024-05", sex="female"), ""
            )["headlines"],
            "wilayah": loaded_page("wilayah").layout(code="53.01", **chosen),
        }
        plain = loaded_page("penegakan_hukum").layout(period_from="2024-05")
    for name, tree in pages.items():
        notice = " ".join(texts(find(tree, "unapplied-filters")))
        assert "Jenis kelamin: Perempuan" in notice, name
        mixed = name in ("ringkasan", "wilayah")
        assert ("hanya berlaku untuk angka korban" in notice) is mixed, name
        assert ("tidak berlaku di halaman ini" in notice) is not mixed, name
    assert find(plain, "unapplied-filters") is None
