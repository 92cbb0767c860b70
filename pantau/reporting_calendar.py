"""The reporting calendar: months, due dates and the last complete month, in WIB.

Every page, job and export decides "which month is complete", "is this report late" and
"what is three months before" here, so that no two surfaces disagree about a period.
Months are represented by the first day of the month (``datetime.date``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

# Due dates and "today" are judged on the calendar of Western Indonesia Time (UTC+7).
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
FIRST_YEAR, LAST_YEAR = 2000, 2100
_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")


def now_wib() -> dt.datetime:
    """The current moment in Western Indonesia Time."""
    return dt.datetime.now(WIB)


def today_wib() -> dt.date:
    """Today's date in Western Indonesia Time."""
    return now_wib().date()


def as_wib(moment: dt.datetime) -> dt.datetime:
    """``moment`` in WIB; a naive moment is taken as UTC (how the database stores them)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(WIB)


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar day of ``moment`` in Western Indonesia Time."""
    return as_wib(moment).date()


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (a decree's term); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(month: dt.date, count: int) -> dt.date:
    """The first day of the month ``count`` months after ``month`` (negative: before)."""
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every month from ``start`` to ``end``, both included (empty when ``end < start``)."""
    return list(iter_months(start, end))


def iter_months(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Every month from ``start`` to ``end``, both included."""
    month, last = month_start(start), month_start(end)
    while month <= last:
        yield month
        month = add_months(month, 1)


def months_in(start: dt.date, end: dt.date) -> int:
    """How many months ``start`` to ``end`` cover, both included (0 when ``end < start``)."""
    return max(0, (end.year - start.year) * 12 + end.month - start.month + 1)


def month_key(month: dt.date) -> str:
    """``YYYY-MM``: how a month is written in URLs, files and exports."""
    return f"{month:%Y-%m}"


def parse_month(raw: object) -> dt.date | None:
    """``YYYY-MM`` (years 2000..2100) as the first day of the month; None if malformed."""
    match = _MONTH_KEY.match(raw) if isinstance(raw, str) else None
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def quarter_of(month: dt.date) -> int:
    """The quarter (1..4) of ``month``."""
    return (month.month - 1) // 3 + 1


def quarter_start(month: dt.date) -> dt.date:
    """The first month of ``month``'s quarter."""
    return dt.date(month.year, (quarter_of(month) - 1) * 3 + 1, 1)


def due_date(period: dt.date, due_day: int) -> dt.date:
    """The last day a report for ``period`` is on time: ``due_day`` of the next month."""
    following = add_months(month_start(period), 1)
    last_day = calendar.monthrange(following.year, following.month)[1]
    return following.replace(day=max(1, min(due_day, last_day)))


def is_due(period: dt.date, due_day: int, today: dt.date | None = None) -> bool:
    """Whether ``period``'s due date has passed, so a missing report is really missing."""
    return (today or today_wib()) > due_date(period, due_day)


def is_late(period: dt.date, received_at: dt.datetime, due_day: int) -> bool:
    """Whether a report for ``period`` received at ``received_at`` came after its due day."""
    return local_date(received_at) > due_date(period, due_day)


def last_complete_month(due_day: int, today: dt.date | None = None) -> dt.date:
    """The latest month whose due date has passed: the default end of every period.

    On 1 December with reports due on the 10th, November is still open (due 10 December),
    so the last complete month is October.
    """
    today = today or today_wib()
    month = add_months(month_start(today), -1)
    while not is_due(month, due_day, today):
        month = add_months(month, -1)
    return month


def previous_month(today: dt.date | None = None) -> dt.date:
    """The calendar month before ``today``'s (complete as a month, maybe not yet due)."""
    return add_months(month_start(today or today_wib()), -1)


def months_ending(end: dt.date, count: int) -> list[dt.date]:
    """``count`` months ending with ``end``'s month, oldest first."""
    last = month_start(end)
    return [add_months(last, offset) for offset in range(1 - count, 1)]
