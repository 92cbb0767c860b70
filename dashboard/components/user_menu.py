"""The logout button of the dashboard shell: a POST form, never a link.

The shell is built once for everyone, so the form cannot carry the session's CSRF token;
``assets/pantau-logout.js`` copies it from the ``_csrf_token`` cookie into the form when it
is submitted.  Place :func:`logout_button` in the navbar.
"""

from __future__ import annotations

from dash import dcc, html

from pantau.texts import t

FORM_ID = "shell-logout"


def logout_button(lang: str) -> html.Form:
    """A small form that logs the user out (``POST /logout`` with the CSRF token)."""
    return html.Form(
        [
            dcc.Input(type="hidden", name="csrf_token", value="", id=f"{FORM_ID}-token"),
            html.Button(
                t("login.logout", lang),
                type="submit",
                id=f"{FORM_ID}-label",
                className="btn btn-link text-white-50 p-0",
            ),
        ],
        action="/logout",
        method="POST",
        id=FORM_ID,
        className="ms-3 mb-0",
    )
