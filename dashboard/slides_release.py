"""The figure slides of meeting mode, read from one data release and nothing else.

Meeting mode is shown to an audience, so no figure on these slides is computed from live
facts: every count is a protected cell of release N (:mod:`pantau.releases`), a hidden
cell carries its honest mark ("<5" a small count, "•" hidden to protect one), and derived
figures (changes, funnel shares) come from shown cells only.  The presenter chooses the
release (``?rilis=N``, default the latest), the period (``?periode=bulan|triwulan|tahun``:
the release's latest complete month, quarter or year) and the release to compare with
(``?sejak=N`` for the "changes since release N" slide, default the one before).  A level or
period the release has no table for is read from the next coarser period, and the slide
says which period it shows.  Every id starts with ``rapat``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dash_table, dcc, html
from sqlalchemy import Engine

from dashboard import formatting
from dashboard import layout as charts
from dashboard.callbacks.map_views import MapValues, legend_classes, map_figure
from dashboard.components.maps import graph_config, tile_text
from dashboard.components.panels import tile
from dashboard.data.reference import regions
from dashboard.filters import FilterState
from dashboard.layout import SERIES_COLOURS, chart_layout, empty_state
from dashboard.selection import BREAKDOWNS
from pantau.metrics import FUNNEL, METRICS
from pantau.releases.changes import release_changes, reporting_regions
from pantau.releases.derived import change, ratio
from pantau.releases.store import (
    Figure,
    ReleaseError,
    ReleaseInfo,
    figures,
    get_release,
    latest_release,
)
from pantau.releases.tables import (
    COUNTRY,
    NATIONAL,
    PERIOD_MONTHS,
    TABLES,
    breakdown_tables,
    holds_whole,
    months_held,
    period_of,
    totals_table,
)
from pantau.reporting_calendar import add_months, months_between, months_in
from pantau.reports.countries import country_name
from pantau.texts import label, t

SLIDES = ("perubahan", "ringkasan", "peta", "luar-negeri", "penegakan", "tren")
KINDS = {"bulan": "month", "triwulan": "quarter", "tahun": "year"}
DEFAULT_KIND = "quarter"
COARSER = ("month", "quarter", "year")
TILE_METRICS = ("victims", "overseas_victims", "police_reports", "prosecutions", "convictions")
TOP_COUNTRIES = 8
MOVED_ROWS = 8
BIG_FONT = {"size": 22}


@dataclass(frozen=True)
class MeetingView:
    """What the meeting shows: which release, period kind, region and comparison."""

    release: ReleaseInfo
    kind: str  # month, quarter or year, as chosen
    region: str  # "ID", a province "32" or a regency "32.01"
    lang: str
    since: int | None  # the release the change slide compares with
    ignored: tuple[str, ...] = ()  # filters of the page a release cannot apply

    @property
    def threshold(self) -> int:
        return self.release.threshold

    @property
    def level(self) -> str:
        if self.region == NATIONAL:
            return "national"
        return "regency" if "." in self.region else "province"

    def kind_for(self, level: str) -> str:
        """The chosen period kind, or the next coarser one the release has at ``level``."""
        for kind in COARSER[COARSER.index(self.kind) :]:
            if totals_table(level, kind) in TABLES:  # type: ignore[arg-type]
                return kind
        raise ReleaseError(f"a release has no {level} figures")

    def span(self, kind: str, period: dt.date) -> tuple[dt.date, dt.date]:
        """The months of ``period`` the release holds (a release may start mid-year)."""
        return months_held(kind, period, self.release.first_month, self.release.last_month)  # type: ignore[arg-type]

    def latest(self, kind: str) -> dt.date:
        """The period a slide shows: the latest whole one the release holds, else the
        latest part of one (a year so far), which its label says."""
        months = months_between(self.release.first_month, self.release.last_month)
        held = sorted({period_of(month, kind) for month in months})  # type: ignore[arg-type]
        first, last = self.release.first_month, self.release.last_month
        whole = [period for period in held if holds_whole(kind, period, first, last)]  # type: ignore[arg-type]
        return (whole or held)[-1]

    def previous(self, kind: str, period: dt.date) -> dt.date | None:
        """The period before ``period``, when the release holds as many months of it."""
        before = add_months(period, -PERIOD_MONTHS[kind])
        if add_months(before, PERIOD_MONTHS[kind] - 1) < self.release.first_month:
            return None
        same = months_in(*self.span(kind, before)) == months_in(*self.span(kind, period))
        return before if same else None

    def label(self, kind: str, period: dt.date) -> str:
        start, end = self.span(kind, period)
        return formatting.month_range(start, end, self.lang)


def _number(raw: str | None) -> int | None:
    try:
        return int(raw or "")
    except ValueError:
        return None


def meeting_view(engine: Engine, filters: FilterState, query: dict[str, str]) -> MeetingView | None:
    """The meeting's release and choices from its URL; None before the first release."""
    number = _number(query.get("rilis"))
    try:
        info = get_release(engine, number) if number else latest_release(engine)
    except ReleaseError:
        info = latest_release(engine)
    if info is None:
        return None
    since = _number(query.get("sejak"))
    if since is None or since >= info.number or since < 1:
        since = info.number - 1 if info.number > 1 else None
    region = filters.regency or filters.province or NATIONAL
    ignored = tuple(name for name in BREAKDOWNS if getattr(filters, name))
    kind = KINDS.get(query.get("periode") or "", DEFAULT_KIND)
    return MeetingView(info, kind, region, filters.lang, since, ignored)


def _bar_length(figure: Figure | None) -> int:
    return 0 if figure is None or figure.value is None else figure.value


def _totals(
    engine: Engine, view: MeetingView, region: str, level: str
) -> tuple[str, dict[dt.date, dict[str, Figure]]]:
    """Every period's figures of ``region`` in its totals table: (kind, period -> metric)."""
    kind = view.kind_for(level)
    table = totals_table(level, kind)  # type: ignore[arg-type]
    by_period: dict[dt.date, dict[str, Figure]] = {}
    for (metric, _r, period, _b, _c), figure in figures(
        engine, view.release.number, table, regions=[region]
    ).items():
        by_period.setdefault(period, {})[metric] = figure
    return kind, by_period


def _change_note(view: MeetingView, current, previous, before: str) -> list[str]:
    moved = change(current, previous)
    if moved is None:
        return []
    return [
        t("headline.change", view.lang, change=formatting.change(moved, view.lang), period=before)
    ]


def summary(engine: Engine, view: MeetingView):
    """Tiles of the region's headline figures in the latest period, with their change."""
    kind, by_period = _totals(engine, view, view.region, view.level)
    period = view.latest(kind)
    previous = view.previous(kind, period)
    now, before = by_period.get(period, {}), by_period.get(previous) if previous else None
    lang = view.lang
    notes = []
    if before is None:
        notes.append(
            html.P(
                t("rapat.release.no_comparison", lang),
                className="text-muted small mb-2",
                id="rapat-no-comparison",
            )
        )
    before_label = view.label(kind, previous) if previous else ""
    tiles = [
        tile(
            METRICS[metric].label(lang),
            formatting.release_figure(now.get(metric), view.threshold, view.lang, absent="0"),
            _change_note(view, now.get(metric), (before or {}).get(metric), before_label),
            f"rapat-tile-{metric.replace('_', '-')}",
        )
        for metric in TILE_METRICS
    ]
    return html.Div([*notes, dbc.Row(tiles, className="g-3")]), view.label(kind, period)


def release_map(engine: Engine, view: MeetingView, layer: dict, level: str):
    """Victims on the map of ``level`` (province or regency), from the release."""
    kind = view.kind_for(level)
    period = view.latest(kind)
    table = totals_table(level, kind)  # type: ignore[arg-type]
    codes = [feature["id"] for feature in layer["features"]]
    found = figures(engine, view.release.number, table, period=period, metric="victims")
    by_region = {key[1]: figure for key, figure in found.items()}
    start, end = view.span(kind, period)
    reporting = reporting_regions(engine, view.release.number, start, end)
    reporting |= {code[:2] for code in reporting}
    lang = view.lang
    values: dict[str, float | None] = {}
    text: dict[str, str] = {}
    states: dict[str, str] = {}
    for code in codes:
        figure = by_region.get(code, Figure(0))
        text[code] = formatting.release_figure(figure, view.threshold, view.lang, absent="0")
        if figure.hidden is not None:
            states[code] = "hidden"
            values[code] = None
        elif not figure.value and code not in reporting:
            states[code] = "not_reported"
            text[code] = t("map.not_reported", lang)
            values[code] = None
        else:
            values[code] = float(figure.value or 0)
    entry = METRICS["victims"]
    classes = legend_classes(entry, values, lang, rate=False)
    shown = MapValues(values, text, entry.label(lang), classes, states, entry.scale)
    figure = map_figure(layer, shown, lang, show_values=True, height=680)
    labels = [
        tile_text(feature, "" if states.get(code) == "not_reported" else text.get(code, ""))
        for feature in layer["features"]
        for code in (feature["id"],)
    ]
    figure = charts.with_layout(figure, font=BIG_FONT)
    for trace in figure["data"]:
        if trace.get("name") == "labels":
            trace["text"] = labels
    config = {**graph_config(filename="pantau-tppo-rapat", locale=lang), "displayModeBar": False}
    return dcc.Graph(id="rapat-map", figure=figure, config=config), view.label(kind, period)


def destinations(engine: Engine, view: MeetingView):
    """The top destination countries of overseas victims (national, or a province's)."""
    province = NATIONAL if view.region == NATIONAL else view.region[:2]
    level = "national" if province == NATIONAL else "province"
    tables = breakdown_tables(COUNTRY)
    kind = next(k for k in COARSER[COARSER.index(view.kind) :] if (level, k) in tables)
    period = view.latest(kind)
    found = figures(
        engine,
        view.release.number,
        tables[(level, kind)],
        period=period,
        metric="overseas_victims",
        regions=[province],
    )
    cells = [(key[4], figure) for key, figure in found.items() if key[3] == COUNTRY]
    # shown values first, largest first; a "•" is above the threshold, a "<5" below it
    rank = {None: 0, "complement": view.threshold + 1}
    cells.sort(
        key=lambda item: (
            -(item[1].value if item[1].value is not None else rank.get(item[1].hidden, 0))
        )
    )
    top = [(code, figure) for code, figure in cells if figure.value != 0][:TOP_COUNTRIES]
    lang = view.lang
    if not top:
        return empty_state(t("rapat.release.no_destinations", lang), "rapat-empty"), view.label(
            kind, period
        )
    figure = go.Figure(
        go.Bar(
            x=[_bar_length(f) for _c, f in top],
            y=[country_name(code, lang) for code, _f in top],
            orientation="h",
            text=[
                formatting.release_figure(f, view.threshold, view.lang, absent="0") for _c, f in top
            ],
            textposition="outside",
            cliponaxis=False,
            marker_color=SERIES_COLOURS[0],
        ),
        layout=chart_layout(
            lang,
            height=620,
            font=BIG_FONT,
            xaxis={"rangemode": "tozero"},
            yaxis={"autorange": "reversed"},
            margin={"r": 80},
        ),
    )
    return dcc.Graph(id="rapat-countries", figure=figure, config={"displayModeBar": False}), (
        view.label(kind, period)
    )


def funnel(engine: Engine, view: MeetingView):
    """The case funnel of the region in the latest period, shares from shown stages only."""
    kind, by_period = _totals(engine, view, view.region, view.level)
    period = view.latest(kind)
    stages = by_period.get(period, {})
    lang = view.lang
    reports = stages.get(FUNNEL[0])

    def text(stage: str) -> str:
        written = formatting.release_figure(
            stages.get(stage), view.threshold, view.lang, absent="0"
        )
        share = ratio(stages.get(stage), reports) if stage != FUNNEL[0] else None
        return written if share is None else f"{written} ({formatting.percent(share, lang)})"

    figure = go.Figure(
        go.Funnel(
            y=[METRICS[stage].label(lang) for stage in FUNNEL],
            x=[_bar_length(stages.get(stage)) for stage in FUNNEL],
            text=[text(stage) for stage in FUNNEL],
            texttemplate="%{text}",
            textposition="inside",
            textfont={"size": 28},
            marker={"color": SERIES_COLOURS[0]},
        ),
        layout=chart_layout(lang, height=620, font=BIG_FONT),
    )
    return dcc.Graph(id="rapat-funnel", figure=figure, config={"displayModeBar": False}), (
        view.label(kind, period)
    )


def trend(engine: Engine, view: MeetingView):
    """Victims in every period of the release, gaps where the region sent no report."""
    kind, by_period = _totals(engine, view, view.region, view.level)
    periods = sorted(by_period)
    lang = view.lang

    def reported(period: dt.date) -> bool:
        start, end = view.span(kind, period)
        codes = reporting_regions(engine, view.release.number, start, end)
        if view.region == NATIONAL:
            return bool(codes)
        return any(code == view.region or code.startswith(view.region + ".") for code in codes)

    shown = {period: reported(period) for period in periods}
    values = [by_period[p].get("victims") for p in periods]
    figure = go.Figure(
        go.Bar(
            x=[view.label(kind, p) for p in periods],
            y=[_bar_length(v) if shown[p] else 0 for p, v in zip(periods, values, strict=True)],
            text=[
                formatting.release_figure(v, view.threshold, view.lang, absent="0")
                if shown[p]
                else t("trend.not_reported", lang)
                for p, v in zip(periods, values, strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            marker_color=SERIES_COLOURS[0],
        ),
        layout=chart_layout(lang, height=620, font=BIG_FONT, xaxis={"type": "category"}),
    )
    first, last = periods[0], periods[-1]
    label = formatting.month_range(view.span(kind, first)[0], view.span(kind, last)[1], lang)
    return dcc.Graph(id="rapat-trend", figure=figure, config={"displayModeBar": False}), label


def _moved_row(moved, view: MeetingView, names: dict) -> dict[str, str]:
    kind = TABLES[moved.table].period
    what = METRICS[moved.metric].label(view.lang)
    if moved.category:
        what = f"{what}: {category_label(moved.breakdown, moved.category, view.lang)}"
    return {
        "figure": what,
        "region": region_name(moved.region_code, names, view.lang),
        "period": view.label(kind, moved.period),
        "before": formatting.number(moved.before, view.lang),
        "after": formatting.number(moved.after, view.lang),
        "difference": formatting.signed(moved.difference, view.lang, decimals=0),
    }


def region_name(code: str | None, names: dict, lang: str) -> str:
    """A region's name; Indonesia for the national figures."""
    if code == NATIONAL:
        return country_name(NATIONAL, lang)
    return names[code].name if code in names else (code or "-")


def category_label(breakdown: str, category: str, lang: str) -> str:
    """The label of a breakdown category (a country, or the report vocabulary's term)."""
    return country_name(category, lang) if breakdown == COUNTRY else label(category, lang)


def changes(engine: Engine, view: MeetingView, table_style: dict):
    """ "Changes since release N": new and corrected reports, regions that started or
    stopped reporting, and the figures both releases show that moved most."""
    lang = view.lang
    if view.since is None:
        return empty_state(t("rapat.release.no_earlier", lang), "rapat-empty"), ""
    found = release_changes(engine, view.since, view.release.number, limit=MOVED_ROWS)
    names = regions(engine)

    def region_list(codes: list[str]) -> list[str]:
        shown = [region_name(code, names, lang) for code in codes[:3]]
        return [", ".join(shown) + (" …" if len(codes) > 3 else "")] if codes else []

    corrected = [
        f"{region_name(c.region_code, names, lang)}, {formatting.month(c.period, lang)}"
        for c in found.corrected_reports[:3]
    ]
    tiles = [
        tile(
            t("rapat.changes.new", lang),
            formatting.number(len(found.new_reports), lang),
            [],
            "rapat-changes-new",
        ),
        tile(
            t("rapat.changes.corrected", lang),
            formatting.number(len(found.corrected_reports), lang),
            corrected,
            "rapat-changes-corrected",
        ),
        tile(
            t("rapat.changes.started", lang),
            formatting.number(len(found.started_reporting), lang),
            region_list(found.started_reporting),
            "rapat-changes-started",
        ),
        tile(
            t("rapat.changes.stopped", lang),
            formatting.number(len(found.stopped_reporting), lang),
            region_list(found.stopped_reporting),
            "rapat-changes-stopped",
        ),
    ]
    columns = ("figure", "region", "period", "before", "after", "difference")
    rows = [_moved_row(moved, view, names) for moved in found.moved]
    moved = (
        dash_table.DataTable(
            id="rapat-changes-table",
            columns=[{"id": c, "name": t(f"rapat.changes.col.{c}", lang)} for c in columns],
            data=rows,
            style_cell={"fontSize": "22px", "padding": "6px 10px", "textAlign": "left"},
            **table_style,
        )
        if rows
        else empty_state(t("rapat.changes.none_moved", lang), "rapat-changes-none")
    )
    heading = html.P(
        t(
            "rapat.changes.heading",
            lang,
            before=view.since,
            as_of=formatting.timestamp(found.before.data_as_of, lang),
        ),
        className="fs-4 mb-2",
        id="rapat-changes-heading",
    )
    return html.Div([heading, dbc.Row(tiles, className="mb-3 rapat-tiles-compact"), moved]), ""


def source_line(view: MeetingView) -> str:
    """The release a slide comes from, its data-as-of time and whether it is synthetic."""
    info = view.release
    line = t(
        "release.source",
        view.lang,
        number=info.number,
        as_of=formatting.timestamp(info.data_as_of, view.lang),
    )
    if view.ignored:
        fields = ", ".join(t(f"filter.{name}", view.lang) for name in view.ignored)
        line += ". " + t("rapat.release.ignored", view.lang, fields=fields)
    return line
