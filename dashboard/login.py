"""The HTML pages served by Flask outside Dash: login and the admin audit log.

Every value that does not come from this file is escaped with :mod:`markupsafe`.
Texts are in Bahasa Indonesia, with English available through ``?lang=en``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from markupsafe import Markup

from pantau.access_log import KINDS, AccessEntry
from pantau.audit import ACTIONS, Entry

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "title": "Masuk",
        "heading": "Masuk ke Pantau TPPO",
        "username": "Nama pengguna",
        "password": "Kata sandi",
        "submit": "Masuk",
        "invalid": "Nama pengguna atau kata sandi salah.",
        "throttled": (
            "Terlalu banyak percobaan masuk yang gagal. Tunggu sebentar (paling lama"
            " 15 menit), lalu coba lagi."
        ),
        "logout_question": "Keluar dari Pantau TPPO?",
        "db_unavailable": (
            "Basis data tidak tersedia saat ini. Data tidak dapat ditampilkan; coba lagi"
            " beberapa saat lagi."
        ),
        "access": "Log akses data",
        "kind": "Jenis",
        "target": "Halaman atau ekspor",
        "selection": "Pilihan",
        "expired": "Sesi Anda telah berakhir. Silakan masuk kembali.",
        "bad_form": "Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi.",
        "other_language": "English",
        "note": "Hanya untuk pengguna yang berwenang. Setiap akses dicatat.",
        "audit": "Log audit",
        "user": "Pengguna",
        "action": "Tindakan",
        "since": "Sejak",
        "until": "Sampai",
        "filter": "Saring",
        "at": "Waktu (UTC)",
        "address": "Alamat",
        "outcome": "Hasil",
        "detail": "Rincian",
        "none": "Tidak ada catatan yang cocok.",
        "all": "semua",
        "back": "Kembali ke dasbor",
        "logout": "Keluar",
    },
    "en": {
        "title": "Log in",
        "heading": "Log in to Pantau TPPO",
        "username": "User name",
        "password": "Password",
        "submit": "Log in",
        "invalid": "Wrong user name or password.",
        "throttled": (
            "Too many failed login attempts. Wait a little (at most 15 minutes), then try again."
        ),
        "logout_question": "Log out of Pantau TPPO?",
        "db_unavailable": (
            "The database is unavailable at the moment. No data can be shown; try again"
            " in a little while."
        ),
        "access": "Data access log",
        "kind": "Kind",
        "target": "Page or export",
        "selection": "Selection",
        "expired": "Your session has ended. Please log in again.",
        "bad_form": "The form has expired. Reload the page and try again.",
        "other_language": "Bahasa Indonesia",
        "note": "For authorised users only. Every access is logged.",
        "audit": "Audit log",
        "user": "User",
        "action": "Action",
        "since": "Since",
        "until": "Until",
        "filter": "Filter",
        "at": "Time (UTC)",
        "address": "Address",
        "outcome": "Outcome",
        "detail": "Detail",
        "none": "No matching entries.",
        "all": "all",
        "back": "Back to the dashboard",
        "logout": "Log out",
    },
}

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
    """The texts of the pages in ``lang`` (Indonesian when unknown)."""
    return TEXT.get(lang, TEXT["id"])


def _page(lang: str, title: str, body: Markup, width: str = "28rem") -> str:
    return str(_PAGE.format(lang=lang, title=title, body=body, width=width))


def login_page(
    *, lang: str, csrf_token: str, next_url: str, message: str | None = None, username: str = ""
) -> str:
    """The login form; ``message`` is a key of :data:`TEXT` shown as an alert."""
    t = texts(lang)
    other = "en" if lang == "id" else "id"
    alert = (
        Markup('<div class="alert alert-danger" role="alert">{}</div>').format(t[message])
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
        heading=t["heading"],
        alert=alert,
        lang=lang,
        csrf=csrf_token,
        next=next_url,
        username_label=t["username"],
        username=username,
        password_label=t["password"],
        submit=t["submit"],
        note=t["note"],
        other=other,
        other_language=t["other_language"],
    )
    return _page(lang, t["title"], body)


def logout_form(label: str, csrf_token: str) -> Markup:
    """A logout button: a POST form carrying the session's CSRF token."""
    return Markup(
        '<form method="post" action="/logout" class="d-inline">'
        '<input type="hidden" name="csrf_token" value="{}">'
        '<button class="btn btn-link btn-sm p-0 align-baseline" type="submit">{}</button></form>'
    ).format(csrf_token, label)


def logout_page(*, lang: str, csrf_token: str) -> str:
    """The confirmation shown to ``GET /logout`` (old links, bookmarks)."""
    t = texts(lang)
    body = Markup('<h1 class="h4 mb-3">{}</h1>{}').format(
        t["logout_question"], logout_form(t["logout"], csrf_token)
    )
    return _page(lang, t["logout"], body)


def audit_page(
    *,
    lang: str,
    rows: Iterable[Entry],
    filters: Mapping[str, str],
    username: str,
    csrf_token: str = "",
) -> str:
    """The admin audit log: a filter form and an escaped table of entries."""
    t = texts(lang)
    options = Markup("").join(
        Markup('<option value="{0}"{1}>{0}</option>').format(
            action, Markup(" selected") if filters.get("action") == action else Markup("")
        )
        for action in ACTIONS
    )
    table_rows = Markup("").join(
        Markup(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>"
        ).format(
            row.at.strftime("%Y-%m-%d %H:%M:%S"),
            row.username or "-",
            row.address or "-",
            row.action,
            row.outcome,
            ", ".join(f"{key}={value}" for key, value in row.detail.items()),
        )
        for row in rows
    )
    if not table_rows:
        table_rows = Markup('<tr><td colspan="6">{}</td></tr>').format(t["none"])
    body = Markup(
        """<div class="d-flex justify-content-between align-items-center mb-3">
<h1 class="h4 m-0">{heading}</h1>
<span class="small">{who} · <a href="/admin/access?lang={lang}">{access}</a> ·
<a href="/">{back}</a> · {logout_form}</span></div>
<form method="get" class="row g-2 mb-3">
<input type="hidden" name="lang" value="{lang}">
<div class="col"><input class="form-control" name="user" placeholder="{user}" value="{f_user}">
</div>
<div class="col"><select class="form-select" name="action"><option value="">{action}: {all}
</option>{options}</select></div>
<div class="col"><input class="form-control" type="date" name="since" title="{since}"
 value="{f_since}"></div>
<div class="col"><input class="form-control" type="date" name="until" title="{until}"
 value="{f_until}"></div>
<div class="col-auto"><button class="btn btn-primary" type="submit">{filter}</button></div>
</form>
<table class="table table-sm table-striped small">
<thead><tr><th>{at}</th><th>{user}</th><th>{address}</th><th>{action}</th><th>{outcome}</th>
<th>{detail}</th></tr></thead>
<tbody>{rows}</tbody></table>"""
    ).format(
        heading=t["audit"],
        who=username,
        back=t["back"],
        logout_form=logout_form(t["logout"], csrf_token),
        access=t["access"],
        lang=lang,
        user=t["user"],
        f_user=filters.get("user", ""),
        action=t["action"],
        all=t["all"],
        options=options,
        since=t["since"],
        f_since=filters.get("since", ""),
        until=t["until"],
        f_until=filters.get("until", ""),
        filter=t["filter"],
        at=t["at"],
        address=t["address"],
        outcome=t["outcome"],
        detail=t["detail"],
        rows=table_rows,
    )
    return _page(lang, t["audit"], body, width="72rem")


def access_page(
    *,
    lang: str,
    rows: Iterable[AccessEntry],
    filters: Mapping[str, str],
    username: str,
    csrf_token: str,
) -> str:
    """The admin data access log: who saw which page, callback or export, with filters."""
    t = texts(lang)
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
            row.at.strftime("%Y-%m-%d %H:%M:%S"),
            row.username,
            row.address or "-",
            row.kind,
            row.target,
            ", ".join(f"{key}={value}" for key, value in row.selection.items()),
        )
        for row in rows
    )
    if not table_rows:
        table_rows = Markup('<tr><td colspan="6">{}</td></tr>').format(t["none"])
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
        heading=t["access"],
        who=username,
        lang=lang,
        audit=t["audit"],
        back=t["back"],
        logout_form=logout_form(t["logout"], csrf_token),
        user=t["user"],
        f_user=filters.get("user", ""),
        kind=t["kind"],
        all=t["all"],
        options=options,
        target=t["target"],
        f_target=filters.get("target", ""),
        since=t["since"],
        f_since=filters.get("since", ""),
        until=t["until"],
        f_until=filters.get("until", ""),
        filter=t["filter"],
        at=t["at"],
        address=t["address"],
        selection=t["selection"],
        rows=table_rows,
    )
    return _page(lang, t["access"], body, width="72rem")


def message_page(*, lang: str, title: str, message: str) -> str:
    """A plain page with one escaped message (errors, refusals)."""
    body = Markup('<h1 class="h4">{}</h1><p>{}</p><p><a href="/">Pantau TPPO</a></p>').format(
        title, message
    )
    return _page(lang, title, body)
