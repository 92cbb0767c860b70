"""Region maps of the core pages: which layer to draw, the values on it, and the update.

The geometry reaches the browser once: :func:`map_update` returns the full figure only when
the layer (level, map kind, province shown) or the legend (its classes) differs from the one
on screen, and otherwise a :class:`dash.Patch` replacing only values, labels and hatching.

How a metric is coloured comes from the registry (:mod:`pantau.metrics`): categorical
metrics get fixed colours, counts and shares classes, rates a continuous scale; a region
without a value is hatched with the reason (no data, not reported, hidden small count).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from dash import Patch
from flask import Flask, Response, abort, request
from sqlalchemy import Engine, select

from dashboard import formatting
from dashboard import layout as charts
from dashboard.components.map_style import (
    CATEGORY_COLOURS,
    ValueClass,
    count_classes,
    share_classes,
)
from dashboard.components.maps import choropleth_map, light_geojson, patch_values
from dashboard.data.context import app_settings
from dashboard.data.facts import metric_by_region
from dashboard.data.memo import shared_memo
from dashboard.data.reference import narrowed, per_100k, regions_at
from dashboard.data.reporting import on_time_by_region
from dashboard.data.task_forces import STATUS_VALUES, region_statuses, task_force_registry
from dashboard.filters import FilterState, Period
from dashboard.selection import Selection
from dashboard.taskforce_lists import rollup_line
from geodata.importer import layer_path
from geodata.layers import LayerUnavailable, map_layer
from geodata.schematic import outline_label_points, province_outlines, short_names
from pantau.access import Scope
from pantau.basis import LIVE, Basis
from pantau.metrics import METRICS, Metric
from pantau.models import Report
from pantau.privacy import suppress_regions
from pantau.reports.model import ORIGIN_REGIONAL
from pantau.settings import Settings
from pantau.taskforces import province_rollup
from pantau.texts import t


@dataclass(frozen=True)
class MapValues:
    """What one map shows: value and hover line per region, legend title, classes (None:
    a continuous scale) and the reason of each region without a value."""

    values: dict[str, float | None]
    text: dict[str, str]
    colorbar_title: str
    classes: tuple[ValueClass, ...] | None = None
    states: dict[str, str] = field(default_factory=dict)
    scale: str = "sequential"
    written: bool = True  # values written on the tiles; not for categories

    @property
    def legend_key(self) -> str:
        """The shape of the legend: a patch may rename classes, not add or drop any."""
        if self.classes is None:
            return f"continuous:{self.scale}:{self.colorbar_title}"
        return f"classes:{len(self.classes)}:{self.colorbar_title}:{self.written}"


def category_classes(lang: str) -> tuple[ValueClass, ...]:
    """Fixed colours of the task-force status; "silent" is hatched as not reported."""
    return tuple(
        ValueClass(t(f"status.{status}", lang), CATEGORY_COLOURS[status], STATUS_VALUES[status])
        for status in ("not_established", "established")
    )


def legend_classes(
    entry: Metric, values: dict[str, float | None], lang: str, *, rate: bool
) -> tuple[ValueClass, ...] | None:
    """The classes of ``entry`` from its registry kind and scale (None: continuous)."""
    present = [value for value in values.values() if value is not None]
    if entry.scale == "categorical":
        return category_classes(lang)
    if rate or entry.kind == "money":
        return None
    if entry.kind == "share":
        return tuple(share_classes(lang))
    return tuple(count_classes(present, lang))


def _reporting_regions(engine: Engine, period: Period) -> frozenset[str]:
    """Regions (and their provinces) with a valid regional report in ``period``, shared
    by all requests until the data changes."""
    return shared_memo(
        ("reporting_regions", period), engine, lambda: _read_reporting_regions(engine, period)
    )


def _read_reporting_regions(engine: Engine, period: Period) -> frozenset[str]:
    query = (
        select(Report.region_code)
        .where(
            Report.origin == ORIGIN_REGIONAL,
            Report.status.in_(("accepted", "superseded")),
            Report.period >= period.start,
            Report.period <= period.end,
            Report.region_code.is_not(None),
        )
        .distinct()
    )
    with engine.connect() as connection:
        codes = set(connection.scalars(query))
    return frozenset(codes | {code[:2] for code in codes})


LAYER_ROUTE = "/maps/layer.json"
"""Where a geographic layer (ids and geometry only) is served to plotly.js."""


def layer_url(layer_key: str, settings: Settings) -> str | None:
    """The URL of the layer of ``layer_key`` for a geographic layer (versioned by the file,
    so a new import is fetched anew), None for schematic layers (small: sent inline)."""
    level, kind, province = layer_key.split("|")
    if kind != "geographic":
        return None
    try:
        stat = layer_path(settings, level).stat()
    except FileNotFoundError:
        return None
    version = f"{stat.st_mtime_ns}-{stat.st_size}"
    return f"{LAYER_ROUTE}?{urlencode({'level': level, 'province': province, 'v': version})}"


def register_layer_route(server: Flask) -> None:
    """Serve geographic layers at :data:`LAYER_ROUTE` (signed-in users, like every route)."""

    @server.get(LAYER_ROUTE)
    def map_layer_json() -> Response:
        level = request.args.get("level", "")
        province = request.args.get("province", "")
        if level not in ("province", "regency") or (province and not province.isdigit()):
            abort(404)
        try:
            layer = map_layer(level, "geographic", app_settings())
        except LayerUnavailable:
            abort(404)
        if province:
            features = [f for f in layer["features"] if f["id"].startswith(f"{province}.")]
            layer = {**layer, "features": features}
        body = json.dumps(light_geojson(layer), separators=(",", ":"))
        response = Response(body, mimetype="application/geo+json")
        response.cache_control.private = True
        response.cache_control.max_age = 86_400
        return response


def layer_for(filters: FilterState, settings: Settings, scope: Scope) -> tuple[str, dict]:
    """The layer key and GeoJSON of the view: provinces, the regencies of one province, or
    (``level=regency``) every regency of the country."""
    level = filters.level if scope.is_national or scope.role == "provinsi" else "regency"
    if filters.map_level == "regency":
        level = "regency"
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
    selection: Selection,
    scope: Scope,
    level: str,
    metric: str,
    threshold: int,
) -> dict[str, int | None]:
    """Counts per region with small cells hidden, decided over the national hierarchy.

    Suppression is decided on every region's figures at once (see :mod:`pantau.privacy`),
    then only the regions of ``scope`` and the filter are returned.
    """
    national = replace(selection, province=None, regency=None)
    everything = Scope.national()
    finest = metric_by_region(engine, national, everything, "regency", metric)
    own = _province_own(engine, national, metric)
    protected = suppress_regions({**finest, **own}, threshold)
    visible = narrowed(scope, selection)
    if level == "province":
        shown = protected.by_province()
    else:
        shown = {code: value for code, value in protected.own.items() if "." in code}
    return {code: value for code, value in shown.items() if visible.allows(code)}


def _province_own(engine: Engine, selection: Selection, metric: str):
    totals = metric_by_region(engine, selection, Scope.national(), "province", metric)
    regencies = metric_by_region(engine, selection, Scope.national(), "regency", metric)
    own = dict(totals)
    for code, value in regencies.items():
        own[code[:2]] = own.get(code[:2], 0) - value
    return {code: value for code, value in own.items() if value}


def _rolled_up(
    engine: Engine,
    settings: Settings,
    scope: Scope,
    selection: Selection,
    lang: str,
    basis: Basis,
) -> MapValues:
    """Provinces by the share of their regencies/cities with an active task force (the
    roll-up of :func:`pantau.taskforces.province_rollup`, as on the lists of /gugus-tugas),
    with "Jawa Barat: 25 of 27 ... 3 silent" on hover; a province's own task force is its
    own row in the lists, not its colour."""
    rows = task_force_registry(engine, settings, scope, selection.province, selection.end, basis)
    rollup = province_rollup(rows)
    values: dict[str, float | None] = {
        item.province_code: round(100 * item.active_share, 1) if item.regencies else None
        for item in rollup
    }
    text = {item.province_code: rollup_line(item, lang) for item in rollup}
    title = t("gugus.list.rollup.share", lang)
    return MapValues(values, text, title, tuple(share_classes(lang)), {}, "sequential")


def map_values(
    engine: Engine,
    filters: FilterState,
    selection: Selection,
    scope: Scope,
    settings: Settings,
    *,
    suppress: bool,
    metric: str | None = None,
    level: str = "province",
    today: dt.date | None = None,
    basis: Basis = LIVE,
) -> MapValues:
    """The values of ``metric`` (default ``filters.metric``) over ``selection`` on a map of
    ``level``; the task-force status live or, for meeting mode, as release ``basis`` knew
    it.  ``filters`` is the view: language, metric and count or rate."""
    metric = metric or filters.metric
    lang = filters.lang
    visible = narrowed(scope, selection)
    province = selection.province if level == "regency" else None
    codes = [region.code for region in regions_at(engine, visible, level, province)]
    entry = METRICS.get(metric)
    if entry is None:
        raise ValueError(f"unknown map metric {metric!r}")
    if metric == "task_force" and level == "province":
        return _rolled_up(engine, settings, scope, selection, lang, basis)
    if metric == "task_force":
        statuses = region_statuses(engine, selection.end, scope, selection, level, basis)
        values: dict[str, float | None] = {}
        text = {}
        states = {}
        for code, status in statuses.items():
            if status.status == "silent":
                values[code] = None
                states[code] = "not_reported"
                text[code] = t("status.silent", lang, months=status.silent_months)
            else:
                values[code] = STATUS_VALUES.get(status.status)
                text[code] = t(f"status.{status.status}", lang)
        classes = legend_classes(entry, values, lang, rate=False)
        return MapValues(values, text, entry.label(lang), classes, states, written=False)
    if metric == "compliance":
        shares = on_time_by_region(engine, scope, selection, settings, today)
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
        classes = legend_classes(entry, values, lang, rate=False)
        return MapValues(values, text, f"{entry.label(lang)} (%)", classes)
    if not entry.summed:
        raise ValueError(f"unknown map metric {metric!r}")
    threshold = settings.suppression_threshold
    if suppress and entry.counts_persons:
        counts = _protected(engine, selection, scope, level, metric, threshold)
    else:
        counts = metric_by_region(engine, selection, scope, level, metric)
    hidden = {code for code in codes if code in counts and counts[code] is None}
    counts = {code: counts.get(code, 0) for code in codes}
    reporting = _reporting_regions(engine, selection.period)
    states = {code: "hidden" for code in hidden}
    states.update(
        {code: "not_reported" for code in codes if not counts[code] and code not in reporting}
    )
    text = {
        code: formatting.count(value, lang, suppress=suppress, threshold=threshold)
        for code, value in counts.items()
    }
    for code in states:
        if states[code] == "not_reported":
            text[code] = t("map.not_reported", lang)
    shown = {code: None if code in states else counts[code] for code in codes}
    if filters.measure == "rate" and entry.has_rate:
        rates = per_100k(shown, engine)
        for code, value in rates.items():
            if value is not None:
                text[code] = f"{formatting.rate(value, lang)} ({text[code]})"
        title = f"{entry.label(lang)}, {t('measure.rate', lang)}"
        values = {code: _round(value) for code, value in rates.items()}
        return MapValues(values, text, title, None, states, entry.scale)
    values = {code: (None if value is None else float(value)) for code, value in shown.items()}
    classes = legend_classes(entry, values, lang, rate=False)
    if suppress and entry.counts_persons and hidden:
        classes = _hidden_in_legend(classes, lang, threshold)
    return MapValues(values, text, entry.label(lang), classes, states, entry.scale)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _hidden_in_legend(
    classes: tuple[ValueClass, ...] | None, lang: str, threshold: int
) -> tuple[ValueClass, ...] | None:
    """Classes that say which counts can be hidden (``1–4`` is ``<5`` on screen)."""
    if classes is None:
        return None
    hidden = formatting.count(1, lang, suppress=True, threshold=threshold)
    first, second, *rest = classes
    if second.low != 1:
        return classes
    return (first, ValueClass(f"{second.label} ({hidden})", second.colour, second.low), *rest)


def decorations(layer: dict) -> tuple[dict | None, dict[str, tuple[float, float, str]] | None]:
    """Province outlines (and, nationally, province names) for a schematic regency layer."""
    features = layer["features"]
    schematic = features and all("." in f["id"] and "short" in f["properties"] for f in features)
    if not schematic:
        return None, None
    provinces = {f["properties"]["province"] for f in features}
    outlines = province_outlines()
    outlines = {**outlines, "features": [f for f in outlines["features"] if f["id"] in provinces]}
    if len(provinces) == 1:
        return outlines, None
    points = outline_label_points()
    names = short_names()
    return outlines, {code: (*points[code], names[code]) for code in sorted(provinces)}


def map_figure(
    layer: dict,
    shown: MapValues,
    lang: str,
    *,
    show_values: bool,
    height: int | None = None,
    geojson_url: str | None = None,
):
    """The full figure of ``shown`` on ``layer`` (``height`` None: as tall as its frame;
    ``geojson_url``: the layer's geometry is fetched from there, see :func:`layer_url`)."""
    outlines, groups = decorations(layer)
    figure = choropleth_map(
        layer,
        shown.values,
        colorbar_title=shown.colorbar_title,
        text=shown.text,
        show_values=show_values,
        outlines=outlines,
        groups=groups,
        classes=shown.classes,
        states=shown.states,
        scale=shown.scale,
        locale=lang,
        write_values=shown.written,
        geojson_url=geojson_url,
    )
    sized = {} if height is None else {"height": height}
    return charts.with_layout(figure, font={"size": 16}, clickmode="event", **sized)


def map_patch(layer: dict, shown: MapValues, lang: str) -> Patch:
    """A patch of the values, hover lines, labels and hatching only."""
    _outlines, groups = decorations(layer)
    return patch_values(
        layer,
        shown.values,
        text=shown.text,
        states=shown.states,
        classes=shown.classes,
        groups=groups,
        scale=shown.scale,
        locale=lang,
        write_values=shown.written,
    )


def map_update(
    layer_key: str,
    layer: dict,
    shown: MapValues,
    lang: str,
    shown_key: str | None,
    *,
    show_values: bool,
    height: int | None = None,
):
    """The full figure when the layer or the legend changed, else a patch."""
    key = f"{layer_key}|{shown.legend_key}|{lang}"
    if key == shown_key:
        return map_patch(layer, shown, lang), key
    url = layer_url(layer_key, app_settings())
    figure = map_figure(layer, shown, lang, show_values=show_values, height=height, geojson_url=url)
    return figure, key
