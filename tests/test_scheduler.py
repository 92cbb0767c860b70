"""Job locks (PostgreSQL advisory locks, SQLite leases), the scheduler and its shutdown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from jobs.config import load_config
from jobs.locks import acquire_lease, job_lock, release_lease, renew_lease
from jobs.scheduler import build_scheduler, run_locked
from pantau.db import create_db_engine
from pantau.models import IngestionRun, JobLock

ROOT = Path(__file__).resolve().parents[1]


def _compete(url: str, log: Path, *, workers: int = 2, attempts: int = 12) -> list[str]:
    """Threads, each with its own engine, run a job body under the same lock."""
    outcomes: list[str] = []
    barrier = threading.Barrier(workers)

    def worker(number: int) -> None:
        engine = create_db_engine(url)
        barrier.wait()
        try:
            for _ in range(attempts):
                with job_lock(engine, "source:inbox", lease_seconds=30) as held:
                    if not held:
                        outcomes.append("skipped")
                        time.sleep(0.005)
                        continue
                    start = time.monotonic()
                    time.sleep(0.03)
                    with log.open("a") as handle:
                        handle.write(f"{number} {start} {time.monotonic()}\n")
                    outcomes.append("ran")
                # The one that ran waits longer than a skipper's retry, so both get turns.
                time.sleep(0.03)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_the_lock_keeps_a_job_from_overlapping(database_url, tmp_path) -> None:
    log = tmp_path / "runs.log"
    outcomes = _compete(database_url, log)
    intervals = sorted(
        (float(start), float(end), worker)
        for worker, start, end in (line.split() for line in log.read_text().splitlines())
    )
    assert outcomes.count("skipped") > 0  # they did compete
    assert len({worker for _, _, worker in intervals}) == 2  # both got their turn
    for (_, end, _), (start, _, _) in zip(intervals, intervals[1:], strict=False):
        assert start >= end  # never two job bodies at once


def test_lock_is_released_after_the_job_and_on_error(engine) -> None:
    with job_lock(engine, "source:x") as held:
        assert held
    with pytest.raises(RuntimeError), job_lock(engine, "source:x") as held:
        assert held
        raise RuntimeError("job failed")
    with job_lock(engine, "source:x") as held:
        assert held


def test_sqlite_lease_expires_and_is_renewed(tmp_path, sqlite_template) -> None:
    import shutil

    path = tmp_path / "lease.db"
    shutil.copy(sqlite_template, path)
    engine = create_db_engine(f"sqlite:///{path}")
    assert acquire_lease(engine, "job", "a", 0.3)
    assert not acquire_lease(engine, "job", "b", 0.3)
    assert acquire_lease(engine, "job", "a", 0.3)  # the holder renews
    assert renew_lease(engine, "job", "a", 0.3)
    assert not renew_lease(engine, "job", "b", 0.3)
    time.sleep(0.4)  # a holder killed without releasing: its lease runs out
    assert acquire_lease(engine, "job", "b", 30)
    assert not renew_lease(engine, "job", "a", 30)
    release_lease(engine, "job", "a")  # not the holder: nothing happens
    with engine.connect() as connection:
        assert connection.scalar(select(JobLock.holder).where(JobLock.name == "job")) == "b"
    release_lease(engine, "job", "b")
    with engine.connect() as connection:
        assert connection.scalar(select(JobLock.holder)) is None
    engine.dispose()


def test_sqlite_heartbeat_keeps_a_long_job_locked(tmp_path, sqlite_template) -> None:
    import shutil

    path = tmp_path / "lease.db"
    shutil.copy(sqlite_template, path)
    first = create_db_engine(f"sqlite:///{path}")
    second = create_db_engine(f"sqlite:///{path}")
    with job_lock(first, "long", lease_seconds=0.3) as held:
        assert held
        time.sleep(0.8)  # longer than the lease: the heartbeat renews it
        with job_lock(second, "long", lease_seconds=0.3) as other:
            assert not other
    with job_lock(second, "long", lease_seconds=0.3) as other:
        assert other
    first.dispose()
    second.dispose()


def test_run_locked_skips_while_another_holds_the_lock(engine, settings) -> None:
    config = load_config(settings)
    source = config.source("inbox")
    other = create_db_engine(settings.database_url)
    try:
        with job_lock(other, "source:inbox") as held:
            assert held
            assert run_locked(engine, settings, source) is None
        result = run_locked(engine, settings, source)
    finally:
        other.dispose()
    assert result is not None and result.status == "ok"
    with engine.connect() as connection:
        assert connection.scalar(select(IngestionRun.trigger)) == "scheduler"


def test_scheduler_jobs_follow_the_config(engine, settings) -> None:
    config = load_config(settings)
    scheduler = build_scheduler(engine, settings, config, threading.Event())
    scheduler.start(paused=True)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown()
    assert set(jobs) == {"source:inbox", "source:kemenlu", "reminders"}
    job = jobs["source:inbox"]
    assert job.coalesce is True and job.max_instances == 1
    assert job.misfire_grace_time == 600
    assert "minute='*/15'" in str(job.trigger)


def test_scheduler_stops_cleanly_on_sigterm(settings) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "pantau.cli", "scheduler"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "scheduler running" in line:
                break
        assert any("inbox (inbox): */15 * * * *" in line for line in lines), lines
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "Pantau scheduler stopped" in output
