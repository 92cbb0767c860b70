"""The user menu of the dashboard shell: who is signed in, admin links, logout (a POST form).

The shell is built once for everyone, so the menu is static: its label (name and role)
and the visibility of the admin links are filled in per request by
:func:`dashboard.callbacks.shell.shell_data`.  The logout form cannot carry the session's
CSRF token either; ``assets/pantau-logout.js`` copies it from the ``_csrf_token`` cookie
into the form when it is submitted.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from pantau.texts import t

FORM_ID = "shell-logout"
MENU_ID = "shell-user-menu"
ADMIN_LINKS = (
    ("users", "/admin/users", "shell.admin.users"),
    ("audit", "/admin/audit", "login.audit"),
    ("access", "/admin/access", "login.access"),
)
"""The admin pages in the menu's order: link id ``shell-admin-<key>``, path, text key."""
ROLE_TEXTS = {
    "admin": "shell.role.admin",
    "nasional": "shell.role.nasional",
    "provinsi": "filter.province",
    "kabupaten": "filter.regency",
    "rapat": "shell.role.rapat",
}


def role_label(role: str, lang: str) -> str:
    """A role in words (``Admin``, ``Nasional``, ``Provinsi``, ...)."""
    return t(ROLE_TEXTS[role], lang) if role in ROLE_TEXTS else role


def menu_label(username: str, role: str, lang: str) -> str:
    """``budi · Admin``: the menu's button text."""
    return f"{username} · {role_label(role, lang)}"


def logout_button(lang: str) -> html.Form:
    """A small form that logs the user out (``POST /logout`` with the CSRF token)."""
    return html.Form(
        [
            dcc.Input(type="hidden", name="csrf_token", value="", id=f"{FORM_ID}-token"),
            html.Button(
                t("login.logout", lang),
                type="submit",
                id=f"{FORM_ID}-label",
                className="dropdown-item",
            ),
        ],
        action="/logout",
        method="POST",
        id=FORM_ID,
        className="mb-0",
    )


def user_menu(lang: str) -> dbc.DropdownMenu:
    """The menu: the user's name and role as its label, admin links, logout."""
    admin = [
        dbc.DropdownMenuItem(
            t(text, lang),
            href=path,
            external_link=True,
            id=f"shell-admin-{key}",
            class_name="shell-admin-link",
        )
        for key, path, text in ADMIN_LINKS
    ]
    return dbc.DropdownMenu(
        [
            html.H6("", id="shell-user-role", className="dropdown-header shell-user-role"),
            html.Div(
                [*admin, dbc.DropdownMenuItem(divider=True)],
                id="shell-admin-links",
                className="d-none",
            ),
            logout_button(lang),
        ],
        label=t("login.user", lang),
        id=MENU_ID,
        nav=True,
        align_end=True,
        in_navbar=True,
        toggle_class_name="shell-user-toggle",
    )
