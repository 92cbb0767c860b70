"""Figures derived from a release's protected figures: ratios, changes and the funnel.

Derived figures are computed only from shown figures; a ratio or change with a hidden
component is hidden too (None), so that no rate beside a hidden count gives it away.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from pantau.metrics import FUNNEL


def ratio(numerator, denominator) -> float | None:
    """``numerator / denominator`` of two figures; None if either is hidden or zero below."""
    if numerator is None or denominator is None:
        return None
    if numerator.value is None or denominator.value is None or denominator.value == 0:
        return None
    return numerator.value / denominator.value


def change(current, previous) -> float | None:
    """The relative change from ``previous`` to ``current``; None if either is hidden."""
    share = ratio(current, previous)
    return None if share is None else share - 1.0


@dataclass(frozen=True)
class FunnelStage:
    """One stage of the case funnel: its figure and its share of police reports."""

    stage: str
    figure: object  # pantau.releases.store.Figure
    share_of_reports: float | None


def funnel(
    engine: Engine, number: int, region: str, period: dt.date, kind: str = "year"
) -> list[FunnelStage]:
    """The funnel (:data:`pantau.metrics.FUNNEL`) of a province (or ``"ID"``) in a year,
    or in a quarter with ``kind="quarter"`` (the tables of totals hold both)."""
    from pantau.releases.store import Figure, figures
    from pantau.releases.tables import NATIONAL, totals_table

    level = "national" if region == NATIONAL else "province"
    table = totals_table(level, kind)  # type: ignore[arg-type]
    found = figures(engine, number, table, period=period, regions=[region])
    by_metric = {key[0]: figure for key, figure in found.items()}
    reports = by_metric.get(FUNNEL[0], Figure(0))
    return [
        FunnelStage(stage, by_metric.get(stage, Figure(0)), ratio(by_metric.get(stage), reports))
        for stage in FUNNEL
    ]
