"""``/kepatuhan``: which regions reported for the month (on time, late, rejected, missing),
why reports were rejected, the ingestion runs and data freshness, and a report upload.

Every text that came from a report file (file names, rejection messages) is given to Dash
as a plain string, which Dash escapes: nothing from a report is ever rendered as HTML.
"""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html
from flask import g, request
from sqlalchemy import Engine

from dashboard import formatting
from dashboard.components.panels import tile
from dashboard.components.table import data_table
from dashboard.data import reporting
from dashboard.data.context import app_engine, app_settings
from dashboard.data.reporting import month_compliance
from dashboard.layout import card, page_heading, unapplied_notice
from dashboard.page_context import PageContext, export_buttons, page_context
from dashboard.scope import current_scope
from pantau import uploads
from pantau.access import Scope
from pantau.compliance import summarise
from pantau.metrics import field_label
from pantau.reports.loading import IngestOutcome
from pantau.reports.runs import recent_runs
from pantau.settings import Settings
from pantau.texts import label, t

dash.register_page(__name__, path="/kepatuhan", name="Kepatuhan pelaporan", title="Kepatuhan")

SHOWN_STATES = ("rejected", "missing", "late")
STATE_COLOURS = {
    "on_time": "success",
    "late": "warning",
    "rejected": "danger",
    "missing": "dark",
    "not_due": "secondary",
}


def _table(columns: list[str], rows: list[list[object]], element_id: str, lang: str):
    return data_table(
        [field_label(column, lang) for column in columns],
        ([_text(value, lang) for value in row] for row in rows),
        element_id,
    )


def _text(value: object, lang: str) -> str:
    """A table cell: times in WIB and dates as the language writes them."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return formatting.timestamp(value, lang)
    if isinstance(value, dt.date):
        return formatting.date(value, lang)
    return str(value)


def _states_section(context: PageContext, month: dt.date) -> list:
    rows = month_compliance(context.engine, context.settings, context.scope, month)
    selection = context.selection
    if selection.regency:
        rows = [row for row in rows if row.region_code == selection.regency]
    elif selection.province:
        rows = [row for row in rows if row.province_code == selection.province]
    counts = summarise(rows)
    tiles = dbc.Row(
        [
            tile(
                t(f"state.{state}", context.lang),
                formatting.number(counts[state], context.lang),
                [],
                f"compliance-count-{state}",
                tone=STATE_COLOURS[state],
                half_on_phone=True,
            )
            for state in counts
        ],
        className="g-3 mb-3",
    )
    problems = sorted(
        (row for row in rows if row.state in SHOWN_STATES),
        key=lambda row: (SHOWN_STATES.index(row.state), row.region_code),
    )
    table = _table(
        ["region_code", "region", "level", "state", "due_date", "received_at"],
        [
            [
                row.region_code,
                row.region_name,
                label(row.level, context.lang),
                t(f"state.{row.state}", context.lang),
                row.due_date,
                row.received_at,
            ]
            for row in problems
        ],
        "compliance-states-table",
        context.lang,
    )
    return [tiles, html.Div(table, style={"maxHeight": "420px", "overflowY": "auto"})]


def _rejected_section(context: PageContext) -> html.Div:
    reports = reporting.rejected_reports(context.engine, context.selection, context.scope, limit=50)
    if not reports:
        return html.P(t("compliance.no_rejected", context.lang), className="text-muted")
    rows = [
        [
            report.received_at,
            report.file_name,
            report.region_name or report.region_code or formatting.DASH,
            reason.location,
            reason.message(context.lang),
        ]
        for report in reports
        for reason in report.reasons or (reporting.Reason(None, None, None, None, "", ""),)
    ]
    return _table(
        ["received_at", "file", "region", "location", "message"],
        rows,
        "compliance-rejected-table",
        context.lang,
    )


def _runs_section(context: PageContext) -> list:
    lang = context.lang
    freshness = reporting.source_freshness(context.engine, context.scope)
    items = [
        _table(
            ["source", "last_run", "status", "last_received", "latest_period", "reports"],
            [
                [
                    row.source,
                    row.last_run_at,
                    label(row.last_run_status, lang),
                    row.last_received_at,
                    formatting.month(row.latest_period, lang),
                    row.accepted_reports,
                ]
                for row in freshness
            ],
            "compliance-freshness-table",
            lang,
        )
    ]
    if context.scope.is_national:
        runs = recent_runs(context.engine, limit=20)
        items.append(html.H3(t("compliance.runs", lang), className="h6 mt-3"))
        items.append(
            _table(
                ["started_at", "source", "status", "files_seen", "accepted", "rejected"],
                [
                    [
                        run.started_at,
                        run.source,
                        label(run.status, lang),
                        run.files_seen,
                        run.accepted,
                        run.rejected,
                    ]
                    for run in runs
                ],
                "compliance-runs-table",
                lang,
            )
        )
    return items


def _upload_section(context: PageContext) -> html.Div:
    lang = context.lang
    if not uploads.may_upload(context.scope):
        return html.P(t("compliance.upload_forbidden", lang), className="text-muted")
    size = f"{context.settings.max_report_bytes / 1024 / 1024:.0f} MB"
    kinds = ["regional"] + (
        ["overseas"] if context.scope.role in uploads.NATIONAL_UPLOAD_ROLES else []
    )
    return html.Div(
        [
            dcc.Store(id="compliance-lang", data=lang),
            dbc.RadioItems(
                id="compliance-upload-kind",
                options=[
                    {"label": t(f"compliance.kind.{kind}", lang), "value": kind} for kind in kinds
                ],
                value="regional",
                inline=True,
                className="mb-2",
            ),
            dcc.Upload(
                id="compliance-upload",
                children=html.Div(t("compliance.upload_hint", lang, size=size)),
                accept=",".join(uploads.ALLOWED_EXTENSIONS),
                max_size=context.settings.max_report_bytes,
                multiple=False,
                className="border border-2 border-secondary rounded p-4 text-center",
                style={"borderStyle": "dashed", "cursor": "pointer"},
            ),
            dcc.Loading(html.Div(id="compliance-upload-result", className="mt-3")),
        ]
    )


def layout(**query: str) -> html.Div:
    context = page_context(query)
    lang = context.lang
    month = context.selection.end
    return html.Div(
        [
            page_heading(
                t("compliance.title", lang),
                f"{t('compliance.month', lang)}: {formatting.month(month, lang)}",
            ),
            unapplied_notice(context.selection, lang, victims_only=False),
            export_buttons(context, "compliance", {}),
            card(t("compliance.states", lang), _states_section(context, month)),
            card(t("compliance.rejected", lang), _rejected_section(context)),
            card(t("compliance.freshness", lang), _runs_section(context)),
            card(t("compliance.upload", lang), _upload_section(context)),
        ]
    )


def _alert(text: str, colour: str) -> dbc.Alert:
    return dbc.Alert(text, color=colour, id="compliance-upload-status")


def upload_report(
    engine: Engine,
    settings: Settings,
    scope: Scope,
    contents: str | None,
    file_name: str | None,
    kind: str,
    lang: str,
    username: str | None = None,
    address: str | None = None,
) -> list:
    """One uploaded file through the core use case (:func:`pantau.uploads.upload_report`:
    scope, type and size checks, run log, ingest, audit); what to show inline."""
    if not contents or not file_name:
        return []
    result = uploads.upload_report(
        engine,
        settings,
        scope,
        uploads.decode_data_url(contents),
        file_name,
        kind,
        username=username,
        address=address,
    )
    if result.refused:
        return [_alert(t(result.message_key, lang, **result.message_params), "danger")]
    return outcome_view(result.outcome, lang)


def outcome_view(outcome: IngestOutcome, lang: str) -> list:
    """The result of one upload: a status line and, when rejected, every problem located."""
    if outcome.duplicate:
        return [_alert(t("upload.duplicate", lang, file=outcome.file_name), "secondary")]
    if outcome.accepted:
        text = t("upload.accepted", lang, file=outcome.file_name, rows=outcome.rows)
        if outcome.late:
            text = f"{text} {t('upload.late', lang)}"
        return [_alert(text, "success")]
    rows = [
        [
            problem.file or outcome.file_name,
            problem.sheet,
            problem.row,
            problem.column,
            problem.message(lang),
        ]
        for problem in outcome.problems
    ]
    return [
        _alert(t("upload.rejected", lang, file=outcome.file_name), "danger"),
        _table(
            ["file", "sheet", "row", "column", "message"], rows, "compliance-upload-problems", lang
        ),
    ]


@callback(
    Output("compliance-upload-result", "children"),
    Input("compliance-upload", "contents"),
    State("compliance-upload", "filename"),
    State("compliance-upload-kind", "value"),
    State("compliance-lang", "data"),
    prevent_initial_call=True,
)
def on_upload(contents, file_name, kind, lang):
    """Run an uploaded file through validation and ingestion and show the outcome."""
    settings = app_settings()
    user = g.get("pantau_user")
    return upload_report(
        app_engine(settings),
        settings,
        current_scope(),
        contents,
        file_name,
        kind or "regional",
        lang or settings.language,
        username=getattr(user, "username", None),
        address=request.remote_addr,
    )
