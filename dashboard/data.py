"""Read-only queries the pages use (the data access layer of the dashboard)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from pantau.context import open_engine
from pantau.models import Fact, Region, Report


@dataclass(frozen=True)
class NationalSummary:
    """The first national figures: regions known, latest period, victims in it."""

    provinces: int
    regencies: int
    latest_period: dt.date | None
    victims_latest: int
    synthetic: bool


def national_summary() -> NationalSummary:
    """Figures for the landing page, read from the configured database."""
    engine = open_engine()
    with engine.connect() as connection:
        kinds = dict(
            connection.execute(select(Region.kind, func.count()).group_by(Region.kind)).all()
        )
        latest = connection.scalar(
            select(func.max(Report.period)).where(Report.status == "accepted")
        )
        victims = 0
        if latest is not None:
            victims = connection.scalar(
                select(func.coalesce(func.sum(Fact.value), 0)).where(
                    Fact.metric == "victims", Fact.current.is_(True), Fact.period == latest
                )
            )
        synthetic = bool(
            connection.scalar(
                select(func.count())
                .select_from(Report)
                .where(Report.synthetic.is_(True), Report.status == "accepted")
            )
        )
    return NationalSummary(
        provinces=kinds.get("provinsi", 0),
        regencies=kinds.get("kabupaten", 0) + kinds.get("kota", 0),
        latest_period=latest,
        victims_latest=int(victims or 0),
        synthetic=synthetic,
    )
