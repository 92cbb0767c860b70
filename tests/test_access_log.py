"""Data access is logged (pages, callbacks, exports), readable by admins, purged by age;
refused requests are audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine
from test_security_http import (
    PASSWORD,
    USERS,
    callback_payloads,
    csrf_header,
    logged_in,
)

from pantau import access_log, audit
from pantau.auth import create_user
from pantau.cli import main
from pantau.db import session_scope
from pantau.models import DataAccess
from pantau.settings import Settings


@pytest.fixture
def app(settings: Settings, engine: Engine, build_app):
    for name, (role, region) in USERS.items():
        create_user(engine, name, PASSWORD, role, region)
    dash_app = build_app(settings)
    dash_app.server.test_client().get("/login")
    return dash_app


def flush(app) -> None:
    app.server.extensions["pantau_access_log"].flush()


def test_pages_callbacks_and_exports_are_logged_with_their_selection(app, engine) -> None:
    client = logged_in(app, "prov33")
    assert client.get("/?province=33&period_from=2024-01").status_code == 200
    headers = csrf_header(client)
    key, body = next((k, b) for k, b in callback_payloads(app, "/") if "_pages_content" in k)
    for item in body["inputs"]:
        if item["property"] == "search":
            item["value"] = "?province=33&sex=female"
    assert client.post("/_dash-update-component", json=body, headers=headers).status_code == 200
    client.get("/export/overseas.csv?province=33")
    flush(app)
    rows = access_log.entries(engine, username="prov33")
    kinds = {row.kind: row for row in rows}
    assert set(kinds) == {"page", "callback", "export"}
    assert kinds["page"].target == "/" and kinds["page"].selection["province"] == "33"
    assert kinds["callback"].target == key
    assert kinds["callback"].selection["_pages_location.search"] == "?province=33&sex=female"
    assert kinds["export"].selection["province"] == "33"
    assert all(row.address == "127.0.0.1" for row in rows)


def test_upload_contents_are_never_logged(app, engine) -> None:
    client = logged_in(app, "admin")
    key, body = next(
        (k, b) for k, b in callback_payloads(app) if k == "compliance-upload-result.children"
    )
    body["inputs"][0]["value"] = "data:text/csv;base64,SECRETCONTENT"
    body["state"][0]["value"] = "laporan.csv"
    client.post("/_dash-update-component", json=body, headers=csrf_header(client))
    flush(app)
    stored = json.dumps([row.selection for row in access_log.entries(engine)])
    assert "SECRETCONTENT" not in stored and "laporan.csv" in stored


def test_admins_filter_the_access_log_on_the_web_and_the_cli(app, engine, settings) -> None:
    logged_in(app, "nasional").get("/gugus-tugas?province=35")
    logged_in(app, "prov33").get("/?province=33")
    admin = logged_in(app, "admin")
    page = admin.get("/admin/access?user=nasional&kind=page").get_data(as_text=True)
    assert "/gugus-tugas" in page and "province=35" in page and "prov33" not in page
    assert "/gugus-tugas" not in admin.get("/admin/access?target=kepatuhan").get_data(as_text=True)
    assert logged_in(app, "nasional").get("/admin/access").status_code == 403
    result = CliRunner().invoke(main, ["audit", "--data-access", "--user", "prov33"])
    assert result.exit_code == 0, result.output
    assert "prov33" in result.output and "nasional" not in result.output


def test_old_entries_are_purged_after_the_retention(engine) -> None:
    # rows written directly: the writer's own background purge must not race the test
    now = dt.datetime.now(dt.UTC)
    with session_scope(engine) as session:
        session.add_all(
            [
                DataAccess(
                    at=now - dt.timedelta(days=31), username="analis", kind="page", target="/"
                ),
                DataAccess(at=now, username="analis", kind="page", target="/kepatuhan"),
            ]
        )
    assert access_log.purge(engine, 30) == 1
    assert [row.target for row in access_log.entries(engine)] == ["/kepatuhan"]


def test_closing_the_writer_stores_the_queue_and_stops_its_thread(engine, caplog) -> None:
    writer = access_log.AccessLogWriter(engine, 365)
    for number in range(3):
        writer.record("analis", "127.0.0.1", "page", f"/halaman-{number}")
    writer.close()
    assert not writer._thread.is_alive()
    assert len(access_log.entries(engine, username="analis")) == 3
    writer.record("analis", None, "page", "/sesudah")  # after close: stored by flush()
    writer.flush()
    assert len(access_log.entries(engine, username="analis")) == 4
    engine.dispose()
    broken = access_log.AccessLogWriter(create_engine("sqlite:////nonexistent/dir/x.db"), 365)
    broken.record("analis", None, "page", "/")
    broken.close()  # a database that is gone: one line saying so, no traceback, no raise
    lost = [r for r in caplog.records if "not stored" in r.getMessage()]
    assert lost and all(r.exc_info is None for r in lost)


def test_refused_requests_are_audited(app, engine) -> None:
    client = logged_in(app, "nasional")
    _key, body = next(callback_payloads(app))
    client.post("/_dash-update-component", json=body)  # no CSRF token
    client.post(
        "/_dash-update-component",
        json=body,
        headers={**csrf_header(client), "Origin": "https://evil.example"},
    )
    reasons = [
        entry.detail["reason"] for entry in audit.entries(engine, action=audit.ACCESS_DENIED)
    ]
    assert "missing or wrong CSRF token" in reasons and "cross-site request" in reasons
