"""Exports: CSV/XLSX content, formula neutralisation, exact figures in scope, TERBATAS,
routes, and the publication export of a release."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from factories import store_report
from flask import Flask, g
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlalchemy import text as sql

from dashboard import exports
from dashboard.selection import Selection, from_query
from pantau import audit
from pantau.access import Scope
from pantau.reports.model import RegionalReport, TaskForceStatus, VictimCount
from pantau.settings import Settings

JAN = dt.date(2024, 1, 1)
YEAR = Selection(start=JAN, end=dt.date(2024, 12, 1))
PAYLOAD = "=cmd|' /C calc'!A0"
RESTRICTED = "TERBATAS — untuk penggunaan internal"


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
    assert exports.cell("received_at", None, "id") == ""
    assert exports.cell("victims", 2, "id") == 2
    assert exports.cell("period", JAN, "id") == "2024-01"
    assert exports.cell("sex", "female", "en") == "Female"


def payload_table() -> exports.ExportTable:
    return exports.ExportTable(
        "test",
        ("region", "victims", "restitution_requested_idr"),
        [
            {"region": PAYLOAD, "victims": 12, "restitution_requested_idr": -3},
            {"region": "Kota Kupang", "victims": 2, "restitution_requested_idr": 0},
        ],
        ("@note",),
    )


def test_csv_is_inert_keeps_numbers_and_holds_data_rows_only():
    text = exports.to_csv(payload_table(), "en").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["Region", "Victims", "Restitution requested (IDR)"],
        ["'" + PAYLOAD, "12", "-3"],
        ["Kota Kupang", "2", "0"],
    ]  # the note goes into the XLSX, never into the CSV


def test_xlsx_is_inert_keeps_numbers_and_is_marked_restricted():
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(payload_table(), "id")))
    sheet = workbook["test"]
    assert sheet["A1"].value == RESTRICTED
    assert sheet["A2"].value == "Wilayah"
    assert sheet["A3"].value == "'" + PAYLOAD
    assert sheet["A3"].data_type == "s"
    assert sheet["B3"].value == 12 and sheet["B3"].data_type == "n"
    assert sheet["C3"].value == -3
    assert sheet["B4"].value == 2 and sheet["B4"].data_type == "n"
    assert [row[0].value for row in workbook["info"].iter_rows()] == [RESTRICTED, "'@note"]


def test_overseas_export_is_exact_for_analysts(data: Engine):
    """Internal exports hide nothing (#10): Malaysia 2 is exported as 2, with its context."""
    table = exports.overseas_table(data, YEAR, Scope.national())
    values = {
        (row["region_code"], row["country"], row["sex"]): row["victims"] for row in table.rows
    }
    assert values == {
        ("53.01", "KH", "female"): 40,
        ("53.01", "MY", "female"): 2,
        ("52.01", "KH", "female"): 12,
        ("52.01", "KH", "male"): 9,
        ("52.01", "PH", "male"): 7,
    }
    assert table.synthetic and table.notes[0] == "DATA SINTETIS - bukan data sebenarnya"
    assert "Cakupan pengguna: Indonesia" in table.notes
    text = exports.to_csv(table).decode("utf-8-sig")
    assert "<5" not in text and ",2\r\n" in text


def test_export_is_scoped(data: Engine):
    table = exports.overseas_table(data, YEAR, Scope.for_user("provinsi", "52"))
    assert {row["province_code"] for row in table.rows} == {"52"}
    assert "Cakupan pengguna: Nusa Tenggara Barat" in table.notes
    table = exports.enforcement_table(data, YEAR, Scope.for_user("provinsi", "52"))
    assert [(row["region_code"], row["police_reports"]) for row in table.rows] == [("52.01", 12)]


def test_enforcement_export(data: Engine):
    table = exports.enforcement_table(data, YEAR, Scope.national())
    kupang = next(row for row in table.rows if row["region_code"] == "53.01")
    assert (kupang["police_reports"], kupang["prosecutions"]) == (30, 9)


def test_compliance_export(data: Engine, settings: Settings):
    selection = Selection(start=JAN, end=JAN, province="53")
    table = exports.compliance_table(
        data, selection, Scope.national(), settings, lang="en", today=dt.date(2024, 6, 1)
    )
    states = {row["region_code"]: row["state"] for row in table.rows}
    assert states["53.01"] in ("On time", "Late")
    assert states["53.02"] == "Missing"
    assert all(code.startswith("53") for code in states)


def test_from_query_reads_page_parameters():
    selection = from_query(
        {"period_from": "2024-02", "period_to": "2024-05", "regency": "53.01", "country": "kh"},
        None,
    )
    assert (selection.start, selection.end) == (dt.date(2024, 2, 1), dt.date(2024, 5, 1))
    assert (selection.province, selection.regency, selection.country) == ("53", "53.01", "KH")
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
        if request.headers.get("X-Test-Role") == "rapat":
            national = Scope.for_user("rapat", None)
        g.pantau_scope = Scope.for_user("provinsi", province) if province else national

    return app.test_client()


def test_routes_serve_files(client):
    query = "period_from=2024-01&period_to=2024-12"
    response = client.get(f"/export/overseas.csv?{query}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="pantau-tppo_TERBATAS_overseas_regional_2024-01_2024-12_DATA-SINTETIS.csv"'
        in response.headers["Content-Disposition"]
    )
    assert "Kabupaten Kupang" in response.data.decode("utf-8-sig")
    response = client.get(f"/export/enforcement.xlsx?{query}", headers={"X-Test-Province": "52"})
    sheet = load_workbook(io.BytesIO(response.data))["enforcement"]
    assert [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["52.01"]
    # the briefing comes from a data release only (tests/test_briefing.py): none yet
    assert client.get(f"/export/briefing.pdf?{query}&lang=en").status_code == 409
    assert client.get("/export/secrets.csv").status_code == 404


def test_period_is_clamped_to_the_datas_range(data: Engine, settings: Settings):
    """2000-2100 exports the months that exist (it was 669k rows, 57.6 MB), never more."""
    from pantau.reporting_calendar import month_start, today_wib

    now = month_start(today_wib())  # the current month, still open, is the last one
    national = Scope.national()
    wide = exports.export_selection(
        data, {"period_from": "2000-01", "period_to": "2100-12"}, settings, national
    )
    assert (wide.start, wide.end) == (JAN, now)
    before = exports.export_selection(
        data, {"period_from": "1990-01", "period_to": "1990-12"}, settings, national
    )
    assert (before.start, before.end) == (JAN, JAN)
    inside = {"period_from": "2024-01", "period_to": "2024-03", "province": "53"}
    assert exports.export_selection(data, inside, settings, national) == from_query(inside, None)
    table, selection, _ = exports.build_table(
        "compliance",
        data,
        {"period_from": "2000-01", "period_to": "2100-12"},
        Scope.national(),
        settings,
    )
    assert selection == wide
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
    assert sheet["A1"].value == RESTRICTED
    assert sheet["A2"].value == "Periode" and sheet.max_row == 4


def test_a_large_table_streams_in_chunks():
    rows = [{"region": f"=r{n}", "victims": n} for n in range(2_000)]
    table = exports.ExportTable("big", ("region", "victims"), rows)
    chunks = list(exports.csv_chunks(exports.table_cells(table, "en")))
    assert len(chunks) >= 2_000 // exports.CHUNK_ROWS
    text = b"".join(chunks).decode("utf-8-sig")
    assert text.count("\r\n") == 2_001 and "'=r1999,1999" in text
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(table, "en")))
    assert workbook["big"].max_row == 2_002 and workbook["big"]["A3"].value == "'=r0"


# --- Internal exports through the real server, by role (#10) --------------------------------

ANALYSTS = {
    "admin": ("admin", None),
    "kab5301": ("kabupaten", "53.01"),
    "rapat": ("rapat", None),
}
YEAR_2025 = "period_from=2025-01&period_to=2025-12"


@pytest.fixture
def server(engine: Engine, settings: Settings, build_app):
    """The real dashboard on the release test data (2025, many counts of 1 to 4), with an
    admin, a regency user and the meeting display."""
    from test_releases import load_reports
    from test_security_http import PASSWORD

    from pantau.auth import create_user

    load_reports(engine)
    for name, (role, region) in ANALYSTS.items():
        create_user(engine, name, PASSWORD, role, region)
    app = build_app(settings)
    app.server.test_client().get("/login")
    return app


def sql_overseas(engine: Engine, region: str | None = None) -> dict[tuple, int]:
    """Overseas victims per month, region, country and breakdown, straight from the facts."""
    from pantau.texts import label

    query = """
        SELECT period, region_code, country, exploitation, sex, age_group, SUM(value)
        FROM facts
        WHERE metric = 'victims' AND current AND country IS NOT NULL
          AND period BETWEEN '2025-01-01' AND '2025-12-01'
          AND region_code LIKE :region
        GROUP BY period, region_code, country, exploitation, sex, age_group
    """
    with engine.connect() as connection:
        rows = connection.execute(sql(query), {"region": region or "%"}).all()
    return {
        (
            f"{dt.date.fromisoformat(str(period)):%Y-%m}",
            code,
            country,
            label(exploitation, "id"),
            label(sex, "id"),
            label(age, "id"),
        ): int(value)
        for period, code, country, exploitation, sex, age, value in rows
    }


def sql_enforcement(engine: Engine, region: str | None = None) -> dict[tuple, int]:
    """Enforcement stages per month and region, straight from the facts (zeros left out)."""
    query = """
        SELECT period, region_code, item, SUM(value) FROM facts
        WHERE metric = 'enforcement' AND current
          AND period BETWEEN '2025-01-01' AND '2025-12-01'
          AND region_code LIKE :region
        GROUP BY period, region_code, item
    """
    with engine.connect() as connection:
        rows = connection.execute(sql(query), {"region": region or "%"}).all()
    return {
        (f"{dt.date.fromisoformat(str(period)):%Y-%m}", code, item): int(value)
        for period, code, item, value in rows
        if value
    }


def csv_records(response) -> list[dict[str, str]]:
    """The CSV's rows by column title; fails on any row that is not a data row."""
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in body), "a row that is not data"
    assert not any(row and row[0].startswith(("#", "TERBATAS")) for row in body)
    return [dict(zip(header, row, strict=True)) for row in body]


def overseas_values(records: list[dict[str, str]]) -> dict[tuple, int]:
    keys = ("Periode", "Kode wilayah", "Negara (ISO)", "Jenis eksploitasi", "Jenis kelamin")
    return {(*(r[k] for k in keys), r["Kelompok umur"]): int(r["Korban"]) for r in records}


def enforcement_values(records: list[dict[str, str]]) -> dict[tuple, int]:
    from pantau.metrics import field_label

    stages = {field_label(stage, "id"): stage for stage in STAGES_2025}
    return {
        (record["Periode"], record["Kode wilayah"], stages[title]): int(record[title])
        for record in records
        for title in stages
        if int(record[title])
    }


STAGES_2025 = ("police_reports", "investigations", "convicted")


def test_an_admins_internal_export_equals_sql_exactly(server, engine: Engine) -> None:
    from test_security_http import logged_in

    admin = logged_in(server, "admin")
    response = admin.get(f"/export/overseas.csv?{YEAR_2025}")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert "pantau-tppo_TERBATAS_overseas_regional_2025-01_2025-12_DATA-SINTETIS.csv" in disposition
    records = csv_records(response)
    assert list(records[0])[:3] == ["Periode", "Kode provinsi", "Provinsi"]
    expected = sql_overseas(engine)
    assert overseas_values(records) == expected
    assert {value for value in expected.values() if value < 5} >= {1, 2, 3}  # exact small counts
    response = admin.get(f"/export/enforcement.csv?{YEAR_2025}")
    expected = sql_enforcement(engine)
    assert enforcement_values(csv_records(response)) == expected
    assert {value for value in expected.values() if value < 5} >= {1, 2, 4}
    # The XLSX: TERBATAS above the table and on "info", counts as numbers equal to SQL.
    workbook = load_workbook(io.BytesIO(admin.get(f"/export/enforcement.xlsx?{YEAR_2025}").data))
    sheet = workbook["enforcement"]
    assert sheet["A1"].value == RESTRICTED and sheet["A2"].value == "Periode"
    titles = [c.value for c in sheet[2]]
    column = titles.index("Laporan polisi") + 1
    counts = [sheet.cell(row, column) for row in range(3, sheet.max_row + 1)]
    assert counts and all(c.data_type == "n" and isinstance(c.value, int) for c in counts)
    police = {
        (sheet.cell(c.row, 1).value, sheet.cell(c.row, 3).value): c.value for c in counts if c.value
    }
    assert police == {
        (period, code): value
        for (period, code, stage), value in expected.items()
        if stage == "police_reports"
    }
    info = [row[0] for row in workbook["info"].iter_rows(values_only=True)]
    assert info[0] == RESTRICTED and "DATA SINTETIS - bukan data sebenarnya" in info
    assert "Periode: Jan–Des 2025" in info
    assert any(note.startswith("Sumber: Pantau TPPO, data langsung") for note in info)
    # Audited as an export, as every /export request.
    logged = [entry.detail["path"] for entry in audit.entries(engine, action=audit.EXPORT)]
    assert {"/export/overseas.csv", "/export/enforcement.xlsx"} <= set(logged)


def test_a_regency_users_internal_export_holds_only_its_scope(server, engine: Engine) -> None:
    from test_security_http import logged_in

    kab = logged_in(server, "kab5301")
    records = csv_records(kab.get(f"/export/overseas.csv?{YEAR_2025}"))
    assert records and {record["Kode wilayah"] for record in records} == {"53.01"}
    assert overseas_values(records) == sql_overseas(engine, "53.01")
    records = csv_records(kab.get(f"/export/enforcement.csv?{YEAR_2025}"))
    assert enforcement_values(records) == sql_enforcement(engine, "53.01")
    workbook = load_workbook(io.BytesIO(kab.get(f"/export/overseas.xlsx?{YEAR_2025}").data))
    assert workbook.worksheets[0]["A1"].value == RESTRICTED
    assert "Cakupan pengguna: Kabupaten Kupang" in [
        r[0] for r in workbook["info"].iter_rows(values_only=True)
    ]
    # Another region in the URL is refused, not answered with an empty file.
    assert kab.get(f"/export/overseas.csv?{YEAR_2025}&regency=53.02").status_code == 403


def test_the_meeting_display_gets_no_export(server, engine: Engine) -> None:
    from test_security_http import logged_in

    from pantau.releases.store import create_release

    create_release(engine, Settings.from_env(), today=dt.date(2026, 1, 20))
    rapat = logged_in(server, "rapat")
    for path in (
        "/export/overseas.csv",
        "/export/enforcement.xlsx",
        "/export/compliance.csv",
        "/export/gugus-tugas/none.csv",
        "/export/rilis/1.zip",
        "/export/rilis/terbaru.zip",
    ):
        assert rapat.get(path).status_code == 403, path
    denied = audit.entries(engine, action=audit.ACCESS_DENIED)
    assert {entry.detail["path"] for entry in denied if entry.username == "rapat"} >= {
        "/export/overseas.csv",
        "/export/rilis/1.zip",
    }


def test_exports_refuse_a_scope_that_is_no_analysts(client) -> None:
    """Behind the security layer, the export itself refuses the meeting display's scope."""
    rapat = {"X-Test-Role": "rapat"}
    assert client.get("/export/overseas.csv", headers=rapat).status_code == 403
    assert client.get("/export/rilis/terbaru.zip", headers=rapat).status_code == 403
    assert client.get("/export/overseas.csv").status_code == 200


# --- Publication exports of a release (#10) -------------------------------------------------


def test_a_release_is_served_as_a_zip_that_validates(server, engine: Engine, tmp_path) -> None:
    import json
    import zipfile

    from frictionless import validate
    from test_security_http import logged_in

    from pantau.releases.store import create_release

    admin = logged_in(server, "admin")
    missing = admin.get("/export/rilis/terbaru.zip")
    assert missing.status_code == 404 and missing.get_data(as_text=True) == "Belum ada rilis data."
    info = create_release(engine, Settings.from_env(), today=dt.date(2026, 1, 20))
    for user in ("admin", "kab5301"):  # a release is protected for any audience
        client = logged_in(server, user)
        for path in ("/export/rilis/1.zip", "/export/rilis/terbaru.zip"):
            response = client.get(path)
            assert response.status_code == 200, (user, path)
            assert response.headers["Content-Type"] == "application/zip"
            assert response.headers["Cache-Control"] == "no-store"
            as_of = f"{info.data_as_of:%Y-%m-%d}"
            assert (
                f'filename="pantau-tppo_rilis-1_data-per-{as_of}.zip"'
                in (response.headers["Content-Disposition"])
            )
    folder = tmp_path / "rilis"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = set(archive.namelist())
        archive.extractall(folder)
    assert {"datapackage.json", "release-1.xlsx", "regions.csv", "province_year.csv"} <= names
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["release"] == 1
    assert {resource["path"] for resource in descriptor["resources"]} <= names
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    # The release holds no small count: its hidden cells carry marks, never 1 to 4.
    with (folder / "province_year.csv").open(encoding="utf-8") as handle:
        values = [row["value"] for row in csv.DictReader(handle)]
    assert not {value for value in values if value.isdigit() and 1 <= int(value) <= 4}
    # An unknown release says so; every request is audited.
    response = admin.get("/export/rilis/2.zip?lang=en")
    assert response.status_code == 404
    assert response.get_data(as_text=True) == "There is no data release 2."
    assert admin.get("/export/rilis/x.zip").status_code == 404
    entries = audit.entries(engine, action=audit.EXPORT)
    outcomes = {(entry.detail["path"], entry.outcome) for entry in entries}
    assert {("/export/rilis/1.zip", "ok"), ("/export/rilis/2.zip", "404")} <= outcomes


def test_the_export_buttons_link_the_latest_release(data: Engine, settings: Settings) -> None:
    from dash import html

    from dashboard.page_context import PageContext, export_buttons
    from pantau.releases.store import create_release

    context = PageContext({}, "id", settings, data, Scope.national(), YEAR)
    buttons = {button.id: button for button in export_buttons(context, "enforcement", {}).children}
    assert "enforcement-export-release" not in buttons  # no release yet
    assert "rilis=" not in buttons["enforcement-export-pdf"].href
    assert buttons["enforcement-export-csv"].download == (
        "pantau-tppo_TERBATAS_enforcement_2024-01_2024-12.csv"
    )
    info = create_release(data, settings, today=dt.date(2024, 3, 20))
    row = export_buttons(context, "enforcement", {})
    release = next(b for b in row.children if b.id == "enforcement-export-release")
    assert release.href == "/export/rilis/1.zip"
    # the PDF briefing's link names the release it is built from
    pdf = next(b for b in row.children if b.id == "enforcement-export-pdf")
    assert "rilis=1" in pdf.href.split("?")[1].split("&")
    assert isinstance(row, html.Div)
    assert release.children.startswith("Rilis data 1 (ZIP), data per ")
    assert release.children.endswith(" WIB") and str(info.data_as_of.day) in release.children


def test_a_release_zip_is_built_once_and_served_again(
    server, engine: Engine, settings: Settings
) -> None:
    """The second request of a release's ZIP serves the kept file: the same bytes, the same
    file (inode and modification time), and no other ZIP written beside it."""
    from test_security_http import logged_in

    from pantau.releases.store import create_release

    info = create_release(engine, settings, today=dt.date(2026, 1, 20))
    admin = logged_in(server, "admin")
    first = admin.get("/export/rilis/1.zip")
    assert first.status_code == 200
    kept = list((settings.data_dir / "rilis").glob(f"rilis-{info.number}_*.zip"))
    assert len(kept) == 1
    before = kept[0].stat()
    again = admin.get("/export/rilis/terbaru.zip")
    assert again.status_code == 200 and again.data == first.data == kept[0].read_bytes()
    after = kept[0].stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert sorted((settings.data_dir / "rilis").iterdir()) == kept  # no temporary left
    # the folder is a cache of the ZIPs built last: older ones go, and come back on request
    for _ in range(exports.RELEASE_ZIPS_KEPT):
        number = create_release(engine, settings, today=dt.date(2026, 1, 20)).number
        assert admin.get(f"/export/rilis/{number}.zip").status_code == 200
    cached = sorted(path.name.split("_")[0] for path in (settings.data_dir / "rilis").iterdir())
    assert cached == [f"rilis-{number}" for number in range(2, 2 + exports.RELEASE_ZIPS_KEPT)]
    assert members(admin.get("/export/rilis/1.zip").data) == members(first.data)


def members(archive: bytes) -> dict[str, bytes | None]:
    """A ZIP's files and their bytes (a workbook's bytes hold the time it was written)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {
            name: None if name.endswith(".xlsx") else opened.read(name)
            for name in opened.namelist()
        }
