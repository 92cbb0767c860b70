"""Publication exports of a release: CSV and XLSX with a Frictionless Data Package.

:func:`export_release` writes, into one folder, a CSV file per table of the release (and
the derived funnel), ``regions.csv`` (the region codes every table refers to), one XLSX
workbook with a sheet per table, and ``datapackage.json`` describing the CSV resources:
field types, the hide marks ``"<5"`` and ``"•"`` declared as missing values, region codes
as a foreign key to ``regions``, the release number, its months, data-as-of time and the
licence.  Every row names the first and last month of its period that the release holds
(``first_month``, ``last_month``): the release's first and last year or quarter may be
partial, and a ``period`` of ``2025-01-01`` alone would read as the whole year.
CSV rows hold data only (the context lives in the package); counts are numbers in the
XLSX.  The dashboard can serve the same files: :func:`export_release` returns their paths.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from sqlalchemy import Engine, select

from pantau.metrics import FUNNEL
from pantau.models import Region
from pantau.privacy import COMPLEMENT_MARK, hidden_mark, suppressed_label
from pantau.releases.derived import ratio
from pantau.releases.store import Figure, ReleaseInfo, figures, get_release
from pantau.releases.tables import NATIONAL, TABLES, PeriodKind, months_held

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
FUNNEL_TABLE = "funnel_province_year"
HELD = ["first_month", "last_month"]  # the months of the period the release holds
FUNNEL_COLUMNS = ["region_code", "period", *HELD, "metric", "value", "share_of_police_reports"]


def _columns(table: str) -> list[str]:
    base = ["metric", "region_code", "period", *HELD]
    if TABLES[table].breakdown:
        base += ["breakdown", "category"]
    return [*base, "value"]


def _rows(engine: Engine, info: ReleaseInfo) -> dict[str, list[list]]:
    """Every table's rows (hidden values as their mark), plus the funnel with shares; each
    row names the months of its period the release holds (a partial year or quarter)."""
    number, threshold = info.number, info.threshold

    def period(kind: PeriodKind, start: dt.date) -> list[str]:
        held = months_held(kind, start, info.first_month, info.last_month)
        return [start.isoformat(), *(month.isoformat() for month in held)]

    tables: dict[str, list[list]] = {}
    for name, table in TABLES.items():
        rows = []
        for (metric, region, when, breakdown, category), figure in sorted(
            figures(engine, number, name).items()
        ):
            value = figure.value if figure.hidden is None else hidden_mark(figure.hidden, threshold)
            row = [metric, region, *period(table.period, when)]
            if table.breakdown:
                row += [breakdown, category]
            rows.append([*row, value])
        tables[name] = rows
    found = figures(engine, number, "province_year")
    funnel = []
    for (metric, region, when, _, _), figure in sorted(found.items()):
        if metric not in FUNNEL:
            continue
        reports = found.get((FUNNEL[0], region, when, "", ""), Figure(0))
        share = ratio(figure, reports)
        value = figure.value if figure.hidden is None else hidden_mark(figure.hidden, threshold)
        funnel.append(
            [region, *period("year", when), metric, value, "" if share is None else round(share, 4)]
        )
    tables[FUNNEL_TABLE] = funnel
    return tables


def _regions(engine: Engine) -> list[list]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Region.code, Region.name, Region.kind, Region.province_code).order_by(
                Region.code
            )
        ).all()
    return [[NATIONAL, "Indonesia", "nasional", ""], *[[c, n, k, p or ""] for c, n, k, p in rows]]


def _schema(table: str, marks: list[str]) -> dict:
    if table == "regions":
        return {
            "fields": [
                {"name": "code", "type": "string", "constraints": {"required": True}},
                {"name": "name", "type": "string"},
                {"name": "kind", "type": "string"},
                {"name": "province_code", "type": "string"},
            ],
            "primaryKey": ["code"],
        }
    if table == FUNNEL_TABLE:
        names = FUNNEL_COLUMNS
        key = ["region_code", "period", "metric"]
    else:
        names = _columns(table)
        key = [name for name in names if name not in ("value", *HELD)]
    types = {"period": "date", "value": "integer", "share_of_police_reports": "number"}
    types |= dict.fromkeys(HELD, "date")
    fields = []
    for name in names:
        entry: dict = {"name": name, "type": types.get(name, "string")}
        if name in HELD:
            entry["description"] = (
                f"The {name.replace('_', ' ')} of the period that the release holds: the "
                "first and last year or quarter of a release may be partial."
            )
        if name == "value":
            entry["constraints"] = {"minimum": 0}
            entry["description"] = (
                f"Hidden: {marks[0]} a count from 1 to the threshold; {marks[1]} hidden to "
                "protect a small count (never under the threshold)."
            )
        fields.append(entry)
    return {
        "fields": fields,
        "missingValues": ["", *marks],
        "primaryKey": key,
        "foreignKeys": [
            {"fields": ["region_code"], "reference": {"resource": "regions", "fields": ["code"]}}
        ],
    }


def export_release(engine: Engine, number: int, out: Path) -> list[Path]:
    """Write release ``number``'s publication files into ``out``; the paths written."""
    info = get_release(engine, number)
    marks = [suppressed_label(info.threshold), COMPLEMENT_MARK]
    out.mkdir(parents=True, exist_ok=True)
    tables = _rows(engine, info)
    written: list[Path] = []
    resources = []
    headers = {name: _columns(name) for name in TABLES}
    headers[FUNNEL_TABLE] = FUNNEL_COLUMNS
    headers["regions"] = ["code", "name", "kind", "province_code"]
    tables["regions"] = _regions(engine)
    for name in ["regions", *TABLES, FUNNEL_TABLE]:
        path = out / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers[name])
            writer.writerows(tables[name])
        written.append(path)
        resources.append(
            {
                "name": name,
                "path": path.name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(name, marks),
            }
        )
    workbook = out / f"release-{number}.xlsx"
    _write_xlsx(workbook, headers, tables)
    written.append(workbook)
    package = {
        "profile": "tabular-data-package",
        "name": f"pantau-tppo-release-{number}",
        "title": f"Pantau TPPO release {number}",
        "version": str(number),
        "created": info.created_at.isoformat(),
        "licenses": [LICENSE],
        "release": number,
        "dataAsOf": info.data_as_of.isoformat() if info.data_as_of else None,
        "firstMonth": info.first_month.isoformat(),
        "lastMonth": info.last_month.isoformat(),
        "threshold": info.threshold,
        "synthetic": info.synthetic,
        "resources": resources,
    }
    descriptor = out / "datapackage.json"
    descriptor.write_text(json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8")
    written.append(descriptor)
    return written


def _write_xlsx(path: Path, headers: dict[str, list[str]], tables: dict[str, list[list]]) -> None:
    """One sheet per table, counts as numbers (marks stay text)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name in ["regions", *TABLES, FUNNEL_TABLE]:
        sheet = workbook.create_sheet(name[:31])
        sheet.append(headers[name])
        for row in tables[name]:
            sheet.append(row)
    workbook.save(path)
