"""End-to-end fixtures: the real app served by gunicorn, and headless Chromium that may only
talk to servers started here.

- Every test in this folder is marked ``e2e``.
- ``live_server``: the app on a free port, module-scoped, against a fresh migrated SQLite
  database (reference data loaded) in a temp data dir. To load data *before* it starts, a
  module overrides the ``live_server_data`` fixture with a callable ``(engine) -> None``.
  Tests may also insert data while it runs through ``live_server.engine``.
- ``live_server_factory``: starts further servers (``factory(load=None)``) in one session.
- ``live_server.add_user(username, role, region=None) -> password`` creates an account and
  ``login(page, live_server, username, password)`` signs a page in through ``/login``;
  ``signed_in_page`` is ``browser_page`` signed in with the national role.
- ``serve_dash``: serves any ``dash.Dash`` app (e.g. a tiny app made in a test) in a thread.
- ``browser_page``: a Playwright page. Requests to any origin other than the servers started
  by these fixtures are aborted and fail the test at teardown, as do console errors and
  uncaught page errors. A screenshot goes to ``test-artifacts/screenshots/<test>.png``.

Without ``/usr/bin/chromium`` browser tests skip, unless ``PANTAU_TEST_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine
from werkzeug.serving import make_server

from pantau.db import create_db_engine
from pantau.settings import Settings

E2E_DIR = Path(__file__).resolve().parent
REPO = E2E_DIR.parent.parent
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 60.0
LISTENING = re.compile(r"Listening at: (http://[\d.]+:\d+)")
ALWAYS_ALLOWED_SCHEMES = ("data", "blob", "about")

DataLoader = Callable[[Engine], None]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@dataclass
class LiveServer:
    """A running dashboard: its base URL, settings and database engine."""

    url: str
    settings: Settings
    engine: Engine
    process: subprocess.Popen
    log_path: Path

    @property
    def origin(self) -> str:
        return origin_of(self.url)

    def add_user(self, username: str, role: str, region: str | None = None) -> str:
        """Create an account (``pantau.auth``) and return its password."""
        from pantau.auth import create_user

        password = f"e2e-{username}-password-long"
        create_user(self.engine, username, password, role, region)
        return password

    def log(self) -> str:
        """What the server printed so far (for failure messages)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.engine.dispose()


@dataclass
class Origins:
    """The origins of every server the fixtures started: the only ones a page may reach."""

    allowed: set[str] = field(default_factory=set)

    def add(self, url: str) -> None:
        self.allowed.add(origin_of(url))

    def permits(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ALWAYS_ALLOWED_SCHEMES or origin_of(url) in self.allowed


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture(scope="session")
def server_origins() -> Origins:
    return Origins()


def _wait_until_listening(process: subprocess.Popen, log_path: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = LISTENING.search(log_path.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the dashboard did not start:\n{log_path.read_text()[-4000:]}")


def _wait_until_healthy(url: str, server: LiveServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    last = ""
    while time.monotonic() < deadline and server.process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as exc:
            last = str(exc)
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"/healthz never answered 200 ({last}):\n{server.log()[-4000:]}")


def start_live_server(
    directory: Path, template: Path, origins: Origins, load: DataLoader | None = None
) -> LiveServer:
    """Copy the migrated template database into ``directory``, run ``load`` on it, then
    serve the dashboard with gunicorn on a free port of 127.0.0.1."""
    data_dir = directory / "data"
    data_dir.mkdir(parents=True)
    database = directory / "pantau.db"
    shutil.copy(template, database)
    settings = Settings(
        data_dir=data_dir,
        database_url=f"sqlite:///{database}",
        explicit_secret_key="e2e-test-secret-key",
    )
    engine = create_db_engine(settings.database_url)
    if load is not None:
        load(engine)
    env = {
        **os.environ,
        "PANTAU_DATABASE_URL": settings.database_url,
        "PANTAU_DATA_DIR": str(data_dir),
        "PANTAU_SECRET_KEY": "e2e-test-secret-key",
        "PYTHONUNBUFFERED": "1",
    }
    log_path = directory / "server.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        "127.0.0.1:0",
        "--workers",
        "1",
        "--threads",
        "8",
        "--timeout",
        "120",
        "--no-control-socket",
        "dashboard.wsgi:server",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = _wait_until_listening(process, log_path)
    server = LiveServer(url, settings, engine, process, log_path)
    _wait_until_healthy(url, server)
    origins.add(url)
    return server


@pytest.fixture(scope="session")
def live_server_factory(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path, server_origins: Origins
) -> Iterator[Callable[..., LiveServer]]:
    """``factory(load=None) -> LiveServer``; every server stops at the end of the session."""
    started: list[LiveServer] = []

    def factory(load: DataLoader | None = None) -> LiveServer:
        server = start_live_server(
            tmp_path_factory.mktemp("live"), sqlite_template, server_origins, load
        )
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def live_server_data() -> DataLoader | None:
    """Override in a test module to load data before its server starts."""
    return None


@pytest.fixture(scope="module")
def live_server(
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
    server_origins: Origins,
    live_server_data: DataLoader | None,
) -> Iterator[LiveServer]:
    """The dashboard for this test module (see the module docstring)."""
    server = start_live_server(
        tmp_path_factory.mktemp("live"), sqlite_template, server_origins, live_server_data
    )
    yield server
    server.stop()


@pytest.fixture(scope="session")
def serve_dash(server_origins: Origins) -> Iterator[Callable[..., str]]:
    """``serve_dash(app) -> base URL``: serve a Dash app (in a thread) for this session."""
    servers = []

    def serve(app) -> str:
        server = make_server("127.0.0.1", 0, app.server, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        url = f"http://127.0.0.1:{server.server_port}"
        server_origins.add(url)
        return url

    yield serve
    for server, thread in servers:
        server.shutdown()
        thread.join(timeout=10)


NATIONAL_USER = "e2e-nasional"


def login(page, server: LiveServer, username: str, password: str, next_path: str = "/") -> None:
    """Sign ``page`` in through the login form and wait for ``next_path`` to load."""
    page.goto(f"{server.url}/login?next={next_path}")
    page.fill("#username", username)
    page.fill("#password", password)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.fixture(scope="module")
def national_password(live_server: LiveServer) -> str:
    """Password of ``NATIONAL_USER`` (role ``nasional``) on this module's server."""
    return live_server.add_user(NATIONAL_USER, "nasional")


@pytest.fixture
def signed_in_page(browser_page, live_server: LiveServer, national_password: str):
    """``browser_page`` signed in to ``live_server`` as a national user."""
    login(browser_page, live_server, NATIONAL_USER, national_password)
    return browser_page


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium (the Debian browser), shared by the session."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is absent (install the Debian package 'chromium')"
        if os.environ.get("PANTAU_TEST_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser required for this run: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _artifact_name(node_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", node_name).strip("_")


@dataclass
class PageWatch:
    """What a page did wrong: requests leaving the servers, console and page errors."""

    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [f"request outside the app: {url}" for url in self.external] + [
            f"browser error: {text}" for text in self.errors
        ]


@pytest.fixture
def page_watch() -> PageWatch:
    """The problems recorded on ``browser_page`` (a test may assert on them itself)."""
    return PageWatch()


def guarded_page(
    chromium, origins: Origins, watch: PageWatch, viewport=(1366, 900), storage_state=None
):
    """A page in a new context of ``viewport`` that may reach only ``origins``; blocked
    requests, console errors and page errors are recorded in ``watch``."""
    context = chromium.new_context(
        viewport={"width": viewport[0], "height": viewport[1]},
        locale="id-ID",
        storage_state=storage_state,
    )
    page = context.new_page()
    page.set_default_timeout(20_000)

    def guard(route) -> None:
        url = route.request.url
        if origins.permits(url):
            route.continue_()
        else:
            watch.external.append(url)
            route.abort("blockedbyclient")

    page.route("**/*", guard)
    page.on("console", lambda m: m.type == "error" and watch.errors.append(m.text))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    return page


@pytest.fixture
def browser_page(
    request: pytest.FixtureRequest, chromium, server_origins: Origins, page_watch: PageWatch
):
    """A fresh page (1366x900) allowed to reach only the servers started by the fixtures."""
    page = guarded_page(chromium, server_origins, page_watch)
    context = page.context
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(
            path=str(SCREENSHOTS / f"{_artifact_name(request.node.name)}.png"), full_page=True
        )
    finally:
        context.close()
    problems = page_watch.problems()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
