"""Small-cell suppression: no small count shown, none recoverable by differencing.

The attacker is a linear programme (scipy): every published total is an equation over the
published cells, every hidden cell an unknown of at least 1 (zero is never hidden).  A
hidden cell is disclosed when its minimum and maximum admit a single whole number.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from pantau.access import Scope
from pantau.privacy import (
    display_count,
    suppress_groups,
    suppress_regions,
    suppress_series,
    suppress_table,
    suppressed_label,
    suppression_active,
    suppression_notice,
)

THRESHOLD = 4

Equation = tuple[Hashable, Sequence[Hashable]]


def disclosed(published: Mapping[Hashable, int | None], equations: Sequence[Equation]) -> dict:
    """Hidden keys (None in ``published``) whose value the equations pin to one number."""
    hidden = sorted((key for key, value in published.items() if value is None), key=repr)
    if not hidden:
        return {}
    index = {key: i for i, key in enumerate(hidden)}
    rows, rhs = [], []
    for total, cells in equations:
        row = [0.0] * len(hidden)
        constant = 0.0
        for key, sign in [(total, -1.0), *((cell, 1.0) for cell in cells)]:
            if published[key] is None:
                row[index[key]] += sign
            else:
                constant += sign * published[key]
        if any(row):
            rows.append(row)
            rhs.append(-constant)
    found = {}
    for key, i in index.items():
        objective = [0.0] * len(hidden)
        bounds = []
        for sign in (1.0, -1.0):
            objective[i] = sign
            result = linprog(
                objective,
                A_eq=rows or None,
                b_eq=rhs or None,
                bounds=[(1, None)] * len(hidden),
                method="highs",
            )
            bounds.append(sign * result.fun if result.status == 0 else math.inf * sign)
        low, high = bounds
        if math.isfinite(high) and math.floor(high + 1e-6) - math.ceil(low - 1e-6) < 1:
            found[key] = (low, high)
    return found


def assert_protected(published: Mapping[Hashable, int | None], equations: Sequence[Equation]):
    shown = [v for v in published.values() if v is not None]
    assert not [v for v in shown if 1 <= v <= THRESHOLD], "a small count is shown"
    assert disclosed(published, equations) == {}


def test_series_hides_small_counts_and_a_complement() -> None:
    values = {"32.01": 3, "32.02": 12, "32.03": 0, "32.04": 40, "32.05": 9}
    result = suppress_series(values, THRESHOLD, total_key="total")
    assert result == {
        "32.01": None,
        "32.02": 12,
        "32.03": 0,
        "32.04": 40,
        "32.05": None,
        "total": 64,
    }
    assert_protected(result, [("total", list(values))])


def test_two_hidden_ones_are_not_enough_under_a_shown_total() -> None:
    values = {"a": 1, "b": 1, "c": 20, "d": 30}
    result = suppress_series(values, THRESHOLD, total_key="t")
    assert result["c"] is None and result["d"] == 30 and result["t"] == 52
    assert_protected(result, [("t", list(values))])


def test_a_small_total_is_hidden_with_its_cells() -> None:
    result = suppress_series({"a": 2, "b": 0, "c": 1}, THRESHOLD, total_key="t")
    assert result == {"a": None, "b": 0, "c": None, "t": None}


def test_zero_and_large_counts_stay_and_threshold_zero_hides_nothing() -> None:
    assert suppress_series({"a": 0, "b": 5, "c": 6}, THRESHOLD) == {"a": 0, "b": 5, "c": 6}
    assert suppress_series({"a": 1, "b": 2}, 0) == {"a": 1, "b": 2}


def test_the_naive_attack_works_on_unprotected_output() -> None:
    """The attacker finds a cell hidden without a complement (the check can fail)."""
    published = {"a": None, "b": 12, "c": 40, "t": 55}
    assert "a" in disclosed(published, [("t", ["a", "b", "c"])])


def test_groups_refuse_negative_counts() -> None:
    with pytest.raises(ValueError):
        suppress_groups({"a": -1, "t": -1}, [("t", ["a"])], THRESHOLD)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text("abcdefgh", min_size=1, max_size=2), st.integers(0, 30)))
def test_property_series_is_protected(values: dict[str, int]) -> None:
    result = suppress_series(values, THRESHOLD, total_key="__total__")
    assert result["__total__"] in (None, sum(values.values()))
    assert all(result[k] in (None, v) for k, v in values.items())
    assert all(result[k] == 0 for k, v in values.items() if v == 0)
    assert_protected(result, [("__total__", list(values))])


def table_equations(n_rows: int, columns: Sequence[str], total: str) -> list[Equation]:
    equations: list[Equation] = []
    for row in range(n_rows):
        equations.append(((row, total), [(row, c) for c in columns]))
    for column in [*columns, total]:
        equations.append(((total, column), [(row, column) for row in range(n_rows)]))
    equations.append(((total, total), [(total, c) for c in columns]))
    return equations


def published_table(frame: pd.DataFrame, columns: Sequence[str]) -> dict:
    marker = suppressed_label(THRESHOLD)
    return {
        (row if row < len(frame) - 1 else "Jumlah", column): (
            None if frame.iat[row, frame.columns.get_loc(column)] == marker else int(value)
        )
        for row in range(len(frame))
        for column in columns
        for value in [frame.iat[row, frame.columns.get_loc(column)]]
    }


def test_table_with_margins_is_protected() -> None:
    frame = pd.DataFrame(
        {
            "region": ["32.01", "32.02", "32.03", "32.04"],
            "laki": [1, 14, 0, 22],
            "perempuan": [9, 3, 0, 30],
            "anak": [11, 7, 2, 0],
        }
    ).set_index("region")
    result = suppress_table(frame, ["laki", "perempuan", "anak"], THRESHOLD)
    assert list(result.columns) == ["laki", "perempuan", "anak", "Jumlah"]
    assert result.index[-1] == "Jumlah"
    assert all(str(dtype) == "object" for dtype in result.dtypes)
    columns = ["laki", "perempuan", "anak", "Jumlah"]
    published = published_table(result, columns)
    assert published[(0, "laki")] is None and published[(1, "perempuan")] is None
    assert_protected(published, table_equations(4, ["laki", "perempuan", "anak"], "Jumlah"))


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.lists(st.lists(st.integers(0, 25), min_size=3, max_size=3), min_size=n)
    )
)
# A leak through a chain of groups (column total, row total, grand total) found by Hypothesis.
@example([[0, 0, 1], [0, 1, 4], [1, 4, 0]])
def test_property_tables_with_margins_are_protected(rows: list[list[int]]) -> None:
    columns = ["x", "y", "z"]
    frame = pd.DataFrame(rows, columns=columns)
    result = suppress_table(frame, columns, THRESHOLD)
    published = published_table(result, [*columns, "Jumlah"])
    assert_protected(published, table_equations(len(rows), columns, "Jumlah"))


def test_table_without_margins_hides_the_same_cells() -> None:
    frame = pd.DataFrame({"a": [1, 8, 9], "b": [10, 11, 12]})
    with_margins = suppress_table(frame, ["a", "b"], THRESHOLD)
    without = suppress_table(frame, ["a", "b"], THRESHOLD, margins=False)
    assert list(without.columns) == ["a", "b"] and len(without) == 3
    assert without.equals(with_margins.iloc[:3][["a", "b"]])


NATIONAL = {
    "32": 0,
    "32.01": 3,
    "32.02": 0,
    "33": 2,
    "33.01": 25,
    "33.02": 1,
    "33.03": 9,
    "33.04": 14,
    "34.01": 40,
    "34.02": 6,
    "35.01": 1,
    "35.02": 0,
}


def overlapping_exports(counts) -> tuple[dict, list[Equation]]:
    """National-by-province and province 33 by regency, merged as an attacker would."""
    published: dict = {("nat",): counts.national}
    published.update({("prov", p): v for p, v in counts.by_province().items()})
    equations: list[Equation] = [(("nat",), [("prov", p) for p in counts.by_province()])]
    regencies = counts.regencies_of("33")
    cells = [("cell", "33")] + [("cell", code) for code in regencies]
    published[("cell", "33")] = counts.own["33"]
    published.update({("cell", code): v for code, v in regencies.items()})
    equations.append((("prov", "33"), cells))
    return published, equations


def test_overlapping_exports_cannot_be_differenced() -> None:
    counts = suppress_regions(NATIONAL, THRESHOLD)
    assert counts.by_province()["32"] is None  # 3 in total: small
    assert counts.regencies_of("33")["33.02"] is None
    published, equations = overlapping_exports(counts)
    assert_protected(published, equations)


def test_exports_suppressed_independently_can_be_differenced() -> None:
    """The same two exports with per-export suppression leak province 32 (control)."""
    provinces = {"32": 3, "33": 51, "34": 60, "35": 0}
    by_province = suppress_series(provinces, THRESHOLD)
    by_province_33 = suppress_series(
        {code: NATIONAL[code] for code in ("33", "33.01", "33.02", "33.03", "33.04")},
        THRESHOLD,
        total_key="total",
    )
    published = {("nat",): sum(provinces.values())}
    published.update({("prov", p): v for p, v in by_province.items()})
    published[("prov", "33")] = by_province_33["total"]
    assert by_province["33"] is None and by_province_33["total"] == 51
    equations = [(("nat",), [("prov", p) for p in provinces])]
    assert ("prov", "32") in disclosed(published, equations)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["33", "33.01", "33.02", "33.03", "32", "32.01", "34.01", "34.02"]),
        st.integers(0, 12),
        min_size=1,
    )
)
def test_property_overlapping_exports_are_protected(values: dict[str, int]) -> None:
    counts = suppress_regions({**values, "33": values.get("33", 0)}, THRESHOLD)
    published, equations = overlapping_exports(counts)
    assert_protected(published, equations)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["11", "11.01", "11.02", "12.01", "12.02", "12.03", "13", "13.71"]),
        st.sampled_from([0, 1, 1, 2, 3, 4, 5, 6, 8, 12]),
        min_size=1,
    )
)
def test_property_every_export_at_once_is_protected(values: dict[str, int]) -> None:
    """The union of all region exports (the whole hierarchy) pins no hidden cell."""
    counts = suppress_regions(values, THRESHOLD)
    published: dict = {("nat",): counts.national}
    equations: list[Equation] = [(("nat",), [("prov", p) for p in counts.totals])]
    for province, total in counts.totals.items():
        published[("prov", province)] = total
        cells = {code: v for code, v in counts.own.items() if code[:2] == province}
        published.update({("cell", code): v for code, v in cells.items()})
        equations.append((("prov", province), [("cell", code) for code in cells]))
    assert_protected(published, equations)


def test_region_counts_lookup() -> None:
    counts = suppress_regions(NATIONAL, THRESHOLD, provinces=["36"])
    assert counts.total(None) == sum(NATIONAL.values())
    assert counts.total("33") == 51
    assert counts.total("34") is None  # the complement of province 35 (1)
    assert counts.total("33.01") == 25
    assert counts.total("36") == 0


def test_display_and_notice() -> None:
    assert display_count(None, THRESHOLD, "id") == "<5"
    assert display_count(1262, THRESHOLD, "id") == "1.262"
    assert display_count(1262, THRESHOLD, "en") == "1,262"
    assert "<5" in suppression_notice(THRESHOLD, "en")
    assert "1 sampai 4" in suppression_notice(THRESHOLD, "id")


def test_analysts_see_exact_figures_and_only_the_audience_role_is_suppressed() -> None:
    national = Scope.national()
    assert not suppression_active(national)
    assert suppression_active(national, meeting=True)
    for role, region in (
        ("admin", None),
        ("nasional", None),
        ("provinsi", "33"),
        ("kabupaten", "33.01"),
    ):
        assert not suppression_active(Scope.for_user(role, region)), role
    assert suppression_active(Scope.for_user("rapat", None))
