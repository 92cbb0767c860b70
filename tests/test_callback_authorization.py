"""Callback requests are checked against the registered callback before any role rule.

Every server callback of the app (``app.callback_map``, so callbacks added later are
covered) is replayed with its inputs renamed, reordered, extended and cut short: each is
refused with 400 and audited.  The ``rapat`` role gets nothing but meeting output.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from dash import ALL, MATCH, Input, Output, State
from sqlalchemy import Engine
from test_security_http import PASSWORD, USERS, callback_payloads, csrf_header, logged_in

from pantau import audit
from pantau.auth import create_user
from pantau.settings import Settings


@pytest.fixture
def app(settings: Settings, engine: Engine, build_app):
    for name, (role, region) in USERS.items():
        create_user(engine, name, PASSWORD, role, region)
    dash_app = build_app(settings)
    dash_app.callback(
        Output({"type": "probe-out", "index": MATCH}, "children"),
        Input({"type": "probe-in", "index": MATCH}, "value"),
        Input({"type": "probe-all", "index": ALL}, "value"),
        State("shell-lang", "data"),
    )(lambda value, values, lang: f"{value}:{values}:{lang}")
    dash_app.server.test_client().get("/login")
    return dash_app


def _items(body: dict, part: str) -> list:
    return body[part] if isinstance(body[part], list) else [body[part]]


def _first(item):
    return item[0] if isinstance(item, list) else item


def tampered(body: dict) -> Iterator[tuple[str, dict]]:
    """Variants of a valid body that Dash would run but that do not match the callback."""
    for part in ("inputs", "state"):
        for index in range(len(body[part])):
            renamed = copy.deepcopy(body)
            _first(renamed[part][index])["property"] = "pathname-x"
            yield f"{part}[{index}] property renamed", renamed
            other = copy.deepcopy(body)
            target = _first(other[part][index])
            target["id"] = (
                {**target["id"], "type": "other"} if isinstance(target["id"], dict) else "other-id"
            )
            yield f"{part}[{index}] id renamed", other
        extra = copy.deepcopy(body)
        extra[part].append({"id": "shell-lang", "property": "data", "value": "33"})
        yield f"{part} extra item", extra
        if body[part]:
            missing = copy.deepcopy(body)
            missing[part].pop()
            yield f"{part} item missing", missing
        if len({repr(item) for item in body[part]}) > 1:
            reordered = copy.deepcopy(body)
            reordered[part].reverse()
            yield f"{part} reordered", reordered
    outputs = copy.deepcopy(body)
    _first(_items(outputs, "outputs")[0])["property"] = "style"
    yield "output renamed", outputs
    unknown = copy.deepcopy(body)
    unknown["output"] = unknown["output"] + "x"
    yield "unknown output key", unknown
    trigger = copy.deepcopy(body)
    trigger["changedPropIds"] = ["rapat-stage.children"]
    yield "trigger that is no input", trigger


def test_every_callback_replayed_tampered_is_refused(app, engine: Engine) -> None:
    client = logged_in(app, "nasional")
    headers = csrf_header(client)
    payloads = list(callback_payloads(app))
    assert any("probe-out" in key for key, _ in payloads)
    cases = 0
    for key, body in payloads:
        valid = client.post("/_dash-update-component", json=body, headers=headers)
        assert valid.status_code != 400, (key, valid.get_data(as_text=True))
        for name, variant in tampered(body):
            response = client.post("/_dash-update-component", json=variant, headers=headers)
            assert response.status_code == 400, (key, name)
            cases += 1
    assert cases > 10 * len(payloads) / 2
    denied = audit.entries(engine, action=audit.ACCESS_DENIED, limit=10_000)
    assert len(denied) == cases
    assert all(entry.username == "nasional" for entry in denied)


def test_pattern_ids_must_follow_the_pattern(app) -> None:
    client = logged_in(app, "nasional")
    headers = csrf_header(client)
    key, body = next((k, b) for k, b in callback_payloads(app) if "probe-out" in k)
    response = client.post("/_dash-update-component", json=body, headers=headers)
    assert response.status_code == 200 and "None:[None]:None" in response.get_data(as_text=True)
    as_single = copy.deepcopy(body)
    as_single["inputs"][1] = as_single["inputs"][1][0]  # ALL must be a list
    nested = copy.deepcopy(body)
    nested["inputs"][0]["id"]["index"] = {"a": 1}  # a wildcard stands for a plain value
    extra_key = copy.deepcopy(body)
    extra_key["inputs"][0]["id"]["region"] = "35"
    for variant in (as_single, nested, extra_key):
        assert (
            client.post("/_dash-update-component", json=variant, headers=headers).status_code == 400
        )


def test_rapat_renaming_the_url_input_gets_nothing(app) -> None:
    """The attack of the issue: the page router's ``pathname`` renamed so the rule skips it."""
    client = logged_in(app, "rapat")
    headers = csrf_header(client)
    key, body = next((k, b) for k, b in callback_payloads(app, "/") if "_pages_content" in k)
    assert client.post("/_dash-update-component", json=body, headers=headers).status_code == 403
    renamed = copy.deepcopy(body)
    for item in renamed["inputs"]:
        if item["property"] == "pathname":
            item["property"] = "title"
    renamed["changedPropIds"] = []
    response = client.post("/_dash-update-component", json=renamed, headers=headers)
    assert response.status_code == 400
    allowed = next((b for k, b in callback_payloads(app, "/rapat") if k == key))
    response = client.post("/_dash-update-component", json=allowed, headers=headers)
    assert response.status_code == 200


def test_regional_user_cannot_rename_past_the_region_rule(app) -> None:
    client = logged_in(app, "prov33")
    headers = csrf_header(client)
    for key, body in callback_payloads(app, "/wilayah/35"):
        if not any(_first(item)["property"] == "pathname" for item in body["inputs"]):
            continue
        assert client.post("/_dash-update-component", json=body, headers=headers).status_code == 403
        for item in body["inputs"]:
            if _first(item)["property"] == "pathname":
                item["property"] = "data"
        response = client.post("/_dash-update-component", json=body, headers=headers)
        assert response.status_code == 400, key


def test_rapat_cannot_reach_a_lookalike_path(app) -> None:
    client = logged_in(app, "rapat")
    headers = csrf_header(client)
    for pathname in ("/rapat-lain", "/rapatx", "/rapat/../kepatuhan"):
        response = client.get(pathname)
        assert response.status_code == 302 or pathname.startswith("/rapat/"), pathname
        for key, body in callback_payloads(app, pathname):
            if "_pages_content" in key and not pathname.startswith("/rapat/"):
                response = client.post("/_dash-update-component", json=body, headers=headers)
                assert response.status_code == 403, pathname
