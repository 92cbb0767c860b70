"""The loader: accepted, rejected, duplicate, supersede, late, overseas tables, races."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading

import pytest
from factories import simple_report
from sqlalchemy import func, select

from pantau.models import Fact, Report, TaskForce
from pantau.reports.loading import content_hash, ingest_file
from pantau.reports.model import OverseasMonth
from pantau.reports.writing import write_overseas_table, write_report

MAY = dt.date(2024, 5, 1)
ON_TIME = dt.datetime(2024, 6, 5, 3, 0, tzinfo=dt.UTC)
LATE = dt.datetime(2024, 6, 20, 3, 0, tzinfo=dt.UTC)


def _facts(engine) -> list[tuple]:
    """The whole fact table, in a stable order."""
    columns = [c for c in Fact.__table__.columns]
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(*columns).order_by(Fact.id))]


def _reports(engine) -> list:
    with engine.connect() as connection:
        return connection.execute(select(Report).order_by(Report.id)).all()


def _ingest(engine, settings, data: bytes, name: str, **options):
    options.setdefault("received_at", ON_TIME)
    return ingest_file(engine, data, name, source="test", settings=settings, **options)


def _broken(report) -> bytes:
    """A JSON report naming a country nobody knows."""
    document = json.loads(write_report(report, "json"))
    text = json.dumps(document).replace('"KH"', '"Kamboya"')
    assert "Kamboya" in text
    return text.encode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_accepted_report_is_stored_with_its_facts(engine, settings, fmt) -> None:
    report = simple_report("32.01", MAY)
    data = write_report(report, fmt)
    outcome = _ingest(engine, settings, data, f"laporan.{fmt}")
    assert outcome.status == "accepted", [p.message("en") for p in outcome.problems]
    assert outcome.rows == len(report.facts())
    assert not outcome.late
    (stored,) = _reports(engine)
    assert stored.id == outcome.report_ids[0]
    assert (stored.status, stored.version, stored.report_key) == (
        "accepted",
        1,
        "gugus_tugas|32.01|2024-05",
    )
    assert stored.content_hash == content_hash(data)
    assert stored.file_name == f"laporan.{fmt}"
    assert stored.archive_path == f"archive/2024-06/laporan.{fmt}"
    assert (settings.data_dir / stored.archive_path).read_bytes() == data
    facts = _facts(engine)
    assert len(facts) == outcome.rows
    with engine.connect() as connection:
        victims = connection.scalar(
            select(func.sum(Fact.value)).where(Fact.metric == "victims", Fact.current)
        )
        task_force = connection.execute(select(TaskForce)).one()
        report_ids = set(connection.scalars(select(Fact.report_id)))
    assert victims == 3
    assert report_ids == {stored.id}
    assert task_force.established and task_force.current
    assert task_force.decree_number == "188/Kep.100-DP3A/2023"


def test_same_content_twice_changes_nothing(engine, settings) -> None:
    data = write_report(simple_report("32.01", MAY), "csv")
    first = _ingest(engine, settings, data, "a.csv")
    before = (_facts(engine), [tuple(r) for r in _reports(engine)])
    again = _ingest(engine, settings, data, "renamed.csv", received_at=LATE)
    assert again.status == "duplicate"
    assert again.report_ids == first.report_ids
    assert (_facts(engine), [tuple(r) for r in _reports(engine)]) == before


def test_a_new_version_supersedes_and_keeps_the_audit_trail(engine, settings) -> None:
    first = _ingest(engine, settings, write_report(simple_report("32.01", MAY), "csv"), "a.csv")
    corrected = simple_report("32.01", MAY, victims=7)
    second = _ingest(engine, settings, write_report(corrected, "json"), "a.json", received_at=LATE)
    assert second.status == "accepted"
    assert second.superseded == first.report_ids
    assert second.late  # the correction came after the due day
    old, new = _reports(engine)
    assert (old.status, old.superseded_by_id, old.version) == ("superseded", new.id, 1)
    assert (new.status, new.version, new.superseded_by_id) == ("accepted", 2, None)
    assert old.file_name == "a.csv" and old.archive_path == "archive/2024-06/a.csv"
    assert (settings.data_dir / old.archive_path).exists()
    with engine.connect() as connection:
        current = connection.execute(
            select(Fact.report_id, func.sum(Fact.value))
            .where(Fact.metric == "victims", Fact.current)
            .group_by(Fact.report_id)
        ).all()
        old_rows = connection.scalar(
            select(func.count()).where(Fact.report_id == old.id, Fact.current.is_(False))
        )
        task_forces = dict(connection.execute(select(TaskForce.report_id, TaskForce.current)).all())
    assert current == [(new.id, 7)]
    assert old_rows == first.rows
    assert task_forces == {old.id: False, new.id: True}


def test_an_older_version_loaded_later_does_not_replace_the_newer(engine, settings) -> None:
    newer = _ingest(
        engine, settings, write_report(simple_report("32.01", MAY, victims=7), "csv"), "b.csv"
    )
    older = _ingest(
        engine,
        settings,
        write_report(simple_report("32.01", MAY), "csv"),
        "a.csv",
        received_at=ON_TIME - dt.timedelta(days=2),
    )
    assert older.status == "accepted" and older.superseded == ()
    first, second = _reports(engine)
    assert (first.id, first.status) == (newer.report_ids[0], "accepted")
    assert (second.status, second.superseded_by_id) == ("superseded", first.id)
    with engine.connect() as connection:
        assert (
            connection.scalar(
                select(func.sum(Fact.value)).where(Fact.metric == "victims", Fact.current)
            )
            == 7
        )


def test_late_flag(engine, settings) -> None:
    outcome = _ingest(
        engine,
        settings,
        write_report(simple_report("32.01", MAY), "csv"),
        "a.csv",
        received_at=LATE,
    )
    assert outcome.status == "accepted" and outcome.late
    assert _reports(engine)[0].late


def test_rejected_file_changes_no_fact(engine, settings) -> None:
    _ingest(engine, settings, write_report(simple_report("32.01", MAY), "csv"), "ok.csv")
    before = _facts(engine)
    data = _broken(simple_report("32.01", MAY, victims=9))
    outcome = _ingest(engine, settings, data, "salah.json")
    assert outcome.status == "rejected"
    assert outcome.problems and outcome.rows == 0
    assert _facts(engine) == before
    rejected = _reports(engine)[-1]
    assert rejected.status == "rejected"
    assert rejected.archive_path == "rejected/salah.json"
    assert (settings.data_dir / "rejected/salah.json").read_bytes() == data
    errors = (settings.data_dir / "rejected/salah.json.errors.txt").read_text()
    assert "Kamboya" in errors and "ditolak" in errors and "rejected" in errors
    reasons = json.loads(rejected.rejection_reasons)
    assert {"code", "file", "sheet", "row", "column", "message_id", "message_en"} <= set(reasons[0])
    assert any("Kamboya" in r["message_id"] for r in reasons)
    # The current report is untouched, and the same bad file again is a duplicate.
    assert _reports(engine)[0].status == "accepted"
    assert _ingest(engine, settings, data, "salah.json").status == "duplicate"


def test_rejected_report_keeps_region_and_period_when_readable(engine, settings) -> None:
    outcome = _ingest(engine, settings, _broken(simple_report("53.01", MAY)), "x.json")
    assert outcome.status == "rejected"
    stored = _reports(engine)[0]
    assert (stored.region_code, stored.period) == ("53.01", MAY)


def test_garbage_is_rejected_without_region(engine, settings) -> None:
    outcome = _ingest(engine, settings, b"\x00\x01 not a report", "x.csv")
    assert outcome.status == "rejected"
    stored = _reports(engine)[0]
    assert stored.region_code is None and stored.report_key is None


def test_overseas_table_makes_one_report_per_month(engine, settings) -> None:
    months = (
        OverseasMonth(dt.date(2024, 4, 1), {"KH": 12, "MM": 5}),
        OverseasMonth(MAY, {"KH": 9, "PH": 2}),
    )
    outcome = _ingest(
        engine, settings, write_overseas_table(months, "csv"), "kemenlu.csv", kind="overseas"
    )
    assert outcome.status == "accepted", [p.message("en") for p in outcome.problems]
    assert len(outcome.report_ids) == 2
    reports = _reports(engine)
    assert {(r.origin, r.region_code, r.report_key) for r in reports} == {
        ("kemenlu", None, "kemenlu|national|2024-04"),
        ("kemenlu", None, "kemenlu|national|2024-05"),
    }
    with engine.connect() as connection:
        rows = connection.execute(
            select(Fact.period, Fact.country, Fact.value).where(Fact.metric == "overseas_handled")
        ).all()
    assert sorted(rows) == sorted(
        [
            (dt.date(2024, 4, 1), "KH", 12),
            (dt.date(2024, 4, 1), "MM", 5),
            (MAY, "KH", 9),
            (MAY, "PH", 2),
        ]
    )
    # The next table repeats April and corrects May: only May gets a new version.
    months = (months[0], OverseasMonth(MAY, {"KH": 10, "PH": 2}))
    again = _ingest(
        engine,
        settings,
        write_overseas_table(months, "xlsx"),
        "kemenlu.xlsx",
        kind="overseas",
        received_at=LATE,
    )
    assert again.status == "accepted" and len(again.report_ids) == 1
    assert len(again.superseded) == 1
    unchanged = _ingest(
        engine,
        settings,
        write_overseas_table(months, "csv"),
        "kemenlu2.csv",
        kind="overseas",
        received_at=LATE,
    )
    assert unchanged.status == "duplicate"


def test_two_loaders_at_once_store_one_version(engine, settings) -> None:
    from pantau.db import create_db_engine

    data = write_report(simple_report("32.01", MAY), "csv")
    engines = [create_db_engine(settings.database_url) for _ in range(4)]
    barrier = threading.Barrier(len(engines))
    outcomes = []

    def load(own) -> None:
        barrier.wait()
        outcomes.append(_ingest(own, settings, data, "a.csv").status)

    threads = [threading.Thread(target=load, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for own in engines:
        own.dispose()
    assert sorted(outcomes) == ["accepted", "duplicate", "duplicate", "duplicate"]
    assert len(_reports(engine)) == 1


def test_two_different_versions_at_once_get_distinct_versions(engine, settings) -> None:
    from pantau.db import create_db_engine

    files = [
        write_report(dataclasses.replace(simple_report("32.01", MAY, victims=n)), "csv")
        for n in (1, 2, 3)
    ]
    engines = [create_db_engine(settings.database_url) for _ in files]
    barrier = threading.Barrier(len(files))
    outcomes = []

    def load(own, data) -> None:
        barrier.wait()
        outcomes.append(_ingest(own, settings, data, "a.csv").status)

    threads = [
        threading.Thread(target=load, args=pair) for pair in zip(engines, files, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for own in engines:
        own.dispose()
    assert outcomes == ["accepted"] * 3
    reports = _reports(engine)
    assert sorted(r.version for r in reports) == [1, 2, 3]
    assert [r.status for r in reports].count("accepted") == 1
    with engine.connect() as connection:
        assert (
            connection.scalar(select(func.count(func.distinct(Fact.report_id))).where(Fact.current))
            == 1
        )
