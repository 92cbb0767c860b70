"""Folder sources: inbox moves, errors.txt, files being written, a killed pass, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from factories import simple_report
from sqlalchemy import func, select

from jobs.config import SourceConfig, load_config
from jobs.sources import run_source
from jobs.sources.folder import ignored, list_ready
from pantau.cli import main
from pantau.models import Fact, IngestionRun, Report
from pantau.reports.model import OverseasMonth
from pantau.reports.writing import write_overseas_table, write_report

ROOT = Path(__file__).resolve().parents[1]
MAY = dt.date(2024, 5, 1)
RECEIVED = dt.datetime(2024, 6, 4, 2, 0, tzinfo=dt.UTC)


def _drop(folder: Path, name: str, data: bytes, when: dt.datetime = RECEIVED) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def _inbox(settings, **options) -> SourceConfig:
    values = {"settle_seconds": 2.0, "stable_interval": 0.05}
    values.update(options)
    return SourceConfig(
        name="inbox",
        kind="inbox",
        schedule="*/15 * * * *",
        path=settings.data_dir / "inbox",
        **values,
    )


def _bad(code: str) -> bytes:
    text = write_report(simple_report(code, MAY), "json").decode().replace('"KH"', '"Kamboya"')
    return text.encode()


def test_ignored_names() -> None:
    for name in ("~$laporan.xlsx", ".laporan.csv.swp", "a.csv.part", "b.tmp", "x.csv.errors.txt"):
        assert ignored(name), name
    for name in ("laporan.csv", "53.01_2024-05.xlsx", "r.json"):
        assert not ignored(name), name


def test_inbox_moves_files_by_outcome(engine, settings) -> None:
    inbox = settings.data_dir / "inbox"
    good = write_report(simple_report("53.01", MAY), "xlsx")
    _drop(inbox, "53.01.xlsx", good)
    _drop(inbox / "ntt", "53.02.csv", write_report(simple_report("53.02", MAY), "csv"))
    _drop(inbox, "53.03.json", _bad("53.03"))
    _drop(inbox, "copy-of-53.01.xlsx", good, RECEIVED + dt.timedelta(hours=1))
    _drop(inbox, "~$53.01.xlsx", b"lock file of Excel")
    result = run_source(engine, settings, _inbox(settings))
    assert (result.status, result.files_seen) == ("ok", 4)
    assert (result.accepted, result.rejected, result.duplicates) == (2, 1, 1)
    assert sorted(p.name for p in inbox.rglob("*") if p.is_file()) == ["~$53.01.xlsx"]
    archive = settings.data_dir / "archive" / "2024-06"
    assert sorted(p.name for p in archive.iterdir()) == ["53.01.xlsx", "53.02.csv"]
    assert (archive / "53.01.xlsx").read_bytes() == good
    assert (settings.data_dir / "rejected" / "53.03.json").exists()
    errors = (settings.data_dir / "rejected" / "53.03.json.errors.txt").read_text()
    assert "Kamboya" in errors
    assert errors.index("ditolak") < errors.index("rejected")  # Indonesian first
    assert (settings.data_dir / "duplicates" / "copy-of-53.01.xlsx").read_bytes() == good
    with engine.connect() as connection:
        run = connection.execute(select(IngestionRun)).one()
        received = connection.scalar(
            select(Report.received_at).where(Report.region_code == "53.01")
        )
    assert (run.files_seen, run.accepted, run.rejected, run.skipped, run.status) == (
        4,
        2,
        1,
        1,
        "ok",
    )
    assert run.rows == result.rows > 0
    assert received.replace(tzinfo=dt.UTC) == RECEIVED  # the file's time


def test_a_file_being_written_is_skipped(engine, settings) -> None:
    inbox = settings.data_dir / "inbox"
    data = write_report(simple_report("53.01", MAY), "csv")
    fresh = inbox / "53.01.csv"
    inbox.mkdir(parents=True)
    fresh.write_bytes(data[: len(data) // 2])  # just written: too recent
    result = run_source(engine, settings, _inbox(settings, settle_seconds=30))
    assert result.files_seen == 0 and fresh.exists()
    # Still growing during the stability check: skipped as well.
    os.utime(fresh, (time.time() - 60, time.time() - 60))
    import threading

    def append() -> None:
        time.sleep(0.1)
        with fresh.open("ab") as handle:
            handle.write(data[len(data) // 2 :])
        os.utime(fresh, (time.time() - 60, time.time() - 60))

    writer = threading.Thread(target=append)
    writer.start()
    ready = list_ready(inbox, settle_seconds=30, stable_interval=0.4)
    writer.join()
    assert ready == []
    result = run_source(engine, settings, _inbox(settings, settle_seconds=30))
    assert result.accepted == 1 and not fresh.exists()


def test_overseas_folder_source(engine, settings) -> None:
    months = (OverseasMonth(MAY, {"KH": 7, "MY": 3}),)
    _drop(settings.data_dir / "overseas", "kemenlu.xlsx", write_overseas_table(months, "xlsx"))
    source = load_config(settings).source("kemenlu")
    result = run_source(engine, settings, source)
    assert (result.status, result.accepted, result.rows) == ("ok", 1, 2)
    with engine.connect() as connection:
        origin = connection.scalar(select(Report.origin))
    assert origin == "kemenlu"


KILLED_PASS = """
import os, sys, time
from sqlalchemy import event
from sqlalchemy.engine import Engine
from jobs.config import load_config
from jobs.sources import run_source
from pantau.context import open_engine
from pantau.settings import get_settings

marker = sys.argv[1]

@event.listens_for(Engine, "commit")
def hold(connection):
    # Facts are written; the transaction of the report is not committed yet.
    facts = connection.exec_driver_sql("SELECT count(*) FROM facts").scalar()
    if facts and os.path.exists(marker + ".armed"):
        open(marker, "w").close()
        time.sleep(60)

settings = get_settings()
engine = open_engine(settings)
source = load_config(settings).source("inbox")
open(marker + ".armed", "w").close()
run_source(engine, settings, source)
"""


def test_a_killed_pass_leaves_no_partial_report(engine, settings, tmp_path) -> None:
    inbox = settings.data_dir / "inbox"
    data = write_report(simple_report("53.01", MAY), "csv")
    _drop(inbox, "53.01.csv", data)
    marker = tmp_path / "inside-transaction"
    script = tmp_path / "killed_pass.py"
    script.write_text(KILLED_PASS)
    process = subprocess.Popen(
        [sys.executable, str(script), str(marker)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, "the pass ended before reaching the commit"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Report)) == 0
        assert connection.scalar(select(func.count()).select_from(Fact)) == 0
    assert (inbox / "53.01.csv").exists()
    result = run_source(engine, settings, _inbox(settings))
    assert (result.accepted, result.files_seen) == (1, 1)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Report)) == 1
    assert not (inbox / "53.01.csv").exists()


def test_pantau_ingest_exit_codes(engine, settings) -> None:
    runner = CliRunner()
    _drop(
        settings.data_dir / "inbox", "53.01.csv", write_report(simple_report("53.01", MAY), "csv")
    )
    _drop(settings.data_dir / "inbox", "53.03.json", _bad("53.03"))
    ok = runner.invoke(main, ["ingest", "--source", "inbox"])
    assert ok.exit_code == 0, ok.output
    assert "1 accepted, 1 rejected" in ok.output
    assert "Kamboya" in ok.output
    config = load_config(settings).path
    config.write_text(
        config.read_text() + '\n[sources.broken]\nkind = "http"\nurl = "http://127.0.0.1:9/none"\n'
        'schedule = "0 * * * *"\nretries = 0\ntimeout_seconds = 1\n'
    )
    failed = runner.invoke(main, ["ingest"])
    assert failed.exit_code == 1, failed.output
    assert "broken (http): failed" in failed.output
    assert "inbox (inbox): ok" in failed.output  # the other sources still ran
    listing = runner.invoke(main, ["sources"])
    assert listing.exit_code == 0
    assert "broken (http): 0 * * * *" in listing.output
    assert "last run: failed" in listing.output
    unknown = runner.invoke(main, ["ingest", "--source", "nope"])
    assert unknown.exit_code == 2 and "no source named 'nope'" in unknown.output
    with engine.connect() as connection:
        assert json.loads(
            connection.scalar(select(IngestionRun.errors).where(IngestionRun.source == "broken"))
        )
