"""Login, roles, CSRF, security headers and the audit of exports for the whole server.

:func:`install_security` hooks into the Flask server behind the Dash app:

* Everything needs a logged-in user except :data:`PUBLIC_PATHS` and the static
  :data:`PUBLIC_PREFIXES` (asset files and JavaScript bundles hold no data).  An anonymous
  page request is redirected to ``/login?next=...``; an anonymous request to ``/_dash-*``,
  ``/export/*`` or any other ``/_...`` path gets a 401 JSON answer.
* Sessions are Flask's signed cookie (``settings.secret_key``): HttpOnly, SameSite=Lax,
  Secure over HTTPS (or always with ``PANTAU_COOKIE_SECURE=1``).  A session ends after
  ``session_idle_minutes`` without a request, ``session_max_hours`` after login, and as soon
  as the user is disabled, their password changes or they log out: logging out ends every
  session of that user, copied cookies included (the session holds a fingerprint of the
  user row, checked on every request).
* ``flask.g.pantau_scope`` (:class:`pantau.access.Scope`) and ``flask.g.pantau_user``
  (:class:`pantau.auth.Account`) are set for every data request.
* Roles on URLs: ``/admin/...`` is for admins; the ``rapat`` role sees ``/rapat`` and the
  callbacks of its components only (ids starting with ``rapat``, or the shell's); a
  provincial or regency user asking for a region outside its scope (a path segment or query
  value such as ``/wilayah/33`` or ``?province=33``, a callback input whose component id
  names a region — ``prov``, ``region``, ``wilayah``, ``kab``, ``kota`` — or a location
  input) gets 403.  Queries are filtered by the scope in any case.
* CSRF: state-changing requests (POST, ...) need the ``X-CSRFToken`` header (or a
  ``csrf_token`` form field) equal to the session's token; Dash's renderer sends it from the
  ``_csrf_token`` cookie set here.  The login form carries its own token.  In addition a
  request whose ``Origin`` or ``Sec-Fetch-Site`` names another site is refused
  (:func:`same_origin`).  Logout is a POST with the token (``GET /logout`` shows a form).
* A callback request must match the registered callback exactly
  (:func:`dashboard.callback_check.callback_mismatch`) before any role or region rule
  looks at it; a mismatch gets 400 and is audited.
* Every response gets the security headers of :func:`security_headers`; errors answer with
  a generic message, never a traceback; requests above the upload limit get 413.
* Every ``/export/...`` request is written to the audit log (:mod:`pantau.audit`), and every
  page, callback and export of a logged-in user to the data access log
  (:mod:`pantau.access_log`, written in the background); admins read it on
  ``/admin/access``.

Proxies: behind a reverse proxy set ``PANTAU_PROXY_COUNT`` to the number of proxies so
that client addresses (used for throttling and the audit log) come from X-Forwarded-For.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import json
import re
import secrets
import time
from collections.abc import Iterator, Mapping
from contextlib import suppress
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import dash
from flask import Flask, Response, g, jsonify, redirect, request, session
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard import login as pages
from dashboard.callback_check import callback_mismatch
from pantau import access_log, audit
from pantau.access import Scope
from pantau.access_log import AccessLogWriter
from pantau.auth import Account, UserError, authenticate, end_sessions, load_account
from pantau.db import DatabaseUnavailable, engine_for
from pantau.settings import Settings

PUBLIC_PATHS = frozenset({"/login", "/logout", "/healthz", "/_favicon.ico", "/favicon.ico"})
PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
API_PREFIXES = ("/_", "/export/", "/export")
ADMIN_PREFIX = "/admin"
RAPAT_PREFIX = "/rapat"
CSRF_COOKIE = "_csrf_token"
CSRF_HEADER = "X-CSRFToken"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REGION_CODE = re.compile(r"^\d{2}(\.\d{2})?$")
REGION_WORDS = ("prov", "region", "regenc", "wilayah", "kab", "kota", "daerah")
LOCATION_PROPS = frozenset({"pathname", "search", "href", "hash"})
TOUCH_SECONDS = 30
SKIPPED_PROPS = frozenset({"contents", "figure", "children"})


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, Secure whenever the request came over HTTPS (or as
    ``PANTAU_COOKIE_SECURE`` says)."""

    def __init__(self, forced: bool | None) -> None:
        self.forced = forced

    def get_cookie_secure(self, app: Flask) -> bool:
        if self.forced is not None:
            return self.forced
        return bool(request) and request.is_secure


@functools.cache
def security_headers(script_hashes: tuple[str, ...]) -> Mapping[str, str]:
    """The headers of every response; ``script_hashes`` allow Dash's inline scripts.
    Built once per set of scripts (they are fixed once the app is set up)."""
    scripts = " ".join(["'self'", *script_hashes])
    policy = "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )
    return MappingProxyType(
        {
            "Content-Security-Policy": policy,
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "same-origin",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
            "Cross-Origin-Opener-Policy": "same-origin",
        }
    )


def _script_hashes(app: dash.Dash) -> tuple[str, ...]:
    """CSP hashes of the executable inline scripts Dash puts in its index page."""
    return _hashes((*app._inline_scripts, app.renderer))


@functools.cache
def _hashes(scripts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    )


def is_public(path: str) -> bool:
    """Whether ``path`` is served without login (holds no data)."""
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def is_api(path: str) -> bool:
    """Whether ``path`` answers machines (401 JSON) rather than people (redirect)."""
    return path.startswith(API_PREFIXES)


def safe_next(target: str | None) -> str:
    """A local path to go to after login (never another site)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(ch in target for ch in "\r\n\\") or urlsplit(target).netloc:
        return "/"
    return target


def client_address() -> str:
    """The client's address (X-Forwarded-For is honoured only with PANTAU_PROXY_COUNT)."""
    return (request.remote_addr or "unknown")[:64]


def _lang(settings: Settings) -> str:
    lang = request.args.get("lang") or settings.language
    return lang if lang in ("id", "en") else "id"


def database_down(error: BaseException) -> bool:
    """Whether ``error`` means the database cannot be reached (not a bug in a query)."""
    return isinstance(error, DatabaseUnavailable | OperationalError | InterfaceError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    )


def _request_lang(settings: Settings) -> str:
    """The user's language: ``?lang=`` of the request, or of the page that sent it."""
    for query in (request.query_string.decode(), urlsplit(request.referrer or "").query):
        lang = dict(parse_qsl(query)).get("lang")
        if lang in ("id", "en"):
            return lang
    return settings.language


def _unavailable(lang: str) -> Response:
    """503 "database unavailable" in ``lang``, as JSON for machines, a page for people."""
    text = pages.texts(lang)
    if is_api(request.path) or request.method not in SAFE_METHODS:
        response = jsonify(error=text["db_unavailable"])
    else:
        response = Response(
            pages.message_page(lang=lang, title="503", message=text["db_unavailable"]),
            mimetype="text/html",
        )
    response.status_code = 503
    response.headers["Retry-After"] = "30"
    return response


def _deny(status: int, message: str) -> Response:
    if is_api(request.path) or request.method not in SAFE_METHODS:
        response = jsonify(error=message)
    else:
        response = Response(
            pages.message_page(lang="id", title=str(status), message=message),
            mimetype="text/html",
        )
    response.status_code = status
    return response


def _ids(value: Any) -> Iterator[str]:
    """The text parts of a component id (string, or the values of a pattern id)."""
    if isinstance(value, dict):
        for part in value.values():
            yield str(part)
    elif value is not None:
        yield str(value)


def _items(node: Any) -> Iterator[dict]:
    """Every ``{"id", "property", ...}`` item of a callback payload list, flattened."""
    if isinstance(node, list):
        for child in node:
            yield from _items(child)
    elif isinstance(node, dict) and "id" in node:
        yield node


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _url_regions(url: str) -> Iterator[str]:
    """Region codes a URL names: after a region word in the path, or in a region query key.

    ``/wilayah/33``, ``/provinsi/33/kabupaten/33.01``, ``?province=33``, ``?regency=33.01``;
    a code with a dot (``33.01``) counts wherever it appears.  A bare number elsewhere
    (``/periode/2024/05``) is not taken for a region.
    """
    parts = urlsplit(url)
    previous = ""
    for segment in parts.path.split("/"):
        if REGION_CODE.match(segment) and ("." in segment or _region_word(previous)):
            yield segment
        previous = segment
    for key, value in parse_qsl(parts.query):
        for piece in (part.strip() for part in value.split(",")):
            if REGION_CODE.match(piece) and ("." in piece or _region_word(key)):
                yield piece


def _region_word(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in REGION_WORDS)


def callback_regions(body: dict) -> Iterator[str]:
    """Region codes a callback request names in its inputs and states."""
    for item in [*_items(body.get("inputs", [])), *_items(body.get("state", []))]:
        prop = item.get("property")
        value = item.get("value")
        if prop in LOCATION_PROPS and isinstance(value, str):
            yield from _url_regions(value)
            continue
        if _region_word(" ".join(_ids(item.get("id")))):
            for text in _strings(value):
                if REGION_CODE.match(text.strip()):
                    yield text.strip()


def _callback_outputs(body: dict) -> list[dict]:
    outputs = body.get("outputs")
    if outputs is None:
        return []
    return list(_items(outputs if isinstance(outputs, list) else [outputs]))


def shell_ids(app: dash.Dash) -> frozenset[str]:
    """Component ids of the app shell (navigation, page container)."""
    cached = getattr(app, "_pantau_shell_ids", None)
    if cached is not None:
        return cached
    ids = {"_pages_location", "_pages_content", "_pages_store", "_pages_dummy"}
    layout = app.layout
    if layout is not None and not callable(layout):
        ids.update(
            str(component.id)
            for component in [layout, *layout._traverse()]
            if getattr(component, "id", None) is not None and isinstance(component.id, str)
        )
    result = frozenset(ids)
    app._pantau_shell_ids = result
    return result


def is_meeting_path(path: str) -> bool:
    """Whether ``path`` is meeting mode (``/rapat`` or below it, not ``/rapat-...``)."""
    return path == RAPAT_PREFIX or path.startswith(RAPAT_PREFIX + "/")


def rapat_allows_callback(app: dash.Dash, body: dict) -> bool:
    """Whether a meeting-display callback stays on ``/rapat`` and its components."""
    for item in [*_items(body.get("inputs", [])), *_items(body.get("state", []))]:
        value = item.get("value")
        if (
            item.get("property") in ("pathname", "href")
            and isinstance(value, str)
            and not is_meeting_path(urlsplit(value).path)
        ):
            return False
    shell = shell_ids(app)
    for output in _callback_outputs(body):
        parts = list(_ids(output.get("id")))
        if not parts:
            return False
        if isinstance(output.get("id"), str) and output["id"] in shell:
            continue
        if not any(part.startswith("rapat") for part in parts):
            return False
    return True


def _fresh_session(account: Account) -> None:
    now = int(time.time())
    session.clear()
    session.permanent = True
    session.update(
        uid=account.id,
        user=account.username,
        fp=account.fingerprint,
        since=now,
        seen=now,
        csrf=secrets.token_urlsafe(32),
    )


def current_account(settings: Settings, engine) -> tuple[Account | None, bool]:
    """The logged-in account of this request and whether a session just expired."""
    uid = session.get("uid")
    if uid is None:
        return None, False
    now = int(time.time())
    since, seen = int(session.get("since", 0)), int(session.get("seen", 0))
    expired = (
        now - seen > settings.session_idle_minutes * 60
        or now - since > settings.session_max_hours * 3600
        or seen > now + 60
    )
    account = None if expired else load_account(engine, int(uid), settings.secret_key)
    if account is None or not hmac.compare_digest(account.fingerprint, str(session.get("fp"))):
        session.clear()
        return None, True
    if now - seen >= TOUCH_SECONDS:
        session["seen"] = now
    return account, False


def _csrf_ok() -> bool:
    expected = session.get("csrf")
    given = request.headers.get(CSRF_HEADER) or request.form.get("csrf_token")
    return bool(expected and given) and hmac.compare_digest(str(expected), str(given))


def same_origin() -> bool:
    """Whether a state-changing request comes from a page of this site.

    Browsers send ``Sec-Fetch-Site`` and ``Origin`` on such requests; either naming another
    site refuses the request even with a valid CSRF token.  Clients that send neither
    (scripts, old browsers) still need the token.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc == request.host


def _role_denial(app: dash.Dash, account: Account, scope: Scope) -> str | None:
    """Why this request is outside the user's role or regions, or None."""
    path = request.path
    if path.startswith(ADMIN_PREFIX) and account.role != "admin":
        return "admin only"
    body = g.get("pantau_callback")
    if account.role == "rapat":
        if body is not None and not rapat_allows_callback(app, body):
            return "meeting display: only /rapat"
        if path.startswith("/export"):
            return "meeting display: no exports"
    if not scope.is_national:
        named = list(_url_regions(request.full_path))
        if body is not None:
            named.extend(callback_regions(body))
        outside = sorted({code for code in named if not scope.allows(code)})
        if outside:
            return f"region outside scope: {', '.join(outside)}"
    return None


def is_callback_request() -> bool:
    """Whether this request asks Dash to run a callback."""
    return request.method == "POST" and request.path.endswith("/_dash-update-component")


def _audit_denied(engine, account: Account | None, reason: str) -> None:
    audit.record(
        engine,
        audit.ACCESS_DENIED,
        username=account.username if account else None,
        address=client_address(),
        outcome="denied",
        detail={"path": request.path, "reason": reason},
    )


def _loggable(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float):
        return True
    if isinstance(value, str):
        return len(value) <= 200
    return isinstance(value, list) and len(value) <= 20 and all(map(_loggable_part, value))


def _loggable_part(value: Any) -> bool:
    return isinstance(value, int | float) or (isinstance(value, str) and len(value) <= 64)


def _selection_values(body: dict) -> dict[str, Any]:
    """The short values a callback was called with (filters, URL), never file contents."""
    values: dict[str, Any] = {}
    for item in [*_items(body.get("inputs", [])), *_items(body.get("state", []))]:
        value = item.get("value")
        if item.get("property") not in SKIPPED_PROPS and _loggable(value):
            component = item["id"]
            name = (
                json.dumps(component, sort_keys=True) if isinstance(component, dict) else component
            )
            values[f"{name}.{item['property']}"] = value
    return values


def _log_access(writer: AccessLogWriter, account: Account, response: Response) -> None:
    """One data access entry for a page, a callback or an export of a logged-in user."""
    path = request.path
    if path.startswith(("/_dash-update-component", "/export")):
        body = g.get("pantau_callback")
        if body is not None:
            kind, target, selection = "callback", body["output"], _selection_values(body)
        elif path.startswith("/export"):
            kind, target, selection = "export", path, dict(request.args)
        else:
            return
    elif response.mimetype == "text/html" and request.method == "GET" and not is_api(path):
        kind, target, selection = "page", path, dict(request.args)
    else:
        return
    selection["status"] = response.status_code
    writer.record(account.username, client_address(), kind, target, selection)


def install_security(app: dash.Dash, settings: Settings) -> None:
    """Protect every route of ``app``'s server (see the module documentation)."""
    server: Flask = app.server
    server.secret_key = settings.secret_key
    server.session_interface = _SessionInterface(settings.cookie_secure)
    server.config.update(
        SESSION_COOKIE_NAME="pantau_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings.session_max_hours),
        SESSION_REFRESH_EACH_REQUEST=False,
        # dcc.Upload sends files base64-encoded inside JSON: 4/3 of the size plus margin.
        MAX_CONTENT_LENGTH=settings.max_report_bytes * 4 // 3 + 1024 * 1024,
    )
    if settings.proxy_count > 0:
        proxies = settings.proxy_count
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=proxies, x_proto=proxies)

    def engine():
        return engine_for(settings.database_url)

    access = AccessLogWriter(engine(), settings.access_log_retention_days)
    server.extensions["pantau_access_log"] = access

    @server.before_request
    def _guard():
        g.pantau_scope = Scope(role="none", region_code=None, suppress=True)
        g.pantau_user = None
        path = request.path
        if request.method not in SAFE_METHODS and not same_origin():
            _audit_denied(engine(), None, "cross-site request")
            return _deny(403, "cross-site request refused")
        if is_public(path):
            return None
        account, expired = current_account(settings, engine())
        if account is None:
            if is_api(path) or request.method not in SAFE_METHODS:
                return _deny(401, "login required")
            next_url = request.full_path if request.query_string else path
            query = {"next": next_url, **({"expired": "1"} if expired else {})}
            return redirect("/login?" + urlencode(query))
        scope = account.scope
        g.pantau_user = account
        g.pantau_scope = scope
        if request.method not in SAFE_METHODS and not _csrf_ok():
            _audit_denied(engine(), account, "missing or wrong CSRF token")
            return _deny(403, "missing or wrong CSRF token")
        if is_callback_request():
            body = request.get_json(silent=True)
            mismatch = callback_mismatch(app, body)
            if mismatch is not None:
                server.logger.warning("refused callback (%s): %.1000s", mismatch, request.data)
                _audit_denied(engine(), account, mismatch)
                return _deny(400, "callback request does not match the application")
            g.pantau_callback = body
        denial = _role_denial(app, account, scope)
        if denial is not None:
            _audit_denied(engine(), account, denial)
            return _deny(403, "forbidden")
        if account.role == "rapat" and not is_api(path) and not is_meeting_path(path):
            return redirect(RAPAT_PREFIX)
        return None

    @server.after_request
    def _headers(response: Response) -> Response:
        for name, value in security_headers(_script_hashes(app)).items():
            response.headers[name] = value
        if response.mimetype == "text/html" or request.path.startswith(("/_dash-", "/export")):
            response.headers["Cache-Control"] = "no-store"
        account = g.get("pantau_user")
        if account is not None and session.get("csrf"):
            if request.cookies.get(CSRF_COOKIE) != session["csrf"]:
                response.set_cookie(
                    CSRF_COOKIE,
                    session["csrf"],
                    httponly=False,
                    samesite="Strict",
                    secure=server.session_interface.get_cookie_secure(server),
                )
            _log_access(access, account, response)
            if request.path.startswith("/export"):
                audit.record(
                    engine(),
                    audit.EXPORT,
                    username=account.username,
                    address=client_address(),
                    outcome="ok" if response.status_code < 400 else str(response.status_code),
                    detail={"path": request.path, "query": request.query_string.decode()[:500]},
                )
        return response

    @server.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code == 413:
            return _deny(413, "request too large")
        return _deny(error.code or 500, error.name)

    @server.errorhandler(Exception)
    def _server_error(error: Exception):
        if isinstance(error, HTTPException):
            return _http_error(error)
        if database_down(error):
            server.logger.error("database unavailable on %s: %s", request.path, error)
            return _unavailable(_request_lang(settings))
        server.logger.exception("unhandled error on %s", request.path)
        return _deny(500, "internal error; the administrator can find details in the log")

    _add_routes(app, settings, engine)


def _add_routes(app: dash.Dash, settings: Settings, engine) -> None:
    server: Flask = app.server

    @server.route("/login", methods=["GET", "POST"])
    def login():
        lang = _lang(settings)
        if request.method == "GET":
            session.setdefault("login_csrf", secrets.token_urlsafe(32))
            message = "expired" if request.args.get("expired") else None
            return pages.login_page(
                lang=lang,
                csrf_token=session["login_csrf"],
                next_url=safe_next(request.args.get("next")),
                message=message,
            )
        token = session.get("login_csrf")
        given = request.form.get("csrf_token", "")
        next_url = safe_next(request.form.get("next"))
        username = request.form.get("username", "").strip()[:64]
        if not token or not hmac.compare_digest(str(token), given):
            session["login_csrf"] = secrets.token_urlsafe(32)
            page = pages.login_page(
                lang=lang, csrf_token=session["login_csrf"], next_url=next_url, message="bad_form"
            )
            return page, 400
        address = client_address()
        result = authenticate(
            engine(), username, request.form.get("password", ""), address, settings.secret_key
        )
        if result.account is None:
            audit.record(
                engine(),
                audit.LOGIN_FAILED,
                username=username.lower() or None,
                address=address,
                outcome=result.reason or "invalid",
            )
            status = 429 if result.reason == "throttled" else 401
            page = pages.login_page(
                lang=lang,
                csrf_token=token,
                next_url=next_url,
                message=result.reason or "invalid",
                username=username,
            )
            headers = {"Retry-After": str(result.retry_after)} if result.retry_after else {}
            return page, status, headers
        _fresh_session(result.account)
        audit.record(engine(), audit.LOGIN, username=result.account.username, address=address)
        if result.account.role == "rapat" and not is_meeting_path(urlsplit(next_url).path):
            next_url = RAPAT_PREFIX
        return redirect(next_url)

    @server.get("/logout")
    def logout_form():
        """Logging out changes state, so it takes a POST; a link lands on a confirm form."""
        if not session.get("csrf"):
            return redirect("/login")
        return pages.logout_page(lang=_lang(settings), csrf_token=session["csrf"])

    @server.post("/logout")
    def logout():
        username = session.get("user")
        if not username:
            return redirect("/login")  # no session: nothing to end
        if not _csrf_ok():
            return _deny(403, "missing or wrong CSRF token")
        with suppress(UserError):
            end_sessions(engine(), username)
        audit.record(engine(), audit.LOGOUT, username=username, address=client_address())
        session.clear()
        response = redirect("/login")
        response.delete_cookie(CSRF_COOKIE)
        return response

    @server.get("/admin/access")
    def admin_access():
        account: Account = g.pantau_user
        server.extensions["pantau_access_log"].flush()
        filters = {
            key: request.args.get(key, "").strip()[:64]
            for key in ("user", "kind", "target", "since", "until")
        }
        try:
            since = dt.date.fromisoformat(filters["since"]) if filters["since"] else None
            until = dt.date.fromisoformat(filters["until"]) if filters["until"] else None
        except ValueError:
            return _deny(400, "dates must be YYYY-MM-DD")
        rows = access_log.entries(
            engine(),
            username=filters["user"] or None,
            kind=filters["kind"] if filters["kind"] in access_log.KINDS else None,
            target=filters["target"] or None,
            since=since,
            until=until,
        )
        return pages.access_page(
            lang=_lang(settings),
            rows=rows,
            filters=filters,
            username=account.username,
            csrf_token=session.get("csrf", ""),
        )
