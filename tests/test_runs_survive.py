"""Runs that survive: a killed ingest never blocks the next, a stale run row is closed,
two schedulers run one tick once, a dead lease holder on this host is taken over at once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from factories import simple_report
from sqlalchemy import func, select

from jobs.config import SourceConfig
from jobs.locks import acquire_lease, holder_is_dead
from jobs.scheduler import current_tick, run_locked
from pantau.cli import main
from pantau.models import IngestionRun, Region, Report
from pantau.reports.runs import start_run
from pantau.reports.writing import write_report

ROOT = Path(__file__).resolve().parents[1]
OLD = time.time() - 3600


def _fill_inbox(engine, settings, count: int) -> list[str]:
    inbox = settings.data_dir / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    with engine.connect() as connection:
        codes = list(
            connection.scalars(
                select(Region.code).where(func.length(Region.code) == 5).order_by(Region.code)
            )
        )[:count]
    for code in codes:
        path = inbox / f"{code}.csv"
        path.write_bytes(write_report(simple_report(code, dt.date(2024, 5, 1)), "csv"))
        os.utime(path, (OLD, OLD))
    return codes


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_dead_holder_on_this_host_is_taken_over_at_once(engine) -> None:
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL: the advisory lock dies with the session
    dead = f"{socket.gethostname()[:60]}:{_dead_pid()}:abc"
    assert holder_is_dead(dead)
    assert not holder_is_dead(f"{socket.gethostname()[:60]}:{os.getppid()}:abc")
    assert not holder_is_dead(f"other-host:{_dead_pid()}:abc")  # only expiry tells
    assert acquire_lease(engine, "source:inbox", dead, 300)
    assert acquire_lease(engine, "source:inbox", "me:1:x", 300)
    alive = f"{socket.gethostname()[:60]}:{os.getppid()}:abc"
    assert acquire_lease(engine, "source:x", alive, 300)
    assert not acquire_lease(engine, "source:x", "me:1:x", 300)


def test_kill_9_during_ingest_next_run_starts_at_once(engine, settings) -> None:
    if engine.dialect.name != "sqlite":
        return  # the SQLite lease is what this is about
    codes = _fill_inbox(engine, settings, 150)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pantau.cli", "ingest", "--source", "inbox"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            with engine.connect() as connection:
                loaded = connection.scalar(select(func.count()).select_from(Report))
            if loaded >= 3:
                break
            assert process.poll() is None, "the pass ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    started = time.monotonic()
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "already running" not in again.stdout
    assert time.monotonic() - started < 60
    assert not [p for p in (settings.data_dir / "inbox").rglob("*") if p.is_file()]
    with engine.connect() as connection:
        reports = connection.execute(select(Report.file_name, Report.status)).all()
        runs = connection.execute(select(IngestionRun.status).order_by(IngestionRun.id)).all()
    assert sorted(name for name, _ in reports) == sorted(f"{c}.csv" for c in codes)
    assert {status for _, status in reports} == {"accepted"}  # none counted twice
    assert [status for (status,) in runs] == ["interrupted", "ok"]
    assert not (settings.data_dir / "duplicates").exists()
    listing = CliRunner().invoke(main, ["sources"])
    assert "last run: running" not in listing.output


def test_stale_running_row_is_closed_as_interrupted(engine, settings) -> None:
    stale = start_run(engine, "inbox", "inbox", "cli")
    source = SourceConfig(
        name="inbox", kind="inbox", schedule="* * * * *", path=settings.data_dir / "inbox"
    )
    result = run_locked(engine, settings, source, trigger="cli")
    assert result is not None and result.status == "ok"
    with engine.connect() as connection:
        rows = dict(connection.execute(select(IngestionRun.id, IngestionRun.status)).all())
    assert rows == {stale: "interrupted", result.run_id: "ok"}


def test_two_schedulers_one_tick_one_run(engine, settings) -> None:
    """Two schedulers (each its own engine) fire the same tick of one source: one run."""
    from apscheduler.triggers.cron import CronTrigger

    from pantau.db import create_db_engine

    trigger = CronTrigger.from_crontab("* * * * *", timezone="Asia/Jakarta")
    source = SourceConfig(
        name="inbox", kind="inbox", schedule="* * * * *", path=settings.data_dir / "inbox"
    )
    tick = current_tick(trigger, 600)
    engines = [create_db_engine(settings.database_url) for _ in range(2)]
    try:
        results = [
            run_locked(e, settings, source, tick=trigger, grace_seconds=600) for e in engines
        ]
    finally:
        for other in engines:
            other.dispose()
    if current_tick(trigger, 600) != tick:  # a minute boundary passed meanwhile
        return
    assert sum(result is not None for result in results) == 1
    with engine.connect() as connection:
        runs = connection.execute(select(IngestionRun.scheduled_for)).all()
    assert len(runs) == 1 and runs[0].scheduled_for is not None
