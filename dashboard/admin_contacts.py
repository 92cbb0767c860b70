"""Admin pages for the reminder ladder: contacts per region and the reminders sent.

``/admin/kontak`` lists the contacts (filtered by region code prefix and role), adds one,
imports a CSV/XLSX file (the columns of ``pantau contacts import``) and links each
contact to ``/admin/kontak/<id>`` to edit or remove it.  ``/admin/pengingat`` is the
reminder history: step, region, months, recipients, sent time and delivery error.
Plain HTML forms: the security layer lets only admins reach ``/admin/...`` and checks the
``csrf_token`` field of every POST; every change is written to the audit log.
"""

from __future__ import annotations

from flask import Flask, Response, abort, redirect, request
from markupsafe import Markup

from dashboard import formatting
from dashboard.components.admin_page import (
    alert,
    csrf_field,
    frame,
    import_form,
    import_message,
    in_region,
    record_change,
    region_prefix,
    request_lang,
    uploaded_file,
)
from pantau import audit, contacts, reminders
from pantau.context import open_engine
from pantau.settings import Settings
from pantau.texts import t

MAX_ROWS = 500


def _role_options(selected: str | None, lang: str, *, blank: bool) -> Markup:
    options = (
        [Markup('<option value="">{}</option>').format(t("filter.all", lang))] if blank else []
    )
    for role in contacts.ROLES:
        options.append(
            Markup('<option value="{0}"{1}>{2}</option>').format(
                role,
                Markup(" selected") if role == selected else Markup(""),
                t(f"contacts.role.{role}", lang),
            )
        )
    return Markup("").join(options)


def contacts_page(engine, lang: str, message: str = "", error: bool = False) -> str:
    """The contact list with its filter, the add form and the import form."""
    prefix = region_prefix()
    role = request.args.get("role", "")
    role = role if role in contacts.ROLES else None
    rows = in_region(contacts.list_contacts(engine, role=role), prefix)
    shown = rows[:MAX_ROWS]
    table = Markup("").join(
        Markup(
            "<tr><td>{code}</td><td>{name}</td><td>{role}</td><td>{office}</td><td>{email}</td>"
            '<td>{synthetic}</td><td><a href="/admin/kontak/{id}?lang={lang}">{edit}</a></td></tr>'
        ).format(
            code=row.region_code,
            name=row.region_name,
            role=t(f"contacts.role.{row.role}", lang),
            office=row.office or "",
            email=row.email,
            synthetic=t("contacts.synthetic", lang) if row.synthetic else "",
            id=row.id,
            lang=lang,
            edit=t("contacts.edit", lang),
        )
        for row in shown
    )
    body = Markup(
        """{alert}
<form method="get" class="row g-2 mb-3" id="contacts-filter">
<input type="hidden" name="lang" value="{lang}">
<div class="col"><input class="form-control" name="region" placeholder="{region}"
 value="{prefix}"></div>
<div class="col"><select class="form-select" name="role">{roles_filter}</select></div>
<div class="col-auto"><button class="btn btn-primary" type="submit">{filter}</button></div>
</form>
<div class="row g-3 mb-3">
<div class="col-lg-7"><form method="post" action="/admin/kontak?lang={lang}" class="card
 card-body" id="contacts-add">
<h2 class="h6">{add}</h2>{csrf}
<div class="row g-2">
<div class="col-3"><input class="form-control" name="region_code" placeholder="{region_code}"
 required></div>
<div class="col-3"><select class="form-select" name="role">{roles}</select></div>
<div class="col-6"><input class="form-control" name="email" type="email" placeholder="{email}"
 required></div>
<div class="col-9"><input class="form-control" name="office" placeholder="{office}"></div>
<div class="col-3"><button class="btn btn-primary w-100" type="submit">{save}</button></div>
</div></form></div>
<div class="col-lg-5">{import_form}</div></div>
<p class="small text-muted" id="contacts-count">{count}</p>
<table class="table table-sm table-striped small" id="contacts-table">
<thead><tr><th>{region_code}</th><th>{region_name}</th><th>{role}</th><th>{office}</th><th>{email}</th><th></th><th></th></tr></thead
>
<tbody>{rows}</tbody></table>"""
    ).format(
        alert=alert(message, error=error),
        lang=lang,
        region=t("contacts.filter_region", lang),
        prefix=prefix,
        roles_filter=_role_options(role, lang, blank=True),
        filter=t("login.filter", lang),
        add=t("contacts.add", lang),
        csrf=csrf_field(),
        region_code=t("col.region_code", lang),
        region_name=t("col.region", lang),
        roles=_role_options(None, lang, blank=False),
        role=t("contacts.role", lang),
        email=t("contacts.email", lang),
        office=t("contacts.office", lang),
        save=t("contacts.save", lang),
        import_form=import_form(
            f"/admin/kontak/impor?lang={lang}",
            "contacts-import",
            t("contacts.import_hint", lang),
            lang,
        ),
        count=t("contacts.count", lang, shown=len(shown), total=len(rows)),
        rows=table,
    )
    return frame(lang, t("contacts.title", lang), body)


def edit_page(engine, contact, lang: str, message: str = "") -> str:
    """One contact's form: role, email, office; and its removal."""
    body = Markup(
        """{alert}<p>{code} · {name}</p>
<form method="post" class="card card-body mb-3" id="contact-edit">{csrf}
<input type="hidden" name="action" value="save">
<div class="row g-2">
<div class="col-3"><select class="form-select" name="role">{roles}</select></div>
<div class="col-5"><input class="form-control" name="email" type="email" value="{email}"
 required></div>
<div class="col-4"><input class="form-control" name="office" value="{office}"
 placeholder="{office_label}"></div>
</div><div class="mt-2"><button class="btn btn-primary" type="submit">{save}</button>
<a class="btn btn-link" href="/admin/kontak?lang={lang}">{back}</a></div></form>
<form method="post" id="contact-remove">{csrf}<input type="hidden" name="action" value="remove">
<button class="btn btn-outline-danger" type="submit">{remove}</button></form>"""
    ).format(
        alert=alert(message, error=True),
        code=contact.region_code,
        name=contact.region_name,
        csrf=csrf_field(),
        roles=_role_options(contact.role, lang, blank=False),
        email=contact.email,
        office=contact.office or "",
        office_label=t("contacts.office", lang),
        save=t("contacts.save", lang),
        lang=lang,
        back=t("login.back", lang),
        remove=t("contacts.remove", lang),
    )
    return frame(lang, t("contacts.edit", lang), body)


def reminders_page(engine, lang: str) -> str:
    """The reminder history, newest first."""
    prefix = region_prefix()
    rows = in_region(reminders.history(engine), prefix)[:MAX_ROWS]
    body_rows = Markup("").join(reminder_row(row, lang) for row in rows)
    if not rows:
        body_rows = Markup('<tr><td colspan="7">{}</td></tr>').format(t("reminder.none", lang))
    body = Markup(
        """<form method="get" class="row g-2 mb-3"><input type="hidden" name="lang" value="{lang}">
<div class="col"><input class="form-control" name="region" placeholder="{region}"
 value="{prefix}"></div>
<div class="col-auto"><button class="btn btn-primary" type="submit">{filter}</button></div></form>
<p class="small text-muted">{hint}</p>
<table class="table table-sm table-striped small"
 id="reminders-table">{head}<tbody>{rows}</tbody></table>"""
    ).format(
        lang=lang,
        region=t("contacts.filter_region", lang),
        prefix=prefix,
        filter=t("login.filter", lang),
        hint=t("reminder.hint", lang),
        head=reminder_head(lang),
        rows=body_rows,
    )
    return frame(lang, t("reminder.title", lang), body)


REMINDER_COLUMNS = ("created", "step", "region", "months", "recipients", "sent", "error")


def reminder_head(lang: str) -> Markup:
    """The header row of a reminder table."""
    cells = Markup("").join(
        Markup("<th>{}</th>").format(t(f"reminder.col.{c}", lang)) for c in REMINDER_COLUMNS
    )
    return Markup("<thead><tr>{}</tr></thead>").format(cells)


def reminder_row(row: reminders.ReminderRow, lang: str) -> Markup:
    """One recorded reminder: when, which step, where, for which months, to whom, outcome."""
    sent = formatting.timestamp(row.sent_at, lang) if row.sent_at else ""
    return Markup(
        "<tr><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"
    ).format(
        formatting.timestamp(row.created_at, lang),
        t(f"reminder.step.{row.step}", lang),
        row.region_code,
        row.region_name,
        ", ".join(row.months),
        ", ".join(row.recipients),
        sent or t("reminder.not_sent", lang),
        row.error or "",
    )


def register_admin_contact_routes(server: Flask, settings: Settings) -> None:
    """Add ``/admin/kontak`` (list, add, import, edit) and ``/admin/pengingat``."""

    def engine():
        return open_engine(settings)

    def record(action: str, **detail) -> None:
        record_change(engine(), audit.CONTACT_CHANGE, change=action, **detail)

    @server.get("/admin/kontak")
    def admin_contacts() -> str:
        return contacts_page(engine(), request_lang())

    @server.post("/admin/kontak")
    def admin_contact_add() -> Response | str:
        form = request.form
        try:
            contacts.add_contact(
                engine(),
                form.get("region_code", ""),
                form.get("role", ""),
                form.get("email", ""),
                form.get("office") or None,
            )
        except contacts.ContactError as exc:
            return contacts_page(engine(), request_lang(), str(exc), error=True)
        record("contact_add", region=form.get("region_code", ""))
        return contacts_page(engine(), request_lang(), t("contacts.saved", request_lang()))

    @server.post("/admin/kontak/impor")
    def admin_contact_import() -> str:
        lang = request_lang()
        with uploaded_file("contacts") as path:
            if path is None:
                return contacts_page(engine(), lang, t("upload.bad_type", lang), error=True)
            try:
                result = contacts.import_contacts(engine(), contacts.read_contact_file(path))
            except contacts.ContactError as exc:
                return contacts_page(engine(), lang, str(exc), error=True)
        record("contact_import", stored=result.stored, errors=len(result.errors))
        message = import_message(lang, result.stored, result.errors)
        return contacts_page(engine(), lang, message, error=bool(result.errors))

    def _contact(contact_id: int):
        found = [c for c in contacts.list_contacts(engine()) if c.id == contact_id]
        if not found:
            abort(404)
        return found[0]

    @server.get("/admin/kontak/<int:contact_id>")
    def admin_contact_edit(contact_id: int) -> str:
        return edit_page(engine(), _contact(contact_id), request_lang())

    @server.post("/admin/kontak/<int:contact_id>")
    def admin_contact_save(contact_id: int) -> Response | str:
        contact = _contact(contact_id)
        if request.form.get("action") == "remove":
            contacts.remove_contact(engine(), contact_id)
            record("contact_remove", region=contact.region_code)
            return redirect(f"/admin/kontak?lang={request_lang()}", code=303)
        try:
            contacts.update_contact(
                engine(),
                contact_id,
                role=request.form.get("role") or None,
                email=request.form.get("email") or None,
                office=request.form.get("office", ""),
            )
        except contacts.ContactError as exc:
            return edit_page(engine(), contact, request_lang(), str(exc))
        record("contact_edit", region=contact.region_code)
        return redirect(f"/admin/kontak?lang={request_lang()}", code=303)

    @server.get("/admin/pengingat")
    def admin_reminders() -> str:
        return reminders_page(engine(), request_lang())
