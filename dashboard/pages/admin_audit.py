"""``/admin/audit``: the audit log inside the dashboard, for admins.

Times are in Western Indonesia Time in the page's language, actions and outcomes in words;
the filters (user, action, date range) redraw the table.  Every component id starts with
``audit-``.
"""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import formatting
from dashboard.callbacks.shell import current_filters, layout_search
from dashboard.components.admin import is_admin, refusal
from dashboard.data.context import app_engine
from pantau import audit
from pantau.texts import t

dash.register_page(__name__, path="/admin/audit", name="Log audit", title="Log audit - Pantau TPPO")

OUTCOMES = ("ok", "denied", "invalid", "throttled")
"""Outcomes with a text of their own; others (an HTTP status) are shown as they are."""


def action_label(action: str, lang: str) -> str:
    """An action in words (``login_failed`` -> ``Gagal masuk``)."""
    return t(f"audit.action.{action}", lang) if action in audit.ACTIONS else action


def outcome_label(outcome: str, lang: str) -> str:
    """An outcome in words (``ok`` -> ``Berhasil``)."""
    return t(f"audit.outcome.{outcome}", lang) if outcome in OUTCOMES else outcome


def detail_text(detail: dict) -> str:
    """The detail of an entry as ``key: value`` pairs."""
    return "; ".join(f"{key}: {value}" for key, value in detail.items())


def audit_table(rows: list[audit.Entry], lang: str) -> dbc.Table | html.P:
    """The entries, newest first; an empty result says so."""
    if not rows:
        return html.P(t("login.none", lang), id="audit-none")
    header = html.Thead(
        html.Tr(
            [
                html.Th(t(f"login.{key}", lang), scope="col")
                for key in ("at", "user", "address", "action", "outcome", "detail")
            ]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(formatting.timestamp(row.at, lang), className="text-nowrap"),
                    html.Td(row.username or "–"),
                    html.Td(row.address or "–"),
                    html.Td(action_label(row.action, lang), **{"data-action": row.action}),
                    html.Td(outcome_label(row.outcome, lang)),
                    html.Td(detail_text(row.detail), className="audit-detail"),
                ]
            )
            for row in rows
        ]
    )
    return dbc.Table([header, body], striped=True, size="sm", responsive=True, id="audit-rows")


def _date(value: str | None) -> dt.date | None:
    """A date typed as ``31/12/2026`` (as the page shows it) or ``2026-12-31``."""
    text = (value or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def formatting_date(value: dt.date | None) -> str:
    """A filter date as the inputs show it: ``31/12/2026``."""
    return f"{value:%d/%m/%Y}" if value else ""


def entries(user: str | None, action: str | None, since: str | None, until: str | None):
    """The audit entries matching the filters (an unknown action or a bad date ignored)."""
    return audit.entries(
        app_engine(),
        username=(user or "").strip().lower()[:64] or None,
        action=action if action in audit.ACTIONS else None,
        since=_date(since),
        until=_date(until),
    )


def layout(**query: str) -> html.Div:
    lang = current_filters(layout_search(query)).lang
    if not is_admin():
        return html.Div(refusal(lang), id="audit-page")
    user, action = query.get("user"), query.get("action")
    since, until = _date(query.get("since")), _date(query.get("until"))
    filters = dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label(t("login.user", lang), html_for="audit-user"),
                    dcc.Input(
                        id="audit-user",
                        value=user or "",
                        debounce=True,
                        className="form-control",
                        type="text",
                    ),
                ],
                xs=12,
                md=3,
            ),
            dbc.Col(
                [
                    dbc.Label(t("login.action", lang), html_for="audit-action"),
                    dcc.Dropdown(
                        id="audit-action",
                        options=[
                            {"label": action_label(name, lang), "value": name}
                            for name in audit.ACTIONS
                        ],
                        value=action if action in audit.ACTIONS else None,
                        placeholder=t("login.all", lang),
                    ),
                ],
                xs=12,
                md=3,
            ),
            *[
                dbc.Col(
                    [
                        dbc.Label(t(f"login.{key}", lang), html_for=f"audit-{key}"),
                        dcc.Input(
                            id=f"audit-{key}",
                            value=formatting_date(value),
                            debounce=True,
                            className="form-control",
                            type="text",
                            inputMode="numeric",
                            placeholder=t("audit.date_placeholder", lang),
                        ),
                    ],
                    xs=6,
                    md=3,
                )
                for key, value in (("since", since), ("until", until))
            ],
        ],
        className="g-2 mb-3 align-items-end",
    )
    return html.Div(
        [
            dcc.Store(id="audit-lang", data=lang),
            html.H1(t("login.audit", lang), className="h3"),
            html.P(t("audit.intro", lang), className="shell-muted"),
            filters,
            html.Div(
                audit_table(entries(user, action, query.get("since"), query.get("until")), lang),
                id="audit-table",
                className="audit-table",
            ),
        ],
        id="audit-page",
        className="admin-page",
        lang=lang,
    )


def refilter(user, action, since, until, lang):
    """The table for the filters chosen on the page."""
    lang = lang if lang in ("id", "en") else "id"
    if not is_admin():
        return refusal(lang)
    return audit_table(entries(user, action, since, until), lang)


dash.callback(
    Output("audit-table", "children"),
    Input("audit-user", "value"),
    Input("audit-action", "value"),
    Input("audit-since", "value"),
    Input("audit-until", "value"),
    State("audit-lang", "data"),
    prevent_initial_call=True,
)(refilter)
