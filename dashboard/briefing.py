"""The PDF briefing of a selection for a meeting, from one data release (fpdf2).

The content comes from :func:`dashboard.data.briefing.build_briefing`; this module
only draws it.  Every page names the release, its data-as-of time (WIB), the source, the
synthetic-data label where it applies and the legend of both hide marks (page footer).
Provinces are a ranked list with bars rather than a map: a choropleth in fpdf2 would mean
drawing 38 boundary polygons by hand for a page a list reads as well on.
"""

from __future__ import annotations

import datetime as dt

from fpdf import FPDF
from sqlalchemy import Engine

from dashboard import formatting
from dashboard.data.briefing import Briefing, Filter, Headline, Period, build_briefing
from dashboard.selection import Selection
from pantau.metrics import METRICS, field_label
from pantau.privacy import release_legend
from pantau.releases.store import ReleaseError, ReleaseInfo, get_release
from pantau.reports.countries import country_name
from pantau.texts import label, t

DARK = (33, 37, 41)
MUTED = (108, 117, 125)
ACCENT = (13, 110, 253)
LIGHT = (206, 212, 218)
WARNING = (255, 193, 7)
FONT = "Helvetica"
FOOTER_HEIGHT = 30.0
TILES_PER_ROW = 3


def plain(text: str) -> str:
    """``text`` in the core fonts' WinAnsi set: "•" and "–" stay, the minus sign becomes
    a hyphen and anything else outside the set a question mark."""
    text = text.replace("\u2212", "-").replace("\u00a0", " ").replace("\u202f", " ")
    return text.encode("windows-1252", "replace").decode("windows-1252")


def period_text(period: Period, lang: str) -> str:
    """``Jul–Sep 2025`` or ``Jan–Des 2025``, as every page writes a period (the months
    the release holds of it)."""
    return formatting.month_range(period.covered_from or period.start, period.end, lang)


def change_text(headline: Headline, previous: Period | None, lang: str) -> str:
    """``+12% dibanding Apr–Jun 2025``, or why no change is shown."""
    if previous is None:
        return t("briefing.no_previous", lang)
    compared = f"{t('briefing.compared', lang)} {period_text(previous, lang)}"
    if headline.change is None:
        hidden = headline.current.hidden or (headline.previous and headline.previous.hidden)
        reason = t("briefing.change_hidden", lang) if hidden else t("briefing.change_none", lang)
        return f"{compared}: {reason}"
    return f"{formatting.change(headline.change, lang)} {compared}"


def filter_text(chosen: Filter, lang: str) -> str:
    """One breakdown filter of the selection and what the briefing did with it."""
    name = (
        t("overseas.countries", lang)
        if chosen.field == "country"
        else field_label(chosen.field, lang)
    )
    value = (
        country_name(chosen.value, lang) if chosen.field == "country" else label(chosen.value, lang)
    )
    if chosen.applied_to:
        metrics = ", ".join(METRICS[key].label(lang) for key in chosen.applied_to)
        return t("briefing.filter_applied", lang, field=name, value=value, metrics=metrics)
    return t(chosen.reason, lang, field=name, value=value)


def hidden_text(hidden: dict[str, int], lang: str) -> str | None:
    """``Tidak diperingkat (disembunyikan): 3 × •, 12 × <5``, or None when none is hidden."""
    marks = [f"{count} \u00d7 {mark}" for mark, count in sorted(hidden.items())]
    return t("briefing.not_ranked", lang, marks=", ".join(marks)) if marks else None


class _Page(FPDF):
    """An A4 page whose footer names the release on every page."""

    def __init__(self, briefing: Briefing, lang: str, now: dt.datetime) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.briefing = briefing
        self.lang = lang
        self.now = now
        self.core_fonts_encoding = "windows-1252"  # "•" and "–" are in WinAnsi

    def write_line(self, text: str, size: float, *, bold=False, color=DARK, h=5.0) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*color)
        self.multi_cell(0, h, plain(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def room(self, height: float) -> None:
        """A new page when ``height`` does not fit above the footer."""
        if self.get_y() + height > self.h - FOOTER_HEIGHT - 2:
            self.add_page()

    def footer(self) -> None:
        info = self.briefing.release
        lang = self.lang
        self.set_y(self.h - FOOTER_HEIGHT)
        self.set_draw_color(*LIGHT)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1)
        source = t(
            "release.source",
            lang,
            number=info.number,
            as_of=formatting.timestamp(info.data_as_of, lang),
        )
        lines = [
            f"{source}. {t('briefing.source', lang)}: {t('briefing.sources_text', lang)}",
            *release_legend(info.threshold, lang),
            f"{t('briefing.generated', lang)}: {formatting.timestamp(self.now, lang)}"
            f" - {t('briefing.page', lang, page=self.page_no())}",
        ]
        for line in lines:
            self.write_line(line, 7.5, color=MUTED, h=3.8)
        if info.synthetic:
            self.write_line(t("briefing.synthetic", lang), 8, bold=True, h=4)


def _header(pdf: _Page, briefing: Briefing, lang: str) -> None:
    title = (
        t("briefing.title_region", lang, region=briefing.region_name)
        if briefing.region_name
        else t("briefing.title", lang)
    )
    pdf.write_line(title, 17, bold=True, h=8)
    period = briefing.period
    kind = t(f"briefing.kind.{period.kind}", lang)
    pdf.write_line(t("briefing.period", lang, period=period_text(period, lang), kind=kind), 11, h=6)
    info = briefing.release
    pdf.write_line(
        t(
            "briefing.release",
            lang,
            number=info.number,
            as_of=formatting.timestamp(info.data_as_of, lang),
            created=formatting.timestamp(info.created_at, lang),
        ),
        9,
        color=MUTED,
    )
    selection = briefing.selection
    notes = []
    if not briefing.follows_selection:
        chosen = formatting.month_range(selection.start, selection.end, lang)
        notes.append(t("briefing.period_other", lang, selection=chosen))
    if briefing.regency_name:
        notes.append(
            t(
                "briefing.regency_as_province",
                lang,
                regency=briefing.regency_name,
                province=briefing.region_name,
            )
        )
    # "*" marks the tiles the applied filter narrows
    notes.extend(
        ("* " if chosen.applied_to else "") + filter_text(chosen, lang)
        for chosen in briefing.filters
    )
    for note in notes:
        pdf.write_line(note, 8.5, h=4.2)
    if info.synthetic:
        pdf.ln(1)
        pdf.set_fill_color(*WARNING)
        pdf.set_font(FONT, "B", 11)
        pdf.set_text_color(*DARK)
        pdf.cell(0, 7, plain(t("briefing.synthetic", lang)), fill=True, align="C")
        pdf.ln(8)
    pdf.ln(2)


def _tiles(pdf: _Page, briefing: Briefing, lang: str) -> None:
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / TILES_PER_ROW
    threshold = briefing.release.threshold
    for start in range(0, len(briefing.headlines), TILES_PER_ROW):
        pdf.room(24)
        top = pdf.get_y()
        for index, headline in enumerate(briefing.headlines[start : start + TILES_PER_ROW]):
            x = pdf.l_margin + index * width
            pdf.set_draw_color(*LIGHT)
            pdf.rect(x + 1, top, width - 2, 22)
            name = METRICS[headline.key].label(lang) + (" *" if headline.narrowed else "")
            pdf.set_xy(x + 3, top + 1.5)
            pdf.set_font(FONT, "", 8)
            pdf.set_text_color(*MUTED)
            pdf.cell(width - 6, 4, plain(name))
            pdf.set_xy(x + 3, top + 6)
            pdf.set_font(FONT, "B", 16)
            pdf.set_text_color(*DARK)
            value = formatting.release_figure(
                headline.current, threshold, lang, METRICS[headline.key]
            )
            pdf.cell(width - 6, 8, plain(value))
            pdf.set_xy(x + 3, top + 14.5)
            pdf.set_font(FONT, "", 7)
            pdf.set_text_color(*MUTED)
            change = change_text(headline, briefing.previous, lang)
            pdf.multi_cell(width - 6, 3.2, plain(change), align="L")
        pdf.set_xy(pdf.l_margin, top + 24)


def _list(pdf: _Page, x: float, top: float, width: float, title: str, rows, hidden, **kw) -> float:
    """A ranked list with bars; returns the y below it."""
    lang, threshold, key = kw["lang"], kw["threshold"], kw["metric"]
    pdf.set_xy(x, top)
    pdf.set_font(FONT, "B", 10.5)
    pdf.set_text_color(*DARK)
    pdf.cell(width, 6, plain(title))
    y = top + 7
    largest = max((row.figure.value or 0 for row in rows), default=0) or 1
    for number, row in enumerate(rows, start=1):
        strong = row.code == kw.get("highlight")
        pdf.set_xy(x, y)
        pdf.set_font(FONT, "B" if strong else "", 8.5)
        pdf.set_text_color(*(ACCENT if strong else DARK))
        rank = f"{number}." if row.figure.hidden is None else "-"
        pdf.cell(width * 0.55, 5, plain(f"{rank} {row.name}"))
        if row.figure.value:
            pdf.set_fill_color(*ACCENT)
            pdf.rect(x + width * 0.55, y + 1.2, width * 0.27 * row.figure.value / largest, 2.6, "F")
        pdf.set_xy(x + width * 0.82, y)
        pdf.set_font(FONT, "B", 8.5)
        pdf.cell(
            width * 0.18,
            5,
            plain(formatting.release_figure(row.figure, threshold, lang, METRICS[key])),
            align="R",
        )
        y += 5.3
    if not rows and not hidden:
        pdf.set_xy(x, y)
        pdf.set_font(FONT, "", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.cell(width, 5, plain(t("no_data", lang)))
        y += 5.3
    note = hidden_text(hidden, lang)
    if note:
        pdf.set_xy(x, y)
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(width, 3.6, plain(note))
        y = pdf.get_y()
    return y


def _lists(pdf: _Page, briefing: Briefing, lang: str) -> None:
    rows = max(len(briefing.provinces), len(briefing.destinations), 1)
    pdf.room(12 + rows * 5.3)
    top = pdf.get_y() + 2
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    common = {"lang": lang, "threshold": briefing.release.threshold}
    provinces = f"{t('briefing.top_provinces', lang)} ({period_text(briefing.period, lang)})"
    left = _list(
        pdf,
        pdf.l_margin,
        top,
        half - 5,
        provinces,
        briefing.provinces,
        briefing.provinces_hidden,
        metric="victims",
        highlight=briefing.region,
        **common,
    )
    countries = t("rapat.countries", lang)
    if briefing.destinations_period is not None:
        countries += f" ({period_text(briefing.destinations_period, lang)})"
    right = _list(
        pdf,
        pdf.l_margin + half + 3,
        top,
        half - 3,
        countries,
        briefing.destinations,
        briefing.destinations_hidden,
        metric="overseas_victims",
        **common,
    )
    pdf.set_xy(pdf.l_margin, max(left, right) + 3)


def _trend(pdf: _Page, briefing: Briefing, lang: str) -> None:
    """Victims by quarter as labelled bars; a hidden quarter shows its mark, no bar."""
    pdf.room(52)
    pdf.write_line(t("briefing.trend", lang), 10.5, bold=True, h=6)
    top = pdf.get_y() + 5
    height = 28.0
    full = pdf.w - pdf.l_margin - pdf.r_margin
    points = briefing.trend
    if not points:
        pdf.write_line(t("no_data", lang), 8.5, color=MUTED)
        return
    step = full / max(len(points), 4)
    largest = max((figure.value or 0 for _, figure in points), default=0) or 1
    threshold = briefing.release.threshold
    for index, (period, figure) in enumerate(points):
        x = pdf.l_margin + index * step
        bar = height * (figure.value or 0) / largest
        shown = period.start == briefing.period.start or (
            briefing.period.kind == "year" and period.start.year == briefing.period.start.year
        )
        pdf.set_fill_color(*(ACCENT if shown else LIGHT))
        if figure.value:
            pdf.rect(x + step * 0.2, top + height - bar, step * 0.6, bar, "F")
        pdf.set_xy(x, top + height - bar - 4.5)
        pdf.set_font(FONT, "B", 8)
        pdf.set_text_color(*DARK)
        pdf.cell(
            step,
            4,
            plain(formatting.release_figure(figure, threshold, lang, METRICS["victims"])),
            align="C",
        )
        pdf.set_xy(x, top + height + 1)
        pdf.set_font(FONT, "", 7)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(step, 3.2, plain(period_text(period, lang)), align="C")
    pdf.set_xy(pdf.l_margin, top + height + 9)


def _funnel(pdf: _Page, briefing: Briefing, lang: str) -> None:
    pdf.room(8 + 5.3 * len(briefing.funnel))
    title = f"{t('enforcement.funnel', lang)} ({period_text(briefing.period, lang)})"
    pdf.write_line(title, 10.5, bold=True, h=6)
    full = pdf.w - pdf.l_margin - pdf.r_margin - 110
    largest = max((stage.figure.value or 0 for stage in briefing.funnel), default=0) or 1
    threshold = briefing.release.threshold
    for stage in briefing.funnel:
        y = pdf.get_y()
        value = stage.figure.value or 0
        pdf.set_xy(pdf.l_margin, y)
        pdf.set_font(FONT, "", 8.5)
        pdf.set_text_color(*DARK)
        pdf.cell(50, 5, plain(METRICS[stage.stage].label(lang)))
        if value:
            pdf.set_fill_color(*ACCENT)
            pdf.rect(pdf.l_margin + 50, y + 1.2, max(full * value / largest, 0.5), 2.6, "F")
        pdf.set_xy(pdf.l_margin + 52 + full, y)
        pdf.set_font(FONT, "B", 8.5)
        pdf.cell(
            18,
            5,
            plain(formatting.release_figure(stage.figure, threshold, lang, METRICS[stage.stage])),
            align="R",
        )
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(*MUTED)
        share = (
            t("briefing.of_reports", lang, share=formatting.percent(stage.share_of_reports, lang))
            if stage.share_of_reports is not None
            else formatting.DASH
        )
        pdf.cell(40, 5, plain(share), align="R")
        pdf.set_xy(pdf.l_margin, y + 5.3)


def render_briefing(
    briefing: Briefing, lang: str = "id", *, now: dt.datetime | None = None
) -> bytes:
    """The briefing as an A4 PDF (one page unless its notes push a section over)."""
    now = now or dt.datetime.now(dt.UTC)
    pdf = _Page(briefing, lang, now)
    pdf.set_auto_page_break(True, margin=FOOTER_HEIGHT + 2)
    pdf.set_margins(14, 12, 14)
    title = t("briefing.title", lang)
    pdf.set_title(plain(title))
    pdf.set_creator("Pantau TPPO")
    pdf.set_creation_date(now)
    pdf.add_page()
    _header(pdf, briefing, lang)
    _tiles(pdf, briefing, lang)
    _lists(pdf, briefing, lang)
    _trend(pdf, briefing, lang)
    _funnel(pdf, briefing, lang)
    return bytes(pdf.output())


class BriefingUnavailable(LookupError):
    """No release to brief from: the HTTP status and the text that says why."""

    def __init__(self, status: int, key: str, **values: object) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.values = values

    def message(self, lang: str) -> str:
        """What the reader is told, in ``lang``."""
        return t(self.key, lang, **self.values)


def briefing_release(engine: Engine, release: str | None) -> ReleaseInfo:
    """Release ``release`` of a briefing link (``?rilis=N``; the latest when None);
    :class:`BriefingUnavailable` when there is no such release."""
    if release is not None and not release.isdigit():
        raise BriefingUnavailable(404, "briefing.release_missing", number=release[:12])
    try:
        return get_release(engine, int(release) if release is not None else None)
    except ReleaseError:
        if release is None:
            raise BriefingUnavailable(409, "briefing.no_release") from None
        raise BriefingUnavailable(404, "briefing.release_missing", number=release) from None


def briefing_pdf(
    engine: Engine, selection: Selection, info: ReleaseInfo, lang: str = "id"
) -> bytes:
    """The PDF of the page's selection from release ``info``."""
    return render_briefing(build_briefing(engine, info, selection, lang), lang)
