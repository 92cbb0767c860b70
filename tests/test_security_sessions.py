"""Login throttling, session end on disable/password change, idle and absolute timeouts."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Engine, select
from test_security_http import PASSWORD, csrf_header, login, login_token

from dashboard.scope import NO_ACCESS, current_scope
from dashboard.security import safe_next
from pantau import audit
from pantau.access import Scope
from pantau.auth import (
    MAX_FAILURES_PER_ADDRESS,
    MAX_FAILURES_PER_USER,
    create_user,
    disable_user,
    set_password,
    verify_password,
)
from pantau.db import session_scope
from pantau.models import User
from pantau.settings import Settings


@pytest.fixture
def app(settings: Settings, engine: Engine, build_app):
    create_user(engine, "analis", PASSWORD, "nasional")
    create_user(engine, "jateng", PASSWORD, "provinsi", "33")
    return build_app(settings)


def test_passwords_are_scrypt_hashed(engine: Engine, app) -> None:
    with session_scope(engine) as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "analis"))
    assert stored.startswith("scrypt:") and PASSWORD not in stored
    assert verify_password(stored, PASSWORD) and not verify_password(stored, "nope")


def test_login_sets_a_protected_cookie_and_scope(app) -> None:
    captured = {}

    @app.server.after_request
    def capture(response):
        from flask import g

        captured["scope"] = g.get("pantau_scope")
        captured["user"] = g.get("pantau_user")
        return response

    client = app.server.test_client()
    response = login(client, "jateng", next_url="/?province=33")
    assert response.status_code == 302 and response.headers["Location"] == "/?province=33"
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "pantau_session" in c)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    client.get("/")
    assert captured["scope"] == Scope.for_user("provinsi", "33")
    assert captured["user"].username == "jateng"


def test_cookie_is_secure_over_https(app, monkeypatch: pytest.MonkeyPatch, build_app) -> None:
    client = app.server.test_client()
    token = login_token(client)
    response = client.post(
        "/login",
        data={"csrf_token": token, "username": "analis", "password": PASSWORD},
        base_url="https://localhost",
    )
    cookies = response.headers.getlist("Set-Cookie")
    assert all("Secure" in cookie for cookie in cookies if "pantau_session" in cookie)
    monkeypatch.setenv("PANTAU_COOKIE_SECURE", "1")  # read with the settings, at start
    forced = build_app(Settings.from_env())
    response = login(forced.server.test_client(), "analis")
    assert "Secure" in next(c for c in response.headers.getlist("Set-Cookie") if "pantau" in c)


def test_login_form_needs_its_csrf_token(app) -> None:
    client = app.server.test_client()
    client.get("/login")
    response = client.post("/login", data={"username": "analis", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_wrong_password_and_unknown_user_are_refused_alike(app, engine: Engine) -> None:
    client = app.server.test_client()
    wrong = login(client, "analis", "wrong password")
    unknown = login(client, "nobody", "wrong password")
    assert wrong.status_code == unknown.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in wrong.get_data(as_text=True)
    failed = audit.entries(engine, action=audit.LOGIN_FAILED)
    assert {entry.username for entry in failed} == {"analis", "nobody"}


def test_brute_force_is_throttled_per_user(app, engine: Engine) -> None:
    client = app.server.test_client()
    for _ in range(MAX_FAILURES_PER_USER):
        assert login(client, "analis", "guess").status_code == 401
    response = login(client, "analis")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)
    assert login(client, "jateng").status_code == 302
    outcomes = [entry.outcome for entry in audit.entries(engine, action=audit.LOGIN_FAILED)]
    assert outcomes[0] == "throttled"


def test_brute_force_is_throttled_per_address(app) -> None:
    client = app.server.test_client()
    for number in range(MAX_FAILURES_PER_ADDRESS):
        assert login(client, f"guess{number}", "guess").status_code == 401
    assert login(client, "analis").status_code == 429
    other = app.server.test_client()
    response = login_token(other) and other.post(
        "/login",
        data={"csrf_token": login_token(other), "username": "analis", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    )
    assert response.status_code == 302


def test_disabled_user_session_stops(app, engine: Engine) -> None:
    client = app.server.test_client()
    login(client, "analis")
    assert client.get("/").status_code == 200
    disable_user(engine, "analis")
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/_dash-layout").status_code == 401
    assert login(app.server.test_client(), "analis").status_code == 401


def test_password_change_ends_other_sessions(app, engine: Engine) -> None:
    first, second = app.server.test_client(), app.server.test_client()
    login(first, "analis")
    login(second, "analis")
    assert first.get("/_dash-layout").status_code == 200
    set_password(engine, "analis", "a brand new passphrase")
    assert first.get("/_dash-layout").status_code == 401
    assert second.get("/_dash-layout").status_code == 401
    assert login(first, "analis", "a brand new passphrase").status_code == 302
    assert first.get("/_dash-layout").status_code == 200


@pytest.mark.parametrize(
    ("field", "age_seconds"),
    [("seen", 31 * 60), ("since", 13 * 3600)],
    ids=["idle", "absolute"],
)
def test_sessions_time_out(app, field: str, age_seconds: int) -> None:
    client = app.server.test_client()
    login(client, "analis")
    assert client.get("/_dash-layout").status_code == 200
    with client.session_transaction() as session:
        session[field] = int(time.time()) - age_seconds
        if field == "since":
            session["seen"] = int(time.time())
    response = client.get("/")
    assert response.status_code == 302 and "expired=1" in response.headers["Location"]
    assert client.get("/_dash-layout").status_code == 401


def test_recent_activity_keeps_the_session(app) -> None:
    client = app.server.test_client()
    login(client, "analis")
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - 29 * 60
    assert client.get("/_dash-layout").status_code == 200
    with client.session_transaction() as session:
        assert int(time.time()) - session["seen"] < 5


def test_logout_ends_the_session_and_is_audited(app, engine: Engine) -> None:
    client = app.server.test_client()
    login(client, "analis")
    headers = csrf_header(client)
    assert headers["X-CSRFToken"]
    assert client.get("/logout").status_code == 200  # a confirmation form, still logged in
    assert client.get("/_dash-layout").status_code == 200
    assert client.post("/logout").status_code == 403  # no token
    response = client.post("/logout", data={"csrf_token": headers["X-CSRFToken"]})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/_dash-layout").status_code == 401
    assert [e.action for e in audit.entries(engine, username="analis")][:2] == [
        audit.LOGOUT,
        audit.LOGIN,
    ]


def test_logout_also_ends_a_copied_session_cookie(app) -> None:
    client = app.server.test_client()
    login(client, "analis")
    copied = app.server.test_client()
    copied.set_cookie("pantau_session", client.get_cookie("pantau_session").value)
    assert copied.get("/_dash-layout").status_code == 200
    client.post("/logout", headers=csrf_header(client))
    assert copied.get("/_dash-layout").status_code == 401


def test_login_page_speaks_both_languages(app) -> None:
    client = app.server.test_client()
    assert "Masuk ke Pantau TPPO" in client.get("/login").get_data(as_text=True)
    assert "Log in to Pantau TPPO" in client.get("/login?lang=en").get_data(as_text=True)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/wilayah/33?x=1", "/wilayah/33?x=1"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        (None, "/"),
    ],
)
def test_next_stays_on_this_site(target, expected) -> None:
    assert safe_next(target) == expected


def test_scope_fails_closed_in_requests_without_a_scope(app) -> None:
    assert current_scope() == Scope.national()
    with app.server.test_request_context("/"):
        assert current_scope() == NO_ACCESS
        assert not NO_ACCESS.allows("33") and not NO_ACCESS.is_national


def test_a_foreign_origin_is_refused_even_with_the_token(app) -> None:
    client = app.server.test_client()
    login(client, "analis")
    headers = csrf_header(client)
    for foreign in (
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ):
        response = client.post("/logout", headers={**headers, **foreign})
        assert response.status_code == 403, foreign
        assert client.get("/_dash-layout").status_code == 200
    token = login_token(app.server.test_client())
    response = app.server.test_client().post(
        "/login",
        data={"csrf_token": token, "username": "analis", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    same = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/logout", headers={**headers, **same}).status_code == 302


def test_a_cross_site_get_cannot_log_out(app) -> None:
    client = app.server.test_client()
    login(client, "analis")
    client.get("/logout", headers={"Sec-Fetch-Site": "cross-site"})
    assert client.get("/_dash-layout").status_code == 200
