"""The held-files page is for admins only, through every path Dash offers."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from test_security_http import (
    PASSWORD,
    USERS,
    callback_payloads,
    csrf_header,
    logged_in,
)

from pantau.auth import create_user
from pantau.models import Report
from pantau.reports.intake import dismiss_held, held_files
from pantau.reports.loading import ingest_file
from pantau.settings import Settings

HELD_FILE = b"bagian;isian;nilai\r\nidentitas;kode_wilayah;??\r\npenutup;jumlah_baris;1\r\n"


@pytest.fixture
def app(settings: Settings, engine: Engine, build_app):
    for name, (role, region) in USERS.items():
        create_user(engine, name, PASSWORD, role, region)
    ingest_file(engine, HELD_FILE, "rahasia-ditahan.csv", source="inbox", settings=settings)
    dash_app = build_app(settings)
    dash_app.server.test_client().get("/login")
    return dash_app


def _held_id(engine: Engine) -> int:
    (item,) = held_files(engine)
    return item.report_id


def _page_body(app, pathname: str) -> dict:
    return next(
        body
        for key, body in callback_payloads(app, pathname)
        if "_pages_content" in key and "children" in key
    )


def test_only_admins_see_the_held_files(app, engine) -> None:
    for name in USERS:
        role = USERS[name][0]
        client = logged_in(app, name)
        direct = client.get("/admin/intake")
        if role == "admin":
            assert direct.status_code == 200
        else:
            assert direct.status_code in (302, 403), (name, direct.status_code)
        answer = client.post(
            "/_dash-update-component",
            json=_page_body(app, "/admin/intake"),
            headers=csrf_header(client),
        )
        text = answer.get_data(as_text=True)
        if role == "admin":
            assert answer.status_code == 200 and "rahasia-ditahan.csv" in text
        else:
            assert "rahasia-ditahan.csv" not in text, name


def test_only_admins_dismiss(app, engine) -> None:
    report_id = _held_id(engine)
    key, body = next((key, body) for key, body in callback_payloads(app) if "intake-status" in key)
    body["inputs"][0]["value"] = 1
    body["state"][0]["value"] = str(report_id)
    body["state"][1]["value"] = "en"
    body["changedPropIds"] = ["intake-dismiss.n_clicks"]
    for name in ("nasional", "prov33", "rapat"):
        client = logged_in(app, name)
        answer = client.post("/_dash-update-component", json=body, headers=csrf_header(client))
        assert answer.status_code in (200, 403), answer.get_data(as_text=True)  # well formed
    with engine.connect() as connection:
        assert connection.scalar(select(Report.status).where(Report.id == report_id)) == "held"
    admin = logged_in(app, "admin")
    answer = admin.post("/_dash-update-component", json=body, headers=csrf_header(admin))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert f"#{report_id} dismissed" in answer.get_data(as_text=True)
    assert held_files(engine) == []
    assert not dismiss_held(engine, report_id, username="admin")  # once only
