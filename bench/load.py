"""Load benchmark: simulated users replaying browser callbacks against gunicorn (issue #9).

Run: ``.venv/bin/python bench/load.py [--users 50] [--seconds 60] [--think 0.5 2.0]
[--keep DIR] [--reuse] [--years 5] [--timeout 300]``

1. Builds the database of ``bench/dashboard.py`` (one synthetic report per region and month
   for ``--years`` years, all 552 regions; about 25 s) with a national user and a data
   release (meeting mode), or reuses the one kept in ``--keep`` (``--reuse``).
2. Starts gunicorn as the Procfile does (``gunicorn -c python:pantau.gunicorn_config
   dashboard.wsgi:server``: the config's workers, 4 threads each, gthread), bound to
   127.0.0.1 on a free port (``--bind`` after ``-c`` overrides the config's ``0.0.0.0``),
   and waits for ``/healthz``.
3. Captures realistic callback sequences once with headless Chromium (Playwright): logs in,
   opens ``/``, ``/gugus-tugas``, ``/korban-luar-negeri``, ``/penegakan-hukum``,
   ``/kepatuhan``, ``/wilayah/32`` and ``/rapat``, changes a few filters through the
   controls, and records every ``POST /_dash-update-component`` body, grouped by action
   (``captured.json`` in the bench folder).
4. Sends every captured action three times as one user alone, one request at a time (the
   first round warms the workers up): each callback's latency without queueing.
5. Logs ``--users`` simulated users in (each its own session through ``POST /login``; the
   callbacks carry ``X-CSRFToken`` from the ``_csrf_token`` cookie, as Dash's renderer
   does) and runs them concurrently for ``--seconds``: each user repeatedly picks a captured
   action, varies its filters (the ``search`` of the location and the matching control
   values: period, sex, exploitation, age group, metric, measure; the province of
   ``/wilayah/..``; the period of a meeting deck and the slide shown), sends that action's
   callbacks wave by wave (the callbacks the renderer sent together go together, on up to
   six keep-alive connections of that user, as a browser does; opening a page also GETs
   the page, ``/_dash-layout`` and ``/_dash-dependencies``), then thinks for a uniformly
   random ``--think MIN MAX`` seconds (default 0.5 to 2 s) before its next action.
6. Prints requests, requests/s, p50/p95/p99 latency per callback kind and overall, errors
   (status other than 200/204), connection resets, refusals and timeouts (counted apart),
   the CPU the workers, this client and other processes used (and the workers' CPU per
   request), and the resident memory (``VmRSS``) of every gunicorn worker at the start,
   middle and end of the run; then whether each target of the issue holds: p95 <= 300 ms,
   0 errors, 0 resets, worker memory flat (every worker's RSS at the end <= 1.1 x its RSS
   at the middle, and no worker replaced).

Loopback only; bounded in time: ``--timeout`` seconds for the whole run (the server is
stopped in any case).  Latencies are measured by the client, which shares the machine with
the server: on a small machine they include the client's own scheduling.  Static bundles
(``/_dash-component-suites/``, ``/assets/``) are not replayed: a browser has them cached.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import importlib.util
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]

USERNAME = "bench"
CHROMIUM = "/usr/bin/chromium"
CALLBACK_PATH = "/_dash-update-component"
PAGES = (
    "/",
    "/gugus-tugas",
    "/korban-luar-negeri",
    "/penegakan-hukum",
    "/kepatuhan",
    "/wilayah/32",
    "/rapat",
)
TARGET_P95 = 0.300
MEMORY_GROWTH = 1.10
REQUEST_TIMEOUT = 30.0
START_TIMEOUT = 60.0
WAVE_GAP = 0.03


def _dashboard_bench():
    """bench/dashboard.py as a module: its database builder and filter values are reused."""
    spec = importlib.util.spec_from_file_location("bench_dashboard", BENCH_DIR / "dashboard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- database and server ---------------------------------------------------------------


def prepare_database(folder: Path, years: int, reuse: bool, password: str) -> str:
    """The bench database in ``folder`` (built, or reused), with the bench user and a release."""
    from pantau.auth import UserError, create_user, set_password
    from pantau.db import create_db_engine
    from pantau.releases.store import create_release, latest_release
    from pantau.settings import Settings

    database = folder / "bench.db"
    started = time.perf_counter()
    if reuse and database.exists():
        url = f"sqlite:///{database}"
        print(f"database: reusing {database}")
    else:
        database.unlink(missing_ok=True)
        url, reports, facts = _dashboard_bench().build_database(database, years)
        print(f"database: {reports:,} reports, {facts:,} facts ({years} years x 552 regions)")
    engine = create_db_engine(url)
    try:
        create_user(engine, USERNAME, password, "nasional", None)
    except UserError:  # kept from an earlier run: make sure the password is this one
        set_password(engine, USERNAME, password)
    if latest_release(engine) is None:
        create_release(engine, Settings(data_dir=folder / "data", database_url=url))
    engine.dispose()
    print(f"database ready in {time.perf_counter() - started:.1f} s")
    return url


def free_port() -> int:
    """A TCP port free on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command(port: int) -> list[str]:
    """The Procfile's ``web`` command, bound to loopback (``--bind`` overrides ``-c``)."""
    procfile = (REPO / "Procfile").read_text()
    web = next(line for line in procfile.splitlines() if line.startswith("web:"))
    command = web.removeprefix("web:").split()
    local = Path(sys.executable).parent / command[0]
    command[0] = str(local) if local.exists() else shutil.which(command[0]) or command[0]
    return [*command[:-1], "--bind", f"127.0.0.1:{port}", command[-1]]


def start_server(url: str, folder: Path, port: int) -> subprocess.Popen:
    """gunicorn serving the dashboard on 127.0.0.1:``port``; its log goes to the folder."""
    env = {
        **os.environ,
        "PANTAU_DATABASE_URL": url,
        "PANTAU_DATA_DIR": str(folder / "data"),
        "PANTAU_SECRET_KEY": "load-bench-secret",
        "PORT": str(port),
    }
    log = (folder / "gunicorn.log").open("w")
    command = gunicorn_command(port)
    print(
        "server:", " ".join(Path(command[0]).name if i == 0 else c for i, c in enumerate(command))
    )
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_healthy(base: str, server: subprocess.Popen) -> None:
    """Return once ``/healthz`` answers 200; raise if the server exits or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{base}/healthz", timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM to the gunicorn master (a graceful stop), SIGKILL if it lingers."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: the processes whose parent is the master."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # the fields after the command (which may hold spaces) in parentheses
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master:
                pids.append(int(stat.parent.name))
    return sorted(pids)


def rss_mib(pid: int) -> float | None:
    """Resident memory of ``pid`` in MiB (``VmRSS`` of /proc), None once it is gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


# --- capture: what the browser sends ----------------------------------------------------


def browser_actions(base: str) -> list[tuple[str, str, object]]:
    """(name, page path, what to do) of the capture: page loads and filter changes."""

    def choose(control: str, option: str | None = None):
        def act(page) -> None:
            page.click(f"#{control}")
            options = page.get_by_role("option")
            (options.get_by_text(option, exact=True) if option else options.last).first.click()

        return act

    def click_text(container: str, text: str):
        return lambda page: page.locator(f"#{container}").get_by_text(text, exact=True).click()

    def goto(path: str):
        return lambda page: page.goto(f"{base}{path}", wait_until="networkidle")

    return [
        ("open /", "/", goto("/")),
        ("/ sex", "/", choose("shell-sex", "Laki-laki")),
        ("/ metric", "/", click_text("ringkasan-metric", "Laporan polisi")),
        ("/ exploitation", "/", choose("shell-exploitation")),
        ("open /gugus-tugas", "/gugus-tugas", goto("/gugus-tugas?age_group=child")),
        ("/gugus-tugas sex", "/gugus-tugas", choose("shell-sex", "Perempuan")),
        ("open /korban-luar-negeri", "/korban-luar-negeri", goto("/korban-luar-negeri")),
        ("/korban-luar-negeri age", "/korban-luar-negeri", choose("shell-age-group")),
        ("open /penegakan-hukum", "/penegakan-hukum", goto("/penegakan-hukum?sex=male")),
        ("open /kepatuhan", "/kepatuhan", goto("/kepatuhan")),
        ("/kepatuhan exploitation", "/kepatuhan", choose("shell-exploitation")),
        ("open /wilayah/32", "/wilayah/32", goto("/wilayah/32")),
        ("/wilayah/32 sex", "/wilayah/32", choose("shell-sex", "Laki-laki")),
        ("open /rapat", "/rapat", goto("/rapat?periode=triwulan")),
        ("/rapat next", "/rapat", lambda page: page.click("#rapat-next")),
        ("/rapat next again", "/rapat", lambda page: page.click("#rapat-next")),
    ]


def _is_callback(request) -> bool:
    return request.method == "POST" and urlsplit(request.url).path == CALLBACK_PATH


@dataclass
class _Recorder:
    """Callback request bodies of the current action, and the callbacks still in flight."""

    bodies: list[dict] = field(default_factory=list)
    pending: int = 0
    last: float = field(default_factory=time.monotonic)

    failures: list[str] = field(default_factory=list)

    def started(self, request) -> None:
        if _is_callback(request):
            query = urlsplit(request.url).query
            body = json.loads(request.post_data)
            self.bodies.append({"query": query, "body": body, "at": time.monotonic()})
            self.pending += 1
            self.last = time.monotonic()

    def ended(self, request) -> None:
        if _is_callback(request):
            self.pending -= 1
            self.last = time.monotonic()

    def answered(self, response) -> None:
        if response.status >= 400:
            self.failures.append(f"{response.status} {urlsplit(response.url).path}")

    def settle(self, page, quiet: float = 1.0, limit: float = 20.0) -> None:
        """Wait until no callback is in flight and none started for ``quiet`` seconds."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            page.wait_for_timeout(150)
            if self.pending <= 0 and time.monotonic() - self.last >= quiet:
                return


def waves(bodies: list[dict], gap: float = WAVE_GAP) -> list[list[dict]]:
    """Callbacks the renderer sent together (started within ``gap`` s), wave by wave."""
    grouped: list[list[dict]] = []
    previous = None
    for item in bodies:
        if previous is None or item["at"] - previous > gap:
            grouped.append([])
        grouped[-1].append({"query": item["query"], "body": item["body"]})
        previous = item["at"]
    return grouped


def capture(base: str, password: str) -> list[dict]:
    """Drive the pages in headless Chromium; every action's callback bodies, in order."""
    from playwright.sync_api import sync_playwright

    recorder = _Recorder()
    actions = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("request", recorder.started)
            page.on("requestfinished", recorder.ended)
            page.on("requestfailed", recorder.ended)
            page.on("response", recorder.answered)
            page.set_default_timeout(10_000)
            page.goto(f"{base}/login?next=/")
            page.fill("#username", USERNAME)
            page.fill("#password", password)
            page.locator("form button[type=submit], form input[type=submit]").first.click()
            page.wait_for_url(lambda address: "/login" not in address)
            recorder.settle(page)
            for name, path, act in browser_actions(base):
                recorder.bodies = []
                try:
                    act(page)
                except Exception as error:  # a control not found: capture the others
                    print(f"capture: {name} skipped ({type(error).__name__}: {error})"[:200])
                    continue
                recorder.last = time.monotonic()
                recorder.settle(page)
                if recorder.bodies:
                    actions.append({"name": name, "path": path, "waves": waves(recorder.bodies)})
        finally:
            browser.close()
    if recorder.failures:
        shown = ", ".join(sorted(set(recorder.failures)))
        print(f"capture: the browser got {len(recorder.failures)} failed responses: {shown}")
    return actions


# --- replay: varied filters -------------------------------------------------------------

CONTROL_PREFIX = "shell-"
PAGE_CONTROLS = {"ringkasan-metric": "metric", "gugus-metric": None}
KINDS = ("sex", "exploitation", "age_group", "period_from", "measure", "metric")
PROVINCES = ("11", "31", "32", "33", "35", "51", "53", "73", "94")
MEETING_PERIODS = ("bulan", "triwulan", "tahun")


def new_value(kind: str, rng: random.Random) -> str | None:
    """A value of filter ``kind`` a user may pick (None: the filter cleared)."""
    from pantau.reporting_calendar import add_months
    from pantau.reports.model import AGE_GROUPS, EXPLOITATION_TYPES, SEXES

    if kind == "sex":
        return rng.choice([*SEXES, None])
    if kind == "exploitation":
        return rng.choice([*EXPLOITATION_TYPES, None])
    if kind == "age_group":
        return rng.choice([*AGE_GROUPS, None])
    if kind == "measure":
        return rng.choice(["count", "rate"])
    if kind == "metric":
        return rng.choice(["victims", "overseas_victims", "police_reports", "activities"])
    months = rng.choice([3, 6, 12, 24, 36])
    end = dt.date.today().replace(day=1)
    return f"{add_months(end, -months):%Y-%m}" if months >= 12 else f"{end.year}-01"


def search_of(params: dict[str, str]) -> str:
    """The URL query of the filter ``params`` (empty without filters)."""
    return "?" + urlencode(sorted(params.items())) if params else ""


def changed_field(action: dict) -> str | None:
    """The filter an action changes through a control (None: a page opened, or a slide)."""
    first = action["waves"][0][0]["body"]
    for prop in first.get("changedPropIds", []):
        component, _, name = prop.partition(".")
        if name == "value" and component.startswith(CONTROL_PREFIX):
            return component.removeprefix(CONTROL_PREFIX).replace("-", "_")
        if name == "value" and component in PAGE_CONTROLS:
            return PAGE_CONTROLS[component]
    return None


def _items(body: dict) -> Iterator[dict]:
    """Every input and state item of a callback body (wildcard lists flattened)."""
    for part in ("inputs", "state"):
        for item in body.get(part, []):
            yield from item if isinstance(item, list) else [item]


def rewrite(body: dict, search: str, params: dict[str, str], path: str | None) -> dict:
    """``body`` with the location's search (and pathname) and the control values given."""
    body = copy.deepcopy(body)
    for item in _items(body):
        component, prop = item.get("id"), item.get("property")
        if not isinstance(component, str):
            continue
        if prop == "search":
            item["value"] = search
        elif prop == "pathname" and path is not None:
            item["value"] = path
        elif prop == "value" and component.startswith(CONTROL_PREFIX):
            name = component.removeprefix(CONTROL_PREFIX).replace("-", "_")
            keep = name in ("period_from", "period_to", "map_kind", "measure")
            item["value"] = params.get(name, item.get("value") if keep else None)
        elif prop == "value" and PAGE_CONTROLS.get(component):
            item["value"] = params.get(PAGE_CONTROLS[component], "victims")
    return body


def rewrite_slide(body: dict, search: str, rng: random.Random) -> dict:
    """A meeting-mode 'next slide' body for a random slide of the deck of ``search``."""
    body = copy.deepcopy(body)
    values = {item["id"]: item for item in _items(body)}
    slides = values["rapat-slides"]["value"]
    index = rng.randrange(max(1, len(slides["slides"]) - 1))
    slides["search"] = search
    values["rapat-index"]["value"] = index
    values["rapat-next"]["value"] = index + 1
    values["rapat-picker"]["value"] = str(index)
    return body


def callback_kind(body: dict, path: str) -> str:
    """A short name of the callback a body calls, for the table of latencies."""
    output = body["output"]
    names = {
        "_pages_content.children": f"router {path}",
        "shell-location.search": "shell sync_filters",
        "shell-lang.data": "shell view",
        "ringkasan-map.figure": "/ map",
        "ringkasan-headlines": "/ parts",
        "gugus-map.figure": "/gugus-tugas map",
        "gugus-lists": "/gugus-tugas lists",
        "rapat-stage": "/rapat next slide",
    }
    return next((name for key, name in names.items() if key in output), output[:40])


@dataclass
class Request:
    """One HTTP request of an action: GET ``path`` or POST ``body`` to the callback URL."""

    kind: str
    path: str
    body: dict | None = None


def plan(action: dict, state: dict, rng: random.Random) -> list[list[Request]]:
    """The requests of ``action`` for a user whose filters are ``state`` (updated), by wave.

    A page opened: its index, layout and dependencies, then its callbacks with one filter
    changed (a link followed).  A control changed: the first callback sees the old URL and
    the new control value, the others the new URL.  A slide: a random slide of the deck."""
    path = action["path"]
    params: dict[str, str] = state["params"]
    old_search = search_of(params)
    field = changed_field(action)
    if path.startswith("/wilayah/"):
        path = f"/wilayah/{rng.choice(PROVINCES)}"
    if path == "/rapat":
        search = f"?periode={rng.choice(MEETING_PERIODS)}"
        old_search = search
    else:
        kind = field or rng.choice(KINDS)
        value = new_value(kind, rng)
        params = {key: val for key, val in params.items() if key != kind}
        if value is not None:
            params[kind] = value
        search = search_of(params)
        state["params"] = params
    planned: list[list[Request]] = []
    if action["name"].startswith("open "):
        planned += [
            [Request("GET page", f"{path}{search}")],
            [Request("GET _dash-layout", "/_dash-layout")],
            [Request("GET _dash-dependencies", "/_dash-dependencies")],
        ]
    first = True
    for wave in action["waves"]:
        requests_of_wave = []
        for item in wave:
            body = item["body"]
            if "rapat-stage" in body["output"] and "rapat-next.n_clicks" in str(body):
                body = rewrite_slide(body, search, rng)
            elif first and field is not None:
                body = rewrite(body, old_search, params, path)
            else:
                body = rewrite(body, search, params, path)
            first = False
            url = f"{CALLBACK_PATH}?{item['query']}" if item["query"] else CALLBACK_PATH
            requests_of_wave.append(Request(callback_kind(body, _page_label(path)), url, body))
        planned.append(requests_of_wave)
    return planned


def _page_label(path: str) -> str:
    return "/wilayah/<province>" if path.startswith("/wilayah/") else path


# --- simulated users ----------------------------------------------------------------------


@dataclass
class Results:
    """Latencies by callback kind, errors by status, connection failures by cause."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if status == 204:  # Dash's answer when the callback changes nothing
                self.unchanged[kind] = self.unchanged.get(kind, 0) + 1
            if status not in (200, 204):
                key = f"{status} {kind}"
                self.errors[key] = self.errors.get(key, 0) + 1

    def failed(self, cause: str, kind: str, error: Exception) -> None:
        with self.lock:
            self.failures[cause] = self.failures.get(cause, 0) + 1
            if len(self.examples) < 10:
                self.examples.append(f"{cause} on {kind}: {type(error).__name__}: {error}"[:240])


def failure_cause(error: Exception) -> str:
    """``reset``, ``refused``, ``timeout`` or ``other`` for a failed request."""
    import requests

    if isinstance(error, requests.Timeout):
        return "timeout"
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = (
            current.__cause__
            or current.__context__
            or next(
                (arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)),
                None,
            )
        )
    text = " ".join(f"{type(item).__name__} {item}" for item in seen)
    if "ConnectionRefused" in text:
        return "refused"
    if any(word in text for word in ("ConnectionReset", "RemoteDisconnected", "BrokenPipe")):
        return "reset"
    if "timed out" in text.lower():
        return "timeout"
    return "other"


def log_in(base: str, password: str):
    """A ``requests`` session logged in as the bench user, with its CSRF token set."""
    import requests
    from requests.adapters import HTTPAdapter

    session = requests.Session()
    session.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=6, max_retries=0))
    form = session.get(f"{base}/login", timeout=REQUEST_TIMEOUT).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    data = {"csrf_token": token, "username": USERNAME, "password": password, "next": "/"}
    answer = session.post(f"{base}/login", data=data, timeout=REQUEST_TIMEOUT)
    csrf = session.cookies.get("_csrf_token")
    if answer.status_code != 200 or not csrf:
        raise RuntimeError(f"login failed: {answer.status_code}")
    session.headers.update({"X-CSRFToken": csrf, "Origin": base})
    return session


def send(session, base: str, request: Request, results: Results) -> None:
    """Send one request and record its latency, status or failure."""
    started = time.perf_counter()
    try:
        if request.body is None:
            # a redirect (to /login: the session lost) counts as an error, not followed
            response = session.get(
                f"{base}{request.path}", timeout=REQUEST_TIMEOUT, allow_redirects=False
            )
        else:
            response = session.post(
                f"{base}{request.path}", json=request.body, timeout=REQUEST_TIMEOUT
            )
        response.content  # noqa: B018 - the whole answer, as the browser reads it
    except Exception as error:
        results.failed(failure_cause(error), request.kind, error)
        return
    results.timed(request.kind, time.perf_counter() - started, response.status_code)


def run_user(
    session,
    base: str,
    actions: list[dict],
    think: tuple[float, float],
    seed: int,
    stop: threading.Event,
    pool,
    results: Results,
) -> None:
    """One user until ``stop``: an action (its waves in turn, a wave's callbacks at once on
    up to six connections, as the browser does), then think time."""
    try:
        _actions_until(session, base, actions, think, random.Random(seed), stop, pool, results)
    except Exception as error:  # a fault of this script: counted apart, shown at the end
        results.failed("bench fault", "user", error)


def _actions_until(session, base, actions, think, rng, stop, pool, results) -> None:
    state: dict = {"params": {}}
    stop.wait(rng.uniform(0, think[1]))  # users do not all start in the same instant
    while not stop.is_set():
        for wave in plan(rng.choice(actions), state, rng):
            if stop.is_set():
                return
            if len(wave) == 1:
                send(session, base, wave[0], results)
            else:
                futures = [pool.submit(send, session, base, item, results) for item in wave]
                for future in futures:
                    future.result()
        stop.wait(rng.uniform(*think))


# --- memory, figures and main -------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds ``pid`` has used (0 once it is gone)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def machine_busy_seconds() -> float:
    """CPU seconds all processes of the machine have used (``/proc/stat``, not idle)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(master: int) -> dict[str, float]:
    """CPU seconds so far of the server's workers, this client and the whole machine."""
    return {
        "server": sum(cpu_seconds(pid) for pid in worker_pids(master)),
        "client": sum(os.times()[:2]),
        "machine": machine_busy_seconds(),
    }


def print_cpu(before: dict[str, float], after: dict[str, float], elapsed: float, count: int):
    """Where the CPU went during the load, the server's CPU per request."""
    used = {name: after[name] - before[name] for name in before}
    others = max(0.0, used["machine"] - used["server"] - used["client"])
    cpus = len(os.sched_getaffinity(0))
    print(
        f"CPU during the load ({cpus} CPUs, {cpus * elapsed:.0f} CPU-s available): server workers "
        f"{used['server']:.1f} s ({used['server'] / max(count, 1) * 1000:.1f} ms per request), "
        f"this client {used['client']:.1f} s, other processes {others:.1f} s"
    )


def memory_snapshot(master: int) -> dict[int, float]:
    """RSS in MiB of every gunicorn worker now."""
    sizes = {pid: rss_mib(pid) for pid in worker_pids(master)}
    return {pid: size for pid, size in sizes.items() if size is not None}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def print_latencies(results: Results, alone: Results) -> list[float]:
    """The table of latencies per callback kind and over all (with the median of the same
    callbacks sent by one user alone); returns all latencies."""
    print(
        f"  {'kind':<34} {'n':>6} {'204':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'alone p50':>10}"
    )
    everything = [value for values in results.latencies.values() for value in values]
    solo = {kind: statistics.median(values) for kind, values in alone.latencies.items()}
    solo_all = [value for values in alone.latencies.values() for value in values]
    if solo_all:
        solo["ALL REQUESTS"] = statistics.median(solo_all)
    rows = sorted(results.latencies.items(), key=lambda row: -percentile(row[1], 0.95))
    unchanged = {**results.unchanged, "ALL REQUESTS": sum(results.unchanged.values())}
    for kind, values in [*rows, ("ALL REQUESTS", everything)]:
        print(
            f"  {kind:<34} {len(values):>6} {unchanged.get(kind, 0):>5} "
            f"{statistics.median(values) * 1000:>8.1f} "
            f"{percentile(values, 0.95) * 1000:>8.1f} {percentile(values, 0.99) * 1000:>8.1f} "
            f"{max(values) * 1000:>8.1f} "
            + (f"{solo[kind] * 1000:>10.1f}" if kind in solo else f"{'-':>10}")
        )
    return everything


def print_memory(snapshots: dict[str, dict[int, float]]) -> bool:
    """RSS of every worker at start, middle and end; whether memory stayed flat."""
    start, middle, end = snapshots["start"], snapshots["middle"], snapshots["end"]
    print(f"  {'worker pid':<12} {'start MiB':>10} {'middle MiB':>11} {'end MiB':>9}")
    flat = set(start) == set(middle) == set(end) and bool(end)
    for pid in sorted(set(start) | set(middle) | set(end)):
        cells = [snapshots[moment].get(pid) for moment in ("start", "middle", "end")]
        shown = [f"{cell:.1f}" if cell is not None else "-" for cell in cells]
        print(f"  {pid:<12} {shown[0]:>10} {shown[1]:>11} {shown[2]:>9}")
        if None in cells or cells[2] > cells[1] * MEMORY_GROWTH:
            flat = False
    totals = [sum(snapshots[moment].values()) for moment in ("start", "middle", "end")]
    print(f"  {'all workers':<12} {totals[0]:>10.1f} {totals[1]:>11.1f} {totals[2]:>9.1f}")
    return flat


def server_log_notes(log: Path) -> None:
    """Worker timeouts, restarts and tracebacks the server logged during the run."""
    text = log.read_text(errors="replace")
    notes = {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "worker timeouts": text.count("WORKER TIMEOUT"),
        "workers booted": text.count("Booting worker"),
        "5xx answers": len(re.findall(r'" 5\d\d \d', text)),
    }
    print("server log: " + ", ".join(f"{name} {count}" for name, count in notes.items()))


def load_actions(folder: Path, base: str, password: str, reuse: bool) -> list[dict]:
    """The captured actions: from ``captured.json`` with ``--reuse``, else captured now."""
    captured = folder / "captured.json"
    if reuse and captured.exists():
        actions = json.loads(captured.read_text())
        print(f"capture: reusing {captured}")
    else:
        started = time.perf_counter()
        actions = capture(base, password)
        captured.write_text(json.dumps(actions))
        print(f"capture: {time.perf_counter() - started:.1f} s in Chromium")
    calls = sum(len(wave) for action in actions for wave in action["waves"])
    print(f"capture: {len(actions)} actions, {calls} callbacks:")
    for action in actions:
        sizes = "+".join(str(len(wave)) for wave in action["waves"])
        print(f"  {action['name']:<28} callbacks by wave {sizes}")
    return actions


def run_alone(base: str, actions: list[dict], password: str, rounds: int = 3) -> Results:
    """Every action ``rounds`` times by one user without think time, one request at a time:
    each callback's latency without queueing (the first round warms the workers up and is
    left out)."""
    session = log_in(base, password)
    rng = random.Random(0)
    state: dict = {"params": {}}
    results = Results()
    for round_number in range(rounds):
        kept = results if round_number else Results()
        for action in actions:
            for wave in plan(action, state, rng):
                for request in wave:
                    send(session, base, request, kept)
    session.close()
    return results


def run_load(base: str, master: int, actions: list[dict], args, password: str) -> None:
    """Log the users in, run them for ``args.seconds``, print the figures and verdicts."""
    from concurrent.futures import ThreadPoolExecutor

    alone = run_alone(base, actions, password)
    with ThreadPoolExecutor(max_workers=4) as pool:
        sessions = list(pool.map(lambda _: log_in(base, password), range(args.users)))
    print(f"users: {len(sessions)} logged in, each with its own session")
    results = Results()
    stop = threading.Event()
    snapshots = {"start": memory_snapshot(master)}
    cpu_before = cpu_snapshot(master)
    pool = ThreadPoolExecutor(max_workers=max(8, args.users * 2))
    threads = [
        threading.Thread(
            target=run_user,
            args=(
                session,
                base,
                actions,
                tuple(args.think),
                args.seed + number,
                stop,
                pool,
                results,
            ),
            daemon=True,
        )
        for number, session in enumerate(sessions)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    try:
        stop.wait(args.seconds / 2)
        snapshots["middle"] = memory_snapshot(master)
        stop.wait(args.seconds / 2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
        pool.shutdown(wait=False, cancel_futures=True)
    elapsed = time.perf_counter() - started
    snapshots["end"] = memory_snapshot(master)
    cpu = (cpu_before, cpu_snapshot(master))
    report(results, alone, snapshots, cpu, elapsed, args)


def report(
    results: Results, alone: Results, snapshots: dict, cpu: tuple, elapsed: float, args
) -> None:
    """Print the figures and whether each target of the issue holds."""
    count = sum(len(values) for values in results.latencies.values())
    errors = sum(results.errors.values())
    resets = results.failures.get("reset", 0)
    print(
        f"\nload: {args.users} users for {elapsed:.1f} s, think {args.think[0]:g}-"
        f"{args.think[1]:g} s: {count} requests answered, {count / elapsed:.1f} requests/s"
    )
    print(
        "latency (client side, request sent to answer read; 204: Dash's 'nothing changed'; "
        "alone: one user, one request at a time, before the load):"
    )
    everything = print_latencies(results, alone)
    print(f"errors (status not 200/204): {errors}", dict(sorted(results.errors.items())) or "")
    failures = {
        cause: results.failures.get(cause, 0) for cause in ("reset", "refused", "timeout", "other")
    }
    print("connection failures: " + ", ".join(f"{k} {v}" for k, v in failures.items()))
    if results.failures.get("bench fault"):
        print(f"  users stopped by a fault of this script: {results.failures['bench fault']}")
    for example in results.examples:
        print(f"  {example}")
    print_cpu(*cpu, elapsed, count)
    print("worker memory (VmRSS):")
    flat = print_memory(snapshots)
    p95 = percentile(everything, 0.95) if everything else float("inf")
    verdicts = [
        (
            f"p95 <= {TARGET_P95 * 1000:.0f} ms per request (p95 {p95 * 1000:.1f} ms)",
            p95 <= TARGET_P95,
        ),
        (f"0 errors ({errors})", errors == 0),
        (
            f"0 connection resets ({resets}; refused {failures['refused']}, timeouts "
            f"{failures['timeout']}, other {failures['other']})",
            sum(failures.values()) == 0,
        ),
        (
            f"worker memory flat (each worker's end <= {MEMORY_GROWTH:g} x middle, "
            "no worker replaced)",
            flat,
        ),
    ]
    print("targets (issue #9):")
    for text, held in verdicts:
        print(f"  {'HOLDS ' if held else 'FAILS '} {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=[0.5, 2.0],
        metavar=("MIN", "MAX"),
        help="think time between actions, seconds",
    )
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="Build the database in DIR and keep it.")
    parser.add_argument(
        "--reuse", action="store_true", help="Reuse the database (and captured.json) in --keep."
    )
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="hard limit of the whole run, seconds"
    )
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _timed_out)
    signal.alarm(int(args.timeout))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pantau-load-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    password = _dashboard_bench().PASSWORD
    url = prepare_database(folder, args.years, args.reuse, password)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(url, folder, port)
    try:
        wait_healthy(base, server)
        actions = load_actions(folder, base, password, args.reuse)
        workers = worker_pids(server.pid)
        print(f"server: {len(workers)} workers, master pid {server.pid}, {base}")
        run_load(base, server.pid, actions, args, password)
    finally:
        signal.alarm(0)
        stop_server(server)
        server_log_notes(folder / "gunicorn.log")
        print(f"server stopped (exit {server.returncode}); its log: {folder / 'gunicorn.log'}")


def _timed_out(_signal: int, _frame) -> None:
    raise TimeoutError("the benchmark ran past --timeout")


if __name__ == "__main__":
    main()
