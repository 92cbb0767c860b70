"""``/gugus-tugas``: task-force activity by province, and by regency inside one province.

Clicking a province drills into its regencies and cities (the URL gets ``province=32``);
the breadcrumb "Indonesia › Jawa Barat" leads back.  The sortable table lists the regions
behind the map.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dash_table, dcc, html, no_update

from dashboard import formatting
from dashboard.callbacks.map_views import layer_for, map_update, map_values
from dashboard.callbacks.shell import current_filters, with_filters
from dashboard.components.maps import graph_config
from dashboard.filters import FilterState, Period, parse_search
from dashboard.layout import card, empty_state, keeps_page
from dashboard.queries import (
    app_engine,
    app_settings,
    default_period_end,
    metric_by_region,
    on_time_by_region,
    per_100k,
    region_statuses,
    regions,
)
from dashboard.scope import current_scope
from pantau.access import Scope
from pantau.metrics import METRICS, field_label
from pantau.texts import t

dash.register_page(
    __name__, path="/gugus-tugas", name="Gugus tugas", title="Gugus tugas - Pantau TPPO"
)

PAGE_LOCATION = "gugus-location"
"""The page's own view of the URL: its callbacks never wait on components of other pages."""
GUGUS_METRICS = ("task_force", "activities", "people_reached", "compliance")
COLUMNS = ("region", "status", "silent", "activities", "people_reached", "people_rate", "on_time")


def _metric(filters: FilterState) -> str:
    return filters.metric if filters.metric in GUGUS_METRICS else "task_force"


def table_rows(filters: FilterState, scope: Scope, period: Period, level: str) -> list[dict]:
    """One row per region on the map: status, activities, reach, rate and compliance.

    Inside a province the province task force's own reports get a row of their own, so
    that the rows add up to the province's figure on the national map.
    """
    settings = app_settings()
    engine = app_engine(settings)
    lang = filters.lang
    statuses = region_statuses(engine, period.end, scope, filters, level)
    events = metric_by_region(engine, filters, scope, level, period, "activities")
    people = metric_by_region(engine, filters, scope, level, period, "people_reached")
    own = filters.province if level == "regency" else None
    if own is not None and scope.allows(own):
        province_status = region_statuses(engine, period.end, scope, filters, "province")
        if own in province_status:
            statuses = {**statuses, own: province_status[own]}
            for values, key in ((events, "activities"), (people, "people_reached")):
                total = metric_by_region(engine, filters, scope, "province", period, key)
                values[own] = total.get(own, 0) - sum(values.values())
    rates = per_100k({code: people.get(code, 0) for code in statuses}, engine)
    on_time = on_time_by_region(engine, scope, filters, period, settings)
    reference = regions(engine)
    rows = []
    for code, status in statuses.items():
        done, due = on_time.get(code, (0, 0))
        label = (
            t("status.silent", lang, months=status.silent_months)
            if status.status == "silent"
            else t(f"status.{status.status}", lang)
        )
        rate = rates.get(code)
        rows.append(
            {
                "code": code,
                "region": _region_link(code, reference[code].name, own, lang),
                "status": label,
                "silent": status.silent_months,
                "activities": events.get(code, 0),
                "people_reached": people.get(code, 0),
                "people_rate": None if rate is None else round(rate, 1),
                "on_time": round(100 * done / due, 1) if due else None,
            }
        )
    return rows


def _region_link(code: str, name: str, own_province: str | None, lang: str) -> str:
    text = t("gugus.province_own", lang, name=name) if code == own_province else name
    return f"[{text}](/wilayah/{code})"


def table_columns(lang: str) -> list[dict]:
    """Columns of the regions table; the region links to its profile."""
    numeric = {"type": "numeric", "format": {"specifier": ",.0f", "locale": _d3_locale(lang)}}
    columns = []
    for key in COLUMNS:
        column = {"id": key, "name": field_label(key, lang)}
        if key == "region":
            column["presentation"] = "markdown"
        elif key in ("silent", "activities", "people_reached"):
            column.update(numeric)
        elif key in ("people_rate", "on_time"):
            column.update(
                {"type": "numeric", "format": {"specifier": ",.1f", "locale": _d3_locale(lang)}}
            )
        columns.append(column)
    return columns


def _d3_locale(lang: str) -> dict:
    return {"decimal": ",", "group": "."} if lang == "id" else {"decimal": ".", "group": ","}


def breadcrumb(filters: FilterState, search: str) -> html.Nav:
    """ "Indonesia › Jawa Barat": the way back to the national map."""
    items: list = []
    if filters.province:
        back = with_filters(search, filters.replace(province=None, regency=None))
        items.append(dcc.Link("Indonesia", href=f"/gugus-tugas{back}", id="gugus-back"))
        name = regions(app_engine())[filters.province].name
        items.extend([html.Span(" › ", className="mx-1"), html.Strong(name)])
    else:
        items.append(html.Strong("Indonesia"))
    return html.Nav(items, className="breadcrumb-line fs-5 mb-2", **{"aria-label": "breadcrumb"})


def _view(filters: FilterState, search: str, shown_key: str | None):
    settings = app_settings()
    engine = app_engine(settings)
    scope = current_scope()
    period = filters.period(default_period_end(engine, app_settings()))
    metric = _metric(filters)
    key, layer = layer_for(filters, settings, scope)
    level = key.split("|")[0]
    shown = map_values(
        engine, filters, scope, period, settings, suppress=False, metric=metric, level=level
    )
    figure, new_key = map_update(
        key, layer, shown, filters.lang, shown_key, show_values=level == "province"
    )
    rows = table_rows(filters, scope, period, level)
    return figure, new_key, rows, breadcrumb(filters, search), period


def layout(**query: str):
    if keeps_page():
        return dash.no_update
    search = "?" + urlencode({k: v for k, v in query.items() if isinstance(v, str)})
    filters = current_filters(search)
    lang = filters.lang
    figure, key, rows, crumbs, period = _view(filters, search, None)
    body = [
        dcc.Graph(
            id="gugus-map",
            figure=figure,
            config=graph_config(filename="pantau-tppo-gugus-tugas", locale=lang),
        ),
        dcc.Store(id="gugus-view", data={"key": key, "query": parse_search(search)}),
    ]
    return html.Div(
        [
            dcc.Location(id=PAGE_LOCATION, refresh="callback-nav"),
            html.H1(
                [
                    t("gugus.title", lang),
                    html.Small(
                        f" · {formatting.month_range(period.start, period.end, lang)}",
                        className="text-muted",
                        id="gugus-period",
                    ),
                ],
                className="h3",
            ),
            html.Div(crumbs, id="gugus-breadcrumb"),
            html.Div(None if rows else empty_state(t("empty.no_reports", lang)), id="gugus-empty"),
            dbc.Row(
                [
                    dbc.Col(
                        card(
                            t("filter.map", lang),
                            [
                                dbc.RadioItems(
                                    id="gugus-metric",
                                    options=[
                                        {"label": METRICS[m].label(lang), "value": m}
                                        for m in GUGUS_METRICS
                                    ],
                                    value=_metric(filters),
                                    inline=True,
                                    className="mb-2 metric-switch",
                                ),
                                html.P(t("gugus.map_hint", lang), className="text-muted mb-1"),
                                *body,
                            ],
                        ),
                        xl=7,
                    ),
                    dbc.Col(
                        card(
                            t("gugus.table", lang),
                            dash_table.DataTable(
                                id="gugus-table",
                                columns=table_columns(lang),
                                data=rows,
                                sort_action="native",
                                sort_by=[{"column_id": "silent", "direction": "desc"}],
                                page_size=40,
                                markdown_options={"link_target": "_self"},
                                style_table={"overflowX": "auto", "maxHeight": "640px"},
                                style_cell={"fontSize": "16px", "padding": "6px"},
                                style_header={"fontWeight": "bold"},
                            ),
                        ),
                        xl=5,
                    ),
                ]
            ),
        ],
        className="page-gugus",
    )


def update_view(search, metric, click, view):
    """Metric switch and map clicks write the URL (and draw at once); a URL change redraws
    map (patched when the layer is unchanged) and table."""
    view = view or {}
    filters = current_filters(search)
    triggered = ctx.triggered_id
    new_search = no_update
    if triggered == "gugus-metric":
        if metric == _metric(filters):
            return (no_update,) * 7
        filters = filters.replace(metric=metric)
        new_search = with_filters(search, filters)
    elif triggered == "gugus-map":
        code = _clicked(click)
        if code is None or "." in code or filters.province or not current_scope().allows(code):
            return (no_update,) * 7
        filters = filters.replace(province=code, regency=None)
        new_search = with_filters(search, filters)
    elif isinstance(view, dict) and parse_search(search) == view.get("query"):
        return (no_update,) * 7
    shown = search if new_search is no_update else new_search
    figure, key, rows, crumbs, period = _view(filters, shown or "", view.get("key"))
    label = f" · {formatting.month_range(period.start, period.end, filters.lang)}"
    state = {"key": key, "query": parse_search(shown)}
    return new_search, figure, state, _metric(filters), rows, crumbs, label


def _clicked(click) -> str | None:
    try:
        code = click["points"][0]["location"]
    except (TypeError, KeyError, IndexError):
        return None
    return code if isinstance(code, str) else None


dash.callback(
    Output(PAGE_LOCATION, "search"),
    Output("gugus-map", "figure"),
    Output("gugus-view", "data"),
    Output("gugus-metric", "value"),
    Output("gugus-table", "data"),
    Output("gugus-breadcrumb", "children"),
    Output("gugus-period", "children"),
    Input(PAGE_LOCATION, "search"),
    Input("gugus-metric", "value"),
    Input("gugus-map", "clickData"),
    State("gugus-view", "data"),
    prevent_initial_call=True,
)(update_view)
