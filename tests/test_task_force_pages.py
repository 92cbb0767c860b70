"""The task-force lists of ``/gugus-tugas``, their meeting slides and their internal export
equal direct SQL on the demonstration data (SQLite and PostgreSQL), in the user's scope."""

from __future__ import annotations

import csv
import io

import plotly.graph_objects as go
import pytest
from dash import html
from dashboard_support import as_user, find, texts
from openpyxl import load_workbook
from sqlalchemy import Engine, text
from test_security_http import PASSWORD, logged_in
from test_taskforces import END, _expected

from dashboard import slides_taskforces
from dashboard.components.maps import TRACE
from dashboard.filters import FilterState, Period
from jobs.config import load_config
from jobs.demo import run_demo
from pantau import audit
from pantau.access import Scope
from pantau.auth import create_user
from pantau.basis import release_basis
from pantau.releases.store import create_release
from pantau.reporting_calendar import today_wib
from pantau.settings import Settings
from pantau.taskforces import KINDS

LABEL = "TERBATAS — untuk penggunaan internal"
PERIOD = Period(END.replace(month=1), END)


def _province(code: str) -> str:
    return code.split(".")[0]


def _csv_codes(response) -> tuple[str, list[str], set[str]]:
    """The file name, the header and the region codes of a list's CSV (data rows only:
    the TERBATAS mark is in the name, as for every internal export)."""
    lines = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert all(len(row) == len(lines[0]) for row in lines), "a row that is not data"
    name = response.headers["Content-Disposition"].split('filename="')[1].rstrip('"')
    return name, lines[0], {row[0] for row in lines[1:]}


@pytest.fixture
def demo_app(engine: Engine, settings: Settings, build_app):
    run_demo(engine, settings, load_config(settings), months=3, seed=2023, end=END)
    for name, role, region in (
        ("nasional", "nasional", None),
        ("prov32", "provinsi", "32"),
        ("rapat", "rapat", None),
    ):
        create_user(engine, name, PASSWORD, role, region)
    app = build_app(settings)
    app.server.test_client().get("/login")  # Dash registers page callbacks on first use
    return app


def test_lists_slides_and_exports_equal_sql(demo_app, engine: Engine, settings: Settings) -> None:
    from dashboard.pages import gugus_tugas, rapat

    expected = _expected(engine, today=today_wib())
    national = logged_in(demo_app, "nasional")
    for kind in KINDS:
        response = national.get(f"/export/gugus-tugas/{kind}.csv")
        assert response.status_code == 200, kind
        assert response.headers["Cache-Control"] == "no-store"
        name, header, codes = _csv_codes(response)
        assert name.startswith(f"pantau-tppo_TERBATAS_gugus-tugas_{kind}_") and name.endswith(
            ".csv"
        )
        assert header[0] == "Kode wilayah"
        assert codes == expected[kind], kind
    # N months chosen: silent for at least two months (the demo has three).
    _label, _header, two = _csv_codes(national.get("/export/gugus-tugas/silent.csv?months=2"))
    assert two == _expected(engine, months=2)["silent"] and two > expected["silent"]
    # XLSX: the label above the header, English on request.
    sheet = load_workbook(
        io.BytesIO(national.get("/export/gugus-tugas/members.xlsx?lang=en").data)
    ).worksheets[0]
    assert sheet["A1"].value == "RESTRICTED — for internal use only"
    indonesian = national.get("/export/gugus-tugas/members.xlsx")
    assert load_workbook(io.BytesIO(indonesian.data)).worksheets[0]["A1"].value == LABEL
    assert sheet["A2"].value == "Region code" and sheet["C2"].value == "In province"
    xlsx_codes = {row[0] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert xlsx_codes == expected["members"]
    # Filtered by province in the URL, and a provincial user sees only its province.
    _l, _h, west_java = _csv_codes(national.get("/export/gugus-tugas/no_rad.csv?province=32"))
    assert west_java == {c for c in expected["no_rad"] if _province(c) == "32"} != set()
    provincial = logged_in(demo_app, "prov32")
    _l, _h, own = _csv_codes(provincial.get("/export/gugus-tugas/none.csv"))
    assert own == {c for c in expected["none"] if _province(c) == "32"}
    assert provincial.get("/export/gugus-tugas/none.csv?province=33").status_code == 403
    # Exports are audited; the meeting display gets none; an unknown list is 404.
    logged = [entry.detail["path"] for entry in audit.entries(engine, action=audit.EXPORT)]
    assert "/export/gugus-tugas/members.xlsx" in logged
    assert logged_in(demo_app, "rapat").get("/export/gugus-tugas/none.csv").status_code == 403
    assert national.get("/export/gugus-tugas/bogus.csv").status_code == 404

    # The page: every tab's count, the chosen list's rows; the slide: the same count.
    with as_user(demo_app, Scope.national()):
        view = html.Div(gugus_tugas.lists_section(FilterState(), "?list=decree", PERIOD))
        for kind in KINDS:
            tab = find(view, f"gugus-list-tab-{kind}")
            assert texts(tab)[-1] == f"{len(expected[kind]):,}".replace(",", "."), kind
        table = find(view, "gugus-list-table")
        assert {row["code"] for row in table.data} == expected["decree"]
        assert all(row["region"].endswith(f"(/wilayah/{row['code']})") for row in table.data)
        # The roll-up: a province's regencies with a task force, and its own row apart.
        rollup = {row["code"]: row for row in find(view, "gugus-rollup-table").data}
        assert len(rollup) == 38
        with engine.connect() as connection:
            west_java = connection.execute(
                text(
                    "SELECT COUNT(*) FROM task_forces t JOIN regions r ON r.code = t.region_code "
                    "WHERE r.province_code = '32' AND t.\"current\" = :yes "
                    "AND t.established = :yes "
                    "AND t.period = (SELECT MAX(period) FROM task_forces u WHERE "
                    'u.region_code = t.region_code AND u."current" = :yes AND u.period <= :end)'
                ),
                {"yes": True, "end": END},
            ).scalar()
        assert rollup["32"]["regencies"] == 27 and rollup["32"]["with_task_force"] == west_java
        meeting = find(view, "gugus-list-meeting")
        assert meeting.href.startswith("/rapat?slides=gugus-decree")
        # the slides read the register as a release made now knows it: the same lists
        basis = release_basis(engine, create_release(engine, settings).number)
        for kind in KINDS:
            body = slides_taskforces.slide_body(
                f"gugus-{kind.replace('_', '-')}", FilterState(), PERIOD, basis
            )
            assert getattr(body[0], "data-count") == str(len(expected[kind]))
        rollup_slide = slides_taskforces.slide_body("gugus-provinsi", FilterState(), PERIOD, basis)
        shown = go.Figure(rollup_slide[1].figure).data[TRACE["values"]]
        west_java = list(shown.locations).index("32")
        assert shown.z[west_java] == rollup["32"]["share"]
        # On the projector it takes the theme and the value size as every slide's figure.
        graph = rapat.fit_to_screen(rollup_slide, "dark")[1]
        assert graph.className == "rapat-graph"
        assert graph.figure["layout"]["paper_bgcolor"] == rapat.THEMES["dark"]["background"]
        labels = graph.figure["data"][TRACE["labels"]]["textfont"]
        assert labels["size"] >= rapat.VALUE_FONT
    with as_user(demo_app, Scope.for_user("provinsi", "32")):
        view = html.Div(gugus_tugas.lists_section(FilterState(province="32"), "?list=none", PERIOD))
        rows = find(view, "gugus-list-table").data
        assert {row["code"] for row in rows} == {
            c for c in expected["none"] if _province(c) == "32"
        }
