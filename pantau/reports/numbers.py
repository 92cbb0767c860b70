"""Read the scalar values officers type: counts, rupiah amounts, yes/no, months and dates.

Every reader takes what a CSV, XLSX or JSON cell holds (text, number, boolean, date or
nothing) and returns the Python value, ``None`` for an empty cell, or raises
:class:`InvalidValue` with a message code of :mod:`pantau.reports.messages`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

# Bounds documented in docs/report-template.md: no count of a report reaches a billion, no
# rupiah amount a quadrillion.  Checking digits before ``int()`` keeps huge numbers from
# costing time or raising Python's own limits; the bounds keep every sum the database
# computes far below its 64-bit integers.
MAX_COUNT = 10**9
MAX_RUPIAH = 10**15
MAX_DIGITS = 20

MONTHS = {
    # Indonesian
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "nopember": 11,
    "desember": 12,
    # English
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "december": 12,
}
for _name, _number in list(MONTHS.items()):
    MONTHS.setdefault(_name[:3], _number)
MONTHS["agu"] = 8
MONTHS["okt"] = 10
MONTHS["des"] = 12

TRUE_WORDS = frozenset({"ya", "y", "yes", "true", "benar", "sudah", "ada", "1"})
FALSE_WORDS = frozenset({"tidak", "tdk", "no", "n", "false", "salah", "belum", "tidak ada", "0"})

# ASCII digits only: ``\d`` would also take Arabic-Indic or other digits, which are guessed.
_PLAIN = re.compile(r"^[0-9]+$")
_DOT_GROUPS = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")
_SPACE_GROUPS = re.compile(r"^[0-9]{1,3}( [0-9]{3})+$")
_COMMA_GROUPS = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")
_ZERO_DECIMALS = re.compile(r"(?<=[0-9]),0{1,2}$")  # "1.262.000,00"
_FRACTION = re.compile(r"^[0-9]*[.,][0-9]+$")


class InvalidValue(Exception):
    """A cell value that cannot be read; ``code`` and ``params`` make the message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params: Mapping[str, Any] = params


def is_blank(value: object) -> bool:
    """True for an empty cell: None or text made of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def visible(text: str) -> str:
    """``text`` with every invisible, control or unpaired surrogate character written as
    ``U+XXXX``, so a message never shows "'12' is not a number" for ``1\u200b2``, and NUL or
    a lone surrogate never reaches the database."""
    return "".join(
        f"U+{ord(char):04X}" if unicodedata.category(char) in _HIDDEN and char != " " else char
        for char in text
    )


_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})


def show(value: object) -> str:
    """A cell value as the officer would see it, for messages (shortened, invisible
    characters written as ``U+XXXX``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        value = int(value)
    text = str(value).strip()
    text = text if len(text) <= 60 else text[:57] + "..."
    return visible(text)


def has_bad_characters(text: str) -> bool:
    """Whether text holds NUL, another control character or an unpaired surrogate."""
    return any(unicodedata.category(char) in ("Cc", "Cs") and char not in "\t\n\r" for char in text)


def parse_integer(
    value: object, *, allow_negative: bool = False, maximum: int = MAX_COUNT
) -> int | None:
    """A whole number: ``1262``, ``1.262`` (dots group thousands), ``1 262``, ``Rp 1.262.000``,
    ``1.262.000,00``; fractions, negative numbers (``-0`` too), words, digits other than
    0-9 and numbers above ``maximum`` raise :class:`InvalidValue`."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise InvalidValue("not_a_number", value=show(value))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValue("not_a_number", value=show(value))
        if not value.is_integer():
            raise InvalidValue("fraction", value=show(value))
        if abs(value) > maximum:
            raise InvalidValue("too_large", value=show(value), limit=f"{maximum:,}")
        number = int(value)
    elif isinstance(value, str):
        number, negative = _integer_from_text(value)
        if negative and not allow_negative:
            raise InvalidValue("negative", value=show(value))
    else:
        raise InvalidValue("not_a_number", value=show(value))
    if number < 0 and not allow_negative:
        raise InvalidValue("negative", value=show(value))
    if abs(number) > maximum:
        raise InvalidValue("too_large", value=show(value), limit=f"{maximum:,}")
    return number


def _integer_from_text(value: str) -> tuple[int, bool]:
    """The number and whether it was written with a minus sign (``-0`` included)."""
    text = value.replace("\u00a0", " ").replace("\u202f", " ").strip()
    text = re.sub(r"^(rp\.?|idr)\s*", "", text, flags=re.IGNORECASE)
    sign = 1
    if text[:1] in "-\u2212":
        sign, text = -1, text[1:].strip()
    elif text[:1] == "+":
        text = text[1:].strip()
    text = _ZERO_DECIMALS.sub("", text)
    digits = sum(char.isdigit() for char in text)
    if digits > MAX_DIGITS:
        raise InvalidValue("too_many_digits", value=show(value), limit=MAX_DIGITS)
    if _PLAIN.match(text):
        return sign * int(text), sign < 0
    if _DOT_GROUPS.match(text) or _SPACE_GROUPS.match(text):
        return sign * int(re.sub(r"[. ]", "", text)), sign < 0
    if any(char.isdigit() and not "0" <= char <= "9" for char in text):
        raise InvalidValue("non_ascii_digits", value=show(value))
    if _COMMA_GROUPS.match(text):
        raise InvalidValue("comma_thousands", value=show(value))
    if _FRACTION.match(text):
        raise InvalidValue("fraction", value=show(value))
    raise InvalidValue("not_a_number", value=show(value))


def parse_bool(value: object) -> bool | None:
    """``ya``/``tidak`` (also yes/no, true/false, 1/0, Excel or JSON booleans)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = " ".join(value.strip().casefold().split())
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise InvalidValue("not_yes_no", value=show(value))


def parse_period(value: object) -> dt.date | None:
    """The first day of the month from ``2024-05``, ``2024-05-01``, ``05/2024``, ``Mei 2024``,
    ``May 2024`` or a spreadsheet date."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, 1)
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, 1)
    if not isinstance(value, str):
        raise InvalidValue("bad_period", value=show(value))
    text = " ".join(value.strip().casefold().split())
    patterns = (
        (r"^([0-9]{4})[-/.]([0-9]{1,2})$", (1, 2)),
        (r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$", (1, 2)),
        (r"^([0-9]{1,2})[-/.]([0-9]{4})$", (2, 1)),
    )
    for pattern, (year_group, month_group) in patterns:
        match = re.match(pattern, text)
        if match:
            return _month(match.group(year_group), match.group(month_group), value)
    match = re.match(r"^([a-z]+)[ -]?([0-9]{4})$", text)
    if match and match.group(1) in MONTHS:
        return _month(match.group(2), str(MONTHS[match.group(1)]), value)
    raise InvalidValue("bad_period", value=show(value))


def _month(year: str, month: str, original: object) -> dt.date:
    try:
        return dt.date(int(year), int(month), 1)
    except ValueError:
        raise InvalidValue("bad_period", value=show(original)) from None


def parse_date(value: object) -> dt.date | None:
    """A calendar date from ``2023-03-01``, ``01/03/2023`` or ``1-3-2023`` (day first, as
    written in Indonesia), ``1 Maret 2023`` or a spreadsheet date."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InvalidValue("bad_date", value=show(value))
    text = " ".join(value.strip().casefold().split())
    parts: tuple[str, str, str] | None = None
    match = re.match(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$", text)
    if match:
        parts = (match.group(1), match.group(2), match.group(3))
    match = match or re.match(r"^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})$", text)
    if match and parts is None:
        parts = (match.group(3), match.group(2), match.group(1))
    named = re.match(r"^([0-9]{1,2})[ -]([a-z]+)[ -]([0-9]{4})$", text)
    if named and named.group(2) in MONTHS:
        parts = (named.group(3), str(MONTHS[named.group(2)]), named.group(1))
    if parts is None:
        raise InvalidValue("bad_date", value=show(value))
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise InvalidValue("bad_date", value=show(value)) from None


def parse_text(value: object, *, max_length: int = 200) -> str | None:
    """Free text (an office, a decree number): trimmed, one line, at most ``max_length``."""
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | dt.date):
        raise InvalidValue("not_text", value=show(value))
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        value = int(value)
    text = " ".join(str(value).split())
    if has_bad_characters(text):
        raise InvalidValue("bad_characters", value=show(text))
    if len(text) > max_length:
        raise InvalidValue("too_long", value=show(text), limit=max_length)
    return text
