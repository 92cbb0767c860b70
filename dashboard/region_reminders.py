"""The reminders card of a region profile: every reminder recorded for the region (step,
months, recipients, sent time, delivery error), from :func:`pantau.reminders.history`."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import formatting
from dashboard.data.context import app_engine
from dashboard.layout import card
from pantau import reminders
from pantau.texts import t

COLUMNS = ("created", "step", "months", "recipients", "sent", "error")


def reminders_card(region_code: str, lang: str):
    """The card, or a line saying no reminder was needed yet."""
    rows = reminders.history(app_engine(), region_code=region_code)
    if not rows:
        return card(
            t("reminder.profile", lang),
            html.P(t("reminder.none", lang), className="text-muted mb-0"),
            "wilayah-reminders",
        )
    header = html.Thead(html.Tr([html.Th(t(f"reminder.col.{c}", lang)) for c in COLUMNS]))
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(formatting.timestamp(row.created_at, lang)),
                    html.Td(t(f"reminder.step.{row.step}", lang)),
                    html.Td(", ".join(row.months)),
                    html.Td(", ".join(row.recipients)),
                    html.Td(
                        formatting.timestamp(row.sent_at, lang)
                        if row.sent_at
                        else t("reminder.not_sent", lang)
                    ),
                    html.Td(row.error or ""),
                ]
            )
            for row in rows
        ]
    )
    table = dbc.Table([header, body], size="sm", striped=True, responsive=True)
    return card(t("reminder.profile", lang), table, "wilayah-reminders")
