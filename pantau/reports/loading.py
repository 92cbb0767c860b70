"""Load one received file: accepted or rejected as a whole, in one database transaction.

The file is hashed first: content seen before (accepted, rejected or superseded) is a
``duplicate`` and is neither parsed nor stored again.  A valid regional report becomes a new
version of its report key (``origin|region|YYYY-MM``) and supersedes the earlier version,
which stays in ``reports`` with its file and time; its facts and task-force row become
``current=False``.  An invalid file is stored as a ``rejected`` report with its reasons and
touches no fact.  With ``archive=True`` the file's bytes are copied into the data dir
(``archive/<YYYY-MM received>/`` or ``rejected/`` with ``<name>.errors.txt``) before the
commit, so every fact traces back to a stored file.

Two processes loading at once are kept apart by the unique ``(report_key, version)``
constraint (the loser retries and finds the winner's row), by a transaction-level advisory
lock on the content hash on PostgreSQL, and by ``BEGIN IMMEDIATE`` on SQLite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from pantau.models import Country, Fact, Region, Report, TaskForce
from pantau.reporting_calendar import as_wib, is_late, local_date
from pantau.reports.model import (
    ORIGIN_KEMENLU,
    ORIGIN_REGIONAL,
    FactValues,
    TaskForceStatus,
)
from pantau.reports.numbers import visible
from pantau.settings import Settings

if TYPE_CHECKING:
    from pantau.reports.messages import Problem

Kind = Literal["regional", "overseas"]
KINDS: tuple[str, ...] = ("regional", "overseas")
_LOCK_CLASS = 0x50414E54  # "PANT": the key space of content locks on PostgreSQL
_ATTEMPTS = 4
MAX_PROBLEMS = 100  # problems stored per report; the rest are counted in one more line


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one file."""

    status: str  # accepted, rejected, duplicate
    file_name: str
    content_hash: str
    report_ids: tuple[int, ...] = ()
    problems: tuple[Problem, ...] = ()
    rows: int = 0
    late: bool = False
    superseded: tuple[int, ...] = ()
    archive_path: str | None = None  # relative to the data dir
    file_format: str | None = None
    region_code: str | None = None
    periods: tuple[dt.date, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"

    @property
    def rejected(self) -> bool:
        return self.status == "rejected"

    @property
    def duplicate(self) -> bool:
        return self.status == "duplicate"


@dataclass(frozen=True)
class _Version:
    """One report to store from a valid file."""

    origin: str
    region_code: str | None
    period: dt.date
    facts: list[FactValues]
    task_force: TaskForceStatus | None = None
    synthetic: bool = False

    @property
    def key(self) -> str:
        return report_key(self.origin, self.region_code, self.period)


@dataclass(frozen=True)
class _Parsed:
    """The parser's verdict on a file, reduced to what the loader stores."""

    versions: list[_Version] = field(default_factory=list)
    problems: tuple[Problem, ...] = ()
    file_format: str | None = None
    origin: str = ORIGIN_REGIONAL
    region_code: str | None = None  # of a rejected file, when it could be read
    period: dt.date | None = None


def content_hash(data: bytes) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def report_key(origin: str, region_code: str | None, period: dt.date) -> str:
    """``origin|region|YYYY-MM``; national tables use ``national`` for the region."""
    return f"{origin}|{region_code or 'national'}|{period:%Y-%m}"


# --- reference data, cached per engine -------------------------------------------------


_reference_cache: weakref.WeakKeyDictionary[Engine, tuple[frozenset[str], frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


def _reference(engine: Engine) -> tuple[frozenset[str], frozenset[str]]:
    """The region codes and country codes in the database (read once per engine)."""
    cached = _reference_cache.get(engine)
    if cached is None:
        with engine.connect() as connection:
            regions = frozenset(connection.scalars(select(Region.code)))
            countries = frozenset(connection.scalars(select(Country.alpha2)))
        cached = (regions, countries)
        if regions:
            _reference_cache[engine] = cached
    return cached


# --- parsing ------------------------------------------------------------------------------


def _parse(kind: str, data: bytes, file_name: str, settings: Settings, today: dt.date) -> _Parsed:
    if kind == "regional":
        from pantau.reports.budget import Budget
        from pantau.reports.parse import parse_report

        outcome = parse_report(
            data,
            file_name,
            max_bytes=settings.max_report_bytes,
            today=today,
            budget=Budget.of(settings),
        )
        report = outcome.report
        if report is None or not outcome.ok:
            return _Parsed(
                problems=tuple(outcome.problems),
                file_format=outcome.file_format,
                region_code=outcome.region_code,
                period=outcome.period,
            )
        version = _Version(
            origin=ORIGIN_REGIONAL,
            region_code=report.region_code,
            period=report.period,
            facts=report.facts(),
            task_force=report.task_force,
            synthetic=report.synthetic,
        )
        return _Parsed(versions=[version], file_format=outcome.file_format)
    if kind == "overseas":
        from pantau.reports.national import parse_overseas_table

        table = parse_overseas_table(
            data, file_name, max_bytes=settings.max_report_bytes, today=today
        )
        if not table.months or any(p.is_error for p in table.problems):
            return _Parsed(
                problems=tuple(table.problems),
                file_format=table.file_format,
                origin=ORIGIN_KEMENLU,
            )
        versions = [
            _Version(
                origin=ORIGIN_KEMENLU,
                region_code=None,
                period=month.period,
                facts=month.facts(),
                synthetic=month.synthetic,
            )
            for month in table.months
        ]
        return _Parsed(versions=versions, file_format=table.file_format, origin=ORIGIN_KEMENLU)
    raise ValueError(f"unknown report kind {kind!r}; use one of {', '.join(KINDS)}")


# --- storing ------------------------------------------------------------------------------


def ingest_file(
    engine: Engine,
    data: bytes,
    file_name: str,
    *,
    source: str,
    settings: Settings,
    run_id: int | None = None,
    received_at: dt.datetime | None = None,
    kind: Kind = "regional",
    archive: bool = True,
) -> IngestOutcome:
    """Load one file's bytes; see the module docstring for what is stored where.

    ``received_at`` (default: now) decides lateness and which version is newest; ``run_id``
    ties the stored reports to a run of the log.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}; use one of {', '.join(KINDS)}")
    file_name = visible(Path(file_name).name) or "report"
    received = as_wib(received_at).astimezone(dt.UTC) if received_at else dt.datetime.now(dt.UTC)
    digest = content_hash(data)
    known = _known(engine, digest)
    if known:
        return IngestOutcome("duplicate", file_name, digest, report_ids=known)
    try:
        parsed = _parse(kind, data, file_name, settings, today=local_date(received))
    except Exception as exc:  # a reader's bug must not keep the file in the inbox forever
        parsed = _unprocessable(kind, file_name, exc)
    args = (data, file_name, digest, source, settings, run_id, received, archive)
    try:
        return _store_retrying(engine, parsed, *args)
    except Exception as exc:
        if database_down(exc):
            raise
        # The file's content could not be stored (a value the database refuses): the file
        # is rejected with the reason, never left to fail again on every pass.
        return _store_retrying(engine, _unprocessable(kind, file_name, exc), *args)


def reject_unreadable(
    engine: Engine,
    path: Path,
    error: OSError | str,
    *,
    source: str,
    settings: Settings,
    run_id: int | None = None,
    received_at: dt.datetime | None = None,
    kind: Kind = "regional",
) -> IngestOutcome:
    """Take a file the server cannot read (no permission, not a regular file) out of the
    folder: it is held for the admins with the reason and moved to ``rejected/``.

    Its bytes are unknown, so its identity is its path, size and time; a pass killed after
    the commit finds that row again and only moves the file.
    """
    from pantau.reports.messages import Problem

    file_name = visible(path.name) or "report"
    try:
        stat = path.lstat()
        identity = f"unreadable|{source}|{path}|{stat.st_size}|{stat.st_mtime_ns}"
    except OSError:
        identity = f"unreadable|{source}|{path}"
    digest = content_hash(identity.encode("utf-8", "surrogateescape"))
    received = as_wib(received_at).astimezone(dt.UTC) if received_at else dt.datetime.now(dt.UTC)
    detail = error if isinstance(error, str) else f"{type(error).__name__}: {error.strerror}"
    problem = Problem("unreadable_file", file_name, params={"detail": visible(detail)})
    target = settings.path("rejected", stored_name(file_name))
    if target.exists():
        target = settings.path("rejected", stored_name(file_name, digest[:10]))
    relative = target.relative_to(settings.data_dir).as_posix()
    known = _known(engine, digest)
    if not known:
        origin = ORIGIN_KEMENLU if kind == "overseas" else ORIGIN_REGIONAL
        with engine.begin() as connection:
            known = (
                connection.execute(
                    insert(Report)
                    .values(
                        source=source,
                        received_at=received,
                        file_name=file_name[:255],
                        content_hash=digest,
                        run_id=run_id,
                        origin=origin,
                        version=1,
                        archive_path=relative,
                        status="held" if origin == ORIGIN_REGIONAL else "rejected",
                        rejection_reasons=reasons_json([problem]),
                        row_count=0,
                    )
                    .returning(Report.id)
                ).scalar_one(),
            )
    os.replace(path, target)  # renaming needs no read permission
    _write_atomic(
        target.with_name(target.name + ".errors.txt"), errors_text(file_name, [problem]).encode()
    )
    return IngestOutcome(
        "rejected", file_name, digest, report_ids=known, problems=(problem,), archive_path=relative
    )


def stored_name(file_name: str, tag: str | None = None) -> str:
    """``file_name`` as stored in the data dir: with ``tag`` before the extension, and
    short enough that ``<name>.errors.txt`` and its temporary name fit a file system's
    255 bytes (a rejected inbox file of 250 bytes once failed every pass)."""
    stem, dot, suffix = file_name.rpartition(".")
    if not dot or len(suffix) > 10:
        stem, suffix = file_name, ""
    suffix = f".{suffix}" if suffix else ""
    extra = f".{tag}" if tag else ""
    # room for ".errors.txt" and the ".<name>.<pid>.part" of an atomic write
    while len(f"{stem}{extra}{suffix}".encode()) > 255 - 32 and stem:
        stem = stem[:-1]
    return f"{stem}{extra}{suffix}"


def _store_retrying(engine: Engine, parsed: _Parsed, *args) -> IngestOutcome:
    for attempt in range(_ATTEMPTS):
        try:
            return _store(engine, parsed, *args)
        except IntegrityError:
            # Another process stored a version of the same key first: look again.
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def database_down(exc: BaseException) -> bool:
    """Whether an error means the database is unreachable (not that it refused a value)."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError | InterfaceError) and not _refused_value(exc)


def outage_reason(exc: BaseException) -> str:
    """The first line of the driver's message of an outage, without SQL or parameters."""
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    return visible(lines[0][:160]) if lines else type(original).__name__


def _refused_value(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "too big" in text or "overflow" in text


def _unprocessable(kind: str, file_name: str, exc: BaseException) -> _Parsed:
    """A rejection that names the error, without SQL or parameters."""
    detail = type(exc).__name__
    if isinstance(exc, DBAPIError):
        detail = type(exc.orig).__name__ if exc.orig is not None else detail
    else:
        detail = f"{detail}: {str(exc).splitlines()[0][:120]}" if str(exc) else detail
    from pantau.reports.messages import Problem

    origin = ORIGIN_KEMENLU if kind == "overseas" else ORIGIN_REGIONAL
    problem = Problem("unprocessable", file_name, params={"detail": visible(detail)})
    return _Parsed(problems=(problem,), origin=origin)


def known_hashes(engine: Engine, hashes: Sequence[str]) -> dict[str, tuple[int, ...]]:
    """The stored reports of each content hash already seen (one query per 500 hashes)."""
    found: dict[str, list[int]] = {}
    unique = sorted(set(hashes))
    with engine.connect() as connection:
        for start in range(0, len(unique), 500):
            rows = connection.execute(
                select(Report.content_hash, Report.id)
                .where(Report.content_hash.in_(unique[start : start + 500]))
                .order_by(Report.id)
            )
            for digest, report_id in rows:
                found.setdefault(digest, []).append(report_id)
    return {digest: tuple(ids) for digest, ids in found.items()}


def duplicate_outcome(file_name: str, digest: str, report_ids: tuple[int, ...]) -> IngestOutcome:
    """The outcome of a file whose content was seen before."""
    return IngestOutcome("duplicate", Path(file_name).name, digest, report_ids=report_ids)


def _known(connection_or_engine: Engine | Connection, digest: str) -> tuple[int, ...]:
    query = select(Report.id).where(Report.content_hash == digest).order_by(Report.id)
    if isinstance(connection_or_engine, Connection):
        return tuple(connection_or_engine.scalars(query))
    with connection_or_engine.connect() as connection:
        return tuple(connection.scalars(query))


def _lock_number(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big", signed=True)


def _begin(connection: Connection, digest: str, keys: Sequence[str]) -> None:
    """Start the write transaction, serialised with other writers of the same content and
    of the same report keys (SQLite: with every other writer)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        # The content first, then the keys in a fixed order: no lock cycle is possible.
        for name in (f"content:{digest}", *(f"key:{key}" for key in sorted(set(keys)))):
            connection.exec_driver_sql(
                "SELECT pg_advisory_xact_lock(%(space)s, %(key)s)",
                {"space": _LOCK_CLASS, "key": _lock_number(name)},
            )


def _store(
    engine: Engine,
    parsed: _Parsed,
    data: bytes,
    file_name: str,
    digest: str,
    source: str,
    settings: Settings,
    run_id: int | None,
    received: dt.datetime,
    archive: bool,
) -> IngestOutcome:
    regions, countries = _reference(engine)
    keys = [version.key for version in parsed.versions]
    if parsed.region_code and parsed.period:
        keys.append(report_key(parsed.origin, parsed.region_code, parsed.period))
    placed: list[Path] = []  # files written by this attempt, removed if it fails
    try:
        with engine.connect() as connection:
            _begin(connection, digest, keys)
            known = _known(connection, digest)
            if known:
                connection.rollback()
                return IngestOutcome("duplicate", file_name, digest, report_ids=known)
            common = {
                "source": source,
                "received_at": received,
                "file_name": file_name[:255],
                "content_hash": digest,
                "file_format": parsed.file_format,
                "run_id": run_id,
            }
            place = _placer(settings, placed) if archive else None
            if parsed.problems and not parsed.versions:
                outcome = _store_rejected(
                    connection, parsed, common, regions, settings, place, data
                )
            else:
                outcome = _store_versions(connection, parsed, common, settings, place, data)
            connection.commit()
            return outcome
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise


def _next_version(connection: Connection, key: str) -> int:
    latest = connection.scalar(select(func.max(Report.version)).where(Report.report_key == key))
    return (latest or 0) + 1


def _store_rejected(
    connection: Connection,
    parsed: _Parsed,
    common: dict,
    regions: frozenset[str],
    settings: Settings,
    place: _Place | None,
    data: bytes,
) -> IngestOutcome:
    region = parsed.region_code if parsed.region_code in regions else None
    period = parsed.period
    key = None
    if period is not None and (region is not None or parsed.origin == ORIGIN_KEMENLU):
        key = report_key(parsed.origin, region, period)
    # A regional file whose region or period cannot be read belongs to no month of any
    # region: it is held for the admins (``pantau intake list``), never counted as a
    # national report.  The sender still gets the rejection and its errors.txt.
    held = parsed.origin == ORIGIN_REGIONAL and (region is None or period is None)
    stored_path = None
    if place is not None:
        stored_path = place("rejected", common["file_name"], data, parsed.problems)
    report_id = connection.execute(
        insert(Report)
        .values(
            **common,
            origin=parsed.origin,
            region_code=region,
            period=period,
            report_key=key,
            version=_next_version(connection, key) if key else 1,
            archive_path=stored_path,
            status="held" if held else "rejected",
            rejection_reasons=reasons_json(parsed.problems),
            late=bool(period and is_late(period, common["received_at"], settings.report_due_day)),
            row_count=0,
        )
        .returning(Report.id)
    ).scalar_one()
    return IngestOutcome(
        "rejected",
        common["file_name"],
        common["content_hash"],
        report_ids=(report_id,),
        problems=parsed.problems,
        archive_path=stored_path,
        file_format=parsed.file_format,
        region_code=region,
        periods=(period,) if period else (),
    )


def _store_versions(
    connection: Connection,
    parsed: _Parsed,
    common: dict,
    settings: Settings,
    place: _Place | None,
    data: bytes,
) -> IngestOutcome:
    received = common["received_at"]
    changed = [v for v in parsed.versions if v.origin != ORIGIN_KEMENLU or _changed(connection, v)]
    if not changed:
        # A national table whose every month equals what is stored: nothing new.
        return IngestOutcome("duplicate", common["file_name"], common["content_hash"])
    stored_path = None
    if place is not None:
        month = f"{local_date(received):%Y-%m}"
        stored_path = place(f"archive/{month}", common["file_name"], data, ())
    report_ids: list[int] = []
    superseded: list[int] = []
    rows = 0
    late = False
    for version in changed:
        report_id, replaced, current = _store_version(
            connection, version, common, stored_path, settings.report_due_day
        )
        report_ids.append(report_id)
        superseded.extend(replaced)
        rows += len(version.facts)
        late = late or is_late(version.period, received, settings.report_due_day)
    return IngestOutcome(
        "accepted",
        common["file_name"],
        common["content_hash"],
        report_ids=tuple(report_ids),
        problems=parsed.problems,
        rows=rows,
        late=late,
        superseded=tuple(superseded),
        archive_path=stored_path,
        file_format=parsed.file_format,
        region_code=changed[0].region_code,
        periods=tuple(v.period for v in changed),
    )


def _changed(connection: Connection, version: _Version) -> bool:
    """Whether a national month differs from the stored current version of its key."""
    current = connection.scalar(
        select(Report.id).where(Report.report_key == version.key, Report.status == "accepted")
    )
    if current is None:
        return True
    stored = connection.execute(
        select(Fact.metric, Fact.item, Fact.country, Fact.value).where(Fact.report_id == current)
    ).all()
    new = [(f.metric, f.item, f.country, f.value) for f in version.facts]
    return sorted(map(tuple, stored), key=repr) != sorted(new, key=repr)


def _store_version(
    connection: Connection,
    version: _Version,
    common: dict,
    stored_path: str | None,
    due_day: int,
) -> tuple[int, list[int], bool]:
    """Insert one report with its facts; returns (id, ids it superseded, current)."""
    key = version.key
    received = common["received_at"]
    previous = connection.execute(
        select(Report.id, Report.received_at).where(
            Report.report_key == key, Report.status == "accepted"
        )
    ).first()
    # A version received before the stored current one (files loaded out of order) is kept
    # for the record but does not replace the newer one.
    current = previous is None or as_wib(previous.received_at) <= received
    report_id = connection.execute(
        insert(Report)
        .values(
            **common,
            origin=version.origin,
            region_code=version.region_code,
            period=version.period,
            report_key=key,
            version=_next_version(connection, key),
            archive_path=stored_path,
            status="accepted" if current else "superseded",
            superseded_by_id=None if current else previous.id,
            late=is_late(version.period, received, due_day),
            synthetic=version.synthetic,
            row_count=len(version.facts),
        )
        .returning(Report.id)
    ).scalar_one()
    replaced: list[int] = []
    if current and previous is not None:
        _supersede(connection, previous.id, report_id)
        replaced.append(previous.id)
    province = version.region_code[:2] if version.region_code else None
    if version.task_force is not None and version.region_code is not None:
        _insert_task_force(connection, report_id, version, province, current)
    if version.facts:
        connection.execute(
            insert(Fact.__table__),  # Core executemany: no per-row ORM work
            [
                {
                    "report_id": report_id,
                    "origin": version.origin,
                    "region_code": version.region_code,
                    "province_code": province,
                    "period": version.period,
                    "current": current,
                    "metric": fact.metric,
                    "item": fact.item,
                    "sex": fact.sex,
                    "age_group": fact.age_group,
                    "exploitation": fact.exploitation,
                    "country": fact.country,
                    "value": fact.value,
                }
                for fact in version.facts
            ],
        )
    return report_id, replaced, current


class _Conflict(IntegrityError):
    """Another writer changed the report key meanwhile: roll back and try again."""

    def __init__(self, message: str) -> None:
        super().__init__(message, None, RuntimeError(message))


def _supersede(connection: Connection, old_id: int, new_id: int) -> None:
    result = connection.execute(
        update(Report)
        .where(Report.id == old_id, Report.status == "accepted")
        .values(status="superseded", superseded_by_id=new_id)
    )
    if result.rowcount != 1:
        raise _Conflict(f"report {old_id} was superseded by another writer")
    connection.execute(update(Fact).where(Fact.report_id == old_id).values(current=False))
    connection.execute(update(TaskForce).where(TaskForce.report_id == old_id).values(current=False))


def _insert_task_force(
    connection: Connection, report_id: int, version: _Version, province: str | None, current: bool
) -> None:
    status = version.task_force
    connection.execute(
        insert(TaskForce).values(
            report_id=report_id,
            region_code=version.region_code,
            province_code=province,
            period=version.period,
            current=current,
            established=status.established,
            decree_number=status.decree_number,
            decree_date=status.decree_date,
            valid_until=status.valid_until,
            chair=status.chair,
            member_agencies=";".join(status.member_agencies),
            action_plan=status.action_plan,
            budget_idr=status.budget_idr,
        )
    )


# --- problems and stored files ------------------------------------------------------------


def problem_record(problem: Problem) -> dict:
    """A problem as stored in ``reports.rejection_reasons``."""
    return {
        "code": problem.code,
        "file": problem.file,
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "message_id": problem.message("id"),
        "message_en": problem.message("en"),
    }


def stored_message(record: object, lang: str) -> str:
    """The message of a stored problem record in ``lang`` (what an officer reads)."""
    if not isinstance(record, dict):
        return str(record)
    message = record.get(f"message_{lang}") or record.get("message_id")
    return str(message) if message else str(record.get("code", ""))


def capped(problems: Sequence[Problem]) -> list[Problem]:
    """The first :data:`MAX_PROBLEMS` problems, and one line that counts the rest."""
    if len(problems) <= MAX_PROBLEMS:
        return list(problems)
    from pantau.reports.messages import Problem

    rest = len(problems) - MAX_PROBLEMS
    more = Problem("more_problems", problems[0].file, params={"count": f"{rest:,}"})
    return [*problems[:MAX_PROBLEMS], more]


def reasons_json(problems: Sequence[Problem]) -> str:
    """The JSON list stored for a rejected report (capped)."""
    return json.dumps([problem_record(p) for p in capped(problems)], ensure_ascii=False)


def errors_text(file_name: str, problems: Sequence[Problem]) -> str:
    """The ``<name>.errors.txt`` written beside a rejected file, Indonesian then English."""
    lines = [
        f"Berkas {file_name} ditolak. Perbaiki hal berikut lalu kirim ulang seluruh laporan.",
        f"The file {file_name} was rejected. Fix the following and send the whole report again.",
        "",
    ]
    for number, problem in enumerate(capped(problems), start=1):
        lines.append(f"{number}. {problem.message('id')}")
        lines.append(f"   {problem.message('en')}")
    return "\n".join(lines) + "\n"


_Place = Callable[[str, str, bytes, Sequence["Problem"]], str]


def _placer(settings: Settings, placed: list[Path]) -> _Place:
    """A :func:`_place` that records the files it creates in ``placed``."""

    def place(folder: str, file_name: str, data: bytes, problems: Sequence[Problem]) -> str:
        return _place(settings, folder, file_name, data, problems, placed)

    return place


def _place(
    settings: Settings,
    folder: str,
    file_name: str,
    data: bytes,
    problems: Sequence[Problem],
    placed: list[Path],
) -> str:
    """Write ``data`` under ``folder`` of the data dir (atomically), return its relative path.

    A different file already there under the same name keeps its place: the new one gets
    the start of its hash added to its name.  Files this call creates are added to
    ``placed``, so that a transaction that fails removes them again.
    """
    target = settings.path(folder, stored_name(file_name))
    if target.exists() and target.read_bytes() != data:
        target = settings.path(folder, stored_name(file_name, content_hash(data)[:10]))
    if not target.exists():
        _write_atomic(target, data)
        placed.append(target)
    if problems:
        errors = target.with_name(target.name + ".errors.txt")
        created = not errors.exists()
        _write_atomic(errors, errors_text(file_name, problems).encode())
        if created:
            placed.append(errors)
    return target.relative_to(settings.data_dir).as_posix()


def _write_atomic(target: Path, data: bytes) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
