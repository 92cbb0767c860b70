"""Random corruption of valid files never makes the parsers raise."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures.reports.samples import REPORT, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pantau.reports.model import OverseasMonth
from pantau.reports.national import OverseasOutcome, parse_overseas_table
from pantau.reports.parse import ParseOutcome, parse_report
from pantau.reports.writing import write_overseas_table, write_report

FILES = {fmt: write_report(REPORT, fmt) for fmt in ("csv", "xlsx", "json")}
TABLES = {
    fmt: write_overseas_table([OverseasMonth(dt.date(2024, 5, 1), {"KH": 3, "MM": 2})], fmt)
    for fmt in ("csv", "xlsx")
}


@st.composite
def corrupted(draw, original: bytes) -> bytes:
    """``original`` with a few byte flips, insertions, deletions or a truncation."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(("flip", "insert", "delete", "truncate")))
        if not data:
            break
        position = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[position] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[position : position + draw(st.integers(1, 64))]
        else:
            del data[position:]
    return bytes(data)


SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("fmt", sorted(FILES))
@SETTINGS
@given(data=st.data())
def test_corrupted_reports_never_raise(fmt, data):
    damaged = data.draw(corrupted(FILES[fmt]))
    outcome = parse_report(damaged, f"laporan.{fmt}", today=TODAY)
    assert isinstance(outcome, ParseOutcome)
    assert outcome.report is None or outcome.ok
    for problem in outcome.problems:
        assert problem.message("id") and problem.message("en")


@pytest.mark.parametrize("fmt", sorted(TABLES))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_corrupted_tables_never_raise(fmt, data):
    damaged = data.draw(corrupted(TABLES[fmt]))
    outcome = parse_overseas_table(damaged, f"kemenlu.{fmt}", today=TODAY)
    assert isinstance(outcome, OverseasOutcome)
    for problem in outcome.problems:
        assert problem.message("id") and problem.message("en")


@SETTINGS
@given(data=st.binary(max_size=2048), name=st.sampled_from(["a.csv", "a.xlsx", "a.json", "a"]))
def test_random_bytes_never_raise(data, name):
    outcome = parse_report(data, name, today=TODAY)
    assert outcome.report is None
    assert outcome.problems


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@SETTINGS
@given(data=st.data())
def test_json_with_values_of_any_shape_never_raises(data):
    import json

    document = json.loads(FILES["json"])
    section = data.draw(st.sampled_from(sorted(document)))
    if isinstance(document[section], dict) and document[section] and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(document[section])))
        document[section][key] = data.draw(json_values)
    elif isinstance(document[section], list) and document[section]:
        document[section][0][data.draw(st.sampled_from(sorted(document[section][0])))] = data.draw(
            json_values
        )
    else:
        document[section] = data.draw(json_values)
    outcome = parse_report(json.dumps(document).encode(), "laporan.json", today=TODAY)
    assert outcome.report is None or outcome.ok
    for problem in outcome.problems:
        assert problem.message("id") and problem.message("en")
