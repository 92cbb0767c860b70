"""Benchmark: what the data access log adds to a filter change.

Run: ``.venv/bin/python bench/access_log.py [--requests 400]``

Builds the dashboard on a fresh SQLite database in a temporary folder, logs in as a
national user and replays one filter change (the shell's link callback, which answers
from the URL alone, so the logging is a large share of it) over HTTP through Flask's test
client, alternately with the access log on and with its ``record`` replaced by a no-op.
Prints the median and mean per request of both and the difference, then the time of one
``record`` call and how long the background writer takes to store the queued entries.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _timed(client, body, headers, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.post("/_dash-update-component", json=body, headers=headers)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pantau-bench-access-"))
    os.environ.update(
        PANTAU_DATA_DIR=str(folder),
        PANTAU_DATABASE_URL=f"sqlite:///{folder / 'pantau.db'}",
        PANTAU_SECRET_KEY="bench",
    )
    from pantau import schema
    from pantau.auth import create_user
    from pantau.db import engine_for
    from pantau.reference import load_reference_data
    from pantau.settings import get_settings

    settings = get_settings()
    engine = engine_for(settings.database_url)
    schema.upgrade(engine)
    load_reference_data(engine)
    create_user(engine, "analis", "correct horse battery", "nasional")
    from dashboard.app import create_app

    app = create_app(settings)
    client = app.server.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post(
        "/login",
        data={"csrf_token": token, "username": "analis", "password": "correct horse battery"},
    )
    with client.session_transaction() as session:
        headers = {"X-CSRFToken": session["csrf"]}
    key = next(k for k in app.callback_map if "shell-nav-ringkasan.href" in k)
    spec = app.callback_map[key]
    body = {
        "output": key,
        "outputs": [
            {"id": dep.component_id, "property": dep.component_property} for dep in spec["output"]
        ],
        "inputs": [
            {**item, "value": "?sex=female&province=33" if item["property"] == "search" else "/"}
            for item in spec["inputs"]
        ],
        "state": [{**item, "value": "id"} for item in spec.get("state", [])],
        "changedPropIds": ["shell-location.search"],
    }
    writer = app.server.extensions["pantau_access_log"]
    real_record = writer.record
    _timed(client, body, headers, 20)  # warm up
    on, off = [], []
    for _ in range(args.requests // 20):
        writer.record = real_record
        on += _timed(client, body, headers, 10)
        writer.record = lambda *a, **k: None
        off += _timed(client, body, headers, 10)
    writer.record = real_record
    ms = 1000
    print(f"filter change, {len(on)} requests each, milliseconds per request")
    for label, times in (("access log on ", on), ("access log off", off)):
        median, mean = statistics.median(times) * ms, statistics.mean(times) * ms
        print(f"  {label}: median {median:.3f}  mean {mean:.3f}")
    median = (statistics.median(on) - statistics.median(off)) * ms
    mean = (statistics.mean(on) - statistics.mean(off)) * ms
    print(f"  overhead      : median {median:+.3f}  mean {mean:+.3f}")
    start = time.perf_counter()
    for _ in range(1000):
        writer.record("analis", "127.0.0.1", "callback", key, {"search": "?sex=female"})
    queued = (time.perf_counter() - start) / 1000
    start = time.perf_counter()
    writer.flush()
    stored = time.perf_counter() - start
    print(f"one record() call: {queued * 1e6:.1f} µs")
    print(f"storing 1000 queued entries: {stored * ms:.1f} ms")


if __name__ == "__main__":
    main()
