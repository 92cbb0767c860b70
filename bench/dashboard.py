"""Benchmark of the dashboard's filter changes on five years of data of all 552 regions.

Run: ``.venv/bin/python bench/dashboard.py [--years 5] [--changes 40] [--keep DIR]
[--postgres] [--growth 10] [--clock wall|cpu]``

1. Builds a SQLite database in a temporary folder: the reference regions, then one
   accepted report per region and month (synthetic content from :mod:`jobs.demo_data`)
   with its task-force row and facts, bulk-inserted through SQLAlchemy Core.
2. Replays filter changes at national level on ``/`` (sex, exploitation type, age group,
   period, metric, counts/rates) and times every callback each change triggers:
   in-process (the callback functions) and over HTTP (``POST /_dash-update-component``
   with the real payload through Flask's test client, logged in).  Prints p50 and p95.
3. Prints the bytes of a map update sent as ``dash.Patch`` against the full figure, and
   the server time of the other pages, which a filter change re-renders.
4. Runs, in the same process on the same database, the naive callback a typical team
   ships (the whole current fact table read with pandas, filtered and aggregated per
   province, ``px.choropleth`` with the full province GeoJSON, a ``px.bar`` trend and the
   headline numbers, serialised as Dash would) and prints its p50/p95 and the ratio.
5. ``--postgres`` does all of it on PostgreSQL; ``--growth 10`` does it again on ten years
   of data and prints how the p95 of a filter change grew (the target is <= 1.3x).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

PASSWORD = "bench password long enough"
BENCH_DIR = Path(__file__).resolve().parent
# Run as a script, this folder comes first on sys.path and this file would shadow the
# ``dashboard`` package it measures.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]


def build_database(path: Path, years: int, url: str | None = None) -> tuple[str, int, int]:
    """A migrated database with ``years`` of reports of every region, in SQLite at ``path``
    or in the empty database at ``url`` (PostgreSQL); (url, reports, facts)."""
    from jobs import demo_data
    from pantau import schema
    from pantau.db import create_db_engine
    from pantau.models import Fact, Report, TaskForce
    from pantau.reference import load_reference_data
    from pantau.reporting_calendar import add_months
    from pantau.reports.model import ORIGIN_REGIONAL

    url = url or f"sqlite:///{path}"
    engine = create_db_engine(url)
    schema.upgrade(engine)
    load_reference_data(engine)
    end = dt.date.today().replace(day=1)
    months = [add_months(end, -offset) for offset in range(years * 12, 0, -1)]
    rng = random.Random(2023)
    profiles = demo_data.profiles(rng, months)
    national = demo_data.REGIONAL_VICTIMS_PER_YEAR / 12
    report_rows, task_rows, fact_rows = [], [], []
    report_id = 0
    received = dt.datetime.now(dt.UTC)
    for month in months:
        for profile in profiles:
            code = profile.region.code
            content = demo_data.regional_report(rng, profile, month, national)
            report_id += 1
            province = code[:2]
            report_rows.append(
                {
                    "id": report_id,
                    "origin": ORIGIN_REGIONAL,
                    "source": "bench",
                    "region_code": code,
                    "period": month,
                    "report_key": f"{ORIGIN_REGIONAL}|{code}|{month:%Y-%m}",
                    "version": 1,
                    "received_at": received,
                    "file_name": f"{code}_{month:%Y-%m}.json",
                    "content_hash": f"{report_id:064d}",
                    "file_format": "json",
                    "status": "accepted",
                    "late": rng.random() > profile.punctuality,
                    "synthetic": True,
                    "row_count": 0,
                }
            )
            status = content.task_force
            task_rows.append(
                {
                    "report_id": report_id,
                    "region_code": code,
                    "province_code": province,
                    "period": month,
                    "current": True,
                    "established": status.established,
                    "decree_number": status.decree_number,
                    "decree_date": status.decree_date,
                    "chair": status.chair,
                    "member_agencies": ";".join(status.member_agencies),
                    "action_plan": status.action_plan,
                    "budget_idr": status.budget_idr,
                }
            )
            for fact in content.facts():
                fact_rows.append(
                    {
                        "report_id": report_id,
                        "origin": ORIGIN_REGIONAL,
                        "region_code": code,
                        "province_code": province,
                        "period": month,
                        "current": True,
                        "metric": fact.metric,
                        "item": fact.item,
                        "sex": fact.sex,
                        "age_group": fact.age_group,
                        "exploitation": fact.exploitation,
                        "country": fact.country,
                        "value": fact.value,
                    }
                )
    with engine.begin() as connection:
        connection.execute(insert(Report), report_rows)
        connection.execute(insert(TaskForce), task_rows)
        for start in range(0, len(fact_rows), 50_000):
            connection.execute(insert(Fact), fact_rows[start : start + 50_000])
        connection.exec_driver_sql("ANALYZE")
    with engine.connect() as connection:
        facts = connection.scalar(select(func.count()).select_from(Fact))
    engine.dispose()
    return url, report_id, int(facts)


def make_app(url: str, data_dir: Path):
    """The real app (security included) for the bench database, and a logged-in client."""
    os.environ.update(
        PANTAU_DATABASE_URL=url, PANTAU_DATA_DIR=str(data_dir), PANTAU_SECRET_KEY="bench"
    )
    if importlib.util.find_spec("flask_compress") is None:
        from dash.backends._flask import FlaskDashServer

        FlaskDashServer.enable_compression = lambda self: None
    from dashboard.app import create_app
    from pantau.auth import UserError, create_user
    from pantau.db import engine_for
    from pantau.settings import get_settings

    settings = get_settings()
    app = create_app(settings)
    with contextlib.suppress(UserError):  # a database kept with --keep from an earlier run
        create_user(engine_for(url), "bench", PASSWORD, "nasional", None)
    client = app.server.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"csrf_token": token, "username": "bench", "password": PASSWORD})
    with client.session_transaction() as session:
        csrf = session["csrf"]
    return app, client, csrf


def filter_changes(count: int, seed: int = 7) -> list[tuple[str, str, object]]:
    """(search, control changed, new value) of ``count`` filter changes at national level;
    another ``seed`` gives other selections (a measure over HTTP then meets selections no
    earlier measure computed, so it does not time the shared memo's hits)."""
    from pantau.reporting_calendar import add_months
    from pantau.reports.model import AGE_GROUPS, EXPLOITATION_TYPES, SEXES

    rng = random.Random(seed)
    changes = []
    params: dict[str, str] = {}
    end = dt.date.today().replace(day=1)
    for _ in range(count):
        kind = rng.choice(["sex", "exploitation", "age_group", "period_from", "measure", "metric"])
        if kind == "sex":
            value = rng.choice([*SEXES, None])
        elif kind == "exploitation":
            value = rng.choice([*EXPLOITATION_TYPES, None])
        elif kind == "age_group":
            value = rng.choice([*AGE_GROUPS, None])
        elif kind == "measure":
            value = rng.choice(["count", "rate"])
        elif kind == "metric":
            value = rng.choice(["victims", "overseas_victims", "police_reports", "activities"])
        else:
            months = rng.choice([3, 6, 12, 24, 36])
            start = add_months(end, -months)
            value = f"{start:%Y-%m}" if months >= 12 else f"{end.year}-01"
        if value is None:
            params.pop(kind, None)
        else:
            params[kind] = value
        search = "?" + "&".join(f"{key}={val}" for key, val in sorted(params.items()))
        changes.append((search, kind, value))
    return changes


@contextlib.contextmanager
def callback_context(*triggered: str):
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    token = context_value.set(
        AttributeDict(triggered_inputs=[{"prop_id": prop, "value": None} for prop in triggered])
    )
    try:
        yield
    finally:
        context_value.reset(token)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCKS["wall"]


def report(label: str, values: list[float]) -> None:
    print(
        f"  {label:<34} p50 {statistics.median(values) * 1000:7.1f} ms"
        f"   p95 {percentile(values, 0.95) * 1000:7.1f} ms   (n={len(values)})"
    )


def bench_in_process(app, changes, *, cold: bool) -> None:
    """Each change: the callbacks it triggers, called as functions in one request.

    ``cold`` empties the query layer's shared memo before every change: what a filter
    change costs just after new reports arrived (nothing derived from reports reusable)."""
    from flask import g

    from dashboard.callbacks import shell
    from dashboard.data import memo
    from pantau.access import Scope

    ringkasan = sys.modules["dashboard.pages.ringkasan"]
    timings: dict[str, list[float]] = {}

    @contextlib.contextmanager
    def request(*triggered: str):
        # A fresh request per callback, as the server handles them (no shared memo).
        with app.server.test_request_context("/"), callback_context(*triggered):
            g.pantau_scope = Scope.national()
            yield

    with request("_pages_location.search"):
        view = ringkasan.update_map("", "victims", None)[2]
    for search, kind, value in changes:
        if cold:
            memo.clear_shared_memo()
        spent: dict[str, float] = {}
        values = [None] * len(shell.CONTROL_FIELDS)
        if kind in shell.CONTROL_FIELDS:
            values[shell.CONTROL_FIELDS.index(kind)] = value
            with request(f"{shell.control_id(kind)}.value"):
                started = clock()
                shell.sync_filters(search, *values)
                spent["sync_filters (control)"] = clock() - started
        steps = {
            "sync_filters (url)": lambda s=search, v=values: shell.sync_filters(s, *v),
            "router (page kept)": lambda: ringkasan.layout(),
            "shell_view": lambda s=search: shell.shell_view("/", s, "id"),
            "update_parts": lambda s=search: ringkasan.update_parts(s, None),
            "update_map (patch)": lambda s=search: ringkasan.update_map(s, "victims", view),
        }
        for name, step in steps.items():
            with request(f"{_trigger(name)}.search"):
                started = clock()
                step()
                spent[name] = clock() - started
        for name, seconds in spent.items():
            timings.setdefault(name, []).append(seconds)
        timings.setdefault("TOTAL per filter change", []).append(sum(spent.values()))
    state = "cold: shared memo emptied before each change" if cold else "warm"
    print(f"In-process (callback functions, server time; {state}):")
    for name, values in timings.items():
        report(name, values)


def _trigger(name: str) -> str:
    """The location whose search change runs the callback ``name`` of a filter change on
    ``/``: the page's own, the page router's (Dash's) or the shell's."""
    if name.startswith("update_"):
        return "ringkasan-location"
    if name.startswith("router"):
        return "_pages_location"
    return "shell-location"


def _payload(app, fragment: str, inputs: dict, state: dict | None = None) -> dict:
    spec = next(key for key in app.callback_map if fragment in key)
    entry = app.callback_map[spec]
    outputs = [
        {"id": part.split(".")[0], "property": part.split(".")[-1]}
        for part in spec.strip(".").split("...")
    ]
    body_inputs = [  # a value by "id.property", or by "id" for every property of it
        {
            "id": item["id"],
            "property": item["property"],
            "value": inputs.get(f"{item['id']}.{item['property']}", inputs.get(item["id"])),
        }
        for item in entry["inputs"]
    ]
    body_state = [
        {"id": item["id"], "property": item["property"], "value": (state or {}).get(item["id"])}
        for item in entry.get("state", [])
    ]
    return {
        "output": spec,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": body_inputs,
        "state": body_state,
        "changedPropIds": [],
    }


def post_callback(client, csrf: str, body: dict, changed: str) -> tuple[float, bytes]:
    """POST one callback as the browser does (``changed`` triggered it): its server time
    on :data:`clock` and the response body."""
    body["changedPropIds"] = [changed]
    started = clock()
    response = client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": csrf})
    seconds = clock() - started
    if response.status_code not in (200, 204):
        raise RuntimeError(f"{response.status_code}: {response.get_data(as_text=True)[:300]}")
    return seconds, response.data


def bench_http(app, client, csrf: str, changes) -> tuple[int, int]:
    """Each change: POST every triggered callback; returns (full figure, patch) bytes."""
    from dashboard.callbacks import shell

    timings: dict[str, list[float]] = {}

    def post(body: dict, changed: str) -> tuple[float, bytes]:
        return post_callback(client, csrf, body, changed)

    map_body = _payload(
        app, "ringkasan-map.figure", {"ringkasan-location": "", "ringkasan-metric": "victims"}
    )
    _seconds, full = post(map_body, "ringkasan-location.search")
    import json

    view = json.loads(full)["response"]["ringkasan-view"]["data"]
    patch_bytes = 0
    for search, kind, value in changes:
        spent: dict[str, float] = {}
        location = {"shell-location": search}
        page_location = {"ringkasan-location": search}
        if kind in shell.CONTROL_FIELDS:
            controls = {shell.control_id(kind): value}
            body = _payload(app, "shell-regency.options", {**location, **controls})
            spent["sync_filters (control)"], _ = post(body, f"{shell.control_id(kind)}.value")
        bodies = {
            "sync_filters (url)": _payload(app, "shell-regency.options", location),
            "router (page kept)": _payload(
                app, "_pages_content.children", {"_pages_location": search}
            ),
            "shell_view": _payload(
                app,
                "shell-lang.data",
                {**location, "shell-location.pathname": "/"},
                {"shell-lang": "id"},
            ),
            "update_parts": _payload(app, "ringkasan-headlines.children", page_location),
            "update_map (patch)": _payload(
                app,
                "ringkasan-map.figure",
                {**page_location, "ringkasan-metric": "victims"},
                {"ringkasan-view": view},
            ),
        }
        for name, body in bodies.items():
            if name == "router (page kept)":
                body["inputs"][0]["value"] = "/"
                body["inputs"][1]["value"] = search
            seconds, data = post(body, f"{_trigger(name)}.search")
            spent[name] = seconds
            if name == "update_map (patch)":
                patch_bytes = max(patch_bytes, len(data))
        for name, seconds in spent.items():
            timings.setdefault(name, []).append(seconds)
        timings.setdefault("TOTAL per filter change", []).append(sum(spent.values()))
    print(
        "HTTP (POST /_dash-update-component, Flask test client, logged in; selections not "
        "asked for before, what they share with others warm):"
    )
    for name, values in timings.items():
        report(name, values)
    return len(full), patch_bytes, timings["TOTAL per filter change"]


OTHER_PAGES = (
    "/gugus-tugas",
    "/korban-luar-negeri",
    "/penegakan-hukum",
    "/kepatuhan",
    "/wilayah/32",
)
KEPT_PAGE_CALLBACKS = {
    # A page kept by the router redraws through its own callbacks on the URL's search.
    "/gugus-tugas": ("gugus-location", ("gugus-map.figure", "gugus-lists.children")),
}


def shell_bodies(app, path: str, search: str, kind: str, value) -> list[tuple[dict, str]]:
    """(body, changed prop) of the shell's callbacks a filter change triggers on any page:
    the control's sync (when a control changed), then the URL's sync and the shell's view
    (texts, links, PNG context)."""
    from dashboard.callbacks import shell

    location = {"shell-location": search}
    bodies = []
    if kind in shell.CONTROL_FIELDS:
        controls = {shell.control_id(kind): value}
        bodies.append(
            (
                _payload(app, "shell-regency.options", {**location, **controls}),
                f"{shell.control_id(kind)}.value",
            )
        )
    bodies.append((_payload(app, "shell-regency.options", location), "shell-location.search"))
    view = {**location, "shell-location.pathname": path}
    bodies.append(
        (_payload(app, "shell-lang.data", view, {"shell-lang": "id"}), "shell-location.search")
    )
    return bodies


def bench_pages(app, client, csrf: str, count: int) -> dict[str, list[float]]:
    """The other pages: a filter change runs the shell's callbacks and the router, which
    re-renders the page (figures computed in the layout) or keeps it, whose own callbacks
    then redraw it; the server time of all of them per change, over HTTP."""
    timings: dict[str, list[float]] = {}

    def post(body: dict, changed: str) -> float:
        return post_callback(client, csrf, body, changed)[0]

    for index, path in enumerate(OTHER_PAGES):
        for search, kind, value in filter_changes(count, seed=20 + index):
            router = _payload(app, "_pages_content.children", {"_pages_location": search})
            router["inputs"][0]["value"] = path
            router["inputs"][1]["value"] = search
            spent = [
                post(body, changed)
                for body, changed in shell_bodies(app, path, search, kind, value)
            ]
            spent.append(post(router, "_pages_location.search"))
            location, fragments = KEPT_PAGE_CALLBACKS.get(path, (None, ()))
            for fragment in fragments:
                spent.append(
                    post(_payload(app, fragment, {location: search}), f"{location}.search")
                )
            timings.setdefault(path, []).append(sum(spent))
    print(
        "Other pages (all callbacks of a filter change: shell, router re-rendering or keeping "
        "the page, the page's own; HTTP, selections not asked for before):"
    )
    for name, values in timings.items():
        report(name, values)
    return timings


def naive_callback(url: str, search: str, geojson: dict) -> str:
    """What a typical team ships: read every current fact, filter and sum in pandas, and
    send full figures (choropleth with the whole GeoJSON, bar trend) with the headlines."""
    import json
    from urllib.parse import parse_qsl

    import pandas as pd
    import plotly.express as px
    from plotly.utils import PlotlyJSONEncoder
    from sqlalchemy import create_engine

    params = dict(parse_qsl(search.lstrip("?")))
    engine = create_engine(url)
    facts = pd.read_sql("SELECT * FROM facts WHERE current", engine)
    engine.dispose()
    start = dt.date.fromisoformat(params.get("period_from", "2000-01") + "-01")
    facts["period"] = pd.to_datetime(facts["period"]).dt.date
    chosen = facts[(facts["metric"] == "victims") & (facts["period"] >= start)]
    for column in ("sex", "exploitation", "age_group"):
        if column in params:
            chosen = chosen[chosen[column] == params[column]]
    by_province = chosen.groupby("province_code", as_index=False)["value"].sum()
    choropleth = px.choropleth(
        by_province,
        geojson=geojson,
        locations="province_code",
        featureidkey="properties.code",
        color="value",
    )
    monthly = chosen.groupby("period", as_index=False)["value"].sum()
    trend = px.bar(monthly, x="period", y="value")
    enforcement = facts[(facts["metric"] == "enforcement") & (facts["period"] >= start)]
    headlines = {
        "victims": int(chosen["value"].sum()),
        "police_reports": int(
            enforcement.loc[enforcement["item"] == "police_reports", "value"].sum()
        ),
        "convicted": int(enforcement.loc[enforcement["item"] == "convicted", "value"].sum()),
    }
    return json.dumps(
        {"map": choropleth.to_plotly_json(), "trend": trend.to_plotly_json(), **headlines},
        cls=PlotlyJSONEncoder,
    )


def bench_naive(url: str, changes) -> list[float]:
    from geodata.layers import map_layer
    from pantau.settings import get_settings

    geojson = map_layer("province", "schematic", get_settings())
    timings = []
    for search, _kind, _value in changes:
        started = clock()
        naive_callback(url, search, geojson)
        timings.append(clock() - started)
    print("Naive pattern (pandas over every current fact, full px figures), same database:")
    report("naive callback per filter change", timings)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="build the database in this folder")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="build the database on PostgreSQL (PANTAU_TEST_POSTGRES_URL, default the local "
        "server as postgres) in a database of its own, dropped at the end",
    )
    parser.add_argument(
        "--growth",
        type=int,
        metavar="YEARS",
        help="also measure a database of YEARS years and print the ratio of the p95s",
    )
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="wall time, or this process's CPU time (steadier on a shared machine)",
    )
    args = parser.parse_args()
    global clock
    clock = CLOCKS[args.clock]
    print(f"Clock: {args.clock}")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pantau-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    base = measure(folder, args.years, args)
    if args.growth:
        print(f"\n--- the same with {args.growth} years of data ---")
        grown = measure(folder / f"{args.growth}-years", args.growth, args)
        print(
            f"Growth {args.years} -> {args.growth} years, p95 of all callbacks of a change "
            f"over HTTP: {base * 1000:.1f} -> {grown * 1000:.1f} ms ({grown / base:.2f}x; "
            "target <= 1.3x)"
        )


def measure(folder: Path, years: int, args) -> float:
    """Every figure for one database of ``years`` years; the HTTP p95 of a filter change."""
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "bench.db"
    started = time.perf_counter()
    with _database(database, years, args.postgres) as (url, built):
        if built:
            print(
                f"Built {url.split('@')[-1]}: {built[0]:,} reports, {built[1]:,} facts "
                f"({years} years x 552 regions) in {time.perf_counter() - started:.1f} s"
            )
        else:
            print(f"Reusing {database}")
        app, client, csrf = make_app(url, folder / "data")
        started = time.perf_counter()
        first = client.get("/")
        print(
            f"First GET / (index page): {(time.perf_counter() - started) * 1000:.0f} ms, "
            f"status {first.status_code}"
        )
        changes = filter_changes(args.changes)
        bench_in_process(app, changes, cold=True)
        bench_in_process(app, changes, cold=False)
        full, patch, ours = bench_http(app, client, csrf, filter_changes(args.changes, seed=8))
        print("Map update bytes (HTTP response of the map callback; the geometry is never in")
        print("it: the browser fetches each layer once from its URL and caches it):")
        print(f"  full figure (first draw)            {full:>9,} bytes")
        print(f"  dash.Patch (filter change, largest) {patch:>9,} bytes  (values, hover, labels)")
        bench_pages(app, client, csrf, args.changes)
        naive = bench_naive(url, changes[: max(5, args.changes // 4)])
        print(
            f"Ratio naive / Pantau at p95 (all callbacks of a change over HTTP): "
            f"{percentile(naive, 0.95) / percentile(ours, 0.95):.1f}x"
        )
        app.server.extensions["pantau_access_log"].close()
    return percentile(ours, 0.95)


@contextlib.contextmanager
def _database(path: Path, years: int, postgres: bool):
    """(url, (reports, facts) when built now, else None): SQLite at ``path`` (reused when
    it exists), or a PostgreSQL database of its own, dropped afterwards."""
    if not postgres:
        if path.exists():
            yield f"sqlite:///{path}", None
            return
        url, reports, facts = build_database(path, years)
        yield url, (reports, facts)
        return
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from pantau.db import engine_for

    admin_url = os.environ.get(
        "PANTAU_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"pantau_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        _url, reports, facts = build_database(path, years, url)
        yield url, (reports, facts)
    finally:
        engine_for.cache_clear()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
