"""The analysis pages in headless Chromium: load, change a filter, download an export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import Engine

from pantau.releases.store import create_release
from pantau.reports.model import RegionalReport, TaskForceStatus, VictimCount

JAN = dt.date(2024, 1, 1)
PERIOD = "period_from=2024-01&period_to=2024-12"


def load(engine: Engine) -> None:
    """Kupang (NTT) and Lombok Barat (NTB) with overseas victims and enforcement figures."""
    from factories import store_report

    for region, cambodia, malaysia, reports, prosecutions in (
        ("53.01", 40, 12, 30, 3),
        ("52.01", 25, 9, 12, 6),
    ):
        store_report(
            engine,
            RegionalReport(
                region_code=region,
                period=JAN,
                task_force=TaskForceStatus(established=True),
                victims=(
                    VictimCount("female", "adult", "online_scam", "KH", cambodia),
                    VictimCount("male", "adult", "forced_labour", "MY", malaysia),
                ),
                enforcement={"police_reports": reports, "prosecutions": prosecutions},
                synthetic=True,
            ),
        )


@pytest.fixture(scope="module")
def live_server_data():
    return load


def test_overseas_page_filters_by_country_and_exports(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/korban-luar-negeri?{PERIOD}")
    page.wait_for_selector("#overseas-total-value")
    assert page.inner_text("#overseas-total-value") == "86"
    # Clicking the Cambodia bar puts country=KH into the URL and narrows the page.
    box = page.locator("#overseas-ranking .bars path").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(lambda url: "country=KH" in url)
    expect(page.locator("#overseas-total-value")).to_have_text("65")
    assert "Kamboja" in page.inner_text("#overseas-selected-country")
    with page.expect_download() as download:
        page.click("#overseas-export-xlsx")
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert workbook.active["A1"].value == "TERBATAS — untuk penggunaan internal"
    rows = list(workbook.active.iter_rows(min_row=3, values_only=True))
    assert {row[5] for row in rows} == {"KH"}


def test_enforcement_page_and_csv(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/penegakan-hukum?{PERIOD}")
    page.wait_for_selector("#enforcement-funnel .main-svg")
    assert page.inner_text("#enforcement-police-reports-value") == "42"
    assert "Kabupaten Kupang" in page.inner_text("#enforcement-stalled-table")
    page.goto(f"{live_server.url}/penegakan-hukum?{PERIOD}&province=52")
    page.wait_for_selector("#enforcement-funnel .main-svg")
    assert page.inner_text("#enforcement-police-reports-value") == "12"
    with page.expect_download() as download:
        page.click("#enforcement-export-csv")
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert "52.01" in text and "53.01" not in text


def test_compliance_page_and_briefing(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/kepatuhan?period_from=2024-01&period_to=2024-01")
    page.wait_for_selector("#compliance-states-table")
    assert page.inner_text("#compliance-count-on_time-value").strip() != ""
    page.set_input_files(
        "#compliance-upload input[type=file]",
        files=[{"name": "report.exe", "mimeType": "application/octet-stream", "buffer": b"MZ"}],
    ) if page.locator("#compliance-upload input[type=file]").count() else None
    # the briefing is drawn from a data release only: none yet, then release 1
    href = page.get_attribute("#compliance-export-pdf", "href")
    missing = page.request.get(f"{live_server.url}{href}")
    assert missing.status == 409 and "pantau release create" in missing.text()
    create_release(live_server.engine, live_server.settings)
    with page.expect_download() as download:
        page.click("#compliance-export-pdf")
    assert download.value.path().read_bytes().startswith(b"%PDF-")
