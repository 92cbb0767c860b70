"""``/``: Ringkasan nasional, the national overview."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from babel.dates import format_date
from babel.numbers import format_decimal
from dash import html

from dashboard.data import national_summary

dash.register_page(__name__, path="/", name="Ringkasan nasional", title="Pantau TPPO")


def _figure_card(label: str, value: str, element_id: str) -> dbc.Col:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(label, className="text-muted small"),
                    html.Div(value, id=element_id, className="fs-2 fw-bold"),
                ]
            )
        ),
        md=4,
    )


def layout(**_query: str) -> html.Div:
    summary = national_summary()
    period = (
        format_date(summary.latest_period, "MMMM y", locale="id")
        if summary.latest_period
        else "belum ada data"
    )
    return html.Div(
        [
            html.H1("Ringkasan nasional", className="h3"),
            dbc.Badge("data sintetis", color="warning", className="mb-2")
            if summary.synthetic
            else None,
            dbc.Row(
                [
                    _figure_card(
                        "Wilayah terdaftar",
                        f"{summary.provinces} provinsi, {summary.regencies} kabupaten/kota",
                        "figure-regions",
                    ),
                    _figure_card("Periode terakhir", period, "figure-latest-period"),
                    _figure_card(
                        "Korban pada periode terakhir",
                        format_decimal(summary.victims_latest, locale="id"),
                        "figure-victims",
                    ),
                ],
                className="g-3",
            ),
        ]
    )
