"""Protection of a whole release: the group rules of :mod:`pantau.privacy`, then the
attacker (:mod:`pantau.releases.audit`) and repairs until it narrows nothing."""

from __future__ import annotations

from dataclasses import dataclass

from pantau.metrics import METRICS
from pantau.privacy import HIDDEN_COMPLEMENT, HIDDEN_ZERO, protect_jointly
from pantau.releases.audit import Narrowed, attack
from pantau.releases.tables import CellKey, Cells

MAX_ROUNDS = 50


@dataclass(frozen=True)
class Protection:
    """The hidden cells of a release with their reasons, and what the final audit found."""

    reasons: dict[CellKey, str]
    narrowed: tuple[Narrowed, ...]  # empty unless the repairs ran out of cells
    rounds: int


def person_cells(cells: Cells) -> tuple[dict[CellKey, int], list]:
    """The values and groups of person-counting metrics (the ones protected)."""
    persons = {key for key, entry in METRICS.items() if entry.counts_persons}
    values = {key: value for key, value in cells.values.items() if key[1] in persons}
    groups = [group for group in cells.groups if group[0][1] in persons]
    return values, groups


def protect(cells: Cells, threshold: int) -> Protection:
    """Decide once which cells of the release are hidden, and why."""
    values, groups = person_cells(cells)
    residuals = cells.residuals
    reasons = protect_jointly(values, groups, threshold, unpublished=residuals)
    member_of: dict[CellKey, list[int]] = {}
    for index, (total, parts) in enumerate(groups):
        for key in (total, *parts):
            member_of.setdefault(key, []).append(index)
    published = [key for key in values if key not in residuals]
    only: set[CellKey] | None = None
    narrowed: list[Narrowed] = []
    for rounds in range(1, MAX_ROUNDS + 1):
        shown = {key: None if key in reasons else values[key] for key in published}
        narrowed = attack(shown, reasons, groups, threshold, unpublished=residuals, only=only)
        if not narrowed:
            return Protection(reasons, (), rounds)
        added: set[CellKey] = set()
        for found in narrowed:
            choice = _complement_for(found.key, groups, member_of, values, reasons, residuals)
            if choice is not None:
                reasons[choice] = HIDDEN_COMPLEMENT if values[choice] > 0 else HIDDEN_ZERO
                added.add(choice)
        if not added:
            break
        before = set(reasons)
        reasons = protect_jointly(values, groups, threshold, unpublished=residuals, hidden=reasons)
        only = added | (set(reasons) - before) | {found.key for found in narrowed}
    return Protection(reasons, tuple(narrowed), rounds)


def _complement_for(key, groups, member_of, values, reasons, residuals) -> CellKey | None:
    """The smallest shown positive figure sharing an equation with ``key`` (else a shown
    zero there), else one hop further (when every neighbour is hidden already)."""
    frontier = {key}
    for _ in range(3):
        members = {
            member
            for item in frontier
            for index in member_of.get(item, ())
            for member in (groups[index][0], *groups[index][1])
        }
        candidates = [
            m for m in members if m not in reasons and m not in residuals and values.get(m, 0) > 0
        ]
        if candidates:
            return min(candidates, key=lambda member: (values[member], repr(member)))
        zeros = [m for m in members if m not in reasons and m not in residuals and m in values]
        if zeros:
            return min(zeros, key=repr)
        frontier = members
    return None
