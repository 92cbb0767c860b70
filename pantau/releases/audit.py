"""The attacker: a linear programme over every published figure of a release at once.

Every additive relation between the release's figures (a total and the cells it adds up,
over regions, months → quarters → years and breakdown margins) is an equation.  Shown
figures are constants; hidden ones are unknowns with the bounds their honest marks give
away (:func:`pantau.privacy.observer_bounds`: ``"<5"`` is 1 to the threshold, ``"•"``
above it); unpublished residuals (a province's own reports under its regencies) are
unknowns of at least 0.  A hidden figure is *narrowed* when its least and greatest
feasible values admit one whole number (:func:`pantau.privacy.discloses`).

The equations split into independent components (unknowns that share no equation cannot
inform each other), each solved on its own with HiGHS (``highspy``, the solver behind
scipy's ``linprog``, used directly for warm starts: only the objective changes between
solves).  A few LPs with random objectives move most unknowns by at least one whole unit,
which proves them safe; only the rest get their own minimum and maximum.  The result is
exact: the shortcut only skips LPs whose answer is already known.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from pantau.privacy import discloses, observer_bounds

Equation = tuple[Hashable, Sequence[Hashable]]
RANDOM_ROUNDS = 12
CAP = 1e9


@dataclass(frozen=True)
class Narrowed:
    """A key the attacker narrows: its feasible range."""

    key: Hashable
    low: float
    high: float


def attack(
    published: Mapping[Hashable, int | None],
    reasons: Mapping[Hashable, str],
    equations: Iterable[Equation],
    threshold: int,
    *,
    unpublished: Iterable[Hashable] = (),
    only: Iterable[Hashable] | None = None,
    first: bool = False,
) -> list[Narrowed]:
    """Every hidden or unpublished key the equations give away.

    ``published`` holds each published key's shown value (None when hidden), ``reasons``
    each hidden key's reason; ``unpublished`` keys appear in equations only.  With
    ``only``, just the components holding those keys are solved (the repair loop); with
    ``first``, the attack stops at the first component that gives a key away (a yes/no
    check: whether a complement can be shown again).
    """
    residual = set(unpublished)
    unknown = {key for key, value in published.items() if value is None} | residual
    rows: list[tuple[list[tuple[Hashable, float]], float]] = []
    for total, cells in equations:
        terms: dict[Hashable, float] = {}
        constant = 0.0
        for key, sign in [(total, -1.0), *((cell, 1.0) for cell in cells)]:
            if key in unknown:
                terms[key] = terms.get(key, 0.0) + sign
            else:
                constant -= sign * int(published.get(key) or 0)
        terms = {key: coefficient for key, coefficient in terms.items() if coefficient}
        if terms:
            rows.append((list(terms.items()), constant))
    found: list[Narrowed] = []
    wanted = set(only) if only is not None else None
    rows, determined = _substitute(rows)
    for key, value in determined.items():
        if wanted is not None and key not in wanted:
            continue
        reason = None if key in residual else reasons.get(key, "hidden")
        if discloses(reason, value, value, threshold):
            found.append(Narrowed(key, value, value))
    if first and found:
        return found
    for component, component_rows in _components(rows):
        if wanted is not None and not wanted.intersection(component):
            continue
        bounds = {key: observer_bounds(reasons.get(key), threshold) for key in component}
        for key, (low, high) in _ranges(component, component_rows, bounds).items():
            reason = None if key in residual else reasons.get(key, "hidden")
            if discloses(reason, low, high, threshold):
                found.append(Narrowed(key, low, high))
        if first and found:
            return found
    return found


def _substitute(rows):
    """Unknowns alone in an equation are determined: their values, substituted everywhere.

    Returns the remaining equations (each with two or more unknowns) and the determined
    values, so that no LP is spent on an unknown any observer reads off one equation.
    """
    equations = [(dict(terms), constant) for terms, constant in rows]
    rows_of: dict[Hashable, list[int]] = {}
    for r, (terms, _) in enumerate(equations):
        for key in terms:
            rows_of.setdefault(key, []).append(r)
    determined: dict[Hashable, float] = {}
    queue = [r for r, (terms, _) in enumerate(equations) if len(terms) == 1]
    while queue:
        r = queue.pop()
        terms, constant = equations[r]
        if len(terms) != 1:
            continue
        ((key, coefficient),) = terms.items()
        value = constant / coefficient
        determined[key] = value
        for other in rows_of[key]:
            other_terms, other_constant = equations[other]
            if key in other_terms:
                equations[other] = (other_terms, other_constant - other_terms.pop(key) * value)
                if len(other_terms) == 1:
                    queue.append(other)
    remaining = [(list(terms.items()), constant) for terms, constant in equations if terms]
    return remaining, determined


def _components(rows):
    """The equations grouped by connected sets of unknowns (union-find)."""
    parent: dict[Hashable, Hashable] = {}

    def find(key):
        root = key
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[key] != root:
            parent[key], key = root, parent[key]
        return root

    for terms, _ in rows:
        first = find(terms[0][0])
        for key, _ in terms[1:]:
            other = find(key)
            if other != first:
                parent[other] = first
    grouped: dict[Hashable, tuple[list, list]] = {}
    for terms, constant in rows:
        keys, equations = grouped.setdefault(find(terms[0][0]), ([], []))
        equations.append((terms, constant))
    for key in parent:
        grouped[find(key)][0].append(key)
    return list(grouped.values())


_BANNER_SILENCED = False


def _solver():
    """A quiet HiGHS instance (its banner, printed once per process, goes to /dev/null)."""
    import os
    import sys

    import highspy

    global _BANNER_SILENCED
    if _BANNER_SILENCED:
        solver = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), 1)
                solver = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _BANNER_SILENCED = True
    solver.setOptionValue("output_flag", False)
    return solver


def _ranges(component: Sequence[Hashable], rows, bounds) -> dict[Hashable, tuple[float, float]]:
    """The least and greatest feasible value of every unknown of one component.

    One HiGHS model per component, re-solved with warm starts as only the objective
    changes; every solution found is a witness for every unknown at once.
    """
    import highspy
    import numpy as np
    from scipy.sparse import coo_matrix

    keys = sorted(component, key=repr)
    n = len(keys)
    index = {key: i for i, key in enumerate(keys)}
    data, row_index, column_index, rhs = [], [], [], []
    for r, (terms, constant) in enumerate(rows):
        for key, coefficient in terms:
            data.append(coefficient)
            row_index.append(r)
            column_index.append(index[key])
        rhs.append(constant)
    matrix = coo_matrix((data, (row_index, column_index)), shape=(len(rows), n)).tocsc()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, len(rows)
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = np.array([bounds[key][0] for key in keys], dtype=float)
    lp.col_upper_ = np.array([min(bounds[key][1], CAP) for key in keys], dtype=float)
    lp.row_lower_ = lp.row_upper_ = np.array(rhs, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data.astype(float)
    solver = _solver()
    solver.passModel(lp)
    everyone = np.arange(n, dtype=np.int32)
    seen_low = np.full(n, math.inf)
    seen_high = np.full(n, -math.inf)

    def solve(costs: np.ndarray) -> np.ndarray | None:
        solver.changeColsCost(n, everyone, costs)
        solver.run()
        if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        x = np.array(solver.getSolution().col_value)
        np.minimum(seen_low, x, out=seen_low)
        np.maximum(seen_high, x, out=seen_high)
        return x

    def proven(i: int) -> bool:
        return math.floor(seen_high[i] + 1e-6) - math.ceil(seen_low[i] - 1e-6) >= 1

    rng = random.Random(n)
    for round_ in range(RANDOM_ROUNDS):
        costs = np.array([rng.choice((-1.0, 1.0)) for _ in keys])
        if round_ < 2:
            costs = np.full(n, 1.0 if round_ == 0 else -1.0)
        if solve(costs) is None:
            # Inconsistent figures (never for a release built from facts): nothing is pinned.
            return {key: (-math.inf, math.inf) for key in keys}
        if round_ >= 1 and all(proven(i) for i in range(n)):
            break
    ranges: dict[Hashable, tuple[float, float]] = {}
    for key, i in index.items():
        extremes = []
        for sign in (1.0, -1.0):
            if proven(i):
                break
            costs = np.zeros(n)
            costs[i] = sign
            x = solve(costs)
            extremes.append(-sign * math.inf if x is None else float(x[i]))
        if proven(i) or len(extremes) < 2:
            ranges[key] = (float(seen_low[i]), float(seen_high[i]))
            continue
        low, high = extremes
        ranges[key] = (low, math.inf if high >= CAP / 2 else high)
    return ranges


@dataclass(frozen=True)
class TableAudit:
    """One table of a release under attack: its cells, hidden and narrowed."""

    table: str
    cells: int
    person_cells: int
    hidden: int
    narrowed: int


def audit_release(engine, number: int) -> list[TableAudit]:
    """Run the attacker over every table of stored release ``number`` together.

    Only what the release publishes is used (shown values, honest marks, threshold); the
    equations are rebuilt from the release's own cells.
    """
    from pantau.metrics import METRICS
    from pantau.releases.store import figures, get_release
    from pantau.releases.tables import OWN, TABLES, equations, layout_of

    info = get_release(engine, number)
    published: dict[Hashable, int | None] = {}
    reasons: dict[Hashable, str] = {}
    for table in TABLES:
        for (metric, region, period, breakdown, category), figure in figures(
            engine, number, table
        ).items():
            key = (table, metric, region, period, breakdown, category)
            published[key] = figure.value
            if figure.hidden is not None:
                reasons[key] = figure.hidden
    groups = equations(layout_of(published, info.first_month, info.last_month))
    residuals = {key for total, cells in groups for key in (total, *cells) if key[0] == OWN}
    narrowed = attack(published, reasons, groups, info.threshold, unpublished=residuals)
    persons = {key for key, entry in METRICS.items() if entry.counts_persons}
    result = []
    for table in TABLES:
        keys = [key for key in published if key[0] == table]
        result.append(
            TableAudit(
                table,
                len(keys),
                sum(1 for key in keys if key[1] in persons),
                sum(1 for key in keys if key in reasons),
                sum(1 for found in narrowed if found.key[0] == table),
            )
        )
    if any(found.key[0] == OWN for found in narrowed):
        own = sum(1 for found in narrowed if found.key[0] == OWN)
        result.append(TableAudit(OWN, 0, 0, 0, own))
    return result
