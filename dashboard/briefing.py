"""The one-page PDF briefing of the national picture for a coordination meeting (fpdf2)."""

from __future__ import annotations

import datetime as dt

from fpdf import FPDF

from dashboard import formatting
from dashboard.analysis.national import Briefing, Headline
from pantau.metrics import METRICS
from pantau.privacy import suppressed_label
from pantau.texts import label, t

HEADLINE_LABELS = {
    "victims": "headline.victims",
    "kemenlu": "briefing.kemenlu",
}


def _headline_label(key: str, lang: str) -> str:
    """Briefing tiles: registry metrics by their label, the other tiles by their text."""
    return METRICS[key].label(lang) if key in METRICS else t(HEADLINE_LABELS[key], lang)


DARK = (33, 37, 41)
MUTED = (108, 117, 125)
ACCENT = (13, 110, 253)
WARNING = (255, 193, 7)


def _latin(text: str) -> str:
    """``text`` in the PDF core fonts' character set (typographic quotes made plain)."""
    plain = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2013", "-")
    return plain.encode("latin-1", "replace").decode("latin-1")


def count_text(value: int | None, threshold: int, lang: str) -> str:
    """A count with thousands separators, or ``<5`` when hidden."""
    if value is None:
        return suppressed_label(threshold)
    return formatting.number(value, lang)


def period_text(start: dt.date, end: dt.date, lang: str) -> str:
    """``Jan–Des 2024`` (one month alone when equal), as every page writes a period."""
    return formatting.month_range(start, end, lang)


def change_text(headline: Headline, briefing: Briefing, lang: str) -> str:
    """``+12% dibanding Jan 2023 - Des 2023`` or why there is no change to show."""
    previous = briefing.criteria.previous()
    compared = f"{t('briefing.compared', lang)} {period_text(previous.start, previous.end, lang)}"
    if headline.change is None:
        if headline.previous is None or headline.current is None:
            return f"{compared}: {count_text(headline.previous, briefing.threshold, lang)}"
        return t("briefing.no_previous", lang)
    return f"{formatting.change(headline.change, lang)} {compared}"


class _Page(FPDF):
    def cell_line(self, text: str, size: float, *, bold: bool = False, color=DARK, h=6.0):
        self.set_font("Helvetica", "B" if bold else "", size)
        self.set_text_color(*color)
        self.cell(0, h, _latin(text), new_x="LMARGIN", new_y="NEXT")


def _headlines(pdf: _Page, briefing: Briefing, lang: str) -> None:
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / len(briefing.headlines)
    top = pdf.get_y()
    for index, headline in enumerate(briefing.headlines):
        x = pdf.l_margin + index * width
        pdf.set_draw_color(*MUTED)
        pdf.rect(x + 1, top, width - 2, 30)
        pdf.set_xy(x + 2, top + 2)
        pdf.set_font("Helvetica", "", 7.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(width - 4, 3.5, _latin(_headline_label(headline.key, lang)))
        pdf.set_xy(x + 2, top + 10)
        pdf.set_font("Helvetica", "B", 17)
        pdf.set_text_color(*DARK)
        pdf.cell(width - 4, 9, _latin(count_text(headline.current, briefing.threshold, lang)))
        pdf.set_xy(x + 2, top + 20)
        pdf.set_font("Helvetica", "", 6.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(width - 4, 3, _latin(change_text(headline, briefing, lang)))
    pdf.set_xy(pdf.l_margin, top + 34)


def _ranked(pdf: _Page, x: float, top: float, width: float, title: str, rows, briefing, lang):
    pdf.set_xy(x, top)
    pdf.set_font("Helvetica", "B", 11)
    pdf.set_text_color(*DARK)
    pdf.cell(width, 7, _latin(title))
    pdf.set_font("Helvetica", "", 10)
    y = top + 8
    for number, row in enumerate(rows, start=1):
        pdf.set_xy(x, y)
        pdf.set_text_color(*DARK)
        pdf.cell(width - 28, 6, _latin(f"{number}. {row.name}"))
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(28, 6, _latin(count_text(row.value, briefing.threshold, lang)), align="R")
        pdf.set_font("Helvetica", "", 10)
        y += 6.5
    if not rows:
        pdf.set_xy(x, y)
        pdf.set_text_color(*MUTED)
        pdf.cell(width, 6, _latin(t("no_data", lang)))
        y += 6.5
    return y


def _funnel(pdf: _Page, briefing: Briefing, lang: str) -> None:
    pdf.cell_line(t("enforcement.funnel", lang), 11, bold=True, h=8)
    full = pdf.w - pdf.l_margin - pdf.r_margin - 75
    largest = max((value or 0 for value in briefing.funnel.values()), default=0) or 1
    for stage, value in briefing.funnel.items():
        y = pdf.get_y()
        pdf.set_font("Helvetica", "", 9.5)
        pdf.set_text_color(*DARK)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(45, 6, _latin(METRICS[stage].label(lang)))
        pdf.set_fill_color(*ACCENT)
        pdf.rect(pdf.l_margin + 45, y + 1, max(full * (value or 0) / largest, 0.5), 4, style="F")
        pdf.set_xy(pdf.l_margin + 47 + full, y)
        pdf.set_font("Helvetica", "B", 9.5)
        pdf.cell(26, 6, _latin(count_text(value, briefing.threshold, lang)), align="R")
        pdf.set_xy(pdf.l_margin, y + 6.5)


def render_briefing(
    briefing: Briefing, lang: str = "id", *, region_name: str | None = None, now=None
) -> bytes:
    """The briefing as a one-page A4 PDF."""
    now = now or dt.datetime.now(dt.UTC)
    pdf = _Page(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(14, 12, 14)
    pdf.set_title(_latin(t("briefing.title", lang)))
    pdf.set_creator("Pantau TPPO")
    pdf.add_page()
    criteria = briefing.criteria
    title = t("briefing.title", lang) + (f" - {region_name}" if region_name else "")
    pdf.cell_line(title, 18, bold=True, h=9)
    period = period_text(criteria.start, criteria.end, lang)
    pdf.cell_line(f"{t('col.period', lang)}: {period}", 11, color=MUTED)
    chosen = [
        label(value, lang)
        for value in (criteria.exploitation, criteria.sex, criteria.age_group)
        if value
    ]
    if chosen:
        pdf.cell_line(t("briefing.breakdown", lang, values=", ".join(chosen)), 9.5, color=MUTED)
    if briefing.synthetic:
        pdf.set_fill_color(*WARNING)
        pdf.set_font("Helvetica", "B", 11)
        pdf.set_text_color(*DARK)
        pdf.cell(0, 8, _latin(t("briefing.synthetic", lang)), fill=True, align="C")
        pdf.ln(9)
    pdf.ln(2)
    _headlines(pdf, briefing, lang)
    top = pdf.get_y() + 2
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    left = _ranked(
        pdf,
        pdf.l_margin,
        top,
        half - 6,
        t("briefing.top_provinces", lang),
        briefing.top_provinces,
        briefing,
        lang,
    )
    right = _ranked(
        pdf,
        pdf.l_margin + half + 2,
        top,
        half - 2,
        t("rapat.countries", lang),
        briefing.top_countries,
        briefing,
        lang,
    )
    pdf.set_xy(pdf.l_margin, max(left, right) + 4)
    _funnel(pdf, briefing, lang)
    pdf.set_y(pdf.h - 32)
    sources = f"{t('briefing.source', lang)}: {t('briefing.sources_text', lang)}"
    notice = t(
        "export.suppressed",
        lang,
        threshold=briefing.threshold,
        limit=suppressed_label(briefing.threshold),
    )
    generated = formatting.timestamp(now, lang)
    for line in (sources, notice, f"{t('briefing.generated', lang)}: {generated}"):
        pdf.set_font("Helvetica", "", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 4.5, _latin(line), new_x="LMARGIN", new_y="NEXT")
    if briefing.synthetic:
        pdf.cell_line(t("briefing.synthetic", lang), 8.5, bold=True, color=DARK, h=4.5)
    return bytes(pdf.output())
