"""``/gugus-tugas/skor``: the task-force league table (rank, score, change, most improved).

Each component column is the points it adds, so a row adds up to its score; the method
page (``/gugus-tugas/skor/metode``) explains each component and weight.  ``?level=province``
ranks the provinces' own task forces.  The table follows the user's scope and the shared
bar's province and period end.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import dash_table, dcc, html

from dashboard import formatting
from dashboard import scorecard_view as view
from dashboard.callbacks.shell import current_filters, layout_search
from dashboard.data.context import app_engine, app_settings
from dashboard.data.periods import page_period
from dashboard.filters import parse_search
from dashboard.layout import card, empty_state, page_heading
from dashboard.scope import current_scope
from pantau.scorecard import COMPONENTS, WINDOW, most_improved
from pantau.texts import t

dash.register_page(
    __name__,
    path="/gugus-tugas/skor",
    name="Rapor gugus tugas",
    title="Rapor gugus tugas - Pantau TPPO",
)

IMPROVED = 10


def _link(row: dict) -> dict:
    return {**row, "region": f"[{row['region']}](/wilayah/{row['code']})"}


def layout(**query: str) -> html.Div:
    search = layout_search(query)
    filters = current_filters(search)
    lang = filters.lang
    settings = app_settings()
    engine = app_engine(settings)
    level = view.level_choice(parse_search(search).get("level"))
    end = page_period(filters, engine, settings).end
    table, method = view.league(
        engine, settings, current_scope(), end, province=filters.province, level=level
    )
    rows = [_link(view.cells(row, method)) for row in table]
    columns = ["rank", "region", "province", "score", "change", *COMPONENTS]
    keep = {k: v for k, v in parse_search(search).items() if k != "level"}
    levels = dbc.Nav(
        [
            dbc.NavItem(
                dcc.Link(
                    view.level_title(name, lang),
                    href="/gugus-tugas/skor?" + urlencode({**keep, "level": name}),
                    id=f"skor-level-{name}",
                    className="nav-link" + (" active" if name == level else ""),
                )
            )
            for name in view.LEVELS
        ],
        pills=True,
        className="mb-2",
    )
    improved = most_improved(table, IMPROVED)
    improved_list = html.Ol(
        [
            html.Li(
                [
                    dcc.Link(row.current.region_name, href=f"/wilayah/{row.region_code}"),
                    f" {formatting.signed(row.change, lang)}",
                ]
            )
            for row in improved
        ],
        id="skor-improved",
    )
    league = dash_table.DataTable(
        id="skor-table",
        columns=[_column(c, lang) for c in columns],
        data=rows,
        sort_action="native",
        filter_action="native",
        filter_options={"case": "insensitive", "placeholder_text": t("gugus.list.filter", lang)},
        page_size=30,
        markdown_options={"link_target": "_self"},
        style_table={"overflowX": "auto"},
        style_cell={"fontSize": "15px", "padding": "5px", "textAlign": "left"},
        style_header={"fontWeight": "bold", "whiteSpace": "normal", "height": "auto"},
    )
    meeting = "/rapat?" + urlencode({"slides": "liga", **filters.params(), "level": level})
    return html.Div(
        [
            page_heading(
                t("scorecard.title", lang),
                t("scorecard.window", lang, months=WINDOW, month=formatting.month(end, lang)),
            ),
            html.P(
                [
                    t("scorecard.points_hint", lang),
                    " ",
                    dcc.Link(
                        t("scorecard.method_link", lang),
                        href=f"/gugus-tugas/skor/metode{_lang_query(lang)}",
                        id="skor-method",
                    ),
                ],
                className="text-muted",
            ),
            levels,
            html.Div(
                [
                    dcc.Link(
                        "▶ " + t("gugus.list.meeting", lang),
                        href=meeting,
                        id="skor-meeting",
                        className="btn btn-primary me-2",
                    ),
                    dcc.Link(
                        t("gugus.title", lang),
                        href="/gugus-tugas",
                        className="btn btn-outline-secondary",
                    ),
                ],
                className="mb-2",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        card(
                            t("scorecard.league", lang),
                            league if rows else empty_state(t("empty.no_reports", lang)),
                        ),
                        xl=9,
                    ),
                    dbc.Col(
                        card(
                            t("scorecard.most_improved", lang),
                            improved_list
                            if improved
                            else html.P(t("scorecard.none_improved", lang)),
                            "skor-improved-card",
                        ),
                        xl=3,
                    ),
                ]
            ),
        ],
        className="page-skor",
    )


def _column(column: str, lang: str) -> dict:
    spec: dict = {"id": column, "name": view.column_title(column, lang)}
    if column == "region":
        spec["presentation"] = "markdown"
    elif column == "rank":
        spec["type"] = "numeric"
    elif column != "province":
        specifier = "+,.1f" if column == "change" else ",.1f"
        locale = formatting.d3_locale(lang)
        spec.update({"type": "numeric", "format": {"specifier": specifier, "locale": locale}})
    return spec


def _lang_query(lang: str) -> str:
    return "?lang=en" if lang == "en" else ""
