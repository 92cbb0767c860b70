"""``/arahan``: follow-up of directives (circular letters, coordination-meeting decisions).

Without ``?arahan=`` the list of directives with their done/overdue/pending counts; with
it, one directive: the counts, a province map of the share done, every addressee's state
(sortable, filterable), a link to project it (``/rapat?slides=arahan&arahan=ID``) and, for
admins, to record a follow-up (``/admin/arahan/<id>``).  Scoped to the user's regions.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import dash_table, dcc, html
from flask import g

from dashboard import directives_view as view
from dashboard import formatting
from dashboard.callbacks.shell import current_filters, layout_search
from dashboard.data.context import app_engine
from dashboard.data.reference import regions
from dashboard.filters import parse_search
from dashboard.layout import card, empty_state
from dashboard.scope import current_scope
from pantau import directives
from pantau.texts import t

dash.register_page(__name__, path="/arahan", name="Arahan", title="Arahan - Pantau TPPO")


def _is_admin() -> bool:
    account = g.get("pantau_user")
    return getattr(account, "role", None) == "admin"


def _counts(counts: dict[str, int], lang: str, prefix: str) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                html.Div(
                    [
                        html.Div(view.state_text(state, lang), className="tile-label"),
                        html.Div(
                            formatting.number(counts[state], lang),
                            className="tile-value fs-1 fw-bold",
                            id=f"{prefix}-{state}",
                        ),
                    ],
                    className=f"tile directive-{state}",
                )
            )
            for state in directives.STATES
        ],
        className="mb-3",
    )


def list_layout(lang: str) -> html.Div:
    engine = app_engine()
    summaries = directives.list_directives(engine, scope=current_scope())
    new = (
        html.A(
            t("directive.new", lang),
            href="/admin/arahan",
            id="arahan-new",
            className="btn btn-outline-primary mb-2",
        )
        if _is_admin()
        else None
    )
    if not summaries:
        return html.Div([new, empty_state(t("directive.none", lang), "arahan-empty")])
    rows = [
        html.Tr(
            [
                html.Td(
                    dcc.Link(s.number, href=f"/arahan?arahan={s.id}", id=f"arahan-link-{s.id}")
                ),
                html.Td(s.title),
                html.Td(formatting.date(s.issued_on, lang)),
                html.Td(formatting.date(s.due_date, lang) if s.due_date else formatting.DASH),
                html.Td(formatting.number(s.addressees, lang)),
                *[html.Td(formatting.number(s.counts[state], lang)) for state in directives.STATES],
            ]
        )
        for s in summaries
    ]
    header = html.Thead(
        html.Tr(
            [
                html.Th(t(f"directive.col.{c}", lang))
                for c in ("number", "title", "issued", "due", "addressees")
            ]
            + [html.Th(view.state_text(state, lang)) for state in directives.STATES]
        )
    )
    table = dbc.Table([header, html.Tbody(rows)], striped=True, responsive=True, id="arahan-list")
    return html.Div([new, card(t("directive.list", lang), table)])


def directive_layout(directive_id: int, lang: str, search: str) -> html.Div:
    engine = app_engine()
    try:
        directive = directives.get_directive(engine, directive_id)
    except directives.DirectiveError:
        return empty_state(t("directive.missing", lang), "arahan-missing")
    filters = current_filters(search)
    rows = directives.follow_ups(
        engine, directive_id, scope=current_scope(), province=filters.province
    )
    names = {code: ref.name for code, ref in regions(engine).items()}
    counts = directives.summarise(rows)
    meeting = "/rapat?" + urlencode(
        {"slides": "arahan", "arahan": directive_id, **filters.params()}
    )
    actions = [
        dcc.Link(
            "▶ " + t("gugus.list.meeting", lang),
            href=meeting,
            id="arahan-meeting",
            className="btn btn-primary me-2",
        ),
        dcc.Link(
            t("directive.list", lang), href="/arahan", className="btn btn-outline-secondary me-2"
        ),
    ]
    if _is_admin():
        actions.append(
            html.A(
                t("directive.record", lang),
                href=f"/admin/arahan/{directive_id}",
                id="arahan-record",
                className="btn btn-outline-primary",
            )
        )
    table = dash_table.DataTable(
        id="arahan-table",
        columns=[{"id": c, "name": view.column_title(c, lang)} for c in view.COLUMNS],
        data=[view.cells(row, lang) for row in rows],
        sort_action="native",
        filter_action="native",
        filter_options={"case": "insensitive", "placeholder_text": t("gugus.list.filter", lang)},
        page_size=25,
        style_table={"overflowX": "auto"},
        style_cell={"fontSize": "15px", "padding": "5px", "textAlign": "left"},
        style_header={"fontWeight": "bold"},
    )
    due = formatting.date(directive.due_date, lang) if directive.due_date else formatting.DASH
    return html.Div(
        [
            html.H2(f"{directive.number} · {directive.title}", className="h4", id="arahan-title"),
            html.P(
                t(
                    "directive.meta",
                    lang,
                    issued=formatting.date(directive.issued_on, lang),
                    due=due,
                    done_when=t(f"directive.done_when.{directive.done_when}", lang),
                ),
                className="text-muted",
            ),
            html.Div(actions, className="mb-3"),
            _counts(counts, lang, "arahan-count"),
            dbc.Row(
                [
                    dbc.Col(
                        card(
                            t("directive.map", lang),
                            view.follow_up_map(rows, names, lang, "arahan-map", 460),
                        ),
                        xl=6,
                    ),
                    dbc.Col(card(t("directive.addressees", lang), table), xl=6),
                ]
            ),
        ]
    )


def layout(**query: str) -> html.Div:
    search = layout_search(query)
    lang = current_filters(search).lang
    directive_id = view.directive_choice(parse_search(search).get("arahan"))
    body = (
        list_layout(lang) if directive_id is None else directive_layout(directive_id, lang, search)
    )
    return html.Div(
        [html.H1(t("directive.title", lang), className="h3"), body], className="page-arahan"
    )
