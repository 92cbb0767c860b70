"""The HTML pages served by Flask outside Dash: login, logout and the data access log.

Every value that does not come from this file is escaped with :mod:`markupsafe`.
Texts are in Bahasa Indonesia, with English available through ``?lang=en``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from markupsafe import Markup

from dashboard import formatting
from pantau.access_log import KINDS, AccessEntry
from pantau.texts import t as catalogue_text

#: Keys of the login and audit pages' texts (``login.*`` in :mod:`pantau.texts`).
TEXT_KEYS = (
    "heading",
    "username",
    "password",
    "submit",
    "invalid",
    "throttled",
    "logout_question",
    "db_unavailable",
    "access",
    "kind",
    "target",
    "selection",
    "expired",
    "bad_form",
    "other_language",
    "note",
    "audit",
    "user",
    "action",
    "since",
    "until",
    "filter",
    "at",
    "address",
    "outcome",
    "detail",
    "none",
    "all",
    "back",
    "logout",
)

_PAGE = Markup(
    """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Pantau TPPO</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap/bootstrap.min.css">
</head>
<body class="bg-light">
<main class="container py-5" style="max-width: {width}">
{body}
</main>
</body>
</html>
"""
)


def texts(lang: str) -> dict[str, str]:
    """The texts of the pages in ``lang`` (Indonesian when unknown), from the catalogue."""
    return {key: catalogue_text(f"login.{key}", lang) for key in TEXT_KEYS}


def _page(lang: str, title: str, body: Markup, width: str = "28rem") -> str:
    return str(_PAGE.format(lang=lang, title=title, body=body, width=width))


def login_page(
    *, lang: str, csrf_token: str, next_url: str, message: str | None = None, username: str = ""
) -> str:
    """The login form; ``message`` is a key of :data:`TEXT_KEYS` shown as an alert."""
    text = texts(lang)
    other = "en" if lang == "id" else "id"
    alert = (
        Markup('<div class="alert alert-danger" role="alert">{}</div>').format(text[message])
        if message
        else Markup("")
    )
    body = Markup(
        """<h1 class="h4 mb-4">{heading}</h1>
{alert}
<form method="post" action="/login?lang={lang}" autocomplete="on">
<input type="hidden" name="csrf_token" value="{csrf}">
<input type="hidden" name="next" value="{next}">
<div class="mb-3"><label class="form-label" for="username">{username_label}</label>
<input class="form-control" id="username" name="username" value="{username}"
 autocomplete="username" required autofocus></div>
<div class="mb-3"><label class="form-label" for="password">{password_label}</label>
<input class="form-control" id="password" name="password" type="password"
 autocomplete="current-password" required></div>
<button class="btn btn-primary w-100" type="submit">{submit}</button>
</form>
<p class="small text-muted mt-3">{note}</p>
<p class="small"><a href="/login?lang={other}&amp;next={next}">{other_language}</a></p>"""
    ).format(
        heading=text["heading"],
        alert=alert,
        lang=lang,
        csrf=csrf_token,
        next=next_url,
        username_label=text["username"],
        username=username,
        password_label=text["password"],
        submit=text["submit"],
        note=text["note"],
        other=other,
        other_language=text["other_language"],
    )
    return _page(lang, text["submit"], body)


def logout_form(label: str, csrf_token: str) -> Markup:
    """A logout button: a POST form carrying the session's CSRF token."""
    return Markup(
        '<form method="post" action="/logout" class="d-inline">'
        '<input type="hidden" name="csrf_token" value="{}">'
        '<button class="btn btn-link btn-sm p-0 align-baseline" type="submit">{}</button></form>'
    ).format(csrf_token, label)


def logout_page(*, lang: str, csrf_token: str) -> str:
    """The confirmation shown to ``GET /logout`` (old links, bookmarks)."""
    text = texts(lang)
    body = Markup('<h1 class="h4 mb-3">{}</h1>{}').format(
        text["logout_question"], logout_form(text["logout"], csrf_token)
    )
    return _page(lang, text["logout"], body)


def access_page(
    *,
    lang: str,
    rows: Iterable[AccessEntry],
    filters: Mapping[str, str],
    username: str,
    csrf_token: str,
) -> str:
    """The admin data access log: who saw which page, callback or export, with filters."""
    text = texts(lang)
    options = Markup("").join(
        Markup('<option value="{0}"{1}>{0}</option>').format(
            kind, Markup(" selected") if filters.get("kind") == kind else Markup("")
        )
        for kind in KINDS
    )
    table_rows = Markup("").join(
        Markup(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td>"
            "<td><code>{}</code></td></tr>"
        ).format(
            formatting.timestamp(row.at, lang),
            row.username,
            row.address or "-",
            row.kind,
            row.target,
            ", ".join(f"{key}={value}" for key, value in row.selection.items()),
        )
        for row in rows
    )
    if not table_rows:
        table_rows = Markup('<tr><td colspan="6">{}</td></tr>').format(text["none"])
    body = Markup(
        """<div class="d-flex justify-content-between align-items-center mb-3">
<h1 class="h4 m-0">{heading}</h1>
<span class="small">{who} · <a href="/admin/audit?lang={lang}">{audit}</a> ·
<a href="/">{back}</a> · {logout_form}</span></div>
<form method="get" class="row g-2 mb-3">
<input type="hidden" name="lang" value="{lang}">
<div class="col"><input class="form-control" name="user" placeholder="{user}" value="{f_user}">
</div>
<div class="col"><select class="form-select" name="kind"><option value="">{kind}: {all}
</option>{options}</select></div>
<div class="col"><input class="form-control" name="target" placeholder="{target}"
 value="{f_target}"></div>
<div class="col"><input class="form-control" type="date" name="since" title="{since}"
 value="{f_since}"></div>
<div class="col"><input class="form-control" type="date" name="until" title="{until}"
 value="{f_until}"></div>
<div class="col-auto"><button class="btn btn-primary" type="submit">{filter}</button></div>
</form>
<table class="table table-sm table-striped small">
<thead><tr><th>{at}</th><th>{user}</th><th>{address}</th><th>{kind}</th><th>{target}</th>
<th>{selection}</th></tr></thead>
<tbody>{rows}</tbody></table>"""
    ).format(
        heading=text["access"],
        who=username,
        lang=lang,
        audit=text["audit"],
        back=text["back"],
        logout_form=logout_form(text["logout"], csrf_token),
        user=text["user"],
        f_user=filters.get("user", ""),
        kind=text["kind"],
        all=text["all"],
        options=options,
        target=text["target"],
        f_target=filters.get("target", ""),
        since=text["since"],
        f_since=filters.get("since", ""),
        until=text["until"],
        f_until=filters.get("until", ""),
        filter=text["filter"],
        at=text["at"],
        address=text["address"],
        selection=text["selection"],
        rows=table_rows,
    )
    return _page(lang, text["access"], body, width="72rem")


def message_page(*, lang: str, title: str, message: str) -> str:
    """A plain page with one escaped message (errors, refusals)."""
    body = Markup('<h1 class="h4">{}</h1><p>{}</p><p><a href="/">Pantau TPPO</a></p>').format(
        title, message
    )
    return _page(lang, title, body)
