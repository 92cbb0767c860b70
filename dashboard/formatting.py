"""Numbers, months, percentages and rupiah amounts written the way each language writes them.

Indonesian: ``1.262``, ``12,5%``, ``Mei 2024``, ``Rp 1,2 miliar``; English: ``1,262``,
``12.5%``, ``May 2024``, ``Rp 1.2 billion``.  Where small-cell suppression applies, counts
from 1 to the threshold are written ``<5`` (:func:`count`).
"""

from __future__ import annotations

import datetime as dt
import functools

from babel import Locale
from babel.dates import DateTimePattern
from babel.dates import parse_pattern as parse_date_pattern
from babel.numbers import NumberPattern, format_decimal, parse_pattern

from pantau.metrics import Metric
from pantau.privacy import is_small, suppressed_label
from pantau.releases.store import Figure
from pantau.reporting_calendar import as_wib

LOCALES = {"id": "id_ID", "en": "en_GB"}
IDR_SCALES = (
    (1_000_000_000_000, {"id": "triliun", "en": "trillion"}),
    (1_000_000_000, {"id": "miliar", "en": "billion"}),
    (1_000_000, {"id": "juta", "en": "million"}),
)
DASH = "–"


def locale(lang: str) -> str:
    """The Babel locale of an interface language."""
    return LOCALES.get(lang, LOCALES["id"])


def separators(lang: str) -> str:
    """Plotly's ``layout.separators`` for ``lang``: decimal mark, then thousands mark."""
    return ",." if lang == "id" else ".,"


def number(value: float | None, lang: str, *, decimals: int = 0) -> str:
    """A number with the language's separators; ``–`` for None."""
    if value is None:
        return DASH
    pattern, babel_locale = _pattern(lang, "#,##0" + ("." + "0" * decimals if decimals else ""))
    return pattern.apply(value, babel_locale)


@functools.cache
def _pattern(lang: str, pattern: str) -> tuple[NumberPattern, Locale]:
    """Babel's number pattern and the language's locale, parsed once (``format_decimal``
    and ``format_percent`` parse both on every call: a map's labels and hovers cost ~2 ms
    of it)."""
    return parse_pattern(pattern), Locale.parse(locale(lang))


def count(value: int | None, lang: str, *, suppress: bool = False, threshold: int = 4) -> str:
    """A count; with ``suppress``, 1..``threshold`` (and None = hidden) become ``<5``."""
    if suppress and (value is None or is_small(int(value), threshold)):
        return suppressed_label(threshold)
    return number(value, lang)


def rate(value: float | None, lang: str) -> str:
    """A rate per 100,000 people with one decimal."""
    return number(value, lang, decimals=1)


def percent(value: float | None, lang: str, *, decimals: int = 0) -> str:
    """A share (0.125) as a percentage (``12,5%`` / ``12.5%``); ``–`` for None."""
    if value is None:
        return DASH
    pattern, babel_locale = _pattern(
        lang, "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    )
    return pattern.apply(value, babel_locale)


def change(value: float | None, lang: str) -> str:
    """A relative change with its sign (``+12%``, ``−5%``); ``–`` for None."""
    if value is None:
        return DASH
    text = percent(abs(value), lang)
    if round(value * 100) == 0:
        return text
    return ("+" if value > 0 else "−") + text


def d3_locale(lang: str) -> dict[str, str]:
    """The separators of ``lang`` for a DataTable column ``format`` (d3-format)."""
    return {"decimal": ",", "group": "."} if lang == "id" else {"decimal": ".", "group": ","}


def signed(value: float | None, lang: str, *, decimals: int = 1) -> str:
    """A difference in points with its sign (``+3,5``, ``−1,2``); ``–`` for None."""
    if value is None:
        return DASH
    text = number(abs(value), lang, decimals=decimals)
    if round(value, decimals) == 0:
        return text
    return ("+" if value > 0 else "−") + text


def month(value: dt.date | None, lang: str) -> str:
    """``Nov 2026`` / ``Nov 2026``: short enough for a trend axis read from the back."""
    if value is None:
        return DASH
    return _dated(value, "LLL y", lang)


def month_range(start: dt.date, end: dt.date, lang: str) -> str:
    """``Jan–Des 2024``, ``Mei 2023–Apr 2024``, or one month."""
    if start == end:
        return month(start, lang)
    first = _dated(start, "LLL" if start.year == end.year else "LLL y", lang)
    return f"{first}{DASH}{_dated(end, 'LLL y', lang)}"


def date(value: dt.date | None, lang: str) -> str:
    """``20 Desember 2022`` / ``20 December 2022``."""
    if value is None:
        return DASH
    return _dated(value, "d MMMM y", lang)


def timestamp(value: dt.datetime | None, lang: str) -> str:
    """A moment in Western Indonesia Time, ``20 Des 2022 14.05 WIB``."""
    if value is None:
        return DASH
    return _dated(as_wib(value), "d MMM y HH:mm", lang) + " WIB"


@functools.lru_cache(maxsize=8192)
def _dated(value: dt.date | dt.datetime, pattern: str, lang: str) -> str:
    """``value`` in Babel's date ``pattern`` for ``lang`` (a datetime already in its zone),
    as ``format_date``/``format_datetime`` write it, with the pattern parsed once (a table
    of a thousand dates cost a page ~30 ms of parsing) and each text kept: a month's due
    date is the same on every row, and the same rows come back on the next request."""
    parsed, babel_locale = _date_pattern(lang, pattern)
    return parsed.apply(value, babel_locale)


@functools.cache
def _date_pattern(lang: str, pattern: str) -> tuple[DateTimePattern, Locale]:
    return parse_date_pattern(pattern), Locale.parse(locale(lang))


def metric_value(
    metric: Metric, value: float | None, lang: str, *, suppress: bool = False, threshold: int = 4
) -> str:
    """A figure of registry ``metric`` in its number format: money in words, shares in
    percent, counts with small ones hidden where suppression applies to the metric."""
    if metric.number_format == "idr":
        return idr(value, lang)
    if metric.number_format == "percent":
        return percent(value, lang)
    return count(value, lang, suppress=suppress and metric.counts_persons, threshold=threshold)


def release_figure(
    figure: Figure | None, threshold: int, lang: str, metric: Metric | None = None, *, absent=DASH
) -> str:
    """A data-release cell as every audience output writes it (slides, PDF briefing): its
    hide mark ("<5" or "•") when hidden, else its value, in ``metric``'s number format when
    given; ``absent`` when the release holds no such cell."""
    if figure is None:
        return absent
    mark = figure.mark(threshold)
    if mark is not None:
        return mark
    if metric is None:
        return number(figure.value, lang)
    return metric_value(metric, figure.value, lang)


def idr(amount: int | float | None, lang: str) -> str:
    """A rupiah amount, large ones in words: ``Rp 1,2 miliar`` / ``Rp 1.2 billion``."""
    if amount is None:
        return DASH
    for scale, words in IDR_SCALES:
        if abs(amount) >= scale:
            scaled = format_decimal(amount / scale, format="#,##0.#", locale=locale(lang))
            return f"Rp {scaled} {words.get(lang, words['id'])}"
    return f"Rp {number(amount, lang)}"
