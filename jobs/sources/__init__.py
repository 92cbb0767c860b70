"""Sources of reports and one pass over a source, recorded in the run log."""

from __future__ import annotations

import datetime as dt
import threading
import time

from sqlalchemy import Engine

from jobs.config import SourceConfig
from jobs.sources.base import FileResult, SourceResult
from jobs.sources.folder import run_folder
from jobs.sources.http import run_http
from pantau.reports.loading import database_down, outage_reason
from pantau.reports.runs import close_interrupted_runs, finish_run, note_outage, start_run
from pantau.settings import Settings

__all__ = ["FileResult", "SourceResult", "run_source"]


def run_source(
    engine: Engine,
    settings: Settings,
    source: SourceConfig,
    *,
    trigger: str = "cli",
    stop: threading.Event | None = None,
    scheduled_for: dt.datetime | None = None,
) -> SourceResult:
    """One pass of ``source``: never raises for the source's own failures, records them.

    Run it under the source's job lock: runs left ``running`` by a dead process are closed
    as ``interrupted`` first.  A database outage is raised; the run row stays ``running``
    with a note in the data dir, and the next pass marks it ``failed`` with the reason.
    """
    result = SourceResult(name=source.name, kind=source.kind)
    close_interrupted_runs(engine, source.name, settings.data_dir)
    result.run_id = start_run(
        engine, source.name, source.kind, trigger, scheduled_for=scheduled_for
    )
    try:
        if source.kind == "http":
            run_http(engine, settings, source, result, stop=stop)
        else:
            run_folder(engine, settings, source, result, stop=stop)
    except Exception as exc:  # a failing source is recorded, the others go on
        if database_down(exc):
            note_outage(settings.data_dir, result.run_id, outage_reason(exc))
            raise
        result.status = "failed"
        result.errors.append(f"{type(exc).__name__}: {exc}")
    result.duration = time.monotonic() - result.started
    try:
        finish_run(
            engine,
            result.run_id,
            files_seen=result.files_seen,
            accepted=result.accepted,
            rejected=result.rejected,
            skipped=result.duplicates,
            rows=result.rows,
            status=result.status,
            errors=result.errors,
        )
    except Exception as exc:
        if database_down(exc):
            note_outage(settings.data_dir, result.run_id, outage_reason(exc))
        raise
    return result
