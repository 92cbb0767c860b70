"""``/gugus-tugas``: task-force activity by province, and by regency inside one province.

On top, the lists that answer "which regions have no task force, which are silent...":
one tab per list of :data:`pantau.taskforces.KINDS` (``?list=silent&months=3`` in the URL),
each with its count, sortable and filterable, exportable (internal) and shown as a meeting
slide in one more click.  The province roll-up tiles colour each province by the share of
its regencies/cities with an active task force.

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
from dashboard import taskforce_lists as lists
from dashboard.callbacks.map_views import layer_for, map_update, map_values
from dashboard.callbacks.shell import current_filters, layout_search, with_filters
from dashboard.components.maps import graph_config
from dashboard.data.context import app_engine, app_settings
from dashboard.data.facts import metric_by_region
from dashboard.data.periods import page_period, page_selection
from dashboard.data.reference import per_100k, regions
from dashboard.data.reporting import on_time_by_region
from dashboard.data.task_forces import region_statuses
from dashboard.filters import FilterState, Period, parse_search
from dashboard.layout import card, empty_state, keeps_page, page_heading, unapplied_notice
from dashboard.scope import current_scope
from dashboard.selection import Selection
from pantau.access import Scope
from pantau.metrics import METRICS, field_label
from pantau.taskforces import KINDS, list_title, province_rollup
from pantau.texts import t

dash.register_page(
    __name__, path="/gugus-tugas", name="Gugus tugas", title="Gugus tugas - Pantau TPPO"
)

PAGE_LOCATION = "gugus-location"
"""The page's own view of the URL: its callbacks never wait on components of other pages."""
GUGUS_METRICS = ("task_force", "activities", "people_reached", "compliance")
COLUMNS = ("region", "status", "silent", "activities", "people_reached", "people_rate", "on_time")
LIST_PARAMS = ("list", "months")
"""URL parameters of the lists only: changing them leaves the map alone."""
LIST_PAGE_SIZE = 25


def _metric(filters: FilterState) -> str:
    return filters.metric if filters.metric in GUGUS_METRICS else "task_force"


def table_rows(filters: FilterState, selection: Selection, scope: Scope, level: str) -> list[dict]:
    """One row per region on the map: status, activities, reach, rate and compliance.

    Inside a province the province task force's own reports get a row of their own, so
    that the rows add up to the province's figure on the national map.
    """
    settings = app_settings()
    engine = app_engine(settings)
    lang = filters.lang
    statuses = region_statuses(engine, selection.end, scope, selection, level)
    events = metric_by_region(engine, selection, scope, level, "activities")
    people = metric_by_region(engine, selection, scope, level, "people_reached")
    own = selection.province if level == "regency" else None
    if own is not None and scope.allows(own):
        province_status = region_statuses(engine, selection.end, scope, selection, "province")
        if own in province_status:
            statuses = {**statuses, own: province_status[own]}
            for values, key in ((events, "activities"), (people, "people_reached")):
                total = metric_by_region(engine, selection, scope, "province", key)
                values[own] = total.get(own, 0) - sum(values.values())
    rates = per_100k({code: people.get(code, 0) for code in statuses}, engine)
    on_time = on_time_by_region(engine, scope, selection, settings)
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


def breadcrumb(filters: FilterState, search: str) -> html.Div:
    """ "Indonesia › Jawa Barat": the way back to the national map; under it, the victim
    breakdowns chosen that no figure of this page follows."""
    items: list = []
    if filters.province:
        back = with_filters(search, filters.replace(province=None, regency=None))
        items.append(dcc.Link("Indonesia", href=f"/gugus-tugas{back}", id="gugus-back"))
        name = regions(app_engine())[filters.province].name
        items.extend([html.Span(" › ", className="mx-1"), html.Strong(name)])
    else:
        items.append(html.Strong("Indonesia"))
    return html.Div(
        [
            html.Nav(items, className="breadcrumb-line fs-5 mb-2", **{"aria-label": "breadcrumb"}),
            unapplied_notice(filters, filters.lang, victims_only=False),
        ]
    )


def _view(filters: FilterState, search: str, shown_key: str | None):
    settings = app_settings()
    engine = app_engine(settings)
    scope = current_scope()
    selection = page_selection(filters, engine, settings)
    metric = _metric(filters)
    key, layer = layer_for(filters, settings, scope)
    level = key.split("|")[0]
    shown = map_values(
        engine, filters, selection, scope, settings, suppress=False, metric=metric, level=level
    )
    figure, new_key = map_update(
        key, layer, shown, filters.lang, shown_key, show_values=level == "province"
    )
    rows = table_rows(filters, selection, scope, level)
    return figure, new_key, rows, breadcrumb(filters, search), selection.period


# -- the lists ---------------------------------------------------------------------------------


def lists_section(filters: FilterState, search: str, period: Period) -> list:
    """The lists card and the province roll-up, from one registry of the user's scope."""
    settings = app_settings()
    months = lists.months_choice(parse_search(search).get("months"))
    selection = Selection.of(filters, period)
    chosen = lists.lists_for(app_engine(settings), settings, current_scope(), selection, months)
    return [list_view(chosen, filters, search), rollup_view(chosen, filters)]


def list_view(chosen: lists.Lists, filters: FilterState, search: str) -> html.Div:
    """The list tabs (each with its count), the chosen list and its export and slide links."""
    kind = lists.kind_choice(parse_search(search).get("list"))
    months = chosen.months
    counts = chosen.counts()
    lang = filters.lang
    tabs = dbc.Nav(
        [
            dbc.NavItem(
                dcc.Link(
                    [
                        list_title(name, lang),
                        dbc.Badge(formatting.number(counts[name], lang), className="ms-2"),
                    ],
                    href=lists.page_href(search, list=name),
                    id=f"gugus-list-tab-{name}",
                    className="nav-link" + (" active" if name == kind else ""),
                )
            )
            for name in KINDS
        ],
        pills=True,
        className="mb-2 gugus-list-tabs",
    )
    rows = [_linked(lists.cells(row, kind, lang)) for row in chosen.of(kind)]
    month_links = html.Div(
        [
            html.Span(t("gugus.list.months", lang), className="me-2"),
            *[
                dcc.Link(
                    t("gugus.list.months_option", lang, months=n),
                    href=lists.page_href(search, list="silent", months=n),
                    id=f"gugus-list-months-{n}",
                    className="me-2" + (" fw-bold" if n == months else ""),
                )
                for n in lists.MONTH_CHOICES
            ],
        ],
        className="mb-2",
        id="gugus-list-months",
    )
    actions = html.Div(
        [
            dcc.Link(
                "▶ " + t("gugus.list.meeting", lang),
                href=lists.meeting_href(kind, filters, months),
                id="gugus-list-meeting",
                className="btn btn-primary me-2",
            ),
            *[
                html.A(
                    t(f"export.{ext}", lang),
                    href=lists.export_href(kind, ext, filters, months),
                    id=f"gugus-list-export-{ext}",
                    className="btn btn-outline-secondary me-2",
                )
                for ext in ("csv", "xlsx")
            ],
            html.Span(t("export.restricted", lang), className="text-danger small"),
        ],
        className="mb-2",
    )
    table = dash_table.DataTable(
        id="gugus-list-table",
        columns=[_list_column(column, lang) for column in lists.COLUMNS[kind]],
        data=rows,
        sort_action="native",
        filter_action="native",
        filter_options={"case": "insensitive", "placeholder_text": t("gugus.list.filter", lang)},
        page_size=LIST_PAGE_SIZE,
        markdown_options={"link_target": "_self"},
        style_table={"overflowX": "auto"},
        style_cell={"fontSize": "16px", "padding": "6px", "textAlign": "left"},
        style_header={"fontWeight": "bold"},
    )
    body = [
        tabs,
        html.H3(
            lists.heading(kind, counts[kind], lang, months),
            className="h4",
            id="gugus-list-heading",
            **{"data-list": kind, "data-count": str(counts[kind])},
        ),
        html.P(
            t("gugus.list.hint", lang, month=formatting.month(chosen.as_of, lang)),
            className="text-muted mb-2",
        ),
        month_links if kind == "silent" else None,
        actions,
        table if rows else empty_state(t("gugus.list.empty", lang), "gugus-list-empty"),
    ]
    return card(t("gugus.list.card", lang), body, "gugus-lists-card")


def rollup_view(chosen: lists.Lists, filters: FilterState) -> html.Div:
    """A row per province: its regencies/cities with a task force, active and silent, and its
    own task force beside them (the map of the page colours provinces by the same share)."""
    lang = filters.lang
    rollup = province_rollup(chosen.rows, months=chosen.months)
    rows = [lists.rollup_cells(entry, chosen.months, lang) for entry in rollup]
    table = dash_table.DataTable(
        id="gugus-rollup-table",
        columns=[
            {
                "id": column,
                "name": lists.rollup_title(column, chosen.months, lang),
                **({"type": "numeric"} if column in lists.ROLLUP_NUMERIC else {}),
            }
            for column in lists.ROLLUP_COLUMNS
        ],
        data=rows,
        sort_action="native",
        page_size=40,
        style_table={"overflowX": "auto", "maxHeight": "460px"},
        style_cell={"fontSize": "15px", "padding": "5px", "textAlign": "left"},
        style_header={"fontWeight": "bold", "whiteSpace": "normal"},
    )
    meeting = "/rapat?" + urlencode(
        {"slides": "gugus-provinsi", **filters.params(), "months": str(chosen.months)}
    )
    body = [
        html.P(t("gugus.list.rollup.hint", lang, months=chosen.months), className="text-muted"),
        dcc.Link(
            "▶ " + t("gugus.list.meeting", lang),
            href=meeting,
            id="gugus-rollup-meeting",
            className="btn btn-primary mb-2",
        ),
        table,
    ]
    return card(t("gugus.list.rollup.card", lang), body, "gugus-rollup-card")


def _linked(values: dict[str, object]) -> dict[str, object]:
    return {**values, "region": f"[{values['region']}](/wilayah/{values['code']})"}


def _list_column(column: str, lang: str) -> dict:
    spec: dict = {"id": column, "name": lists.column_title(column, lang)}
    if column == "region":
        spec["presentation"] = "markdown"
    elif column in lists.NUMERIC:
        spec["type"] = "numeric"
    return spec


def _map_query(search: str | None) -> dict[str, str]:
    """The URL parameters the map and the regions table depend on (not the list's)."""
    return {k: v for k, v in parse_search(search).items() if k not in LIST_PARAMS}


def update_lists(search):
    """A tab, the N of "silent" or a filter changed the URL: show that list."""
    filters = current_filters(search)
    period = page_period(filters, app_engine(), app_settings())
    return lists_section(filters, search or "", period)


def layout(**query: str):
    if keeps_page():
        return dash.no_update
    search = layout_search(query)
    filters = current_filters(search)
    lang = filters.lang
    figure, key, rows, crumbs, period = _view(filters, search, None)
    body = [
        dcc.Graph(
            id="gugus-map",
            figure=figure,
            config=graph_config(filename="pantau-tppo-gugus-tugas", locale=lang),
        ),
        dcc.Store(id="gugus-view", data={"key": key, "query": _map_query(search)}),
    ]
    return html.Div(
        [
            dcc.Location(id=PAGE_LOCATION, refresh="callback-nav"),
            page_heading(
                t("gugus.title", lang),
                formatting.month_range(period.start, period.end, lang),
                "gugus-period",
            ),
            html.Div(
                [
                    dcc.Link(t("scorecard.title", lang), href="/gugus-tugas/skor", id="gugus-skor"),
                    html.Span(" · "),
                    dcc.Link(t("directive.title", lang), href="/arahan", id="gugus-arahan"),
                ],
                className="mb-1",
            ),
            html.Div(crumbs, id="gugus-breadcrumb"),
            html.Div(lists_section(filters, search, period), id="gugus-lists"),
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
    elif isinstance(view, dict) and _map_query(search) == view.get("query"):
        return (no_update,) * 7
    shown = search if new_search is no_update else new_search
    # Always the whole figure: a list tab re-renders the page, and a patch could reach a
    # map whose figure the new layout has not drawn yet ("Cannot patch undefined").
    figure, key, rows, crumbs, period = _view(filters, shown or "", None)
    label = f" · {formatting.month_range(period.start, period.end, filters.lang)}"
    state = {"key": key, "query": _map_query(shown)}
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


dash.callback(
    Output("gugus-lists", "children"),
    Input(PAGE_LOCATION, "search"),
    prevent_initial_call=True,
)(update_lists)
