"""Reading counts, amounts, yes/no, months and dates as officers type them."""

from __future__ import annotations

import datetime as dt

import pytest

from pantau.reports.numbers import (
    InvalidValue,
    parse_bool,
    parse_date,
    parse_integer,
    parse_period,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1262", 1262),
        ("1.262", 1262),
        ("1.262.000", 1_262_000),
        ("1 262 000", 1_262_000),
        ("Rp 1.262.000,00", 1_262_000),
        ("IDR 5", 5),
        ("12,0", 12),
        (12, 12),
        (12.0, 12),
        ("", None),
        (None, None),
    ],
)
def test_integers(value, expected):
    assert parse_integer(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1,5", "fraction"),
        ("1.5", "fraction"),
        ("1.26", "fraction"),
        (1.5, "fraction"),
        ("1,262", "comma_thousands"),
        ("-3", "negative"),
        (-3, "negative"),
        ("tiga", "not_a_number"),
        (True, "not_a_number"),
        (float("nan"), "not_a_number"),
        ("12 orang", "not_a_number"),
    ],
)
def test_integer_errors(value, code):
    with pytest.raises(InvalidValue) as caught:
        parse_integer(value)
    assert caught.value.code == code


def test_booleans():
    assert [parse_bool(v) for v in ("ya", "Ya", "YES", "true", "1", True, 1)] == [True] * 7
    assert [parse_bool(v) for v in ("tidak", "Tidak", "no", "false", "0", False, 0)] == [False] * 7
    assert parse_bool("") is None
    with pytest.raises(InvalidValue):
        parse_bool("mungkin")


def test_periods_and_dates():
    may = dt.date(2024, 5, 1)
    assert parse_period("2024-05") == parse_period("Mei 2024") == parse_period("05/2024") == may
    assert parse_period(dt.datetime(2024, 5, 17, 8, 0)) == may
    for bad in ("2024-13", "2024", "Mai 2024", "202405", 202405):
        with pytest.raises(InvalidValue):
            parse_period(bad)
    assert parse_date("01/03/2023") == parse_date("1 Maret 2023") == dt.date(2023, 3, 1)
    assert parse_date("2023-03-01") == dt.date(2023, 3, 1)
    for bad in ("31/02/2023", "03-2023", "kemarin"):
        with pytest.raises(InvalidValue):
            parse_date(bad)
