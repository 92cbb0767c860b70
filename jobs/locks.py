"""Database locks that keep a job from running twice at once, across processes and machines.

PostgreSQL: a session advisory lock (``pg_try_advisory_lock``) held on a dedicated
connection for the job's duration; the server frees it if the process dies.  SQLite: a lease
row in ``job_locks`` taken in a ``BEGIN IMMEDIATE`` transaction, renewed by a heartbeat
thread while the job runs, and taken over by others once it expired, or at once when it
names a process of this host that no longer exists (a killed ``pantau ingest``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, delete, select, text, update
from sqlalchemy.dialects import sqlite

from pantau.models import JobLock

log = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A signed 64-bit advisory-lock key for a job name."""
    return int.from_bytes(
        hashlib.sha256(f"pantau-job:{name}".encode()).digest()[:8], "big", signed=True
    )


def holder_id() -> str:
    """Who holds a lease: host, process and a random part (unique per lock attempt)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


@contextmanager
def job_lock(engine: Engine, name: str, *, lease_seconds: float = 300) -> Iterator[bool]:
    """Try to take the lock of job ``name``; yields whether this process holds it.

    Never waits: a job that is already running elsewhere is simply skipped.
    """
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, name) as held:
            yield held
    else:
        with _lease(engine, name, lease_seconds) as held:
            yield held


@contextmanager
def _advisory_lock(engine: Engine, name: str) -> Iterator[bool]:
    key = lock_key(name)
    connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        held = bool(connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}))
        try:
            yield held
        finally:
            if held:
                connection.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
    finally:
        connection.close()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def holder_is_dead(holder: str) -> bool:
    """Whether a lease holder is a process of this host that no longer runs."""
    parts = holder.split(":")
    if len(parts) < 3 or not parts[-2].isdigit():
        return False
    host = ":".join(parts[:-2])
    if host != socket.gethostname()[:60]:
        return False  # another machine: only the lease's expiry tells
    pid = int(parts[-2])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, under another user
    return False


def acquire_lease(engine: Engine, name: str, holder: str, lease_seconds: float) -> bool:
    """Take or renew the lease of ``name`` for ``holder`` unless someone else holds it."""
    with engine.connect() as connection:
        _begin_immediate(connection)
        row = connection.execute(
            select(JobLock.holder, JobLock.expires_at).where(JobLock.name == name)
        ).first()
        if (
            row is not None
            and row.holder != holder
            and _aware(row.expires_at) > _now()
            and not holder_is_dead(row.holder)
        ):
            connection.rollback()
            return False
        expires = _now() + dt.timedelta(seconds=lease_seconds)
        statement = sqlite.insert(JobLock).values(name=name, holder=holder, expires_at=expires)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=[JobLock.name], set_={"holder": holder, "expires_at": expires}
            )
        )
        connection.commit()
        return True


def renew_lease(engine: Engine, name: str, holder: str, lease_seconds: float) -> bool:
    """Extend a lease this holder still has; False when it was lost."""
    with engine.begin() as connection:
        result = connection.execute(
            update(JobLock)
            .where(JobLock.name == name, JobLock.holder == holder)
            .values(expires_at=_now() + dt.timedelta(seconds=lease_seconds))
        )
        return result.rowcount == 1


def release_lease(engine: Engine, name: str, holder: str) -> None:
    """Give the lease back (only if this holder still has it)."""
    with engine.begin() as connection:
        connection.execute(delete(JobLock).where(JobLock.name == name, JobLock.holder == holder))


def _begin_immediate(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def _lease(engine: Engine, name: str, lease_seconds: float) -> Iterator[bool]:
    holder = holder_id()
    if not acquire_lease(engine, name, holder, lease_seconds):
        yield False
        return
    done = threading.Event()

    def heartbeat() -> None:
        while not done.wait(lease_seconds / 3):
            try:
                if not renew_lease(engine, name, holder, lease_seconds):
                    log.error("job %s: lease lost to another process", name)
                    return
            except Exception:
                log.exception("job %s: could not renew the lease", name)

    thread = threading.Thread(target=heartbeat, name=f"lease-{name}", daemon=True)
    thread.start()
    try:
        yield True
    finally:
        done.set()
        thread.join()
        release_lease(engine, name, holder)
