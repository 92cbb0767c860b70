"""The shell around every page: navigation, language switch, shared filter bar, freshness.

The shell is static (its texts and options are filled in by :mod:`dashboard.callbacks.shell`
from the URL), so its component ids are known to the security layer.  Every id starts with
``shell-``.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.user_menu import user_menu
from dashboard.layout import CHART_CONTEXT_ID, NAV_PAGES, control_id
from pantau.reports.model import AGE_GROUPS, EXPLOITATION_TYPES, SEXES
from pantau.texts import options, t


def _navbar(lang: str) -> dbc.Navbar:
    """Brand, filter button and toggler; below ``xl`` the links fold behind the toggler."""
    links = [
        dbc.NavItem(
            dbc.NavLink(t(f"nav.{key}", lang), href=path, id=f"shell-nav-{key}", active="exact")
        )
        for key, path in NAV_PAGES
    ]
    switch = html.Div(
        [
            html.A("ID", href="?lang=id", id="shell-lang-id", className="shell-lang", lang="id"),
            html.Span("|", className="mx-1 shell-lang-bar", **{"aria-hidden": "true"}),
            html.A("EN", href="?lang=en", id="shell-lang-en", className="shell-lang", lang="en"),
        ],
        className="d-flex align-items-center shell-lang-switch",
        title=t("nav.language", lang),
    )
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(t("app.title", lang), href="/", id="shell-brand"),
                html.Button(
                    t("shell.filters", lang),
                    id="shell-filters-open",
                    type="button",
                    className="btn btn-outline-light d-lg-none ms-auto me-2 shell-filters-open",
                    **{"aria-controls": OFFCANVAS_ID},
                ),
                dbc.NavbarToggler(id="shell-nav-toggler", n_clicks=0),
                dbc.Collapse(
                    [
                        dbc.Nav(links, navbar=True, className="me-auto"),
                        html.Div(
                            [switch, user_menu(lang)],
                            className="d-flex align-items-center gap-3 shell-nav-end",
                        ),
                    ],
                    id="shell-nav-collapse",
                    is_open=False,
                    navbar=True,
                ),
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        expand="xl",
        className="mb-2",
        id="shell-navbar",
    )


BREAKDOWN_VALUES = {
    "exploitation": EXPLOITATION_TYPES,
    "sex": SEXES,
    "age_group": AGE_GROUPS,
}
"""The fixed choices of the breakdown controls.  They are in the layout from the start: a
dropdown given a value (from the URL) before its options clears it, and the cleared value
went back into the URL as a filter removed (seen on a cold server)."""


def breakdown_options(name: str, lang: str) -> list[dict]:
    """The options of breakdown control ``name`` in ``lang``."""
    return options(BREAKDOWN_VALUES[name], lang)


def _dropdown(name: str, lang: str, *, clearable: bool = True) -> html.Div:
    period = name.startswith("period_")
    return html.Div(
        [
            dbc.Label(
                t(f"filter.{name}", lang), html_for=control_id(name), id=f"shell-label-{name}"
            ),
            dcc.Dropdown(
                id=control_id(name),
                options=breakdown_options(name, lang) if name in BREAKDOWN_VALUES else [],
                clearable=clearable,
                placeholder=t("filter.all", lang),
                className="shell-dropdown",
            ),
        ],
        className="shell-filter shell-filter-period" if period else "shell-filter",
    )


def _switches(lang: str) -> html.Div:
    return html.Div(
        [
            dbc.Label(t("filter.map", lang), id="shell-label-map"),
            dbc.RadioItems(
                id="shell-map-kind",
                options=[{"label": t("map.schematic", lang), "value": "schematic"}],
                value="schematic",
                inline=True,
            ),
            dbc.Label(t("filter.measure", lang), id="shell-label-measure", className="mt-1"),
            dbc.RadioItems(
                id="shell-measure",
                options=[
                    {"label": t("measure.count", lang), "value": "count"},
                    {"label": t("measure.rate", lang), "value": "rate"},
                ],
                value="count",
                inline=True,
            ),
        ],
        className="shell-filter shell-filter-switches",
    )


OFFCANVAS_ID = "shell-offcanvas"
"""Below ``lg`` the filter bar is an offcanvas panel (Bootstrap's ``offcanvas-lg``): no
JavaScript of Bootstrap's, ``assets/pantau-shell.js`` toggles its ``show`` class."""


def filter_bar(lang: str) -> html.Div:
    """Period range, region and victim breakdown, map kind and counts/rates.

    The controls wrap (never cut: a period column is as wide as its longest month), and on
    a phone the whole bar is an offcanvas panel opened from the navbar.
    """
    return html.Div(
        [
            html.Div(
                [
                    html.H2(
                        t("shell.filters", lang), className="h5 mb-0", id="shell-filters-title"
                    ),
                    html.Button(
                        type="button",
                        className="btn-close",
                        id="shell-filters-close",
                        **{"aria-label": t("shell.close", lang)},
                    ),
                ],
                className="offcanvas-header",
            ),
            html.Div(
                html.Div(
                    [
                        html.Div(
                            [
                                _dropdown("period_from", lang, clearable=False),
                                _dropdown("period_to", lang, clearable=False),
                                _dropdown("province", lang),
                                _dropdown("regency", lang),
                                _dropdown("exploitation", lang),
                                _dropdown("sex", lang),
                                _dropdown("age_group", lang),
                                _switches(lang),
                            ],
                            className="shell-filter-grid",
                        ),
                        html.Div(id="shell-map-notice", className="small shell-muted mt-1"),
                    ],
                    id="shell-filters",
                    className="shell-filters mb-2",
                ),
                className="offcanvas-body",
            ),
        ],
        id=OFFCANVAS_ID,
        className="offcanvas-lg offcanvas-start shell-offcanvas",
        tabIndex="-1",
    )


def status_line(lang: str) -> html.Div:
    """The freshness line and the synthetic-data badge."""
    return html.Div(
        [
            html.Span(id="shell-fresh", className="me-3"),
            dbc.Badge(
                t("shell.synthetic", lang),
                id="shell-synthetic",
                color="warning",
                text_color="dark",
                className="shell-synthetic d-none",
                title=t("shell.synthetic_hint", lang),
            ),
        ],
        id="shell-status",
        className="shell-status mb-2",
    )


SHELL_LOCATION = "shell-location"


def shell(lang: str = "id") -> dbc.Container:
    """The app layout: shell around :data:`dash.page_container`."""
    return dbc.Container(
        [
            dcc.Store(id="shell-lang", data=None),
            # The shell's own view of the URL (Dash's public way beside the page router's
            # private ``_pages_location``): it writes the filters here, and the router and
            # the pages' own locations follow the browser's history.
            dcc.Location(id=SHELL_LOCATION, refresh="callback-nav"),
            _navbar(lang),
            status_line(lang),
            filter_bar(lang),
            html.Main(dash.page_container, id="shell-main"),
            accessible_names(),
            html.Div(id=CHART_CONTEXT_ID, hidden=True, **{"data-lines": "[]", "data-button": ""}),
        ],
        fluid=True,
        id="shell",
    )


PAGER_BUTTONS = ("first-page", "previous-page", "next-page", "last-page")


def accessible_names() -> html.Div:
    """Names, in both languages, for controls Dash draws without one (the table pager's
    buttons); ``assets/pantau-a11y.js`` gives each button the name of the page's language."""
    names = {
        f"data-{lang}-{button}": t(f"shell.a11y.{button}", lang)
        for lang in ("id", "en")
        for button in PAGER_BUTTONS
    }
    return html.Div(id="shell-a11y-names", hidden=True, **names)
