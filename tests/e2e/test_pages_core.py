"""The core pages in headless Chromium: overview, filters, drill-down, language, meeting."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine

MAY = dt.date(2024, 5, 1)
PERIOD = "period_from=2023-06&period_to=2024-05"


def load(engine: Engine) -> None:
    """West Java and NTT regencies with victims, one regency without a task force."""
    from factories import make_release, simple_report, store_report

    for code, victims in (("32.01", 7), ("32.73", 6), ("53.01", 11), ("53.71", 9)):
        store_report(engine, simple_report(code, MAY, victims=victims))
    store_report(engine, simple_report("53.02", MAY, victims=0, established=False))
    make_release(engine)


@pytest.fixture(scope="module")
def live_server_data():
    return load


def test_overview_loads_fast_and_follows_filters(signed_in_page, live_server):
    page = signed_in_page
    started = time.perf_counter()
    page.goto(f"{live_server.url}/?{PERIOD}")
    page.wait_for_selector("#ringkasan-map .choroplethlocation")
    seconds = time.perf_counter() - started
    print(f"first load of / with the map drawn: {seconds:.2f} s")
    assert seconds < 10
    expect(page.locator("#ringkasan-victims-value")).to_have_text("33")
    expect(page.locator("#shell-fresh")).to_contain_text("Data per")
    # A filter of the shared bar goes into the URL and narrows the figures.
    page.click("#shell-sex")
    page.get_by_role("option", name="Laki-laki").click()
    page.wait_for_url(lambda url: "sex=male" in url)
    expect(page.locator("#ringkasan-victims-value")).to_have_text("0")
    # The metric selector rewrites the URL; the map stays (patched, not redrawn).
    page.locator("#ringkasan-metric").get_by_text("Laporan polisi", exact=True).click()
    page.wait_for_url(lambda url: "metric=police_reports" in url)
    expect(page.locator("#ringkasan-map .choroplethlocation").first).to_be_visible()
    assert page.locator(".attention-list a").count() >= 1


def test_drill_into_a_province_and_back(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/gugus-tugas?{PERIOD}")
    page.wait_for_selector("#gugus-map .choroplethlocation")
    expect(page.locator("#gugus-table tbody tr")).to_have_count(39)  # header + 38
    # Click West Java on the map (the grey base trace draws every region first).
    hexagon = page.locator("#gugus-map .choroplethlocation").nth(_feature_index("32"))
    hexagon.scroll_into_view_if_needed()  # the task-force lists come first on the page
    box = hexagon.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(lambda url: "province=32" in url)
    expect(page.locator("#gugus-breadcrumb")).to_contain_text("Indonesia › Jawa Barat")
    # header + 27 regencies/cities + the province task force's own row
    expect(page.locator("#gugus-table tbody tr")).to_have_count(29)
    page.click("#gugus-back")
    page.wait_for_url(lambda url: "province=" not in url)
    expect(page.locator("#gugus-table tbody tr")).to_have_count(39)
    expect(page.locator("#gugus-breadcrumb")).not_to_contain_text("›")


def _feature_index(code: str) -> int:
    from geodata.schematic import schematic_layer

    return [feature["id"] for feature in schematic_layer("province")["features"]].index(code)


def test_language_switch_and_region_profile(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/?{PERIOD}")
    page.wait_for_selector("#ringkasan-headlines")
    page.click("#shell-lang-en")
    page.wait_for_url(lambda url: "lang=en" in url)
    expect(page.locator("#shell-nav-ringkasan")).to_have_text("Overview")
    expect(page.locator("h1")).to_contain_text("National overview")
    page.goto(f"{live_server.url}/wilayah/53.01?{PERIOD}")
    expect(page.locator("#wilayah-name")).to_contain_text("Kupang")
    expect(page.locator("#wilayah-decree")).to_contain_text("188/Kep.100-DP3A/2023")
    page.goto(f"{live_server.url}/wilayah/99.99")
    expect(page.locator("#wilayah-missing")).to_be_visible()


def test_meeting_mode_advances_with_the_keyboard(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/rapat?slides=ringkasan,peta,tren&{PERIOD}")
    slide = page.locator("#rapat-slide")
    expect(slide).to_have_attribute("data-slide", "ringkasan")
    expect(page.locator("#rapat-suppression")).to_contain_text("<5")
    # the release's latest quarter, as much of it as the release holds
    expect(page.locator("#rapat-source")).to_contain_text("Apr–Mei 2024")
    expect(page.locator("#rapat-release")).to_contain_text("rilis data 1")
    # the PDF briefing offered in the controls is that of the release shown
    briefing = page.get_attribute("#rapat-briefing", "href") or ""
    assert briefing.startswith("/export/briefing.pdf?") and "rilis=1" in briefing.split("?")[1]
    expect(page.locator("#shell-filters")).to_be_hidden()
    page.keyboard.press("ArrowRight")
    expect(slide).to_have_attribute("data-slide", "peta")
    page.wait_for_selector("#rapat-map .choroplethlocation")
    page.keyboard.press("PageDown")
    expect(slide).to_have_attribute("data-slide", "tren")
    page.keyboard.press("ArrowLeft")
    expect(slide).to_have_attribute("data-slide", "peta")
