"""The upload use case in the core: checks, safe names, run log, ingest and audit."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from factories import simple_report
from sqlalchemy import Engine, select

from pantau import audit
from pantau.access import Scope
from pantau.models import IngestionRun
from pantau.uploads import (
    MAX_NAME_BYTES,
    MAX_NAME_CHARS,
    decode_data_url,
    safe_file_name,
    upload_report,
)


def report_file(region: str = "53.01") -> bytes:
    from pantau.reports.content import report_content
    from pantau.reports.json_format import write

    return write(report_content(simple_report(region, dt.date(2024, 3, 1), victims=3)))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("kupang_2024-03.json", "kupang_2024-03.json"),
        ("../../etc/passwd.csv", "passwd.csv"),
        ("C:\\Users\\x\\laporan.xlsx", "laporan.xlsx"),
        ("a\u0000b\u200bc\n.csv", "abc.csv"),
        ("", ""),
    ],
)
def test_file_names_are_made_safe(given: str, expected: str) -> None:
    assert safe_file_name(given) == expected


def test_long_names_are_shortened_keeping_the_extension() -> None:
    for name in ("a" * 300 + ".json", "é" * 300 + ".csv", "数" * 250 + ".xlsx"):
        safe = safe_file_name(name)
        assert len(safe) <= MAX_NAME_CHARS and len(safe.encode()) <= MAX_NAME_BYTES
        assert safe.endswith(name.rsplit(".", 1)[1]) and len(safe) > 40


def test_a_300_character_name_is_ingested(engine: Engine, settings) -> None:
    name = "laporan_" + "x" * 292 + ".json"
    result = upload_report(engine, settings, Scope.national(), report_file(), name)
    assert result.status == "accepted", result
    assert len(result.file_name) <= MAX_NAME_CHARS
    (entry,) = audit.entries(engine, action=audit.UPLOAD)
    assert entry.outcome == "accepted" and entry.detail["file"] == result.file_name
    with engine.connect() as connection:
        runs = connection.execute(select(IngestionRun.source, IngestionRun.accepted)).all()
    assert runs == [("upload", 1)]


@pytest.mark.parametrize(
    ("scope", "name", "data", "kind", "key"),
    [
        (Scope.for_user("rapat", None), "r.json", b"{}", "regional", "compliance.upload_forbidden"),
        (
            Scope.for_user("provinsi", "53"),
            "r.json",
            b"{}",
            "overseas",
            "compliance.upload_forbidden",
        ),
        (Scope.national(), "report.exe", b"x", "regional", "upload.bad_type"),
        (Scope.national(), "r.json", None, "regional", "upload.unreadable"),
        (Scope.national(), "big.csv", "big", "regional", "upload.too_large"),
        (Scope.for_user("provinsi", "52"), "r.json", "report", "regional", "upload.out_of_scope"),
    ],
)
def test_refused_uploads_store_nothing_and_are_audited(
    engine: Engine, settings, scope, name, data, kind, key
) -> None:
    if data == "big":
        data = b"x" * (settings.max_report_bytes + 1)
    elif data == "report":
        data = report_file("53.01")
    result = upload_report(
        engine, settings, scope, data, name, kind, username="tester", address="10.0.0.9"
    )
    assert result.refused and result.message_key == key
    (entry,) = audit.entries(engine, action=audit.UPLOAD)
    assert entry.outcome == "refused" and entry.username == "tester"
    assert entry.address == "10.0.0.9" and entry.detail["reason"] == key.rsplit(".", 1)[-1]
    assert entry.detail["file"] == name
    with engine.connect() as connection:
        assert connection.execute(select(IngestionRun.id)).all() == []


def test_data_urls_are_decoded() -> None:
    assert decode_data_url("data:text/csv;base64," + base64.b64encode(b"a,b").decode()) == b"a,b"
    assert decode_data_url("data:text/csv;base64,@@@") is None
    assert decode_data_url(None) is None


def test_the_million_line_upload_is_held_small_and_kept_off_kepatuhan(
    engine: Engine, settings
) -> None:
    """9.5 MiB, 10^6 lines, no readable region or period: it stored 49,997 problems (25 MB)
    and was filed as national on every /kepatuhan view (35 MB, 116 s in Chromium)."""
    import json
    import time

    from dashboard_support import page_module

    from pantau.models import Report

    data = b"x;y;;;;;z\n" * 1_000_000
    assert 9 * 1024 * 1024 < len(data) <= settings.max_report_bytes
    started = time.monotonic()
    result = upload_report(engine, settings, Scope.national(), data, "sejuta.csv")
    assert time.monotonic() - started < 15
    assert result.outcome is not None and result.outcome.rejected
    with engine.connect() as connection:
        report = connection.execute(select(Report).where(Report.file_name == "sejuta.csv")).one()
    assert report.status == "held" and report.region_code is None and report.period is None
    assert len(report.rejection_reasons) < 10_000
    assert "50,000" in json.loads(report.rejection_reasons)[0]["message_en"]
    for page in page_module(settings, "kepatuhan"):
        tree = str(page.layout(lang="en"))
        assert "sejuta.csv" not in tree and len(tree) < 500_000
