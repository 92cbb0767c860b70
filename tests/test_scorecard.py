"""The scorecard: a score recomputed by hand from the documented weights equals the shown
one, and weights changed in the config file change the ranking as expected."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from factories import simple_report, store_report
from sqlalchemy import select

from pantau.models import Region
from pantau.reporting_calendar import months_ending
from pantau.scorecard import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    league_table,
    load_method,
    method_from,
    most_improved,
    scores,
)
from pantau.settings import SettingsError

TODAY = dt.date(2025, 3, 20)
END = dt.date(2025, 2, 1)


def _store(engine, code: str, months: list[dt.date], *, late: bool, equipped: bool) -> None:
    for month in months:
        report = simple_report(code, month)
        status = dataclasses.replace(
            report.task_force,
            action_plan=equipped,
            budget_idr=150_000_000 if equipped else None,
        )
        store_report(engine, dataclasses.replace(report, task_force=status), late=late)


@pytest.fixture
def two_regions(engine):
    # Bogor reports every month on time but has neither RAD nor budget; Sukabumi has both
    # and reports four months of twelve.
    _store(engine, "32.01", months_ending(END, 12), late=False, equipped=False)
    _store(engine, "32.02", months_ending(END, 4), late=False, equipped=True)
    return engine


def test_score_recomputed_from_documented_weights(two_regions, settings) -> None:
    shown = {s.region_code: s for s in scores(two_regions, settings, province="32", today=TODAY)}
    with two_regions.connect() as connection:
        population = connection.scalar(select(Region.population).where(Region.code == "32.01"))
    # By hand, from docs/scorecard.md: 12 simple reports of 2 events/120 people of
    # socialisation and 1/30 of training, 3 victims and 3 repatriations each.
    events, people = 12 * 3, 12 * 150
    component = {
        "decree": 1.0,  # decree of 2023, no end date: valid
        "members": 2 / 16,  # dinas_pppa and polri of the 16 named members
        "action_plan": 0.0,
        "budget": 0.0,
        "timeliness": 12 / 12,
        "activities": min(1.0, events * 100_000 / population / 5.0),
        "people_reached": min(1.0, people * 100_000 / population / 300.0),
        "services": 1.0,  # 36 services for 36 victims
    }
    expected = 100 * sum(DEFAULT_WEIGHTS[c] * component[c] for c in COMPONENTS) / 100
    bogor = shown["32.01"]
    assert bogor.score == pytest.approx(expected)
    assert {c.name: c.score for c in bogor.components} == pytest.approx(component)
    assert sum(c.points for c in bogor.components) == pytest.approx(bogor.score)
    # A region that never reported: only the services component (nothing unserved).
    assert shown["32.03"].score == pytest.approx(DEFAULT_WEIGHTS["services"])


def test_weights_in_the_config_change_the_ranking(two_regions, settings) -> None:
    def order() -> list[str]:
        table = league_table(two_regions, settings, province="32", today=TODAY)
        return [row.region_code for row in table][:2]

    config = settings.data_dir / settings.scorecard_file
    config.write_text("[weights]\ntimeliness = 80\naction_plan = 0\nbudget = 0\n")
    assert load_method(settings).weights["timeliness"] == 80
    assert order() == ["32.01", "32.02"]
    config.write_text("[weights]\ntimeliness = 0\naction_plan = 40\nbudget = 40\n")
    assert order() == ["32.02", "32.01"]
    config.write_text("[weights]\ntimeliness = -1\n")
    with pytest.raises(SettingsError):
        load_method(settings)
    with pytest.raises(SettingsError):
        method_from({"weights": {"nonsense": 1}})


def test_league_table_ranks_and_changes(two_regions, settings) -> None:
    table = league_table(two_regions, settings, province="32", today=TODAY)
    assert [row.rank for row in table][:2] == [1, 2]
    assert len(table) == 27
    ranks = {row.region_code: row for row in table}
    # Regions that never reported share the last rank and have no previous score.
    assert ranks["32.03"].rank == ranks["32.04"].rank and ranks["32.03"].previous is None
    # Sukabumi reported only since November: three months earlier it had one report.
    assert ranks["32.02"].change == pytest.approx(ranks["32.02"].score - ranks["32.02"].previous)
    improved = most_improved(table)
    assert improved and improved[0].change == max(r.change for r in table if r.change)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_scorecard_command(two_regions, settings) -> None:
    import json

    from click.testing import CliRunner

    from pantau.cli import main

    result = CliRunner().invoke(main, ["scorecard", "--province", "32", "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert len(records) == 27 and records[0]["rank"] == 1
    assert {c["name"] for c in records[0]["components"]} == set(COMPONENTS)
