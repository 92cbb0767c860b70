"""Reporting compliance states and silent months, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

from factories import simple_report, store_report
from sqlalchemy import event, update

from pantau.access import Scope
from pantau.compliance import compliance, on_time_counts, silent_months, summarise
from pantau.db import session_scope
from pantau.models import Report
from pantau.reporting_calendar import add_months, due_date, is_late, months_between

MAY = dt.date(2024, 5, 1)
JUNE = dt.date(2024, 6, 1)


def _received(engine, report_id: int, moment: dt.datetime) -> None:
    with session_scope(engine) as session:
        session.execute(update(Report).where(Report.id == report_id).values(received_at=moment))


def _set_version(engine, report_id: int, version: int) -> None:
    with session_scope(engine) as session:
        session.execute(update(Report).where(Report.id == report_id).values(version=version))


def _second_version(engine, earlier_id: int, report, **options) -> int:
    """Store ``report`` as version 2 of the key of ``earlier_id`` (the factory writes v1)."""
    _set_version(engine, earlier_id, 0)
    report_id = store_report(engine, report, **options)
    _set_version(engine, report_id, 2)
    _set_version(engine, earlier_id, 1)
    return report_id


def _rejected(engine, region: str, period: dt.date) -> int:
    report_id = store_report(engine, simple_report(region, period), status="rejected")
    with session_scope(engine) as session:
        session.execute(
            update(Report)
            .where(Report.id == report_id)
            .values(rejection_reasons=json.dumps([{"code": "x", "message_id": "salah"}]))
        )
    return report_id


def test_due_date_and_lateness() -> None:
    assert due_date(MAY, 10) == dt.date(2024, 6, 10)
    assert due_date(dt.date(2024, 12, 1), 10) == dt.date(2025, 1, 10)
    assert due_date(dt.date(2024, 1, 1), 31) == dt.date(2024, 2, 29)
    # 10 June 23:30 in Jakarta (16:30 UTC) is still on time; 11 June 00:30 is late.
    assert not is_late(MAY, dt.datetime(2024, 6, 10, 16, 30, tzinfo=dt.UTC), 10)
    assert is_late(MAY, dt.datetime(2024, 6, 10, 17, 30, tzinfo=dt.UTC), 10)


def test_month_helpers() -> None:
    assert add_months(dt.date(2024, 11, 1), 3) == dt.date(2025, 2, 1)
    assert months_between(dt.date(2024, 11, 20), dt.date(2025, 1, 2)) == [
        dt.date(2024, 11, 1),
        dt.date(2024, 12, 1),
        dt.date(2025, 1, 1),
    ]
    assert months_between(JUNE, MAY) == []


def test_every_state(engine, settings) -> None:
    on_time = store_report(engine, simple_report("32.01", MAY))
    _received(engine, on_time, dt.datetime(2024, 6, 5, tzinfo=dt.UTC))
    late = store_report(engine, simple_report("32.02", MAY), late=True)
    _received(engine, late, dt.datetime(2024, 6, 20, tzinfo=dt.UTC))
    rejected = _rejected(engine, "32.03", MAY)
    # Rejected, then corrected: the correction counts.
    _second_version(engine, _rejected(engine, "32.04", MAY), simple_report("32.04", MAY))
    rows = compliance(engine, [MAY, JUNE], settings=settings, today=dt.date(2024, 6, 15))
    state = {(row.region_code, row.period): row for row in rows}
    assert state["32.01", MAY].state == "on_time"
    assert state["32.01", MAY].report_id == on_time
    assert state["32.02", MAY].state == "late"
    assert state["32.03", MAY].state == "rejected"
    assert state["32.03", MAY].report_id == rejected
    assert state["32.04", MAY].state == "on_time"
    assert state["32.04", MAY].rejected_files == 1
    assert state["32.05", MAY].state == "missing"
    assert state["32", MAY].state == "missing"  # provinces report too
    assert state["32", MAY].level == "province"
    assert state["32.01", JUNE].state == "not_due"
    assert state["32.01", MAY].due_date == dt.date(2024, 6, 10)
    # 38 provinces and 514 regencies, two months each.
    assert len(rows) == 2 * 552
    counts = summarise(rows)
    assert counts == {"on_time": 2, "late": 1, "rejected": 1, "missing": 548, "not_due": 552}


def test_first_valid_version_decides_lateness(engine, settings) -> None:
    first = store_report(engine, simple_report("32.01", MAY))
    _received(engine, first, dt.datetime(2024, 6, 2, tzinfo=dt.UTC))
    with session_scope(engine) as session:
        session.execute(update(Report).where(Report.id == first).values(status="superseded"))
    second = _second_version(engine, first, simple_report("32.01", MAY, victims=9), late=True)
    rows = compliance(engine, [MAY], settings=settings, today=dt.date(2024, 7, 1))
    row = next(r for r in rows if r.region_code == "32.01")
    assert (row.state, row.versions, row.report_id) == ("on_time", 2, second)


def test_range_and_scope(engine, settings) -> None:
    store_report(engine, simple_report("53.01", MAY))
    store_report(engine, simple_report("32.01", MAY))
    province = Scope.for_user("provinsi", "53")
    rows = compliance(
        engine, (dt.date(2024, 4, 1), JUNE), settings=settings, scope=province, today=JUNE
    )
    assert {row.region_code[:2] for row in rows} == {"53"}
    assert "53" in {row.region_code for row in rows}  # the province's own task force
    assert {row.period for row in rows} == {dt.date(2024, 4, 1), MAY, JUNE}
    regency = Scope.for_user("kabupaten", "53.01")
    rows = compliance(engine, [MAY], settings=settings, scope=regency, today=JUNE)
    assert [(row.region_code, row.state) for row in rows] == [("53.01", "on_time")]


def test_overseas_tables_do_not_count(engine, settings) -> None:
    with session_scope(engine) as session:
        session.add(
            Report(
                origin="kemenlu",
                source="kemenlu",
                period=MAY,
                report_key="kemenlu|national|2024-05",
                file_name="kemenlu.csv",
                content_hash="0" * 64,
                status="accepted",
            )
        )
    rows = compliance(engine, [MAY], settings=settings, today=JUNE)
    assert summarise(rows)["on_time"] == 0


def test_a_fixed_number_of_queries(engine, settings) -> None:
    for code in ("32.01", "32.02", "33.01"):
        store_report(engine, simple_report(code, MAY))
    statements: list[str] = []

    def count(*args) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        compliance(engine, (dt.date(2023, 1, 1), JUNE), settings=settings, today=JUNE)
        silent_months(engine, JUNE)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 5


def test_silent_months(engine) -> None:
    for month in months_between(dt.date(2024, 1, 1), JUNE):
        store_report(engine, simple_report("53.01", month))
    for month in months_between(dt.date(2024, 1, 1), dt.date(2024, 2, 1)):
        store_report(engine, simple_report("53.02", month))
    store_report(engine, simple_report("53.03", dt.date(2024, 9, 1)))  # after as_of: ignored
    silent = silent_months(engine, dt.date(2024, 6, 20))
    assert silent["53.01"] == 0
    assert silent["53.02"] == 4  # March to June
    assert silent["53.03"] == 6  # never before as_of: counted from January, the first data
    assert silent["53"] == 6
    assert len(silent) == 552
    scoped = silent_months(engine, JUNE, Scope.for_user("kabupaten", "53.02"))
    assert scoped == {"53.02": 4}
    assert silent_months(engine, JUNE, since=dt.date(2024, 5, 1))["53.04"] == 2


def test_silent_months_without_data(engine) -> None:
    assert set(silent_months(engine, JUNE).values()) == {0}


def test_on_time_counts_are_the_on_time_months_of_compliance(engine, settings) -> None:
    """One rule: the counted on-time months are exactly those compliance calls on time
    (a late month stays late after its correction; rejections do not count)."""
    store_report(engine, simple_report("32.01", MAY))
    store_report(engine, simple_report("32.01", JUNE))
    late = store_report(engine, simple_report("32.02", MAY), late=True)
    _second_version(engine, late, simple_report("32.02", MAY, victims=5), late=True)
    store_report(engine, simple_report("32.02", JUNE))
    _rejected(engine, "32.71", MAY)
    counted = on_time_counts(engine, Scope.national(), MAY, JUNE, split=JUNE)
    rows = compliance(engine, (MAY, JUNE), settings=settings, today=dt.date(2024, 12, 1))
    expected: dict[tuple[str, bool], int] = {}
    for row in rows:
        if row.state == "on_time":
            key = (row.region_code, row.period >= JUNE)
            expected[key] = expected.get(key, 0) + 1
    assert counted == expected == {("32.01", False): 1, ("32.01", True): 1, ("32.02", True): 1}
