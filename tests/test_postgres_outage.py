"""A PostgreSQL server of its own (never the shared one) stopped in the middle of
``pantau ingest``: one line, exit 2, nothing lost; once the server is back, the next pass
marks the run ``failed`` with the outage as its reason."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from factories import simple_report
from sqlalchemy import create_engine, func, select

from pantau import schema
from pantau.db import create_db_engine
from pantau.models import IngestionRun, Region, Report
from pantau.reference import load_reference_data
from pantau.reports.writing import write_report

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def own_server(private_postgres):
    """The private cluster with a ``pantau`` database: (url, start, stop)."""
    admin = create_engine(private_postgres.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql("CREATE DATABASE pantau")
    admin.dispose()
    url = private_postgres.url.rsplit("/", 1)[0] + "/pantau"
    return url, private_postgres.start, private_postgres.stop


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
            runs = connection.execute(
                select(IngestionRun.status, IngestionRun.errors).order_by(IngestionRun.id)
            ).all()
    finally:
        engine.dispose()
    assert names == sorted(f"{code}.csv" for code in codes)  # nothing lost, none twice
    assert [run.status for run in runs] == ["failed", "ok"]
    assert "database became unavailable" in runs[0].errors
    assert "SELECT" not in runs[0].errors and "INSERT" not in runs[0].errors
    assert not list((data_dir / "runs").glob("*.outage"))  # the note was taken
    assert not [p for p in inbox.rglob("*") if p.is_file()]
