"""With the database stopped, pages and callbacks say so in the user's language (503) and
``/healthz`` tells anonymous callers nothing but "unavailable"; all recover afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from test_security_http import PASSWORD, callback_payloads, csrf_header, logged_in

from pantau import schema
from pantau.auth import create_user
from pantau.db import engine_for
from pantau.reference import load_reference_data
from pantau.settings import Settings


@pytest.fixture
def outage_app(private_postgres, tmp_path, monkeypatch: pytest.MonkeyPatch, build_app):
    admin = create_engine(private_postgres.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE pantau"))
    admin.dispose()
    url = private_postgres.url.rsplit("/", 1)[0] + "/pantau"
    monkeypatch.setenv("PANTAU_DATABASE_URL", url)
    monkeypatch.setenv("PANTAU_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PANTAU_SECRET_KEY", "test-secret-key")
    engine_for.cache_clear()
    engine = engine_for(url)
    schema.upgrade(engine)
    load_reference_data(engine)
    create_user(engine, "analis", PASSWORD, "nasional")
    app = build_app(Settings.from_env())
    app.server.test_client().get("/login")
    yield app
    engine_for.cache_clear()
    engine.dispose()


def test_pages_and_callbacks_answer_503_in_the_users_language(outage_app, private_postgres) -> None:
    client = logged_in(outage_app, "analis")
    headers = csrf_header(client)
    key, body = next((k, b) for k, b in callback_payloads(outage_app) if "_pages_content" in k)
    assert client.get("/kepatuhan").status_code == 200
    assert client.get("/healthz").get_json() == {"status": "ok"}
    private_postgres.stop()
    page = client.get("/kepatuhan?lang=en")
    assert page.status_code == 503 and "The database is unavailable" in page.get_data(as_text=True)
    page = client.get("/")
    assert page.status_code == 503 and "Basis data tidak tersedia" in page.get_data(as_text=True)
    response = client.post(
        "/_dash-update-component",
        json=body,
        headers={**headers, "Referer": "http://localhost/?lang=en"},
    )
    assert response.status_code == 503
    assert "database is unavailable" in response.get_json()["error"]
    health = outage_app.server.test_client().get("/healthz")
    assert health.status_code == 503 and health.get_json() == {"status": "unavailable"}
    assert str(private_postgres.port) not in health.get_data(as_text=True)
    private_postgres.start()
    assert client.get("/kepatuhan").status_code == 200
    assert client.post("/_dash-update-component", json=body, headers=headers).status_code == 200
    assert outage_app.server.test_client().get("/healthz").get_json() == {"status": "ok"}
