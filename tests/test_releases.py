"""Data releases: protected jointly, attacked together, published, compared."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from pantau.models import Fact, Report
from pantau.privacy import COMPLEMENT_MARK, HIDDEN_SMALL
from pantau.releases.audit import attack, audit_release
from pantau.releases.changes import release_changes
from pantau.releases.models import ImmutableRelease, ReleaseCell
from pantau.releases.protect import complement_cost, is_headline, person_cells, protect
from pantau.releases.publish import export_release
from pantau.releases.store import create_release, figures, list_releases, slide
from pantau.releases.tables import compute, equations, layout_of
from pantau.reporting_calendar import add_months, last_complete_month

TODAY = dt.date(2026, 1, 20)  # December 2025 is the last complete month
MONTHS = [dt.date(2025, month, 1) for month in range(1, 13)]
REGIONS = ["32.01", "32.02", "32.03", "32.71", "33.01", "33.02", "33.03", "53.01", "53.02", "53"]
STAGES = ("police_reports", "investigations", "convicted")


def _facts(rng: random.Random, region: str, month: dt.date, scale: int) -> list[dict]:
    rows = []
    for sex in ("female", "male"):
        for exploitation, country in (("forced_labour", "MY"), ("online_scam", None)):
            value = rng.choice([0] * 12 + [1, 2, 3, 6]) * scale
            if value:
                rows.append(
                    {
                        "metric": "victims",
                        "item": None,
                        "sex": sex,
                        "age_group": "adult",
                        "exploitation": exploitation,
                        "country": country,
                        "value": value,
                    }
                )
    for stage in STAGES:
        value = rng.choice([0] * 10 + [1, 2, 4, 9]) * scale
        if value:
            rows.append(
                {
                    "metric": "enforcement",
                    "item": stage,
                    "sex": None,
                    "age_group": None,
                    "exploitation": None,
                    "country": None,
                    "value": value,
                }
            )
    return rows


def _store_report(connection, region: str, month: dt.date, rows: list[dict]) -> None:
    """One accepted report of ``region`` for ``month`` with its fact rows."""
    report_id = connection.execute(
        insert(Report).returning(Report.id),
        {
            "origin": "gugus_tugas",
            "source": "test",
            "region_code": region,
            "period": month,
            "report_key": f"gugus_tugas|{region}|{month:%Y-%m}",
            "version": 1,
            "file_name": "r.json",
            "content_hash": f"{region}{month}",
            "status": "accepted",
            "synthetic": True,
            "row_count": 1,
            "received_at": dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        },
    ).scalar_one()
    if rows:
        connection.execute(
            insert(Fact),
            [
                {
                    **row,
                    "report_id": report_id,
                    "origin": "gugus_tugas",
                    "region_code": region,
                    "province_code": region[:2],
                    "period": month,
                    "current": True,
                }
                for row in rows
            ],
        )


def load_reports(engine, seed: int = 7, scale: int = 1) -> None:
    """One accepted report per region and month of 2025, with small and large figures."""
    rng = random.Random(seed)
    with engine.begin() as connection:
        for region in REGIONS:
            for month in MONTHS:
                _store_report(connection, region, month, _facts(rng, region, month, scale))


def test_a_protected_release_survives_the_attacker(engine, settings) -> None:
    load_reports(engine)
    info = create_release(engine, settings, today=TODAY)
    assert info.number == 1 and info.reports == len(REGIONS) * 12 and info.synthetic
    assert (info.first_month, info.last_month) == (dt.date(2025, 1, 1), dt.date(2025, 12, 1))
    assert info.created_at.utcoffset() == dt.timedelta(hours=7)
    result = audit_release(engine, 1)
    assert sum(entry.narrowed for entry in result) == 0
    # the audit rebuilds from the stored cells exactly the equations protection used
    cells = compute(engine, info.first_month, info.last_month)
    stored = figures(engine, 1, "province_year")
    keys = (
        [("province_year", *key) for key in stored]
        + [("regency_year", *key) for key in figures(engine, 1, "regency_year")]
        + [
            ("breakdown_national_year", *key)
            for key in figures(engine, 1, "breakdown_national_year")
        ]
    )
    keys += [("destination_year", *key) for key in figures(engine, 1, "destination_year")]
    rebuilt = equations(layout_of(keys, info.first_month, info.last_month))
    assert sorted(map(repr, rebuilt)) == sorted(map(repr, person_cells(cells)[1]))
    assert sum(entry.hidden for entry in result) > 0
    with engine.connect() as connection:
        hidden = connection.execute(
            select(ReleaseCell.value, ReleaseCell.hidden).where(ReleaseCell.hidden.is_not(None))
        ).all()
    # a hidden figure never enters the release; both reasons occur
    assert {value for value, _ in hidden} == {None}
    assert (
        {"small", "complement"}
        <= {reason for _, reason in hidden}
        <= {"small", "zero", "complement"}
    )


def test_the_attacker_recovers_cells_when_only_small_ones_are_hidden(engine) -> None:
    """The same figures with primary suppression alone: the attack succeeds (it can fail)."""
    load_reports(engine)
    cells = compute(engine, MONTHS[0], MONTHS[-1])
    values, groups = person_cells(cells)
    reasons = {
        key: HIDDEN_SMALL
        for key, value in values.items()
        if key not in cells.residuals and 1 <= value <= 4
    }
    shown = {k: None if k in reasons else v for k, v in values.items() if k not in cells.residuals}
    narrowed = attack(shown, reasons, groups, 4, unpublished=cells.residuals)
    assert len(narrowed) > 10
    assert all(found.low == values[found.key] for found in narrowed if found.key in values)


def test_slide_and_marks_read_from_the_release(engine, settings) -> None:
    load_reports(engine)
    info = create_release(engine, settings, today=TODAY)
    assert info.latest("quarter") == dt.date(2025, 10, 1)
    shown = slide(engine, 1, "province", "quarter")
    assert shown.period == dt.date(2025, 10, 1) and shown.previous == dt.date(2025, 7, 1)
    marks = {
        figure.mark(info.threshold)
        for by_region in shown.regions.values()
        for figure in by_region.values()
    }
    assert marks <= {None, "<5", COMPLEMENT_MARK}
    for metric, by_region in shown.regions.items():
        for region, figure in by_region.items():
            previous = shown.before[metric].get(region)
            if figure.hidden or (previous and previous.hidden):
                assert shown.change(metric, region) is None


def test_release_rows_cannot_be_changed(engine, settings) -> None:
    load_reports(engine)
    create_release(engine, settings, today=TODAY)
    with Session(engine) as session:
        cell = session.scalars(select(ReleaseCell).limit(1)).one()
        cell.value = 99
        with pytest.raises(ImmutableRelease):
            session.flush()


def test_publication_export_validates_as_a_data_package(engine, settings, tmp_path) -> None:
    from frictionless import validate
    from openpyxl import load_workbook

    load_reports(engine)
    create_release(engine, settings, today=TODAY)
    paths = export_release(engine, 1, tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert descriptor["release"] == 1 and descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    with (tmp_path / "province_year.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["metric", "region_code", "period", "first_month", "last_month", "value"]
    assert not any(row[0].startswith("#") for row in rows)
    assert {row[5] for row in rows[1:] if not row[5].isdigit()} <= {"<5", COMPLEMENT_MARK}
    sheet = load_workbook(tmp_path / "release-1.xlsx", read_only=True)["province_year"]
    values = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(isinstance(value, int) for value in values)
    assert len(paths) == len(descriptor["resources"]) + 2


def load_reports_from_october(engine) -> None:
    """The test reports of October to December 2025 only: a release of them holds a partial
    year (Oct–Dec 2025) and one whole quarter."""
    load_reports(engine)
    with engine.begin() as connection:
        connection.execute(delete(Fact).where(Fact.period < dt.date(2025, 10, 1)))
        connection.execute(delete(Report).where(Report.period < dt.date(2025, 10, 1)))


def test_a_partial_year_names_its_months_in_the_publication_export(
    engine, settings, tmp_path
) -> None:
    load_reports_from_october(engine)
    info = create_release(engine, settings, today=TODAY)
    assert (info.first_month, info.last_month) == (dt.date(2025, 10, 1), dt.date(2025, 12, 1))
    export_release(engine, 1, tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert (descriptor["firstMonth"], descriptor["lastMonth"]) == ("2025-10-01", "2025-12-01")
    for name in ("province_year", "national_quarter", "funnel_province_year"):
        with (tmp_path / f"{name}.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, name
        periods = {(row["period"], row["first_month"], row["last_month"]) for row in rows}
        assert periods == {
            ("2025-10-01" if "quarter" in name else "2025-01-01", "2025-10-01", "2025-12-01")
        }, name


def correct_police_reports(engine, key: str, region: str, month: dt.date, value: int) -> None:
    """A corrected version of report ``key``: police reports now ``value``."""
    with engine.begin() as connection:
        old = connection.execute(select(Report.id).where(Report.report_key == key)).scalar_one()
        new = connection.execute(
            insert(Report).returning(Report.id),
            {
                "origin": "gugus_tugas",
                "source": "test",
                "region_code": region,
                "period": month,
                "report_key": key,
                "version": 2,
                "file_name": "r2.json",
                "content_hash": "corrected",
                "status": "accepted",
                "synthetic": True,
                "row_count": 1,
                "received_at": dt.datetime(2026, 1, 9, tzinfo=dt.UTC),
            },
        ).scalar_one()
        connection.execute(update(Report).where(Report.id == old).values(status="superseded"))
        connection.execute(update(Fact).where(Fact.report_id == old).values(current=False))
        connection.execute(
            insert(Fact),
            [
                {
                    "report_id": new,
                    "origin": "gugus_tugas",
                    "region_code": region,
                    "province_code": region[:2],
                    "period": month,
                    "current": True,
                    "metric": "enforcement",
                    "item": "police_reports",
                    "sex": None,
                    "age_group": None,
                    "exploitation": None,
                    "country": None,
                    "value": value,
                }
            ],
        )


def test_changes_name_the_corrected_report_and_the_moved_figures(engine, settings) -> None:
    load_reports(engine)
    create_release(engine, settings, today=TODAY)
    key = "gugus_tugas|33.01|2025-06"
    correct_police_reports(engine, key, "33.01", dt.date(2025, 6, 1), 250)
    create_release(engine, settings, today=TODAY)
    assert [info.number for info in list_releases(engine)] == [2, 1]
    changes = release_changes(engine, 1, 2, limit=100)
    assert [(c.report_key, c.previous_version, c.version) for c in changes.corrected_reports] == [
        (key, 1, 2)
    ]
    assert not changes.new_reports
    moved = {(m.table, m.metric, m.region_code): m for m in changes.moved}
    national = moved[("national_year", "police_reports", "ID")]
    assert national.difference >= 250 - 9 and national.period == dt.date(2025, 1, 1)
    # only figures both releases show are compared
    shown = figures(engine, 1, "regency_year", metric="police_reports", regions=["33.01"])
    assert (("regency_year", "police_reports", "33.01") in moved) == all(
        figure.value is not None for figure in shown.values()
    )


def test_release_cli(engine, settings, tmp_path) -> None:
    from pantau.cli import main

    load_reports(engine)
    runner = CliRunner()
    created = runner.invoke(
        main, ["release", "create"], catch_exceptions=False, env={"PANTAU_TODAY": ""}
    )
    # the CLI releases up to the real calendar's last complete month: 2025 is complete
    assert created.exit_code == 0, created.output
    assert "release 1:" in created.output and "province_quarter" in created.output
    for args in (["list"], ["show", "1"], ["audit", "1"], ["export", "1", "--out", str(tmp_path)]):
        result = runner.invoke(main, ["release", *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    assert "0 cell(s) narrowed" in runner.invoke(main, ["release", "audit", "1"]).output
    assert runner.invoke(main, ["release", "show", "9"]).exit_code != 0
    assert figures(engine, 1, "national_year", metric="victims")


def test_a_release_follows_an_ingest_pass_only_when_data_changed(engine, settings) -> None:
    from pantau.releases.job import data_changed, release_after_ingest

    load_reports(engine)
    first = release_after_ingest(engine, settings)  # real calendar: 2025 is complete
    assert first is not None and first.number == 1
    assert not data_changed(engine, settings)
    assert release_after_ingest(engine, settings) is None
    still_open = add_months(last_complete_month(settings.report_due_day), 1)
    with engine.begin() as connection:  # a report of the month not due yet: no new release
        connection.execute(
            insert(Report),
            {
                "origin": "gugus_tugas",
                "source": "test",
                "region_code": "35.02",
                "period": still_open,
                "report_key": f"gugus_tugas|35.02|{still_open:%Y-%m}",
                "version": 1,
                "file_name": "open.json",
                "content_hash": "open",
                "status": "accepted",
                "synthetic": True,
                "row_count": 0,
                "received_at": dt.datetime.now(dt.UTC),
            },
        )
    assert not data_changed(engine, settings)
    assert release_after_ingest(engine, settings) is None
    with engine.begin() as connection:
        connection.execute(
            insert(Report),
            {
                "origin": "gugus_tugas",
                "source": "test",
                "region_code": "35.01",
                "period": dt.date(2025, 12, 1),
                "report_key": "gugus_tugas|35.01|2025-12",
                "version": 1,
                "file_name": "late.json",
                "content_hash": "late",
                "status": "accepted",
                "synthetic": True,
                "row_count": 0,
                "received_at": dt.datetime(2026, 1, 15, tzinfo=dt.UTC),
            },
        )
    assert data_changed(engine, settings)
    second = release_after_ingest(engine, settings)
    assert second is not None and second.number == 2
    assert [c.report_key for c in release_changes(engine, 1, 2).new_reports] == [
        "gugus_tugas|35.01|2025-12"
    ]


def test_a_national_total_is_not_hidden_when_a_finer_complement_protects(engine, settings) -> None:
    """Ten regions at twice the random figures: the small province and breakdown cells
    all find complements below the national totals.  The old rule (the smallest shown
    figure anywhere) hid six national quarters and the national year here; national
    months stay hideable, being the only cells under their quarter."""
    load_reports(engine, scale=2)
    info = create_release(engine, settings, today=TODAY)
    for table in ("national_quarter", "national_year"):
        national = figures(engine, info.number, table)
        assert national and not [key for key, figure in national.items() if figure.hidden]
    reasons = {
        figure.hidden
        for table in ("province_quarter", "province_year", "regency_year")
        for figure in figures(engine, info.number, table).values()
    }
    assert {HIDDEN_SMALL, "complement"} <= reasons  # small cells, and their complements
    assert sum(entry.narrowed for entry in audit_release(engine, info.number)) == 0


def test_complements_cost_least_at_the_finest_cells() -> None:
    """The one price of a complement: regency < province < national, category < total,
    month < quarter < year; a national total is avoided; a zero comes last."""
    year, quarter = dt.date(2025, 1, 1), dt.date(2025, 4, 1)
    ordered = [
        ("regency_year", "victims", "32.01", year, "", ""),
        ("province_quarter", "victims", "32", quarter, "", ""),
        ("province_year", "victims", "32", year, "", ""),
        ("breakdown_national_quarter", "victims", "ID", quarter, "sex", "female"),
        ("national_month", "victims", "ID", quarter, "", ""),
        ("national_year", "victims", "ID", year, "", ""),
    ]
    costs = [complement_cost(key, 50) for key in ordered]
    assert costs == sorted(costs)
    assert complement_cost(ordered[-1], 0) > complement_cost(ordered[-1], 900)
    assert [is_headline(key) for key in ordered] == [False] * 4 + [True] * 2


def test_complements_the_others_make_unneeded_are_shown_again(engine) -> None:
    """Over the random figures, protection ends with complements shown again, and the
    attacker over every table still narrows nothing."""
    load_reports(engine)
    cells = compute(engine, MONTHS[0], MONTHS[-1])
    protection = protect(cells, 4)
    assert not protection.narrowed and protection.shown_again > 0
    values, groups = person_cells(cells)
    shown = {
        key: None if key in protection.reasons else value
        for key, value in values.items()
        if key not in cells.residuals
    }
    assert not attack(shown, protection.reasons, groups, 4, unpublished=cells.residuals)
