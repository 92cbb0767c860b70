"""The metric registry: every figure the system shows is defined here, once.

A :class:`Metric` says which facts it sums, its unit, whether it adds up over regions and
months, its rate denominator, whether it counts persons (so disclosure control applies),
its kind, colour-scale kind, number format and label.  Tiles, maps, trends, tables, the
attention list, the region profile, meeting slides, the PDF briefing and exports all take
their metrics from :data:`METRICS`; adding a metric is one entry here and its label in the
text catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import ColumnElement

from pantau.models import Fact
from pantau.reports import fields
from pantau.texts import known, t

Kind = Literal["count", "money", "share", "category"]
Scale = Literal["sequential", "diverging", "categorical"]
Format = Literal["integer", "idr", "percent", "category"]
PER_100K = 100_000


@dataclass(frozen=True)
class Metric:
    """One figure: the facts it sums and how it is shown."""

    key: str
    fact_metric: str | None  # Fact.metric summed; None for derived (category, share) metrics
    item: str | None = None  # Fact.item, when one item of the fact metric is meant
    overseas: bool = False  # only facts with a destination country
    kind: Kind = "count"
    scale: Scale = "sequential"
    number_format: Format = "integer"
    additive: bool = True  # sums over regions and months mean something
    rate_per: int | None = None  # rate denominator: per this many inhabitants, else no rate
    counts_persons: bool = False  # a small value could identify someone: disclosure control
    breakdowns: bool = False  # the victim breakdowns (sex, age, exploitation, country) apply
    label_key: str | None = None  # catalogue key; None: the report vocabulary's label

    @property
    def has_rate(self) -> bool:
        """Whether a rate per inhabitants is defined (never offered otherwise)."""
        return self.rate_per is not None

    @property
    def summed(self) -> bool:
        """Whether the metric is a sum of facts (maps, trends and exports can add it up)."""
        return self.fact_metric is not None

    def label(self, lang: str) -> str:
        """The metric's name in ``lang``."""
        if self.label_key is not None:
            return t(self.label_key, lang)
        return fields.STAGES.label(self.item or self.key, lang)

    def conditions(self) -> list[ColumnElement[bool]]:
        """The conditions on :class:`~pantau.models.Fact` rows this metric sums."""
        if self.fact_metric is None:
            raise ValueError(f"{self.key} is not a sum of facts")
        conditions: list[ColumnElement[bool]] = [Fact.metric == self.fact_metric]
        if self.item is not None:
            conditions.append(Fact.item == self.item)
        if self.overseas:
            conditions.append(Fact.country.is_not(None))
        return conditions


def _stage(key: str, item: str) -> Metric:
    # every stage counts cases of identifiable people, so small counts are protected
    return Metric(key, "enforcement", item, counts_persons=True, rate_per=PER_100K)


_ALL = (
    Metric(
        "victims",
        "victims",
        counts_persons=True,
        breakdowns=True,
        rate_per=PER_100K,
        label_key="metric.victims",
    ),
    Metric(
        "overseas_victims",
        "victims",
        overseas=True,
        counts_persons=True,
        breakdowns=True,
        rate_per=PER_100K,
        label_key="metric.overseas_victims",
    ),
    _stage("police_reports", "police_reports"),
    _stage("investigations", "investigations"),
    _stage("suspects", "suspects"),
    _stage("p21", "p21"),
    _stage("prosecutions", "prosecutions"),
    _stage("verdicts", "verdicts"),
    _stage("convictions", "convicted"),
    Metric(
        "restitution_requested",
        "restitution_requested_idr",
        kind="money",
        number_format="idr",
        label_key="metric.restitution_requested",
    ),
    Metric(
        "restitution_awarded",
        "restitution_awarded_idr",
        kind="money",
        number_format="idr",
        label_key="metric.restitution_awarded",
    ),
    Metric("activities", "activity_events", rate_per=PER_100K, label_key="metric.activities"),
    Metric(
        "people_reached", "activity_people", rate_per=PER_100K, label_key="metric.people_reached"
    ),
    Metric(
        "task_force",
        None,
        kind="category",
        scale="categorical",
        number_format="category",
        additive=False,
        label_key="metric.task_force",
    ),
    Metric(
        "compliance",
        None,
        kind="share",
        number_format="percent",
        additive=False,
        label_key="metric.compliance",
    ),
)

METRICS: dict[str, Metric] = {metric.key: metric for metric in _ALL}
"""Every metric by key, in the order pickers list them."""

FUNNEL: tuple[str, ...] = (
    "police_reports",
    "investigations",
    "suspects",
    "p21",
    "prosecutions",
    "verdicts",
    "convictions",
)
"""The case funnel, from police report to conviction: the same stages on every surface."""

PERSON_COUNT_FIELDS: frozenset[str] = frozenset(
    name
    for entry in METRICS.values()
    if entry.counts_persons
    for name in (entry.key, entry.item or entry.fact_metric)
    if name
)
"""Column names (metric keys and fact items) that hold counts of persons: protected."""

MAP_METRICS: tuple[str, ...] = (
    "victims",
    "overseas_victims",
    "police_reports",
    "convictions",
    "activities",
    "people_reached",
    "task_force",
    "compliance",
)
"""The metrics offered on maps and in the map pickers."""


def metric(key: str) -> Metric:
    """The metric ``key``; :class:`KeyError` names the unknown key."""
    try:
        return METRICS[key]
    except KeyError:
        raise KeyError(f"no metric {key!r} in the registry") from None


def summed_metrics() -> tuple[Metric, ...]:
    """The metrics that are sums of facts."""
    return tuple(entry for entry in METRICS.values() if entry.summed)


def field_label(name: str, lang: str) -> str:
    """The header of a table or export column ``name``, worded once for every surface.

    Metrics by their registry label, enforcement stages by the report vocabulary, and other
    fields by their column, filter or state text, so that a column and the filter of the
    same field never say different things.
    """
    if name in METRICS:
        return METRICS[name].label(lang)
    if name in fields.STAGES.by_code:
        return fields.STAGES.label(name, lang)
    for prefix in ("col", "filter", "state"):
        key = f"{prefix}.{name}"
        if known(key, lang):
            return t(key, lang)
    return t(f"col.{name}", lang)
