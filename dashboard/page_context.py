"""Dash building blocks shared by the analysis pages: request context, URL state,
chart config with PNG export, export buttons and suppression of displayed counts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import dash_bootstrap_components as dbc
from dash import html
from sqlalchemy import Engine

from dashboard.data.context import app_engine, app_settings
from dashboard.data.periods import page_selection
from dashboard.exports import (
    briefing_file_name,
    export_href,
    internal_file_name,
    period_name,
    release_file_name,
    release_href,
)
from dashboard.filters import FilterState
from dashboard.formatting import timestamp
from dashboard.layout import FILTER_CONTROLS, graph_config
from dashboard.scope import current_scope
from dashboard.selection import Selection, country_of
from pantau.access import Scope
from pantau.privacy import (
    suppress_series,
    suppressed_label,
    suppression_active,
    suppression_notice,
)
from pantau.releases.store import latest_release
from pantau.settings import Settings
from pantau.texts import t

FILTER_KEYS = (*FILTER_CONTROLS, "lang")


@dataclass(frozen=True)
class PageContext:
    """What a page request needs: query, language, settings, engine, scope and selection."""

    query: dict[str, str]
    lang: str
    settings: Settings
    engine: Engine
    scope: Scope
    selection: Selection

    @property
    def suppress(self) -> bool:
        """Whether displayed counts hide small cells (regional roles, meeting mode)."""
        return suppression_active(self.scope, meeting=self.query.get("mode") == "rapat")

    @property
    def threshold(self) -> int:
        return self.settings.suppression_threshold


def page_context(query: Mapping[str, str]) -> PageContext:
    """The context of a page rendered for URL parameters ``query``."""
    settings = app_settings()
    clean = {key: value for key, value in query.items() if isinstance(value, str) and value}
    lang = clean.get("lang") if clean.get("lang") in ("id", "en") else settings.language
    engine = app_engine(settings)
    scope = current_scope()
    state = FilterState.from_query(clean, scope=scope)
    return PageContext(
        query=clean,
        lang=lang,
        settings=settings,
        engine=engine,
        scope=scope,
        selection=page_selection(state, engine, settings, country_of(clean)),
    )


def search_with(search: str | None, **changes: str | None) -> str:
    """The URL query ``search`` with ``changes`` applied (None removes a key)."""
    params = dict(parse_qsl((search or "").lstrip("?")))
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return f"?{urlencode(params)}" if params else ""


def shown_values(
    context: PageContext, values: Mapping[str, int]
) -> tuple[dict[str, int], set[str]]:
    """Values to draw, and the keys hidden by suppression (drawn as ``<5`` labels)."""
    if not context.suppress:
        return dict(values), set()
    protected = suppress_series(values, context.threshold)
    hidden = {key for key, value in protected.items() if value is None}
    return {key: value for key, value in protected.items() if value is not None}, hidden


def hidden_label(context: PageContext) -> str:
    return suppressed_label(context.threshold)


def chart_config(name: str, selection: Selection, base: Mapping | None = None) -> dict:
    """The common chart config (:func:`dashboard.layout.graph_config`) whose mode-bar
    camera saves a PNG named after the chart and the period.

    Without a ``locale`` in ``base`` plotly takes the page's language from the URL
    (``assets/pantau-plotly.js``)."""
    filename = f"pantau-tppo_{name}_{selection.start:%Y-%m}_{selection.end:%Y-%m}"
    config = {**graph_config(filename, None), **dict(base or {})}
    config["toImageButtonOptions"] = {"format": "png", "filename": filename, "scale": 2}
    config["modeBarButtonsToRemove"] = graph_config(filename, None)["modeBarButtonsToRemove"]
    return config


def export_buttons(context: PageContext, table: str, extra: Mapping[str, str | None]) -> html.Div:
    """CSV, XLSX (internal, exact) and PDF-briefing download links carrying the page's
    filters, and the latest data release's publication files when there is a release."""
    params = {key: context.query.get(key) for key in FILTER_KEYS}
    params.update(extra)
    release = latest_release(context.engine)
    # the PDF names its release in its link: the same file later, and comparable
    briefing = {**params, "rilis": str(release.number) if release else None}
    stem = f"{table}_{extra['source']}" if extra.get("source") else table
    name = period_name(stem, context.selection)
    buttons = [
        (
            t("export.csv", context.lang),
            export_href(f"/export/{table}.csv", params),
            internal_file_name(name, "csv"),
            "csv",
        ),
        (
            t("export.xlsx", context.lang),
            export_href(f"/export/{table}.xlsx", params),
            internal_file_name(name, "xlsx"),
            "xlsx",
        ),
        (
            t("export.pdf", context.lang),
            export_href("/export/briefing.pdf", briefing),
            briefing_file_name(release, context.selection),
            "pdf",
        ),
    ]
    if release is not None:
        as_of = timestamp(release.data_as_of or release.created_at, context.lang)
        buttons.append(
            (
                t("export.release", context.lang, number=release.number, as_of=as_of),
                export_href(release_href(release.number), {"lang": context.query.get("lang")}),
                release_file_name(release),
                "release",
            )
        )
    return html.Div(
        [
            dbc.Button(
                text,
                href=href,
                download=download,
                external_link=True,
                color="primary" if kind == "pdf" else "secondary",
                outline=True,
                className="me-2 mb-2",
                id=f"{table}-export-{kind}",
            )
            for text, href, download, kind in buttons
        ],
        className="mb-2",
    )


def notices(context: PageContext, synthetic: bool) -> list:
    """The synthetic-data badge and the suppression notice, when they apply."""
    items = []
    if synthetic:
        items.append(
            dbc.Badge(t("briefing.synthetic", context.lang), color="warning", className="mb-2 fs-6")
        )
    if context.suppress:
        items.append(
            dbc.Alert(
                suppression_notice(context.threshold, context.lang), color="info", className="py-2"
            )
        )
    return items
