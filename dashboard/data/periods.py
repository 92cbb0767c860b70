"""The period a page shows, on the reporting calendar (:mod:`pantau.reporting_calendar`):
the default end is the last complete month for every page and role, a month whose reports
are not due yet is marked open, and no page works on more months than the data can hold.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select

from dashboard.data.memo import shared_memo
from dashboard.filters import FilterState, Period
from dashboard.selection import Selection
from pantau.models import Report
from pantau.reporting_calendar import (
    add_months,
    due_date,
    is_due,
    last_complete_month,
    month_start,
    today_wib,
)
from pantau.settings import Settings


def month_bounds(engine: Engine) -> tuple[dt.date, dt.date] | None:
    """The first and last month of accepted reports, None without any (once per request)."""
    return shared_memo(("month_bounds",), engine, lambda: _month_bounds(engine))


def _month_bounds(engine: Engine) -> tuple[dt.date, dt.date] | None:
    with engine.connect() as connection:
        first, last = connection.execute(
            select(func.min(Report.period), func.max(Report.period)).where(
                Report.status == "accepted", Report.period.is_not(None)
            )
        ).one()
    return (first, last) if first and last else None


def default_period_end(engine: Engine, settings: Settings, today: dt.date | None = None) -> dt.date:
    """Where every page's period ends unless the URL says otherwise, for every role.

    The last complete month (:func:`pantau.reporting_calendar.last_complete_month`), or
    the newest month of any accepted report when the data stops earlier; never a month
    whose reports are not due yet.
    """
    complete = last_complete_month(settings.report_due_day, today)
    bounds = month_bounds(engine)
    return min(complete, bounds[1]) if bounds else complete


def clamp_months(
    start: dt.date, end: dt.date, engine: Engine, settings: Settings
) -> tuple[dt.date, dt.date]:
    """``start``..``end`` inside the data's range: from the first month of any accepted
    report to the current month (still open, so marked incomplete where shown; or the
    newest report month, if later).  A range wholly outside becomes the range's nearest
    month, so no page or export ever works on more months than the data can hold
    (2000-2100 once exported 57.6 MB)."""
    bounds = month_bounds(engine)
    now = month_start(today_wib())
    first, last = (bounds[0], max(bounds[1], now)) if bounds else (now, now)
    clamped_start = min(max(start, first), last)
    return clamped_start, max(min(end, last), clamped_start)


PAGE_MONTHS_MAX = 120


def page_period(filters: FilterState, engine: Engine, settings: Settings) -> Period:
    """The period every page shows for ``filters``: the URL's months, else the default
    ending at :func:`default_period_end`; never past the current month and never longer
    than :data:`PAGE_MONTHS_MAX` months (a 2000-2100 URL is cut, not computed).  Unlike an
    export, a page keeps months before the first report: its comparison with the period
    before needs the length the user chose."""
    chosen = filters.period(default_period_end(engine, settings))
    end = min(chosen.end, month_start(today_wib()))
    start = min(max(chosen.start, add_months(end, 1 - PAGE_MONTHS_MAX)), end)
    return Period(start, end)


def is_open_month(month: dt.date, settings: Settings, today: dt.date | None = None) -> bool:
    """Whether ``month``'s reports are not due yet, so its figures are still incomplete."""
    return not is_due(month, settings.report_due_day, today)


def months_of(period: Period) -> list[dt.date]:
    """Every month of ``period``."""
    return [add_months(period.start, index) for index in range(period.months)]


def due_months(period: Period, settings: Settings, today: dt.date | None = None) -> list[dt.date]:
    """The months of ``period`` whose report due day has passed."""
    today = today or today_wib()
    return [
        month for month in months_of(period) if today > due_date(month, settings.report_due_day)
    ]


def page_selection(
    filters: FilterState, engine: Engine, settings: Settings, country: str | None = None
) -> Selection:
    """What every page queries for ``filters``: the selection over :func:`page_period`."""
    return Selection.of(filters, page_period(filters, engine, settings), country)
