"""HTTP sources: JSON reports pulled from a regional or national system.

``format = "report"``: the URL answers with one JSON report.  ``format = "index"``: the URL
answers with a JSON list of report URLs (strings, or objects with a ``url``), or an object
``{"reports": [...]}``; relative URLs are resolved against the index URL.

Every request is conditional: the ``ETag`` and ``Last-Modified`` of the last successful
answer are kept in ``source_state`` (one row for the URL of the source, one per report URL
of an index) and sent back as ``If-None-Match`` / ``If-Modified-Since``, so a ``304 Not
Modified`` costs nothing.  They are saved only after the report was committed.  Timeouts,
connection errors, 429 and 5xx answers are retried with exponential backoff; any other
error fails the source (recorded in the run log) without touching the data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from jobs.config import SourceConfig
from jobs.sources.base import FileResult, SourceResult
from pantau.models import SourceState, utcnow
from pantau.reports.loading import ingest_file
from pantau.settings import Settings, named_secret

USER_AGENT = "pantau-tppo/0.1 (+https://github.com/pantau-tppo)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF = 60.0


class SourceFailure(RuntimeError):
    """The source could not be read; the message says why."""


@dataclass(frozen=True)
class Fetched:
    """One answer: the body, or ``None`` when unchanged (304)."""

    url: str
    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None


def state_name(source: str, url: str | None = None) -> str:
    """The ``source_state`` row of a source's URL or of one report URL of its index."""
    if url is None:
        return source
    return f"{source}@{hashlib.sha256(url.encode()).hexdigest()[:20]}"


def _load_state(engine: Engine, name: str) -> tuple[str | None, str | None]:
    with engine.connect() as connection:
        row = connection.execute(
            select(SourceState.etag, SourceState.last_modified).where(SourceState.name == name)
        ).first()
    return (row.etag, row.last_modified) if row else (None, None)


def save_state(engine: Engine, name: str, etag: str | None, last_modified: str | None) -> None:
    """Remember the validators of the last answer of ``name``."""
    values = {"etag": etag, "last_modified": last_modified, "updated_at": utcnow()}
    with engine.begin() as connection:
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        connection.execute(
            dialect.insert(SourceState)
            .values(name=name, **values)
            .on_conflict_do_update(index_elements=[SourceState.name], set_=values)
        )


def _headers(source: SourceConfig) -> dict[str, str]:
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if source.auth_env:
        secret = named_secret(source.auth_env)
        if not secret:
            raise SourceFailure(
                f"the environment variable {source.auth_env} (auth_env of source "
                f"{source.name!r}) is not set"
            )
        value = f"{source.auth_scheme} {secret}" if source.auth_scheme else secret
        headers[source.auth_header] = value
    return headers


def fetch(
    url: str,
    source: SourceConfig,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = 10 * 1024 * 1024,
    stop: threading.Event | None = None,
) -> Fetched:
    """GET ``url`` conditionally, retrying timeouts and server errors with backoff."""
    headers = _headers(source)
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    problem = ""
    for attempt in range(source.retries + 1):
        if attempt:
            delay = min(MAX_BACKOFF, source.backoff_seconds * 2 ** (attempt - 1))
            if stop is not None and stop.wait(delay):
                break
            if stop is None:
                time.sleep(delay)
        try:
            with urllib.request.urlopen(request, timeout=source.timeout_seconds) as response:
                body = response.read(max_bytes + 1)
                return Fetched(
                    url, body, response.headers.get("ETag"), response.headers.get("Last-Modified")
                )
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return Fetched(url, None, etag, last_modified)
            problem = f"HTTP {exc.code} {exc.reason}"
            if exc.code not in RETRY_STATUSES:
                break
        except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            problem = f"{type(reason).__name__}: {reason}" if str(reason) else "timed out"
    raise SourceFailure(f"GET {url} failed after {attempt + 1} attempt(s): {problem}")


def _file_name(url: str, fallback: str) -> str:
    name = os.path.basename(urllib.parse.urlparse(url).path) or fallback
    return name if name.lower().endswith(".json") else f"{name}.json"


def report_urls(index_url: str, body: bytes) -> list[str]:
    """The report URLs listed by an index document."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceFailure(f"the index at {index_url} is not valid JSON ({exc})") from exc
    if isinstance(document, dict):
        document = document.get("reports")
    if not isinstance(document, list):
        raise SourceFailure(
            f"the index at {index_url} must be a JSON list of report URLs "
            'or an object {"reports": [...]}'
        )
    urls = []
    for entry in document:
        link = entry.get("url") if isinstance(entry, dict) else entry
        if not isinstance(link, str) or not link:
            raise SourceFailure(f"the index at {index_url} has an entry without a URL: {entry!r}")
        urls.append(urllib.parse.urljoin(index_url, link))
    return urls


def run_http(
    engine: Engine,
    settings: Settings,
    source: SourceConfig,
    result: SourceResult,
    *,
    stop: threading.Event | None = None,
) -> None:
    """Pull the source's URL (and, for an index, each report it lists) into the database."""
    assert source.url is not None
    etag, modified = _load_state(engine, state_name(source.name))
    top = fetch(
        source.url,
        source,
        etag=etag,
        last_modified=modified,
        max_bytes=settings.max_report_bytes,
        stop=stop,
    )
    if top.body is None:
        return  # unchanged since the last pass
    if source.format == "report":
        _load(engine, settings, source, result, top)
    else:
        for number, url in enumerate(report_urls(source.url, top.body), start=1):
            if stop is not None and stop.is_set():
                result.errors.append("stopped before the remaining reports; next pass fetches them")
                return
            etag_one, modified_one = _load_state(engine, state_name(source.name, url))
            fetched = fetch(
                url,
                source,
                etag=etag_one,
                last_modified=modified_one,
                max_bytes=settings.max_report_bytes,
                stop=stop,
            )
            if fetched.body is not None:
                _load(engine, settings, source, result, fetched, number)
                save_state(
                    engine,
                    state_name(source.name, url),
                    fetched.etag,
                    fetched.last_modified,
                )
    save_state(engine, state_name(source.name), top.etag, top.last_modified)


def _load(
    engine: Engine,
    settings: Settings,
    source: SourceConfig,
    result: SourceResult,
    fetched: Fetched,
    number: int = 1,
) -> None:
    assert fetched.body is not None
    name = _file_name(fetched.url, f"{source.name}-{number}")
    outcome = ingest_file(
        engine,
        fetched.body,
        name,
        source=source.name,
        settings=settings,
        run_id=result.run_id,
        received_at=dt.datetime.now(dt.UTC),
        kind=source.ingest_kind,
    )
    result.files.append(FileResult(name, outcome))
