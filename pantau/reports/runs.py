"""The run log: one ``ingestion_runs`` row per pass of a source (scheduled, CLI or upload).

A run whose process died stays ``running`` until the next pass of its source closes it as
``interrupted``.  A run that lost its database cannot write its end: it leaves a note in
the data dir (``runs/<id>.outage``, :func:`note_outage`) and the next pass, once the
database is back, closes it as ``failed`` with that reason.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, Row, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from pantau.models import IngestionRun, SourceState, utcnow

RUN_STATUSES = ("running", "ok", "failed", "interrupted")
INTERRUPTED = (
    "the run ended before it finished (process killed or database unavailable); "
    "files not loaded are taken by the next run"
)
OUTAGE = (
    "the database became unavailable during the run ({reason}); "
    "files not loaded are taken by the next run"
)
OUTAGE_FOLDER = "runs"


@dataclass(frozen=True)
class RunSummary:
    """One row of the run log, as plain data."""

    id: int
    source: str
    kind: str
    trigger: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    files_seen: int
    accepted: int
    rejected: int
    skipped: int
    rows: int
    errors: tuple[str, ...]


def start_run(
    engine: Engine,
    source: str,
    kind: str,
    trigger: str,
    *,
    scheduled_for: dt.datetime | None = None,
) -> int:
    """Record that a pass of ``source`` starts now; returns the run id.

    ``scheduled_for`` is the scheduler's tick: a second run of the same tick of the same
    source violates a unique index (see :func:`tick_already_run`).
    """
    with engine.begin() as connection:
        return connection.execute(
            insert(IngestionRun)
            .values(
                source=source,
                kind=kind,
                trigger=trigger,
                started_at=utcnow(),
                scheduled_for=scheduled_for,
            )
            .returning(IngestionRun.id)
        ).scalar_one()


def tick_already_run(engine: Engine, source: str, scheduled_for: dt.datetime) -> bool:
    """Whether a run of this scheduled tick of ``source`` was already recorded."""
    with engine.connect() as connection:
        found = connection.scalar(
            select(IngestionRun.id).where(
                IngestionRun.source == source, IngestionRun.scheduled_for == scheduled_for
            )
        )
    return found is not None


def note_outage(data_dir: Path, run_id: int, reason: str) -> Path:
    """Remember, outside the unreachable database, that run ``run_id`` failed for
    ``reason`` (one line); :func:`close_interrupted_runs` records it later."""
    note = data_dir / OUTAGE_FOLDER / f"{run_id}.outage"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text(reason.splitlines()[0][:300] if reason else "", encoding="utf-8")
    return note


def close_interrupted_runs(engine: Engine, source: str, data_dir: Path | None = None) -> list[int]:
    """Close the source's runs still ``running``; returns their ids.

    A run with an outage note in ``data_dir`` becomes ``failed`` with the note's reason
    (the note is removed), any other ``interrupted``.  Call only while holding the
    source's job lock: then no other pass of the source runs, and a ``running`` row is
    left by a process that died or lost its database.
    """
    with engine.begin() as connection:
        ids = list(
            connection.scalars(
                select(IngestionRun.id).where(
                    IngestionRun.source == source, IngestionRun.status == "running"
                )
            )
        )
        notes: dict[int, Path] = {}
        for run_id in ids:
            note = data_dir / OUTAGE_FOLDER / f"{run_id}.outage" if data_dir else None
            if note is not None and note.is_file():
                notes[run_id] = note
                reason = note.read_text(encoding="utf-8").strip() or "unknown"
                status, errors = "failed", [OUTAGE.format(reason=reason)]
            else:
                status, errors = "interrupted", [INTERRUPTED]
            connection.execute(
                update(IngestionRun)
                .where(IngestionRun.id == run_id)
                .values(status=status, finished_at=utcnow(), errors=json.dumps(errors))
            )
    for note in notes.values():
        note.unlink(missing_ok=True)
    return ids


def finish_run(
    engine: Engine,
    run_id: int,
    *,
    files_seen: int = 0,
    accepted: int = 0,
    rejected: int = 0,
    skipped: int = 0,
    rows: int = 0,
    status: str = "ok",
    errors: Sequence[str] = (),
) -> None:
    """Close the run with its counts, status (``ok`` or ``failed``) and error messages.

    Also remembers the run as the source's last run in ``source_state``.
    """
    if status not in RUN_STATUSES:
        raise ValueError(f"unknown run status {status!r}")
    with engine.begin() as connection:
        source = connection.execute(
            update(IngestionRun)
            .where(IngestionRun.id == run_id)
            .values(
                finished_at=utcnow(),
                status=status,
                files_seen=files_seen,
                accepted=accepted,
                rejected=rejected,
                skipped=skipped,
                rows=rows,
                errors=json.dumps(list(errors), ensure_ascii=False) if errors else None,
            )
            .returning(IngestionRun.source)
        ).scalar_one()
        _remember_last_run(connection, source, run_id)


def _remember_last_run(connection, source: str, run_id: int) -> None:
    values = {"name": source, "last_run_id": run_id, "updated_at": utcnow()}
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(SourceState).values(**values)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[SourceState.name],
            set_={"last_run_id": run_id, "updated_at": values["updated_at"]},
        )
    )


def _summary(row: Row) -> RunSummary:
    return RunSummary(
        id=row.id,
        source=row.source,
        kind=row.kind,
        trigger=row.trigger,
        started_at=row.started_at,
        finished_at=row.finished_at,
        status=row.status,
        files_seen=row.files_seen,
        accepted=row.accepted,
        rejected=row.rejected,
        skipped=row.skipped,
        rows=row.rows,
        errors=tuple(json.loads(row.errors)) if row.errors else (),
    )


def last_runs(engine: Engine) -> dict[str, RunSummary]:
    """The latest run of every source that ever ran, by source name (one query)."""
    latest = (
        select(IngestionRun.source, func.max(IngestionRun.id).label("id"))
        .group_by(IngestionRun.source)
        .subquery()
    )
    with engine.connect() as connection:
        rows = connection.execute(
            select(IngestionRun).join(latest, IngestionRun.id == latest.c.id)
        ).all()
    return {row.source: _summary(row) for row in rows}


def recent_runs(engine: Engine, limit: int = 50, source: str | None = None) -> list[RunSummary]:
    """The latest runs, newest first, optionally of one source."""
    query = select(IngestionRun).order_by(IngestionRun.id.desc()).limit(limit)
    if source is not None:
        query = query.where(IngestionRun.source == source)
    with engine.connect() as connection:
        return [_summary(row) for row in connection.execute(query).all()]
