"""The HTTP source against a real local HTTP server: retries, timeouts, 304, bad JSON, auth."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from factories import simple_report
from sqlalchemy import func, select

from jobs.config import SourceConfig
from jobs.sources import run_source
from jobs.sources.http import SourceFailure, fetch, report_urls
from pantau.models import Fact, IngestionRun, Report, SourceState
from pantau.reports.writing import write_report

MAY = dt.date(2024, 5, 1)


@dataclass
class Route:
    """What one path answers: scripted failures first, then the body with validators."""

    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    failures: list[int] = field(default_factory=list)
    delay: float = 0.0


@dataclass
class Server:
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]]
    url: str


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Server]:
    """An http.server on 127.0.0.1 in a thread, answering from ``routes``."""
    requests: list[tuple[str, dict[str, str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append((self.path, dict(self.headers.items())))
            route = routes.get(self.path)
            if route is None:
                self._send(404, b"not found")
            elif route.delay and not route.failures:
                time.sleep(route.delay)
                self._send(200, route.body)
            elif route.failures:
                self._send(route.failures.pop(0), b"server error")
            elif (
                route.etag
                and self.headers.get("If-None-Match") == route.etag
                or route.last_modified
                and (self.headers.get("If-Modified-Since") == route.last_modified)
            ):
                self._send(304, b"")
            else:
                headers = {"Content-Type": "application/json"}
                if route.etag:
                    headers["ETag"] = route.etag
                if route.last_modified:
                    headers["Last-Modified"] = route.last_modified
                self._send(200, route.body, headers)

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            try:
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(routes, requests, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


def _source(url: str, **options) -> SourceConfig:
    values = {"timeout_seconds": 2.0, "retries": 2, "backoff_seconds": 0.05}
    values.update(options)
    return SourceConfig(name="ntt", kind="http", schedule="0 * * * *", url=url, **values)


def _report(code: str = "53.01", victims: int = 3) -> bytes:
    return write_report(simple_report(code, MAY, victims=victims), "json")


def _count(engine, model) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def test_one_report_then_304_does_nothing(engine, settings) -> None:
    routes = {
        "/r.json": Route(_report(), etag='"v1"', last_modified="Wed, 05 Jun 2024 01:00:00 GMT")
    }
    with serve(routes) as server:
        source = _source(f"{server.url}/r.json")
        first = run_source(engine, settings, source)
        facts = _count(engine, Fact)
        second = run_source(engine, settings, source)
    assert (first.status, first.accepted, first.rows) == ("ok", 1, facts)
    assert facts > 0
    assert (second.status, second.files_seen) == ("ok", 0)
    assert _count(engine, Fact) == facts
    assert server.requests[1][1].get("If-None-Match") == '"v1"'
    assert server.requests[1][1].get("If-Modified-Since") == "Wed, 05 Jun 2024 01:00:00 GMT"
    with engine.connect() as connection:
        stored = connection.execute(select(Report.file_name, Report.archive_path)).one()
        state = connection.execute(
            select(SourceState.etag).where(SourceState.name == "ntt")
        ).scalar_one()
    assert stored.file_name == "r.json"
    assert (settings.data_dir / stored.archive_path).read_bytes() == _report()
    assert state == '"v1"'


def test_server_errors_are_retried(engine, settings) -> None:
    routes = {"/r.json": Route(_report(), failures=[500, 503])}
    with serve(routes) as server:
        result = run_source(engine, settings, _source(f"{server.url}/r.json", retries=2))
    assert (result.status, result.accepted) == ("ok", 1)
    assert len(server.requests) == 3


def test_persistent_errors_fail_the_source_and_are_logged(engine, settings) -> None:
    routes = {"/r.json": Route(_report(), failures=[500, 500, 500, 500])}
    with serve(routes) as server:
        started = time.monotonic()
        result = run_source(engine, settings, _source(f"{server.url}/r.json", retries=2))
        elapsed = time.monotonic() - started
    assert result.status == "failed"
    assert "HTTP 500" in result.errors[0] and "3 attempt" in result.errors[0]
    assert len(server.requests) == 3
    assert elapsed >= 0.05 + 0.1  # backoff doubled between attempts
    with engine.connect() as connection:
        run = connection.execute(select(IngestionRun)).one()
    assert run.status == "failed" and "HTTP 500" in json.loads(run.errors)[0]
    assert _count(engine, Report) == 0


def test_client_errors_are_not_retried(engine, settings) -> None:
    with serve({}) as server:
        result = run_source(engine, settings, _source(f"{server.url}/missing.json"))
    assert result.status == "failed" and "HTTP 404" in result.errors[0]
    assert len(server.requests) == 1


def test_timeouts_are_retried_then_fail(engine, settings) -> None:
    routes = {"/slow.json": Route(_report(), delay=1.0)}
    with serve(routes) as server:
        source = _source(f"{server.url}/slow.json", timeout_seconds=0.2, retries=1)
        result = run_source(engine, settings, source)
    assert result.status == "failed"
    assert "timed out" in result.errors[0].lower()
    assert len(server.requests) == 2


def test_malformed_json_report_is_rejected_not_a_failure(engine, settings) -> None:
    routes = {"/r.json": Route(b'{"identitas": {"kode_wilayah": "53.01",', etag='"x"')}
    with serve(routes) as server:
        result = run_source(engine, settings, _source(f"{server.url}/r.json"))
    assert (result.status, result.rejected) == ("ok", 1)
    assert (settings.data_dir / "rejected" / "r.json.errors.txt").exists()
    assert _count(engine, Fact) == 0


def test_malformed_index_fails_the_source(engine, settings) -> None:
    routes = {"/index": Route(b"<html>maintenance</html>")}
    with serve(routes) as server:
        result = run_source(engine, settings, _source(f"{server.url}/index", format="index"))
    assert result.status == "failed" and "not valid JSON" in result.errors[0]


def test_index_fetches_each_report_conditionally(engine, settings) -> None:
    routes = {
        "/index": Route(
            json.dumps({"reports": ["r/53.01.json", {"url": "/r/53.02.json"}]}).encode(),
            etag='"i1"',
        ),
        "/r/53.01.json": Route(_report("53.01"), etag='"a1"'),
        "/r/53.02.json": Route(_report("53.02"), etag='"b1"'),
    }
    with serve(routes) as server:
        source = _source(f"{server.url}/index", format="index")
        first = run_source(engine, settings, source)
        # The index changes and one report is corrected: only that one is downloaded.
        routes["/index"].etag = '"i2"'
        routes["/r/53.02.json"] = Route(_report("53.02", victims=8), etag='"b2"')
        seen = len(server.requests)
        second = run_source(engine, settings, source)
        third = run_source(engine, settings, source)
    assert (first.accepted, second.accepted, second.files_seen) == (2, 1, 1)
    assert third.files_seen == 0
    later = [path for path, _ in server.requests[seen:]]
    assert later.count("/r/53.01.json") == 1  # asked, answered 304
    with engine.connect() as connection:
        statuses = sorted(connection.scalars(select(Report.status)))
    assert statuses == ["accepted", "accepted", "superseded"]


def test_auth_header_comes_from_the_environment(engine, settings, monkeypatch) -> None:
    routes = {"/r.json": Route(_report())}
    with serve(routes) as server:
        source = _source(f"{server.url}/r.json", auth_env="PANTAU_TEST_TOKEN")
        missing = run_source(engine, settings, source)
        monkeypatch.setenv("PANTAU_TEST_TOKEN", "s3cret")
        present = run_source(engine, settings, source)
    assert missing.status == "failed" and "PANTAU_TEST_TOKEN" in missing.errors[0]
    assert "s3cret" not in missing.errors[0]
    assert present.status == "ok"
    assert server.requests[-1][1]["Authorization"] == "Bearer s3cret"


def test_report_urls_resolves_relative_links() -> None:
    body = json.dumps(["a.json", {"url": "https://other.example/b.json"}]).encode()
    assert report_urls("https://x.example/api/index", body) == [
        "https://x.example/api/a.json",
        "https://other.example/b.json",
    ]
    with pytest.raises(SourceFailure, match="without a URL"):
        report_urls("https://x.example/", b'[{"name": "a"}]')
    with pytest.raises(SourceFailure, match="list of report URLs"):
        report_urls("https://x.example/", b'{"items": []}')


def test_fetch_returns_none_body_on_304() -> None:
    routes = {"/r.json": Route(b"{}", etag='"e"')}
    with serve(routes) as server:
        fetched = fetch(f"{server.url}/r.json", _source(server.url), etag='"e"')
    assert fetched.body is None and fetched.etag == '"e"'
