"""``/laporan-sumber``: the reports behind a figure ("laporan sumber").

Takes the same URL as every page (period, province or regency, breakdowns, metric) and
lists the current reports whose facts make up that figure, each with what it adds, its
file (downloadable within the user's scope, audited as an export), source, version and
received time, and a link to the region's profile.  The contributions add up to the figure
the other pages show for the same URL.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import formatting
from dashboard.callbacks.shell import current_filters, layout_search
from dashboard.components.table import cell, data_table
from dashboard.data.context import app_engine, app_settings
from dashboard.data.facts import metric_conditions
from dashboard.data.periods import page_selection
from dashboard.data.reference import regions
from dashboard.filters import FilterState
from dashboard.layout import empty_state
from dashboard.report_files import file_href
from dashboard.scope import current_scope
from pantau.metrics import METRICS
from pantau.provenance import SOURCE_LIMIT, SourceReport, contributions, source_reports
from pantau.texts import t

dash.register_page(
    __name__, path="/laporan-sumber", name="Laporan sumber", title="Laporan sumber - Pantau TPPO"
)

DEFAULT_METRIC = "victims"


def _metric_key(filters: FilterState) -> str:
    entry = METRICS.get(filters.metric)
    return entry.key if entry is not None and entry.summed else DEFAULT_METRIC


def _rows(reports: list[SourceReport], added: dict[int, int], names: dict, lang: str, keep: str):
    for report in reports:
        region = names.get(report.region_code)
        place = (
            dcc.Link(f"{region.name} ({region.code})", href=f"/wilayah/{region.code}{keep}")
            if region is not None
            else t("provenance.national_report", lang)
        )
        file_cell = (
            html.A(report.file_name, href=file_href(report.id), download=report.file_name)
            if report.has_file
            else html.Span(report.file_name, className="text-muted")
        )
        yield [
            place,
            formatting.month(report.period, lang),
            cell(formatting.number(added.get(report.id, 0), lang), "text-end"),
            str(report.version),
            file_cell,
            report.source,
            formatting.timestamp(report.received_at, lang),
            t("state.late", lang) if report.late else t("state.on_time", lang),
            cell(str(report.id), "text-muted"),
        ]


def layout(**query: str) -> html.Div:
    search = layout_search(query)
    filters = current_filters(search)
    lang = filters.lang
    settings = app_settings()
    engine = app_engine(settings)
    scope = current_scope()
    selection = page_selection(filters, engine, settings)
    period = selection.period
    region_code = selection.region
    names = regions(engine)
    try:
        reports = source_reports(
            engine, scope, region_code=region_code, start=period.start, end=period.end
        )
    except PermissionError:
        return html.Div(empty_state(t("wilayah.denied", lang), "laporan-sumber-denied"))
    metric = _metric_key(filters)
    added = contributions(engine, [r.id for r in reports], metric_conditions(metric, selection))
    where = names[region_code].name if region_code in names else t("provenance.national", lang)
    heading = t(
        "provenance.lead",
        lang,
        metric=METRICS[metric].label(lang),
        region=where,
        period=formatting.month_range(period.start, period.end, lang),
        reports=formatting.number(len(reports), lang),
        total=formatting.number(sum(added.values()), lang),
    )
    keep = f"?lang={lang}" if "lang" in query else ""
    columns = (
        "col.region",
        "compliance.month",
        "provenance.column.adds",
        "col.version",
        "col.file",
        "col.source",
        "provenance.column.received",
        "provenance.column.timely",
        "provenance.column.id",
    )
    adding = [report for report in reports if added.get(report.id)]
    others = [report for report in reports if not added.get(report.id)]

    def table(rows: list[SourceReport], element_id: str) -> dbc.Table:
        headers = [t(key, lang) for key in columns]
        return data_table(headers, _rows(rows, added, names, lang, keep), element_id)

    sections = [
        html.H2(
            t("provenance.adding", lang, count=formatting.number(len(adding), lang)),
            className="h5",
        ),
        table(adding, "laporan-sumber-table"),
    ]
    if others:
        summary = t("provenance.others", lang, count=formatting.number(len(others), lang))
        sections.append(
            html.Details(
                [html.Summary(summary, className="h5"), table(others, "laporan-sumber-others")]
            )
        )
    notes = [html.P(t("provenance.explain", lang), className="text-muted")]
    if len(reports) >= SOURCE_LIMIT:
        notes.append(
            dbc.Alert(t("provenance.truncated", lang, limit=SOURCE_LIMIT), color="warning")
        )
    body = sections if reports else [empty_state(t("provenance.none", lang), "laporan-sumber-none")]
    return html.Div(
        [
            html.H1(t("provenance.title", lang), className="h3"),
            html.P(heading, className="fs-5", id="laporan-sumber-lead"),
            *notes,
            *body,
        ],
        className="page-laporan-sumber",
    )
