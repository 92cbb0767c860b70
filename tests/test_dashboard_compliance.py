"""Compliance queries: rejected reports with their reasons, run history and freshness."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from dashboard_support import find, page_module, texts
from factories import simple_report, store_report
from sqlalchemy import Engine

from dashboard.data import reporting
from dashboard.selection import Selection
from pantau.access import Scope
from pantau.db import session_scope
from pantau.models import Report
from pantau.reports.runs import finish_run, start_run

JAN = dt.date(2024, 1, 1)
YEAR = Selection(start=JAN, end=dt.date(2024, 12, 1))
REASONS = [
    {
        "code": "unknown_region",
        "file": "laporan.xlsx",
        "sheet": "Korban",
        "row": 7,
        "column": "C",
        "message_id": "Kode wilayah 99.99 tidak dikenal.",
        "message_en": "Region code 99.99 is unknown.",
    }
]


def store_rejected(
    engine: Engine, region: str | None, name: str, reasons: object, period=JAN
) -> int:
    with session_scope(engine) as session:
        report = Report(
            source="inbox",
            region_code=region,
            period=period,
            file_name=name,
            content_hash=name.ljust(64, "0")[:64],
            status="rejected",
            rejection_reasons=json.dumps(reasons),
            received_at=dt.datetime(2024, 2, 3, 8, tzinfo=dt.UTC),
        )
        session.add(report)
        session.flush()
        return report.id


@pytest.fixture
def data(engine: Engine) -> Engine:
    store_rejected(engine, "52.01", "lombok.xlsx", REASONS)
    store_rejected(engine, None, "unknown.xlsx", REASONS)
    store_rejected(engine, "53.01", "old.csv", ["Baris 3: nilai bukan angka."])
    store_report(engine, simple_report("52.01", JAN), source="inbox")
    run = start_run(engine, "inbox", "regional", "schedule")
    finish_run(engine, run, files_seen=4, accepted=1, rejected=3)
    return engine


def test_rejected_reports_with_reasons_in_both_languages(data: Engine):
    rows = reporting.rejected_reports(data, YEAR, Scope.national())
    assert {row.file_name for row in rows} == {"lombok.xlsx", "unknown.xlsx", "old.csv"}
    lombok = next(row for row in rows if row.file_name == "lombok.xlsx")
    assert lombok.region_name == "Kabupaten Lombok Barat"
    (reason,) = lombok.reasons
    assert reason.message("id") == "Kode wilayah 99.99 tidak dikenal."
    assert reason.message("en") == "Region code 99.99 is unknown."
    assert reason.location == "laporan.xlsx / Korban / baris/row 7 / C"
    (plain,) = next(row for row in rows if row.file_name == "old.csv").reasons
    assert plain.message("en") == plain.message("id") == "Baris 3: nilai bukan angka."


def test_rejected_reports_are_scoped(data: Engine):
    ntb = Scope.for_user("provinsi", "52")
    assert [row.file_name for row in reporting.rejected_reports(data, YEAR, ntb)] == ["lombok.xlsx"]
    ntt = Selection(start=JAN, end=JAN, province="53")
    assert [row.file_name for row in reporting.rejected_reports(data, ntt, Scope.national())] == [
        "old.csv"
    ]


def test_parse_reasons_handles_bad_json():
    (reason,) = reporting.parse_reasons("not json <b>")
    assert reason.message("id") == "not json <b>"
    assert reporting.parse_reasons(None) == ()


def test_freshness_per_source(data: Engine):
    (inbox,) = reporting.source_freshness(data, Scope.national())
    assert inbox.source == "inbox"
    assert inbox.last_run_status == "ok"
    assert inbox.accepted_reports == 1
    assert inbox.latest_period == JAN
    regional = reporting.source_freshness(data, Scope.for_user("provinsi", "53"))
    assert regional == []
    (own,) = reporting.source_freshness(data, Scope.for_user("provinsi", "52"))
    assert own.last_run_at is None and own.accepted_reports == 1


# --- the page and the upload -------------------------------------------------------------


@pytest.fixture
def page(data: Engine, settings):
    yield from page_module(settings, "kepatuhan")


def test_page_lists_rejections_runs_and_states(page):
    tree = page.layout(period_from="2024-01", period_to="2024-01", province="52", lang="en")
    assert find(tree, "compliance-count-on_time-value").children == "1"
    rejected = texts(find(tree, "compliance-rejected-table"))
    assert "lombok.xlsx" in rejected and "Region code 99.99 is unknown." in rejected
    assert "unknown.xlsx" not in rejected  # filtered to province 52
    assert "inbox" in texts(find(tree, "compliance-runs-table"))
    assert find(tree, "compliance-upload") is not None


def report_file(region: str = "53.01", victims: int = 3) -> bytes:
    from pantau.reports.content import report_content
    from pantau.reports.json_format import write

    return write(report_content(simple_report(region, dt.date(2024, 3, 1), victims=victims)))


def upload(page, engine, settings, data: bytes, name: str, scope=None, kind="regional"):
    import base64

    contents = "data:application/json;base64," + base64.b64encode(data).decode()
    return page.upload_report(
        engine, settings, scope or Scope.national(), contents, name, kind, "en", "tester"
    )


def fact_count(engine: Engine) -> int:
    from sqlalchemy import func, select

    from pantau.models import Fact

    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Fact))


def test_valid_upload_is_ingested_and_shown(page, data: Engine, settings):
    before = fact_count(data)
    shown = upload(page, data, settings, report_file(), "kupang_2024-03.json")
    assert "accepted" in texts(shown[0])[0]
    assert fact_count(data) > before
    runs = reporting.source_freshness(data, Scope.national())
    assert "upload" in {row.source for row in runs}


def test_invalid_upload_shows_errors_inline_and_changes_no_fact(page, data: Engine, settings):
    import json

    document = json.loads(report_file())
    document["korban"][0]["jumlah"] = "<script>alert(1)</script>"
    before = fact_count(data)
    shown = upload(page, data, settings, json.dumps(document).encode(), "bad.json")
    assert "rejected" in texts(shown[0])[0]
    problems = find(shown[1], "compliance-upload-problems")
    cells = texts(problems)
    assert "bad.json" in cells
    assert fact_count(data) == before


def test_upload_limits(page, data: Engine, settings):
    (alert,) = upload(page, data, settings, b"x", "report.exe")
    assert "only .csv, .xlsx or .json" in texts(alert)[0]
    (alert,) = upload(page, data, settings, b"x", "r.json", scope=Scope.for_user("rapat", None))
    assert "may not upload" in texts(alert)[0]
    (alert,) = upload(
        page, data, settings, report_file(), "r.json", scope=Scope.for_user("provinsi", "52")
    )
    assert "outside your regions" in texts(alert)[0]
    big = b"x" * (settings.max_report_bytes + 1)
    (alert,) = upload(page, data, settings, big, "big.csv")
    assert "too large" in texts(alert)[0]
