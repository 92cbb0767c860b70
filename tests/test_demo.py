"""The demonstration data: deterministic, idempotent, believable, every path exercised."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from jobs.config import load_config
from jobs.demo import plan, run_demo
from pantau.cli import main
from pantau.compliance import compliance, silent_months, summarise
from pantau.models import Fact, Report, TaskForce
from pantau.reporting_calendar import months_ending
from pantau.reports.loading import content_hash

END = dt.date(2024, 12, 1)
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _snapshot(engine) -> tuple:
    with engine.connect() as connection:
        reports = connection.execute(select(Report).order_by(Report.id)).all()
        facts = connection.execute(select(Fact).order_by(Fact.id)).all()
        task_forces = connection.execute(select(TaskForce).order_by(TaskForce.report_id)).all()
    return [tuple(r) for r in reports], [tuple(f) for f in facts], [tuple(t) for t in task_forces]


def test_plan_is_deterministic_and_varied() -> None:
    first = plan(end=END, months=1, seed=7)
    again = plan(end=END, months=1, seed=7)
    other = plan(end=END, months=1, seed=8)
    assert [(f.name, content_hash(f.data), f.received_at) for f in first] == [
        (f.name, content_hash(f.data), f.received_at) for f in again
    ]
    assert {content_hash(f.data) for f in first} != {content_hash(f.data) for f in other}
    formats = Counter(f.name.rsplit(".", 1)[1] for f in first if f.folder == "inbox")
    assert set(formats) == {"csv", "json", "xlsx"}
    notes = Counter(f.note.split(":")[0] for f in first)
    assert notes["correction"] > 0 and notes["overseas"] >= 1
    kinds = {f.note.split(":")[1] for f in first if f.note.startswith("malformed")}
    assert kinds == {"unknown_country", "total_mismatch", "negative_count", "future_period"}
    assert months_ending(END, 3) == [dt.date(2024, 10, 1), dt.date(2024, 11, 1), END]


@SQLITE_ONLY
def test_demo_loads_believable_data_and_twice_changes_nothing(engine, settings) -> None:
    config = load_config(settings)
    summary = run_demo(engine, settings, config, months=2, seed=2023, end=END)
    assert summary.written == summary.planned
    inbox = summary.results[0]
    assert inbox.status == "ok" and inbox.rejected >= 4
    assert inbox.accepted > 900  # 552 task forces, two months, most of them report
    before = _snapshot(engine)

    again = run_demo(engine, settings, config, months=2, seed=2023, end=END)
    assert again.written == 0
    assert _snapshot(engine) == before

    with engine.connect() as connection:
        synthetic = dict(
            connection.execute(
                select(Report.synthetic, func.count())
                .where(Report.status.not_in(("rejected", "held")))
                .group_by(Report.synthetic)
            ).all()
        )
        victims = connection.scalar(
            select(func.sum(Fact.value)).where(Fact.metric == "victims", Fact.current)
        )
        by_province = dict(
            connection.execute(
                select(Fact.province_code, func.sum(Fact.value))
                .where(Fact.metric == "victims", Fact.current)
                .group_by(Fact.province_code)
            ).all()
        )
        overseas = dict(
            connection.execute(
                select(Fact.country, func.sum(Fact.value))
                .where(Fact.metric == "overseas_handled", Fact.current)
                .group_by(Fact.country)
            ).all()
        )
        funnel = dict(
            connection.execute(
                select(Fact.item, func.sum(Fact.value))
                .where(Fact.metric == "enforcement", Fact.current)
                .group_by(Fact.item)
            ).all()
        )
        without_task_force = connection.scalar(
            select(func.count()).where(TaskForce.current, TaskForce.established.is_(False))
        )
        superseded = connection.scalar(select(func.count()).where(Report.status == "superseded"))
        late = connection.scalar(
            select(func.count()).where(Report.status == "accepted", Report.late)
        )
        reasons = connection.scalars(
            select(Report.rejection_reasons).where(Report.status.in_(("rejected", "held")))
        ).all()
    assert synthetic == {True: len(before[0]) - len(reasons)}
    # About 400 victims a year nationally: two months (a year-end peak) in range.
    assert 35 <= victims <= 160
    # Most victims come from the migrant-worker origin provinces (8 of 38).
    origin = ("53", "52", "35", "33", "32", "18", "12", "61")
    assert sum(by_province.get(code, 0) for code in origin) >= 0.45 * victims
    assert by_province.get("53", 0) > victims / 38
    # Kemenlu: about 210 a year, Cambodia first.
    assert 15 <= sum(overseas.values()) <= 90
    assert max(overseas, key=overseas.get) in {"KH", "MM", "PH", "LA"}
    assert funnel["police_reports"] > funnel["investigations"] > funnel["p21"]
    assert funnel["p21"] > funnel["prosecutions"] >= funnel["verdicts"]
    assert without_task_force > 20
    assert superseded > 0 and late > 0
    messages = " ".join(r["message_id"] for text in reasons for r in json.loads(text))
    assert "Kamboya" in messages

    rejected = settings.data_dir / "rejected"
    errors = sorted(rejected.glob("*.errors.txt"))
    assert len(errors) == len(reasons)
    assert all("ditolak" in path.read_text() for path in errors)
    silent = silent_months(engine, END)
    assert sum(1 for months in silent.values() if months >= 2) > 5
    rows = compliance(engine, months_ending(END, 2), settings=settings, today=dt.date(2025, 3, 1))
    states = summarise(rows)
    assert states["on_time"] > states["late"] > 0
    assert states["missing"] > 0 and states["rejected"] > 0


@SQLITE_ONLY
def test_pantau_demo_command(engine, settings) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["demo", "--months", "1", "--end", "2023-06", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "Demonstration data: 1 month(s) up to 2023-06, seed 5" in result.output
    assert "inbox (inbox): ok" in result.output
    bad = runner.invoke(main, ["demo", "--end", "June"])
    assert bad.exit_code == 2 and "YYYY-MM" in bad.output
