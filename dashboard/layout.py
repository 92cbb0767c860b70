"""What every page is built with: the ids and controls the shell and the pages share,
cards, notices, empty states and chart styling (figures as trusted dicts, axes, legends).

The shell itself (navigation, filter bar, freshness line) is
:mod:`dashboard.components.frame`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math

import dash
import dash_bootstrap_components as dbc
import plotly.io as pio
from dash import html

from dashboard import formatting
from dashboard.selection import BREAKDOWNS
from pantau.texts import label, t

NAV_PAGES = (
    ("ringkasan", "/"),
    ("gugus_tugas", "/gugus-tugas"),
    ("luar_negeri", "/korban-luar-negeri"),
    ("penegakan", "/penegakan-hukum"),
    ("kepatuhan", "/kepatuhan"),
    ("rapat", "/rapat"),
)
FILTER_CONTROLS = (
    "period_from",
    "period_to",
    "province",
    "regency",
    "exploitation",
    "sex",
    "age_group",
)
"""Dropdowns of the filter bar, in order; their ids are ``shell-<name with dashes>``."""
COLORSCALE = "Cividis"
"""Sequential, readable with colour-vision deficiency and on a projector."""
SERIES_COLOURS = ("#00204d", "#7c7b78", "#ffcf3f", "#3b5c8f")
"""Dark blue, grey, yellow, mid blue: lines that differ in lightness, never red-green."""
FONT = {"size": 16}
MODEBAR_REMOVE = (
    "select2d",
    "lasso2d",
    "zoomIn2d",
    "zoomOut2d",
    "autoScale2d",
    "toggleSpikelines",
    "hoverClosestCartesian",
    "hoverCompareCartesian",
    "hoverClosestGeo",
    "hoverClosestPie",
    "toggleHover",
    "resetViews",
    "sendDataToCloud",
    "sendChartToCloud",
)
"""Toolbar buttons nobody here needs: left are save as PNG, zoom, pan and reset."""


PNG_BUTTON_REPLACED = "toImage"
"""plotly's own "download as PNG" saves the chart as drawn; ``assets/pantau-png.js`` puts
in its place a button that saves it with its title and :func:`chart_context` above it."""
CHART_CONTEXT_ID = "shell-chart-context"
"""Hidden element whose ``data-lines`` (JSON) holds :func:`chart_context` of the view."""


def graph_config(filename: str, lang: str | None, **extra) -> dict:
    """The one ``dcc.Graph`` config of every chart: plotly in the page's language (its
    locale files are in ``assets``; without ``lang`` ``assets/pantau-plotly.js`` takes it
    from the URL), the reduced toolbar, no logo, and the PNG download named ``filename``
    that carries the chart's title and context (:data:`PNG_BUTTON_REPLACED`)."""
    config = {
        "displaylogo": False,
        "modeBarButtonsToRemove": [*MODEBAR_REMOVE, PNG_BUTTON_REPLACED],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        **extra,
    }
    if lang:
        config["locale"] = lang
    return config


def chart_context(
    period: tuple[dt.date, dt.date] | None,
    lang: str,
    *,
    synthetic: bool,
    release: tuple[int, str] | None = None,
) -> list[str]:
    """The lines a downloaded chart carries under its title, so a PNG passed on still says
    what it shows: period and source, the data release (number, data as of) or "live
    data", and the synthetic-data label when the data is synthetic."""
    lines = []
    if period is not None:
        lines.append(t("rapat.source", lang, period=formatting.month_range(*period, lang)))
    if release is not None:
        lines.append(t("release.source", lang, number=release[0], as_of=release[1]))
    else:
        lines.append(t("chart.png.live", lang))
    if synthetic:
        lines.append(t("shell.synthetic", lang))
    return lines


def control_id(name: str) -> str:
    """The component id of a filter control (``period_from`` -> ``shell-period-from``)."""
    return "shell-" + name.replace("_", "-")


def keeps_page() -> bool:
    """Whether the page router runs only because the URL query changed (same page).

    Core pages then return ``dash.no_update`` from their layout and update their parts
    through callbacks (maps by ``dash.Patch``), so the map geometry is not sent again.
    """
    try:
        triggered = set(dash.callback_context.triggered_prop_ids)
    except Exception:  # outside a callback (validation layout, tests)
        return False
    return triggered == {"_pages_location.search"}


# -- building blocks for pages ---------------------------------------------------------------


def page_heading(title: str, note: str, note_id: str | None = None) -> html.H1:
    """A page's title with what it covers (its period, its window) after a dot, muted."""
    attributes = {"id": note_id} if note_id else {}
    return html.H1(
        [title, html.Small(f" · {note}", className="text-muted", **attributes)], className="h3"
    )


def card(title: str, body, element_id: str | None = None, *, title_id: str | None = None):
    """A titled card around a chart or table."""
    attributes = {"id": element_id} if element_id else {}
    header = html.H2(title, className="h5 mb-0", **({"id": title_id} if title_id else {}))
    return dbc.Card([dbc.CardHeader(header), dbc.CardBody(body)], className="mb-3", **attributes)


def unapplied_notice(chosen, lang: str, *, victims_only: bool) -> dbc.Alert | None:
    """Says once which of the chosen victim breakdowns (of a selection or a view's state)
    the page's figures do not follow: none of them where nothing on the page is broken
    down by victim (task forces, enforcement, reporting), the figures other than victims'
    where the page mixes them (``victims_only``).  Nothing when no breakdown is chosen."""
    shown = [
        f"{t(f'filter.{name}', lang)}: {label(getattr(chosen, name), lang)}"
        for name in BREAKDOWNS
        if getattr(chosen, name, None)
    ]
    if not shown:
        return None
    key = "filter.victims_only" if victims_only else "filter.unapplied"
    return dbc.Alert(
        t(key, lang, fields=" · ".join(shown)),
        color="secondary",
        className="py-2 unapplied-filters",
        id="unapplied-filters",
    )


def empty_state(text: str, element_id: str | None = None) -> dbc.Alert:
    """A message saying why nothing is shown and what to do about it."""
    attributes = {"id": element_id} if element_id else {}
    return dbc.Alert(text, color="light", className="empty-state fs-5 border", **attributes)


def trusted_figure(data: list[dict], layout: dict) -> dict:
    """A figure from trace and layout dicts the dashboard wrote, as the plain dict the
    browser gets, without building a ``go.Figure``: its property validation, template copy
    and serialisation cost most of a map callback and ~5 ms per chart of a page.  Call it
    as ``layout.trusted_figure``: the test suite replaces it with one that validates every
    figure too (tests/conftest.py), so a wrong property still fails the test that drew it.
    A layout key set to None is left out (unset), as ``update_layout`` does; the figure
    carries plotly's default template, as a ``go.Figure`` would."""
    unset = {key: value for key, value in layout.items() if value is not None}
    return {"data": data, "layout": {"template": _default_template(), **unset}}


def with_layout(figure: dict, **changes) -> dict:
    """``figure`` (a :func:`trusted_figure`) with layout keys changed, as a new figure; a
    dict value is merged into the one there (``font={"size": 16}`` keeps the family), as
    ``update_layout`` does."""
    layout = dict(figure["layout"])
    for key, value in changes.items():
        old = layout.get(key)
        merged = isinstance(old, dict) and isinstance(value, dict)
        layout[key] = {**old, **value} if merged else value
    return {**figure, "layout": layout}


@functools.cache
def _default_template() -> dict:
    """Plotly's default template as a dict, made once per process (a ``go.Figure`` copies
    it for every figure)."""
    return pio.templates[pio.templates.default].to_plotly_json()


LEGEND_ABOVE = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}
"""A legend over the plot: under it, it collides with a month axis's slanted labels."""


def chart_layout(lang: str, *, height: int = 360, **overrides) -> dict:
    """Large type, white background and the language's separators, as a layout to build a
    figure with (``go.Figure(data, layout=...)``: one validation pass, where each
    ``update_layout`` call costs a filter change ~15 ms).  ``overrides`` replace top-level
    keys; ``yaxis`` is merged into the default one."""
    layout = {
        "font": FONT,
        "height": height,
        "margin": {"l": 8, "r": 8, "t": 16, "b": 8},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "separators": formatting.separators(lang),
        "legend": {"orientation": "h", "y": -0.15},
        # full numbers in the language's separators, never "3,5B" (an English SI suffix)
        "yaxis": {"exponentformat": "none", "separatethousands": True},
    }
    layout["yaxis"] = {**layout["yaxis"], **overrides.pop("yaxis", {})}
    return {**layout, **overrides}


def money_axis(values: list[float], lang: str, *, ticks: int = 4) -> dict:
    """A y axis of rupiah amounts labelled in words (``Rp 1,5 miliar``), never a row of
    digits: about ``ticks`` round steps from 0 to the largest value."""
    top = max((value for value in values if value), default=0)
    if top <= 0:
        return {}
    rough = top / ticks
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(factor * magnitude for factor in (1, 2, 2.5, 5, 10) if factor * magnitude >= rough)
    count = math.ceil(top / step)
    tickvals = [step * index for index in range(count + 1)]
    return {
        "tickmode": "array",
        "tickvals": tickvals,
        "ticktext": [formatting.idr(value, lang) if value else "0" for value in tickvals],
    }
