"""``/admin/intake``: files held for the admins because their region or period could not be
read (:mod:`pantau.reports.intake`), with the reason, and a button to dismiss one that has
been dealt with.

Admins only, like ``/admin/access``: the URL is refused to other roles by the security
layer, and the layout and the callback check the role again, because Dash can be asked
for a page's layout or callback by a request to ``/_dash-update-component``.  File names
and reasons came from files: they are given to Dash as plain strings, which it escapes.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html
from flask import g, request

from dashboard import formatting
from dashboard.components.admin import is_admin, refusal
from dashboard.data.context import app_engine, app_settings
from pantau.reports.intake import HeldFile, dismiss_held, held_files
from pantau.settings import Settings
from pantau.texts import t

dash.register_page(
    __name__, path="/admin/intake", name="Berkas ditahan", title="Berkas ditahan - Pantau TPPO"
)

SHOWN = 200


def _lang(raw: object, settings: Settings) -> str:
    return raw if raw in ("id", "en") else settings.language


COLUMNS = (
    ("id", "admin.intake.col.id"),
    ("received", "col.received_at"),
    ("source", "col.source"),
    ("file", "col.file"),
    ("reason", "admin.intake.col.reason"),
    ("problems", "admin.intake.col.problems"),
    ("stored", "admin.intake.col.stored"),
)


def _row(item: HeldFile, lang: str) -> html.Tr:
    return html.Tr(
        [
            html.Td(f"#{item.report_id}"),
            html.Td(formatting.timestamp(item.received_at, lang)),
            html.Td(item.source),
            html.Td(item.file_name, className="text-break"),
            html.Td(item.first_reason, className="small"),
            html.Td(formatting.number(item.problems, lang)),
            html.Td(item.archive_path or "-", className="small text-break"),
        ],
        id=f"intake-row-{item.report_id}",
    )


def _dismiss_form(held: list[HeldFile], lang: str) -> dbc.Row:
    options = [
        {"label": f"#{item.report_id} {item.file_name}", "value": item.report_id} for item in held
    ]
    return dbc.Row(
        [
            dbc.Col(dbc.Label(t("admin.intake.choose", lang), html_for="intake-choice"), md="auto"),
            dbc.Col(dbc.Select(id="intake-choice", options=options, value=options[0]["value"])),
            dbc.Col(
                dbc.Button(
                    t("admin.intake.dismiss", lang),
                    id="intake-dismiss",
                    color="secondary",
                    n_clicks=0,
                ),
                md="auto",
            ),
        ],
        className="g-2 align-items-center mb-3",
    )


def held_table(lang: str) -> html.Div:
    """The held files, newest first (at most :data:`SHOWN`)."""
    held = held_files(app_engine(), language=lang, limit=SHOWN)
    if not held:
        return html.P(t("admin.intake.none", lang), className="text-muted", id="intake-empty")
    return html.Div(
        [
            html.P(t("admin.intake.count", lang, count=len(held)), id="intake-count"),
            _dismiss_form(held, lang),
            dbc.Table(
                [
                    html.Thead(html.Tr([html.Th(t(key, lang)) for _, key in COLUMNS])),
                    html.Tbody([_row(item, lang) for item in held]),
                ],
                striped=True,
                size="sm",
                responsive=True,
                id="intake-table",
            ),
        ]
    )


def layout(**query: str) -> html.Div:
    settings = app_settings()
    lang = _lang(query.get("lang"), settings)
    if not is_admin():
        return html.Div(refusal(lang))
    return html.Div(
        [
            dcc.Store(id="intake-lang", data=lang),
            html.H1(t("admin.intake.title", lang), className="h3"),
            html.P(t("admin.intake.intro", lang), className="text-muted"),
            html.Div(id="intake-status"),
            html.Div(held_table(lang), id="intake-list"),
        ]
    )


@callback(
    Output("intake-list", "children"),
    Output("intake-status", "children"),
    Input("intake-dismiss", "n_clicks"),
    State("intake-choice", "value"),
    State("intake-lang", "data"),
    prevent_initial_call=True,
)
def on_dismiss(clicks: int | None, chosen: object, lang: str | None):
    """Dismiss the chosen held file, then show the list again."""
    settings = app_settings()
    lang = _lang(lang, settings)
    if not is_admin():
        return dash.no_update, refusal(lang)
    try:
        report_id = int(str(chosen))
    except ValueError:
        return dash.no_update, dash.no_update
    if not clicks:
        return dash.no_update, dash.no_update
    dismissed = dismiss_held(
        app_engine(settings),
        report_id,
        username=g.pantau_user.username,
        address=request.remote_addr,
    )
    key = "admin.intake.dismissed" if dismissed else "admin.intake.not_held"
    status = dbc.Alert(t(key, lang, id=report_id), color="success" if dismissed else "warning")
    return held_table(lang), status
