"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, and settings for it.

PostgreSQL tests use ``PANTAU_TEST_POSTGRES_URL`` (default: the local server as user
``postgres``), create a database of their own and drop it afterwards.  They skip with a
reason when no server answers, unless ``PANTAU_TEST_REQUIRE_POSTGRES=1`` (set by CI), where
an absent server fails the run.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from pantau import schema
from pantau.db import create_db_engine, engine_for
from pantau.reference import load_reference_data
from pantau.settings import Settings

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

# CI replays the same Hypothesis examples on every run (a red build must be reproducible);
# local runs keep exploring new ones and remember what they found in .hypothesis/.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
BACKENDS = ["sqlite", "postgresql"]


def postgres_admin_url() -> str | None:
    """The URL of a reachable PostgreSQL server for tests, or None (skip or fail)."""
    url = os.environ.get("PANTAU_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    required = os.environ.get("PANTAU_TEST_REQUIRE_POSTGRES") == "1"
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        if required:
            pytest.fail(f"PostgreSQL required for this run but unreachable at {url}: {exc}")
        return None
    return url


class PostgresDatabases:
    """Creates throw-away databases from a migrated template on one server."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.template = f"pantau_tpl_{uuid.uuid4().hex[:10]}"
        self._execute(f'CREATE DATABASE "{self.template}"')
        engine = create_db_engine(self.url_of(self.template))
        schema.upgrade(engine)
        load_reference_data(engine)
        engine.dispose()

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))

    def url_of(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def create(self) -> str:
        name = f"pantau_test_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return name

    def drop(self, name: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.drop(self.template)
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases | None]:
    url = postgres_admin_url()
    if url is None:
        yield None
        return
    databases = PostgresDatabases(url)
    yield databases
    databases.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database with the reference data, copied for each test."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine = create_db_engine(f"sqlite:///{path}")
    schema.upgrade(engine)
    load_reference_data(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_databases: PostgresDatabases | None,
) -> Iterator[str]:
    """The URL of a fresh, migrated database holding the reference data."""
    if request.param == "sqlite":
        path = tmp_path / "pantau.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    if postgres_databases is None:
        pytest.skip("no PostgreSQL server reachable (set PANTAU_TEST_POSTGRES_URL)")
    name = postgres_databases.create()
    try:
        yield postgres_databases.url_of(name)
    finally:
        engine_for.cache_clear()
        postgres_databases.drop(name)


@pytest.fixture
def settings(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Settings]:
    """Settings for a fresh database and data dir, also exported to the environment."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("PANTAU_DATABASE_URL", database_url)
    monkeypatch.setenv("PANTAU_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PANTAU_SECRET_KEY", "test-secret-key")
    engine_for.cache_clear()
    yield Settings.from_env()
    engine_for.cache_clear()


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    """The engine of the test database."""
    engine = engine_for(settings.database_url)
    yield engine
    engine.dispose()


class _MissingTexts(logging.Handler):
    """Collects every text the code asked the catalogue for and did not find."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.missing.append(record.getMessage())


_MISSING_TEXTS = _MissingTexts()
logging.getLogger("pantau.texts").addHandler(_MISSING_TEXTS)


@pytest.fixture(autouse=True)
def no_missing_texts() -> Iterator[None]:
    """Fails any test during which a page, export or message used a text the catalogue
    lacks (keys built at run time, which the static check in test_texts.py cannot see)."""
    before = len(_MISSING_TEXTS.missing)
    yield
    missing = _MISSING_TEXTS.missing[before:]
    assert not missing, f"texts missing from the catalogue: {sorted(set(missing))}"


@pytest.fixture(autouse=True)
def figures_are_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Figures are built without plotly's property validation in production
    (``dashboard.layout.trusted_figure``); in every test each such figure is validated too,
    so a wrong property fails the test that drew it."""
    import copy

    import plotly.graph_objects as go

    from dashboard import layout

    trusted = layout.trusted_figure

    def checked(data: list[dict], layout: dict):
        go.Figure(data=copy.deepcopy(data), layout=copy.deepcopy(layout))  # raises if wrong
        return trusted(data, layout)

    monkeypatch.setattr(layout, "trusted_figure", checked)


@pytest.fixture
def build_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Settings], Any]]:
    """Builds the real dashboard app for some settings.

    Each app's access-log writer is closed at teardown, so its background thread never
    outlives the test's database.  Request this fixture after the database fixtures: it is
    torn down before them.  dashboard/app.py asks Dash for response compression, which
    needs the optional ``flask-compress`` package; where it is not installed, compression
    (not under test) is turned off so that the app can be built.
    """
    from dashboard.app import create_app

    if importlib.util.find_spec("flask_compress") is None:
        from dash.backends._flask import FlaskDashServer

        monkeypatch.setattr(FlaskDashServer, "enable_compression", lambda self: None)
    built = []

    def build(settings: Settings):
        built.append(create_app(settings))
        return built[-1]

    yield build
    for dash_app in built:
        dash_app.server.extensions["pantau_access_log"].close()


@pytest.fixture
def app(settings: Settings, engine: Engine, build_app):
    """The dashboard app on the test database, with one request served (pages loaded)."""
    dash_app = build_app(settings)
    dash_app.server.test_client().get("/login")
    return dash_app


class PrivateCluster:
    """A PostgreSQL server of the test's own (``pg_createcluster``), to stop and start.

    Never the shared server: outage tests stop this one with ``-m immediate``.
    """

    def __init__(self, version: str = "15") -> None:
        import socket
        import subprocess

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.version = version
        self.name = f"pantau_t{uuid.uuid4().hex[:8]}"
        self._run = subprocess.run
        self._ctl(
            "pg_createcluster",
            self.version,
            self.name,
            "--port",
            str(self.port),
            "--",
            "--auth=trust",
        )
        self.start()

    def _ctl(self, *command: str) -> None:
        self._run(list(command), check=True, capture_output=True, timeout=120)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        self._ctl("pg_ctlcluster", self.version, self.name, "start")

    def stop(self) -> None:
        self._ctl("pg_ctlcluster", self.version, self.name, "stop", "-m", "immediate")

    def drop(self) -> None:
        self._ctl("pg_dropcluster", "--stop", self.version, self.name)


@pytest.fixture
def private_postgres() -> Iterator[PrivateCluster]:
    """A fresh PostgreSQL cluster on a free port, dropped afterwards."""
    if shutil.which("pg_createcluster") is None:
        message = "pg_createcluster (Debian postgresql-common) is not installed"
        if os.environ.get("PANTAU_TEST_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    cluster = PrivateCluster()
    try:
        yield cluster
    finally:
        cluster.drop()
