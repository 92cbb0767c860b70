"""The data access log: who saw which data, when, from where, with which selection.

UU PDP 27/2022 expects access to personal data, here victim figures, to be traceable.
Every page, callback and export a logged-in user asks for is one ``data_access_log`` row
(user, time, address, kind, target, selection).  Rows are kept for
``settings.access_log_retention_days`` and then deleted (:func:`purge`).

Writing must not slow a filter change: :class:`AccessLogWriter` takes entries into a queue
(microseconds) and a background thread stores them in batches.  The writer is closed at
exit (queue stored, thread stopped); entries of a process killed with SIGKILL in the last
second may be lost.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import logging
import queue
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import OperationalError

from pantau.db import session_scope
from pantau.models import DataAccess, utcnow

LOG = logging.getLogger(__name__)
KINDS = ("page", "callback", "export")
FLUSH_SECONDS = 1.0
BATCH = 500
PURGE_EVERY = dt.timedelta(hours=1)


@dataclass(frozen=True)
class AccessEntry:
    """One data access as read back."""

    at: dt.datetime
    username: str
    address: str | None
    kind: str
    target: str
    selection: dict[str, Any]


def _row(
    username: str, address: str | None, kind: str, target: str, selection: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "username": username[:64],
        "address": (address or None) and address[:64],
        "kind": kind[:12],
        "target": target[:200],
        "selection": json.dumps(dict(selection), default=str, ensure_ascii=False)[:4000],
    }


def purge(engine: Engine, retention_days: int) -> int:
    """Delete entries older than ``retention_days``; how many went."""
    cutoff = utcnow() - dt.timedelta(days=retention_days)
    with session_scope(engine) as session:
        return session.execute(delete(DataAccess).where(DataAccess.at < cutoff)).rowcount or 0


class AccessLogWriter:
    """Stores access entries from a queue in a background thread, in batches."""

    def __init__(self, engine: Engine, retention_days: int) -> None:
        self.engine = engine
        self.retention_days = retention_days
        self._queue: queue.SimpleQueue[dict[str, Any] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._purged_at: dt.datetime | None = None
        # entries queued or being stored; flush() waits for the thread's batch in flight
        self._pending = 0
        self._settled = threading.Condition()
        self._closing = threading.Event()

    def record(
        self,
        username: str,
        address: str | None,
        kind: str,
        target: str,
        selection: Mapping[str, Any] | None = None,
    ) -> None:
        """Queue one entry (returns at once)."""
        with self._settled:
            self._pending += 1
        self._queue.put(_row(username, address, kind, target, selection or {}))
        if self._thread is None:
            self._start()

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="access-log", daemon=True)
            self._thread.start()
            atexit.register(self.close)

    def _take(
        self, first: dict[str, Any] | None, limit: int | None = BATCH
    ) -> list[dict[str, Any]]:
        """``first`` (if any) and what is queued now, at most ``limit`` rows (None: all);
        the ``None`` wake-ups of the queue are dropped."""
        rows = [first] if first is not None else []
        while limit is None or len(rows) < limit:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                rows.append(item)
        return rows

    def _store(self, rows: list[dict[str, Any]]) -> None:
        with session_scope(self.engine) as session:
            session.execute(insert(DataAccess), rows)
        now = utcnow()
        if self._purged_at is None or now - self._purged_at > PURGE_EVERY:
            self._purged_at = now
            purge(self.engine, self.retention_days)

    def _run(self) -> None:
        while not self._closing.is_set():
            first = self._queue.get()
            if first is None:  # close() wakes the thread with None
                continue
            rows = self._take(first)
            try:
                self._store(rows)
            except OperationalError as exc:  # the database is down: keep serving, say so
                LOG.error("%d data access entries not stored: %s", len(rows), exc.orig)
            except Exception:
                LOG.exception("%d data access entries not stored", len(rows))
            finally:
                self._done(len(rows))
            self._closing.wait(FLUSH_SECONDS)

    def _done(self, count: int) -> None:
        with self._settled:
            self._pending -= count
            self._settled.notify_all()

    def flush(self) -> None:
        """Store everything queued now, and wait for the batch the background thread is
        storing (at exit, before the admin page reads the log, and in tests)."""
        rows = self._take(None, limit=None)
        try:
            for start in range(0, len(rows), BATCH):
                self._store(rows[start : start + BATCH])
        finally:
            self._done(len(rows))
        with self._settled:  # a batch the thread took before us is stored too
            self._settled.wait_for(lambda: self._pending <= 0, timeout=10)

    def close(self) -> None:
        """Stop the background thread and store what is queued (at exit, and when a test
        tears its app down: a thread outliving its database would only log failures).
        Entries recorded afterwards are stored by :meth:`flush`."""
        self._closing.set()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout=10)
        try:
            self.flush()
        except OperationalError as exc:  # at exit with the database down: say what is lost
            LOG.error("data access entries not stored at close: %s", exc.orig)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def entries(
    engine: Engine,
    *,
    username: str | None = None,
    kind: str | None = None,
    target: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 500,
) -> list[AccessEntry]:
    """Entries newest first, filtered by user, kind, target (a part of it) and days (UTC)."""
    query = select(DataAccess).order_by(DataAccess.at.desc(), DataAccess.id.desc())
    if username:
        query = query.where(DataAccess.username == username)
    if kind:
        query = query.where(DataAccess.kind == kind)
    if target:
        query = query.where(DataAccess.target.contains(target, autoescape=True))
    if since is not None:
        query = query.where(DataAccess.at >= dt.datetime.combine(since, dt.time(), dt.UTC))
    if until is not None:
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), dt.UTC)
        query = query.where(DataAccess.at < end)
    with session_scope(engine) as session:
        return [
            AccessEntry(
                at=_utc(row.at),
                username=row.username,
                address=row.address,
                kind=row.kind,
                target=row.target,
                selection=json.loads(row.selection) if row.selection else {},
            )
            for row in session.scalars(query.limit(limit))
        ]
