"""``/penegakan-hukum``: the case funnel, prosecution rate by region, restitution and the
regions where cases stall."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import formatting
from dashboard import layout as charts
from dashboard.callbacks.map_views import decorations, layer_for, layer_url
from dashboard.components.map_style import share_classes
from dashboard.components.maps import choropleth_map, graph_config
from dashboard.components.panels import tile
from dashboard.data import enforcement
from dashboard.data.reference import is_synthetic
from dashboard.filters import FilterState
from dashboard.layout import LEGEND_ABOVE, card, chart_layout, money_axis, unapplied_notice
from dashboard.page_context import PageContext, chart_config, export_buttons, notices, page_context
from pantau.metrics import FUNNEL, METRICS, field_label
from pantau.privacy import is_small
from pantau.texts import t

dash.register_page(
    __name__, path="/penegakan-hukum", name="Penegakan hukum", title="Penegakan hukum"
)


def _count(context: PageContext, value: int) -> str:
    return formatting.count(
        value, context.lang, suppress=context.suppress, threshold=context.threshold
    )


def _rupiah(context: PageContext, value: int) -> str:
    return formatting.idr(value, context.lang)


def _rate(context: PageContext, rate: float | None) -> str:
    return formatting.percent(rate, context.lang)


def funnel_figure(context: PageContext, values: dict[str, int]) -> dict:
    """The case funnel with each stage's number written on it."""
    stages = FUNNEL
    shown = [
        0 if context.suppress and is_small(values[stage], context.threshold) else values[stage]
        for stage in stages
    ]
    funnel = {
        "type": "funnel",
        "y": [METRICS[stage].label(context.lang) for stage in stages],
        "x": shown,
        "text": [_count(context, values[stage]) for stage in stages],
        "texttemplate": "%{text}",
        "textposition": "inside",
        "textfont": {"size": 20},
        "marker": {"color": "#0d6efd"},
        "connector": {"line": {"color": "#adb5bd"}},
    }
    frame = chart_layout(context.lang, height=420, margin={"l": 8, "r": 8, "t": 8, "b": 8})
    return charts.trusted_figure([funnel], frame)


def conversion_map(context: PageContext) -> tuple[dict, str]:
    """Prosecutions per police report by province (or by regency inside one province), on
    the schematic or geographic map the URL asks for."""
    province = context.selection.province or context.scope.province_code
    level = "regency" if province else "province"
    rows = enforcement.conversion(context.engine, context.selection, context.scope, level)
    filters = FilterState.from_query(context.query, scope=context.scope)
    filters = filters.replace(province=province, regency=None)
    key, layer = layer_for(filters, context.settings, context.scope)
    values = {row.code: round(row.rate * 100, 1) for row in rows if row.rate is not None}
    text = {
        row.code: f"{_rate(context, row.rate)} ({_count(context, row.prosecutions)} / "
        f"{_count(context, row.police_reports)})"
        for row in rows
    }
    outlines, groups = decorations(layer)
    figure = choropleth_map(
        layer,
        values,
        colorbar_title=t("col.rate", context.lang),
        text=text,
        show_values=True,
        outlines=outlines,
        groups=groups,
        classes=share_classes(context.lang),
        locale=context.lang,
        geojson_url=layer_url(key, context.settings),
    )
    return figure, level


def restitution_figure(context: PageContext) -> dict:
    months = enforcement.restitution_by_month(context.engine, context.selection, context.scope)
    periods = [formatting.month(month.period, context.lang) for month in months]
    amounts = [value for month in months for value in (month.requested, month.awarded)]
    return charts.trusted_figure(
        [
            {
                "type": "bar",
                "x": periods,
                "y": [month.requested for month in months],
                "customdata": [_rupiah(context, month.requested) for month in months],
                "hovertemplate": "%{x}: %{customdata}",
                "name": t("enforcement.requested", context.lang),
                "marker": {"color": "#6c757d"},
            },
            {
                "type": "bar",
                "x": periods,
                "y": [month.awarded for month in months],
                "customdata": [_rupiah(context, month.awarded) for month in months],
                "hovertemplate": "%{x}: %{customdata}",
                "name": t("enforcement.awarded", context.lang),
                "marker": {"color": "#198754"},
            },
        ],
        chart_layout(
            context.lang,
            height=340,
            barmode="group",
            margin={"l": 8, "r": 8, "t": 8, "b": 8},
            xaxis={"type": "category", "tickangle": -45, "automargin": True},
            yaxis=money_axis(amounts, context.lang),
            legend=LEGEND_ABOVE,
        ),
    )


def stalled_table(context: PageContext) -> html.Div:
    """The regions meeting the stall rule, with the rule written above them."""
    rows = enforcement.conversion(context.engine, context.selection, context.scope, "regency")
    found = enforcement.stalled(rows)
    rule = t(
        "enforcement.stall_rule",
        context.lang,
        min_reports=enforcement.STALL_MIN_REPORTS,
        rate=formatting.percent(enforcement.STALL_MAX_RATE, context.lang),
    )
    if not found:
        body = html.P(t("enforcement.no_stalled", context.lang), className="text-muted")
    else:
        header = html.Thead(
            html.Tr(
                [
                    html.Th(field_label(key, context.lang))
                    for key in ("region", "police_reports", "prosecutions", "rate")
                ]
            )
        )
        body = dbc.Table(
            [
                header,
                html.Tbody(
                    [
                        html.Tr(
                            [
                                html.Td(row.name),
                                html.Td(_count(context, row.police_reports)),
                                html.Td(_count(context, row.prosecutions)),
                                html.Td(_rate(context, row.rate)),
                            ]
                        )
                        for row in found
                    ]
                ),
            ],
            striped=True,
            bordered=False,
            hover=True,
            id="enforcement-stalled-table",
            className="fs-5",
        )
    return html.Div([html.P(rule, className="fw-bold", id="enforcement-stall-rule"), body])


def layout(**query: str) -> html.Div:
    context = page_context(query)
    lang, selection = context.lang, context.selection
    values = enforcement.funnel(context.engine, selection, context.scope)
    restitution = enforcement.restitution_total(context.engine, selection, context.scope)
    rate = values["prosecutions"] / values["police_reports"] if values["police_reports"] else None
    figure, level = conversion_map(context)
    map_config = chart_config(f"tingkat-penuntutan-{level}", selection, graph_config(locale=lang))
    return html.Div(
        [
            html.H1(t("nav.penegakan", lang), className="h3"),
            *notices(context, is_synthetic(context.engine, context.scope)),
            unapplied_notice(selection, lang, victims_only=False),
            export_buttons(context, "enforcement", {}),
            dbc.Row(
                [
                    tile(
                        METRICS["police_reports"].label(lang),
                        _count(context, values["police_reports"]),
                        [],
                        "enforcement-police-reports",
                    ),
                    tile(
                        METRICS["suspects"].label(lang),
                        _count(context, values["suspects"]),
                        [],
                        "enforcement-suspects",
                    ),
                    tile(t("col.rate", lang), _rate(context, rate), [], "enforcement-rate"),
                ],
                className="g-3 mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        card(
                            t("enforcement.funnel", lang),
                            dcc.Graph(
                                id="enforcement-funnel",
                                figure=funnel_figure(context, values),
                                config=chart_config("alur-perkara", selection),
                            ),
                        ),
                        lg=5,
                    ),
                    dbc.Col(
                        card(
                            t("enforcement.conversion", lang),
                            dcc.Graph(id="enforcement-map", figure=figure, config=map_config),
                        ),
                        lg=7,
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        card(
                            t("enforcement.restitution", lang),
                            [
                                html.P(
                                    f"{t('enforcement.requested', lang)}: "
                                    f"{_rupiah(context, restitution.requested)} - "
                                    f"{t('enforcement.awarded', lang)}: "
                                    f"{_rupiah(context, restitution.awarded)}",
                                    className="fs-5 fw-bold",
                                    id="enforcement-restitution-total",
                                ),
                                dcc.Graph(
                                    id="enforcement-restitution",
                                    figure=restitution_figure(context),
                                    config=chart_config("restitusi", selection),
                                ),
                            ],
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        card(t("enforcement.stalled", lang), stalled_table(context)),
                        lg=6,
                    ),
                ]
            ),
        ]
    )
