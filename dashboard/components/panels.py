"""Panels shared by the core pages and meeting mode: headline tiles and trend bars."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import formatting
from dashboard import layout as charts
from dashboard.data.headlines import Headline
from dashboard.filters import Period
from dashboard.layout import SERIES_COLOURS, chart_layout
from pantau.metrics import METRICS
from pantau.texts import t


def tile(
    label: str,
    value: str,
    notes: list[str],
    element_id: str,
    *,
    tone: str | None = None,
    half_on_phone: bool = False,
) -> dbc.Col:
    """One headline tile: label, the value large, notes under it (pages and meetings);
    ``tone`` (a Bootstrap colour: ``success``, ``warning``...) edges it in a state's colour.
    ``half_on_phone`` puts two on a phone's row: a row of short counts without notes would
    otherwise fill a phone's first screen one tile each."""
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(label, className="tile-label"),
                    html.Div(value, className="tile-value", id=f"{element_id}-value"),
                    *[html.Div(note, className="tile-note") for note in notes],
                ]
            ),
            className="h-100 tile" + (f" border-{tone} border-2" if tone else ""),
        ),
        xs=6 if half_on_phone else 12,
        sm=6,
        xl=True,
        id=element_id,
    )


def _change_line(figure: Headline, before: Period, lang: str) -> list[str]:
    """The tile's comparison with the previous period; nothing when there is none (the
    page then says so once, :func:`comparison_notice`)."""
    period = formatting.month_range(before.start, before.end, lang)
    if not figure.comparable:
        return []
    if figure.change is None:
        return [t("headline.from_zero", lang, period=period)] if figure.current else []
    return [
        t("headline.change", lang, change=formatting.change(figure.change, lang), period=period)
    ]


def comparison_notice(figures: dict[str, Headline], period: Period, lang: str) -> list:
    """One line for the whole page when the previous period has no reports to compare."""
    if all(figure.comparable for figure in figures.values()):
        return []
    before = period.previous()
    label = formatting.month_range(before.start, before.end, lang)
    return [
        html.P(
            t("headline.no_comparison", lang, period=label),
            className="text-muted small mb-2",
            id="headline-no-comparison",
        )
    ]


def headline_tiles(
    figures: dict[str, Headline], period: Period, lang: str, *, suppress: bool, threshold: int
) -> dbc.Row:
    """Five tiles: victims (overseas), police reports, convictions, task forces, on time."""
    before = period.previous()

    def count(value: int) -> str:
        return formatting.count(value, lang, suppress=suppress, threshold=threshold)

    victims, forces, on_time = figures["victims"], figures["task_forces"], figures["on_time"]
    expected = on_time.detail["expected"]
    share = on_time.current / expected if expected else None
    tiles = [
        tile(
            t("headline.victims", lang),
            count(victims.current),
            [
                t("headline.of_overseas", lang, count=count(victims.detail["overseas"])),
                *_change_line(victims, before, lang),
            ],
            "ringkasan-victims",
        ),
        tile(
            METRICS["police_reports"].label(lang),
            count(figures["police_reports"].current),
            _change_line(figures["police_reports"], before, lang),
            "ringkasan-police-reports",
        ),
        tile(
            METRICS["convictions"].label(lang),
            count(figures["convictions"].current),
            _change_line(figures["convictions"], before, lang),
            "ringkasan-convictions",
        ),
        tile(
            t("headline.task_forces", lang),
            formatting.number(forces.current, lang),
            [
                t(
                    "headline.task_forces_of",
                    lang,
                    **{key: formatting.number(v, lang) for key, v in forces.detail.items()},
                ),
                *_change_line(forces, before, lang),
            ],
            "ringkasan-task-forces",
        ),
        tile(
            METRICS["compliance"].label(lang),
            formatting.percent(share, lang),
            [
                t(
                    "headline.on_time_of",
                    lang,
                    on_time=formatting.number(on_time.current, lang),
                    expected=formatting.number(expected, lang),
                ),
                *_change_line(on_time, before, lang),
            ],
            "ringkasan-on-time",
        ),
    ]
    return html.Div(
        [*comparison_notice(figures, period, lang), dbc.Row(tiles, className="g-3 mb-3")]
    )


def trend_figure(series: dict, lang: str, title: str) -> dict:
    """Monthly bars of one metric with the value written on each bar."""
    months = list(series)
    bars = {
        "type": "bar",
        "x": [formatting.month(month, lang) for month in months],
        "y": list(series.values()),
        "text": [
            t("trend.not_reported", lang) if value is None else formatting.number(value, lang)
            for value in series.values()
        ],
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": SERIES_COLOURS[0]},
        "name": title,
        "hovertemplate": "%{x}: %{text}<extra></extra>",
    }
    frame = chart_layout(
        lang, height=340, xaxis={"type": "category"}, yaxis={"rangemode": "tozero"}
    )
    return charts.trusted_figure([bars], frame)
