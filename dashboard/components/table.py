"""One table for the pages' lists of rows: a header row and body rows of cells.

A page lists up to a few hundred rows of six to eight cells; as Dash components
(``html.Td`` and ``html.Tr``, each validated and then serialised) they cost /kepatuhan
about half of its server time.  The body rows are built as the JSON the browser gets for
those components (``{"type", "namespace", "props"}``), which Dash's renderer draws the
same way; ``tests/test_dashboard_framework.py`` checks both give the same JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

HTML = "dash_html_components"


def cell(children: object, class_name: str | None = None) -> dict:
    """A body cell (``html.Td``): text, a number as text, or components."""
    props: dict[str, object] = {"children": children}
    if class_name:
        props["className"] = class_name
    return {"type": "Td", "namespace": HTML, "props": props}


def _cell(value: object) -> dict:
    if isinstance(value, dict) and value.get("type") == "Td":
        return value
    if value is None:
        return cell("")
    if isinstance(value, str | Component | list):
        return cell(value)
    return cell(str(value))


def data_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    element_id: str,
    *,
    class_name: str | None = None,
) -> dbc.Table:
    """A striped, compact, responsive table of ``rows`` under ``headers``; a cell is a
    value (``None`` is empty) or a :func:`cell` with its own class."""
    body = [
        {"type": "Tr", "namespace": HTML, "props": {"children": [_cell(value) for value in row]}}
        for row in rows
    ]
    extra = {"className": class_name} if class_name else {}
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(header) for header in headers])),
            html.Tbody(body),
        ],
        striped=True,
        size="sm",
        responsive=True,
        id=element_id,
        **extra,
    )
