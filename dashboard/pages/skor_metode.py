"""``/gugus-tugas/skor/metode``: how the task-force score is made, in the user's language.

Each component with its rule and its weight as configured (``PANTAU_SCORECARD_FILE``), the
formula, the ranking and the change, like the method notes of published government
response ratings; the numbers shown are the ones the league table uses.
"""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import formatting
from dashboard import scorecard_view as view
from dashboard.callbacks.shell import current_filters, layout_search
from dashboard.data.context import app_settings
from dashboard.layout import card
from pantau.scorecard import COMPARE_MONTHS, COMPONENTS, WINDOW, load_method
from pantau.taskforces import DEFAULT_EXPIRY_DAYS, DEFAULT_TERM_YEARS, REQUIRED_MEMBERS
from pantau.texts import t

dash.register_page(
    __name__,
    path="/gugus-tugas/skor/metode",
    name="Metode rapor gugus tugas",
    title="Metode rapor gugus tugas - Pantau TPPO",
)


def rule(name: str, method, lang: str) -> str:
    """The rule of component ``name`` with the configured targets filled in."""
    targets = method.targets
    return t(
        f"scorecard.rule.{name}",
        lang,
        years=DEFAULT_TERM_YEARS,
        days=DEFAULT_EXPIRY_DAYS,
        members=len(REQUIRED_MEMBERS),
        months=WINDOW,
        late=formatting.number(targets["late_credit"], lang, decimals=1),
        activities=formatting.number(targets["activities_per_100k"], lang),
        people=formatting.number(targets["people_per_100k"], lang),
    )


def layout(**query: str) -> html.Div:
    search = layout_search(query)
    lang = current_filters(search).lang
    method = load_method(app_settings())
    total = method.total_weight
    header = html.Thead(
        html.Tr(
            [
                html.Th(t("scorecard.method.component", lang)),
                html.Th(t("scorecard.method.weight", lang)),
                html.Th(t("scorecard.method.share", lang)),
                html.Th(t("scorecard.method.rule", lang)),
            ]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(view.component_name(name, lang)),
                    html.Td(formatting.number(method.weights[name], lang)),
                    html.Td(formatting.percent(method.weights[name] / total, lang)),
                    html.Td(rule(name, method, lang)),
                ],
                id=f"metode-{name}",
            )
            for name in COMPONENTS
        ]
    )
    return html.Div(
        [
            html.H1(t("scorecard.method.title", lang), className="h3"),
            html.P(t("scorecard.method.intro", lang, months=WINDOW)),
            html.Pre(t("scorecard.method.formula", lang), className="fs-5", id="metode-formula"),
            card(
                t("scorecard.method.components", lang),
                html.Table([header, body], className="table table-sm", id="metode-table"),
            ),
            html.P(t("scorecard.method.without", lang)),
            html.P(t("scorecard.method.ranking", lang, compare=COMPARE_MONTHS, months=WINDOW)),
            html.P(t("scorecard.method.config", lang)),
            dcc.Link(
                t("scorecard.title", lang),
                href="/gugus-tugas/skor" + ("?lang=en" if lang == "en" else ""),
            ),
        ],
        className="page-skor-metode",
    )
