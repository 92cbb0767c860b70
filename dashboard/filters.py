"""The filter state of every view, kept in the URL so that a copied link reproduces it.

:class:`FilterState` is parsed from the URL query (:meth:`FilterState.from_query`) with
every value validated (garbage is dropped, never raised), and written back
(:meth:`FilterState.to_query`) without the defaults.  Query keys that are not filters (for
example ``slides`` of the meeting mode or ``country`` of the overseas page) are kept by
:func:`merge_search`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from urllib.parse import parse_qsl, urlencode

from geodata.regions import by_code
from pantau.access import Scope
from pantau.metrics import MAP_METRICS
from pantau.reporting_calendar import add_months, months_in, parse_month
from pantau.reports.model import AGE_GROUPS, EXPLOITATION_TYPES, SEXES
from pantau.texts import LANGUAGES

MAP_KINDS = ("schematic", "geographic")
MEASURES = ("count", "rate")
MAP_LEVELS = ("province", "regency")
DEFAULT_MONTHS = 12

#: URL key of each field (``map_kind`` is ``map`` in the URL).
KEYS = {
    "period_from": "period_from",
    "period_to": "period_to",
    "province": "province",
    "regency": "regency",
    "exploitation": "exploitation",
    "sex": "sex",
    "age_group": "age_group",
    "metric": "metric",
    "map_kind": "map",
    "map_level": "level",
    "measure": "measure",
    "lang": "lang",
}


def _choice(raw: object, allowed: tuple[str, ...]) -> str | None:
    return raw if isinstance(raw, str) and raw in allowed else None


def _province(raw: object) -> str | None:
    region = by_code().get(raw) if isinstance(raw, str) else None
    return raw if region is not None and region.kind == "provinsi" else None


def _regency(raw: object) -> str | None:
    region = by_code().get(raw) if isinstance(raw, str) else None
    return raw if region is not None and region.kind != "provinsi" else None


@dataclass(frozen=True)
class FilterState:
    """What a view shows: months, region, victim breakdown, map metric, map kind, measure."""

    period_from: str | None = None  # YYYY-MM; None = the default period
    period_to: str | None = None
    province: str | None = None  # "32"
    regency: str | None = None  # "32.01", always inside ``province``
    exploitation: str | None = None
    sex: str | None = None
    age_group: str | None = None
    metric: str = "victims"
    map_kind: str = "schematic"
    map_level: str = "province"  # "regency": the national map of every regency/city
    measure: str = "count"
    lang: str = "id"

    @classmethod
    def from_query(
        cls, params: Mapping[str, object], *, default_lang: str = "id", scope: Scope | None = None
    ) -> FilterState:
        """The state of URL parameters ``params``; unknown or malformed values are ignored.

        With a regional ``scope`` the region is pinned inside it: a provincial user always
        sees their province, a regency user their regency.
        """
        start = parse_month(params.get("period_from"))
        end = parse_month(params.get("period_to"))
        if start and end and start > end:
            start, end = end, start
        province = _province(params.get("province"))
        regency = _regency(params.get("regency"))
        if regency and province and regency[:2] != province:
            regency = None
        if regency and not province:
            province = regency[:2]
        if scope is not None and not scope.is_national:
            province, regency = _pin(scope, province, regency)
        default = default_lang if default_lang in LANGUAGES else "id"
        return cls(
            period_from=f"{start:%Y-%m}" if start else None,
            period_to=f"{end:%Y-%m}" if end else None,
            province=province,
            regency=regency,
            exploitation=_choice(params.get("exploitation"), EXPLOITATION_TYPES),
            sex=_choice(params.get("sex"), SEXES),
            age_group=_choice(params.get("age_group"), AGE_GROUPS),
            metric=_choice(params.get("metric"), MAP_METRICS) or "victims",
            map_kind=_choice(params.get("map"), MAP_KINDS) or "schematic",
            map_level=_choice(params.get("level"), MAP_LEVELS) or "province",
            measure=_choice(params.get("measure"), MEASURES) or "count",
            lang=_choice(params.get("lang"), LANGUAGES) or default,
        )

    @classmethod
    def from_search(
        cls, search: str | None, *, default_lang: str = "id", scope: Scope | None = None
    ) -> FilterState:
        """The state of a URL query string such as ``?province=32&lang=en``."""
        return cls.from_query(parse_search(search), default_lang=default_lang, scope=scope)

    def params(self, *, default_lang: str = "id") -> dict[str, str]:
        """URL parameters of the fields that differ from the defaults."""
        defaults = FilterState(lang=default_lang)
        return {
            KEYS[name]: value
            for name, value in asdict(self).items()
            if value is not None and value != getattr(defaults, name)
        }

    def to_query(self, *, default_lang: str = "id") -> str:
        """The URL query string (``?a=b&...``, or empty) that reproduces this state."""
        params = self.params(default_lang=default_lang)
        return f"?{urlencode(params)}" if params else ""

    def replace(self, **changes: object) -> FilterState:
        """A copy with ``changes`` applied."""
        return replace(self, **changes)

    def period(self, default_end: dt.date) -> Period:
        """The months shown: as asked, else the ``DEFAULT_MONTHS`` up to ``default_end``
        (:func:`dashboard.data.periods.default_period_end`, the same for every page and role)."""
        end = parse_month(self.period_to)
        start = parse_month(self.period_from)
        if end is None:
            end = max(default_end, start) if start else default_end
        if start is None:
            start = add_months(end, 1 - DEFAULT_MONTHS)
        return Period(start, end)

    @property
    def region(self) -> str | None:
        """The narrowest region chosen (regency, else province), None for national."""
        return self.regency or self.province

    @property
    def level(self) -> str:
        """The map level of this state: regencies inside a province, else provinces."""
        return "regency" if self.province else "province"


def _pin(scope: Scope, province: str | None, regency: str | None) -> tuple[str | None, str | None]:
    if scope.region_code is None:
        return None, None
    if scope.role == "provinsi":
        own = scope.region_code
        return own, regency if regency and regency[:2] == own else None
    return scope.region_code[:2], scope.region_code


@dataclass(frozen=True)
class Period:
    """Months ``start`` to ``end`` (first days), both included."""

    start: dt.date
    end: dt.date

    @property
    def months(self) -> int:
        return months_in(self.start, self.end)

    def previous(self) -> Period:
        """The equally long period just before this one."""
        return Period(add_months(self.start, -self.months), add_months(self.start, -1))


def parse_search(search: str | None) -> dict[str, str]:
    """The parameters of a query string; the last value of a repeated key wins."""
    return dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=False))


def merge_search(search: str | None, state: FilterState, *, default_lang: str = "id") -> str:
    """``search`` with its filter keys replaced by ``state``'s, other keys kept."""
    params = {key: value for key, value in parse_search(search).items() if key not in KEYS.values()}
    params.update(state.params(default_lang=default_lang))
    return f"?{urlencode(params)}" if params else ""
