"""The reporting calendar: the one place that decides months, due dates and completeness."""

from __future__ import annotations

import datetime as dt

from pantau.reporting_calendar import (
    add_months,
    add_years,
    as_wib,
    due_date,
    is_due,
    last_complete_month,
    month_key,
    months_ending,
    months_in,
    parse_month,
    previous_month,
    quarter_of,
    quarter_start,
)


def test_last_complete_month_waits_for_the_due_date() -> None:
    # 1 December: November is due on 10 December, so October is the last complete month.
    assert last_complete_month(10, dt.date(2026, 12, 1)) == dt.date(2026, 10, 1)
    assert last_complete_month(10, dt.date(2026, 12, 10)) == dt.date(2026, 10, 1)
    assert last_complete_month(10, dt.date(2026, 12, 11)) == dt.date(2026, 11, 1)
    assert last_complete_month(10, dt.date(2027, 1, 11)) == dt.date(2026, 12, 1)
    assert previous_month(dt.date(2026, 12, 1)) == dt.date(2026, 11, 1)


def test_due_dates_clamp_to_the_month() -> None:
    assert due_date(dt.date(2024, 1, 1), 31) == dt.date(2024, 2, 29)
    assert not is_due(dt.date(2026, 11, 1), 10, dt.date(2026, 12, 10))
    assert is_due(dt.date(2026, 11, 1), 10, dt.date(2026, 12, 11))


def test_month_arithmetic_and_keys() -> None:
    assert months_ending(dt.date(2025, 2, 17), 3) == [
        dt.date(2024, 12, 1),
        dt.date(2025, 1, 1),
        dt.date(2025, 2, 1),
    ]
    assert months_in(dt.date(2024, 11, 1), dt.date(2025, 1, 1)) == 3
    assert months_in(dt.date(2025, 1, 1), dt.date(2024, 11, 1)) == 0
    assert parse_month("2026-11") == dt.date(2026, 11, 1)
    assert parse_month("2026-13") is None and parse_month("1999-01") is None
    assert month_key(dt.date(2026, 3, 1)) == "2026-03"
    assert (quarter_of(dt.date(2026, 8, 1)), quarter_start(dt.date(2026, 8, 1))) == (
        3,
        dt.date(2026, 7, 1),
    )
    assert add_months(dt.date(2025, 12, 15), 1) == dt.date(2026, 1, 1)
    assert add_months(dt.date(2025, 1, 1), -13) == dt.date(2023, 12, 1)


def test_years_later_keeps_the_day_but_29_february() -> None:
    assert add_years(dt.date(2023, 3, 31), 5) == dt.date(2028, 3, 31)
    assert add_years(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)


def test_naive_moments_are_utc() -> None:
    moment = as_wib(dt.datetime(2026, 11, 30, 18, 0))
    assert (moment.date(), moment.hour) == (dt.date(2026, 12, 1), 1)
