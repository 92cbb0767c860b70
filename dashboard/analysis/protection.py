"""Small-cell suppression of the export tables, with :mod:`pantau.privacy`.

As :mod:`pantau.privacy` requires, suppression is decided on national data and the result
is then cut to the viewer's scope and filters, so that every export is a slice of one
protected table and overlapping exports cannot be differenced.  Each month is protected
on its own (a month's decision never depends on the period asked for).

Overseas victims form a cube (region, country, exploitation, sex, age group) per month:
every cell is protected with its margin along each dimension, and regions also along the
hierarchy regency, province, national.  Enforcement stages are protected one stage and
month at a time over the national region hierarchy (:func:`pantau.privacy.suppress_regions`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import Engine

from dashboard.analysis import enforcement, overseas
from dashboard.analysis.criteria import Criteria
from pantau.access import Scope
from pantau.privacy import suppress_groups, suppress_regions

ANY = "*"
CUBE_DIMENSIONS = ("country", "exploitation", "sex", "age_group")
Row = dict[str, object]


def _region_keys(row: Row) -> tuple[str, str]:
    return (str(row["province_code"]), str(row["region_code"]))


def hidden_cube_cells(
    rows: Sequence[Row], value_key: str, dimensions: Sequence[str], threshold: int
) -> set[int]:
    """Indexes of ``rows`` (one month, national) whose ``value_key`` must be hidden.

    A cell is ``(province, region, *dimensions)``; its groups are its margin along each
    dimension and along the region hierarchy (regions of a province, provinces).
    """
    values: dict[tuple, int] = defaultdict(int)
    members: dict[tuple, set[tuple]] = defaultdict(set)
    cells: list[tuple] = []
    for row in rows:
        cells.append((*_region_keys(row), *(row[name] for name in dimensions)))
    for cell, row in zip(cells, rows, strict=True):
        value = int(row[value_key])
        province, _region, *rest = cell
        province_total = (province, ANY, *rest)
        margins = [province_total, (ANY, ANY, *rest)]
        members[province_total].add(cell)
        members[(ANY, ANY, *rest)].add(province_total)
        for position in range(2, len(cell)):
            margin = cell[:position] + (ANY,) + cell[position + 1 :]
            members[margin].add(cell)
            margins.append(margin)
        for key in (cell, *margins):
            values[key] += value
    hidden = suppress_groups(
        values, [(t, sorted(c, key=repr)) for t, c in members.items()], threshold
    )
    return {index for index, cell in enumerate(cells) if cell in hidden}


def _protect_by_month(
    rows: Sequence[Row], protect: Callable[[list[Row]], Iterable[Row]]
) -> list[Row]:
    months: dict[object, list[Row]] = defaultdict(list)
    for row in rows:
        months[row["period"]].append(row)
    protected: list[Row] = []
    for period in sorted(months):
        protected.extend(protect(months[period]))
    return protected


def _visible(row: Row, criteria: Criteria, scope: Scope) -> bool:
    code = str(row["region_code"])
    if not scope.allows(code):
        return False
    if criteria.regency and code != criteria.regency:
        return False
    return not (criteria.province and row["province_code"] != criteria.province)


def protected_overseas_rows(
    engine: Engine, criteria: Criteria, scope: Scope, threshold: int
) -> list[Row]:
    """Overseas-victim export rows of ``criteria`` in ``scope``, hidden counts as None."""
    national = Criteria(start=criteria.start, end=criteria.end)
    rows = overseas.export_rows(engine, national, Scope.national())

    def protect(month: list[Row]) -> list[Row]:
        hidden = hidden_cube_cells(month, "victims", CUBE_DIMENSIONS, threshold)
        return [
            {**row, "victims": None if index in hidden else row["victims"]}
            for index, row in enumerate(month)
        ]

    wanted = {
        "country": criteria.country,
        "exploitation": criteria.exploitation,
        "sex": criteria.sex,
        "age_group": criteria.age_group,
    }
    return [
        row
        for row in _protect_by_month(rows, protect)
        if _visible(row, criteria, scope)
        and all(value is None or row[key] == value for key, value in wanted.items())
    ]


def protected_kemenlu_rows(
    engine: Engine, criteria: Criteria, scope: Scope, threshold: int
) -> list[Row]:
    """The national Kemenlu table of ``criteria``, each month protected as one series."""
    national = Criteria(start=criteria.start, end=criteria.end)
    rows = overseas.export_rows(engine, national, scope, overseas.SOURCE_KEMENLU)

    def protect(month: list[Row]) -> list[Row]:
        values = {index: int(row["victims"]) for index, row in enumerate(month)}
        values_total = {**values, "total": sum(values.values())}
        hidden = suppress_groups(values_total, [("total", list(values))], threshold)
        return [
            {**row, "victims": None if index in hidden else row["victims"]}
            for index, row in enumerate(month)
        ]

    return [
        row
        for row in _protect_by_month(rows, protect)
        if criteria.country is None or row["country"] == criteria.country
    ]


def protected_enforcement_rows(
    engine: Engine, criteria: Criteria, scope: Scope, threshold: int
) -> list[Row]:
    """Enforcement export rows of ``criteria`` in ``scope``; each stage protected per month
    over the national region hierarchy, restitution amounts (money) shown as they are."""
    national = Criteria(start=criteria.start, end=criteria.end)
    rows = enforcement.export_rows(engine, national, Scope.national())

    def protect(month: list[Row]) -> list[Row]:
        result = [dict(row) for row in month]
        for stage in enforcement.ENFORCEMENT_STAGES:
            counts = suppress_regions(
                {str(row["region_code"]): int(row[stage]) for row in month}, threshold
            )
            for row in result:
                row[stage] = counts.own[str(row["region_code"])]
        return result

    return [row for row in _protect_by_month(rows, protect) if _visible(row, criteria, scope)]
