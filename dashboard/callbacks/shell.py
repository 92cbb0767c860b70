"""Shell callbacks: URL <-> filter controls (both ways), texts, options and freshness.

The URL (``shell-location.search``) is the single source of the filter state.  A change
of a control writes the URL; a change of the URL (a pasted link, the back button, a page
that drills down) sets the controls.  Pages read the state from the URL too.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from urllib.parse import urlencode

import dash
from dash import ClientsideFunction, Input, Output, State, ctx, no_update
from flask import g

from dashboard import formatting
from dashboard.components.frame import OFFCANVAS_ID, SHELL_LOCATION, breakdown_options
from dashboard.components.user_menu import ADMIN_LINKS, menu_label, role_label
from dashboard.data.context import app_engine, app_settings
from dashboard.data.periods import is_open_month, month_bounds, months_of, page_period
from dashboard.data.reference import data_status, regions_at
from dashboard.filters import FilterState, Period, merge_search, parse_search
from dashboard.layout import (
    CHART_CONTEXT_ID,
    FILTER_CONTROLS,
    NAV_PAGES,
    chart_context,
    control_id,
)
from dashboard.scope import current_scope
from geodata.layers import available_kinds
from pantau.metrics import METRICS
from pantau.reporting_calendar import today_wib
from pantau.settings import Settings
from pantau.texts import t

LOCATION = SHELL_LOCATION
CONTROL_FIELDS = (*FILTER_CONTROLS, "map_kind", "measure")
CONTROL_IDS = [control_id(name) for name in CONTROL_FIELDS]
HIDDEN_ON = ("/rapat",)
NO_FILTERS_ON = ("/rapat", "/admin")
"""Pages without the filter bar: meeting mode (no shell at all) and the admin pages."""


def layout_search(query: Mapping[str, object]) -> str:
    """The URL query (``?a=b``) a page's ``layout(**query)`` was called with: Dash passes
    the URL's parameters as keyword arguments; only strings are kept."""
    return "?" + urlencode({key: value for key, value in query.items() if isinstance(value, str)})


def current_filters(search: str | None) -> FilterState:
    """The filter state of the URL ``search`` for this request's user."""
    return FilterState.from_search(
        search, default_lang=app_settings().language, scope=current_scope()
    )


def with_filters(search: str | None, state: FilterState) -> str:
    """The URL query ``search`` with its filters replaced by ``state``'s."""
    return merge_search(search, state, default_lang=app_settings().language)


def _control_values(state: FilterState, period: Period | None) -> list:
    values = [getattr(state, name) for name in CONTROL_FIELDS]
    if period is not None:
        values[0] = values[0] or f"{period.start:%Y-%m}"
        values[1] = values[1] or f"{period.end:%Y-%m}"
    return values


def _month_options(bounds, period: Period, lang: str, settings: Settings) -> list[dict]:
    """Every month with data, and the months the URL asks for; a month whose reports are
    not due yet is marked as incomplete."""
    first = min(bounds[0], period.start) if bounds else period.start
    last = max(bounds[1], period.end) if bounds else period.end
    return list(_month_choices(first, last, lang, settings, today_wib()))


@functools.lru_cache(maxsize=64)
def _month_choices(
    first: dt.date, last: dt.date, lang: str, settings: Settings, today: dt.date
) -> tuple[dict, ...]:
    """The options of :func:`_month_options`, built once a day per range and language
    (five years are 60 labels, formatted twice on every page open before)."""
    return tuple(
        {"label": month_label(month, lang, settings, today), "value": f"{month:%Y-%m}"}
        for month in reversed(months_of(Period(first, last)))
    )


def month_label(month: dt.date, lang: str, settings: Settings, today: dt.date | None = None) -> str:
    """``Nov 2026``, or ``Nov 2026 (belum lengkap)`` while its reports are not all due."""
    text = formatting.month(month, lang)
    return t("period.open", lang, month=text) if is_open_month(month, settings, today) else text


def _regency_options(state: FilterState) -> list[dict]:
    if not state.province:
        return []
    engine = app_engine()
    return [
        {"label": region.name, "value": region.code}
        for region in regions_at(engine, current_scope(), "regency", state.province)
    ]


def sync_filters(search: str | None, *values):
    """Keep the URL and the filter controls in step, whichever of them changed."""
    settings = app_settings()
    triggered = ctx.triggered_id
    if triggered == LOCATION or triggered is None:
        # Options go out with the values: a dropdown drops a value missing from its options.
        state = current_filters(search)
        engine = app_engine(settings)
        bounds = month_bounds(engine)
        period = page_period(state, engine, settings)
        months = _month_options(bounds, period, state.lang, settings)
        provinces = [
            {"label": region.name, "value": region.code}
            for region in regions_at(engine, current_scope(), "province")
        ]
        return [
            no_update,
            *_control_values(state, period),
            _regency_options(state),
            months,
            months,
            provinces,
        ]
    field = CONTROL_FIELDS[CONTROL_IDS.index(triggered)]
    value = values[CONTROL_IDS.index(triggered)]
    shown = getattr(current_filters(search), field)
    if value == shown or (value in (None, "") and field in ("period_from", "period_to")):
        # A control echoing the URL (or a dropdown clearing itself when its options load).
        return [no_update] * (len(CONTROL_IDS) + 5)
    params = parse_search(search)
    key = "map" if field == "map_kind" else field
    if value in (None, ""):
        params.pop(key, None)
    else:
        params[key] = value
    if triggered == control_id("province"):
        params.pop("regency", None)
    state = FilterState.from_query(params, default_lang=settings.language, scope=current_scope())
    new_search = merge_search(search, state, default_lang=settings.language)
    regency_value = state.regency if triggered == control_id("province") else no_update
    outputs = [no_update] * len(CONTROL_IDS)
    outputs[CONTROL_FIELDS.index("regency")] = regency_value
    regency_options = _regency_options(state) if triggered == control_id("province") else no_update
    if new_search == (search or ""):
        new_search = no_update
    return [new_search, *outputs, regency_options, no_update, no_update, no_update]


SHELL_TEXT_OUTPUTS = [
    *[Output(f"shell-nav-{key}", "children") for key, _ in NAV_PAGES],
    *[Output(f"shell-label-{name}", "children") for name in FILTER_CONTROLS],
    Output("shell-label-map", "children"),
    Output("shell-label-measure", "children"),
    Output("shell-measure", "options"),
    Output("shell-exploitation", "options"),
    Output("shell-sex", "options"),
    Output("shell-age-group", "options"),
    *[Output(control_id(name), "placeholder") for name in FILTER_CONTROLS],
    Output("shell-synthetic", "children"),
    Output("shell-synthetic", "title"),
    Output("shell-brand", "children"),
    Output("shell-logout-label", "children"),
    Output("shell-filters-open", "children"),
    Output("shell-filters-title", "children"),
    *[Output(f"shell-admin-{key}", "children") for key, _path, _text in ADMIN_LINKS],
]


def measure_options(state: FilterState) -> list[dict]:
    """Counts, and rates only where the map's metric has a denominator in the registry."""
    has_rate = METRICS[state.metric].has_rate
    return [
        {"label": t(f"measure.{key}", state.lang), "value": key, "disabled": not has_rate}
        if key == "rate"
        else {"label": t(f"measure.{key}", state.lang), "value": key}
        for key in ("count", "rate")
    ]


MEASURE_OUTPUT = 1 + len(NAV_PAGES) + len(FILTER_CONTROLS) + 2
"""Where ``shell-measure.options`` sits in what :func:`shell_texts` returns."""


def shell_texts(search: str | None, shown_lang: str | None):
    """The shell's texts in the URL's language (only when the language changes), and the
    measures the URL's metric offers (always)."""
    state = current_filters(search)
    lang = state.lang
    if lang == shown_lang:
        unchanged = [no_update] * (1 + len(SHELL_TEXT_OUTPUTS))
        unchanged[MEASURE_OUTPUT] = measure_options(state)
        return unchanged
    return [
        lang,
        *[t(f"nav.{key}", lang) for key, _ in NAV_PAGES],
        *[t(f"filter.{name}", lang) for name in FILTER_CONTROLS],
        t("filter.map", lang),
        t("filter.measure", lang),
        measure_options(state),
        breakdown_options("exploitation", lang),
        breakdown_options("sex", lang),
        breakdown_options("age_group", lang),
        *[t("filter.all", lang) for _ in FILTER_CONTROLS],
        t("shell.synthetic", lang),
        t("shell.synthetic_hint", lang),
        t("app.title", lang),
        t("login.logout", lang),
        t("shell.filters", lang),
        t("shell.filters", lang),
        *[t(text, lang) for _key, _path, text in ADMIN_LINKS],
    ]


def shell_links(search: str | None):
    """Navigation links that keep the filters, and the language switch of this view."""
    params = parse_search(search)
    state = current_filters(search)
    keep = merge_search("", state.replace(metric="victims"), default_lang=app_settings().language)
    links = [path + keep for _key, path in NAV_PAGES]
    languages = ["?" + urlencode({**params, "lang": lang}) for lang in ("id", "en")]
    notice = ""
    if state.map_kind == "geographic" and "geographic" not in available_kinds(app_settings()):
        notice = t("shell.no_boundaries", state.lang)
    return [*links, *languages, notice]


SHELL_DATA_OUTPUTS = [
    Output("shell-province", "disabled"),
    Output("shell-regency", "disabled"),
    Output("shell-map-kind", "options"),
    Output("shell-fresh", "children"),
    Output("shell-synthetic", "className"),
    Output("shell-filters", "className"),
    Output("shell-navbar", "className"),
    Output("shell-status", "className"),
    Output("shell-user-menu", "label"),
    Output("shell-user-role", "children"),
    Output("shell-admin-links", "className"),
    Output("shell-filters-open", "className"),
]


def shell_data(pathname: str | None, lang: str | None):
    """What depends on the data and the user (controls locked to a region, map kinds, the
    user menu) and the freshness line; the filter bar is hidden in meeting mode and on the
    admin pages."""
    lang = lang or app_settings().language
    settings = app_settings()
    engine = app_engine(settings)
    scope = current_scope()
    kinds = [{"label": t(f"map.{kind}", lang), "value": kind} for kind in available_kinds(settings)]
    status = data_status(engine, scope)
    fresh = (
        t("shell.fresh", lang, date=formatting.timestamp(status.latest_received, lang))
        if status.latest_received
        else t("shell.no_reports", lang)
    )
    hidden = (pathname or "/").startswith(HIDDEN_ON)
    no_filters = (pathname or "/").startswith(NO_FILTERS_ON)
    regional = not scope.is_national
    account = g.get("pantau_user")
    role = account.role if account is not None else ""
    return [
        regional,
        scope.role == "kabupaten",
        kinds,
        fresh,
        "shell-synthetic fs-6" if status.synthetic else "shell-synthetic d-none",
        "shell-filters mb-2" + (" d-none" if no_filters else ""),
        "mb-2" + (" d-none" if hidden else ""),
        "shell-status mb-2" + (" d-none" if hidden else ""),
        menu_label(account.username, role, lang) if account is not None else "",
        role_label(role, lang),
        "" if role == "admin" else "d-none",
        "btn btn-outline-light ms-auto me-2 shell-filters-open"
        + (" d-none" if no_filters else " d-lg-none"),
    ]


def chart_context_data(pathname: str | None, search: str | None) -> tuple[str, str]:
    """What a chart downloaded as PNG from this view carries (:func:`chart_context`, as
    JSON for ``assets/pantau-png.js``) and the download button's name.  Pages show live
    figures to analysts; pages without a period (admin) name none."""
    settings = app_settings()
    engine = app_engine(settings)
    state = current_filters(search)
    period = None
    if not (pathname or "/").startswith(NO_FILTERS_ON):
        shown = page_period(state, engine, settings)
        period = (shown.start, shown.end)
    synthetic = data_status(engine, current_scope()).synthetic
    lines = chart_context(period, state.lang, synthetic=synthetic)
    return json.dumps(lines, ensure_ascii=False), t("chart.png.download", state.lang)


def shell_view(pathname: str | None, search: str | None, shown_lang: str | None) -> list:
    """Everything the shell shows of the URL, in one request: its texts
    (:func:`shell_texts`), links (:func:`shell_links`), what a PNG carries
    (:func:`chart_context_data`) and what depends on the data and the user
    (:func:`shell_data`).  Four callbacks were four requests on opening every page (the
    last one a second round trip, as it waited for the language), each paying the
    per-request checks (session, CSRF, scope)."""
    return [
        *shell_texts(search, shown_lang),
        *shell_links(search),
        *chart_context_data(pathname, search),
        *shell_data(pathname, current_filters(search).lang),
    ]


def register(app: dash.Dash) -> None:
    """Register the shell callbacks on ``app``."""
    app.callback(
        Output(LOCATION, "search", allow_duplicate=True),
        *[Output(element, "value") for element in CONTROL_IDS],
        Output("shell-regency", "options"),
        Output("shell-period-from", "options"),
        Output("shell-period-to", "options"),
        Output("shell-province", "options"),
        Input(LOCATION, "search"),
        *[Input(element, "value") for element in CONTROL_IDS],
        prevent_initial_call=True,
    )(sync_filters)
    app.callback(
        Output("shell-lang", "data"),
        *SHELL_TEXT_OUTPUTS,
        *[Output(f"shell-nav-{key}", "href") for key, _ in NAV_PAGES],
        Output("shell-lang-id", "href"),
        Output("shell-lang-en", "href"),
        Output("shell-map-notice", "children"),
        Output(CHART_CONTEXT_ID, "data-lines"),
        Output(CHART_CONTEXT_ID, "data-button"),
        *SHELL_DATA_OUTPUTS,
        Input(LOCATION, "pathname"),
        Input(LOCATION, "search"),
        State("shell-lang", "data"),
    )(shell_view)
    # Opening and closing the folded navbar and the filter panel needs no server.
    app.clientside_callback(
        ClientsideFunction("pantau", "toggleCollapse"),
        Output("shell-nav-collapse", "is_open"),
        Input("shell-nav-toggler", "n_clicks"),
        State("shell-nav-collapse", "is_open"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("pantau", "toggleOffcanvas"),
        Output(OFFCANVAS_ID, "className"),
        Input("shell-filters-open", "n_clicks"),
        Input("shell-filters-close", "n_clicks"),
        State(OFFCANVAS_ID, "className"),
        prevent_initial_call=True,
    )
