"""Issue #11 in the browser: from ``/gugus-tugas`` the no-task-force list and the list of
task forces silent for three months or more are one click away each, and shown as meeting
slides in one more click; their counts equal direct SQL on the demonstration data."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine
from test_taskforces import END, _expected

from dashboard.slides_taskforces import SLIDE_PAGE_SIZE
from jobs.config import load_config
from jobs.demo import run_demo
from pantau.releases.store import create_release
from pantau.settings import Settings


def load(engine: Engine) -> None:
    """Three months of demonstration data ending December 2024 (the lists' month) and
    its release, as ``pantau demo`` makes one (meeting mode reads the register from it)."""
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            data_dir=Path(data_dir),
            database_url=engine.url.render_as_string(hide_password=False),
            explicit_secret_key="e2e-test-secret-key",
        )
        run_demo(engine, settings, load_config(settings), months=3, seed=2023, end=END)
        create_release(engine, settings)


@pytest.fixture(scope="module")
def live_server_data():
    return load


def _login(page, server, username: str, password: str) -> None:
    """Sign in through the form (the fixtures sign in the national user only)."""
    page.goto(f"{server.url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/login" not in url)


def _settled(page) -> None:
    """Wait until /gugus-tugas has drawn its maps (the layout stops moving)."""
    page.wait_for_selector("#gugus-map .choroplethlocation")
    page.wait_for_selector("#gugus-rollup-table")
    page.wait_for_load_state("networkidle")


@pytest.fixture(scope="module")
def expected(live_server) -> dict[str, set[str]]:
    return _expected(live_server.engine)


@pytest.mark.parametrize("kind, slide", [("none", "gugus-none"), ("silent", "gugus-silent")])
def test_a_list_in_one_click_and_on_the_projector_in_one_more(
    signed_in_page, live_server, expected, kind, slide
):
    page = signed_in_page
    count = len(expected[kind])
    assert count > 0
    page.goto(f"{live_server.url}/gugus-tugas")
    _settled(page)
    # One click: the list, its count in the heading.
    page.click(f"#gugus-list-tab-{kind}")
    page.wait_for_url(lambda url: f"list={kind}" in url)
    heading = page.locator("#gugus-list-heading")
    expect(heading).to_have_attribute("data-list", kind)
    expect(heading).to_contain_text(f"({count})")
    expect(page.locator("#gugus-lists-card")).to_contain_text("Des 2024")
    rows = page.locator("#gugus-list-table tbody tr")
    expect(rows).to_have_count(min(count, 25) + 2)  # header, filter row, first page
    first = page.locator("#gugus-list-table tbody tr td a").first
    assert first.get_attribute("href").split("/wilayah/")[1] in expected[kind]
    # One more click: the same list as a meeting slide, paged for the projector.
    page.click("#gugus-list-meeting")
    page.wait_for_url(lambda url: "/rapat" in url and f"slides={slide}" in url)
    expect(page.locator("#rapat-slide")).to_have_attribute("data-slide", slide)
    expect(page.locator("#rapat-list-heading")).to_have_attribute("data-count", str(count))
    expect(page.locator("#rapat-list-heading")).to_contain_text(f"{count} wilayah")
    expect(page.locator("#rapat-list-table tbody tr")).to_have_count(min(count, 8) + 1)


def test_provincial_user_sees_its_province_and_the_roll_up(browser_page, live_server, expected):
    password = live_server.add_user("e2e-prov32", "provinsi", "32")
    page = browser_page
    _login(page, live_server, "e2e-prov32", password)
    page.goto(f"{live_server.url}/gugus-tugas?list=none")
    own = {c for c in expected["none"] if c.split(".")[0] == "32"}
    expect(page.locator("#gugus-list-heading")).to_have_attribute("data-count", str(len(own)))
    links = page.locator("#gugus-list-table tbody tr td a")
    expect(links).to_have_count(len(own))
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert hrefs == {f"/wilayah/{code}" for code in own}
    # The roll-up keeps the province's own task force as its own column.
    expect(page.locator("#gugus-rollup-table")).to_contain_text("Jawa Barat")


def test_league_table_method_and_slide(signed_in_page, live_server):
    page = signed_in_page
    page.goto(f"{live_server.url}/gugus-tugas")
    _settled(page)
    page.click("#gugus-skor")
    page.wait_for_url(lambda url: "/gugus-tugas/skor" in url)
    expect(page.locator("#skor-table tbody tr").nth(2)).to_contain_text("1")
    # Three months of data: no earlier window to compare with, so nobody "improved" yet.
    expect(page.locator("#skor-improved-card")).to_contain_text("Belum ada wilayah")
    page.click("#skor-method")
    page.wait_for_url(lambda url: "/metode" in url)
    expect(page.locator("#metode-table tbody tr")).to_have_count(8)
    expect(page.locator("#metode-timeliness")).to_contain_text("25")
    page.go_back()
    page.click("#skor-meeting")
    page.wait_for_url(lambda url: "slides=liga" in url)
    expect(page.locator("#rapat-slide")).to_have_attribute("data-slide", "liga")
    expect(page.locator("#rapat-league-table tbody tr")).to_have_count(SLIDE_PAGE_SIZE + 1)


def test_directive_follow_up_and_slide(signed_in_page, live_server):
    from sqlalchemy import text

    with live_server.engine.connect() as connection:
        done = connection.execute(
            text("SELECT COUNT(*) FROM follow_ups WHERE acted_on IS NOT NULL")
        ).scalar()
    page = signed_in_page
    page.goto(f"{live_server.url}/gugus-tugas")
    _settled(page)
    page.click("#gugus-arahan")
    page.locator("#arahan-list a").first.click()
    page.wait_for_url(lambda url: "arahan=" in url)
    expect(page.locator("#arahan-count-done")).to_have_text(str(done))
    page.wait_for_selector("#arahan-map .choroplethlocation")
    page.click("#arahan-meeting")
    page.wait_for_url(lambda url: "slides=arahan" in url)
    expect(page.locator("#rapat-directive-done")).to_have_text(str(done))
    expect(page.locator("#rapat-directive-overdue")).to_have_text(str(552 - done))


def test_admin_adds_a_contact_in_the_browser(browser_page, live_server):
    password = live_server.add_user("e2e-admin", "admin")
    page = browser_page
    _login(page, live_server, "e2e-admin", password)
    page.goto(f"{live_server.url}/admin/kontak?region=53.01")
    expect(page.locator("#contacts-table tbody tr")).to_have_count(3)  # the demo's three
    page.fill("#contacts-add input[name=region_code]", "53.01")
    page.select_option("#contacts-add select[name=role]", "sekda")
    page.fill("#contacts-add input[name=email]", "sekda2@kupang.example")
    page.click("#contacts-add button[type=submit]")
    expect(page.locator("#admin-message")).to_contain_text("Kontak disimpan")
    page.goto(f"{live_server.url}/admin/pengingat")
    expect(page.locator("#reminders-table")).to_be_visible()
