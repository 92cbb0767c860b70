"""``/wilayah/<code>``: the profile of one province (``/wilayah/53``) or regency/city
(``/wilayah/32.01``): its figures, task force, trend and report history.

An unknown code gets a clear not-found message; a code outside the viewer's scope shows
nothing but an access-denied message.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import formatting
from dashboard import layout as charts
from dashboard.callbacks.shell import current_filters, layout_search
from dashboard.components.table import cell, data_table
from dashboard.data.context import app_engine, app_settings
from dashboard.data.periods import page_selection
from dashboard.data.profile import RegionProfile, region_profile
from dashboard.data.task_forces import status_of
from dashboard.filters import FilterState
from dashboard.layout import SERIES_COLOURS, card, chart_layout, empty_state, unapplied_notice
from dashboard.layout import graph_config as chart_graph_config
from dashboard.region_reminders import reminders_card
from dashboard.report_files import file_href, sources_href
from dashboard.scope import current_scope
from pantau.metrics import METRICS, field_label, summed_metrics
from pantau.privacy import suppression_active
from pantau.reports.loading import stored_message
from pantau.texts import label, t

dash.register_page(
    __name__,
    path_template="/wilayah/<code>",
    name="Profil wilayah",
    title="Profil wilayah - Pantau TPPO",
)

TREND_METRICS = ("victims", "police_reports", "activities")


def _definition(label: str, value, element_id: str | None = None) -> list:
    attributes = {"id": element_id} if element_id else {}
    return [
        html.Dt(label, className="col-sm-5"),
        html.Dd(value, className="col-sm-7", **attributes),
    ]


def task_force_card(profile: RegionProfile, lang: str) -> dbc.Card:
    """Decree, chair, members, action plan and budget as last declared."""
    row = profile.task_force
    if row is None:
        return card(t("wilayah.task_force", lang), html.P(t("wilayah.no_task_force", lang)))
    status = status_of(row, profile.silent_months)
    status_text = (
        t("status.silent", lang, months=profile.silent_months)
        if status == "silent"
        else t(f"status.{status}", lang)
    )
    decree = row.decree_number or formatting.DASH
    if row.decree_date:
        decree = f"{decree} ({formatting.date(row.decree_date, lang)})"
    members = [label(code, lang) for code in row.member_agencies]
    body = [
        html.P(
            [
                html.Strong(status_text, id="wilayah-status"),
                html.Br(),
                html.Span(
                    t("wilayah.as_of", lang, period=formatting.month(row.period, lang)),
                    className="text-muted",
                ),
            ],
            className="fs-5",
        ),
        html.Dl(
            [
                *_definition(t("wilayah.decree", lang), decree, "wilayah-decree"),
                *_definition(t("wilayah.chair", lang), row.chair or formatting.DASH),
                *_definition(
                    t("wilayah.action_plan", lang),
                    t("yes", lang) if row.action_plan else t("no", lang),
                ),
                *_definition(t("wilayah.budget", lang), formatting.idr(row.budget_idr, lang)),
                *_definition(
                    t("wilayah.members", lang),
                    html.Ul([html.Li(name) for name in members], id="wilayah-members")
                    if members
                    else formatting.DASH,
                ),
            ],
            className="row",
        ),
    ]
    return card(t("wilayah.task_force", lang), body, "wilayah-task-force")


def figures_table(profile: RegionProfile, lang: str, *, suppress: bool, threshold: int):
    """Every figure of the region for the period."""
    rows = [
        html.Tr(
            [
                html.Td(entry.label(lang)),
                html.Td(
                    formatting.metric_value(
                        entry,
                        profile.totals.get(entry.key, 0),
                        lang,
                        suppress=suppress,
                        threshold=threshold,
                    ),
                    className="text-end fw-bold",
                ),
            ]
        )
        for entry in summed_metrics()
    ]
    return dbc.Table(html.Tbody(rows), className="fs-5", id="wilayah-figures")


def trend_figure(profile: RegionProfile, lang: str) -> dict:
    """Monthly lines of victims, police reports and activities."""
    lines = [
        {
            "type": "scatter",
            "x": [formatting.month(month, lang) for month in profile.trend[metric]],
            "y": list(profile.trend[metric].values()),
            "mode": "lines+markers",
            "name": METRICS[metric].label(lang),
            "line": {"color": colour, "width": 3},
        }
        for colour, metric in zip(SERIES_COLOURS, TREND_METRICS, strict=False)
    ]
    frame = chart_layout(
        lang, height=340, xaxis={"type": "category"}, yaxis={"rangemode": "tozero"}
    )
    return charts.trusted_figure(lines, frame)


def history_table(profile: RegionProfile, lang: str):
    """Every received version: period, version, state (late), time, rejection reasons."""
    if not profile.history:
        return html.P(t("wilayah.no_history", lang))
    headers = [
        *(field_label(key, lang) for key in ("period", "version", "state")),
        t("col.file", lang),
        t("col.source", lang),
        field_label("received_at", lang),
        t("provenance.column.superseded_by", lang),
        field_label("reasons", lang),
    ]

    def state(row) -> str:
        text = t(f"state.{row.status}", lang)
        return f"{text} ({t('state.late', lang)})" if row.late else text

    rows = (
        [
            formatting.month(row.period, lang),
            str(row.version),
            cell(state(row), f"state-{row.status}"),
            html.A(row.file_name, href=file_href(row.id), download=row.file_name)
            if row.has_file
            else row.file_name,
            row.source,
            formatting.timestamp(row.received_at, lang),
            t("provenance.superseded_by", lang, id=row.superseded_by_id)
            if row.superseded_by_id
            else "",
            html.Ul([html.Li(stored_message(reason, lang)) for reason in row.reasons])
            if row.reasons
            else "",
        ]
        for row in profile.history
    )
    return data_table(headers, rows, "wilayah-history")


def _header(profile: RegionProfile, lang: str, search: str) -> html.Div:
    region = profile.region
    facts = [f"{t('wilayah.population', lang)}: {formatting.number(region.population, lang)}"]
    if region.level == "province":
        facts.append(f"{t('wilayah.regencies', lang)}: {profile.regency_count}")
        crumbs = [html.Strong(region.name)]
    else:
        crumbs = [
            dcc.Link(profile.province.name, href=f"/wilayah/{profile.province.code}{search}"),
            html.Span(" › "),
            html.Strong(region.name),
        ]
    return html.Div(
        [
            html.H1(
                [region.name, html.Small(f" ({region.code})", className="text-muted")],
                className="h3",
                id="wilayah-name",
            ),
            html.Div(crumbs, className="fs-5 mb-1"),
            html.P(" · ".join(facts), className="text-muted"),
        ]
    )


def _selection_search(profile: RegionProfile, search: str) -> str:
    """The page's URL query narrowed to this region (province, and regency if one)."""
    region = profile.region
    params = dict(parse_qsl(search.lstrip("?")))
    params["province"] = region.province_code
    params.pop("regency", None)
    if region.level == "regency":
        params["regency"] = region.code
    return "?" + urlencode(params)


def layout(code: str | None = None, **query: str) -> html.Div:
    search = layout_search(query)
    filters: FilterState = current_filters(search)
    lang = filters.lang
    scope = current_scope()
    settings = app_settings()
    engine = app_engine(settings)
    selection = page_selection(filters, engine, settings)
    period = selection.period
    try:
        profile = region_profile(engine, str(code), scope, selection)
    except LookupError:
        return html.Div(
            empty_state(t("wilayah.not_found", lang, code=str(code)), "wilayah-missing")
        )
    except PermissionError:
        return html.Div(empty_state(t("wilayah.denied", lang), "wilayah-denied"))
    keep = f"?lang={lang}" if "lang" in query else ""
    suppress = suppression_active(scope)
    label = formatting.month_range(period.start, period.end, lang)
    return html.Div(
        [
            _header(profile, lang, keep),
            unapplied_notice(selection, lang, victims_only=True),
            dbc.Row(
                [
                    dbc.Col(task_force_card(profile, lang), lg=5),
                    dbc.Col(
                        card(
                            f"{t('wilayah.figures', lang)} ({label})",
                            figures_table(
                                profile,
                                lang,
                                suppress=suppress,
                                threshold=settings.suppression_threshold,
                            ),
                        ),
                        lg=7,
                    ),
                ]
            ),
            card(
                t("ringkasan.trend", lang),
                dcc.Graph(
                    id="wilayah-trend",
                    figure=trend_figure(profile, lang),
                    config=chart_graph_config("pantau-tppo-tren-wilayah", lang),
                ),
            ),
            card(
                t("wilayah.history", lang),
                [
                    history_table(profile, lang),
                    dcc.Link(
                        t("provenance.title", lang),
                        href=sources_href(_selection_search(profile, search)),
                        id="wilayah-sources",
                        className="fs-5",
                    ),
                ],
            ),
            reminders_card(profile.region.code, lang),
        ],
        className="page-wilayah",
    )
