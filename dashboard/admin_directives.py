"""``/admin/arahan``: record a directive (number, date, subject, addressees — all regions,
a province's regions or a list —, due date and what counts as done).
``/admin/arahan/<id>``: record an addressee's follow-up of a directive (acknowledged,
acted, a note and an evidence link), or import a CSV/XLSX of follow-ups (the columns of
``pantau directives import``).  Admin only and CSRF-checked by the security layer; every
change is audited.  The state of every addressee is on ``/arahan?arahan=<id>``.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, abort, request
from markupsafe import Markup

from dashboard.components.admin_page import (
    alert,
    csrf_field,
    frame,
    import_form,
    import_message,
    record_change,
    request_lang,
    uploaded_file,
)
from pantau import audit, directives
from pantau.context import open_engine
from pantau.settings import Settings
from pantau.texts import t


def _date(raw: str) -> dt.date | None:
    return dt.date.fromisoformat(raw) if raw else None


def follow_up_page(directive, lang: str, message: str = "", error: bool = False) -> str:
    """The follow-up form and the import form of one directive."""
    body = Markup(
        """{alert}<p>{number} · {title} ·
 <a href="/arahan?arahan={id}" id="admin-directive-view">{view}</a></p>
<form method="post" class="card card-body mb-3" id="follow-up-form">{csrf}
<h2 class="h6">{record}</h2><div class="row g-2">
<div class="col-md-3"><label class="form-label" for="region_code">{region_code}</label>
<input class="form-control" id="region_code" name="region_code" required></div>
<div class="col-md-3"><label class="form-label" for="acknowledged_on">{acknowledged}</label>
<input class="form-control" type="date" id="acknowledged_on" name="acknowledged_on"></div>
<div class="col-md-3"><label class="form-label" for="acted_on">{acted}</label>
<input class="form-control" type="date" id="acted_on" name="acted_on"></div>
<div class="col-md-3"><label class="form-label" for="evidence_url">{evidence}</label>
<input class="form-control" type="url" id="evidence_url" name="evidence_url"></div>
<div class="col-12"><label class="form-label" for="note">{note}</label>
<input class="form-control" id="note" name="note"></div></div>
<div class="mt-2"><button class="btn btn-primary" type="submit">{save}</button></div></form>
{import_form}"""
    ).format(
        alert=alert(message, error=error),
        number=directive.number,
        title=directive.title,
        id=directive.id,
        view=t("directive.view", lang),
        csrf=csrf_field(),
        record=t("directive.record", lang),
        region_code=t("col.region_code", lang),
        acknowledged=t("directive.col.acknowledged_on", lang),
        acted=t("directive.col.acted_on", lang),
        evidence=t("directive.col.evidence", lang),
        note=t("directive.col.note", lang),
        save=t("contacts.save", lang),
        import_form=import_form(
            f"/admin/arahan/{directive.id}/impor?lang={lang}",
            "follow-up-import",
            t("directive.import_hint", lang),
            lang,
        ),
    )
    return frame(lang, t("directive.record", lang), body)


def new_directive_page(lang: str, message: str = "", error: bool = False) -> str:
    """The form of a new directive, and the directives recorded so far."""
    addressees = Markup("").join(
        Markup('<option value="{0}">{1}</option>').format(a, t(f"directive.addressees.{a}", lang))
        for a in directives.ADDRESSEES
    )
    done_when = Markup("").join(
        Markup('<option value="{0}">{1}</option>').format(d, t(f"directive.done_when.{d}", lang))
        for d in directives.DONE_WHEN
    )
    body = Markup(
        """{alert}<p><a href="/arahan" id="admin-directive-list">{list}</a></p>
<form method="post" class="card card-body" id="directive-form">{csrf}<div class="row g-2">
<div class="col-md-4"><label class="form-label" for="number">{number}</label>
<input class="form-control" id="number" name="number" required></div>
<div class="col-md-4"><label class="form-label" for="issued_on">{issued}</label>
<input class="form-control" type="date" id="issued_on" name="issued_on" required></div>
<div class="col-md-4"><label class="form-label" for="due_date">{due}</label>
<input class="form-control" type="date" id="due_date" name="due_date"></div>
<div class="col-12"><label class="form-label" for="title">{title}</label>
<input class="form-control" id="title" name="title" required></div>
<div class="col-md-4"><label class="form-label" for="addressees">{to}</label>
<select class="form-select" id="addressees" name="addressees">{addressees}</select></div>
<div class="col-md-8"><label class="form-label" for="codes">{codes}</label>
<input class="form-control" id="codes" name="codes" placeholder="32 / 32.01, 53.01"></div>
<div class="col-md-4"><label class="form-label" for="done_when">{done}</label>
<select class="form-select" id="done_when" name="done_when">{done_when}</select></div>
<div class="col-md-8"><label class="form-label" for="done_text">{done_text}</label>
<input class="form-control" id="done_text" name="done_text"></div></div>
<div class="mt-2"><button class="btn btn-primary" type="submit">{save}</button></div></form>"""
    ).format(
        alert=alert(message, error=error),
        list=t("directive.list", lang),
        csrf=csrf_field(),
        number=t("directive.col.number", lang),
        issued=t("directive.col.issued", lang),
        due=t("directive.col.due", lang),
        title=t("directive.col.title", lang),
        to=t("directive.col.addressees", lang),
        addressees=addressees,
        codes=t("directive.codes", lang),
        done=t("directive.done", lang),
        done_when=done_when,
        done_text=t("directive.done_text", lang),
        save=t("contacts.save", lang),
    )
    return frame(lang, t("directive.new", lang), body)


def register_admin_directive_routes(server: Flask, settings: Settings) -> None:
    """Add ``/admin/arahan/<id>`` (form, record) and ``/admin/arahan/<id>/impor``."""

    def engine():
        return open_engine(settings)

    def directive_of(directive_id: int):
        try:
            return directives.get_directive(engine(), directive_id)
        except directives.DirectiveError:
            abort(404)

    def record(directive_id: int, **detail) -> None:
        record_change(engine(), audit.DIRECTIVE_CHANGE, directive=directive_id, **detail)

    @server.get("/admin/arahan")
    def admin_directive_new() -> str:
        return new_directive_page(request_lang())

    @server.post("/admin/arahan")
    def admin_directive_add() -> str:
        form, lang = request.form, request_lang()
        try:
            directive_id = directives.add_directive(
                engine(),
                number=form.get("number", ""),
                issued_on=dt.date.fromisoformat(form.get("issued_on", "")),
                title=form.get("title", ""),
                addressees=form.get("addressees", "all"),
                codes=form.get("codes", "").replace(";", ",").split(","),
                due_date=_date(form.get("due_date", "")),
                done_when=form.get("done_when", "acted"),
                done_text=form.get("done_text") or None,
            )
        except (directives.DirectiveError, ValueError) as exc:
            return new_directive_page(lang, str(exc), error=True)
        record(directive_id, added=form.get("number", ""))
        return follow_up_page(directive_of(directive_id), lang, t("directive.added", lang))

    @server.get("/admin/arahan/<int:directive_id>")
    def admin_follow_up(directive_id: int) -> str:
        return follow_up_page(directive_of(directive_id), request_lang())

    @server.post("/admin/arahan/<int:directive_id>")
    def admin_follow_up_record(directive_id: int) -> str:
        directive = directive_of(directive_id)
        form, lang = request.form, request_lang()
        region = form.get("region_code", "").strip()
        try:
            directives.record_follow_up(
                engine(),
                directive_id,
                region,
                acknowledged_on=_date(form.get("acknowledged_on", "")),
                acted_on=_date(form.get("acted_on", "")),
                note=form.get("note") or None,
                evidence_url=form.get("evidence_url") or None,
            )
        except (directives.DirectiveError, ValueError) as exc:
            return follow_up_page(directive, lang, str(exc), error=True)
        record(directive_id, region=region)
        return follow_up_page(directive, lang, t("directive.saved", lang, region=region))

    @server.post("/admin/arahan/<int:directive_id>/impor")
    def admin_follow_up_import(directive_id: int) -> str:
        directive = directive_of(directive_id)
        lang = request_lang()
        with uploaded_file("follow-ups") as path:
            if path is None:
                return follow_up_page(directive, lang, t("upload.bad_type", lang), error=True)
            try:
                rows = directives.read_follow_up_file(path)
                stored, errors = directives.import_follow_ups(engine(), directive_id, rows)
            except directives.DirectiveError as exc:
                return follow_up_page(directive, lang, str(exc), error=True)
        record(directive_id, imported=stored, errors=len(errors))
        message = import_message(lang, stored, errors)
        return follow_up_page(directive, lang, message, error=bool(errors))
