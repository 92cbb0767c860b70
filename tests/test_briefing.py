"""The PDF briefing: the page's selection, read from a data release only (issue #10)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from dashboard_support import export_client
from pypdf import PdfReader
from sqlalchemy import Engine, update
from test_releases import TODAY, load_reports, load_reports_from_october

from dashboard import formatting
from dashboard.briefing import period_text, render_briefing
from dashboard.data.briefing import Briefing, Period, briefing_period, build_briefing
from dashboard.selection import Selection
from pantau.metrics import FUNNEL, METRICS
from pantau.models import Fact
from pantau.privacy import COMPLEMENT_MARK, release_legend, suppressed_label
from pantau.releases.audit import audit_release
from pantau.releases.store import Figure, ReleaseInfo, create_release, figures, get_release
from pantau.settings import Settings
from pantau.texts import t

Q = {quarter: dt.date(2025, 3 * quarter - 2, 1) for quarter in range(1, 5)}
YEAR = Selection(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 1))
NOW = dt.datetime(2026, 1, 21, 3, 0, tzinfo=dt.UTC)


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, lines joined by spaces (a tile wraps its sentences)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _info(first: dt.date, last: dt.date) -> ReleaseInfo:
    created = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    return ReleaseInfo(1, created, created, first, last, 4, 10, True, {})


@pytest.fixture
def released(engine: Engine, settings: Settings) -> ReleaseInfo:
    """Release 1 of the twelve months of 2025 (synthetic, small and large figures)."""
    load_reports(engine)
    return create_release(engine, settings, today=TODAY)


def test_the_period_shown_is_a_complete_quarter_or_year_of_the_release() -> None:
    full = _info(Q[1], dt.date(2025, 12, 1))
    short = Selection(start=dt.date(2025, 6, 1), end=dt.date(2025, 10, 1))
    assert briefing_period(full, short) == (Period("quarter", Q[4], dt.date(2025, 12, 1)), True)
    assert briefing_period(full, YEAR) == (Period("year", Q[1], dt.date(2025, 12, 1)), True)
    # a selection after (or before) the release: its latest complete period, said so
    later = Selection(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 1))
    assert briefing_period(full, later) == (Period("quarter", Q[4], dt.date(2025, 12, 1)), False)
    earlier = Selection(start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 1))
    assert briefing_period(full, earlier)[1] is False
    # no complete year: a year's selection falls back to the latest complete quarter
    partial = _info(Q[1], dt.date(2025, 8, 1))
    assert briefing_period(partial, YEAR) == (Period("quarter", Q[2], dt.date(2025, 6, 1)), False)
    # not even a complete quarter: the last months, as far as the release goes
    young = _info(Q[1], dt.date(2025, 2, 1))
    assert briefing_period(young, YEAR)[0] == Period("quarter", Q[1], dt.date(2025, 2, 1))


def _cell(engine: Engine, table: str, metric: str, region: str, period: dt.date) -> Figure:
    found = figures(engine, 1, table, period=period, metric=metric, regions=[region])
    return found[(metric, region, period, "", "")]


def printed_cells(engine: Engine, briefing: Briefing) -> list[tuple[Figure, Figure]]:
    """Every figure the briefing prints beside the release cell it must be."""
    level = "national" if briefing.region == "ID" else "province"
    period = briefing.period
    pairs = []
    for headline in briefing.headlines:
        if headline.narrowed:
            continue
        table = f"{level}_{period.kind}"
        pairs.append(
            (headline.current, _cell(engine, table, headline.key, briefing.region, period.start))
        )
        if briefing.previous is not None:
            expected = _cell(engine, table, headline.key, briefing.region, briefing.previous.start)
            pairs.append((headline.previous, expected))
    for row in briefing.provinces:
        pairs.append(
            (
                row.figure,
                _cell(engine, f"province_{period.kind}", "victims", row.code, period.start),
            )
        )
    for quarter, figure in briefing.trend:
        pairs.append(
            (figure, _cell(engine, f"{level}_quarter", "victims", briefing.region, quarter.start))
        )
    for stage in briefing.funnel:
        pairs.append(
            (
                stage.figure,
                _cell(engine, f"{level}_{period.kind}", stage.stage, briefing.region, period.start),
            )
        )
    if briefing.destinations_period is not None:
        at = briefing.destinations_period
        table = ("destination_" if level == "national" else "origin_destination_") + at.kind
        cells = figures(engine, 1, table, period=at.start, regions=[briefing.region])
        for row in briefing.destinations:
            pairs.append(
                (
                    row.figure,
                    cells[("overseas_victims", briefing.region, at.start, "country", row.code)],
                )
            )
    return pairs


def printed_numbers(text: str, briefing: Briefing, lang: str) -> set[int]:
    """The counts printed in a briefing's text: every number but those of times, periods,
    ranks, percentages, money and the fixed texts (release number, legend, page)."""
    info = briefing.release
    as_of = formatting.timestamp(info.data_as_of, lang)
    periods = [briefing.period, briefing.previous, briefing.destinations_period]
    periods += [period for period, _ in briefing.trend]
    fixed = [
        *(formatting.timestamp(moment, lang) for moment in (info.data_as_of, info.created_at, NOW)),
        *(period_text(period, lang) for period in periods if period is not None),
        formatting.month_range(briefing.selection.start, briefing.selection.end, lang),
        *release_legend(info.threshold, lang),
        t("release.source", lang, number=info.number, as_of=as_of),
        t("briefing.page", lang, page=1),
    ]
    for known in sorted(fixed, key=len, reverse=True):
        text = text.replace(" ".join(known.split()), " ")
    text = re.sub(r"Rp [\d.,]+( \w+)?", " ", text)  # money: exact, not a count of persons
    text = re.sub(r"[-+−]?\d[\d.,]*%", " ", text)  # changes and shares
    text = re.sub(r"\b\d+\. ", " ", text)  # ranks
    text = re.sub(r"\b\d+ × ", " ", text)  # how many rows a mark hides (the release says so)
    text = text.replace(suppressed_label(info.threshold), " ")
    text = re.sub(rf"{_release_word(lang)} {info.number}\b", " ", text)
    separator = "." if lang == "id" else ","
    return {int(token.replace(separator, "")) for token in re.findall(r"\b\d[\d.,]*\b", text)}


def _release_word(lang: str) -> str:
    return "Rilis data" if lang == "id" else "Data release"


def test_the_pdf_prints_the_release_and_not_live_facts(engine, released) -> None:
    info = get_release(engine)
    content = build_briefing(engine, info, YEAR, "id")
    assert content.period == Period("year", Q[1], dt.date(2025, 12, 1))
    assert content.previous is None and content.follows_selection
    pairs = printed_cells(engine, content)
    assert len(pairs) > 15
    assert all(shown == cell for shown, cell in pairs)
    assert [stage.stage for stage in content.funnel] == list(FUNNEL)
    before = pdf_text(render_briefing(content, "id", now=NOW))
    for headline in content.headlines:
        assert formatting.release_figure(headline.current, 4, "id", METRICS[headline.key]) in before
    assert "Rilis data 1" in before
    assert formatting.timestamp(info.data_as_of, "id") in before
    assert "DATA SINTETIS" in before
    for line in release_legend(info.threshold, "id"):
        assert line in before
    # facts change after the release: the briefing does not
    with engine.begin() as connection:
        connection.execute(update(Fact).values(value=Fact.value + 100))
    after = build_briefing(engine, get_release(engine), YEAR, "id")
    assert after == content
    assert pdf_text(render_briefing(after, "id", now=NOW)) == before


def test_money_is_written_in_words(engine, released) -> None:
    content = build_briefing(engine, released, YEAR, "en")
    money = next(h for h in content.headlines if h.key == "restitution_awarded")
    assert METRICS[money.key].number_format == "idr"
    assert (
        formatting.release_figure(Figure(23_700_000_000), 4, "id", METRICS[money.key])
        == "Rp 23,7 miliar"
    )
    assert formatting.release_figure(money.current, 4, "en", METRICS[money.key]).startswith(
        ("Rp", "–")
    )


def test_a_province_briefing_shows_that_province(engine, released) -> None:
    quarter = Selection(start=dt.date(2025, 7, 1), end=dt.date(2025, 9, 1), province="33")
    content = build_briefing(engine, released, quarter, "id")
    assert content.region == "33" and content.region_name == "Jawa Tengah"
    assert content.period == Period("quarter", Q[3], dt.date(2025, 9, 1))
    assert content.previous == Period("quarter", Q[2], dt.date(2025, 6, 1))
    assert all(shown == cell for shown, cell in printed_cells(engine, content))
    victims = content.headlines[0]
    assert victims.key == "victims"
    assert victims.current == _cell(engine, "province_quarter", "victims", "33", Q[3])
    # a province's destinations come by year: the release has no province × quarter ones
    assert content.destinations_period == Period("year", Q[1], dt.date(2025, 12, 1))
    text = pdf_text(render_briefing(content, "id", now=NOW))
    assert "Ringkasan TPPO Jawa Tengah" in text and "Jul–Sep 2025 (triwulan)" in text
    assert "Jawa Tengah" in text.split("Provinsi dengan korban terbanyak")[1]
    # a regency selection gives its province, and the page says so
    regency = build_briefing(engine, released, Selection(start=Q[3], end=Q[3], regency="33.01"))
    assert regency.region == "33" and regency.regency_name
    assert regency.headlines == content.headlines
    assert regency.regency_name in pdf_text(render_briefing(regency, "id", now=NOW))


def test_changes_come_only_from_shown_figures(engine, released) -> None:
    for region in ("ID", "32", "33", "53"):
        province = None if region == "ID" else region
        selection = Selection(start=Q[4], end=dt.date(2025, 12, 1), province=province)
        content = build_briefing(engine, released, selection, "en")
        for headline in content.headlines:
            if headline.current.hidden or headline.previous.hidden:
                assert headline.change is None
            elif headline.previous.value:
                assert headline.change == pytest.approx(
                    headline.current.value / headline.previous.value - 1
                )
    hidden = [
        h for h in content.headlines if h.current.hidden or (h.previous and h.previous.hidden)
    ]
    text = pdf_text(render_briefing(content, "en", now=NOW))
    assert not hidden or "change not shown (a figure is hidden)" in text


def test_overlapping_briefings_print_only_shown_release_cells(engine, released) -> None:
    """Briefings of every region over overlapping selections print release cells only, so
    differencing them is an attack on the release itself, which the audit defeats."""
    selections = [
        (dt.date(2025, 6, 1), dt.date(2025, 10, 1)),
        (dt.date(2025, 7, 1), dt.date(2025, 10, 1)),
        (dt.date(2025, 1, 1), dt.date(2025, 12, 1)),
        (dt.date(2024, 12, 1), dt.date(2025, 11, 1)),
        (dt.date(2025, 4, 1), dt.date(2025, 5, 1)),
    ]
    printed = 0
    marks = set()
    seen: set[int] = set()
    for province in (None, "32", "33", "53"):
        for start, end in selections:
            content = build_briefing(
                engine, released, Selection(start=start, end=end, province=province)
            )
            pairs = printed_cells(engine, content)
            for shown, cell in pairs:
                assert shown == cell
                printed += 1
                marks.add(shown.mark(4))
            for lang in ("id", "en"):
                text = pdf_text(render_briefing(content, lang, now=NOW))
                numbers = printed_numbers(text, content, lang)
                assert numbers <= {cell.value for _, cell in pairs}, (province, start, lang)
                seen |= numbers
    assert len(seen) > 20  # the check reads the counts of the page
    assert printed > 300 and {"<5", COMPLEMENT_MARK} <= marks
    assert sum(entry.narrowed for entry in audit_release(engine, 1)) == 0


def test_breakdown_filters_apply_where_the_release_has_them_and_say_so(engine, released) -> None:
    female = build_briefing(
        engine, released, Selection(start=Q[1], end=dt.date(2025, 12, 1), sex="female")
    )
    assert [f.applied_to for f in female.filters] == [("victims", "overseas_victims")]
    victims = female.headlines[0]
    assert victims.narrowed
    cells = figures(
        engine, 1, "breakdown_national_year", period=Q[1], metric="victims", breakdown="sex"
    )
    assert victims.current == cells[("victims", "ID", Q[1], "sex", "female")]
    assert not next(h for h in female.headlines if h.key == "police_reports").narrowed
    text = pdf_text(render_briefing(female, "id", now=NOW))
    assert "Jenis kelamin: Perempuan - diterapkan pada Korban" in text
    # a destination country narrows the overseas victims, by the destination table
    malaysia = build_briefing(engine, released, Selection(start=Q[4], end=Q[4], country="MY"))
    tiles = {headline.key: headline for headline in malaysia.headlines}
    assert tiles["overseas_victims"].narrowed and not tiles["victims"].narrowed
    destinations = figures(engine, 1, "destination_quarter", metric="overseas_victims")
    for at, shown in (
        (Q[4], tiles["overseas_victims"].current),
        (Q[3], tiles["overseas_victims"].previous),
    ):
        assert shown == destinations[("overseas_victims", "ID", at, "country", "MY")]
    # province × quarter holds no breakdown; a second breakdown never applies
    chosen = Selection(start=Q[3], end=Q[3], province="33", exploitation="online_scam", sex="male")
    content = build_briefing(engine, released, chosen, "en")
    assert [(f.field, f.reason) for f in content.filters] == [
        ("sex", "briefing.filter_level"),
        ("exploitation", "briefing.filter_one"),
    ]
    assert not any(headline.narrowed for headline in content.headlines)
    text = pdf_text(render_briefing(content, "en", now=NOW))
    assert "Sex: Male - could not be applied" in text
    assert "could not be applied: the release holds each breakdown on its own" in text


@pytest.fixture
def client(settings: Settings):
    return export_client(settings)


def test_the_route_serves_a_release_or_says_there_is_none(client, engine, settings) -> None:
    load_reports(engine)
    query = "/export/briefing.pdf?period_from=2025-01&period_to=2025-12"
    response = client.get(query)
    assert response.status_code == 409
    assert response.mimetype == "text/plain"
    expected = "Belum ada rilis data; admin membuat rilis dengan `pantau release create`."
    assert response.get_data(as_text=True) == expected
    english = client.get(query + "&lang=en").get_data(as_text=True)
    assert english == "No data release yet; an admin creates one with `pantau release create`."
    create_release(engine, settings, today=TODAY)
    response = client.get(query + "&province=53")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Nusa Tenggara Timur" in pdf_text(response.data)
    # the file is named by its release and the months it shows, never only the selection
    disposition = client.get(query + "&rilis=1").headers["Content-Disposition"]
    assert (
        disposition
        == 'attachment; filename="pantau-tppo_briefing_rilis-1_2025-01_2025-12_DATA-SINTETIS.pdf"'
    )
    assert client.get(query + "&rilis=2").status_code == 404
    assert client.get(query + "&rilis=x").status_code == 404


def test_a_partial_first_year_is_labelled_with_its_months(engine, settings) -> None:
    """A release of Oct–Dec 2025: the year 2025 a province's destinations are read from is
    written "Okt–Des 2025", never as the whole year."""
    load_reports_from_october(engine)
    info = create_release(engine, settings, today=TODAY)
    content = build_briefing(engine, info, Selection(Q[1], Q[4], province="53"), "id")
    assert content.destinations_period == Period("year", Q[1], dt.date(2025, 12, 1), Q[4])
    text = pdf_text(render_briefing(content, "id", now=NOW))
    assert "(Okt–Des 2025)" in text
    assert "(Jan–Des 2025)" not in text and "(2025)" not in text
    english = pdf_text(render_briefing(content, "en", now=NOW))
    assert "(Oct–Dec 2025)" in english and "(2025)" not in english
