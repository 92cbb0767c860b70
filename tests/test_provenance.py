"""Every figure traceable to its reports: the source list adds up to the figure on the
pages, and an archived file goes only to users whose scope holds its region."""

from __future__ import annotations

import datetime as dt

import pytest
from dashboard_support import texts
from factories import simple_report
from sqlalchemy import Engine, select, update
from test_security_http import login

from dashboard.data import facts
from dashboard.selection import Selection
from pantau.access import Scope
from pantau.auth import create_user
from pantau.models import AuditEvent, Report
from pantau.provenance import archived_file, contributions, source_reports
from pantau.reports.loading import ingest_file
from pantau.reports.writing import write_report

MARCH, APRIL = dt.date(2026, 3, 1), dt.date(2026, 4, 1)
ON_TIME = dt.datetime(2026, 5, 2, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"


def _ingest(engine, settings, report, name: str) -> int:
    outcome = ingest_file(
        engine,
        write_report(report, "json"),
        name,
        source="test",
        settings=settings,
        received_at=ON_TIME,
    )
    assert outcome.status == "accepted", [p.message("en") for p in outcome.problems]
    return outcome.report_ids[0]


@pytest.fixture
def reports(engine: Engine, settings) -> dict[str, int]:
    """Three regencies of Jawa Barat, one of them corrected, and one of Bali."""
    ids = {
        "32.01": _ingest(engine, settings, simple_report("32.01", MARCH, victims=3), "a.json"),
        "32.02": _ingest(engine, settings, simple_report("32.02", APRIL, victims=6), "b.json"),
        "51.01": _ingest(engine, settings, simple_report("51.01", APRIL, victims=2), "c.json"),
    }
    _ingest(engine, settings, simple_report("32.73", APRIL, victims=4), "d.json")
    ids["32.73"] = _ingest(engine, settings, simple_report("32.73", APRIL, victims=9), "d2.json")
    return ids


def test_source_reports_add_up_to_the_figure(engine: Engine, reports) -> None:
    selection = Selection(MARCH, APRIL, province="32")
    listed = source_reports(engine, Scope.national(), region_code="32", start=MARCH, end=APRIL)
    assert {row.region_code for row in listed} == {"32.01", "32.02", "32.73"}
    assert reports["32.73"] in {row.id for row in listed}  # the correction, not the original
    added = contributions(
        engine, [row.id for row in listed], facts.metric_conditions("victims", selection)
    )
    shown = facts.metric_by_region(engine, selection, Scope.national(), "province", "victims")
    assert sum(added.values()) == shown["32"] == 3 + 6 + 9


def test_sources_and_files_stay_inside_the_scope(engine: Engine, settings, reports) -> None:
    bali = Scope.for_user("provinsi", "51")
    with pytest.raises(PermissionError):
        source_reports(engine, bali, region_code="32", start=MARCH, end=APRIL)
    everywhere = source_reports(engine, bali, region_code=None, start=MARCH, end=APRIL)
    assert {row.region_code for row in everywhere} == {"51.01"}
    with pytest.raises(PermissionError):
        archived_file(engine, settings.data_dir, bali, reports["32.01"])
    found = archived_file(engine, settings.data_dir, bali, reports["51.01"])
    assert found.path.read_bytes() == write_report(simple_report("51.01", APRIL, victims=2), "json")
    with engine.begin() as connection:  # a path that leaves the data dir is never served
        connection.execute(
            update(Report).where(Report.id == reports["51.01"]).values(archive_path="../../etc")
        )
    with pytest.raises(LookupError):
        archived_file(engine, settings.data_dir, bali, reports["51.01"])


def test_download_is_scoped_audited_and_refused_to_the_meeting_role(
    app, engine: Engine, reports
) -> None:
    create_user(engine, "bali", PASSWORD, "provinsi", "51")
    create_user(engine, "layar", PASSWORD, "rapat", None)
    anonymous = app.server.test_client()
    assert anonymous.get(f"/export/laporan/{reports['51.01']}").status_code == 401
    meeting = app.server.test_client()
    login(meeting, "layar", PASSWORD)
    assert meeting.get(f"/export/laporan/{reports['51.01']}").status_code == 403
    analyst = app.server.test_client()
    assert login(analyst, "bali", PASSWORD).status_code == 302
    assert analyst.get(f"/export/laporan/{reports['32.01']}").status_code == 403
    response = analyst.get(f"/export/laporan/{reports['51.01']}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=c.json")
    assert b'"51.01"' in response.data
    with engine.connect() as connection:
        audited = connection.execute(
            select(AuditEvent.username, AuditEvent.outcome).where(AuditEvent.action == "export")
        ).all()
    assert ("bali", "ok") in audited and ("bali", "403") in audited


def test_source_page_lists_the_reports_of_the_selection(app, engine: Engine, reports) -> None:
    from dashboard_support import as_user, loaded_page

    page = loaded_page("laporan_sumber")
    with as_user(app, Scope.national()):
        tree = page.layout(province="32", period_from="2026-03", period_to="2026-04")
    assert "Korban · Jawa Barat · Mar–Apr 2026: 3 laporan, jumlah 18." in texts(tree)
    assert f"/export/laporan/{reports['32.73']}" in str(tree)
    with as_user(app, Scope.for_user("provinsi", "51")):  # a selection outside is narrowed
        narrowed = page.layout(province="32", period_from="2026-03", period_to="2026-04")
    assert "Korban · Bali · Mar–Apr 2026: 1 laporan, jumlah 2." in texts(narrowed)
    assert f"/export/laporan/{reports['32.01']}" not in str(narrowed)
