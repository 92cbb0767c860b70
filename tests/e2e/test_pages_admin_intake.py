"""``/admin/intake`` in headless Chromium: an admin sees the held files with their reason
and dismisses one; the dismissal is audited."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine


def load(engine: Engine) -> None:
    """Two held files: no readable region or period, and an unreadable region code."""
    from pathlib import Path

    from pantau.reports.loading import ingest_file
    from pantau.settings import Settings

    data_dir = Path(engine.url.database).parent / "data"  # the server's (see conftest)
    settings = Settings(data_dir=data_dir, database_url=str(engine.url))
    header = (
        "bagian;isian;keterangan;jenis_kelamin;kelompok_umur;jenis_eksploitasi;negara_tujuan;nilai"
    )
    for name, region in (("tanpa-wilayah.csv", "??"), ("salah-kode.csv", "99.99.99")):
        lines = [header, f"identitas;kode_wilayah;;;;;;{region}", "identitas;periode;;;;;;kapan"]
        lines.append("penutup;jumlah_baris;;;;;;2")
        ingest_file(engine, "\r\n".join(lines).encode(), name, source="inbox", settings=settings)


@pytest.fixture(scope="module")
def live_server_data():
    return load


def test_admin_sees_and_dismisses_held_files(browser_page, live_server):
    from e2e.conftest import login
    from sqlalchemy import select

    from pantau import audit
    from pantau.models import Report

    password = live_server.add_user("admin-intake", "admin")
    page = browser_page
    login(page, live_server, "admin-intake", password, next_path="/admin/intake?lang=en")
    page.goto(f"{live_server.url}/admin/intake?lang=en")
    expect(page.locator("h1")).to_have_text("Held files")
    rows = page.locator("#intake-table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#intake-table")).to_contain_text("tanpa-wilayah.csv")
    expect(page.locator("#intake-table")).to_contain_text("salah-kode.csv")
    expect(rows.first).to_contain_text("rejected/")
    with live_server.engine.connect() as connection:
        held = dict(
            connection.execute(
                select(Report.file_name, Report.id).where(Report.status == "held")
            ).all()
        )
    expect(page.locator(f"#intake-row-{held['salah-kode.csv']}")).to_contain_text("salah-kode")
    page.select_option("#intake-choice", str(held["salah-kode.csv"]))
    page.get_by_role("button", name="Dismiss").click()
    expect(page.locator("#intake-status")).to_contain_text(f"#{held['salah-kode.csv']} dismissed")
    expect(rows).to_have_count(1)
    expect(page.locator("#intake-table")).not_to_contain_text("salah-kode.csv")
    with live_server.engine.connect() as connection:
        status = connection.scalar(select(Report.status).where(Report.id == held["salah-kode.csv"]))
    assert status == "dismissed"
    (entry,) = audit.entries(live_server.engine, action=audit.INTAKE_DISMISS)
    assert entry.username == "admin-intake"
