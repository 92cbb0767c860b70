"""Exports: CSV/XLSX content, formula neutralisation, suppression, scope, routes."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from factories import store_report
from flask import Flask, g
from openpyxl import load_workbook
from sqlalchemy import Engine

from dashboard import exports
from dashboard.analysis.criteria import Criteria, from_query
from pantau.access import Scope
from pantau.reports.model import RegionalReport, TaskForceStatus, VictimCount
from pantau.settings import Settings

JAN = dt.date(2024, 1, 1)
YEAR = Criteria(start=JAN, end=dt.date(2024, 12, 1))
PAYLOAD = "=cmd|' /C calc'!A0"


def report(region: str, *victims: VictimCount, synthetic: bool = False, **stages: int):
    return RegionalReport(
        region_code=region,
        period=JAN,
        task_force=TaskForceStatus(established=True),
        victims=victims,
        enforcement=stages,
        synthetic=synthetic,
    )


@pytest.fixture
def data(engine: Engine) -> Engine:
    """NTT: 40 to Cambodia, 2 to Malaysia (small); NTB: 21 to Cambodia, 7 to the Philippines."""
    store_report(
        engine,
        report(
            "53.01",
            VictimCount("female", "adult", "online_scam", "KH", 40),
            VictimCount("female", "adult", "online_scam", "MY", 2),
            synthetic=True,
            police_reports=30,
            investigations=20,
            prosecutions=9,
        ),
    )
    store_report(
        engine,
        report(
            "52.01",
            VictimCount("female", "adult", "online_scam", "KH", 12),
            VictimCount("male", "adult", "gambling", "KH", 9),
            VictimCount("male", "adult", "gambling", "PH", 7),
            synthetic=True,
            police_reports=12,
            prosecutions=6,
        ),
    )
    return engine


def test_neutralise_formula_like_text():
    assert exports.neutralise(PAYLOAD) == "'" + PAYLOAD
    for text in ("+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert exports.neutralise(text) == "'" + text
    assert exports.neutralise("Kupang") == "Kupang"
    assert exports.neutralise(-5) == -5
    assert exports.cell("victims", None, 4, "id") == "<5"
    assert exports.cell("period", JAN, 4, "id") == "2024-01"
    assert exports.cell("sex", "female", 4, "en") == "Female"


def payload_table() -> exports.ExportTable:
    return exports.ExportTable(
        "test",
        ("region", "victims", "restitution_requested_idr"),
        [
            {"region": PAYLOAD, "victims": 12, "restitution_requested_idr": -3},
            {"region": "Kota Kupang", "victims": None, "restitution_requested_idr": 0},
        ],
        ("@note",),
    )


def test_csv_is_inert_and_keeps_numbers():
    text = exports.to_csv(payload_table(), 4, "en").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Region", "Victims", "Restitution requested (IDR)"]
    assert rows[1] == ["'" + PAYLOAD, "12", "-3"]
    assert rows[2] == ["Kota Kupang", "<5", "0"]
    assert rows[3] == ["# @note"]


def test_xlsx_is_inert_and_keeps_numbers():
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(payload_table(), 4, "id")))
    sheet = workbook["test"]
    assert sheet["A1"].value == "Wilayah"
    assert sheet["A2"].value == "'" + PAYLOAD
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 12 and sheet["B2"].data_type == "n"
    assert sheet["C2"].value == -3
    assert sheet["B3"].value == "<5"
    assert workbook["info"]["A1"].value == "'@note"


def test_overseas_export_suppresses_small_counts(data: Engine):
    table = exports.overseas_table(data, YEAR, Scope.national(), 4)
    values = {
        (row["region_code"], row["country"], row["sex"]): row["victims"] for row in table.rows
    }
    # Malaysia 2 is hidden, and so is a second cell of its groups (not recoverable).
    assert values[("53.01", "MY", "female")] is None
    hidden = [key for key, value in values.items() if value is None]
    assert len(hidden) >= 2
    assert all(value is None or value >= 5 for value in values.values())
    assert table.notes[0] == "DATA SINTETIS - bukan data sebenarnya"
    text = exports.to_csv(table, 4).decode("utf-8-sig")
    assert "<5" in text and ",2\r\n" not in text


def test_export_is_scoped(data: Engine):
    table = exports.overseas_table(data, YEAR, Scope.for_user("provinsi", "52"), 4)
    assert {row["province_code"] for row in table.rows} == {"52"}
    table = exports.enforcement_table(data, YEAR, Scope.for_user("provinsi", "52"), 4)
    assert [(row["region_code"], row["police_reports"]) for row in table.rows] == [("52.01", 12)]


def test_enforcement_export(data: Engine):
    table = exports.enforcement_table(data, YEAR, Scope.national(), 4)
    kupang = next(row for row in table.rows if row["region_code"] == "53.01")
    assert (kupang["police_reports"], kupang["prosecutions"]) == (30, 9)


def test_compliance_export(data: Engine, settings: Settings):
    criteria = Criteria(start=JAN, end=JAN, province="53")
    table = exports.compliance_table(
        data, criteria, Scope.national(), settings, lang="en", today=dt.date(2024, 6, 1)
    )
    states = {row["region_code"]: row["state"] for row in table.rows}
    assert states["53.01"] in ("On time", "Late")
    assert states["53.02"] == "Missing"
    assert all(code.startswith("53") for code in states)


def test_from_query_reads_page_parameters():
    criteria = from_query(
        {"period_from": "2024-02", "period_to": "2024-05", "regency": "53.01", "country": "kh"},
        None,
    )
    assert (criteria.start, criteria.end) == (dt.date(2024, 2, 1), dt.date(2024, 5, 1))
    assert (criteria.province, criteria.regency, criteria.country) == ("53", "53.01", "KH")
    default = from_query({"sex": "x' OR 1=1", "period_to": "2024-13"}, dt.date(2024, 6, 1))
    assert (default.start, default.end, default.sex) == (
        dt.date(2023, 7, 1),
        dt.date(2024, 6, 1),
        None,
    )


@pytest.fixture
def client(data: Engine, settings: Settings):
    app = Flask(__name__)
    app.config["PANTAU_SETTINGS"] = settings
    exports.register_export_routes(app)

    @app.before_request
    def scope_from_header():
        from flask import request

        province = request.headers.get("X-Test-Province")
        national = Scope.national()
        g.pantau_scope = Scope.for_user("provinsi", province) if province else national

    return app.test_client()


def test_routes_serve_files(client):
    query = "period_from=2024-01&period_to=2024-12"
    response = client.get(f"/export/overseas.csv?{query}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        "pantau-tppo_overseas_regional_2024-01_2024-12.csv"
        in response.headers["Content-Disposition"]
    )
    assert "Kabupaten Kupang" in response.data.decode("utf-8-sig")
    response = client.get(f"/export/enforcement.xlsx?{query}", headers={"X-Test-Province": "52"})
    sheet = load_workbook(io.BytesIO(response.data))["enforcement"]
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["52.01"]
    # the briefing comes from a data release only (tests/test_briefing.py): none yet
    assert client.get(f"/export/briefing.pdf?{query}&lang=en").status_code == 409
    assert client.get("/export/secrets.csv").status_code == 404


def test_period_is_clamped_to_the_datas_range(data: Engine, settings: Settings):
    """2000-2100 exports the months that exist (it was 669k rows, 57.6 MB), never more."""
    from pantau.reporting_calendar import month_start, today_wib

    now = month_start(today_wib())  # the current month, still open, is the last one
    national = Scope.national()
    wide = exports.export_criteria(
        data, {"period_from": "2000-01", "period_to": "2100-12"}, settings, national
    )
    assert (wide.start, wide.end) == (JAN, now)
    before = exports.export_criteria(
        data, {"period_from": "1990-01", "period_to": "1990-12"}, settings, national
    )
    assert (before.start, before.end) == (JAN, JAN)
    inside = {"period_from": "2024-01", "period_to": "2024-03", "province": "53"}
    assert exports.export_criteria(data, inside, settings, national) == from_query(inside, None)
    table, criteria, _ = exports.build_table(
        "compliance",
        data,
        {"period_from": "2000-01", "period_to": "2100-12"},
        Scope.national(),
        settings,
    )
    assert criteria == wide
    assert {row["period"] for row in table.rows} <= {
        dt.date(year, month, 1) for year in range(2024, now.year + 1) for month in range(1, 13)
    }


def test_exports_are_streamed_and_named_by_the_clamped_period(client):
    response = client.get("/export/compliance.csv?period_from=2000-01&period_to=2100-12")
    assert response.status_code == 200 and response.is_streamed
    disposition = response.headers["Content-Disposition"]
    assert "_2024-01_" in disposition and "2000-01" not in disposition
    body = response.get_data()
    assert body.startswith("\ufeff".encode()) and body.count(b"\r\n") < 20_000
    response = client.get("/export/enforcement.xlsx?period_from=2000-01&period_to=2100-12")
    assert response.is_streamed
    sheet = load_workbook(io.BytesIO(response.get_data()))["enforcement"]
    assert sheet["A1"].value == "Periode" and sheet.max_row == 3


def test_a_large_table_streams_in_chunks():
    rows = [{"region": f"=r{n}", "victims": n} for n in range(2_000)]
    table = exports.ExportTable("big", ("region", "victims"), rows)
    chunks = list(exports.csv_chunks(table, 4, "en"))
    assert len(chunks) >= 2_000 // exports.CHUNK_ROWS
    text = b"".join(chunks).decode("utf-8-sig")
    assert text.count("\r\n") == 2_001 and "'=r1999,1999" in text
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(table, 4, "en")))
    assert workbook["big"].max_row == 2_001 and workbook["big"]["A2"].value == "'=r0"
