"""Queries and callbacks of the core pages against the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import replace

import plotly.graph_objects as go
import pytest
from dash import no_update
from dashboard_support import as_user
from dashboard_support import loaded_page as page
from factories import simple_report, store_report
from sqlalchemy import Engine, func, select

from dashboard.components.maps import TRACE
from dashboard.data import attention, facts, headlines, memo, reference, task_forces
from dashboard.data.profile import region_profile
from dashboard.filters import FilterState, parse_search
from dashboard.selection import Selection
from pantau.access import Scope
from pantau.auth import create_user
from pantau.compliance import compliance, summarise
from pantau.models import Fact
from pantau.releases.store import create_release

MAY = dt.date(2024, 5, 1)
YEAR = Selection(dt.date(2023, 6, 1), MAY)
PASSWORD = "correct horse battery"


def load(engine: Engine) -> None:
    """Reports of two provinces: West Java (two regencies and the province) and NTT."""
    store_report(engine, simple_report("32.01", MAY, victims=7))
    store_report(engine, simple_report("32.73", MAY, victims=2))
    store_report(engine, simple_report("32", MAY, victims=1))
    store_report(engine, simple_report("53.01", MAY, victims=11))
    store_report(engine, simple_report("53.01", dt.date(2023, 5, 1), victims=4))
    store_report(engine, simple_report("53.02", MAY, victims=0, established=False))


def fact_sum(engine: Engine, *conditions) -> int:
    with engine.connect() as connection:
        return int(
            connection.scalar(
                select(func.coalesce(func.sum(Fact.value), 0)).where(
                    Fact.current.is_(True), *conditions
                )
            )
        )


def test_province_totals_match_the_facts(engine: Engine) -> None:
    load(engine)
    values = facts.metric_by_region(engine, YEAR, Scope.national(), "province", "victims")
    assert values == {"32": 10, "53": 11}
    assert sum(values.values()) == fact_sum(
        engine, Fact.metric == "victims", Fact.period >= YEAR.start
    )
    regencies = facts.metric_by_region(
        engine, replace(YEAR, province="32"), Scope.national(), "regency", "victims"
    )
    assert regencies == {"32.01": 7, "32.73": 2}
    people = facts.metric_by_region(engine, YEAR, Scope.national(), "province", "people_reached")
    assert people["32"] == fact_sum(
        engine, Fact.metric == "activity_people", Fact.period == MAY, Fact.province_code == "32"
    )


def test_a_provincial_scope_sees_only_its_province(engine: Engine) -> None:
    load(engine)
    west_java = Scope.for_user("provinsi", "32")
    asked_other = replace(YEAR, province="53")
    for level in ("province", "regency"):
        values = facts.metric_by_region(engine, asked_other, west_java, level, "victims")
        assert values and all(code.startswith("32") for code in values)
    assert set(task_forces.task_force_status(engine, MAY, west_java)) == {"32", "32.01", "32.73"}
    series = facts.monthly_series(engine, YEAR, west_java, "victims")
    assert sum(value or 0 for value in series.values()) == 10
    figures = headlines.headline_figures(engine, YEAR, west_java, _settings())
    assert figures["victims"].current == 10
    assert figures["task_forces"].detail["province_total"] == 1
    with pytest.raises(PermissionError):
        region_profile(engine, "53.01", west_java, YEAR)


def _settings():
    from pantau.settings import get_settings

    return get_settings()


def test_headlines_compare_with_the_previous_period(engine: Engine) -> None:
    load(engine)
    figures = headlines.headline_figures(engine, YEAR, Scope.national(), _settings())
    victims = figures["victims"]
    assert (victims.current, victims.previous) == (21, 4)
    assert victims.detail["overseas"] == 21
    assert victims.change == pytest.approx(17 / 4)
    forces = figures["task_forces"]
    assert forces.detail == {
        "provinces": 1,
        "regencies": 3,
        "province_total": 38,
        "regency_total": 514,
    }
    assert forces.previous == 1
    store_report(engine, simple_report("53.71", MAY), late=True)
    on_time = headlines.headline_figures(engine, YEAR, Scope.national(), _settings())
    rows = compliance(engine, (YEAR.start, YEAR.end), settings=_settings())
    states = summarise(rows)
    assert on_time["on_time"].current == states["on_time"] == 5
    assert on_time["on_time"].detail["expected"] == len(rows) - states["not_due"] == 552 * 12
    police = on_time["police_reports"]
    assert police.current == fact_sum(
        engine, Fact.item == "police_reports", Fact.period >= YEAR.start
    )


def test_attention_lists_jumps_and_missing_task_forces(engine: Engine) -> None:
    load(engine)
    items = attention.attention_list(engine, YEAR, Scope.national())
    reasons = {(item.code, item.reason) for item in items}
    # nationally a jump is a province's total, as on the national map, never a regency
    assert ("53", "jump") in reasons and ("53.01", "jump") not in reasons
    assert ("53.02", "missing") in reasons or ("53.02", "silent") in reasons
    inside = attention.attention_list(engine, replace(YEAR, province="53"), Scope.national())
    jumps = {item.code for item in inside if item.reason == "jump"}
    assert "53.01" in jumps and "53" not in jumps


def test_region_profile_holds_task_force_and_history(engine: Engine) -> None:
    load(engine)
    store_report(engine, simple_report("53.01", dt.date(2024, 4, 1), victims=1), status="rejected")
    profile = region_profile(engine, "53.01", Scope.national(), YEAR)
    assert profile.totals["victims"] == 11
    assert profile.task_force.decree_number == "188/Kep.100-DP3A/2023"
    assert profile.task_force.member_agencies == ("dinas_pppa", "polri")
    assert [row.status for row in profile.history].count("rejected") == 1
    province = region_profile(engine, "32", Scope.national(), YEAR)
    assert province.totals["victims"] == 10
    assert province.regency_count == 27
    with pytest.raises(LookupError):
        region_profile(engine, "99.99", Scope.national(), YEAR)


def test_maps_show_38_provinces_then_the_regencies_of_one(app, engine: Engine) -> None:
    load(engine)
    url = "?period_from=2023-06&period_to=2024-05"
    with as_user(app, Scope.national(), "_pages_location.search"):
        _none, drawn, view, _metric = page("ringkasan").update_map(url, "victims", None)
        figure = go.Figure(drawn)
        values = figure.data[TRACE["values"]]
        assert len(values.locations) == 38
        shown = dict(zip(values.locations, values.customdata, strict=True))
        assert shown["32"][1] == "10" and shown["53"][1] == "11"
        assert view["query"] == parse_search(url)
        patch, same, _ = page("ringkasan").update_map(url + "&sex=male", "victims", view)[1:]
        assert same["key"] == view["key"] and same["query"]["sex"] == "male"
        assert type(patch).__name__ == "Patch"
        unchanged = page("ringkasan").update_map(url + "&sex=male", "victims", same)
        assert all(type(part).__name__ == "NoUpdate" for part in unchanged)
        drilled = page("gugus_tugas").update_view(url + "&province=32", "task_force", None, view)
        figure = go.Figure(drilled[1])
        assert len(figure.data[TRACE["values"]].locations) == 27
        # the regencies, and the province task force's own reports in a row of their own
    assert {row["code"] for row in drilled[4]} == {r.code for r in _regencies(engine, "32")} | {
        "32"
    }


def test_national_regency_map_with_province_outlines_and_names(app, engine: Engine) -> None:
    """``level=regency`` draws every regency of the country: hatched where no report came,
    the provinces outlined and named; the level switch writes the URL."""
    load(engine)
    url = "?period_from=2023-06&period_to=2024-05&level=regency"
    with as_user(app, Scope.national(), "_pages_location.search"):
        _none, drawn, view, _metric = page("ringkasan").update_map(url, "victims", None)
        figure = go.Figure(drawn)
        assert view["key"].startswith("regency|schematic||")
        values = figure.data[TRACE["values"]]
        assert len(values.locations) == 514
        hover = dict(zip(values.locations, values.customdata, strict=True))
        assert hover["32.01"][1] != "Tidak melapor" and hover["11.01"][1] == "Tidak melapor"
        assert figure.data[TRACE["not_reported"]].showlegend is True
        assert len(figure.data[TRACE["groups"]].text) == 38
        assert page("ringkasan").choose_level("regency", url) is no_update
        back = page("ringkasan").choose_level("province", url)
        assert "level=" not in back


def _regencies(engine: Engine, province: str):
    return reference.regions_at(engine, Scope.national(), "regency", province)


def test_map_click_drills_into_the_province(app, engine: Engine) -> None:
    load(engine)
    click = {"points": [{"location": "32"}]}
    with as_user(app, Scope.national(), "gugus-map.clickData"):
        search = page("gugus_tugas").update_view("?lang=en", "task_force", click, None)[0]
    assert parse_search(search) == {"lang": "en", "province": "32"}
    with as_user(app, Scope.for_user("provinsi", "53"), "gugus-map.clickData"):
        result = page("gugus_tugas").update_view("", "task_force", click, None)
    assert all(type(part).__name__ == "NoUpdate" for part in result)


def test_profile_page_messages(app, engine: Engine) -> None:
    load(engine)
    with as_user(app, Scope.national()):
        assert "wilayah-missing" in json.dumps(
            page("wilayah").layout(code="99").to_plotly_json(), default=str
        )
        found = page("wilayah").layout(code="53.01")
        assert "wilayah-task-force" in str(found)
    with as_user(app, Scope.for_user("provinsi", "32")):
        assert "wilayah-denied" in str(page("wilayah").layout(code="53.01"))


def test_meeting_mode_reads_a_release_sized_to_the_screen(app, engine: Engine, settings) -> None:
    load(engine)
    create_release(engine, settings, today=dt.date(2024, 6, 20))
    rapat = page("rapat")
    assert rapat.chosen_slides("peta,bogus,peta,tren") == ["peta", "tren"]
    assert rapat.auto_seconds("30") == 30 and rapat.auto_seconds("1") is None
    with as_user(app, Scope.national(), "rapat-next.n_clicks"):
        config = {"slides": ["ringkasan", "peta"], "search": "?periode=bulan"}
        index, section, picked = rapat.advance(None, 1, None, None, "dark", config, 0)
    text = str(section)
    assert index == 1 and picked == "1"
    # the slide's charts are sized by the screen, in the theme, values large
    graph = next(part for part in section._traverse() if type(part).__name__ == "Graph")
    assert graph.responsive is True and graph.figure["layout"]["height"] is None
    assert graph.figure["layout"]["paper_bgcolor"] == "#000000"
    written = [trace for trace in graph.figure["data"] if trace.get("textfont")]
    assert written and all(trace["textfont"]["size"] >= 24 for trace in written)
    assert "rapat-suppression" in text and "rapat-source" in text
    assert "rilis data 1" in text and "<5: angka 1 sampai 4" in text


def test_url_and_controls_stay_in_step(app, engine: Engine) -> None:
    load(engine)
    shell = sys.modules["dashboard.callbacks.shell"]
    with as_user(app, Scope.national(), "shell-location.search"):
        result = shell.sync_filters("?province=32&regency=32.01&sex=female", *[None] * 9)
    assert type(result[0]).__name__ == "NoUpdate"
    assert result[3:7] == ["32", "32.01", None, "female"]
    assert {option["value"] for option in result[10]} == {r.code for r in _regencies(engine, "32")}
    assert len(result[13]) == 38
    values = [None] * 9
    values[2] = "53"
    with as_user(app, Scope.national(), "shell-province.value"):
        result = shell.sync_filters("?slides=peta&province=32&regency=32.01", *values)
    assert result[0] == "?slides=peta&province=53"
    with as_user(app, Scope.for_user("provinsi", "32"), "shell-province.value"):
        result = shell.sync_filters("?province=32", *values)
    assert type(result[0]).__name__ == "NoUpdate"


def test_map_callback_over_http_sends_a_patch(app, engine: Engine) -> None:
    load(engine)
    create_user(engine, "analis", PASSWORD, "nasional", None)
    client = app.server.test_client()
    token = _login(client)
    body = {
        "output": "..ringkasan-map.figure...ringkasan-map-layer.data...ringkasan-metric.value..",
        "inputs": [
            {"id": "ringkasan-location", "property": "search", "value": "?period_to=2024-05"},
            {"id": "ringkasan-metric", "property": "value", "value": "victims"},
        ],
        "state": [{"id": "ringkasan-view", "property": "data", "value": None}],
        "changedPropIds": ["ringkasan-location.search"],
    }
    spec = next(key for key in app.callback_map if "ringkasan-map.figure" in key)
    body["output"] = spec
    body["outputs"] = [
        {"id": part.split(".")[0], "property": part.split(".")[-1]}
        for part in spec.strip(".").split("...")
    ]
    first = client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": token})
    assert first.status_code == 200, first.get_data(as_text=True)[:300]
    view = first.get_json()["response"]["ringkasan-view"]["data"]
    body["state"][0]["value"] = view
    body["inputs"][0]["value"] = "?period_to=2024-05&sex=female"
    second = client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": token})
    figure = second.get_json()["response"]["ringkasan-map"]["figure"]
    assert figure.get("__dash_patch_update")
    assert b"geojson" in first.data and b"geojson" not in second.data
    assert len(second.data) < len(first.data) / 2


def _login(client) -> str:
    import re

    page_text = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page_text).group(1)
    response = client.post(
        "/login",
        data={"csrf_token": token, "username": "analis", "password": PASSWORD, "next": "/"},
    )
    assert response.status_code == 302
    with client.session_transaction() as session:
        return session["csrf"]


def test_shared_memo_follows_new_reports(app, engine: Engine) -> None:
    """What requests share (task-force status, silence, punctuality) is recomputed as soon
    as a report arrives: a later request never shows the figures of before."""
    month = dt.date(2026, 3, 1)
    as_of = dt.date(2026, 5, 1)
    store_report(engine, simple_report("32.01", month, established=False))

    def status_and_silence():
        with app.server.test_request_context("/"):
            status = task_forces.task_force_status(engine, as_of, Scope.national())
            silence = task_forces.silent(engine, as_of, Scope.national())
            return status["32.01"].established, silence["32.01"]

    assert status_and_silence() == (False, 2)
    assert status_and_silence() == (False, 2)  # served from the shared memo
    url = str(engine.url)
    before = {key[1] for key in memo._DATA_MEMO if key[0] == url}
    store_report(engine, simple_report("32.01", as_of, established=True))
    assert status_and_silence() == (True, 0)
    after = {key[1] for key in memo._DATA_MEMO if key[0] == url}
    assert len(before) == len(after) == 1 and before != after, "what the old data gave is gone"


def test_activities_per_region_follow_new_reports(app, engine: Engine) -> None:
    """A metric read from its monthly cube (activities) shows a new report at once."""
    month = dt.date(2026, 3, 1)

    def activities() -> dict[str, int]:
        with app.server.test_request_context("/"):
            selection = Selection(month, month)
            return facts.metric_by_region(
                engine, selection, Scope.national(), "regency", "activities"
            )

    store_report(
        engine, replace(simple_report("32.01", month), activities={"socialisation": (3, 40)})
    )
    assert activities() == {"32.01": 3}
    assert activities() == {"32.01": 3}
    store_report(
        engine, replace(simple_report("32.02", month), activities={"socialisation": (2, 9)})
    )
    assert activities() == {"32.01": 3, "32.02": 2}


def test_national_task_force_map_rolls_up_the_regencies(app, engine: Engine, settings) -> None:
    """Provinces are coloured by the share of their regencies and cities with an active
    task force (not by the province's own report: 38 identical provinces before)."""
    from dashboard.callbacks.map_views import map_values

    for code, established in (("32.01", True), ("32.73", True), ("32.02", False), ("51.01", True)):
        store_report(engine, simple_report(code, MAY, established=established))
    store_report(engine, simple_report("32", MAY))
    filters = FilterState(metric="task_force", lang="en")
    with app.server.test_request_context("/"):
        shown = map_values(
            engine, filters, Selection(MAY, MAY), Scope.national(), settings, suppress=False
        )
    assert shown.values["32"] == round(100 * 2 / 27, 1)
    assert shown.values["51"] == round(100 * 1 / 9, 1)
    assert shown.values["11"] == 0
    assert shown.text["32"].startswith("Jawa Barat: 2 of 27")


def test_chart_context_names_period_source_release_and_synthetic_data() -> None:
    """What a chart PNG carries under its title, from the catalogue in either language."""
    from dashboard.layout import chart_context

    spring = (dt.date(2024, 3, 1), dt.date(2024, 5, 1))
    assert chart_context(spring, "id", synthetic=True) == [
        "Sumber: laporan gugus tugas daerah, Pantau TPPO. Periode Mar–Mei 2024.",
        "Data langsung (bukan rilis data)",
        "DATA SINTETIS",
    ]
    assert chart_context(spring, "en", synthetic=False, release=(7, "2 Dec 2026 09:00 WIB")) == [
        "Source: regional task-force reports, Pantau TPPO. Period Mar–May 2024.",
        "Source: data release 7, data as of 2 Dec 2026 09:00 WIB",
    ]
    assert chart_context(None, "en", synthetic=True) == [
        "Live data (not a data release)",
        "SYNTHETIC DATA",
    ]


def test_the_shell_writes_the_chart_context_of_the_view(app, engine: Engine) -> None:
    """The URL's period (the page's clamped one), live data, and the synthetic label only
    while the data is synthetic; admin pages name no period."""
    import dataclasses

    load(engine)
    shell = sys.modules["dashboard.callbacks.shell"]
    with as_user(app, Scope.national(), "_pages_location.search"):
        lines, button = shell.chart_context_data("/", "?period_from=2024-03&period_to=2024-05")
        assert json.loads(lines) == [
            "Sumber: laporan gugus tugas daerah, Pantau TPPO. Periode Mar–Mei 2024.",
            "Data langsung (bukan rilis data)",
        ]
        assert button == "Unduh grafik sebagai PNG"
        lines, button = shell.chart_context_data("/admin/audit", "?lang=en")
        assert json.loads(lines) == ["Live data (not a data release)"]
        assert button == "Download chart as PNG"
    synthetic = dataclasses.replace(simple_report("11.01", MAY, victims=3), synthetic=True)
    store_report(engine, synthetic)
    with as_user(app, Scope.national(), "_pages_location.search"):
        lines, _button = shell.chart_context_data("/gugus-tugas", "?period_to=2024-05")
    assert json.loads(lines)[-1] == "DATA SINTETIS"
