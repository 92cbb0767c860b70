"""``/``: Ringkasan nasional: headline figures, national map, monthly trend, attention list.

The layout is drawn from the URL on arrival; afterwards a change of filters (URL query)
updates the parts through callbacks, the map by ``dash.Patch``.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update

from dashboard import formatting
from dashboard.callbacks.map_views import map_update, map_values
from dashboard.callbacks.shell import current_filters, layout_search, with_filters
from dashboard.components.maps import graph_config
from dashboard.components.panels import headline_tiles, trend_figure
from dashboard.data.attention import JUMP_MINIMUM, AttentionItem, attention_list
from dashboard.data.context import app_engine, app_settings
from dashboard.data.facts import monthly_series
from dashboard.data.headlines import headline_figures
from dashboard.data.periods import page_selection
from dashboard.data.reference import data_status
from dashboard.filters import MAP_LEVELS, FilterState, parse_search
from dashboard.layout import card, empty_state, keeps_page, page_heading, unapplied_notice
from dashboard.layout import graph_config as chart_graph_config
from dashboard.report_files import sources_href
from dashboard.scope import current_scope
from pantau.metrics import MAP_METRICS, METRICS
from pantau.privacy import suppression_active
from pantau.taskforces import DEFAULT_SILENT_MONTHS
from pantau.texts import t

dash.register_page(__name__, path="/", name="Ringkasan nasional", title="Pantau TPPO")

PAGE_LOCATION = "ringkasan-location"
LEVEL_TEXTS = {"province": "filter.province", "regency": "wilayah.regencies"}
"""The level switch of the map: provinces, or every regency/city of the country."""
"""The page's own view of the URL: its callbacks never wait on components of other pages."""


def attention_items(items: list[AttentionItem], lang: str, search: str) -> html.Div:
    """The attention list, each region linking to its profile."""
    rule = html.P(
        t("ringkasan.attention_rules", lang, minimum=JUMP_MINIMUM, silent=DEFAULT_SILENT_MONTHS),
        className="small text-muted",
    )
    if not items:
        return html.Div([rule, html.P(t("ringkasan.attention_none", lang))])

    def reason(item: AttentionItem) -> str:
        if item.reason == "jump":
            return t(
                "attention.jump",
                lang,
                previous=formatting.number(item.previous, lang),
                current=formatting.number(item.current, lang),
            )
        if item.reason == "silent":
            return t("attention.silent", lang, months=item.months)
        return t("attention.missing", lang)

    keep = f"?lang={lang}" if "lang=" in search else ""
    return html.Div(
        [
            rule,
            html.Ul(
                [
                    html.Li(
                        [
                            dcc.Link(item.name, href=f"/wilayah/{item.code}{keep}"),
                            html.Span(f" — {reason(item)}", className=f"reason-{item.reason}"),
                        ],
                        className="attention-item",
                    )
                    for item in items
                ],
                className="attention-list",
            ),
        ]
    )


def _parts(filters: FilterState, search: str) -> dict:
    settings = app_settings()
    engine = app_engine(settings)
    scope = current_scope()
    lang = filters.lang
    status = data_status(engine, scope)
    selection = page_selection(filters, engine, settings)
    period = selection.period
    suppress = suppression_active(scope)
    threshold = settings.suppression_threshold
    figures = headline_figures(engine, selection, scope, settings)
    series_metric = filters.metric if METRICS[filters.metric].summed else "victims"
    series = monthly_series(engine, selection, scope, series_metric)
    title = METRICS[series_metric].label(lang)
    empty = None
    if status.latest_period is None:
        empty = empty_state(t("empty.no_reports", lang), "ringkasan-empty")
    elif not any(series.values()) and not figures["victims"].current:
        label = formatting.month_range(period.start, period.end, lang)
        empty = empty_state(t("empty.no_data", lang, period=label), "ringkasan-empty")
    return {
        "period": period,
        "headlines": html.Div(
            [
                unapplied_notice(selection, lang, victims_only=True),
                headline_tiles(figures, period, lang, suppress=suppress, threshold=threshold),
                dcc.Link(
                    t("provenance.title", lang),
                    href=sources_href(search),
                    id="ringkasan-sources",
                    className="d-inline-block mb-3",
                ),
            ]
        ),
        "trend": trend_figure(series, lang, title),
        "trend_title": f"{t('ringkasan.trend', lang)}: {title}",
        "attention": attention_items(attention_list(engine, selection, scope), lang, search),
        "empty": empty,
        "period_label": formatting.month_range(period.start, period.end, lang),
    }


def _map(filters: FilterState, shown_key: str | None):
    from dashboard.callbacks.map_views import layer_for

    settings = app_settings()
    engine = app_engine(settings)
    scope = current_scope()
    selection = page_selection(filters, engine, settings)
    key, layer = layer_for(filters, settings, scope)
    level = key.split("|")[0]
    shown = map_values(
        engine,
        filters,
        selection,
        scope,
        settings,
        suppress=suppression_active(scope),
        level=level,
    )
    return map_update(key, layer, shown, filters.lang, shown_key, show_values=level == "province")


def _metric_options(lang: str) -> list[dict]:
    return [{"label": METRICS[key].label(lang), "value": key} for key in MAP_METRICS]


def layout(**query: str):
    if keeps_page():
        return dash.no_update
    search = layout_search(query)
    filters = current_filters(search)
    lang = filters.lang
    parts = _parts(filters, search)
    figure, key = _map(filters, None)
    return html.Div(
        [
            dcc.Location(id=PAGE_LOCATION, refresh="callback-nav"),
            dcc.Store(id="ringkasan-parts", data={"query": parse_search(search)}),
            page_heading(t("ringkasan.title", lang), parts["period_label"], "ringkasan-period"),
            html.Div(parts["empty"], id="ringkasan-empty-box"),
            html.Div(parts["headlines"], id="ringkasan-headlines"),
            dbc.Row(
                [
                    dbc.Col(
                        card(
                            t("filter.map", lang),
                            [
                                dbc.RadioItems(
                                    id="ringkasan-metric",
                                    options=_metric_options(lang),
                                    value=filters.metric,
                                    inline=True,
                                    className="mb-2 metric-switch",
                                ),
                                dbc.RadioItems(
                                    id="ringkasan-level",
                                    options=[
                                        {"label": t(LEVEL_TEXTS[key], lang), "value": key}
                                        for key in MAP_LEVELS
                                    ],
                                    value=filters.map_level,
                                    inline=True,
                                    className="mb-2 level-switch",
                                ),
                                dcc.Graph(
                                    id="ringkasan-map",
                                    figure=figure,
                                    config=graph_config(filename="pantau-tppo-peta", locale=lang),
                                ),
                                dcc.Store(
                                    id="ringkasan-view",
                                    data={"key": key, "query": parse_search(search)},
                                ),
                            ],
                        ),
                        xl=7,
                    ),
                    dbc.Col(
                        [
                            card(
                                parts["trend_title"],
                                dcc.Graph(
                                    id="ringkasan-trend",
                                    figure=parts["trend"],
                                    config=chart_graph_config("pantau-tppo-tren", lang),
                                ),
                                title_id="ringkasan-trend-title",
                            ),
                            card(
                                t("ringkasan.attention", lang),
                                html.Div(parts["attention"], id="ringkasan-attention"),
                            ),
                        ],
                        xl=5,
                    ),
                ]
            ),
        ],
        className="page-ringkasan",
    )


def _same_view(search: str | None, view: dict | None) -> bool:
    """Whether ``search`` is the query the parts on screen were drawn for."""
    return isinstance(view, dict) and parse_search(search) == view.get("query")


def update_parts(search: str | None, view: dict | None):
    """Headlines, trend and attention list of the URL's filters (callback)."""
    if _same_view(search, view):
        return (no_update,) * 7
    filters = current_filters(search)
    parts = _parts(filters, search or "")
    return (
        {"query": parse_search(search)},
        parts["headlines"],
        parts["trend"],
        parts["trend_title"],
        parts["attention"],
        parts["empty"],
        f" · {parts['period_label']}",
    )


dash.callback(
    Output("ringkasan-parts", "data"),
    Output("ringkasan-headlines", "children"),
    Output("ringkasan-trend", "figure"),
    Output("ringkasan-trend-title", "children"),
    Output("ringkasan-attention", "children"),
    Output("ringkasan-empty-box", "children"),
    Output("ringkasan-period", "children"),
    Input(PAGE_LOCATION, "search"),
    State("ringkasan-parts", "data"),
    prevent_initial_call=True,
)(update_parts)


def update_map(search: str | None, metric: str | None, view: dict | None):
    """The map of the URL's filters (a patch when the layer is unchanged); the metric
    selector writes the URL (and draws its map at once)."""
    view = view or {}
    filters = current_filters(search)
    new_search = no_update
    if ctx.triggered_id == "ringkasan-metric":
        if metric == filters.metric:
            return (no_update,) * 4
        filters = filters.replace(metric=metric)
        new_search = with_filters(search, filters)
    elif _same_view(search, view):
        return (no_update,) * 4
    figure, key = _map(filters, view.get("key"))
    query = parse_search(search if new_search is no_update else new_search)
    return new_search, figure, {"key": key, "query": query}, filters.metric


dash.callback(
    Output(PAGE_LOCATION, "search"),
    Output("ringkasan-map", "figure"),
    Output("ringkasan-view", "data"),
    Output("ringkasan-metric", "value"),
    Input(PAGE_LOCATION, "search"),
    Input("ringkasan-metric", "value"),
    State("ringkasan-view", "data"),
    prevent_initial_call=True,
)(update_map)


def choose_level(level: str | None, search: str | None):
    """The level switch writes the URL (``level=regency``: every regency of the country);
    the map follows the URL."""
    filters = current_filters(search)
    if level not in MAP_LEVELS or level == filters.map_level:
        return no_update
    return with_filters(search, filters.replace(map_level=level))


dash.callback(
    Output(PAGE_LOCATION, "search", allow_duplicate=True),
    Input("ringkasan-level", "value"),
    State(PAGE_LOCATION, "search"),
    prevent_initial_call=True,
)(choose_level)
