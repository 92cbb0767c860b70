"""Ingestion benchmark: prints files/s and rows/s on SQLite and PostgreSQL.

1. One month of reports from all 514 regencies (514 files) through the inbox source, for
   each file format, on SQLite and on a temporary PostgreSQL database
   (postgresql+psycopg://postgres@127.0.0.1:5432, skipped with a message if unreachable).
2. The same 514 files dropped again: a pass that finds nothing new, with its ratio to the
   first pass (target: under a tenth).
3. Five years of monthly reports of all 514 regencies (30,840 files) on SQLite, target
   under 2 minutes (skip with ``--quick``).

Usage: ``python bench/ingest.py [--quick] [--format csv|json|xlsx|mix]``.  File contents
come from the demonstration generator; generating them is not timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

# Run as a script, this folder comes first on sys.path and bench/geodata.py would shadow
# the geodata package: drop it before importing the project.
if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def make_files(months: list[dt.date], fmt: str, seed: int = 1) -> list[tuple[str, bytes, float]]:
    """(name, bytes, mtime) of one report per regency and month."""
    from jobs.demo import FORMAT_WEIGHTS
    from jobs.demo_data import REGIONAL_VICTIMS_PER_YEAR, profiles, regional_report
    from pantau.reporting_calendar import due_date
    from pantau.reports.writing import write_report

    rng = random.Random(seed)
    regencies = [p for p in profiles(rng, months) if p.region.kind != "provinsi"]
    files = []
    for month in months:
        received = dt.datetime.combine(due_date(month, 10), dt.time(3), dt.UTC).timestamp()
        for profile in regencies:
            local = random.Random(f"{seed}:{profile.region.code}:{month}")
            report = regional_report(local, profile, month, REGIONAL_VICTIMS_PER_YEAR / 12)
            chosen = fmt
            if fmt == "mix":
                chosen = local.choices(list(FORMAT_WEIGHTS), list(FORMAT_WEIGHTS.values()))[0]
            name = f"laporan_{profile.region.code}_{month:%Y-%m}.{chosen}"
            files.append((name, write_report(report, chosen), received))
    return files


def drop(folder: Path, files: list[tuple[str, bytes, float]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data, mtime in files:
        path = folder / name
        path.write_bytes(data)
        os.utime(path, (mtime, mtime))


def one_pass(url: str, data_dir: Path, files) -> tuple[float, int, int]:
    """Drop ``files`` into the inbox and time one pass; returns (seconds, files, rows)."""
    from jobs.config import SourceConfig
    from jobs.sources import run_source
    from pantau.db import create_db_engine
    from pantau.settings import Settings

    engine = create_db_engine(url)
    settings = Settings(data_dir=data_dir, database_url=url)
    source = SourceConfig(
        name="inbox",
        kind="inbox",
        schedule="* * * * *",
        path=data_dir / "inbox",
        settle_seconds=0,
        stable_interval=0,
    )
    drop(source.path, files)
    started = time.perf_counter()
    result = run_source(engine, settings, source, trigger="bench")
    elapsed = time.perf_counter() - started
    engine.dispose()
    if result.failed:
        raise SystemExit(f"the pass failed: {result.errors[:3]}")
    if result.rejected:
        first = next(item for item in result.files if item.status == "rejected")
        reason = first.outcome.problems[0].message("en") if first.outcome.problems else ""
        raise SystemExit(f"{result.rejected} file(s) rejected in the benchmark, e.g. {reason}")
    return elapsed, result.files_seen, result.rows


def prepare_sqlite(folder: Path) -> str:
    return migrated(f"sqlite:///{folder / 'bench.db'}")


def migrated(url: str) -> str:
    """Create the schema and load the reference data at ``url``."""
    from pantau import schema
    from pantau.db import create_db_engine
    from pantau.reference import load_reference_data

    engine = create_db_engine(url)
    schema.upgrade(engine)
    load_reference_data(engine)
    engine.dispose()
    return url


class TemporaryPostgres:
    """A throw-away database on the local server, dropped on exit."""

    def __init__(self) -> None:
        self.admin = create_engine(
            POSTGRES, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
        )
        self.name = f"pantau_bench_{uuid.uuid4().hex[:10]}"

    def __enter__(self) -> str:
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{self.name}"'))
        url = POSTGRES.rsplit("/", 1)[0] + f"/{self.name}"
        return migrated(url)

    def __exit__(self, *exc) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def postgres_reachable() -> str | None:
    try:
        engine = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        return str(exc).splitlines()[0]
    return None


def month_bench(backend: str, url: str, folder: Path, files) -> None:
    seconds, count, rows = one_pass(url, folder, files)
    print(
        f"  {backend:10} first pass : {count} files in {seconds:6.2f} s = "
        f"{count / seconds:7.1f} files/s, {rows / seconds:9.0f} rows/s ({rows} rows)"
    )
    again, count_again, _ = one_pass(url, folder, files)
    print(
        f"  {backend:10} second pass: {count_again} files (all duplicates) in {again:6.2f} s, "
        f"ratio {again / seconds:.3f} (target < 0.1)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the five-year run")
    parser.add_argument(
        "--format",
        default="all",
        choices=["all", "csv", "json", "xlsx", "mix"],
        help="file format of the one-month runs (default: each in turn)",
    )
    args = parser.parse_args()
    from pantau.reporting_calendar import months_ending

    month = [dt.date(2024, 5, 1)]
    formats = ["csv", "json", "xlsx", "mix"] if args.format == "all" else [args.format]
    unreachable = postgres_reachable()
    print(f"One month of the 514 regencies ({os.cpu_count()} CPU(s)):")
    for fmt in formats:
        files = make_files(month, fmt)
        print(f" format {fmt}:")
        with tempfile.TemporaryDirectory() as folder:
            month_bench("SQLite", prepare_sqlite(Path(folder)), Path(folder), files)
        if unreachable:
            print(f"  PostgreSQL skipped: unreachable at {POSTGRES} ({unreachable})")
            continue
        with tempfile.TemporaryDirectory() as folder, TemporaryPostgres() as url:
            month_bench("PostgreSQL", url, Path(folder), files)
    if args.quick:
        print("Five years: skipped (--quick)")
        return
    months = months_ending(dt.date(2024, 12, 1), 60)
    print("Five years of monthly reports of the 514 regencies on SQLite (CSV and JSON):")
    generated = time.perf_counter()
    files = []
    for index, chunk in enumerate(months):
        files.extend(make_files([chunk], "csv" if index % 2 else "json", seed=index))
    print(f"  generated {len(files)} files in {time.perf_counter() - generated:.0f} s (not timed)")
    with tempfile.TemporaryDirectory() as folder:
        seconds, count, rows = one_pass(prepare_sqlite(Path(folder)), Path(folder), files)
    verdict = "OK" if seconds < 120 else "TOO SLOW"
    print(
        f"  {count} files, {rows} rows in {seconds:.1f} s = {count / seconds:.0f} files/s, "
        f"{rows / seconds:.0f} rows/s: {verdict} (target < 120 s)"
    )


if __name__ == "__main__":
    main()
