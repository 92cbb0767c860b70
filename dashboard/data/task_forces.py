"""Task-force status per region: established, silent or not established, as of a month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import Engine

from dashboard.data.memo import shared_memo
from dashboard.data.reference import narrowed, regions_at
from dashboard.selection import Selection
from pantau import taskforces
from pantau.access import Scope
from pantau.basis import LIVE, Basis
from pantau.compliance import silent_months
from pantau.reporting_calendar import (
    today_wib,
)
from pantau.settings import Settings
from pantau.taskforces import DeclaredTaskForce

STATUS_VALUES = {"not_established": 0, "silent": 1, "established": 2}


def task_force_registry(
    engine: Engine,
    settings: Settings,
    scope: Scope,
    province: str | None,
    as_of: dt.date,
    basis: Basis = LIVE,
) -> tuple[taskforces.TaskForceRow, ...]:
    """:func:`pantau.taskforces.registry` of ``scope`` (and ``province``) at ``as_of``,
    shared by all requests until the data changes or the day does (decree expiry counts
    from today): opening /gugus-tugas asked for it four times, 57 ms each for 552 regions.
    A tuple: the rows are shared, never changed."""
    day = basis.day or today_wib()
    key = ("task_force_registry", scope, province, as_of, basis, day)
    return shared_memo(
        key,
        engine,
        lambda: tuple(
            taskforces.registry(
                engine, settings, scope=scope, province=province, as_of=as_of, basis=basis
            )
        ),
    )


def task_force_status(
    engine: Engine,
    as_of: dt.date,
    scope: Scope,
    selection: Selection | None = None,
    basis: Basis = LIVE,
) -> Mapping[str, DeclaredTaskForce]:
    """The latest current task-force row of each region in scope, up to ``as_of``'s month
    (current live, or as release ``basis`` knew it)."""
    visible = narrowed(scope, selection) if selection is not None else scope
    return shared_memo(
        ("task_force_status", as_of, visible, basis),
        engine,
        lambda: MappingProxyType(taskforces.latest_declared(engine, as_of, visible, basis)),
    )


def silent(engine: Engine, as_of: dt.date, scope: Scope, basis: Basis = LIVE) -> Mapping[str, int]:
    """Months without an accepted report per region (:func:`pantau.compliance.silent_months`),
    computed once per data version."""
    return shared_memo(
        ("silent", as_of, scope, basis),
        engine,
        lambda: MappingProxyType(silent_months(engine, as_of, scope, basis=basis)),
    )


def status_of(row: DeclaredTaskForce | None, silent: int) -> str:
    """:func:`pantau.taskforces.status` of a region's declared row and silence."""
    return taskforces.status(None if row is None else row.established, silent)


@dataclass(frozen=True)
class RegionStatus:
    """The task-force status of one region: category and months without report."""

    code: str
    status: str
    silent_months: int
    row: DeclaredTaskForce | None


def region_statuses(
    engine: Engine,
    as_of: dt.date,
    scope: Scope,
    selection: Selection,
    level: str,
    basis: Basis = LIVE,
) -> dict[str, RegionStatus]:
    """Task-force status per region of ``level`` in scope (and the selection's province)."""
    rows = task_force_status(engine, as_of, scope, selection, basis)
    silence = silent(engine, as_of, narrowed(scope, selection), basis)
    province = selection.province if level == "regency" else None
    result = {}
    for region in regions_at(engine, narrowed(scope, selection), level, province):
        months = silence.get(region.code, 0)
        row = rows.get(region.code)
        result[region.code] = RegionStatus(region.code, status_of(row, months), months, row)
    return result
