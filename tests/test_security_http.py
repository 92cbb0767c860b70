"""Raw HTTP requests over every route and callback, as anonymous and as each role.

Routes come from ``app.server.url_map`` and callbacks from ``app.callback_map``, so new
pages, routes and callbacks are covered without changing this file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from dash._utils import split_callback_id, stringify_id
from flask.testing import FlaskClient
from sqlalchemy import Engine

from dashboard.security import shell_ids
from pantau import audit
from pantau.auth import create_user
from pantau.settings import Settings

PASSWORD = "correct horse battery"
USERS = {
    "admin": ("admin", None),
    "nasional": ("nasional", None),
    "prov33": ("provinsi", "33"),
    "kab3301": ("kabupaten", "33.01"),
    "rapat": ("rapat", None),
}
PUBLIC = {"/login", "/logout", "/healthz", "/_favicon.ico"}
SAMPLE = {"path": "x", "filename": "x.css", "package_name": "dash", "name": "overseas"}


def login_token(client: FlaskClient) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def login(client: FlaskClient, username: str, password: str = PASSWORD, next_url: str = "/"):
    token = login_token(client)
    return client.post(
        "/login",
        data={"csrf_token": token, "username": username, "password": password, "next": next_url},
    )


def csrf_header(client: FlaskClient) -> dict[str, str]:
    with client.session_transaction() as session:
        return {"X-CSRFToken": session.get("csrf", "")}


@pytest.fixture
def app(settings: Settings, engine: Engine, build_app):
    for name, (role, region) in USERS.items():
        create_user(engine, name, PASSWORD, role, region)
    dash_app = build_app(settings)
    dash_app.server.test_client().get("/login")  # Dash registers page callbacks on first use
    return dash_app


def logged_in(app, name: str) -> FlaskClient:
    client = app.server.test_client()
    response = login(client, name)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def concrete_urls(app) -> Iterator[tuple[str, str]]:
    """(method, URL) for every rule of the server, placeholders filled in."""
    for rule in app.server.url_map.iter_rules():
        url = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: SAMPLE.get(m.group(1), "x"), rule.rule)
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
        yield method, url


def is_public(url: str) -> bool:
    return url in PUBLIC or url.startswith(("/assets/", "/_dash-component-suites/"))


def concrete_id(text: str) -> str | dict:
    """A component id for a registered id: a pattern's wildcards become the value 1."""
    if not text.startswith("{"):
        return text
    return {k: 1 if isinstance(v, list) else v for k, v in json.loads(text).items()}


def slot(spec: dict, value=None) -> dict | list:
    """The request item for one registered input, state or output (a list for ALL)."""
    item = {"id": concrete_id(spec["id"]), "property": spec["property"]}
    if value is not ...:
        item["value"] = value
    multi = spec["id"].startswith("{") and any(
        v in (["ALL"], ["ALLSMALLER"]) for v in json.loads(spec["id"]).values()
    )
    return [item] if multi else item


def output_specs(app, key: str) -> list[dict]:
    """The outputs as the renderer sends them (``@hash`` of a duplicate output kept)."""
    registered = app.callback_map[key]["output"]
    deps = registered if isinstance(registered, list) else [registered]
    parts = split_callback_id(key)
    parts = parts if isinstance(parts, list) else [parts]
    return [
        {"id": dep.component_id_str(), "property": part["property"]}
        for dep, part in zip(deps, parts, strict=True)
    ]


def callback_payloads(app, pathname: str = "/") -> Iterator[tuple[str, dict]]:
    """A request body for every registered server callback (inputs empty, or the URL)."""
    for key, spec in app.callback_map.items():
        if spec.get("callback") is None:
            continue
        inputs = [
            slot(item, pathname if item["property"] == "pathname" else None)
            for item in spec["inputs"]
        ]
        state = [slot(item) for item in spec.get("state", [])]
        outputs = [slot(item, ...) for item in output_specs(app, key)]
        single = not isinstance(spec["output"], list)
        flat = [part for item in inputs for part in (item if isinstance(item, list) else [item])]
        yield (
            key,
            {
                "output": key,
                "outputs": outputs[0] if single else outputs,
                "inputs": inputs,
                "state": state,
                "changedPropIds": [f"{stringify_id(i['id'])}.{i['property']}" for i in flat],
            },
        )


def test_anonymous_gets_nothing_from_any_route(app) -> None:
    client = app.server.test_client()
    urls = list(concrete_urls(app))
    assert any(url == "/_dash-update-component" for _, url in urls)
    for method, url in urls:
        response = client.open(url, method=method)
        if is_public(url):
            assert response.status_code not in (401, 403), url
            continue
        if url.startswith(("/_", "/export")) or method != "GET":
            assert response.status_code == 401, (method, url, response.status_code)
            assert response.get_json() == {"error": "login required"}
        else:
            assert response.status_code == 302, (url, response.status_code)
            assert response.headers["Location"].startswith("/login?next=")
    for path in ("/wilayah/33", "/rapat", "/admin/audit", "/?province=33"):
        response = client.get(path)
        assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    for path in ("/export/overseas.csv", "/_dash-layout", "/_dash-dependencies"):
        assert client.get(path).status_code == 401


def test_anonymous_gets_nothing_from_any_callback(app) -> None:
    client = app.server.test_client()
    payloads = list(callback_payloads(app))
    assert payloads
    for _key, body in payloads:
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 401
        assert response.get_json() == {"error": "login required"}


@pytest.mark.parametrize("name", ["admin", "nasional", "prov33", "kab3301"])
def test_each_data_role_reaches_pages_and_callbacks(app, name: str) -> None:
    client = logged_in(app, name)
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/_dash-dependencies").status_code == 200
    headers = csrf_header(client)
    pathname = "/" if name in ("admin", "nasional") else "/"
    for key, body in callback_payloads(app, pathname):
        response = client.post("/_dash-update-component", json=body, headers=headers)
        assert response.status_code in (200, 204, 500), (key, response.status_code)
        text = response.get_data(as_text=True)
        assert "Traceback" not in text and "sqlalchemy" not in text.lower()
    admin_page = client.get("/admin/audit")
    assert admin_page.status_code == (200 if name == "admin" else 403)


def test_callbacks_need_the_csrf_token(app) -> None:
    client = logged_in(app, "nasional")
    _key, body = next(callback_payloads(app))
    assert client.post("/_dash-update-component", json=body).status_code == 403
    wrong = {"X-CSRFToken": "forged"}
    assert client.post("/_dash-update-component", json=body, headers=wrong).status_code == 403


def test_rapat_sees_only_the_meeting_display(app) -> None:
    client = logged_in(app, "rapat")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/rapat"
    assert client.get("/rapat").status_code == 200
    assert client.get("/export/overseas.csv").status_code == 403
    headers = csrf_header(client)
    shell = shell_ids(app)
    for pathname in ("/", "/wilayah/33", "/rapat"):
        for key, body in callback_payloads(app, pathname):
            response = client.post("/_dash-update-component", json=body, headers=headers)
            outputs = [part.split(".")[0] for part in key.strip(".").split("...")]
            uses_url = any(item["property"] == "pathname" for item in body["inputs"])
            allowed = all(o in shell or o.startswith("rapat") for o in outputs) and (
                not uses_url or pathname == "/rapat"
            )
            assert (response.status_code == 403) is not allowed, (pathname, key)


def test_provincial_user_gets_nothing_of_another_province(app) -> None:
    client = logged_in(app, "prov33")
    for path in (
        "/wilayah/35",
        "/?province=35",
        "/?regency=35.01",
        "/export/overseas.csv?province=35",
    ):
        assert client.get(path).status_code == 403, path
    for path in ("/?province=33", "/wilayah/33"):
        assert client.get(path).status_code == 200, path
    headers = csrf_header(client)
    for key, body in callback_payloads(app, "/wilayah/35"):
        response = client.post("/_dash-update-component", json=body, headers=headers)
        if any(item["property"] == "pathname" for item in body["inputs"]):
            assert response.status_code == 403, key
            assert "35" not in response.get_data(as_text=True).replace('"forbidden"', "")
    body = {
        "output": "map.figure",
        "outputs": {"id": "map", "property": "figure"},
        "inputs": [{"id": "filter-province", "property": "value", "value": "35"}],
        "changedPropIds": ["filter-province.value"],
    }
    response = client.post("/_dash-update-component", json=body, headers=headers)
    assert response.status_code == 400  # no such callback
    kab = logged_in(app, "kab3301")
    assert kab.get("/?regency=33.02").status_code == 403
    assert kab.get("/?regency=33.01").status_code == 200


def test_denials_and_exports_are_audited(app, engine: Engine) -> None:
    client = logged_in(app, "prov33")
    client.get("/wilayah/35")
    client.get("/export/overseas.csv?province=33")
    denied = audit.entries(engine, action=audit.ACCESS_DENIED)
    assert denied and denied[0].username == "prov33" and denied[0].detail["path"] == "/wilayah/35"
    exports = audit.entries(engine, action=audit.EXPORT)
    assert exports and exports[0].detail["path"] == "/export/overseas.csv"
    assert exports[0].detail["query"] == "province=33"


def test_security_headers_on_every_response(app) -> None:
    anonymous = app.server.test_client()
    client = logged_in(app, "admin")
    responses = [anonymous.open(url, method=method) for method, url in concrete_urls(app)]
    responses += [client.open(url, method=method) for method, url in concrete_urls(app)]
    responses += [client.get("/"), client.get("/_dash-layout"), client.post("/login", data={})]
    for response in responses:
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
        assert "'unsafe-eval'" not in csp and "img-src 'self' data: blob:" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response.headers["Permissions-Policy"]


def test_csp_allows_exactly_the_inline_scripts_dash_executes(app) -> None:
    import base64
    import hashlib

    client = logged_in(app, "nasional")
    response = client.get("/")
    html = response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S)
    executable = [body for attrs, body in scripts if "application/json" not in attrs]
    assert executable
    for body in executable:
        if body.strip().startswith('alert("Dash v2.7+'):
            continue  # inside an IE-only conditional comment, never run
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_errors_show_no_traceback(app, settings: Settings, build_app) -> None:
    fresh = build_app(settings)
    server = fresh.server

    @server.get("/_test-boom")
    def boom():
        raise RuntimeError("SELECT secret FROM users")

    client = logged_in(fresh, "admin")
    response = client.get("/_test-boom")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "SELECT" not in text and "Traceback" not in text and "RuntimeError" not in text


def test_oversized_requests_are_refused(app, settings: Settings) -> None:
    client = logged_in(app, "admin")
    big = b"x" * (settings.max_report_bytes * 2)
    response = client.post(
        "/_dash-update-component",
        data=big,
        headers={**csrf_header(client), "Content-Type": "application/json"},
    )
    assert response.status_code == 413


def admin_page(app, path: str, role: str = "admin", **query: str):
    """The component tree of the Dash page at ``path`` for a user of ``role``, built as the
    page router builds it (inside a request of that user)."""
    import dash
    from flask import g

    from pantau.auth import Account

    page = next(page for page in dash.page_registry.values() if page["path"] == path)
    with app.server.test_request_context("/_dash-update-component", method="POST"):
        g.pantau_user = Account(1, role, role, None, True, "test")
        return page["layout"](**query)


def texts_of(component) -> list[str]:
    """Every text child of a component tree, in order."""
    found = []
    for part in [component, *component._traverse()]:
        children = getattr(part, "children", None)
        if isinstance(children, str):
            found.append(children)
    return found


def rows_of(component) -> list:
    return [part for part in component._traverse() if type(part).__name__ == "Tr"]


def test_report_text_is_escaped_on_admin_pages(app, engine: Engine) -> None:
    hostile = "<script>alert(1)</script>"
    audit.record(
        engine,
        audit.UPLOAD,
        username="prov33",
        address="10.0.0.1",
        detail={"file": f"{hostile}.xlsx", "chair": hostile},
    )
    anonymous = app.server.test_client()
    login(anonymous, hostile, "wrong password")
    client = logged_in(app, "admin")
    assert hostile not in client.get("/admin/audit").get_data(as_text=True)
    # The audit page is a Dash page: its texts are plain strings that React escapes; no
    # component of it renders HTML.
    tree = admin_page(app, "/admin/audit")
    assert any(hostile in text for text in texts_of(tree))
    kinds = {type(part).__name__ for part in tree._traverse()}
    assert not kinds & {"Markdown", "Iframe", "Script"}
    assert not any(getattr(part, "dangerously_allow_html", False) for part in tree._traverse())
    login_page = anonymous.get("/login?next=" + hostile).get_data(as_text=True)
    assert hostile not in login_page
    layout = client.get("/_dash-layout")
    assert layout.mimetype == "application/json"
    assert layout.headers["X-Content-Type-Options"] == "nosniff"


def test_admin_audit_filters(app, engine: Engine) -> None:
    client = logged_in(app, "admin")
    logged_in(app, "nasional")
    assert client.get("/admin/audit").status_code == 200
    assert logged_in(app, "nasional").get("/admin/audit").status_code == 403
    page = admin_page(app, "/admin/audit", user="nasional", action="login")
    assert len(rows_of(page)) == 1 + 2 and "nasional" in texts_of(page)  # header, two logins
    assert "Masuk" in texts_of(page) and "login" not in texts_of(page)  # actions in words
    when = re.compile(r"\d{1,2} \w{3} \d{4} \d{2}[.:]\d{2} WIB")
    assert any(when.fullmatch(text) for text in texts_of(page))
    english = admin_page(app, "/admin/audit", user="nasional", action="login", lang="en")
    assert "Signed in" in texts_of(english)
    empty = admin_page(app, "/admin/audit", since="01/01/2999")
    assert "Tidak ada catatan" in " ".join(texts_of(empty))
    ignored = admin_page(app, "/admin/audit", since="yesterday")  # a bad date filters nothing
    assert len(rows_of(ignored)) > 3
    refused = admin_page(app, "/admin/audit", role="nasional")
    assert [part.id for part in refused._traverse() if getattr(part, "id", None)] == [
        "admin-refused"
    ]
    users = admin_page(app, "/admin/users")
    assert "nasional" in texts_of(users) and "Nasional" in texts_of(users)
    assert json.loads(client.get("/_dash-layout").data)
