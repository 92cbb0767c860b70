"""Follow-up of a directive as table rows and a province map: one place for the
``/arahan`` page and the directive's meeting slide.

The states are :func:`pantau.directives.follow_ups` (done, overdue, pending per
addressee); the map colours each province by the share of its addressees that are done.
"""

from __future__ import annotations

from dash import dcc

from dashboard import formatting
from dashboard.components.maps import graph_config
from dashboard.components.share_map import province_share_map
from pantau.directives import STATES, FollowUpRow
from pantau.texts import t


def directive_choice(raw: object) -> int | None:
    """The directive id of ``?arahan=3``."""
    try:
        return int(str(raw))
    except ValueError:
        return None


def by_province(rows: list[FollowUpRow]) -> dict[str, dict[str, int]]:
    """Done/overdue/pending counts of each province's addressees (itself included)."""
    result: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = result.setdefault(row.province_code, dict.fromkeys(STATES, 0))
        counts[row.state] += 1
    return result


def state_text(state: str, lang: str) -> str:
    return t(f"directive.state.{state}", lang)


def follow_up_map(
    rows: list[FollowUpRow], names: dict[str, str], lang: str, element_id: str, height: int
):
    """Provinces coloured by the share done, with "done / overdue / pending" on hover."""
    counts = by_province(rows)
    values = {
        code: round(100 * c["done"] / sum(c.values()))
        for code, c in counts.items()
        if any(c.values())
    }
    text = {
        code: t(
            "directive.map_line",
            lang,
            province=names.get(code, code),
            done=c["done"],
            overdue=c["overdue"],
            pending=c["pending"],
        )
        for code, c in counts.items()
    }
    figure = province_share_map(values, text, t("directive.share_done", lang), lang, height=height)
    return dcc.Graph(
        id=element_id,
        figure=figure,
        config={
            **graph_config(filename="pantau-tppo-arahan", locale=lang),
            "displayModeBar": False,
        },
    )


def cells(row: FollowUpRow, lang: str) -> dict[str, object]:
    """One addressee's follow-up."""
    return {
        "code": row.region_code,
        "region": row.region_name,
        "state": state_text(row.state, lang),
        "acknowledged_on": formatting.date(row.acknowledged_on, lang)
        if row.acknowledged_on
        else "",
        "acted_on": formatting.date(row.acted_on, lang) if row.acted_on else "",
        "note": row.note or "",
        "evidence": row.evidence_url or row.evidence_path or "",
    }


COLUMNS = ("region", "state", "acknowledged_on", "acted_on", "note", "evidence")


def column_title(column: str, lang: str) -> str:
    """The header of a follow-up column (region and state as everywhere else)."""
    if column in ("region", "state"):
        return t(f"col.{column}", lang)
    return t(f"directive.col.{column}", lang)
