"""The tables of data releases: one row per release, its cells and the reports it rests on.

``release_cells`` is keyed ``(release_id, table_name, period, region_code, metric,
breakdown, category)``: one slide's figures (a table and a period) are one range scan of
the primary key.  A hidden cell stores no value, only why it is hidden; the exact figure
never enters a release.  Rows are written once, when the release is created, and the ORM
refuses to change or delete them (:func:`_immutable`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from pantau.models import Base, BigId, utcnow


class Release(Base):
    """A numbered, immutable snapshot of the publication tables."""

    __tablename__ = "releases"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    data_as_of: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    first_month: Mapped[dt.date] = mapped_column(Date)
    last_month: Mapped[dt.date] = mapped_column(Date)
    threshold: Mapped[int] = mapped_column(Integer)
    reports: Mapped[int] = mapped_column(Integer)  # accepted reports it rests on
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    summary: Mapped[str] = mapped_column(Text)  # JSON: cells and hidden per table, audit


class ReleaseCell(Base):
    """One published figure of a release; ``value`` is None when ``hidden`` says why."""

    __tablename__ = "release_cells"

    release_id: Mapped[int] = mapped_column(
        ForeignKey("releases.number", ondelete="CASCADE"), primary_key=True
    )
    table_name: Mapped[str] = mapped_column(String(32), primary_key=True)
    period: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    region_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    metric: Mapped[str] = mapped_column(String(32), primary_key=True)
    breakdown: Mapped[str] = mapped_column(String(16), primary_key=True, default="")
    category: Mapped[str] = mapped_column(String(24), primary_key=True, default="")
    value: Mapped[int | None] = mapped_column(BigInteger)
    hidden: Mapped[str | None] = mapped_column(String(10))  # small, zero, complement


class ReleaseReport(Base):
    """A report version a release rests on (the change list compares these)."""

    __tablename__ = "release_reports"

    release_id: Mapped[int] = mapped_column(
        ForeignKey("releases.number", ondelete="CASCADE"), primary_key=True
    )
    report_id: Mapped[int] = mapped_column(BigId, ForeignKey("reports.id"), primary_key=True)


class ImmutableRelease(RuntimeError):
    """A release, once written, is never changed."""


def _immutable(mapper, connection, target) -> None:
    raise ImmutableRelease(f"{type(target).__name__} rows are immutable")


for _model in (Release, ReleaseCell, ReleaseReport):
    event.listen(_model, "before_update", _immutable)
    event.listen(_model, "before_delete", _immutable)
