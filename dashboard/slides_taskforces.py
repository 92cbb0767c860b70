"""The task-force slides of meeting mode: each list of ``/gugus-tugas`` in large type.

Registered in :mod:`dashboard.pages.rapat` (``SLIDES``, ``SLIDE_TITLES`` and the dispatch
of ``slide_body``).  A list slide writes its count in its heading and pages its table for
the projector (:data:`SLIDE_PAGE_SIZE` rows a page, the pager under the table).  The N of
"silent for at least N months" comes from the meeting URL (``&months=6``).  Every id
starts with ``rapat`` (the meeting display may use only those).
"""

from __future__ import annotations

from dash import ctx, dash_table, html

from dashboard import taskforce_lists as lists
from dashboard.filters import FilterState, Period, parse_search
from dashboard.layout import empty_state
from dashboard.queries import app_engine, app_settings
from dashboard.scope import current_scope
from pantau.texts import t

SLIDE_PAGE_SIZE = 10
SLIDE_COLUMNS: dict[str, tuple[str, ...]] = {
    kind: tuple(c for c in columns if c not in ("missing_members", "decree_number", "state"))
    for kind, columns in lists.COLUMNS.items()
}
SLIDES = tuple(lists.SLIDE_NAMES.values())
TITLES = {slide: f"taskforces.list.{kind}" for slide, kind in lists.KIND_OF_SLIDE.items()}
"""Slide name -> text key of its title, for ``rapat.SLIDE_TITLES``."""


def meeting_query() -> dict[str, str]:
    """The meeting URL's parameters, from the callback that builds the slide: the page
    router's ``search`` or the ``rapat-slides`` store's."""
    try:
        items = [*ctx.inputs_list, *ctx.states_list]
    except Exception:  # outside a callback
        return {}
    for item in items:
        for entry in item if isinstance(item, list) else [item]:
            value = entry.get("value") if isinstance(entry, dict) else None
            if entry.get("property") == "search" and isinstance(value, str):
                return parse_search(value)
            if isinstance(value, dict) and isinstance(value.get("search"), str):
                return parse_search(value["search"])
    return {}


def slide_body(name: str, filters: FilterState, period: Period):
    """The table of the list behind slide ``name``, with its count, paged."""
    kind = lists.KIND_OF_SLIDE[name]
    settings = app_settings()
    lang = filters.lang
    months = lists.months_choice(meeting_query().get("months"))
    chosen = lists.lists_for(
        app_engine(settings), settings, current_scope(), filters, period.end, months
    )
    rows = [lists.cells(row, kind, lang) for row in chosen.of(kind)]
    heading = html.Div(
        lists.heading(kind, len(rows), lang, months),
        className="rapat-list-heading",
        id="rapat-list-heading",
        **{"data-count": str(len(rows))},
    )
    if not rows:
        return [heading, empty_state(t("gugus.list.empty", lang), "rapat-list-empty")]
    table = dash_table.DataTable(
        id="rapat-list-table",
        columns=[{"id": c, "name": lists.column_title(c, lang)} for c in SLIDE_COLUMNS[kind]],
        data=rows,
        page_size=SLIDE_PAGE_SIZE,
        style_cell={"fontSize": "26px", "padding": "6px 12px", "textAlign": "left"},
        style_header={"fontWeight": "bold", "backgroundColor": "#000", "color": "#fff"},
        style_data_conditional=[{"if": {"row_index": "odd"}, "backgroundColor": "#f0f0f0"}],
        css=[{"selector": ".previous-next-container", "rule": "font-size: 1.6rem;"}],
    )
    return [heading, table]
