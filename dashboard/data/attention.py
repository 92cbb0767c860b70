"""Which regions need attention, and why: victims jumped, a task force missing, reports silent."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine, case, func, select

from dashboard.data.facts import fact_scope, metric_conditions, reported_months, shared_key
from dashboard.data.memo import shared_memo
from dashboard.data.reference import narrowed, regions
from dashboard.data.task_forces import silent, task_force_status
from dashboard.selection import Selection
from pantau.access import Scope
from pantau.models import Fact
from pantau.taskforces import DEFAULT_SILENT_MONTHS

JUMP_MINIMUM = 5
"""A rise in victims needs at least this many victims (and twice the previous period)."""


@dataclass(frozen=True)
class AttentionItem:
    """A region that needs attention and why (``jump``, ``missing`` or ``silent``)."""

    code: str
    name: str
    reason: str
    current: int = 0
    previous: int = 0
    months: int = 0


def victims_jumps(
    engine: Engine, selection: Selection, scope: Scope
) -> tuple[tuple[str, int, int], ...]:
    """(region, current, previous) where victims reached ``JUMP_MINIMUM`` and doubled.

    Regions are those of the map (``selection.level``): province totals nationally (a
    province with its regencies, as the map colours it), regencies and cities inside a
    province; never a mix of the two.  Shared until the data changes.
    """
    key = ("victims_jumps", selection.level, *shared_key(selection, scope))
    return shared_memo(key, engine, lambda: _jumps(engine, selection, scope))


def _jumps(engine: Engine, selection: Selection, scope: Scope) -> tuple[tuple[str, int, int], ...]:
    before = selection.previous()
    is_current = case((Fact.period >= selection.start, 1), else_=0)
    if selection.level == "province":
        key, extra = Fact.province_code, []
    else:
        key, extra = Fact.region_code, [Fact.region_code != Fact.province_code]
    query = (
        select(key, is_current, func.sum(Fact.value))
        .where(
            *metric_conditions("victims", selection),
            *fact_scope(scope, selection.over(before.start, selection.end)),
            *extra,
        )
        .group_by(key, is_current)
    )
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with engine.connect() as connection:
        for code, current, value in connection.execute(query):
            sums[code][0 if current else 1] += int(value)
    return tuple(
        sorted(
            (
                (code, now, then)
                for code, (now, then) in sums.items()
                if now >= JUMP_MINIMUM and now >= 2 * then
            ),
            key=lambda row: (-(row[1] - row[2]), row[0]),
        )
    )


def attention_list(
    engine: Engine, selection: Selection, scope: Scope, *, limit: int = 12
) -> list[AttentionItem]:
    """Regions whose victims jumped, whose task force is missing, or that went silent."""
    reference = regions(engine)
    items: list[AttentionItem] = []
    # a jump needs a previous period with reports: "from 0" against no data is no jump
    if reported_months(engine, selection.previous(), scope):
        for code, now, then in victims_jumps(engine, selection, scope):
            items.append(AttentionItem(code, reference[code].name, "jump", now, then))
    rows = task_force_status(engine, selection.end, scope, selection)
    silence = silent(engine, selection.end, narrowed(scope, selection))
    quiet = sorted(
        ((code, months) for code, months in silence.items() if months >= DEFAULT_SILENT_MONTHS),
        key=lambda pair: (-pair[1], pair[0]),
    )
    for code, months in quiet:
        items.append(AttentionItem(code, reference[code].name, "silent", months=months))
    missing = sorted(code for code, row in rows.items() if not row.established)
    silent_codes = {code for code, _ in quiet}
    for code in missing:
        if code not in silent_codes:
            items.append(AttentionItem(code, reference[code].name, "missing"))
    order = {"jump": 0, "silent": 1, "missing": 2}
    per_reason = max(1, limit // 3)
    chosen: list[AttentionItem] = []
    for reason in order:
        chosen.extend([item for item in items if item.reason == reason][:per_reason])
    rest = [item for item in items if item not in chosen]
    return (chosen + rest)[:limit]
