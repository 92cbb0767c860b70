"""The task-force scorecard as table rows: one place for the league page and its slide.

The scores are :func:`pantau.scorecard.league_table`; here each component is shown as the
points it adds to the score (``100 × weight × value ÷ total weight``), so that a region's
score is the sum of its row and can be checked by hand.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from pantau.access import Scope
from pantau.basis import LIVE, Basis
from pantau.scorecard import COMPONENTS, LeagueRow, Method, league_table, load_method
from pantau.settings import Settings
from pantau.texts import t

LEVELS = ("regency", "province")


def level_choice(raw: object) -> str:
    """Regencies/cities (default) or provinces, from ``?level=``."""
    return raw if isinstance(raw, str) and raw in LEVELS else "regency"


def league(
    engine: Engine,
    settings: Settings,
    scope: Scope,
    end: dt.date,
    *,
    province: str | None = None,
    level: str = "regency",
    basis: Basis = LIVE,
) -> tuple[list[LeagueRow], Method]:
    """The league table of the user's scope (and province) for the 12 months to ``end``,
    live or as a release knew it."""
    method = load_method(settings)
    rows = league_table(
        engine,
        settings,
        end=end,
        scope=scope,
        province=province,
        level=level,
        method=method,
        basis=basis,
    )
    return rows, method


def points(row: LeagueRow, method: Method) -> dict[str, float]:
    """Each component's share of the score (they add up to the score)."""
    return {c.name: round(100 * c.points / method.total_weight, 2) for c in row.current.components}


def cells(row: LeagueRow, method: Method) -> dict[str, object]:
    """One region of the league table, its component points included."""
    return {
        "code": row.region_code,
        "rank": row.rank,
        "region": row.current.region_name,
        "province": row.current.province_name,
        "score": round(row.score, 1),
        "change": None if row.change is None else round(row.change, 1),
        **points(row, method),
    }


def component_name(name: str, lang: str) -> str:
    return t(f"scorecard.component.{name}", lang)


def column_title(column: str, lang: str) -> str:
    """The header of a league column."""
    if column in COMPONENTS:
        return component_name(column, lang)
    if column == "province":
        return t("filter.province", lang)
    if column == "region":
        return t("col.region", lang)
    return t(f"scorecard.col.{column}", lang)


def level_title(level: str, lang: str) -> str:
    """Regencies/cities or provincial task forces."""
    return (
        t("wilayah.regencies", lang) if level == "regency" else t("scorecard.level.province", lang)
    )
