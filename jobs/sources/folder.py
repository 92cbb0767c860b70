"""Folder sources: the inbox of regional reports and the folder of Kemenlu tables.

A file is taken only when it is complete: not a temporary name, untouched for
``settle_seconds`` and with the same size and time over ``stable_interval``.  It leaves the
folder only after its report is committed (the loader has already copied it to
``archive/<YYYY-MM>/`` or ``rejected/``); a duplicate moves to ``duplicates/``.  A pass
killed half-way leaves the file in place, to be loaded by the next pass.  A file the
server cannot read (no permission, a dangling link, a pipe) is held for the admins with
its reason and moved to ``rejected/``, never skipped pass after pass.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import stat as stat_mode
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from jobs.config import SourceConfig
from jobs.sources.base import FileResult, SourceResult
from pantau.models import Report
from pantau.reports.loading import (
    content_hash,
    database_down,
    duplicate_outcome,
    ingest_file,
    known_hashes,
    reject_unreadable,
)
from pantau.reports.numbers import visible
from pantau.settings import Settings

CHUNK = 200  # files read and checked for duplicates together
IGNORED = ("~$*", ".*", "*.part", "*.partial", "*.tmp", "*.crdownload", "*.errors.txt")


@dataclass(frozen=True)
class Candidate:
    """A file that looks complete, with the stat it had when listed."""

    path: Path
    size: int
    mtime_ns: int


def ignored(name: str) -> bool:
    """Whether a file name is temporary or ours (lock files, partial uploads, error lists)."""
    return any(fnmatch.fnmatch(name, pattern) for pattern in IGNORED)


def list_ready(
    folder: Path,
    *,
    settle_seconds: float,
    stable_interval: float,
    now: float | None = None,
    waiting: list[str] | None = None,
) -> list[Candidate]:
    """Files of ``folder`` (and its subfolders) that are complete, oldest first; the names
    of files not settled yet are added to ``waiting``."""
    waiting = [] if waiting is None else waiting
    if not folder.is_dir():
        return []
    now = time.time() if now is None else now
    found: list[Candidate] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if ignored(name):
                continue
            path = Path(root, name)
            try:
                stat = _stat(path)
            except FileNotFoundError:
                continue
            if now - stat.st_mtime < settle_seconds:
                waiting.append(name)  # still being written, or just finished: next pass
                continue
            found.append(Candidate(path, stat.st_size, stat.st_mtime_ns))
    if found and stable_interval > 0:
        time.sleep(stable_interval)
        changed = [candidate for candidate in found if not _unchanged(candidate)]
        waiting += [candidate.path.name for candidate in changed]
        found = [candidate for candidate in found if candidate not in changed]
    return sorted(found, key=lambda c: (c.mtime_ns, str(c.path)))


def _stat(path: Path) -> os.stat_result:
    """The file's stat, or its link's when the target cannot be reached (a dangling or
    looping link is still a file to take out of the folder)."""
    try:
        return path.stat()
    except OSError:
        return path.lstat()


class NotARegularFile(OSError):
    """A pipe, socket or device in the folder: reading it could block forever."""


def read_file(path: Path) -> bytes:
    """The bytes of a regular file; :class:`NotARegularFile` for anything else."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat_mode.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotARegularFile(0, "not a regular file")
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(descriptor)


def _unchanged(candidate: Candidate) -> bool:
    try:
        stat = _stat(candidate.path)
    except FileNotFoundError:
        return False
    return stat.st_size == candidate.size and stat.st_mtime_ns == candidate.mtime_ns


def received_time(candidate: Candidate, mode: str) -> dt.datetime:
    """When the file counts as received: its modification time (never in the future) or now."""
    now = dt.datetime.now(dt.UTC)
    if mode == "now":
        return now
    return min(now, dt.datetime.fromtimestamp(candidate.mtime_ns / 1e9, dt.UTC))


def run_folder(
    engine: Engine,
    settings: Settings,
    source: SourceConfig,
    result: SourceResult,
    *,
    stop: threading.Event | None = None,
) -> None:
    """Load every complete file of the source's folder, oldest first."""
    assert source.path is not None
    source.path.mkdir(parents=True, exist_ok=True)
    candidates = list_ready(
        source.path,
        settle_seconds=source.settle_seconds,
        stable_interval=source.stable_interval,
        waiting=result.waiting,
    )
    for start in range(0, len(candidates), CHUNK):
        chunk: list[tuple[Candidate, bytes]] = []
        for candidate in candidates[start : start + CHUNK]:
            try:
                chunk.append((candidate, read_file(candidate.path)))
            except FileNotFoundError:
                if candidate.path.is_symlink():  # a dangling link
                    _unreadable(engine, settings, source, result, candidate, "dangling link")
                continue
            except OSError as exc:
                _unreadable(engine, settings, source, result, candidate, exc)
        # Content seen before is recognised in one query per chunk, without parsing.
        known = known_hashes(engine, [content_hash(data) for _, data in chunk])
        for candidate, data in chunk:
            if stop is not None and stop.is_set():
                result.errors.append("stopped before the remaining files; they stay for next pass")
                return
            _load_one(engine, settings, source, result, candidate, data, known)


def _load_one(
    engine: Engine,
    settings: Settings,
    source: SourceConfig,
    result: SourceResult,
    candidate: Candidate,
    data: bytes,
    known: dict[str, tuple[int, ...]],
) -> None:
    digest = content_hash(data)
    if digest in known and _left_behind(engine, source.name, candidate.path.name, digest):
        # Loaded and committed by a pass killed before it removed the file: not a duplicate.
        _clear(settings, candidate, data, "accepted")
        return
    if digest in known:
        outcome = duplicate_outcome(candidate.path.name, digest, known[digest])
    else:
        try:
            outcome = ingest_file(
                engine,
                data,
                candidate.path.name,
                source=source.name,
                settings=settings,
                run_id=result.run_id,
                received_at=received_time(candidate, source.received_time),
                kind=source.ingest_kind,
            )
        except Exception as exc:  # one broken file must not stop the others
            if database_down(exc):
                raise  # every other file would fail too: end the pass
            result.status = "failed"
            result.errors.append(f"{candidate.path.name}: {type(exc).__name__}: {exc}")
            return
        known[digest] = outcome.report_ids
    result.files.append(FileResult(candidate.path.name, outcome))
    _clear(settings, candidate, data, outcome.status)


def _unreadable(
    engine: Engine,
    settings: Settings,
    source: SourceConfig,
    result: SourceResult,
    candidate: Candidate,
    error: OSError | str,
) -> None:
    outcome = reject_unreadable(
        engine,
        candidate.path,
        error,
        source=source.name,
        settings=settings,
        run_id=result.run_id,
        received_at=received_time(candidate, source.received_time),
        kind=source.ingest_kind,
    )
    result.files.append(FileResult(candidate.path.name, outcome))


def _left_behind(engine: Engine, source: str, file_name: str, digest: str) -> bool:
    """Whether this very file (same source, name and content) was already stored."""
    with engine.connect() as connection:
        found = connection.scalar(
            select(Report.id).where(
                Report.content_hash == digest,
                Report.source == source,
                Report.file_name == visible(file_name)[:255],
            )
        )
    return found is not None


def _clear(settings: Settings, candidate: Candidate, data: bytes, status: str) -> None:
    """Take a loaded file out of the folder, unless it changed while it was loaded."""
    if not _unchanged(candidate):
        return  # rewritten meanwhile: the new content is loaded next pass
    if status == "duplicate":
        target = settings.path("duplicates", candidate.path.name)
        if target.exists():
            stem, dot, suffix = candidate.path.name.rpartition(".")
            tag = content_hash(data)[:10]
            name = f"{stem}.{tag}.{suffix}" if dot else f"{candidate.path.name}.{tag}"
            target = settings.path("duplicates", name)
        os.replace(candidate.path, target)
    else:
        candidate.path.unlink(missing_ok=True)
