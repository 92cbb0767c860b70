"""Benchmark of data releases on five years of data of all 552 regions.

Run: ``.venv/bin/python bench/release.py [--years 5] [--slides 200] [--keep DIR]``

1. Builds the SQLite database of ``bench/dashboard.py`` (one synthetic report per region
   and month, bulk-inserted).
2. Times ``create_release``: the publication tables, the joint protection with its
   repair loop and the audit that ends it; prints the cells hidden per table.
3. Times ``audit_release`` (the attacker over every table of the stored release).
4. Times the figures of one meeting slide (four metrics, current and previous period)
   read from the release: national × month, province × quarter and year, regency × year
   (nationally or one province), over every period; p50 and p95.
5. Times the publication ZIP request (``/export/rilis/<N>.zip``): the first request
   builds and keeps it, a repeated one serves the kept file.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]


def _dashboard_bench():
    """bench/dashboard.py as a module: its database builder is reused as it is."""
    spec = importlib.util.spec_from_file_location("bench_dashboard", BENCH_DIR / "dashboard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--slides", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="Build the database in DIR and keep it.")
    parser.add_argument(
        "--reuse", action="store_true", help="Reuse the database kept in --keep (no build)."
    )
    args = parser.parse_args()

    from pantau.db import create_db_engine
    from pantau.releases.audit import audit_release
    from pantau.releases.store import create_release, slide
    from pantau.releases.tables import group_periods
    from pantau.reporting_calendar import months_between
    from pantau.settings import Settings

    folder = args.keep or Path(tempfile.mkdtemp(prefix="pantau-release-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if args.reuse and (folder / "bench.db").exists():
        from sqlalchemy import func, select

        from pantau.models import Fact, Report

        url = f"sqlite:///{folder / 'bench.db'}"
        with create_db_engine(url).connect() as connection:
            connection.exec_driver_sql("DELETE FROM release_reports")
            connection.exec_driver_sql("DELETE FROM release_cells")
            connection.exec_driver_sql("DELETE FROM releases")
            connection.commit()
            reports = connection.scalar(select(func.count()).select_from(Report))
            facts = connection.scalar(select(func.count()).select_from(Fact))
    else:
        url, reports, facts = _dashboard_bench().build_database(folder / "bench.db", args.years)
    print(
        f"database: {reports} reports, {facts} facts, "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    engine = create_db_engine(url)
    settings = Settings(data_dir=folder, database_url=url)

    started, cpu = time.perf_counter(), time.process_time()
    info = create_release(engine, settings)
    created, created_cpu = time.perf_counter() - started, time.process_time() - cpu
    seconds = info.summary["seconds"]
    print(
        f"release create: {created:.1f} s wall, {created_cpu:.1f} s CPU "
        f"(tables {seconds['compute']:.1f} s, protection with "
        f"audit {seconds['protect_and_audit']:.1f} s, {info.summary['audit']['rounds']} "
        f"round(s)); target <= 120 s"
    )
    print(f"  {'table':<28} {'cells':>7} {'persons':>7} {'small':>6} {'compl.':>6} {'hidden':>7}")
    for name, entry in info.summary["tables"].items():
        print(
            f"  {name:<28} {entry['cells']:>7} {entry['person_cells']:>7} {entry['small']:>6} "
            f"{entry['complement']:>6} {entry['share_hidden']:>7.1%}"
        )

    started, cpu = time.perf_counter(), time.process_time()
    audited = audit_release(engine, info.number)
    narrowed = sum(entry.narrowed for entry in audited)
    print(
        f"release audit: {time.perf_counter() - started:.1f} s wall, "
        f"{time.process_time() - cpu:.1f} s CPU, {narrowed} cell(s) narrowed"
    )

    months = months_between(info.first_month, info.last_month)
    choices = [("province", "quarter", q) for q in group_periods(months, "quarter")]
    choices += [("province", "year", y) for y in group_periods(months, "year")]
    choices += [("regency", "year", y) for y in group_periods(months, "year")]
    choices += [("national", "month", m) for m in months]
    rng = random.Random(2023)
    timings = []
    for _ in range(args.slides):
        level, kind, period = rng.choice(choices)
        province = rng.choice([None, "53", "33"]) if level == "regency" else None
        started = time.perf_counter()
        # a slide shows a few metrics: the map metric and the headline figures
        metrics = ["victims", "overseas_victims", "police_reports", "convictions"]
        slide(engine, info.number, level, kind, period, province=province, metrics=metrics)
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"meeting slide figures from the release: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms over {len(timings)} reads; target p95 <= 30 ms"
    )
    zip_requests(settings, info.number)


def zip_requests(settings, number: int) -> None:
    """The first and repeated requests of a release's publication ZIP, through the real
    export route (a national analyst's scope)."""
    from flask import Flask, g

    from dashboard.exports import register_export_routes
    from pantau.access import Scope

    server = Flask(__name__)
    server.config["PANTAU_SETTINGS"] = settings

    @server.before_request
    def national() -> None:
        g.pantau_scope = Scope.national()

    register_export_routes(server)
    client = server.test_client()
    times, sizes = [], []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get(f"/export/rilis/{number}.zip")
        sizes.append(len(response.data))
        times.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200 and len(set(sizes)) == 1
    print(
        f"publication ZIP ({sizes[0] / 1e6:.1f} MB): first request {times[0]:.0f} ms "
        f"(built and kept), repeated {min(times[1:]):.1f} ms (served from the kept file)"
    )


if __name__ == "__main__":
    main()
