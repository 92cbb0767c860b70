"""Admin pages of issue #11 through the real app: contacts (list, add, edit, remove,
import), the reminder history, and recording a directive's follow-up; admins only,
CSRF-checked, audited; reminders and follow-ups also on the dashboard pages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from dashboard_support import as_user, find, texts
from sqlalchemy import Engine
from test_security_http import PASSWORD, logged_in

from pantau import audit, contacts, directives
from pantau.access import Scope
from pantau.auth import create_user
from pantau.db import session_scope
from pantau.models import Reminder, utcnow


@pytest.fixture
def app(engine: Engine, settings, build_app):
    create_user(engine, "admin", PASSWORD, "admin")
    create_user(engine, "nasional", PASSWORD, "nasional")
    dash_app = build_app(settings)
    dash_app.server.test_client().get("/login")
    return dash_app


def _token(client) -> str:
    with client.session_transaction() as session:
        return session["csrf"]


def test_contacts_are_managed_by_admins_only(app, engine: Engine) -> None:
    admin = logged_in(app, "admin")
    token = _token(admin)
    page = admin.post(
        "/admin/kontak",
        data={
            "csrf_token": token,
            "region_code": "32.01",
            "role": "sekda",
            "email": "Sekda@Bogor.example",
            "office": "Setda Kabupaten Bogor",
        },
    )
    assert page.status_code == 200 and "Kontak disimpan." in page.get_data(as_text=True)
    (stored,) = contacts.list_contacts(engine)
    assert (stored.region_code, stored.role, stored.email) == (
        "32.01",
        "sekda",
        "sekda@bogor.example",
    )
    refused = admin.post(
        "/admin/kontak",
        data={"csrf_token": token, "region_code": "99.99", "role": "sekda", "email": "a@b.example"},
    )
    assert "unknown region code" in refused.get_data(as_text=True)
    assert admin.post("/admin/kontak", data={"region_code": "32.01"}).status_code == 403  # no token
    # Edit, then import a file, then remove.
    edited = admin.post(
        f"/admin/kontak/{stored.id}",
        data={
            "csrf_token": token,
            "action": "save",
            "role": "kepala_daerah",
            "email": stored.email,
        },
    )
    assert edited.status_code == 303 and contacts.list_contacts(engine)[0].role == "kepala_daerah"
    upload = io.BytesIO(
        b"kode_wilayah,peran,email,kantor\n53.01,sekretariat,gt@kupang.example,DP3A\n"
        b"53.01,nobody,x@kupang.example,\n"
    )
    imported = admin.post(
        "/admin/kontak/impor",
        data={"csrf_token": token, "file": (upload, "kontak.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "1 kontak disimpan, 1 baris ditolak." in imported and "line 3" in imported
    listed = admin.get("/admin/kontak?region=53").get_data(as_text=True)
    assert "gt@kupang.example" in listed and "bogor.example" not in listed
    admin.post(f"/admin/kontak/{stored.id}", data={"csrf_token": token, "action": "remove"})
    assert [c.email for c in contacts.list_contacts(engine)] == ["gt@kupang.example"]
    changes = audit.entries(engine, action=audit.CONTACT_CHANGE)
    assert {e.detail["change"] for e in changes} == {
        "contact_add",
        "contact_edit",
        "contact_import",
        "contact_remove",
    }
    # Not for other roles.
    national = logged_in(app, "nasional")
    assert national.get("/admin/kontak").status_code == 403
    assert national.get("/admin/pengingat").status_code == 403


def test_reminder_history_on_the_admin_page_and_the_region_profile(app, engine: Engine) -> None:
    from dashboard.pages import wilayah

    with session_scope(engine) as session:
        session.add(
            Reminder(
                step="sekda",
                region_code="53.01",
                first_month=dt.date(2024, 3, 1),
                months="2024-03,2024-04",
                recipients="sekda@kupang.example",
                created_at=utcnow(),
                attempts=1,
                error="connection refused",
            )
        )
    page = logged_in(app, "admin").get("/admin/pengingat").get_data(as_text=True)
    for expected in ("Surat ke Sekda", "53.01", "2024-03, 2024-04", "sekda@kupang.example"):
        assert expected in page
    assert "connection refused" in page and "belum terkirim" in page
    with as_user(app, Scope.national()):
        profile = wilayah.layout(code="53.01")
        card = find(profile, "wilayah-reminders")
        shown = texts(card)
    assert "Surat ke Sekda" in shown and "connection refused" in shown


def test_follow_up_recorded_through_the_interface(app, engine: Engine) -> None:
    from dashboard.pages import arahan

    admin = logged_in(app, "admin")
    fields = {
        "csrf_token": _token(admin),
        "number": "200.6.6/8791/SJ",
        "issued_on": "2022-12-20",
        "title": "Pencegahan TPPO",
        "addressees": "province",
        "codes": "53",
        "due_date": "2023-03-31",
        "done_when": "acted",
    }
    added = admin.post("/admin/arahan", data=fields).get_data(as_text=True)
    assert "Arahan dicatat." in added
    again = admin.post("/admin/arahan", data=fields).get_data(as_text=True)
    assert "exists already" in again
    (summary,) = directives.list_directives(engine)
    directive_id = summary.id
    assert summary.addressees == 23 and summary.due_date == dt.date(2023, 3, 31)
    saved = admin.post(
        f"/admin/arahan/{directive_id}",
        data={
            "csrf_token": _token(admin),
            "region_code": "53.01",
            "acted_on": "2023-02-01",
            "note": "Rapat koordinasi",
            "evidence_url": "https://kupang.example/sk",
        },
    ).get_data(as_text=True)
    assert "Tindak lanjut 53.01 disimpan." in saved
    outside = admin.post(
        f"/admin/arahan/{directive_id}",
        data={"csrf_token": _token(admin), "region_code": "32.01", "acted_on": "2023-02-01"},
    ).get_data(as_text=True)
    assert "not an addressee" in outside
    rows = {r.region_code: r for r in directives.follow_ups(engine, directive_id)}
    assert rows["53.01"].state == "done" and rows["53.01"].acknowledged_on == dt.date(2023, 2, 1)
    assert audit.entries(engine, action=audit.DIRECTIVE_CHANGE)[0].detail["region"] == "53.01"
    assert logged_in(app, "nasional").get(f"/admin/arahan/{directive_id}").status_code == 403
    # The directive's page counts what the core counts.
    counts = directives.summarise(rows.values())
    with as_user(app, Scope.national()):
        page = arahan.layout(arahan=str(directive_id))
        for state, number in counts.items():
            assert texts(find(page, f"arahan-count-{state}")) == [str(number)]
        assert {r["code"] for r in find(page, "arahan-table").data} == set(rows)
