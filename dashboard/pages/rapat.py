"""``/rapat``: meeting mode, full-screen slides for a projector.

``?slides=ringkasan,peta,luar-negeri,penegakan&auto=30&theme=dark`` chooses the slides,
advances every 30 seconds and starts in the dark projector theme; the on-screen controls
(previous/next, a slide picker, auto-advance with its interval, the theme, the release, its
period and the release to compare with) do the same.  Meeting mode is shown to an audience:
every figure of a person-counting slide comes from a data release
(:mod:`dashboard.slides_release`, ``?rilis=N&periode=triwulan&sejak=M``), never from live
facts; the task-force slides show the register as that release knew it (its reports;
no person counts) and say so; only the directive slide shows the secretariat's live record
of follow-ups.
Opening a deck draws its other slides in the background (:func:`prepare_deck`), so "next"
shows a drawn slide.  Values are written on every map and chart (nothing needs hovering) and
each slide names its period, release and source.  A slide fills the screen: its charts are
sized by their box (:func:`fit_to_screen`), never by a fixed height.  Keys
(``assets/pantau-rapat.js`` clicks the buttons): →/PageDown next, ←/PageUp previous, Home
first, P auto-advance on/off, T theme.  Every component id starts with ``rapat`` (the
meeting-display role may use only those).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Input, Output, State, ctx, dcc, html
from flask import current_app, g, has_request_context

from dashboard import formatting, slides_release, slides_taskforces
from dashboard import layout as charts
from dashboard.callbacks.map_views import layer_for, map_figure, map_values
from dashboard.callbacks.shell import current_filters
from dashboard.components.maps import graph_config
from dashboard.data.context import app_engine, app_settings
from dashboard.data.memo import shared_memo
from dashboard.data.reference import data_status, regions
from dashboard.exports import export_href
from dashboard.filters import FilterState, Period, parse_search
from dashboard.layout import FILTER_CONTROLS, empty_state
from dashboard.scope import current_scope
from dashboard.selection import Selection
from pantau.basis import release_basis
from pantau.privacy import release_legend
from pantau.releases.store import list_releases
from pantau.reporting_calendar import now_wib
from pantau.texts import t

dash.register_page(__name__, path="/rapat", name="Mode rapat", title="Rapat - Pantau TPPO")

RELEASE_SLIDES = slides_release.SLIDES
SLIDES = (*RELEASE_SLIDES, "gugus", *slides_taskforces.SLIDES)
AUTO_RANGE = (5, 600)
LOG = logging.getLogger(__name__)
# one thread per process draws decks ahead of the presenter (see prepare_deck)
_PREPARER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rapat-deck")
PREVIOUS = "sebelumnya"  # the comparison picker's default: the release before the one shown


SLIDE_TITLES = {
    "perubahan": "rapat.slide.perubahan",
    "ringkasan": "ringkasan.title",
    "peta": "rapat.slide.peta",
    "gugus": "metric.task_force",
    "luar-negeri": "metric.overseas_victims",
    "penegakan": "nav.penegakan",
    "tren": "rapat.slide.tren",
    **slides_taskforces.TITLES,
}


def slide_title(name: str, lang: str, since: int | None = None, region: str | None = None) -> str:
    """The heading of slide ``name`` (with the region's name when not national)."""
    if name == "perubahan" and since is not None:
        return t("rapat.slide.perubahan_since", lang, number=since)
    if region and name == "ringkasan":
        return t("rapat.slide.ringkasan_region", lang, region=region)
    title = t(SLIDE_TITLES[name], lang)
    return f"{title}: {region}" if region else title


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


def release_body(name: str, view: slides_release.MeetingView, filters: FilterState):
    """A person-counting slide from the release: (body, the period it shows)."""
    engine = app_engine()
    if name == "ringkasan":
        return slides_release.summary(engine, view)
    if name == "peta":
        key, layer = layer_for(filters, app_settings(), current_scope())
        return slides_release.release_map(engine, view, layer, key.split("|")[0])
    if name == "luar-negeri":
        return slides_release.destinations(engine, view)
    if name == "penegakan":
        return slides_release.funnel(engine, view)
    if name == "tren":
        return slides_release.trend(engine, view)
    return slides_release.changes(engine, view, slides_taskforces.PROJECTOR_TABLE)


def register_body(name: str, view: slides_release.MeetingView, filters: FilterState):
    """A task-force slide, from the register as the release knew it (its reports, as of
    the end of the period the meeting shows; no person counts): (body, its period)."""
    settings = app_settings()
    engine = app_engine(settings)
    period = Period(*view.span(view.kind, view.latest(view.kind)))
    basis = release_basis(engine, view.release.number)
    label = formatting.month_range(period.start, period.end, filters.lang)
    if name in slides_taskforces.SLIDES:
        return slides_taskforces.slide_body(name, filters, period, basis), label
    key, layer = layer_for(filters, settings, current_scope())
    shown = map_values(
        engine,
        filters,
        Selection.of(filters, period),
        current_scope(),
        settings,
        suppress=True,
        metric="task_force",
        level=key.split("|")[0],
        today=basis.day,
        basis=basis,
    )
    figure = map_figure(layer, shown, filters.lang, show_values=True, height=680)
    figure = charts.with_layout(figure, font=slides_release.BIG_FONT)
    config = {
        **graph_config(filename="pantau-tppo-rapat", locale=filters.lang),
        "displayModeBar": False,
    }
    return dcc.Graph(id="rapat-map", figure=figure, config=config), label


def directive_body(filters: FilterState, theme: str):
    """The directive slide: follow-ups the secretariat records, no report figures:
    (body, its source line)."""
    body = slides_taskforces.directive_body(filters)
    moment = formatting.timestamp(now_wib(), filters.lang)
    return fit_to_screen(body, theme), t("rapat.directive_source", filters.lang, time=moment)


# -- the frame: one slide filling the screen, its footer and the on-screen controls --------


def slide(
    name: str,
    number: int,
    total: int,
    filters: FilterState,
    theme: str = "light",
    query: dict[str, str] | None = None,
) -> html.Section:
    """A whole slide: title, body sized to the screen, period, release and source, the
    legend of hidden figures and position."""
    settings = app_settings()
    engine = app_engine(settings)
    lang = filters.lang
    legend: tuple[str, ...] = ()
    since = region = None
    if name == slides_taskforces.DIRECTIVE:
        (body, source), label = directive_body(filters, theme), ""
        synthetic = data_status(engine, current_scope()).synthetic
    elif (view := slides_release.meeting_view(engine, filters, query or {})) is None:
        body, label = empty_state(t("rapat.release.none", lang), "rapat-empty"), ""
        source, synthetic = t("rapat.release.none_source", lang), False
    else:
        source, synthetic = slides_release.source_line(view), view.release.synthetic
        if name in RELEASE_SLIDES:
            # a release never changes: its slides are drawn once per process and choice
            key = ("rapat", view.release.number, name, view.kind, view.region, view.since)
            key += (lang, theme, filters.map_kind, filters.map_level)
            body, label = shared_memo(
                key, engine, lambda: _fitted(release_body(name, view, filters), theme)
            )
            legend, since = release_legend(view.threshold, lang), view.since
            if view.region != slides_release.NATIONAL and name != "perubahan":
                region = slides_release.region_name(view.region, regions(engine), lang)
        else:
            # the register as a release knew it never changes either
            key = ("rapat-register", view.release.number, name, view.kind, filters, theme)
            key += (current_scope(), tuple(sorted((query or {}).items())))
            body, label = shared_memo(
                key, engine, lambda: _fitted(register_body(name, view, filters), theme)
            )
            source += ". " + t("rapat.register_basis", lang)
    return html.Section(
        [
            html.Div(
                [
                    html.H1(
                        slide_title(name, lang, since, region),
                        className="rapat-title",
                        id="rapat-title",
                    ),
                    html.Span(t("shell.synthetic", lang), className="rapat-synthetic")
                    if synthetic
                    else None,
                ],
                className="rapat-head",
            ),
            html.Div(body, className="rapat-body", id="rapat-body"),
            html.Footer(
                [
                    html.Div(
                        t("rapat.source", lang, period=label) if label else "", id="rapat-source"
                    ),
                    html.Div(source, id="rapat-release", className="rapat-release"),
                    html.Div([html.Div(line) for line in legend], id="rapat-suppression"),
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


def _fitted(drawn: tuple, theme: str) -> tuple:
    body, label = drawn
    return fit_to_screen(body, theme), label


def fit_to_screen(body, theme: str):
    """Every chart of a slide body sized by its box (the screen), not by a fixed height,
    with values large enough to read at the back of a room and the theme's colours.
    ``body`` is a component or a list of them (a heading above a map)."""
    parts = list(body) if isinstance(body, list | tuple) else [body]
    graphs = [part for part in html.Div(parts)._traverse() if isinstance(part, dcc.Graph)]
    for graph in graphs:
        graph.figure = projector_figure(graph.figure, theme)
        graph.responsive = True
        graph.style = {"height": "100%", "width": "100%"}
        graph.className = "rapat-graph"
        graph.config = {**(graph.config or {}), "displayModeBar": False, "responsive": True}
    return body


def projector_figure(figure: go.Figure | dict, theme: str) -> dict:
    """``figure`` autosized, in the theme, values at least :data:`VALUE_FONT` px, as the
    plain dict the browser gets (changing a built figure costs a validation pass per
    call; a dict costs nothing)."""
    spec = figure.to_plotly_json() if isinstance(figure, go.Figure) else figure
    colours = THEMES[theme]
    layout = dict(spec.get("layout") or {})
    layout.update(
        height=None,
        width=None,
        autosize=True,
        font={**layout.get("font", {}), "size": AXIS_FONT, "color": colours["text"]},
        paper_bgcolor=colours["background"],
        plot_bgcolor=colours["background"],
        margin={**layout.get("margin", {}), "t": 8, "b": 8},
    )
    axes = {
        "gridcolor": colours["grid"],
        "linecolor": colours["text"],
        "separatethousands": True,
        "exponentformat": "none",
    }
    names = [key for key in layout if key.startswith(("xaxis", "yaxis"))]
    for name in {*names, "xaxis", "yaxis"}:
        layout[name] = {**layout.get(name, {}), **axes}
    if "geo" in layout:
        layout["geo"] = {**layout["geo"], "bgcolor": colours["background"]}
    data = []
    for trace in spec.get("data") or []:
        trace = dict(trace)
        if trace.get("text") is not None and trace.get("type") in WRITTEN_TRACES:
            font = trace.get("textfont") or {}
            size = font.get("size") or 0
            trace["textfont"] = {**font, "size": max(size, VALUE_FONT)}
        if trace.get("type") in ("bar", "funnel"):
            trace["marker"] = {**(trace.get("marker") or {}), "color": colours["bar"]}
            if trace["type"] == "funnel":
                trace["textfont"] = {**trace.get("textfont", {}), "color": colours["on_bar"]}
        data.append(trace)
    return {**spec, "data": data, "layout": layout}


WRITTEN_TRACES = ("bar", "funnel", "scatter", "scattergeo", "scattergl", "pie")
"""Trace types whose ``text`` is written on the chart (a choropleth's is only hovered)."""
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


def briefing_href(params: dict[str, str], release: str) -> str:
    """The PDF briefing of the meeting's selection from the release shown: the link names
    the release, so the file says which one it is from however late it is opened."""
    chosen = {key: params.get(key) for key in (*FILTER_CONTROLS, "lang")}
    return export_href("/export/briefing.pdf", {**chosen, "rilis": release})


def _release_controls(params: dict[str, str], lang: str) -> list:
    """The release shown, its period and the release the change slide compares with."""
    releases = list_releases(app_engine())
    if not releases:
        return []
    numbers = [str(info.number) for info in releases]
    chosen = params.get("rilis") if params.get("rilis") in numbers else numbers[0]
    since = params.get("sejak") if params.get("sejak") in numbers[1:] else PREVIOUS
    kind = params.get("periode") if params.get("periode") in slides_release.KINDS else ""

    def picker(element_id: str, text: str, options: list[dict], value: str) -> list:
        return [
            html.Label(text, htmlFor=element_id, className="visually-hidden"),
            dbc.Select(id=element_id, options=options, value=value, className="rapat-seconds"),
        ]

    release_options = [
        {
            "label": t(
                "rapat.ui.release_option",
                lang,
                number=info.number,
                as_of=formatting.date(info.data_as_of.date() if info.data_as_of else None, lang),
            ),
            "value": str(info.number),
        }
        for info in releases
    ]
    default_kind = next(
        k for k, v in slides_release.KINDS.items() if v == slides_release.DEFAULT_KIND
    )
    return [
        *picker("rapat-release-picker", t("rapat.ui.release", lang), release_options, chosen),
        *picker(
            "rapat-period-picker",
            t("rapat.ui.period", lang),
            [
                {"label": t(f"rapat.ui.period.{name}", lang), "value": name}
                for name in slides_release.KINDS
            ],
            kind or default_kind,
        ),
        *(
            picker(
                "rapat-since-picker",
                t("rapat.ui.since", lang),
                [{"label": t("rapat.ui.since_default", lang), "value": PREVIOUS}]
                + [
                    {"label": t("rapat.ui.since_option", lang, number=n), "value": n}
                    for n in numbers[1:]
                ],
                since,
            )
            if len(numbers) > 1
            else []
        ),
        html.A(
            t("export.pdf", lang),
            href=briefing_href(params, chosen),
            id="rapat-briefing",
            className="btn rapat-button",
        ),
    ]


def _controls(
    slides: list[str], lang: str, seconds: int | None, theme: str, params: dict[str, str]
) -> html.Nav:
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
            *_release_controls(params, lang),
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
    if "slides" not in params and len(list_releases(app_engine())) < 2:
        slides.remove("perubahan")  # nothing to compare with before a second release
    seconds = auto_seconds(params.get("auto"))
    theme = theme_of(params.get("theme"))
    first = slide(slides[0], 1, len(slides), filters, theme, params)
    prepare_deck(slides[1:], filters, theme, params)
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
            html.Div(first, id="rapat-stage"),
            _controls(slides, filters.lang, seconds, theme, params),
        ],
        className=page_class(theme),
        id="rapat-page",
    )


def prepare_deck(
    slides: list[str], filters: FilterState, theme: str, params: dict[str, str]
) -> Future | None:
    """Draw every slide of the deck in the background, once the meeting opens or its
    release, period or theme changes: a release never changes, so each slide is drawn once
    per process and choice (``shared_memo``), and the presenter's "next" finds it drawn
    instead of waiting for the register's or the league's queries.  Nothing to do
    outside a request (Dash building its validation layout)."""
    if not has_request_context():
        return None
    app, scope = current_app._get_current_object(), current_scope()

    def draw() -> None:
        with app.test_request_context():
            g.pantau_scope = scope
            for name in slides:
                try:
                    slide(name, 1, len(slides), filters, theme, params)
                except Exception as exc:  # drawn again in the foreground, which reports it
                    LOG.warning("meeting slide %s not prepared: %s", name, exc)

    return _PREPARER.submit(draw)


def advance(_previous, _next, _ticks, picked, theme, config: dict | None, index: int | None):
    """Show the slide asked for: one back or forward (buttons, keys, timer, wrapping
    around), the one picked, or the same one again in another theme or release."""
    config = config or {}
    slides = chosen_slides(",".join(config.get("slides") or []))
    triggered = ctx.triggered_id
    index = index or 0
    if triggered == "rapat-picker":
        try:
            new_index = int(picked) % len(slides)
        except (TypeError, ValueError):
            return dash.no_update, dash.no_update, dash.no_update
    elif triggered in ("rapat-theme-name", "rapat-slides"):
        new_index = index % len(slides)
    else:
        new_index = (index + (-1 if triggered == "rapat-prev" else 1)) % len(slides)
    filters = current_filters(config.get("search"))
    params = parse_search(config.get("search"))
    if triggered in ("rapat-theme-name", "rapat-slides"):
        prepare_deck(slides, filters, theme_of(theme), params)
    shown = slide(slides[new_index], new_index + 1, len(slides), filters, theme_of(theme), params)
    return new_index, shown, str(new_index)


def choose_release(release: str | None, period: str | None, since: str | None, config):
    """The release, period or comparison picked: written into the meeting's parameters
    (which every slide reads), so the slide is drawn again from them, and into the PDF
    briefing's link."""
    config = dict(config or {})
    params = parse_search(config.get("search"))
    for key, value in (("rilis", release), ("periode", period), ("sejak", since)):
        if value and value != PREVIOUS:
            params[key] = value
        else:
            params.pop(key, None)
    config["search"] = "?" + urlencode(params)
    return config, briefing_href(params, release or "")


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
    Input("rapat-slides", "data"),
    State("rapat-index", "data"),
    prevent_initial_call=True,
)(advance)
dash.callback(
    Output("rapat-slides", "data"),
    Output("rapat-briefing", "href"),
    Input("rapat-release-picker", "value"),
    Input("rapat-period-picker", "value"),
    Input("rapat-since-picker", "value"),
    State("rapat-slides", "data"),
    prevent_initial_call=True,
)(choose_release)
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
