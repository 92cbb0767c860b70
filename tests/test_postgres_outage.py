"""A PostgreSQL server of its own (never the shared one) stopped in the middle of
``pantau ingest``: one line, exit 2, nothing lost; the run is closed after the restart."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from factories import simple_report
from sqlalchemy import func, select

from pantau import schema
from pantau.db import create_db_engine
from pantau.models import IngestionRun, Region, Report
from pantau.reference import load_reference_data
from pantau.reports.writing import write_report

ROOT = Path(__file__).resolve().parents[1]

# skipped only where PostgreSQL is optional (CI requires it, and then a missing tool fails)
pytestmark = pytest.mark.skipif(
    shutil.which("pg_createcluster") is None
    and os.environ.get("PANTAU_TEST_REQUIRE_POSTGRES") != "1",
    reason="needs Debian's postgresql-common",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cluster(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=120)


@pytest.fixture
def own_server():
    """A throw-away cluster on a free port: (url, start, stop)."""
    name, port = f"pantau_t_{uuid.uuid4().hex[:8]}", _free_port()
    version = (
        sorted(os.listdir("/etc/postgresql"))[-1] if Path("/etc/postgresql").is_dir() else "15"
    )
    _cluster("pg_createcluster", version, name, "--port", str(port), "--", "--auth=trust")
    start = lambda: _cluster("pg_ctlcluster", version, name, "start")  # noqa: E731
    stop = lambda: _cluster("pg_ctlcluster", version, name, "stop", "-m", "immediate")  # noqa: E731
    try:
        start()
        _cluster(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-c",
            "CREATE DATABASE pantau",
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/pantau", start, stop
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, name], capture_output=True)


def test_database_stopped_mid_ingest(own_server, tmp_path) -> None:
    url, start, stop = own_server
    engine = create_db_engine(url)
    schema.upgrade(engine)
    load_reference_data(engine)
    with engine.connect() as connection:
        codes = list(
            connection.scalars(
                select(Region.code).where(func.length(Region.code) == 5).order_by(Region.code)
            )
        )[:40]
    data_dir = tmp_path / "data"
    inbox = data_dir / "inbox"
    inbox.mkdir(parents=True)
    old = time.time() - 3600
    for code in codes:
        path = inbox / f"{code}.csv"
        path.write_bytes(write_report(simple_report(code, dt.date(2024, 5, 1)), "csv"))
        os.utime(path, (old, old))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PANTAU_DATABASE_URL": url,
        "PANTAU_DATA_DIR": str(data_dir),
        "PANTAU_SECRET_KEY": "test-secret-key",
    }
    command = [sys.executable, "-m", "pantau.cli", "ingest", "--source", "inbox"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with engine.connect() as connection:
                if connection.scalar(select(func.count()).select_from(Report)) >= 5:
                    break
            assert process.poll() is None, "the pass ended before the server was stopped"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        engine.dispose()
        stop()
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 2, out + err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("pantau: database unavailable"), err
    assert "SELECT" not in err and "INSERT" not in err
    start()
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            names = sorted(connection.scalars(select(Report.file_name)))
            statuses = [
                s
                for (s,) in connection.execute(
                    select(IngestionRun.status).order_by(IngestionRun.id)
                )
            ]
    finally:
        engine.dispose()
    assert names == sorted(f"{code}.csv" for code in codes)  # nothing lost, none twice
    assert statuses == ["interrupted", "ok"]
    assert not [p for p in inbox.rglob("*") if p.is_file()]
