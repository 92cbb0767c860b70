"""The release the scheduler makes after an ingest pass that changed data."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from pantau.models import Report
from pantau.releases.models import ReleaseReport
from pantau.releases.store import ReleaseError, ReleaseInfo, create_release, latest_release
from pantau.reporting_calendar import last_complete_month
from pantau.settings import Settings

log = logging.getLogger("pantau.releases")


def data_changed(engine: Engine, settings: Settings, today: dt.date | None = None) -> bool:
    """Whether a release made now would rest on other accepted reports than the latest
    one: reports of a month still open (not due yet) go into no release, so they change
    nothing (each ``pantau demo`` made a release of the same figures before)."""
    latest = latest_release(engine)
    if latest is None:
        return True
    end = last_complete_month(settings.report_due_day, today)
    with engine.connect() as connection:
        accepted = select(Report.id).where(
            Report.status == "accepted",
            Report.period >= latest.first_month,
            Report.period <= end,
        )
        unreleased = connection.scalar(
            select(func.count()).select_from(
                accepted.except_(
                    select(ReleaseReport.report_id).where(ReleaseReport.release_id == latest.number)
                ).subquery()
            )
        )
    return bool(unreleased)


def release_after_ingest(engine: Engine, settings: Settings) -> ReleaseInfo | None:
    """A new release when the data changed since the latest one; None otherwise.

    Never raises: a release that cannot be made is logged, the ingest pass stands.  Two
    schedulers finishing at once make one release (the second number collides).
    """
    try:
        if not data_changed(engine, settings):
            return None
        info = create_release(engine, settings)
    except (ReleaseError, IntegrityError) as exc:
        log.warning("no release after this ingest pass: %s", exc)
        return None
    log.info("release %d created from %d report(s)", info.number, info.reports)
    return info
