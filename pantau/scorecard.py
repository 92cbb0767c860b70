"""The task-force scorecard: an index of existence and functioning, from documented weights.

Every component is a number from 0 to 1 (``docs/scorecard.md`` explains each); a region's
score is ``100 * sum(weight * component) / sum(weight)``, so anyone can recompute it from
the components a page shows.  Weights and targets come from :data:`DEFAULT_WEIGHTS` and
:data:`DEFAULT_TARGETS`, overridden by the TOML file named by ``PANTAU_SCORECARD_FILE``
(default ``scorecard.toml`` in the data dir), sections ``[weights]`` and ``[targets]``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, select

from pantau.access import Scope
from pantau.basis import LIVE, Basis
from pantau.compliance import compliance
from pantau.models import Fact, Region
from pantau.reporting_calendar import (
    add_months,
    last_complete_month,
    month_start,
    months_ending,
    today_wib,
)
from pantau.settings import Settings, SettingsError
from pantau.taskforces import REQUIRED_MEMBERS, TaskForceRow, registry

COMPONENTS = (
    "decree",
    "members",
    "action_plan",
    "budget",
    "timeliness",
    "activities",
    "people_reached",
    "services",
)
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "decree": 20,  # task force established with a valid decree
    "members": 10,  # share of the member agencies the regulation names
    "action_plan": 10,  # RAD in place
    "budget": 10,  # a budget allocated
    "timeliness": 25,  # reports on time over the last 12 complete months
    "activities": 5,  # activities per 100,000 inhabitants, against a target
    "people_reached": 5,  # people reached per 100,000 inhabitants, against a target
    "services": 15,  # services given per victim handled
}
DEFAULT_TARGETS: Mapping[str, float] = {
    "activities_per_100k": 5.0,  # over 12 months; at or above it the component is 1
    "people_per_100k": 300.0,
    "late_credit": 0.5,  # a late report counts half an on-time one
}
WINDOW = 12  # months of reporting, activities and services scored
COMPARE_MONTHS = 3  # the previous period ends this many months earlier
LABELS = {
    "decree": ("SK gugus tugas berlaku", "Task force with a valid decree"),
    "members": ("Kelengkapan keanggotaan", "Membership completeness"),
    "action_plan": ("Rencana Aksi Daerah (RAD)", "Local action plan (RAD)"),
    "budget": ("Anggaran", "Budget"),
    "timeliness": ("Ketepatan waktu pelaporan", "Reporting timeliness"),
    "activities": ("Kegiatan per 100.000 penduduk", "Activities per 100,000 inhabitants"),
    "people_reached": (
        "Orang dijangkau per 100.000 penduduk",
        "People reached per 100,000 inhabitants",
    ),
    "services": ("Layanan bagi korban", "Services to victims"),
}


@dataclass(frozen=True)
class Method:
    """The weights and targets a score is computed with."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    targets: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_TARGETS))

    @property
    def total_weight(self) -> float:
        return sum(self.weights.values())


def load_method(settings: Settings) -> Method:
    """Defaults, overridden by the scorecard TOML file where it exists."""
    path = Path(settings.scorecard_file)
    if not path.is_absolute():
        path = settings.data_dir / path
    if not path.exists():
        return Method()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: {exc}") from exc
    return method_from(document, str(path))


def method_from(document: Mapping, where: str = "scorecard") -> Method:
    """A :class:`Method` from a parsed TOML document (unknown names are an error)."""
    weights, targets = dict(DEFAULT_WEIGHTS), dict(DEFAULT_TARGETS)
    for section, known in (("weights", weights), ("targets", targets)):
        for name, value in document.get(section, {}).items():
            if name not in known:
                raise SettingsError(f"{where}: unknown {section} entry {name!r}")
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise SettingsError(f"{where}: {section}.{name} must be a number >= 0")
            known[name] = float(value)
    if sum(weights.values()) <= 0:
        raise SettingsError(f"{where}: the weights add up to zero")
    return Method(weights, targets)


@dataclass(frozen=True)
class Component:
    """One component: the measured value, its 0..1 score, weight and points."""

    name: str
    value: float | None  # what was measured (a share, a rate, 1/0)
    score: float  # 0..1
    weight: float

    @property
    def points(self) -> float:
        return self.score * self.weight


@dataclass(frozen=True)
class Score:
    region_code: str
    region_name: str
    level: str
    province_code: str
    province_name: str
    period_end: dt.date
    score: float  # 0..100
    components: tuple[Component, ...]
    reported_months: int  # months with a valid report in the window


@dataclass(frozen=True)
class LeagueRow:
    rank: int
    current: Score
    previous: float | None
    change: float | None

    @property
    def region_code(self) -> str:
        return self.current.region_code

    @property
    def score(self) -> float:
        return self.current.score


def _sums(
    engine: Engine, months: list[dt.date], scope: Scope, basis: Basis
) -> dict[tuple[str, str], int]:
    query = (
        select(Fact.region_code, Fact.metric, func.sum(Fact.value))
        .where(
            basis.current(Fact.report_id, Fact.current.is_(True)),
            Fact.origin == "gugus_tugas",
            Fact.period.between(months[0], months[-1]),
            Fact.metric.in_(("activity_events", "activity_people", "victims", "victim_services")),
            scope.region_clause(Fact.region_code, Fact.province_code),
        )
        .group_by(Fact.region_code, Fact.metric)
    )
    with engine.connect() as connection:
        return {(code, metric): int(total) for code, metric, total in connection.execute(query)}


def components_of(
    row: TaskForceRow,
    *,
    on_time: int,
    late: int,
    events: int,
    people: int,
    victims: int,
    services: int,
    population: int | None,
    method: Method,
) -> tuple[Component, ...]:
    """The components of one region (see docs/scorecard.md for each rule)."""
    weights, targets = method.weights, method.targets
    has = row.has_task_force
    members = (len(REQUIRED_MEMBERS) - len(row.missing_members)) / len(REQUIRED_MEMBERS)
    timeliness = (on_time + targets["late_credit"] * late) / WINDOW
    per = 100_000 / population if population else None
    events_rate = events * per if per is not None else None
    people_rate = people * per if per is not None else None
    service_share = services / victims if victims else None

    def capped(rate: float | None, target: float) -> float:
        if rate is None or target <= 0:
            return 0.0
        return min(1.0, rate / target)

    values = {
        "decree": (1.0 if has and row.decree_issue is None else 0.0,) * 2,
        "members": (members if has else 0.0,) * 2,
        "action_plan": (1.0 if has and row.action_plan else 0.0,) * 2,
        "budget": (1.0 if has and row.budget_idr else 0.0,) * 2,
        "timeliness": (timeliness, timeliness),
        "activities": (events_rate, capped(events_rate, targets["activities_per_100k"])),
        "people_reached": (people_rate, capped(people_rate, targets["people_per_100k"])),
        # No victim handled: nothing left unserved, full score.
        "services": (service_share, 1.0 if service_share is None else min(1.0, service_share)),
    }
    return tuple(
        Component(name, values[name][0], values[name][1], weights[name]) for name in COMPONENTS
    )


def total(components: tuple[Component, ...], method: Method) -> float:
    """``100 * sum(weight * component) / sum(weight)``."""
    return 100 * sum(c.points for c in components) / method.total_weight


def scores(
    engine: Engine,
    settings: Settings,
    *,
    end: dt.date | None = None,
    scope: Scope | None = None,
    province: str | None = None,
    level: str | None = "regency",
    method: Method | None = None,
    today: dt.date | None = None,
    basis: Basis = LIVE,
) -> list[Score]:
    """The score of every region in scope (of ``level``: regency, province or None for
    both) over the ``WINDOW`` months ending ``end`` (default: last complete month), from
    the reports of ``basis``."""
    scope = scope or Scope.national()
    method = method or load_method(settings)
    today = today or basis.day or today_wib()
    end = month_start(end or last_complete_month(settings.report_due_day, today))
    months = months_ending(end, WINDOW)
    rows = registry(
        engine, settings, scope=scope, province=province, as_of=end, today=today, basis=basis
    )
    if level:
        rows = [row for row in rows if row.level == level]
    codes = {row.region_code for row in rows}
    states: dict[str, dict[str, int]] = {}
    known = compliance(engine, months, settings=settings, scope=scope, today=today, basis=basis)
    for entry in known:
        if entry.region_code in codes:
            counts = states.setdefault(entry.region_code, {})
            counts[entry.state] = counts.get(entry.state, 0) + 1
    sums = _sums(engine, months, scope, basis)
    with engine.connect() as connection:
        population = dict(connection.execute(select(Region.code, Region.population)).all())
    result = []
    for row in rows:
        code = row.region_code
        parts = components_of(
            row,
            on_time=states.get(code, {}).get("on_time", 0),
            late=states.get(code, {}).get("late", 0),
            events=sums.get((code, "activity_events"), 0),
            people=sums.get((code, "activity_people"), 0),
            victims=sums.get((code, "victims"), 0),
            services=sums.get((code, "victim_services"), 0),
            population=population.get(code),
            method=method,
        )
        result.append(
            Score(
                region_code=code,
                region_name=row.region_name,
                level=row.level,
                province_code=row.province_code,
                province_name=row.province_name,
                period_end=end,
                score=total(parts, method),
                components=parts,
                reported_months=states.get(code, {}).get("on_time", 0)
                + states.get(code, {}).get("late", 0),
            )
        )
    return result


def league_table(
    engine: Engine,
    settings: Settings,
    *,
    end: dt.date | None = None,
    compare_months: int = COMPARE_MONTHS,
    **options,
) -> list[LeagueRow]:
    """Regions ranked by score (ties share a rank), with the change against the score of
    the period ending ``compare_months`` earlier."""
    basis = options.get("basis", LIVE)
    today = options.get("today") or basis.day or today_wib()
    end = month_start(end or last_complete_month(settings.report_due_day, today))
    current = scores(engine, settings, end=end, **options)
    earlier = scores(engine, settings, end=add_months(end, -compare_months), **options)
    # A region with no report at all in the earlier window has no previous score.
    before = {s.region_code: s.score for s in earlier if s.reported_months}
    ordered = sorted(current, key=lambda s: (-round(s.score, 6), s.region_code))
    table, rank, last = [], 0, None
    for position, score in enumerate(ordered, start=1):
        if last is None or round(score.score, 6) != last:
            rank, last = position, round(score.score, 6)
        previous = before.get(score.region_code)
        change = None if previous is None else score.score - previous
        table.append(LeagueRow(rank=rank, current=score, previous=previous, change=change))
    return table


def most_improved(table: list[LeagueRow], limit: int = 10) -> list[LeagueRow]:
    """The rows with the largest rise in score, largest first."""
    risen = [row for row in table if row.change is not None and row.change > 0]
    return sorted(risen, key=lambda row: (-row.change, row.region_code))[:limit]
