"""Meeting mode reads only from a data release (#10): every figure a slide shows is a shown
cell of the release, live facts do not move it, and "changes since release N" names what
a correction moved."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from dashboard_support import as_user, export_client, find, loaded_page, texts
from factories import simple_report, store_report
from sqlalchemy import insert, select, update
from test_releases import TODAY, correct_police_reports, load_reports, load_reports_from_october

from dashboard.callbacks.shell import current_filters
from dashboard.data import memo, reference
from dashboard.filters import FilterState
from dashboard.slides_release import KINDS, SLIDES, meeting_view
from pantau.access import Scope
from pantau.models import Fact, Report, TaskForce
from pantau.releases.audit import audit_release
from pantau.releases.models import ReleaseCell
from pantau.releases.store import create_release, figures
from pantau.releases.tables import NATIONAL, totals_table
from pantau.taskforces import registry

REGIONS = (None, "32", "33.01")  # national, a province, a regency
NUMBER = re.compile(r"^\d[\d.]*")
NAME = re.compile(r"<span[^>]*>[^<]*</span>(<br>)?")


def _slide(app, name: str, search: str, scope: Scope | None = None):
    rapat = loaded_page("rapat")
    params = dict(part.split("=") for part in search.lstrip("?").split("&") if part)
    with as_user(app, scope or Scope.national()):
        filters = current_filters(search)  # pinned to the user's scope, as the page does
        return rapat.slide(name, 1, 1, filters, "light", params)


def _written(section) -> list[str]:
    """Every value written on a slide: tiles, and the texts of its charts' traces."""
    written = [
        text
        for part in section._traverse()
        if str(getattr(part, "id", "")).endswith("-value")
        for text in texts(part)
    ]
    for part in section._traverse():
        figure = getattr(part, "figure", None)
        for trace in getattr(figure, "data", ()) or ():
            if trace.text is not None:
                written.extend(_value_of(str(text)) for text in trace.text)
    return written


def _value_of(label: str) -> str:
    """The value a map tile writes, without the province name above it."""
    return re.sub(r"<[^>]+>", "", NAME.sub("", label)).strip()


def _shown_values(engine, number: int) -> set[int]:
    """Every value release ``number`` shows, in any of its tables."""
    with engine.connect() as connection:
        return set(
            connection.scalars(
                select(ReleaseCell.value).where(
                    ReleaseCell.release_id == number, ReleaseCell.value.is_not(None)
                )
            )
        )


def _search(region: str | None, period: str) -> str:
    if region is None:
        return f"?periode={period}"
    regency = f"&regency={region}" if "." in region else ""
    return f"?province={region[:2]}{regency}&periode={period}"


def test_every_figure_on_every_slide_is_a_shown_release_cell(app, engine, settings) -> None:
    """The rapat attacker: every slide, period and level of a release shows only figures
    the release shows, whose audit narrows no hidden cell; so no slide gives one away."""
    load_reports(engine)
    create_release(engine, settings, today=TODAY)
    assert sum(entry.narrowed for entry in audit_release(engine, 1)) == 0
    allowed = _shown_values(engine, 1) | {0}
    for region in REGIONS:
        for period in KINDS:
            search = _search(region, period)
            for name in SLIDES:
                section = _slide(app, name, search)
                assert "rilis data 1" in " ".join(texts(find(section, "rapat-release")))
                if name != "perubahan":
                    assert not find(section, "rapat-empty"), (name, search)
                for text in _written(section):
                    match = NUMBER.match(text)
                    if match and not text[match.end() :].lstrip().startswith("%"):
                        value = int(match.group().replace(".", ""))
                        assert value in allowed, (name, search, text)


def test_tiles_equal_the_release_cells_and_live_facts_do_not_move_them(
    app, engine, settings
) -> None:
    load_reports(engine)
    create_release(engine, settings, today=TODAY)
    quarter = dt.date(2025, 10, 1)
    cells = figures(engine, 1, "national_quarter", period=quarter, regions=[NATIONAL])
    victims = cells[("victims", NATIONAL, quarter, "", "")]
    before = _slide(app, "ringkasan", "?periode=triwulan")
    tile = " ".join(texts(find(before, "rapat-tile-victims-value")))
    assert tile == (f"{victims.value:,}".replace(",", ".") if victims.value is not None else tile)
    if victims.value is None:
        assert tile in ("<5", "•")
    # a new report lands after the release: the meeting does not move until a new release
    with engine.begin() as connection:
        report = connection.execute(
            insert(Report).returning(Report.id),
            {
                "origin": "gugus_tugas",
                "source": "test",
                "region_code": "53.02",
                "period": dt.date(2025, 11, 1),
                "report_key": "gugus_tugas|53.02|2025-11-extra",
                "version": 1,
                "file_name": "late.json",
                "content_hash": "late",
                "status": "accepted",
                "synthetic": True,
                "row_count": 1,
                "received_at": dt.datetime(2026, 1, 15, tzinfo=dt.UTC),
            },
        ).scalar_one()
        connection.execute(
            insert(Fact),
            [
                {
                    "report_id": report,
                    "origin": "gugus_tugas",
                    "region_code": "53.02",
                    "province_code": "53",
                    "period": dt.date(2025, 11, 1),
                    "current": True,
                    "metric": "victims",
                    "item": None,
                    "sex": "female",
                    "age_group": "adult",
                    "exploitation": "forced_labour",
                    "country": "MY",
                    "value": 40,
                }
            ],
        )
    memo.clear_shared_memo()
    after = _slide(app, "ringkasan", "?periode=triwulan")
    assert texts(find(after, "rapat-tile-victims-value")) == texts(
        find(before, "rapat-tile-victims-value")
    )


def test_the_next_meeting_opens_with_the_changes_since_release_n(app, engine, settings) -> None:
    load_reports(engine)
    create_release(engine, settings, today=TODAY)
    correct_police_reports(engine, "gugus_tugas|33.01|2025-06", "33.01", dt.date(2025, 6, 1), 250)
    create_release(engine, settings, today=TODAY)
    rapat = loaded_page("rapat")
    with as_user(app, Scope.national()):
        layout = rapat.layout()
    # with two releases the meeting opens on the change slide
    assert find(layout, "rapat-slide").to_plotly_json()["props"]["data-slide"] == "perubahan"
    section = _slide(app, "perubahan", "?sejak=1")
    assert "Perubahan sejak rilis 1" in texts(find(section, "rapat-title"))
    assert texts(find(section, "rapat-changes-corrected-value")) == ["1"]
    corrected = " ".join(texts(find(section, "rapat-changes-corrected")))
    assert "Jun 2025" in corrected
    table = find(section, "rapat-changes-table")
    rows = {(row["figure"], row["region"]): row for row in table.data}
    national = rows[("Laporan polisi", "Indonesia")]
    assert national["after"] != national["before"]


def test_without_a_release_the_meeting_says_how_to_make_one(app, engine) -> None:
    load_reports(engine)
    section = _slide(app, "ringkasan", "")
    assert "pantau release create" in " ".join(texts(find(section, "rapat-empty")))
    # the task-force slides read the register as a release knew it: none yet either
    register = _slide(app, "gugus", "")
    assert "pantau release create" in " ".join(texts(find(register, "rapat-empty")))
    # only the directive slide reads a live record, the secretariat's, and says so
    directive = _slide(app, "arahan", "")
    assert "catatan sekretariat" in " ".join(texts(find(directive, "rapat-release")))


def test_opening_the_meeting_prepares_its_slides_in_the_background(
    app, engine, settings, monkeypatch
) -> None:
    """The presenter's "next" finds each slide drawn: opening the deck draws the rest of it
    in the background (a release never changes), so nothing is computed on the click."""
    load_reports(engine)
    create_release(engine, settings, today=TODAY)
    rapat = loaded_page("rapat")
    with as_user(app, Scope.national()):
        rapat.layout(periode="tahun")
    rapat._PREPARER.submit(lambda: None).result()  # the preparation queued before is done

    def not_drawn_again(*args, **kwargs):
        raise AssertionError("a slide of an opened deck was drawn again")

    monkeypatch.setattr(rapat, "release_body", not_drawn_again)
    monkeypatch.setattr(rapat, "register_body", not_drawn_again)
    for name in rapat.SLIDES:
        if name not in ("perubahan", "arahan"):  # no second release; arahan is live
            assert _slide(app, name, "?periode=tahun") is not None
    with pytest.raises(AssertionError, match="drawn again"):
        _slide(app, "ringkasan", "?periode=triwulan")  # a deck not opened yet


def _supersede(engine, report_id: int, correction) -> None:
    """Load ``correction`` as the new version of report ``report_id``."""
    new = store_report(engine, correction, source="correction", version=2)
    with engine.begin() as connection:
        connection.execute(
            update(Report)
            .where(Report.id == report_id)
            .values(status="superseded", superseded_by_id=new)
        )
        connection.execute(
            update(TaskForce).where(TaskForce.report_id == report_id).values(current=False)
        )
        connection.execute(update(Fact).where(Fact.report_id == report_id).values(current=False))


def test_task_force_slides_show_the_register_as_the_release_knew_it(app, engine, settings) -> None:
    month = dt.date(2025, 12, 1)
    first = store_report(engine, simple_report("32.01", month))
    store_report(engine, simple_report("32.02", month))
    create_release(engine, settings, today=TODAY)

    def without_task_force() -> int:
        heading = find(_slide(app, "gugus-none", ""), "rapat-list-heading")
        return int(getattr(heading, "data-count"))

    def live_without_task_force() -> int:
        rows = registry(engine, settings, as_of=month, today=TODAY)
        return sum(1 for row in rows if not row.has_task_force)

    shown, live = without_task_force(), live_without_task_force()
    assert shown == live  # the release rests on every report so far
    # a correction says 32.01 has no task force after all: live lists move, the slide not
    _supersede(engine, first, simple_report("32.01", month, established=False))
    assert live_without_task_force() == live + 1
    assert without_task_force() == shown
    source = texts(find(_slide(app, "gugus-none", ""), "rapat-release"))
    assert "rilis data 1" in " ".join(source) and "bukan angka orang" in " ".join(source)
    # the next release knows the correction
    create_release(engine, settings, today=TODAY)
    assert without_task_force() == live + 1


@pytest.mark.parametrize("role,region", [("provinsi", "33"), ("kabupaten", "33.01")])
def test_regional_meetings_show_their_region_from_the_release(
    app, engine, settings, role, region
) -> None:
    load_reports(engine)
    create_release(engine, settings, today=TODAY)
    section = _slide(app, "ringkasan", f"?province={region[:2]}", Scope.for_user(role, region))
    title = " ".join(texts(find(section, "rapat-title")))
    assert title == f"Ringkasan {reference.regions(engine)[region].name}"
    level = "province" if "." not in region else "regency"
    scope = Scope.for_user(role, region)
    view = meeting_view(engine, FilterState.from_query({}, scope=scope), {})
    kind = view.kind_for(level)
    period = view.latest(kind)
    cell = figures(engine, 1, totals_table(level, kind), period=period, regions=[region])
    victims = cell[("victims", region, period, "", "")]
    written = texts(find(section, "rapat-tile-victims-value"))
    assert written == [str(victims.value) if victims.value is not None else victims.mark(4)]


def test_the_meeting_offers_the_pdf_briefing_of_the_release_it_shows(app, engine, settings) -> None:
    from urllib.parse import parse_qs, urlsplit

    from pypdf import PdfReader

    load_reports(engine)
    create_release(engine, settings, today=TODAY)
    create_release(engine, settings, today=TODAY)
    rapat = loaded_page("rapat")
    with as_user(app, Scope.national()):
        shown = find(rapat.layout(rilis="1", province="53"), "rapat-briefing").href
        latest = find(rapat.layout(), "rapat-briefing").href
    assert parse_qs(urlsplit(shown).query) == {"rilis": ["1"], "province": ["53"]}
    assert parse_qs(urlsplit(latest).query)["rilis"] == ["2"]
    # picking another release in the meeting rewrites the link with it
    _config, picked = rapat.choose_release("2", "tahun", None, {"search": "?rilis=1"})
    assert parse_qs(urlsplit(picked).query)["rilis"] == ["2"]
    # the PDF served from the link names release 1, not the latest
    response = export_client(settings).get(shown)
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.data)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "Rilis data 1" in text and "Rilis data 2" not in text


def test_a_partial_first_year_is_labelled_with_its_months_on_a_slide(app, engine, settings) -> None:
    load_reports_from_october(engine)
    create_release(engine, settings, today=TODAY)
    for name in ("ringkasan", "peta", "tren"):
        section = _slide(app, name, "?periode=tahun")
        source = " ".join(texts(find(section, "rapat-source")))
        assert "Okt–Des 2025" in source and "Jan" not in source, (name, source)
    trend = find(_slide(app, "tren", "?periode=tahun"), "rapat-trend").figure
    assert list(trend["data"][0]["x"]) == ["Okt–Des 2025"]
