"""Small-cell suppression: victim counts that could identify someone are hidden.

Where suppression applies (:func:`suppression_active`: meeting mode, every export, every
role but ``admin`` and ``nasional``), a count from 1 up to ``threshold`` (setting
``suppression_threshold``, default 4) is hidden and displayed as ``"<5"``.  Zero is never
hidden: it identifies nobody.

Hiding the small cells alone is not enough, because a hidden cell could be recovered by
subtracting the shown cells from a shown total.  Every function here therefore applies
**complementary suppression** over *groups*: a group is a total and the cells it adds up
(a series with its total, a table row with its row margin, a column with its column
margin, the margins with the grand total, a province with its regencies).  Until a fixed
point is reached, in each group whose total is shown and whose hidden cells

* are fewer than two,
* add up to no more than ``threshold`` (two hidden 1s under a shown total are both 1), or
* add up to no more than the least values an observer can prove for them (1 for a cell,
  more for a hidden total of several hidden cells),

the smallest shown positive cell is hidden as well (ties broken by the cell key, so the
result is deterministic); when no shown positive cell is left, the group total is hidden
instead, which in turn protects it in its parent group.  A group whose total is hidden but
whose cells are all shown would reveal that total, so one cell is hidden there too.
Tables whose groups cross (rows and columns) are then audited with the attack itself, a
linear programme over all published equations, and repaired until no hidden cell is
determined (:func:`suppress_groups` with ``audit``).

**Overlapping exports.**  Two exports that share a figure (national-by-province shows the
total of province 33; the regencies of 33 add up to the same total) could be combined to
undo suppression that each decided on its own.  Region figures must therefore come from
:func:`suppress_regions`, which decides suppression once on the finest cells (every
regency and every province's own figures) over the whole national hierarchy, national
total to province totals to regencies.  The decision depends only on the data, never on
which slice is shown, so every export is a slice of one protected table and the union of
any exports is too: differencing them gives at best the sum of two or more hidden cells
that add up to more than ``threshold``.  Compute it over the national data, then filter
to the user's scope; never run it on an already filtered set.

Public API:

* :func:`suppression_active` — whether suppression applies to a view.
* :func:`suppress_series` — one group: a mapping of counts (and optionally its total).
* :func:`suppress_table` — a 2-D :class:`pandas.DataFrame` with row/column margins.
* :func:`suppress_regions` — the national region hierarchy (:class:`RegionCounts`).
* :func:`suppress_groups` — the general algorithm over arbitrary groups.
* :func:`display_count`, :func:`suppressed_label` — text for a cell, ``"<5"`` if hidden.
* :func:`suppression_notice` — what the interface says (text ``privacy.notice``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pantau.texts import t

if TYPE_CHECKING:
    import pandas as pd

    from pantau.access import Scope

K = TypeVar("K", bound=Hashable)


class _Total:
    """The key of a total in :func:`suppress_table` groups (never equal to a label)."""

    def __repr__(self) -> str:
        return "<total>"


_TOTAL = _Total()


def suppression_active(scope: Scope, *, meeting: bool = False, export: bool = False) -> bool:
    """Whether small cells must be hidden: meeting mode, exports, or a suppressed role."""
    return meeting or export or scope.suppress


def is_small(value: int, threshold: int) -> bool:
    """Whether ``value`` is a primary-suppressed count (1 to ``threshold``)."""
    return 1 <= value <= threshold


def suppressed_label(threshold: int) -> str:
    """The text shown for a hidden cell: ``"<5"`` for threshold 4."""
    return f"<{threshold + 1}"


def suppression_notice(threshold: int, lang: str = "id") -> str:
    """The notice the interface shows when suppression is active, in ``lang``."""
    return t("privacy.notice", lang, threshold=threshold, limit=suppressed_label(threshold))


def display_count(value: int | None, threshold: int, lang: str = "id") -> str:
    """A count as text with the thousands separator of ``lang``; ``"<5"`` when hidden."""
    from babel.numbers import format_decimal

    if value is None:
        return suppressed_label(threshold)
    return format_decimal(value, locale="id" if lang == "id" else "en")


def _order(key: Hashable) -> str:
    return repr(key)


def suppress_groups(
    values: Mapping[K, int],
    groups: Iterable[tuple[K, Sequence[K]]],
    threshold: int,
    *,
    audit: bool = False,
) -> set[K]:
    """The keys to hide: small cells plus complementary cells, to a fixed point.

    ``values`` holds every cell and every total by key; each group is ``(total_key,
    cell_keys)`` with ``values[total_key] == sum(values[cell] for cell in cell_keys)``.
    Keys missing from ``values`` count as 0.  Negative values are refused.

    The group rules are exact for one group and for nested groups (a hierarchy).  Groups
    that cross (a table's rows and columns) can leak through a chain of several groups,
    so with ``audit`` each hidden key is then checked with a linear programme, the attack
    itself (:func:`_pinned`), and one more cell is hidden next to any key it pins.
    """
    group_list = [(total, tuple(cells)) for total, cells in groups]
    if any(value < 0 for value in values.values()):
        raise ValueError("counts must not be negative")
    if threshold <= 0:
        return set()

    def value(key: K) -> int:
        return int(values.get(key, 0))

    hidden: set[K] = {key for key, count in values.items() if is_small(int(count), threshold)}
    given_up: set[K] = set()
    while True:
        _apply_group_rules(values, group_list, hidden, threshold)
        pinned = _pinned(values, group_list, hidden - given_up) if audit else None
        if pinned is None:
            return hidden
        near = [key for total, cells in group_list if pinned in (total, *cells) for key in cells]
        near += [total for total, cells in group_list if pinned in cells]
        candidates = [key for key in near if key not in hidden and value(key) > 0]
        if not candidates:
            # The leak runs through a chain of groups: hide the smallest shown figure anywhere.
            candidates = [key for key in values if key not in hidden and value(key) > 0]
        if candidates:
            hidden.add(min(candidates, key=lambda key: (value(key), _order(key))))
        else:
            given_up.add(pinned)


def _apply_group_rules(
    values: Mapping[K, int],
    group_list: Sequence[tuple[K, tuple[K, ...]]],
    hidden: set[K],
    threshold: int,
) -> None:
    """Hide complementary keys in ``hidden`` until every group satisfies the rules."""

    def value(key: K) -> int:
        return int(values.get(key, 0))

    changed = True
    while changed:
        changed = False
        least = _least_values(values, group_list, hidden)
        for total, cells in group_list:
            if not _needs_more(total, cells, hidden, least, value, threshold):
                continue
            candidates = [cell for cell in cells if cell not in hidden and value(cell) > 0]
            if candidates:
                hidden.add(min(candidates, key=lambda cell: (value(cell), _order(cell))))
            elif total not in hidden:
                hidden.add(total)
            else:
                continue
            changed = True
            break


def _pinned(
    values: Mapping[K, int], group_list: Sequence[tuple[K, tuple[K, ...]]], hidden: set[K]
) -> K | None:
    """A hidden key whose value the shown figures determine (the differencing attack).

    Every group is an equation; shown keys are constants, hidden keys unknowns of at
    least 1 (zero is never hidden).  A key is pinned when its least and greatest
    feasible values admit one whole number.
    """
    import math

    from scipy.optimize import linprog

    unknowns = sorted(hidden, key=_order)
    if not unknowns:
        return None
    index = {key: i for i, key in enumerate(unknowns)}
    rows: list[list[float]] = []
    rhs: list[float] = []
    for total, cells in group_list:
        row = [0.0] * len(unknowns)
        constant = 0.0
        for key, sign in [(total, -1.0), *((cell, 1.0) for cell in cells)]:
            if key in index:
                row[index[key]] += sign
            else:
                constant += sign * int(values.get(key, 0))
        if any(row):
            rows.append(row)
            rhs.append(-constant)
    if not rows:
        return None
    for key in unknowns:
        objective = [0.0] * len(unknowns)
        extremes = []
        for sign in (1.0, -1.0):
            objective[index[key]] = sign
            result = linprog(
                objective, A_eq=rows, b_eq=rhs, bounds=[(1, None)] * len(unknowns), method="highs"
            )
            extremes.append(sign * result.fun if result.status == 0 else sign * math.inf)
        low, high = extremes
        if math.isfinite(high) and math.floor(high + 1e-6) - math.ceil(low - 1e-6) < 1:
            return key
    return None


def _least_values(
    values: Mapping[K, int], groups: Sequence[tuple[K, tuple[K, ...]]], hidden: set[K]
) -> dict[K, int]:
    """The least value an observer can prove for each hidden key (1, more for totals)."""
    least = {key: 1 for key in hidden}
    for _ in range(len(groups) + 1):
        stable = True
        for total, cells in groups:
            if total not in hidden:
                continue
            bound = sum(least[c] if c in hidden else int(values.get(c, 0)) for c in cells)
            if bound > least[total]:
                least[total] = bound
                stable = False
        if stable:
            break
    return least


def _needs_more(total, cells, hidden, least, value, threshold: int) -> bool:
    """Whether the group ``total = sum(cells)`` still lets an observer pin a hidden cell."""
    hidden_cells = [cell for cell in cells if cell in hidden]
    if total in hidden:
        return not hidden_cells and value(total) > 0
    if not hidden_cells:
        return False
    hidden_sum = sum(value(cell) for cell in hidden_cells)
    return (
        len(hidden_cells) < 2
        or hidden_sum <= threshold
        or hidden_sum <= sum(least[cell] for cell in hidden_cells)
    )


def suppress_series(
    values: Mapping[K, int], threshold: int, *, total_key: K | None = None
) -> dict[K, int | None]:
    """Counts by key with small and complementary cells replaced by None.

    The series is protected as one group with its total, since the total may be shown
    here or elsewhere.  With ``total_key`` the result also holds the total under that key
    (None when it must be hidden too).
    """
    key = total_key if total_key is not None else _TOTAL
    cells = list(values)
    if key in values:
        raise ValueError("total_key must not be one of the series keys")
    table: dict = {**values, key: sum(int(v) for v in values.values())}
    hidden = suppress_groups(table, [(key, cells)], threshold)
    result: dict = {cell: None if cell in hidden else int(values[cell]) for cell in cells}
    if total_key is not None:
        result[total_key] = None if key in hidden else table[key]
    return result


def suppress_table(
    df: pd.DataFrame,
    value_columns: Sequence[str],
    threshold: int,
    *,
    margins: bool = True,
    lang: str = "id",
) -> pd.DataFrame:
    """``df`` with small and complementary cells of ``value_columns`` replaced by ``"<5"``.

    Rows are one dimension (the index, e.g. region), ``value_columns`` the other (e.g.
    sex or exploitation type).  Protection always assumes the margins are known (every
    row, column and the grand total); with ``margins`` they are also added, as a last row
    and column labelled with the catalogue's ``privacy.total``.  The result has object
    dtype: each value is an ``int`` or the marker :func:`suppressed_label`; other columns
    are kept as they are (blank in the margin row).
    """
    import pandas as pd

    columns = list(value_columns)
    data = df[columns].fillna(0).astype("int64")
    values: dict = {}
    groups: list = []
    rows = list(range(len(data)))
    for row in rows:
        for column in columns:
            values[(row, column)] = int(data.iat[row, columns.index(column)])
        values[(row, _TOTAL)] = sum(values[(row, column)] for column in columns)
        groups.append(((row, _TOTAL), [(row, column) for column in columns]))
    for column in columns:
        values[(_TOTAL, column)] = sum(values[(row, column)] for row in rows)
        groups.append(((_TOTAL, column), [(row, column) for row in rows]))
    values[(_TOTAL, _TOTAL)] = sum(values[(_TOTAL, column)] for column in columns)
    groups.append(((_TOTAL, _TOTAL), [(_TOTAL, column) for column in columns]))
    groups.append(((_TOTAL, _TOTAL), [(row, _TOTAL) for row in rows]))
    hidden = suppress_groups(values, groups, threshold, audit=True)
    marker = suppressed_label(threshold)

    def shown(key: tuple) -> object:
        return marker if key in hidden else values[key]

    result = df.copy().astype(object)
    for column in columns:
        result[column] = pd.Series(
            [shown((row, column)) for row in rows], index=df.index, dtype=object
        )
    if not margins:
        return result
    label = t("privacy.total", lang)
    result[label] = pd.Series([shown((row, _TOTAL)) for row in rows], index=df.index, dtype=object)
    margin = {column: "" for column in result.columns}
    margin.update({column: shown((_TOTAL, column)) for column in columns})
    margin[label] = shown((_TOTAL, _TOTAL))
    total_row = pd.DataFrame([margin], index=pd.Index([label], name=df.index.name), dtype=object)
    return pd.concat([result, total_row]).astype(object)


@dataclass(frozen=True)
class RegionCounts:
    """One protected national hierarchy of a count: the result of :func:`suppress_regions`.

    ``own`` is each region's own figure (a regency's count, or the figures a province's
    task force reported itself), ``totals`` each province's total (own plus its
    regencies), ``national`` the national total; None means hidden.
    """

    own: dict[str, int | None]
    totals: dict[str, int | None]
    national: int | None

    def by_province(self) -> dict[str, int | None]:
        """Province totals by province code (the national-by-province view)."""
        return dict(sorted(self.totals.items()))

    def regencies_of(self, province: str) -> dict[str, int | None]:
        """The regencies of ``province`` with their counts (the province view)."""
        return {
            code: count
            for code, count in sorted(self.own.items())
            if "." in code and code[:2] == province
        }

    def total(self, code: str | None) -> int | None:
        """National total (None code), a province's total or a regency's count."""
        if code is None:
            return self.national
        if "." in code:
            return self.own.get(code, 0)
        return self.totals.get(code, 0)


def suppress_regions(
    values: Mapping[str, int], threshold: int, *, provinces: Iterable[str] = ()
) -> RegionCounts:
    """Protect counts by region code over the whole national hierarchy at once.

    ``values`` maps region codes to counts: ``"32.01"`` for a regency or city, ``"32"``
    for the figures of the province's own task force.  Missing regions count as 0;
    ``provinces`` adds provinces without any figure so that they are listed.  Call it
    with national data (every region) and filter the result to the viewer's scope.
    """
    own: dict[tuple[str, str], int] = {("own", code): int(v) for code, v in values.items()}
    province_codes = sorted({code[:2] for code in values} | set(provinces))
    children: dict[str, list[tuple[str, str]]] = {code: [] for code in province_codes}
    for code in sorted(values):
        children[code[:2]].append(("own", code))
    table: dict[tuple[str, str], int] = dict(own)
    groups: list[tuple[tuple[str, str], list[tuple[str, str]]]] = []
    for province in province_codes:
        table[("total", province)] = sum(own[key] for key in children[province])
        groups.append((("total", province), children[province]))
    national_key = ("total", "")
    table[national_key] = sum(table[("total", p)] for p in province_codes)
    groups.append((national_key, [("total", p) for p in province_codes]))
    hidden = suppress_groups(table, groups, threshold)

    def shown(key: tuple[str, str]) -> int | None:
        return None if key in hidden else table[key]

    return RegionCounts(
        own={code: shown(("own", code)) for code in sorted(values)},
        totals={p: shown(("total", p)) for p in province_codes},
        national=shown(national_key),
    )


HIDDEN_SMALL = "small"
"""Why a release cell is hidden: its count is from 1 to the threshold (shown ``"<5"``)."""
HIDDEN_COMPLEMENT = "complement"
"""Why a release cell is hidden: to protect a small one (shown :data:`COMPLEMENT_MARK`)."""
HIDDEN_ZERO = "zero"
"""Why a release cell is hidden: a zero hidden to protect a small count (shown ``"<5"``,
which it is): without it, "<5" would say "at least 1" and some small counts could be
worked out from a small total."""
COMPLEMENT_MARK = "•"
"""The mark of a cell hidden only to protect others: it is never under the threshold."""


def hidden_mark(reason: str, threshold: int) -> str:
    """The honest mark of a hidden release cell: ``"•"`` for a complement (never under the
    threshold), ``"<5"`` otherwise (a small count, or a zero hidden to protect one)."""
    return COMPLEMENT_MARK if reason == HIDDEN_COMPLEMENT else suppressed_label(threshold)


def release_legend(threshold: int, lang: str = "id") -> tuple[str, str]:
    """The legend of the two marks, for the screen or page that shows release figures."""
    limit = suppressed_label(threshold)
    return (
        t("release.legend.small", lang, limit=limit, threshold=threshold),
        t("release.legend.complement", lang, mark=COMPLEMENT_MARK),
    )


def observer_bounds(reason: str | None, threshold: int) -> tuple[float, float]:
    """What an observer knows of a hidden cell from its honest mark.

    ``"<5"`` says 0 to ``threshold`` (a release may hide a zero, :data:`HIDDEN_ZERO`);
    ``"•"`` says more than ``threshold`` (complements are chosen among shown positive
    cells, which are never small); an unpublished figure (``None``) is only known to be
    at least 0.
    """
    if reason in (HIDDEN_SMALL, HIDDEN_ZERO):
        return 0.0, float(threshold)
    if reason == HIDDEN_COMPLEMENT:
        return float(threshold + 1), float("inf")
    return 0.0, float("inf")


def pinned_value(low: float, high: float) -> int | None:
    """The one whole number in ``[low, high]``, or None when it holds none or several."""
    import math

    if not (math.isfinite(high) and math.isfinite(low)):
        return None
    top, bottom = math.floor(high + 1e-6), math.ceil(low - 1e-6)
    return int(bottom) if top - bottom < 1 else None


def discloses(reason: str | None, low: float, high: float, threshold: int) -> bool:
    """Whether an observer's range ``[low, high]`` of a key gives away a protected count.

    A hidden cell must never be narrowed to one value; an unpublished figure (a residual
    such as a province's own reports) only when that value is a small count.
    """
    value = pinned_value(low, high)
    if value is None:
        return False
    return reason is not None or is_small(value, threshold)


def protect_jointly(
    values: Mapping[K, int],
    groups: Sequence[tuple[K, Sequence[K]]],
    threshold: int,
    *,
    unpublished: Iterable[K] = (),
    hidden: Mapping[K, str] | None = None,
    cost: ComplementCost | None = None,
    avoid: Callable[[Any], bool] | None = None,
) -> dict[K, str]:
    """The hidden keys of one release with their reason (:data:`HIDDEN_SMALL` or
    :data:`HIDDEN_COMPLEMENT`): the release's protection rule, decided once.

    Like :func:`suppress_groups`, over every group of every table at once, but checked as
    an observer who knows the honest marks reads the figures (:func:`observer_bounds`):
    the bounds of every unknown are tightened from group to group (each group's equation
    bounds each of its unknowns by the shown members and the bounds of the others) until
    nothing changes, which follows chains through any number of groups.  A hidden cell
    narrowed to one value, or an ``unpublished`` figure (always unknown, e.g. a province's
    own reports under its regencies) narrowed to one small value, gets a complement
    (:func:`choose_complement`: the cheapest by ``cost``, an ``avoid``-ed key last); this
    repeats until no key is narrowed (at most :data:`PROPAGATION_ROUNDS` times).
    ``hidden`` continues an earlier decision (the repair loop of the release audit adds
    keys to it); the exact check is the linear-programming audit
    (:mod:`pantau.releases.audit`).
    """
    residual = set(unpublished)
    reasons: dict[K, str] = dict(hidden or {})
    if threshold <= 0:
        return {}
    for key, count in values.items():
        if key not in residual and is_small(int(count), threshold) and key not in reasons:
            reasons[key] = HIDDEN_SMALL
    group_list = [(total, tuple(cells)) for total, cells in groups]
    member_of: dict[K, list[int]] = {}
    for index, (total, cells) in enumerate(group_list):
        for key in (total, *cells):
            member_of.setdefault(key, []).append(index)

    for _ in range(PROPAGATION_ROUNDS):
        narrowed = _propagate(values, group_list, member_of, reasons, residual, threshold)
        added = False
        for key in sorted(narrowed, key=_order):
            choice = choose_complement(
                key, values, group_list, member_of, reasons, residual, cost=cost, avoid=avoid
            )
            if choice is not None:
                reasons[choice[0]] = choice[1]
                added = True
        if not added:
            break
    return reasons


def _pinned_once_hidden(member, values, group_list, member_of, reasons, residual) -> bool:
    """Whether hiding ``member`` would give it away at once: it would be the only unknown
    of one of its groups, or it is a zero under a shown zero total (all its parts are 0).
    Such a complement needs another one itself; a zero one never helps."""
    for index in member_of.get(member, ()):
        total, parts = group_list[index]
        others = [m for m in (total, *parts) if m != member]
        if not any(m in reasons or m in residual for m in others):
            return True
        shown_total = total not in reasons and total not in residual
        if member != total and shown_total and int(values.get(total, 0)) == 0:
            return True
    return False


COMPLEMENT_HOPS = 3
"""How many groups away from a narrowed key a complement may be sought."""


ComplementCost = Callable[[Any, int], Any]
"""The price of hiding ``key`` (of ``value``) as a complement: ``cost(key, value)``; the
cheapest candidate is hidden."""


def smallest_value(key: Hashable, value: int) -> tuple:
    """The default :data:`ComplementCost`: the smallest figure (a zero, which loses no
    information but is marked "<5", only after every positive one)."""
    return (value == 0, value, _order(key))


def choose_complement(
    key: K,
    values: Mapping[K, int],
    group_list: Sequence[tuple[K, Sequence[K]]],
    member_of: Mapping[K, Sequence[int]],
    reasons: Mapping[K, str],
    residual: set[K],
    *,
    cost: ComplementCost | None = None,
    avoid: Callable[[Any], bool] | None = None,
    hops: int = COMPLEMENT_HOPS,
) -> tuple[K, str] | None:
    """The cell to hide next to a narrowed ``key`` and its reason, or None.

    The cheapest (``cost``) shown member of ``key``'s groups; when every one is hidden
    already or to be ``avoid``-ed, the cheapest one group further (hiding it widens a
    hidden neighbour, and so ``key``), up to ``hops`` groups away; an avoided key only
    when nothing else is within reach.  The one rule for every complement of a release
    (the group rules here and the repairs of the audit).
    """
    price = cost or smallest_value
    frontier, seen = {key}, {key}
    fallback: tuple[Any, K] | None = None
    for _ in range(hops):
        members = {
            member
            for item in frontier
            for index in member_of.get(item, ())
            for member in (group_list[index][0], *group_list[index][1])
        } - seen
        ranked = sorted(
            ((price(member, int(values[member])), _order(member)), member)
            for member in members
            if member not in reasons and member not in residual and member in values
        )
        best = None
        for rank, member in ranked:
            if avoid is not None and avoid(member):
                if fallback is None or rank < fallback[0]:
                    fallback = (rank, member)
                continue
            if not _pinned_once_hidden(member, values, group_list, member_of, reasons, residual):
                best = (rank, member)
                break
            if best is None and int(values[member]) > 0:  # a pinned zero never helps
                best = (rank, member)
        if best is not None:
            fallback = best
            break
        seen |= members
        frontier = members
    if fallback is None:
        return None
    member = fallback[1]
    return member, HIDDEN_COMPLEMENT if int(values[member]) > 0 else HIDDEN_ZERO


PROPAGATION_ROUNDS = 4
"""Rounds of tightening and repair before the exact audit takes over (time bound)."""


def _propagate(values, group_list, member_of, reasons, residual, threshold: int) -> list:
    """The unknowns an observer narrows by tightening bounds over the groups."""
    import math

    def is_unknown(key) -> bool:
        return key in reasons or key in residual

    bounds: dict = {}
    for key in (*reasons, *residual):
        bounds[key] = list(observer_bounds(reasons.get(key), threshold))
    queue = [i for i, (t, c) in enumerate(group_list) if any(map(is_unknown, (t, *c)))]
    queued = set(queue)
    budget = 3 * len(group_list) + 1000
    while queue and budget > 0:
        budget -= 1
        index = queue.pop()
        queued.discard(index)
        total, cells = group_list[index]
        constant = 0.0
        terms = []
        for key, sign in [(total, -1.0), *((cell, 1.0) for cell in cells)]:
            if is_unknown(key):
                terms.append((key, sign))
            else:
                constant -= sign * int(values.get(key, 0))
        if not terms:
            continue
        # sum(sign * x) == constant: the least and greatest of each term, infinities counted
        low_terms = [sign * bounds[k][0] if sign > 0 else -bounds[k][1] for k, sign in terms]
        high_terms = [sign * bounds[k][1] if sign > 0 else -bounds[k][0] for k, sign in terms]
        low_sum = sum(v for v in low_terms if math.isfinite(v))
        high_sum = sum(v for v in high_terms if math.isfinite(v))
        low_inf = sum(1 for v in low_terms if not math.isfinite(v))
        high_inf = sum(1 for v in high_terms if not math.isfinite(v))
        for j, (key, sign) in enumerate(terms):
            own_low, own_high = low_terms[j], high_terms[j]
            rest_low = (
                -math.inf
                if low_inf - (not math.isfinite(own_low)) > 0
                else low_sum - (own_low if math.isfinite(own_low) else 0.0)
            )
            rest_high = (
                math.inf
                if high_inf - (not math.isfinite(own_high)) > 0
                else high_sum - (own_high if math.isfinite(own_high) else 0.0)
            )
            a, b = constant - rest_high, constant - rest_low  # range of sign * x
            if sign < 0:
                a, b = -b, -a
            current = bounds[key]
            new_low = max(current[0], math.ceil(a - 1e-6)) if math.isfinite(a) else current[0]
            new_high = min(current[1], math.floor(b + 1e-6)) if math.isfinite(b) else current[1]
            if new_low > current[0] or new_high < current[1]:
                current[0], current[1] = new_low, new_high
                for other in member_of.get(key, ()):
                    if other != index and other not in queued:
                        queue.append(other)
                        queued.add(other)
    return [
        key
        for key, (low, high) in bounds.items()
        if discloses(reasons.get(key), low, high, threshold)
    ]
