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

from jobs.config import load_config
from jobs.demo import run_demo
from pantau.settings import Settings


def load(engine: Engine) -> None:
    """Three months of demonstration data ending December 2024 (the lists' month)."""
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            data_dir=Path(data_dir),
            database_url=engine.url.render_as_string(hide_password=False),
            explicit_secret_key="e2e-test-secret-key",
        )
        run_demo(engine, settings, load_config(settings), months=3, seed=2023, end=END)


@pytest.fixture(scope="module")
def live_server_data():
    return load


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
    expect(page.locator("#rapat-list-heading")).to_contain_text(f"({count})")
    expect(page.locator("#rapat-list-table tbody tr")).to_have_count(min(count, 10) + 1)
