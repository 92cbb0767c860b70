"""The task-force slides of meeting mode: each list of ``/gugus-tugas`` in large type.

Registered in :mod:`dashboard.pages.rapat` (``SLIDES``, ``SLIDE_TITLES`` and the dispatch
of ``slide_body``).  A list slide writes its count in its heading and pages its table for
the projector (:data:`SLIDE_PAGE_SIZE` rows a page, the pager under the table).  The N of
"silent for at least N months" comes from the meeting URL (``&months=6``).  Every id
starts with ``rapat`` (the meeting display may use only those).
"""

from __future__ import annotations

from dash import ctx, dash_table, dcc, html

from dashboard import directives_view, formatting
from dashboard import scorecard_view as scorecard
from dashboard import taskforce_lists as lists
from dashboard.components.maps import graph_config
from dashboard.data.context import app_engine, app_settings
from dashboard.data.reference import regions
from dashboard.filters import FilterState, Period, parse_search
from dashboard.layout import empty_state
from dashboard.scope import current_scope
from dashboard.selection import Selection
from pantau import directives
from pantau.basis import Basis
from pantau.scorecard import most_improved
from pantau.taskforces import province_rollup
from pantau.texts import t

SLIDE_PAGE_SIZE = 8
PROJECTOR_TABLE = {
    "style_data": {"backgroundColor": "var(--rapat-bg)", "color": "var(--rapat-fg)"},
    "style_header": {
        "fontWeight": "bold",
        "backgroundColor": "var(--rapat-fg)",
        "color": "var(--rapat-bg)",
    },
    "style_data_conditional": [
        {"if": {"row_index": "odd"}, "backgroundColor": "var(--rapat-stripe)"}
    ],
}
"""Table colours from the projector theme (light or dark), never fixed."""
SLIDE_COLUMNS: dict[str, tuple[str, ...]] = {
    kind: tuple(c for c in columns if c not in ("missing_members", "decree_number"))
    for kind, columns in lists.COLUMNS.items()
}
ROLLUP = "gugus-provinsi"
LEAGUE = "liga"
DIRECTIVE = "arahan"
LEAGUE_TOP = 10
IMPROVED_TOP = 5
SLIDES = (*lists.SLIDE_NAMES.values(), ROLLUP, LEAGUE, DIRECTIVE)
TITLES = {
    **{slide: f"taskforces.list.{kind}" for slide, kind in lists.KIND_OF_SLIDE.items()},
    ROLLUP: "gugus.list.rollup.card",
    LEAGUE: "scorecard.slide",
    DIRECTIVE: "directive.slide",
}
"""Slide name -> text key of its title, for ``rapat.SLIDE_TITLES``."""


def meeting_query() -> dict[str, str]:
    """The meeting URL's parameters, from the callback that builds the slide: the page
    router's ``search`` or the ``rapat-slides`` store's."""
    try:
        items = [*ctx.inputs_list, *ctx.states_list]
    except Exception:  # outside a callback
        return {}
    for item in items:
        for entry in item if isinstance(item, list) else [item]:
            value = entry.get("value") if isinstance(entry, dict) else None
            if entry.get("property") == "search" and isinstance(value, str):
                return parse_search(value)
            if isinstance(value, dict) and isinstance(value.get("search"), str):
                return parse_search(value["search"])
    return {}


def slide_body(name: str, filters: FilterState, period: Period, basis: Basis):
    """The body of register slide ``name`` at ``period``'s end, from the reports of
    ``basis`` (the meeting's release); a list slide is its table, counted and paged."""
    if name == LEAGUE:
        return league_body(filters, period, basis)
    if name == ROLLUP:
        return rollup_body(filters, period, basis)
    kind = lists.KIND_OF_SLIDE[name]
    settings = app_settings()
    lang = filters.lang
    months = lists.months_choice(meeting_query().get("months"))
    selection = Selection.of(filters, period)
    chosen = lists.lists_for(
        app_engine(settings), settings, current_scope(), selection, months, basis
    )
    rows = [lists.cells(row, kind, lang) for row in chosen.of(kind)]
    count = formatting.number(len(rows), lang)
    heading = html.Div(
        t("gugus.list.slide_count", lang, count=count),
        className="rapat-list-heading",
        id="rapat-list-heading",
        **{"data-count": str(len(rows))},
    )
    if not rows:
        return [heading, empty_state(t("gugus.list.empty", lang), "rapat-list-empty")]
    table = dash_table.DataTable(
        id="rapat-list-table",
        columns=[{"id": c, "name": lists.column_title(c, lang)} for c in SLIDE_COLUMNS[kind]],
        data=rows,
        page_size=SLIDE_PAGE_SIZE,
        # sized by the screen: eight rows and the pager fit 1280x720 as well as 1080p
        style_cell={
            "fontSize": "min(26px, 2.6vh)",
            "padding": "0.3vh 12px",
            "textAlign": "left",
            "whiteSpace": "normal",
            "height": "auto",
        },
        style_table={"width": "100%"},
        **PROJECTOR_TABLE,
        css=[{"selector": ".previous-next-container", "rule": "font-size: 1.6rem;"}],
    )
    return [heading, table]


def _big_table(element_id: str, columns: list[tuple[str, str]], rows: list[dict]):
    return dash_table.DataTable(
        id=element_id,
        columns=[{"id": key, "name": title} for key, title in columns],
        data=rows,
        page_size=SLIDE_PAGE_SIZE,
        style_cell={
            "fontSize": "22px",
            "padding": "4px 10px",
            "textAlign": "left",
            "whiteSpace": "normal",
            "height": "auto",
        },
        style_table={"width": "100%"},
        **PROJECTOR_TABLE,
    )


def league_body(filters: FilterState, period: Period, basis: Basis):
    """The top of the league table and the most improved, values written out."""
    settings = app_settings()
    lang = filters.lang
    level = scorecard.level_choice(meeting_query().get("level"))
    table, _method = scorecard.league(
        app_engine(settings),
        settings,
        current_scope(),
        period.end,
        province=filters.province,
        level=level,
        basis=basis,
    )
    if not table:
        return empty_state(t("empty.no_reports", lang), "rapat-list-empty")

    def row_of(row) -> dict:
        return {
            "rank": row.rank,
            "region": row.current.region_name,
            "score": formatting.number(row.score, lang, decimals=1),
            "change": formatting.signed(row.change, lang),
        }

    titles = [(c, scorecard.column_title(c, lang)) for c in ("rank", "region", "score", "change")]
    top = [row_of(row) for row in table[:LEAGUE_TOP]]
    improved = [row_of(row) for row in most_improved(table, IMPROVED_TOP)]
    return html.Div(
        [
            html.Div(
                [
                    html.Div(
                        f"{t('scorecard.slide_top', lang)} · {scorecard.level_title(level, lang)}",
                        className="rapat-list-heading",
                    ),
                    _big_table("rapat-league-table", titles, top),
                ],
                style={"flex": "3", "minWidth": 0},
            ),
            html.Div(
                [
                    html.Div(t("scorecard.most_improved", lang), className="rapat-list-heading"),
                    _big_table("rapat-improved-table", [titles[1], titles[3]], improved),
                ],
                style={"flex": "2", "minWidth": 0},
            ),
        ],
        style={"display": "flex", "flexDirection": "row", "gap": "2rem"},  # side by side
        id="rapat-league",
    )


def directive_body(filters: FilterState):
    """One directive's follow-up: done, overdue and pending in large figures, and the map
    of the share done per province (``&arahan=ID``, else the newest directive)."""
    lang = filters.lang
    engine = app_engine()
    scope = current_scope()
    chosen = directives_view.directive_choice(meeting_query().get("arahan"))
    summaries = directives.list_directives(engine, scope=scope)
    summary = next((s for s in summaries if s.id == chosen), summaries[0] if summaries else None)
    if summary is None:
        return empty_state(t("directive.none", lang), "rapat-list-empty")
    rows = directives.follow_ups(engine, summary.id, scope=scope, province=filters.province)
    counts = directives.summarise(rows)
    names = {code: ref.name for code, ref in regions(engine).items()}
    figures = html.Div(
        [
            html.Div(
                [
                    html.Div(directives_view.state_text(state, lang), className="tile-label"),
                    html.Div(
                        formatting.number(counts[state], lang),
                        className="tile-value",
                        id=f"rapat-directive-{state}",
                    ),
                ],
                className="tile",
            )
            for state in directives.STATES
        ],
        style={"flex": "1"},
    )
    return [
        html.Div(
            f"{summary.number} · {summary.title}",
            className="rapat-list-heading",
            id="rapat-list-heading",
            **{"data-count": str(len(rows))},
        ),
        html.Div(
            [
                figures,
                html.Div(
                    directives_view.follow_up_map(rows, names, lang, "rapat-map", 560),
                    style={"flex": "3", "minWidth": 0, "minHeight": 0},
                ),
            ],
            # figures beside the map (the slide body would stack them otherwise)
            style={"display": "flex", "flexDirection": "row", "gap": "2rem"},
        ),
    ]


def rollup_body(filters: FilterState, period: Period, basis: Basis):
    """The province roll-up map in projector size, the share written on each province."""
    settings = app_settings()
    lang = filters.lang
    months = lists.months_choice(meeting_query().get("months"))
    selection = Selection.of(filters, period)
    chosen = lists.lists_for(
        app_engine(settings), settings, current_scope(), selection, months, basis
    )
    figure = lists.rollup_figure(province_rollup(chosen.rows, months=months), lang, height=560)
    return [
        html.Div(
            t("gugus.list.rollup.slide_hint", lang, months=months),
            className="rapat-list-heading fs-4",
        ),
        dcc.Graph(
            id="rapat-map",
            figure=figure,
            config={
                **graph_config(filename="pantau-tppo-rapat", locale=lang),
                "displayModeBar": False,
            },
        ),
    ]
