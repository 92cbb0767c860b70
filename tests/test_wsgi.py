"""The served app (``dashboard.wsgi``) is set up before gunicorn's threads take requests."""

from __future__ import annotations

import threading
import time

import dash._dash_renderer

from dashboard.app import ready_to_serve

REACT_DOM = next(
    path
    for dependency in dash._dash_renderer._js_dist_dependencies
    for path in dependency["relative_package_path"]["prod"]
    if "react-dom" in path
)
BUNDLE = f"/_dash-component-suites/dash/{REACT_DOM}"


def _bundle_statuses(server, threads: int = 6) -> list[int]:
    """The status of the React bundle asked for by ``threads`` threads at once."""
    statuses: list[int] = []
    start = threading.Barrier(threads)

    def ask() -> None:
        start.wait()
        statuses.append(server.test_client().get(BUNDLE).status_code)

    workers = [threading.Thread(target=ask) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return statuses


def test_every_thread_gets_the_bundles_of_a_freshly_started_app(
    settings, engine, build_app, monkeypatch
) -> None:
    """Dash sets itself up on its first request and marks it done first: threads arriving
    during a (here slowed) setup found no bundle registered and answered 500."""
    app = build_app(settings)
    generate = app._generate_scripts_html

    def slow_setup():
        time.sleep(0.3)
        return generate()

    monkeypatch.setattr(app, "_generate_scripts_html", slow_setup)
    server = ready_to_serve(app)
    assert _bundle_statuses(server) == [200] * 6
