"""``/korban-luar-negeri``: overseas victims by destination country, origin and breakdown.

The whole page is drawn from the URL: clicking a country (map or bar) or switching the
source only changes the URL (``country=KH``, ``source=kemenlu``) and the page redraws.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from sqlalchemy import select

from dashboard import formatting
from dashboard import layout as charts
from dashboard.components.map_style import class_index, count_classes, stepped_colorscale
from dashboard.components.maps import graph_config, world_map
from dashboard.components.panels import tile
from dashboard.data import overseas
from dashboard.data.context import app_engine
from dashboard.data.reference import is_synthetic
from dashboard.layout import FONT, LEGEND_ABOVE, card, chart_layout
from dashboard.page_context import (
    PageContext,
    chart_config,
    export_buttons,
    hidden_label,
    notices,
    page_context,
    search_with,
    shown_values,
)
from dashboard.selection import BREAKDOWNS
from pantau.metrics import METRICS
from pantau.models import Country, Region
from pantau.privacy import is_small
from pantau.texts import label, t

dash.register_page(
    __name__, path="/korban-luar-negeri", name="Korban luar negeri", title="Korban luar negeri"
)

TOP_COUNTRIES = 12
TREND_COUNTRIES = 5


def _bar(
    lang: str, names: list[str], values: list[int], codes: list[str], texts: list[str]
) -> dict:
    bars = {
        "type": "bar",
        "x": values,
        "y": names,
        "orientation": "h",
        "customdata": codes,
        "text": texts,
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": "#0d6efd"},
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    frame = chart_layout(
        lang,
        height=max(220, 38 * len(names) + 40),
        margin={"l": 8, "r": 40, "t": 8, "b": 8},
        yaxis={"autorange": "reversed"},
    )
    return charts.trusted_figure([bars], frame)


def _count(context: PageContext, value: int | None) -> str:
    if value is None:
        return hidden_label(context)
    return formatting.number(value, context.lang)


def _ranked_bar(context: PageContext, rows: list[tuple[str, str, int]]) -> dict:
    """A ranked bar of (code, name, value); hidden values get an empty bar and ``<5``."""
    shown, hidden = shown_values(context, {code: value for code, _name, value in rows})
    codes = [code for code, _name, _value in rows]
    return _bar(
        context.lang,
        [name for _code, name, _value in rows],
        [shown.get(code, 0) for code in codes],
        codes,
        [_count(context, None if code in hidden else shown[code]) for code in codes],
    )


def _country_names(context: PageContext) -> dict[str, str]:
    column = Country.name_en if context.lang == "en" else Country.name_id
    with context.engine.connect() as connection:
        return dict(connection.execute(select(Country.alpha2, column)).all())


def _province_names(context: PageContext) -> dict[str, str]:
    with context.engine.connect() as connection:
        rows = connection.execute(select(Region.code, Region.name).where(Region.kind == "provinsi"))
        return dict(rows.all())


def _flow_matrix(context: PageContext) -> dict:
    """Top provinces of origin (rows) by top destination countries (columns), each cell
    labelled with its count; the "others" row and column are written but not coloured, so
    they never set the scale."""
    flows = overseas.flows(context.engine, context.selection, context.scope)
    provinces = _province_names(context)
    countries = _country_names(context)
    other = t("other", context.lang)
    shown, hidden = shown_values(
        context, {f"{flow.province}>{flow.country}": flow.value for flow in flows}
    )
    totals_left: dict[str, int] = {}
    totals_right: dict[str, int] = {}
    for flow in flows:
        totals_left[flow.province] = totals_left.get(flow.province, 0) + flow.value
        totals_right[flow.country] = totals_right.get(flow.country, 0) + flow.value
    left = sorted(totals_left, key=lambda code: (code == "other", -totals_left[code], code))
    right = sorted(totals_right, key=lambda code: (code == "other", -totals_right[code], code))
    rows = [other if code == "other" else provinces.get(code, code) for code in left]
    columns = [other if code == "other" else countries.get(code, code) for code in right]
    main = [v for key, v in shown.items() if "other" not in key.split(">")]
    classes = count_classes(main, context.lang)

    def cell(province: str, country: str, *, others: bool):
        key = f"{province}>{country}"
        in_others = "other" in (province, country)
        if in_others != others or key not in shown:
            return None
        return 0 if others else class_index(classes, shown[key])

    def label(province: str, country: str) -> str:
        key = f"{province}>{country}"
        if key in hidden:
            return hidden_label(context)
        return _count(context, shown[key]) if key in shown else ""

    text = [[label(p, c) for c in right] for p in left]
    common = {"x": columns, "y": rows, "xgap": 2, "ygap": 2, "hoverinfo": "skip"}
    legend_marks = [
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "markers",
            "name": each.label,
            "marker": {"symbol": "square", "size": 14, "color": each.colour},
            "legendrank": rank,
        }
        for rank, each in enumerate(classes)
    ]
    return charts.trusted_figure(
        [
            {
                "type": "heatmap",
                "z": [[cell(p, c, others=False) for c in right] for p in left],
                "text": text,
                "texttemplate": "%{text}",
                "textfont": {"size": 15},
                "colorscale": stepped_colorscale(classes),
                "zmin": -0.5,
                "zmax": len(classes) - 0.5,
                "showscale": False,
                "name": "flows",
                **common,
            },
            {
                "type": "heatmap",
                "z": [[cell(p, c, others=True) for c in right] for p in left],
                "text": text,
                "texttemplate": "<i>%{text}</i>",
                "textfont": {"size": 15, "color": "#333333"},
                "colorscale": [[0, "#ffffff"], [1, "#ffffff"]],
                "showscale": False,
                "name": "others",
                **common,
            },
            *legend_marks,
        ],
        chart_layout(
            context.lang,
            height=max(260, 44 * len(rows) + 150),
            margin={"l": 8, "r": 8, "t": 8, "b": 8},
            xaxis={
                "side": "top",
                "tickangle": -30,
                "title": t("map.matrix_destination", context.lang),
                "showgrid": False,
                "zeroline": False,
                "showline": False,
            },
            yaxis={
                "autorange": "reversed",
                "title": t("map.matrix_origin", context.lang),
                "showgrid": False,
                "zeroline": False,
                "showline": False,
            },
            legend={
                "orientation": "h",
                "x": 0,
                "y": 0,
                "yanchor": "top",
                "title": {
                    "text": f"{METRICS['overseas_victims'].label(context.lang)} · "
                    f"{t('map.matrix_others', context.lang, label=other)}"
                },
            },
        ),
    )


def _trend(context: PageContext, source: str, countries: list[str]) -> dict:
    names = _country_names(context)
    rows = overseas.monthly_by_country(
        context.engine, context.selection, context.scope, countries, source
    )
    traces = []
    for code in countries:
        points = [row for row in rows if row.alpha2 == code]
        months = [formatting.month(row.period, context.lang) for row in points]
        shown, _hidden = shown_values(
            context, {month: row.value for month, row in zip(months, points, strict=True)}
        )
        traces.append(
            {
                "type": "scatter",
                "x": months,
                "y": [shown.get(month) for month in months],
                "name": names.get(code, code),
                "mode": "lines+markers",
            }
        )
    return charts.trusted_figure(
        traces,
        chart_layout(
            context.lang,
            height=360,
            margin={"l": 8, "r": 8, "t": 8, "b": 8},
            xaxis={"type": "category", "tickangle": -45, "automargin": True},
            legend=LEGEND_ABOVE,
        ),
    )


def _breakdown(context: PageContext, dimension: str) -> dict:
    values = overseas.breakdown(context.engine, context.selection, context.scope, dimension)
    rows = [(key, label(key, context.lang), value) for key, value in values.items()]
    return _ranked_bar(context, rows)


def _selection_bar(context: PageContext, country_name: str | None) -> html.Div:
    items = [html.Span(t("overseas.click_hint", context.lang), className="text-muted me-3")]
    if country_name:
        items.append(
            dbc.Badge(
                f"{t('overseas.country_selected', context.lang)}: {country_name}",
                color="primary",
                className="fs-6 me-2",
                id="overseas-selected-country",
            )
        )
        items.append(
            dbc.Button(
                t("overseas.clear_country", context.lang),
                id="overseas-clear-country",
                size="sm",
                color="link",
            )
        )
    else:
        items.append(html.Span(id="overseas-clear-country", hidden=True))
    return html.Div(items, className="mb-2 d-flex align-items-center flex-wrap")


def layout(**query: str) -> html.Div:
    context = page_context(query)
    lang, selection = context.lang, context.selection
    source = query.get("source") if query.get("source") in overseas.SOURCES else "regional"
    countries = overseas.by_country(context.engine, selection, context.scope, source)
    names = _country_names(context)
    total = sum(row.value for row in countries)
    small = context.suppress and is_small(total, context.threshold)
    total_text = _count(context, None if small else total)
    shown, _hidden = shown_values(context, {row.alpha2: row.value for row in countries})
    alpha3 = {row.alpha2: row.alpha3 for row in countries}
    world = world_map(
        {alpha3[code]: value for code, value in shown.items()},
        colorbar_title=METRICS["victims"].label(lang),
        locale=lang,
    )
    world = charts.with_layout(world, font=FONT, clickmode="event")
    ranking = _ranked_bar(
        context, [(row.alpha2, row.name(lang), row.value) for row in countries[:TOP_COUNTRIES]]
    )
    trend_codes = (
        [selection.country]
        if selection.country
        else [row.alpha2 for row in countries[:TREND_COUNTRIES]]
    )
    config = {name: chart_config(name, selection) for name in ("ranking", "trend", "flows")}
    regional = source == overseas.SOURCE_REGIONAL
    content: list = [
        dcc.Location(id="overseas-location", refresh="callback-nav"),
        html.H1(METRICS["overseas_victims"].label(lang), className="h3"),
        *notices(context, is_synthetic(context.engine, context.scope)),
        dbc.Row(
            [
                dbc.Col(
                    [
                        html.Span(t("briefing.source", lang), className="me-2 fw-bold"),
                        dbc.RadioItems(
                            id="overseas-source",
                            options=[
                                {"label": t(f"overseas.source.{key}", lang), "value": key}
                                for key in overseas.SOURCES
                            ],
                            value=source,
                            inline=True,
                        ),
                    ],
                    md=8,
                ),
                dbc.Col(
                    export_buttons(
                        context, "overseas", {"country": selection.country, "source": source}
                    ),
                    md=4,
                    className="text-md-end",
                ),
            ],
            className="align-items-center",
        ),
        _selection_bar(context, names.get(selection.country) if selection.country else None),
    ]
    if not regional:
        content.append(dbc.Alert(t("overseas.kemenlu_national", lang), color="secondary"))
    content.append(
        dbc.Row(
            [
                tile(METRICS["overseas_victims"].label(lang), total_text, [], "overseas-total"),
                tile(t("overseas.countries", lang), str(len(countries)), [], "overseas-countries"),
                tile(
                    t("overseas.top_country", lang),
                    countries[0].name(lang) if countries else "-",
                    [],
                    "overseas-top-country",
                ),
            ],
            className="g-3 mb-3",
        )
    )
    map_config = chart_config("peta-negara", selection, graph_config(locale=lang))
    content.append(
        dbc.Row(
            [
                dbc.Col(
                    card(
                        t("overseas.map", lang),
                        dcc.Graph(id="overseas-map", figure=world, config=map_config),
                    ),
                    lg=7,
                ),
                dbc.Col(
                    card(
                        t("overseas.ranking", lang),
                        dcc.Graph(id="overseas-ranking", figure=ranking, config=config["ranking"]),
                    ),
                    lg=5,
                ),
            ]
        )
    )
    content.append(
        card(
            t("overseas.trend", lang),
            dcc.Graph(
                id="overseas-trend",
                figure=_trend(context, source, trend_codes),
                config=config["trend"],
            ),
        )
    )
    if regional:
        content.extend(_regional_sections(context, config))
    return html.Div(content)


def _regional_sections(context: PageContext, config: dict) -> list:
    lang, selection = context.lang, context.selection
    provinces = overseas.origin_provinces(context.engine, selection, context.scope)
    province_bar = _ranked_bar(context, [(row.code, row.name, row.value) for row in provinces])
    sections = [
        dbc.Row(
            [
                dbc.Col(
                    card(
                        t("overseas.provinces", lang),
                        dcc.Graph(
                            id="overseas-provinces",
                            figure=province_bar,
                            config=chart_config("provinsi-asal", selection),
                        ),
                    ),
                    lg=5,
                ),
                dbc.Col(
                    card(
                        t("overseas.flows", lang),
                        dcc.Graph(
                            id="overseas-flows",
                            figure=_flow_matrix(context),
                            config=config["flows"],
                        ),
                    ),
                    lg=7,
                ),
            ]
        )
    ]
    sections.append(
        dbc.Row(
            [
                dbc.Col(
                    card(
                        t(f"overseas.by_{dimension}", lang),
                        dcc.Graph(
                            id=f"overseas-by-{dimension}",
                            figure=_breakdown(context, dimension),
                            config=chart_config(f"menurut-{dimension}", selection),
                        ),
                    ),
                    lg=4,
                )
                for dimension in BREAKDOWNS
            ]
        )
    )
    return sections


def _clicked_alpha2(click: dict | None, from_map: bool) -> str | None:
    if not click or not click.get("points"):
        return None
    point = click["points"][0]
    if not from_map:
        return point.get("customdata")
    return point.get("location") or (point.get("customdata") or [None])[0]


@callback(
    Output("overseas-location", "search"),
    Input("overseas-map", "clickData"),
    Input("overseas-ranking", "clickData"),
    Input("overseas-source", "value"),
    Input("overseas-clear-country", "n_clicks"),
    State("overseas-location", "search"),
    prevent_initial_call=True,
)
def navigate(map_click, bar_click, source, clear_clicks, search):
    """Write the clicked country, the source or a cleared country into the URL."""
    trigger = ctx.triggered_id
    if trigger == "overseas-source":
        return search_with(search, source=None if source == "regional" else source)
    if trigger == "overseas-clear-country":
        return search_with(search, country=None) if clear_clicks else no_update
    if trigger == "overseas-ranking":
        code = _clicked_alpha2(bar_click, from_map=False)
        return search_with(search, country=code) if code else no_update
    alpha3 = _clicked_alpha2(map_click, from_map=True)
    if not alpha3:
        return no_update
    with app_engine().connect() as connection:
        code = connection.scalar(select(Country.alpha2).where(Country.alpha3 == alpha3))
    return search_with(search, country=code) if code else no_update
