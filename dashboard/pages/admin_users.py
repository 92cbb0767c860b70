"""``/admin/users``: who may sign in, with which role and region, for admins.

Read-only: users are added, disabled and given new passwords with ``pantau users`` (the
command line records each change in the audit log).  Component ids start with ``users-``.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import formatting
from dashboard.callbacks.shell import current_filters, layout_search
from dashboard.components.admin import is_admin, refusal
from dashboard.components.user_menu import role_label
from dashboard.data.context import app_engine
from pantau.auth import list_users
from pantau.texts import t

dash.register_page(__name__, path="/admin/users", name="Pengguna", title="Pengguna - Pantau TPPO")


STATES = {True: "audit.users.active", False: "audit.users.disabled"}


def users_table(users: list[dict], lang: str) -> dbc.Table:
    """One row per user: name, role in words, region, active or not, last login."""
    header = html.Thead(
        html.Tr(
            [
                html.Th(t(key, lang), scope="col")
                for key in (
                    "login.username",
                    "audit.users.role",
                    "col.region",
                    "audit.users.state",
                    "audit.users.last_login",
                )
            ]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(user["username"]),
                    html.Td(role_label(str(user["role"]), lang)),
                    html.Td(user["region_code"] or "–"),
                    html.Td(t(STATES[bool(user["active"])], lang)),
                    html.Td(formatting.timestamp(user["last_login_at"], lang)),
                ]
            )
            for user in users
        ]
    )
    return dbc.Table([header, body], striped=True, size="sm", responsive=True, id="users-rows")


def layout(**query: str) -> html.Div:
    lang = current_filters(layout_search(query)).lang
    if not is_admin():
        return html.Div(refusal(lang), id="users-page")
    return html.Div(
        [
            html.H1(t("shell.admin.users", lang), className="h3"),
            html.P(t("audit.users.intro", lang), className="shell-muted"),
            users_table(list_users(app_engine()), lang),
        ],
        id="users-page",
        className="admin-page",
    )
