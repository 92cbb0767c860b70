"""Which reports a figure rests on: the live, current ones, or those frozen in a release.

Analysts' screens read the live register; meeting mode reads release N, whose reports are
listed in ``release_reports`` when it is made.  A report corrected later keeps its rows
(``current`` becomes false), so the register as release N knew it can always be rebuilt:
every query that picks "the current report" asks its basis instead of ``current`` or
``status``.  Task-force states hold no person counts, so they need no protection, only
this pinning: a meeting slide then never changes after the release.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, func, select, true

from pantau.releases.models import Release, ReleaseReport
from pantau.reporting_calendar import as_wib


@dataclass(frozen=True)
class Basis:
    """Live figures (``release`` None) or those of one release, its last report id and
    the day it was made (the "today" of decree expiry and overdue reports)."""

    release: int | None = None
    last_report_id: int | None = None
    day: dt.date | None = None

    def current(self, report_id: ColumnElement, live: ColumnElement[bool]) -> ColumnElement[bool]:
        """``live`` (e.g. ``TaskForce.current``) for live figures; for a release, whether
        the row's report is one the release rests on."""
        if self.release is None:
            return live
        return report_id.in_(
            select(ReleaseReport.report_id).where(ReleaseReport.release_id == self.release)
        )

    def known(self, report_id: ColumnElement) -> ColumnElement[bool]:
        """Reports loaded by the time of the release (every report, live)."""
        if self.last_report_id is None:
            return true()
        return report_id <= self.last_report_id


LIVE = Basis()


def release_basis(engine: Engine, number: int) -> Basis:
    """The basis of release ``number``: its reports, the newest of them and its day."""
    with engine.connect() as connection:
        created = connection.scalar(select(Release.created_at).where(Release.number == number))
        if created is None:
            raise LookupError(f"no release {number}")
        last = connection.scalar(
            select(func.max(ReleaseReport.report_id)).where(ReleaseReport.release_id == number)
        )
    return Basis(release=number, last_report_id=last or 0, day=as_wib(created).date())
