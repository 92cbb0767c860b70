"""What the admin pages served as plain HTML forms share: frame, CSRF field, alert, the
region filter, the uploaded CSV/XLSX file and the audit record of a change.

``/admin/kontak``, ``/admin/pengingat`` and ``/admin/arahan`` are Flask routes, not Dash
pages: the security layer lets only admins reach ``/admin/...`` and checks the
``csrf_token`` field of every POST, so these pages only draw forms and record changes.
The Dash admin pages share :mod:`dashboard.components.admin` instead.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from flask import g, request, session
from markupsafe import Markup
from sqlalchemy.engine import Engine

from dashboard.login import _page, logout_form
from pantau import audit
from pantau.texts import t

UPLOAD_SUFFIXES = (".csv", ".xlsx")
"""File types an admin import accepts (the columns are those of the matching CLI import)."""


class _Regional(Protocol):
    region_code: str


R = TypeVar("R", bound=_Regional)


def request_lang() -> str:
    """The page's language from ``?lang=`` (Indonesian unless English is asked for)."""
    return "en" if request.args.get("lang") == "en" else "id"


def frame(lang: str, title: str, body: Markup) -> str:
    """A whole admin page: its title, the links between admin pages, logout, and ``body``."""
    nav = Markup(
        '<div class="d-flex justify-content-between align-items-center mb-3">'
        '<h1 class="h4 m-0">{title}</h1><span class="small">{who} · '
        '<a href="/admin/kontak?lang={lang}" id="admin-contacts">{contacts}</a> · '
        '<a href="/admin/pengingat?lang={lang}" id="admin-reminders">{reminders}</a> · '
        '<a href="/admin/audit?lang={lang}">Audit</a> · <a href="/">{back}</a> · {logout}'
        "</span></div>"
    ).format(
        title=title,
        who=g.pantau_user.username,
        lang=lang,
        contacts=t("contacts.title", lang),
        reminders=t("reminder.title", lang),
        back=t("login.back", lang),
        logout=logout_form(t("login.logout", lang), session.get("csrf", "")),
    )
    return _page(lang, title, nav + body, width="78rem")


def csrf_field() -> Markup:
    """The hidden field every POST form carries (checked by the security layer)."""
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(
        session.get("csrf", "")
    )


def alert(message: str, *, error: bool) -> Markup:
    """The outcome of the last action above the page's forms; nothing without a message."""
    if not message:
        return Markup("")
    return Markup('<div class="alert alert-{0}" id="admin-message">{1}</div>').format(
        "danger" if error else "success", message
    )


def region_prefix() -> str:
    """The region filter of ``?region=`` (a province or regency code, at most 8 characters)."""
    return request.args.get("region", "").strip()[:8]


def in_region(rows: Iterable[R], prefix: str) -> list[R]:
    """The rows of region ``prefix`` and the regions below it (all rows without a prefix)."""
    return [
        row
        for row in rows
        if not prefix or row.region_code == prefix or row.region_code.startswith(prefix + ".")
    ]


@contextmanager
def uploaded_file(stem: str) -> Iterator[Path | None]:
    """The request's ``file`` upload saved in a temporary folder (removed afterwards);
    None when there is none or it is not one of :data:`UPLOAD_SUFFIXES`."""
    upload = request.files.get("file")
    suffix = Path(upload.filename or "").suffix.lower() if upload else ""
    if upload is None or suffix not in UPLOAD_SUFFIXES:
        yield None
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{stem}{suffix}"
        upload.save(path)
        yield path


def import_form(action: str, form_id: str, hint: str, lang: str) -> Markup:
    """The card that uploads a CSV/XLSX file to ``action`` (the route reads it with
    :func:`uploaded_file`); ``hint`` names the columns."""
    return Markup(
        """<form method="post" action="{action}" enctype="multipart/form-data"
 class="card card-body" id="{form_id}"><h2 class="h6">{title}</h2>{csrf}
<p class="small text-muted">{hint}</p><div class="input-group">
<input class="form-control" type="file" name="file" accept="{accept}" required>
<button class="btn btn-outline-primary" type="submit">{button}</button></div></form>"""
    ).format(
        action=action,
        form_id=form_id,
        title=t("contacts.import", lang),
        csrf=csrf_field(),
        hint=hint,
        accept=",".join(UPLOAD_SUFFIXES),
        button=t("contacts.import_button", lang),
    )


def import_message(lang: str, stored: int, errors: Sequence[str]) -> str:
    """What an import stored and how many rows it refused, with the first ten reasons."""
    message = t("contacts.imported", lang, stored=stored, errors=len(errors))
    if errors:
        message += " " + "; ".join(list(errors)[:10])
    return message


def record_change(engine: Engine, action: str, **detail: Any) -> None:
    """Write an admin's change to the audit log under the signed-in user's name."""
    audit.record(engine, action, username=g.pantau_user.username, detail=detail)
