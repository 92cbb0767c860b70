"""The dashboard framework without a database: URL filter state, formatting, texts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from dashboard_support import find

from dashboard import formatting
from dashboard.components.table import cell, data_table
from dashboard.filters import FilterState, merge_search, parse_search
from dashboard.layout import money_axis
from pantau.access import Scope


def test_url_round_trip_reproduces_every_field() -> None:
    state = FilterState(
        period_from="2023-05",
        period_to="2024-04",
        province="32",
        regency="32.01",
        exploitation="online_scam",
        sex="female",
        age_group="child",
        metric="convictions",
        map_kind="geographic",
        measure="rate",
        lang="en",
    )
    assert FilterState.from_search(state.to_query()) == state
    assert FilterState().to_query() == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"period_from": "2024-13"}, FilterState()),
        ({"period_from": "24-01"}, FilterState()),
        ({"period_to": "1999-12"}, FilterState()),
        ({"province": "99"}, FilterState()),
        ({"province": "32.01"}, FilterState()),
        ({"province": "<script>"}, FilterState()),
        ({"regency": "33.01", "province": "32"}, FilterState(province="32")),
        ({"regency": "33.01"}, FilterState(province="33", regency="33.01")),
        ({"metric": "DROP TABLE"}, FilterState()),
        ({"sex": "unknown", "lang": "fr", "map": "x", "measure": "y"}, FilterState()),
        (
            {"period_from": "2024-06", "period_to": "2024-01"},
            FilterState(period_from="2024-01", period_to="2024-06"),
        ),
    ],
)
def test_garbage_in_the_url_is_ignored(query: dict, expected: FilterState) -> None:
    assert FilterState.from_query(query) == expected


def test_regional_scope_pins_the_region() -> None:
    provincial = Scope.for_user("provinsi", "32")
    assert FilterState.from_query({"province": "33"}, scope=provincial).province == "32"
    kept = FilterState.from_query({"province": "32", "regency": "32.01"}, scope=provincial)
    assert kept.regency == "32.01"
    regency = Scope.for_user("kabupaten", "33.01")
    state = FilterState.from_query({}, scope=regency)
    assert (state.province, state.regency) == ("33", "33.01")


def test_default_language_is_omitted_from_the_url() -> None:
    assert FilterState(lang="en").to_query(default_lang="en") == ""
    assert FilterState(lang="id").to_query(default_lang="en") == "?lang=id"
    assert FilterState.from_query({}, default_lang="en").lang == "en"


def test_merge_keeps_other_keys() -> None:
    merged = merge_search("?slides=peta&province=33&auto=30", FilterState(province="32"))
    assert parse_search(merged) == {"slides": "peta", "auto": "30", "province": "32"}


def test_default_period_is_twelve_months_to_the_latest_data() -> None:
    period = FilterState().period(dt.date(2024, 5, 1))
    assert (period.start, period.end, period.months) == (
        dt.date(2023, 6, 1),
        dt.date(2024, 5, 1),
        12,
    )
    before = period.previous()
    assert (before.start, before.end) == (dt.date(2022, 6, 1), dt.date(2023, 5, 1))
    only_start = FilterState(period_from="2024-07").period(dt.date(2024, 5, 1))
    assert only_start.start <= only_start.end


def test_numbers_months_and_amounts_per_language() -> None:
    may = dt.date(2024, 5, 1)
    assert formatting.number(1262, "id") == "1.262"
    assert formatting.number(1262, "en") == "1,262"
    assert formatting.month(may, "id") == "Mei 2024"
    assert formatting.month(may, "en") == "May 2024"
    assert formatting.month(dt.date(2026, 11, 1), "id") == "Nov 2026"
    assert formatting.month(dt.date(2026, 8, 1), "id") == "Agu 2026"
    assert formatting.percent(0.125, "id", decimals=1) == "12,5%"
    assert formatting.idr(1_200_000_000, "id") == "Rp 1,2 miliar"
    assert formatting.idr(1_200_000_000, "en") == "Rp 1.2 billion"
    assert formatting.idr(150_000_000, "id") == "Rp 150 juta"
    assert formatting.change(0.25, "en") == "+25%"
    assert formatting.change(-0.05, "id") == "−5%"
    assert formatting.change(None, "id") == "–"


def test_a_money_axis_is_labelled_in_words_from_zero_past_the_largest_amount() -> None:
    axis = money_axis([1_200_000_000, 3_400_000_000, 0], "id")
    assert axis["tickvals"] == [0, 1_000_000_000, 2_000_000_000, 3_000_000_000, 4_000_000_000]
    assert axis["ticktext"] == ["0", "Rp 1 miliar", "Rp 2 miliar", "Rp 3 miliar", "Rp 4 miliar"]
    english = money_axis([800_000, 2_000_000], "en")
    assert english["ticktext"][-2:] == ["Rp 1.5 million", "Rp 2 million"]
    assert english["tickvals"][-1] >= 2_000_000
    assert money_axis([0, 0], "id") == {}  # nothing to scale: plotly's own axis


def test_a_data_table_sends_what_dash_components_would() -> None:
    """The table's rows are component JSON built directly: the browser gets the same."""
    import dash_bootstrap_components as dbc
    from dash import html
    from plotly.utils import PlotlyJSONEncoder

    built = data_table(
        ["Wilayah", "Jumlah"],
        [["Jawa Barat", 3], [None, cell("<5", "text-muted")], [html.A("f", href="/x"), ""]],
        "t",
    )
    by_hand = dbc.Table(
        [
            html.Thead(html.Tr([html.Th("Wilayah"), html.Th("Jumlah")])),
            html.Tbody(
                [
                    html.Tr([html.Td("Jawa Barat"), html.Td("3")]),
                    html.Tr([html.Td(""), html.Td("<5", className="text-muted")]),
                    html.Tr([html.Td(html.A("f", href="/x")), html.Td("")]),
                ]
            ),
        ],
        striped=True,
        size="sm",
        responsive=True,
        id="t",
    )
    sent = json.dumps(built, cls=PlotlyJSONEncoder, sort_keys=True)
    assert sent == json.dumps(by_hand, cls=PlotlyJSONEncoder, sort_keys=True)


def test_small_counts_are_hidden_only_where_suppression_applies() -> None:
    assert formatting.count(3, "id", suppress=True, threshold=4) == "<5"
    assert formatting.count(None, "id", suppress=True, threshold=4) == "<5"
    assert formatting.count(0, "id", suppress=True, threshold=4) == "0"
    assert formatting.count(5, "id", suppress=True, threshold=4) == "5"
    assert formatting.count(3, "id") == "3"


def test_the_breakdown_controls_hold_their_choices_from_the_start() -> None:
    """A dropdown given a value before its options clears it, and the shell wrote the
    cleared value back into the URL (``?sex=female`` lost on a cold server): the fixed
    choices are in the layout, so a value from the URL is always one of them."""
    from dashboard.components.frame import BREAKDOWN_VALUES, shell

    layout = shell("id")
    for name, values in BREAKDOWN_VALUES.items():
        control = find(layout, "shell-" + name.replace("_", "-"))
        assert [option["value"] for option in control.options] == list(values), name
