"""Protection of a whole release: the group rules of :mod:`pantau.privacy`, then the
attacker (:mod:`pantau.releases.audit`) and repairs until it narrows nothing."""

from __future__ import annotations

from dataclasses import dataclass

from pantau.metrics import METRICS
from pantau.privacy import HIDDEN_SMALL, choose_complement, protect_jointly
from pantau.releases.audit import Narrowed, attack
from pantau.releases.tables import TABLES, CellKey, Cells

MAX_ROUNDS = 50


@dataclass(frozen=True)
class Protection:
    """The hidden cells of a release with their reasons, and what the final audit found."""

    reasons: dict[CellKey, str]
    narrowed: tuple[Narrowed, ...]  # empty unless the repairs ran out of cells
    rounds: int
    shown_again: int = 0  # complements found unneeded at the end and shown after all


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
    reasons = protect_jointly(
        values, groups, threshold, unpublished=residuals, cost=complement_cost, avoid=is_headline
    )
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
            safe = dict(reasons)
            shown_again = _prune(values, groups, member_of, reasons, residuals, threshold)
            # the closing audit, over every table: the pruned set only if it narrows nothing
            shown = {key: None if key in reasons else values[key] for key in published}
            if attack(shown, reasons, groups, threshold, unpublished=residuals, first=True):
                return Protection(safe, (), rounds)
            return Protection(reasons, (), rounds, shown_again)
        added: set[CellKey] = set()
        for found in narrowed:
            choice = choose_complement(
                found.key,
                values,
                groups,
                member_of,
                reasons,
                residuals,
                cost=complement_cost,
                avoid=is_headline,
            )
            if choice is not None:
                reasons[choice[0]] = choice[1]
                added.add(choice[0])
        if not added:
            break
        before = set(reasons)
        reasons = protect_jointly(
            values,
            groups,
            threshold,
            unpublished=residuals,
            hidden=reasons,
            cost=complement_cost,
            avoid=is_headline,
        )
        only = added | (set(reasons) - before) | {found.key for found in narrowed}
    return Protection(reasons, tuple(narrowed), rounds)


def _prune(values, groups, member_of, reasons, residuals, threshold: int) -> int:
    """Show again every complement the others make unneeded, the dearest first.

    Complements are chosen one narrowed cell at a time, so a later one often protects
    what an earlier one was hidden for.  Each complement is tried shown: the attacker
    runs over the equations of the hidden cells it connects with (the only ones its value
    can inform), and the complement stays shown when nothing there is narrowed.
    """
    complements = [key for key, reason in reasons.items() if reason != HIDDEN_SMALL]
    complements.sort(key=lambda key: (is_headline(key), complement_cost(key, values[key])))
    shown_again = 0
    for key in reversed(complements):
        reason = reasons.pop(key)
        local = _connected(key, groups, member_of, reasons, residuals)
        keys = {member for index in local for member in (groups[index][0], *groups[index][1])}
        shown = {k: None if k in reasons else values[k] for k in keys if k not in residuals}
        equations = [groups[index] for index in local]
        if attack(shown, reasons, equations, threshold, unpublished=keys & residuals, first=True):
            reasons[key] = reason
        else:
            shown_again += 1
    return shown_again


def _connected(key, groups, member_of, reasons, residuals) -> list[int]:
    """The groups linked to ``key`` through hidden or unpublished cells."""
    found: set[int] = set()
    queue = list(member_of.get(key, ()))
    while queue:
        index = queue.pop()
        if index in found:
            continue
        found.add(index)
        total, parts = groups[index]
        for member in (total, *parts):
            if member != key and (member in reasons or member in residuals):
                queue.extend(i for i in member_of.get(member, ()) if i not in found)
    return sorted(found)


LEVEL_COST = {"regency": 0, "province": 1, "national": 2}
PERIOD_COST = {"month": 0, "quarter": 1, "year": 2}


def is_headline(key: CellKey) -> bool:
    """A national total (no breakdown): the figure every meeting opens with, hidden as a
    complement only when nothing else within reach protects the small cell."""
    return TABLES[key[0]].level == "national" and not key[4]


def complement_cost(key: CellKey, value: int) -> tuple:
    """The price of hiding a release cell as a complement: the finest, least-read cells
    first — regency before province before national, a category before a total, a month
    before a quarter before a year — then the smallest figure (a zero last: it is marked
    "<5")."""
    table = TABLES[key[0]]
    return (
        value == 0,
        LEVEL_COST[table.level],
        not key[4],
        PERIOD_COST[table.period],
        value,
    )
