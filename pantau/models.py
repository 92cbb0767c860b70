"""The data model: regions, countries, reports with their facts, runs, users and audit.

Facts are stored long: one row per (report, metric, dimensions) with a value, the region and
province codes and the period copied onto the row, and a ``current`` flag that is true only
for facts of the accepted, not superseded version of a report.  Any map metric for any
period range at any level is then one aggregate over an index on
``(metric, current, period)``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# An auto-incrementing 64-bit key that SQLite also auto-increments.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """Declarative base of every table."""


def utcnow() -> dt.datetime:
    """The current time in UTC, timezone-aware."""
    return dt.datetime.now(dt.UTC)


class Region(Base):
    """A province (``32``) or regency/city (``32.01``) with its Kemendagri code."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(10))  # provinsi, kabupaten, kota
    province_code: Mapped[str | None] = mapped_column(
        String(2), ForeignKey("regions.code"), index=True
    )
    capital: Mapped[str | None] = mapped_column(String(120))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    area_km2: Mapped[float | None] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(BigInteger)

    @property
    def level(self) -> str:
        """``province`` or ``regency``."""
        return "province" if self.kind == "provinsi" else "regency"


class Country(Base):
    """An ISO 3166 country with its English and Indonesian names."""

    __tablename__ = "countries"

    alpha2: Mapped[str] = mapped_column(String(2), primary_key=True)
    alpha3: Mapped[str] = mapped_column(String(3), unique=True)
    numeric: Mapped[str] = mapped_column(String(3))
    name_en: Mapped[str] = mapped_column(String(120))
    name_id: Mapped[str] = mapped_column(String(120))


class IngestionRun(Base):
    """One pass of one configured source (inbox, HTTP pull, upload, ...)."""

    __tablename__ = "ingestion_runs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    trigger: Mapped[str] = mapped_column(String(20), default="cli")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # running, ok, failed, interrupted (the process ended before it finished)
    status: Mapped[str] = mapped_column(String(16), default="running")
    files_seen: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[str | None] = mapped_column(Text)  # JSON list of messages
    # The scheduler's tick this run is for (None for CLI and upload runs): one run per tick.
    scheduled_for: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ux_ingestion_runs_tick", "source", "scheduled_for", unique=True),)


class Report(Base):
    """One received report file (or one month of a national table), in any state.

    ``origin`` says who produced the data (``gugus_tugas`` for a regional task force,
    ``kemenlu`` for the national overseas table); ``source`` names the configured source it
    came through.  A newer version for the same ``report_key`` (origin, region, period)
    supersedes the earlier one, which stays here with its file and time.
    """

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("report_key", "version", name="uq_reports_key_version"),
        Index("ix_reports_region_period", "region_code", "period", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    origin: Mapped[str] = mapped_column(String(20), default="gugus_tugas")
    source: Mapped[str] = mapped_column(String(64), index=True)
    region_code: Mapped[str | None] = mapped_column(String(5), ForeignKey("regions.code"))
    period: Mapped[dt.date | None] = mapped_column(Date, index=True)
    report_key: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    file_name: Mapped[str] = mapped_column(String(255))
    archive_path: Mapped[str | None] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    file_format: Mapped[str | None] = mapped_column(String(8))
    # accepted, rejected, superseded, held (rejected without a readable region or period)
    status: Mapped[str] = mapped_column(String(12))
    rejection_reasons: Mapped[str | None] = mapped_column(Text)  # JSON list of messages
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingestion_runs.id"), index=True)


class TaskForce(Base):
    """The task-force status a region declared in one report (its ``current`` row rules)."""

    __tablename__ = "task_forces"
    __table_args__ = (Index("ix_task_forces_region", "region_code", "current", "period"),)

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    region_code: Mapped[str] = mapped_column(String(5), ForeignKey("regions.code"))
    province_code: Mapped[str] = mapped_column(String(2))
    period: Mapped[dt.date] = mapped_column(Date)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    established: Mapped[bool] = mapped_column(Boolean)
    decree_number: Mapped[str | None] = mapped_column(String(120))
    decree_date: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)  # berlaku_sampai, if stated
    chair: Mapped[str | None] = mapped_column(String(200))
    member_agencies: Mapped[str | None] = mapped_column(Text)  # codes separated by ";"
    action_plan: Mapped[bool] = mapped_column(Boolean, default=False)
    budget_idr: Mapped[int | None] = mapped_column(BigInteger)


class Fact(Base):
    """One aggregate figure of a report.

    ``metric`` is one of ``activity_events``, ``activity_people`` (``item`` = activity
    type), ``victims`` (with ``sex``, ``age_group``, ``exploitation`` and ``country``,
    null for domestic), ``victim_services`` (``item`` = service), ``enforcement``
    (``item`` = stage), ``restitution_requested_idr``, ``restitution_awarded_idr`` and
    ``overseas_handled`` (national table, by ``country``).
    """

    __tablename__ = "facts"
    __table_args__ = (
        # covers what filter changes sum by: answered from the index alone (migration 0007)
        Index(
            "ix_facts_metric_period_covering",
            "metric",
            "current",
            "period",
            "region_code",
            "province_code",
            "item",
            "sex",
            "age_group",
            "exploitation",
            "country",
            "value",
        ),
        Index("ix_facts_province_metric", "province_code", "metric", "current", "period"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    origin: Mapped[str] = mapped_column(String(20))
    region_code: Mapped[str | None] = mapped_column(String(5), ForeignKey("regions.code"))
    province_code: Mapped[str | None] = mapped_column(String(2))
    period: Mapped[dt.date] = mapped_column(Date)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    metric: Mapped[str] = mapped_column(String(32))
    item: Mapped[str | None] = mapped_column(String(32))
    sex: Mapped[str | None] = mapped_column(String(8))
    age_group: Mapped[str | None] = mapped_column(String(8))
    exploitation: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2), ForeignKey("countries.alpha2"))
    value: Mapped[int] = mapped_column(BigInteger)


class SourceState(Base):
    """What a source remembers between runs (HTTP validators, last run)."""

    __tablename__ = "source_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(255))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("ingestion_runs.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class JobLock(Base):
    """A lease that keeps one job from running twice at once (SQLite; PostgreSQL uses
    advisory locks)."""

    __tablename__ = "job_locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class User(Base):
    """A person who may log in, with one role and, for regional roles, one region."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(12))  # admin, nasional, provinsi, kabupaten, rapat
    region_code: Mapped[str | None] = mapped_column(String(5), ForeignKey("regions.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    password_changed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    sessions_ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    """A login attempt, kept to rate-limit guessing per user and per address."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_user", "username", "at"),
        Index("ix_login_attempts_address", "address", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    success: Mapped[bool] = mapped_column(Boolean)


class AuditEvent(Base):
    """Who did what, when and from where (logins, exports, uploads, user changes)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    username: Mapped[str | None] = mapped_column(String(64), index=True)
    address: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40), index=True)
    outcome: Mapped[str] = mapped_column(String(12), default="ok")
    detail: Mapped[str | None] = mapped_column(Text)  # JSON object


class Contact(Base):
    """An official address of a region's office: the task-force secretariat, the Sekda or
    the head of region (offices, never private persons)."""

    __tablename__ = "contacts"
    __table_args__ = (
        UniqueConstraint("region_code", "role", "email", name="uq_contacts_region_role_email"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(String(5), ForeignKey("regions.code"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # sekretariat, sekda, kepala_daerah
    office: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Reminder(Base):
    """One step of the reminder ladder for one region and its run of missing months.

    ``first_month`` is the first month of the run: a step is sent once per run, whatever
    the number of months the run grows to.  Unsent rows (``sent_at`` empty, ``error`` set)
    are retried on the next run.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("step", "region_code", "first_month", name="uq_reminders_step_run"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    step: Mapped[str] = mapped_column(String(32))
    region_code: Mapped[str] = mapped_column(String(5), ForeignKey("regions.code"), index=True)
    first_month: Mapped[dt.date] = mapped_column(Date)
    months: Mapped[str] = mapped_column(Text)  # YYYY-MM separated by ","
    recipients: Mapped[str] = mapped_column(Text)  # addresses separated by ","
    letter_number: Mapped[str | None] = mapped_column(String(80))
    letter_path: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)


class Directive(Base):
    """An instruction to regional governments whose follow-up is tracked: a circular letter
    (e.g. 200.6.6/8791/SJ) or a decision of a coordination meeting."""

    __tablename__ = "directives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(120), unique=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300))
    addressees: Mapped[str] = mapped_column(String(20))  # all, province, list
    addressee_codes: Mapped[str | None] = mapped_column(Text)  # province code or codes by ";"
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    done_when: Mapped[str] = mapped_column(String(20), default="acted")  # acknowledged, acted
    done_text: Mapped[str | None] = mapped_column(Text)  # what counts as done, in words
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FollowUp(Base):
    """One addressee's follow-up of a directive."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        UniqueConstraint("directive_id", "region_code", name="uq_follow_ups_directive_region"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    directive_id: Mapped[int] = mapped_column(
        ForeignKey("directives.id", ondelete="CASCADE"), index=True
    )
    region_code: Mapped[str] = mapped_column(String(5), ForeignKey("regions.code"))
    acknowledged_on: Mapped[dt.date | None] = mapped_column(Date)
    acted_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    evidence_path: Mapped[str | None] = mapped_column(String(500))  # a stored document
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LoginThrottle(Base):
    """Failed password checks per key (user, user at address, address) and when to allow
    the next one; updated by compare-and-swap so parallel logins cannot overrun a limit."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    next_allowed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class DataAccess(Base):
    """One view of data: a page, a callback or an export, with its selection (UU PDP)."""

    __tablename__ = "data_access_log"
    __table_args__ = (
        Index("ix_data_access_log_at", "at"),
        Index("ix_data_access_log_user", "username", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(12))  # page, callback, export
    target: Mapped[str] = mapped_column(String(200))  # path or callback output
    selection: Mapped[str | None] = mapped_column(Text)  # JSON object
