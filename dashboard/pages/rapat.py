"""``/rapat``: meeting mode, full-screen slides for a projector.

``?slides=ringkasan,peta,luar-negeri,penegakan&auto=30`` chooses the slides and advances
every 30 seconds.  Values are written on every map and chart (nothing needs hovering),
small counts are always hidden ("<5") and each slide names its period and data source.
Keys: →/PageDown next, ←/PageUp previous (``assets/pantau-rapat.js`` clicks the buttons).
Every component id starts with ``rapat`` (the meeting-display role may use only those).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Input, Output, State, ctx, dcc, html

from dashboard import formatting, slides_taskforces
from dashboard.callbacks.map_views import layer_for, map_figure, map_values
from dashboard.callbacks.panels import headline_tiles
from dashboard.callbacks.shell import current_filters
from dashboard.components.maps import graph_config
from dashboard.filters import FilterState, Period, parse_search
from dashboard.layout import SERIES_COLOURS, chart_layout, empty_state
from dashboard.queries import (
    app_engine,
    app_settings,
    data_status,
    default_period_end,
    enforcement_stages,
    headline_figures,
    monthly_series,
    victims_by_country,
)
from dashboard.scope import current_scope
from pantau.metrics import FUNNEL, METRICS
from pantau.privacy import suppress_series, suppressed_label, suppression_notice
from pantau.texts import t

dash.register_page(__name__, path="/rapat", name="Mode rapat", title="Rapat - Pantau TPPO")

SLIDES = ("ringkasan", "peta", "gugus", "luar-negeri", "penegakan", "tren")
SLIDES += slides_taskforces.SLIDES
AUTO_RANGE = (5, 600)
TOP_COUNTRIES = 8
BIG_FONT = {"size": 22}


SLIDE_TITLES = {
    "ringkasan": "ringkasan.title",
    "peta": "rapat.slide.peta",
    "gugus": "metric.task_force",
    "luar-negeri": "metric.overseas_victims",
    "penegakan": "nav.penegakan",
    "tren": "rapat.slide.tren",
    **slides_taskforces.TITLES,
}


def slide_title(name: str, lang: str) -> str:
    """The heading of slide ``name``."""
    return t(SLIDE_TITLES[name], lang)


def chosen_slides(raw: str | None) -> list[str]:
    """The slides of ``?slides=a,b`` in that order (unknown names dropped), else all."""
    slides = [name for name in (raw or "").split(",") if name in SLIDES]
    return list(dict.fromkeys(slides)) or list(SLIDES)


def auto_seconds(raw: str | None) -> int | None:
    """Seconds between slides from ``?auto=30`` (5..600), None when absent or invalid."""
    try:
        seconds = int(raw or "")
    except ValueError:
        return None
    return seconds if AUTO_RANGE[0] <= seconds <= AUTO_RANGE[1] else None


def _big(figure: go.Figure, lang: str, height: int = 620) -> go.Figure:
    figure.update_layout(chart_layout(lang, height=height, font=BIG_FONT))
    return figure


def _hidden_aware(values: dict[str, int], threshold: int) -> dict[str, int | None]:
    return suppress_series(values, threshold)


def slide_body(name: str, filters: FilterState, period: Period):
    """The content of slide ``name``: figures with their values written on them."""
    settings = app_settings()
    engine = app_engine(settings)
    scope = current_scope()
    lang = filters.lang
    threshold = settings.suppression_threshold
    hidden = suppressed_label(threshold)
    if name in slides_taskforces.SLIDES:
        return slides_taskforces.slide_body(name, filters, period)
    if name == "ringkasan":
        figures = headline_figures(engine, filters, scope, period, settings)
        return headline_tiles(figures, period, lang, suppress=True, threshold=threshold)
    if name in ("peta", "gugus"):
        metric = "victims" if name == "peta" else "task_force"
        key, layer = layer_for(filters, settings, scope)
        level = key.split("|")[0]
        shown = map_values(
            engine, filters, scope, period, settings, suppress=True, metric=metric, level=level
        )
        figure = map_figure(layer, shown, lang, show_values=True, height=680)
        if metric == "victims":
            labels = [shown.text.get(feature["id"], "") for feature in layer["features"]]
            figure.update_traces(selector={"name": "labels"}, text=labels)
        figure.update_layout(font=BIG_FONT)
        config = {
            **graph_config(filename="pantau-tppo-rapat", locale=lang),
            "displayModeBar": False,
        }
        return dcc.Graph(id="rapat-map", figure=figure, config=config)
    if name == "luar-negeri":
        rows = victims_by_country(engine, filters, scope, period, lang)
        protected = _hidden_aware({code: value for code, _n, value in rows}, threshold)
        top = rows[:TOP_COUNTRIES]
        figure = go.Figure(
            go.Bar(
                x=[protected[code] or 0 for code, _n, _v in top],
                y=[label for _c, label, _v in top],
                orientation="h",
                text=[
                    hidden if protected[code] is None else formatting.number(protected[code], lang)
                    for code, _n, _v in top
                ],
                textposition="outside",
                cliponaxis=False,
                marker_color=SERIES_COLOURS[0],
            )
        )
        _big(figure, lang)
        figure.update_layout(yaxis={"autorange": "reversed"}, margin={"r": 80})
        return dcc.Graph(id="rapat-countries", figure=figure, config={"displayModeBar": False})
    if name == "penegakan":
        stages = enforcement_stages(engine, filters, scope, period)
        protected = _hidden_aware(stages, threshold)
        figure = go.Figure(
            go.Funnel(
                y=[METRICS[stage].label(lang) for stage in FUNNEL],
                x=[protected[stage] or 0 for stage in FUNNEL],
                text=[
                    hidden if protected[s] is None else formatting.number(protected[s], lang)
                    for s in FUNNEL
                ],
                texttemplate="%{text}",
                textposition="inside",
                textfont={"size": 28},
                marker={"color": SERIES_COLOURS[0]},
            )
        )
        _big(figure, lang)
        return dcc.Graph(id="rapat-funnel", figure=figure, config={"displayModeBar": False})
    series = monthly_series(engine, filters, scope, period, "victims")
    reported = {f"{m:%Y-%m}": v for m, v in series.items() if v is not None}
    protected = _hidden_aware(reported, threshold)

    def bar_text(month: dt.date, value: int | None) -> str:
        if value is None:
            return t("trend.not_reported", lang)
        return hidden if protected[f"{month:%Y-%m}"] is None else formatting.number(value, lang)

    figure = go.Figure(
        go.Bar(
            x=[formatting.month(month, lang) for month in series],
            y=[protected.get(f"{m:%Y-%m}") or 0 for m in series],
            text=[bar_text(m, v) for m, v in series.items()],
            textposition="outside",
            cliponaxis=False,
            marker_color=SERIES_COLOURS[0],
        )
    )
    _big(figure, lang)
    figure.update_layout(xaxis={"type": "category"})
    return dcc.Graph(id="rapat-trend", figure=figure, config={"displayModeBar": False})


def slide(name: str, number: int, total: int, filters: FilterState) -> html.Section:
    """A whole slide: title, body, period and source, suppression line, position."""
    settings = app_settings()
    engine = app_engine(settings)
    lang = filters.lang
    status = data_status(engine, current_scope())
    period = filters.period(default_period_end(engine, settings))
    label = formatting.month_range(period.start, period.end, lang)
    if status.latest_period is None:
        body = empty_state(t("empty.no_reports", lang), "rapat-empty")
    else:
        body = slide_body(name, filters, period)
    source = "rapat.source"
    return html.Section(
        [
            html.Div(
                [
                    html.H1(slide_title(name, lang), className="rapat-title"),
                    html.Span(t("shell.synthetic", lang), className="rapat-synthetic")
                    if status.synthetic
                    else None,
                ],
                className="rapat-head",
            ),
            html.Div(body, className="rapat-body"),
            html.Footer(
                [
                    html.Div(t(source, lang, period=label), id="rapat-source"),
                    html.Div(
                        suppression_notice(settings.suppression_threshold, lang),
                        id="rapat-suppression",
                    ),
                    html.Div(
                        t("rapat.slide_of", lang, number=number, total=total),
                        id="rapat-position",
                    ),
                ],
                className="rapat-foot",
            ),
        ],
        className="rapat-slide",
        id="rapat-slide",
        **{"data-slide": name},
    )


def layout(**query: str) -> html.Div:
    search = "?" + urlencode({k: v for k, v in query.items() if isinstance(v, str)})
    params = parse_search(search)
    filters = current_filters(search)
    slides = chosen_slides(params.get("slides"))
    seconds = auto_seconds(params.get("auto"))
    lang = filters.lang
    return html.Div(
        [
            dcc.Store(id="rapat-slides", data={"slides": slides, "search": search}),
            dcc.Store(id="rapat-index", data=0),
            dcc.Interval(
                id="rapat-interval",
                interval=(seconds or 60) * 1000,
                disabled=seconds is None,
            ),
            html.Div(slide(slides[0], 1, len(slides), filters), id="rapat-stage"),
            html.Div(
                [
                    dbc.Button(
                        "‹ " + t("rapat.previous", lang),
                        id="rapat-prev",
                        color="light",
                        className="me-2",
                    ),
                    dbc.Button(t("rapat.next", lang) + " ›", id="rapat-next", color="light"),
                    html.Span(t("rapat.keys", lang), className="ms-3 rapat-keys"),
                    html.Span(
                        t("rapat.auto", lang, seconds=seconds) if seconds else "",
                        className="ms-3 rapat-keys",
                    ),
                    html.A("×", href="/", className="rapat-exit", id="rapat-exit"),
                ],
                className="rapat-controls",
            ),
        ],
        className="page-rapat",
        id="rapat-page",
    )


def advance(_previous, _next, _ticks, index: int | None, config: dict | None):
    """Move one slide back or forward (buttons, keys, timer), wrapping around."""
    config = config or {}
    slides = chosen_slides(",".join(config.get("slides") or []))
    step = -1 if ctx.triggered_id == "rapat-prev" else 1
    new_index = ((index or 0) + step) % len(slides)
    filters = current_filters(config.get("search"))
    return new_index, slide(slides[new_index], new_index + 1, len(slides), filters)


dash.callback(
    Output("rapat-index", "data"),
    Output("rapat-stage", "children"),
    Input("rapat-prev", "n_clicks"),
    Input("rapat-next", "n_clicks"),
    Input("rapat-interval", "n_intervals"),
    State("rapat-index", "data"),
    State("rapat-slides", "data"),
    prevent_initial_call=True,
)(advance)
