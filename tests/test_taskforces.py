"""The task-force lists and the province roll-up equal direct SQL on the demonstration data."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from jobs.config import load_config
from jobs.demo import run_demo, seed_contacts
from pantau import directives, reminders
from pantau.cli import main
from pantau.contacts import list_contacts
from pantau.reporting_calendar import add_months
from pantau.taskforces import (
    KINDS,
    REQUIRED_MEMBERS,
    decree_issue,
    province_rollup,
    registry,
    select_rows,
)

END = dt.date(2024, 12, 1)
TODAY = dt.date(2025, 1, 20)  # December 2024 is the last complete month
MONTHS = 3

LATEST = """
    SELECT r.code, COALESCE(r.province_code, r.code) AS province, r.kind, t.established,
           t.decree_number, t.decree_date, t.valid_until, t.member_agencies, t.action_plan,
           t.budget_idr
    FROM regions r LEFT JOIN (
        SELECT t.* FROM task_forces t JOIN (
            SELECT region_code, MAX(period) AS period FROM task_forces
            WHERE "current" = :yes AND period <= :as_of GROUP BY region_code
        ) l ON l.region_code = t.region_code AND l.period = t.period
        WHERE t."current" = :yes
    ) t ON t.region_code = r.code
"""


def _codes(connection, where: str, **params) -> set[str]:
    query = f"SELECT code FROM ({LATEST}) s WHERE {where}"
    return set(connection.execute(text(query), {"yes": True, "as_of": END, **params}).scalars())


def _expected(engine, months: int = 3, today: dt.date = TODAY) -> dict[str, set[str]]:
    start = add_months(END, 1 - months)
    old = today.replace(year=today.year - 5)
    soon = today + dt.timedelta(days=90)
    missing_any = " OR ".join(
        f"(';' || COALESCE(member_agencies, '') || ';') NOT LIKE '%;{code};%'"
        for code in REQUIRED_MEMBERS
    )
    established = "established = :yes"
    with engine.connect() as connection:
        return {
            "none": _codes(connection, "established IS NULL OR established <> :yes"),
            "silent": set(
                connection.execute(
                    text(
                        "SELECT code FROM regions r WHERE NOT EXISTS (SELECT 1 FROM reports p "
                        "WHERE p.region_code = r.code AND p.status = 'accepted' "
                        "AND p.origin = 'gugus_tugas' AND p.period BETWEEN :start AND :end)"
                    ),
                    {"start": start, "end": END},
                ).scalars()
            ),
            "decree": _codes(
                connection,
                f"{established} AND (decree_number IS NULL OR decree_date IS NULL "
                "OR valid_until <= :soon OR decree_date <= :old)",
                soon=soon,
                old=old,
            ),
            "members": _codes(connection, f"{established} AND ({missing_any})"),
            "no_rad": _codes(connection, f"{established} AND action_plan <> :yes"),
            "no_budget": _codes(
                connection, f"{established} AND (budget_idr IS NULL OR budget_idr = 0)"
            ),
        }


@pytest.fixture
def demo_engine(engine, settings):
    run_demo(engine, settings, load_config(settings), months=MONTHS, seed=2023, end=END)
    return engine


def test_every_list_equals_direct_sql_on_the_demo(demo_engine, settings) -> None:
    rows = registry(demo_engine, settings, today=TODAY)
    assert len(rows) == 552 and {row.as_of for row in rows} == {END}
    expected = _expected(demo_engine)
    for kind in KINDS:
        got = {row.region_code for row in select_rows(rows, kind)}
        assert got == expected[kind], kind
        assert got, f"the demonstration leaves list {kind} empty"
    # The demo exercises every kind of decree problem and complete memberships too.
    issues = {row.decree_issue for row in rows}
    assert {"old", "expired", None} <= issues
    assert any(row.has_task_force and not row.missing_members for row in rows)

    # Which members are missing, per region, equals SQL per agency.
    with demo_engine.connect() as connection:
        for code in ("sekda", "bappeda", "masyarakat_sipil"):
            lacking = _codes(
                connection,
                "established = :yes AND (';' || COALESCE(member_agencies, '') || ';') "
                f"NOT LIKE '%;{code};%'",
            )
            assert {r.region_code for r in rows if code in r.missing_members} == lacking

    # The province roll-up.
    rollup = {r.province_code: r for r in province_rollup(rows)}
    assert len(rollup) == 38
    with demo_engine.connect() as connection:
        counts = connection.execute(
            text(
                f"SELECT province, COUNT(*), SUM(CASE WHEN established = :yes THEN 1 ELSE 0 END) "
                f"FROM ({LATEST}) s WHERE kind <> 'provinsi' GROUP BY province"
            ),
            {"yes": True, "as_of": END},
        ).all()
    silent = expected["silent"]
    for province, regencies, with_task_force in counts:
        entry = rollup[province]
        assert (entry.regencies, entry.with_task_force) == (regencies, with_task_force)
        assert entry.silent == sum(1 for c in silent if c.startswith(province + "."))
        active = [
            r
            for r in rows
            if r.province_code == province
            and r.level == "regency"
            and r.has_task_force
            and r.region_code not in silent
        ]
        assert entry.active == len(active)
        assert entry.own is not None and entry.own.region_code == province
    shares = {round(r.active_share, 2) for r in rollup.values()}
    assert len(shares) > 5  # provinces differ: a sequential scale has something to show

    # Synthetic contacts at reserved addresses, once: reminders can be tried at once.
    contacts = list_contacts(demo_engine)
    assert len(contacts) == 3 * 552 and seed_contacts(demo_engine) == 0
    assert all(c.synthetic and c.email.endswith(".example") for c in contacts)
    due = reminders.plan(demo_engine, settings, today=TODAY)
    assert {p.step for p in due} == {"sekretariat", "sekda", "kepala_daerah"}
    assert all(p.recipients for p in due)

    # The circular letter 200.6.6/8791/SJ to every region, with synthetic follow-ups.
    (circular,) = directives.list_directives(demo_engine, today=TODAY)
    assert circular.number == "200.6.6/8791/SJ" and circular.addressees == 552
    with demo_engine.connect() as connection:
        acted, acknowledged_only = connection.execute(
            text(
                "SELECT SUM(CASE WHEN acted_on IS NOT NULL THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN acted_on IS NULL THEN 1 ELSE 0 END) FROM follow_ups"
            )
        ).one()
    assert circular.counts == {"done": acted, "overdue": 552 - acted, "pending": 0}
    assert acknowledged_only > 0 and 552 - acted - acknowledged_only > 0

    # Filtered by province, and scoped.
    west_java = registry(demo_engine, settings, province="32", today=TODAY)
    assert {r.province_code for r in west_java} == {"32"} and len(west_java) == 28


def test_decree_issue_rules() -> None:
    today = dt.date(2026, 6, 1)

    def issue(number, date, until=None, established=True):
        return decree_issue(established, number, date, until, today=today)

    assert issue(None, None) == "missing"
    assert issue("1/2024", None) == "missing"
    assert issue("1/2024", dt.date(2024, 1, 1)) is None
    assert issue("1/2021", dt.date(2021, 6, 1)) == "old"
    assert issue("1/2021", dt.date(2021, 6, 2)) is None
    assert issue("1/2024", dt.date(2024, 1, 1), dt.date(2026, 8, 30)) == "expiring"
    assert issue("1/2024", dt.date(2024, 1, 1), dt.date(2026, 9, 1)) is None
    assert issue("1/2020", dt.date(2020, 1, 1), dt.date(2026, 5, 31)) == "expired"
    assert issue(None, None, established=False) is None
    assert decree_issue(True, "x", dt.date(2022, 1, 1), None, today=today, term_years=3) == "old"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_cli_lists(demo_engine, settings) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["taskforces", "list", "silent", "--province", "53", "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert all(r["province_code"] == "53" and r["silent_months"] >= 3 for r in records)
    result = runner.invoke(main, ["taskforces", "list", "members", "--province", "32"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Keanggotaan belum lengkap: ")
    assert "kurang: " in result.output
    result = runner.invoke(main, ["taskforces", "provinces", "--province", "32"])
    assert result.exit_code == 0, result.output
    assert "kab/kota punya gugus tugas" in result.output


def test_registry_is_scoped(engine, settings) -> None:
    from factories import simple_report, store_report

    from pantau.access import Scope

    store_report(engine, simple_report("32.01", END))
    store_report(engine, simple_report("33.01", END, established=False))
    province = registry(engine, settings, scope=Scope.for_user("provinsi", "32"), today=TODAY)
    assert {r.province_code for r in province} == {"32"} and len(province) == 28
    (regency,) = registry(engine, settings, scope=Scope.for_user("kabupaten", "32.01"), today=TODAY)
    assert regency.has_task_force and regency.silent_months == 0
    assert regency.missing_members == tuple(
        c for c in REQUIRED_MEMBERS if c not in ("dinas_pppa", "polri")
    )
    national = {r.region_code: r for r in registry(engine, settings, today=TODAY)}
    assert national["33.01"].established is False and national["33.02"].established is None
    assert {r.region_code for r in select_rows(list(national.values()), "none")} >= {
        "33.01",
        "33.02",
    }


def test_one_status_rule_for_registry_rows_maps_and_profiles() -> None:
    """``never``, ``silent`` (3+ months without a report), else what the report declares:
    the register's rows and the dashboard's maps and profile use this one rule."""
    from dashboard.data.task_forces import status_of
    from pantau.taskforces import DeclaredTaskForce, status

    assert status(None, 0) == "never" and status(None, 12) == "never"
    assert status(True, 2) == "established" and status(False, 2) == "not_established"
    assert status(True, 3) == "silent" and status(False, 7) == "silent"
    declared = DeclaredTaskForce(
        "32.01", dt.date(2026, 5, 1), True, None, None, None, None, (), False, None
    )
    assert status_of(declared, 3) == "silent" and status_of(None, 0) == "never"
