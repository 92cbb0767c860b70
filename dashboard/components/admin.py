"""What the admin pages inside the dashboard share: the admin check and its refusal.

``/admin/...`` URLs are for admins already (:mod:`dashboard.security`), but a Dash page's
layout and callbacks are fetched through ``/_dash-update-component``, so every admin page
checks the signed-in user itself before it reads anything.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from flask import g

from pantau.texts import t


def is_admin() -> bool:
    """Whether the user of this request is an admin."""
    account = g.get("pantau_user")
    return account is not None and account.role == "admin"


def refusal(lang: str) -> dbc.Alert:
    """Said instead of an admin page to anyone else."""
    return dbc.Alert(t("audit.admin_only", lang), color="warning", id="admin-refused")
