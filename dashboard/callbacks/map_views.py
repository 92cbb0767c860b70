"""Region maps of the core pages: which layer to draw, the values on it, and the update.

The geometry reaches the browser once: :func:`map_update` returns the full figure only when
the layer (level, map kind, province shown, kind of metric) differs from the one on
screen, and otherwise a :class:`dash.Patch` replacing only values, labels and colour bar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dash import Patch
from sqlalchemy import Engine

from dashboard import formatting
from dashboard.components.maps import choropleth_map, patch_values
from dashboard.filters import FilterState, Period
from dashboard.layout import COLORSCALE
from dashboard.queries import (
    STATUS_VALUES,
    metric_by_region,
    narrowed,
    on_time_by_region,
    per_100k,
    region_statuses,
    regions_at,
)
from geodata.layers import LayerUnavailable, map_layer
from pantau.access import Scope
from pantau.metrics import METRICS
from pantau.privacy import suppress_regions
from pantau.settings import Settings
from pantau.texts import t


@dataclass(frozen=True)
class MapValues:
    """What one map shows: value and hover line per region, colour-bar title and ticks."""

    values: dict[str, float | None]
    text: dict[str, str]
    colorbar_title: str
    categorical: bool = False


def layer_for(filters: FilterState, settings: Settings, scope: Scope) -> tuple[str, dict]:
    """The layer key and GeoJSON of the view: provinces, or the regencies of one province."""
    level = filters.level if scope.is_national or scope.role == "provinsi" else "regency"
    province = filters.province if level == "regency" else None
    if province is None and level == "regency":
        province = scope.province_code
    kind = filters.map_kind
    try:
        layer = map_layer(level, kind, settings)
    except LayerUnavailable:
        kind = "schematic"
        layer = map_layer(level, kind, settings)
    if province is not None:
        prefix = f"{province}."
        layer = {**layer, "features": [f for f in layer["features"] if f["id"].startswith(prefix)]}
    return f"{level}|{kind}|{province or ''}", layer


def _protected(
    engine: Engine,
    filters: FilterState,
    scope: Scope,
    level: str,
    period: Period,
    metric: str,
    threshold: int,
) -> dict[str, int | None]:
    """Counts per region with small cells hidden, decided over the national hierarchy.

    Suppression is decided on every region's figures at once (see :mod:`pantau.privacy`),
    then only the regions of ``scope`` and the filter are returned.
    """
    national = FilterState(
        exploitation=filters.exploitation, sex=filters.sex, age_group=filters.age_group
    )
    everything = Scope.national()
    finest = metric_by_region(engine, national, everything, "regency", period, metric)
    own = _province_own(engine, national, period, metric)
    protected = suppress_regions({**finest, **own}, threshold)
    visible = narrowed(scope, filters)
    if level == "province":
        shown = protected.by_province()
    else:
        shown = {code: value for code, value in protected.own.items() if "." in code}
    return {code: value for code, value in shown.items() if visible.allows(code)}


def _province_own(engine: Engine, filters: FilterState, period: Period, metric: str):
    totals = metric_by_region(engine, filters, Scope.national(), "province", period, metric)
    regencies = metric_by_region(engine, filters, Scope.national(), "regency", period, metric)
    own = dict(totals)
    for code, value in regencies.items():
        own[code[:2]] = own.get(code[:2], 0) - value
    return {code: value for code, value in own.items() if value}


def map_values(
    engine: Engine,
    filters: FilterState,
    scope: Scope,
    period: Period,
    settings: Settings,
    *,
    suppress: bool,
    metric: str | None = None,
    level: str = "province",
    today: dt.date | None = None,
) -> MapValues:
    """The values of ``metric`` (default ``filters.metric``) on a map of ``level``."""
    metric = metric or filters.metric
    lang = filters.lang
    visible = narrowed(scope, filters)
    province = filters.province if level == "regency" else None
    codes = [region.code for region in regions_at(engine, visible, level, province)]
    if metric == "task_force":
        statuses = region_statuses(engine, period.end, scope, filters, level)
        values: dict[str, float | None] = {}
        text = {}
        for code, status in statuses.items():
            values[code] = STATUS_VALUES.get(status.status)
            label = (
                t("status.silent", lang, months=status.silent_months)
                if status.status == "silent"
                else t(f"status.{status.status}", lang)
            )
            text[code] = label
        return MapValues(values, text, t("metric.task_force", lang), categorical=True)
    if metric == "compliance":
        shares = on_time_by_region(engine, scope, filters, period, settings, today)
        values = {
            code: round(100 * on_time / due, 1) if due else None
            for code, (on_time, due) in shares.items()
            if code in set(codes)
        }
        text = {
            code: f"{formatting.percent(on_time / due, lang)} ({on_time}/{due})"
            for code, (on_time, due) in shares.items()
            if due
        }
        return MapValues(values, text, "%")
    entry = METRICS.get(metric)
    if entry is None or not entry.summed:
        raise ValueError(f"unknown map metric {metric!r}")
    threshold = settings.suppression_threshold
    if suppress and entry.counts_persons:
        counts = _protected(engine, filters, scope, level, period, metric, threshold)
    else:
        counts = metric_by_region(engine, filters, scope, level, period, metric)
    counts = {code: counts.get(code, 0) for code in codes}
    text = {
        code: formatting.count(value, lang, suppress=suppress, threshold=threshold)
        for code, value in counts.items()
    }
    if filters.measure == "rate" and entry.has_rate:
        rates = per_100k(counts, engine)
        for code, value in rates.items():
            if value is not None:
                text[code] = f"{formatting.rate(value, lang)} ({text[code]})"
        title = f"{entry.label(lang)}<br>{t('measure.rate', lang)}"
        return MapValues({code: _round(value) for code, value in rates.items()}, text, title)
    values = {code: (None if value is None else float(value)) for code, value in counts.items()}
    return MapValues(values, text, entry.label(lang))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def map_figure(layer: dict, shown: MapValues, lang: str, *, show_values: bool, height: int = 520):
    """The full figure of ``shown`` on ``layer``."""
    figure = choropleth_map(
        layer,
        shown.values,
        colorbar_title=shown.colorbar_title,
        text=shown.text,
        show_values=show_values,
        colorscale=COLORSCALE,
        locale=lang,
    )
    if shown.categorical:
        figure.update_layout(
            coloraxis={
                "cmin": 0,
                "cmax": 2,
                "colorbar": {
                    "tickvals": [0, 1, 2],
                    "ticktext": [
                        t("status.not_established", lang),
                        t("status.silent", lang, months="3+"),
                        t("status.established", lang),
                    ],
                },
            }
        )
        # Status names are too long to write on a hexagon: the colour bar names the colours.
        figure.update_traces(selector={"name": "labels"}, visible=False)
    figure.update_layout(height=height, font={"size": 16}, clickmode="event")
    return figure


def map_patch(layer: dict, shown: MapValues, lang: str) -> Patch:
    """A patch of the values, hover lines, labels and colour-bar title only."""
    patch = patch_values(layer, shown.values, text=shown.text, colorscale=COLORSCALE, locale=lang)
    patch["layout"]["coloraxis"]["colorbar"]["title"]["text"] = shown.colorbar_title
    return patch


def map_update(
    layer_key: str,
    layer: dict,
    shown: MapValues,
    lang: str,
    shown_key: str | None,
    *,
    show_values: bool,
    height: int = 520,
):
    """The full figure when the layer changed (or the kind of metric), else a patch."""
    key = f"{layer_key}|{'status' if shown.categorical else 'value'}|{lang}"
    if key == shown_key and not shown.categorical:
        return map_patch(layer, shown, lang), key
    return map_figure(layer, shown, lang, show_values=show_values, height=height), key
