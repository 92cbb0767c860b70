"""``/rapat``: meeting mode, full-screen slides for a projector.

``?slides=ringkasan,peta,luar-negeri,penegakan&auto=30&theme=dark`` chooses the slides,
advances every 30 seconds and starts in the dark projector theme; the on-screen controls
(previous/next, a slide picker, auto-advance with its interval, the theme) do the same.
Values are written on every map and chart (nothing needs hovering), small counts are
always hidden ("<5") and each slide names its period and data source.  A slide fills the
screen: its charts are sized by their box (:func:`fit_to_screen`), never by a fixed height.
Keys (``assets/pantau-rapat.js`` clicks the buttons): →/PageDown next, ←/PageUp previous,
Home first, P auto-advance on/off, T theme.
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
    enforcement_stages,
    headline_figures,
    monthly_series,
    page_period,
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


# -- the frame: one slide filling the screen, its footer and the on-screen controls --------


def slide(
    name: str, number: int, total: int, filters: FilterState, theme: str = "light"
) -> html.Section:
    """A whole slide: title, body sized to the screen, period and source, release slot,
    suppression line and position."""
    settings = app_settings()
    engine = app_engine(settings)
    lang = filters.lang
    status = data_status(engine, current_scope())
    period = page_period(filters, engine, settings)
    label = formatting.month_range(period.start, period.end, lang)
    if status.latest_period is None:
        body = empty_state(t("empty.no_reports", lang), "rapat-empty")
    else:
        body = fit_to_screen(slide_body(name, filters, period), theme)
    return html.Section(
        [
            html.Div(
                [
                    html.H1(slide_title(name, lang), className="rapat-title", id="rapat-title"),
                    html.Span(t("shell.synthetic", lang), className="rapat-synthetic")
                    if status.synthetic
                    else None,
                ],
                className="rapat-head",
            ),
            html.Div(body, className="rapat-body", id="rapat-body"),
            html.Footer(
                [
                    html.Div(t("rapat.source", lang, period=label), id="rapat-source"),
                    # The data release the slide comes from (#10) is named here.
                    html.Div(id="rapat-release", className="rapat-release"),
                    html.Div(
                        suppression_notice(settings.suppression_threshold, lang),
                        id="rapat-suppression",
                    ),
                    html.Div(
                        t("rapat.slide_of", lang, number=number, total=total),
                        id="rapat-position",
                        className="rapat-position",
                    ),
                ],
                className="rapat-foot",
            ),
        ],
        className="rapat-slide",
        id="rapat-slide",
        **{"data-slide": name},
    )


def fit_to_screen(body, theme: str):
    """Every chart of a slide body sized by its box (the screen), not by a fixed height,
    with values large enough to read at the back of a room and the theme's colours."""
    graphs = [body] if isinstance(body, dcc.Graph) else []
    if not graphs and hasattr(body, "_traverse"):
        graphs = [part for part in body._traverse() if isinstance(part, dcc.Graph)]
    for graph in graphs:
        graph.figure = projector_figure(go.Figure(graph.figure), theme)
        graph.responsive = True
        graph.style = {"height": "100%", "width": "100%"}
        graph.className = "rapat-graph"
        graph.config = {**(graph.config or {}), "displayModeBar": False, "responsive": True}
    return body


def projector_figure(figure: go.Figure, theme: str) -> go.Figure:
    """``figure`` autosized, in the theme, values at least :data:`VALUE_FONT` px."""
    colours = THEMES[theme]
    figure.update_layout(
        height=None,
        width=None,
        autosize=True,
        font={"size": AXIS_FONT, "color": colours["text"]},
        paper_bgcolor=colours["background"],
        plot_bgcolor=colours["background"],
        margin={"t": 8, "b": 8},
    )
    axes = {"gridcolor": colours["grid"], "linecolor": colours["text"], "separatethousands": True}
    figure.update_xaxes(exponentformat="none", **axes)
    figure.update_yaxes(exponentformat="none", **axes)
    for trace in figure.data:
        if getattr(trace, "text", None) is not None and hasattr(trace, "textfont"):
            size = trace.textfont.size if trace.textfont.size else 0
            trace.textfont.size = max(size, VALUE_FONT)
        marker = getattr(trace, "marker", None)
        if trace.type in ("bar", "funnel") and marker is not None:
            trace.marker.color = colours["bar"]
            if trace.type == "funnel":
                trace.textfont.color = colours["on_bar"]
    if figure.layout.geo is not None:
        figure.update_geos(bgcolor=colours["background"])
    return figure


VALUE_FONT = 26
"""Values written on slides' charts and maps (px): at least 24 px on a 1080p screen."""
AXIS_FONT = 22
THEMES = {
    "light": {
        "background": "#ffffff",
        "text": "#000000",
        "grid": "#d0d0d0",
        "bar": "#00204d",
        "on_bar": "#ffffff",
    },
    "dark": {
        "background": "#000000",
        "text": "#ffffff",
        "grid": "#444444",
        "bar": "#ffcf3f",
        "on_bar": "#000000",
    },
}
"""The two projector themes: black on white, white on black (contrast 21:1)."""
AUTO_CHOICES = (10, 20, 30, 60, 120)


def theme_of(raw: str | None) -> str:
    """``?theme=dark`` or the light default."""
    return raw if raw in THEMES else "light"


def _controls(slides: list[str], lang: str, seconds: int | None, theme: str) -> html.Nav:
    choices = sorted({*AUTO_CHOICES, *([seconds] if seconds else [])})
    return html.Nav(
        [
            html.Button(
                "‹ " + t("rapat.previous", lang),
                id="rapat-prev",
                type="button",
                className="btn rapat-button",
                title=t("rapat.keys", lang),
            ),
            html.Label(
                t("rapat.ui.picker", lang), htmlFor="rapat-picker", className="visually-hidden"
            ),
            dbc.Select(
                id="rapat-picker",
                options=[
                    {"label": f"{i + 1}. {slide_title(name, lang)}", "value": str(i)}
                    for i, name in enumerate(slides)
                ],
                value="0",
                className="rapat-picker",
            ),
            html.Button(
                t("rapat.next", lang) + " ›",
                id="rapat-next",
                type="button",
                className="btn rapat-button",
                title=t("rapat.keys", lang),
            ),
            html.Button(
                auto_label(seconds is not None, lang),
                id="rapat-auto",
                type="button",
                className="btn rapat-button",
                title=t("rapat.ui.auto_key", lang),
                **{"aria-pressed": "true" if seconds else "false"},
            ),
            html.Label(
                t("rapat.ui.interval", lang),
                htmlFor="rapat-auto-seconds",
                className="visually-hidden",
            ),
            dbc.Select(
                id="rapat-auto-seconds",
                options=[
                    {"label": t("rapat.ui.every", lang, seconds=choice), "value": str(choice)}
                    for choice in choices
                ],
                value=str(seconds or 30),
                className="rapat-seconds",
            ),
            html.Button(
                theme_label(theme, lang),
                id="rapat-theme",
                type="button",
                className="btn rapat-button",
                title=t("rapat.ui.theme_key", lang),
            ),
            html.A(
                "×",
                href="/",
                className="rapat-exit",
                id="rapat-exit",
                title=t("rapat.ui.exit", lang),
                **{"aria-label": t("rapat.ui.exit", lang)},
            ),
        ],
        className="rapat-controls",
        id="rapat-controls",
        **{"aria-label": t("rapat.ui.controls", lang)},
    )


def auto_label(running: bool, lang: str) -> str:
    """The auto-advance button: what pressing it does."""
    return "❚❚ " + t("rapat.ui.pause", lang) if running else "▶ " + t("rapat.ui.play", lang)


def theme_label(theme: str, lang: str) -> str:
    """The theme button: the theme it switches to."""
    return t("rapat.ui.dark", lang) if theme == "light" else t("rapat.ui.light", lang)


def page_class(theme: str) -> str:
    return f"page-rapat rapat-theme-{theme}"


def layout(**query: str) -> html.Div:
    search = "?" + urlencode({k: v for k, v in query.items() if isinstance(v, str)})
    params = parse_search(search)
    filters = current_filters(search)
    slides = chosen_slides(params.get("slides"))
    seconds = auto_seconds(params.get("auto"))
    theme = theme_of(params.get("theme"))
    return html.Div(
        [
            dcc.Store(id="rapat-slides", data={"slides": slides, "search": search}),
            dcc.Store(id="rapat-index", data=0),
            dcc.Store(id="rapat-theme-name", data=theme),
            dcc.Interval(
                id="rapat-interval",
                interval=(seconds or 30) * 1000,
                disabled=seconds is None,
            ),
            html.Div(slide(slides[0], 1, len(slides), filters, theme), id="rapat-stage"),
            _controls(slides, filters.lang, seconds, theme),
        ],
        className=page_class(theme),
        id="rapat-page",
    )


def advance(_previous, _next, _ticks, picked, theme, index: int | None, config: dict | None):
    """Show the slide asked for: one back or forward (buttons, keys, timer, wrapping
    around), the one picked, or the same one again in another theme."""
    config = config or {}
    slides = chosen_slides(",".join(config.get("slides") or []))
    triggered = ctx.triggered_id
    index = index or 0
    if triggered == "rapat-picker":
        try:
            new_index = int(picked) % len(slides)
        except (TypeError, ValueError):
            return dash.no_update, dash.no_update, dash.no_update
    elif triggered == "rapat-theme-name":
        new_index = index % len(slides)
    else:
        new_index = (index + (-1 if triggered == "rapat-prev" else 1)) % len(slides)
    filters = current_filters(config.get("search"))
    shown = slide(slides[new_index], new_index + 1, len(slides), filters, theme_of(theme))
    return new_index, shown, str(new_index)


def auto_advance(_clicks, seconds: str | None, disabled: bool | None, search: dict | None):
    """Start or pause auto-advance, or change its interval."""
    lang = current_filters((search or {}).get("search")).lang
    try:
        interval = int(seconds or 30)
    except ValueError:
        interval = 30
    interval = min(max(interval, AUTO_RANGE[0]), AUTO_RANGE[1])
    running = not disabled
    if ctx.triggered_id == "rapat-auto":
        running = not running
    return not running, interval * 1000, auto_label(running, lang), str(running).lower()


def switch_theme(_clicks, theme: str | None, search: dict | None):
    """Light <-> dark: the page's colours, and the slide drawn again in them."""
    lang = current_filters((search or {}).get("search")).lang
    new = "dark" if theme_of(theme) == "light" else "light"
    return new, page_class(new), theme_label(new, lang)


dash.callback(
    Output("rapat-index", "data"),
    Output("rapat-stage", "children"),
    Output("rapat-picker", "value"),
    Input("rapat-prev", "n_clicks"),
    Input("rapat-next", "n_clicks"),
    Input("rapat-interval", "n_intervals"),
    Input("rapat-picker", "value"),
    Input("rapat-theme-name", "data"),
    State("rapat-index", "data"),
    State("rapat-slides", "data"),
    prevent_initial_call=True,
)(advance)
dash.callback(
    Output("rapat-interval", "disabled"),
    Output("rapat-interval", "interval"),
    Output("rapat-auto", "children"),
    Output("rapat-auto", "aria-pressed"),
    Input("rapat-auto", "n_clicks"),
    Input("rapat-auto-seconds", "value"),
    State("rapat-interval", "disabled"),
    State("rapat-slides", "data"),
    prevent_initial_call=True,
)(auto_advance)
dash.callback(
    Output("rapat-theme-name", "data"),
    Output("rapat-page", "className"),
    Output("rapat-theme", "children"),
    Input("rapat-theme", "n_clicks"),
    State("rapat-theme-name", "data"),
    State("rapat-slides", "data"),
    prevent_initial_call=True,
)(switch_theme)
