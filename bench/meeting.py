"""Benchmark of meeting mode: a slide rendered from a data release, server time over HTTP.

Run: ``.venv/bin/python bench/meeting.py [--years 5] [--rounds 10] [--keep DIR] [--reuse]
[--clock wall|cpu]``

1. Builds the database of ``bench/dashboard.py`` (one synthetic report per region and month
   for ``--years`` years, all 552 regions) and creates a release (or reuses both, kept in
   ``--keep``).
2. Logs in as a national user and, for every slide of meeting mode and every
   period (latest month, quarter, year) at national level and for one province, posts the
   callback that draws the next slide (``POST /_dash-update-component``, the real payload,
   security included) and times the server's answer.  Prints p50 and p95 per slide and
   over all, for the first draw (cold) and again (warm: a release never changes, so a slide
   is drawn once per process and choice); the target is p95 <= 30 ms.
3. Opens each deck again as a presenter does, in the dark theme (slides not drawn yet):
   the page (router callback, which draws the first slide and prepares the rest in the
   background, ``dashboard.pages.rapat.prepare_deck``), then every slide in turn.  Prints
   how long preparing the deck took and the server time of each slide's first showing.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def _dashboard_bench():
    """bench/dashboard.py as a module: its database builder and app are reused."""
    spec = importlib.util.spec_from_file_location("bench_dashboard", BENCH_DIR / "dashboard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="Build the database in DIR and keep it.")
    parser.add_argument("--reuse", action="store_true", help="Reuse the database in --keep.")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    args = parser.parse_args()
    clock = CLOCKS[args.clock]
    bench = _dashboard_bench()

    from pantau.db import create_db_engine
    from pantau.releases.store import create_release, latest_release
    from pantau.settings import Settings

    folder = args.keep or Path(tempfile.mkdtemp(prefix="pantau-meeting-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "bench.db"
    started = time.perf_counter()
    if args.reuse and database.exists():
        url = f"sqlite:///{database}"
    else:
        url, reports, facts = bench.build_database(database, args.years)
        print(f"database: {reports} reports, {facts} facts")
    engine = create_db_engine(url)
    info = latest_release(engine) or create_release(
        engine, Settings(data_dir=folder, database_url=url)
    )
    print(
        f"release {info.number} ({info.first_month:%Y-%m}..{info.last_month:%Y-%m}) ready in "
        f"{time.perf_counter() - started:.1f} s"
    )

    app, client, csrf = bench.make_app(url, folder)
    from dashboard.pages import rapat
    from dashboard.slides_release import KINDS

    SLIDES = rapat.SLIDES

    headers = {"X-CSRFToken": csrf}

    def show(slides: list[str], index: int, search: str, theme: str) -> float:
        """Server time of the callback that shows ``slides[index + 1]``."""
        body = bench._payload(app, "rapat-index.data", {"rapat-next": 1}, {"rapat-index": index})
        for item in body["inputs"]:
            if item["id"] == "rapat-slides":
                item["value"] = {"slides": slides, "search": search}
            if item["id"] == "rapat-theme-name":
                item["value"] = theme
        body["changedPropIds"] = ["rapat-next.n_clicks"]
        begun = clock()
        response = client.post("/_dash-update-component", json=body, headers=headers)
        elapsed = clock() - begun
        if response.status_code != 200:
            raise RuntimeError(f"{slides[index + 1]}{search}: {response.status_code}")
        return elapsed

    searches = [f"?periode={kind}{region}" for region in ("", "&province=33") for kind in KINDS]
    timings: dict[str, list[float]] = {}
    cold: dict[str, list[float]] = {}
    for round_number in range(args.rounds + 1):
        for search in searches:
            for name in SLIDES:
                # the first round draws each slide (cold); later rounds find it drawn
                drawn = timings if round_number else cold
                drawn.setdefault(name, []).append(show([name, name], 0, search, "light"))
    print(f"meeting slide from the release, HTTP, {args.clock} clock (target p95 <= 30 ms):")
    _print(" first draw of each slide, period and region, nothing prepared (cold):", cold, bench)
    _print(" the same slides again, as a meeting loops through them (warm):", timings, bench)

    deck = list(SLIDES)
    preparing: list[float] = []
    opened: dict[str, list[float]] = {}
    for search in searches:
        search += "&theme=dark"
        body = bench._payload(app, "_pages_content.children", {"_pages_location": search})
        body["inputs"][0]["value"] = "/rapat"
        body["inputs"][1]["value"] = search
        body["changedPropIds"] = ["_pages_location.search"]
        begun = time.perf_counter()
        if client.post("/_dash-update-component", json=body, headers=headers).status_code != 200:
            raise RuntimeError(f"/rapat{search}")
        rapat._PREPARER.submit(lambda: None).result()  # the deck's preparation is done
        preparing.append(time.perf_counter() - begun)
        for index, name in enumerate(deck[1:]):
            opened.setdefault(name, []).append(show(deck, index, search, "dark"))
    print(
        f" opening a deck (page and {len(deck) - 1} slides prepared in the background): "
        f"p50 {statistics.median(preparing):.2f} s, max {max(preparing):.2f} s (wall clock)"
    )
    _print(
        " each slide's first showing once its deck is open (as a presenter meets it):",
        opened,
        bench,
    )


def _print(heading: str, timings: dict[str, list[float]], bench) -> None:
    print(heading)
    everything = [value for values in timings.values() for value in values]
    for name, values in [*timings.items(), ("all slides", everything)]:
        print(
            f"  {name:<15} p50 {statistics.median(values) * 1000:6.1f} ms   "
            f"p95 {bench.percentile(values, 0.95) * 1000:6.1f} ms   (n={len(values)})"
        )


if __name__ == "__main__":
    main()
