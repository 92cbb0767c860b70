"""Printable reminder letters (PDF) in the layout of an official Indonesian letter.

Kop surat of Ditjen Politik dan PUM Kemendagri, then nomor, sifat, lampiran and perihal, the
addressee, the body with the list of missing months, the signature block and tembusan.  In
Indonesian, set in the PDF core font Times (built into every PDF reader, nothing fetched).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date
from fpdf import FPDF

SENDER = (
    "KEMENTERIAN DALAM NEGERI REPUBLIK INDONESIA",
    "DIREKTORAT JENDERAL POLITIK DAN PEMERINTAHAN UMUM",
)
SENDER_ADDRESS = "Jalan Medan Merdeka Utara Nomor 7, Jakarta Pusat 10110"
SIGNATORY = "Direktur Jenderal Politik dan Pemerintahan Umum"


@dataclass(frozen=True)
class Letter:
    """What one letter says; ``months`` are the missing report months."""

    number: str
    date: dt.date
    nature: str  # sifat: Biasa, Segera, Penting
    subject: str  # perihal
    addressee: str  # "Sekretariat Gugus Tugas PP-TPPO Kabupaten Bogor"
    place: str  # "di Cibinong" or "di Tempat"
    opening: str
    months: tuple[dt.date, ...]
    request: str
    copies: tuple[str, ...] = ()  # tembusan
    step: str | None = None  # the rung of the reminder ladder, e.g. "3 dari 3: Kepala Daerah"
    synthetic: bool = False


def month_name(month: dt.date) -> str:
    """``Oktober 2024``."""
    return format_date(month, "LLLL y", locale="id_ID")


def long_date(day: dt.date) -> str:
    """``2 Desember 2026``."""
    return format_date(day, "d MMMM y", locale="id_ID")


def _latin(text: str) -> str:
    """``text`` in the core font's character set (typographic marks made plain)."""
    plain = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    return plain.encode("latin-1", "replace").decode("latin-1")


def render(letter: Letter) -> bytes:
    """The letter as PDF bytes (A4, one page for a normal list of months)."""
    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, 20)
    pdf.set_creator("Pantau TPPO")
    pdf.set_title(_latin(letter.subject))
    pdf.add_page()
    width = pdf.epw

    def line(text: str, size: float = 12, style: str = "", align: str = "L", h: float = 6):
        pdf.set_font("Times", style, size)
        pdf.multi_cell(width, h, _latin(text), align=align, new_x="LMARGIN", new_y="NEXT")

    # Kop surat.
    line(SENDER[0], 13, "B", "C")
    line(SENDER[1], 13, "B", "C")
    line(SENDER_ADDRESS, 10, "", "C", 5)
    y = pdf.get_y() + 1
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, y + 1, pdf.l_margin + width, y + 1)
    pdf.set_y(y + 5)
    if letter.synthetic:
        line("DATA SINTETIS - CONTOH UNTUK DEMONSTRASI, BUKAN SURAT RESMI", 10, "B", "C")
    line(f"Jakarta, {long_date(letter.date)}", align="R")
    pdf.ln(2)
    for label, value in (
        ("Nomor", letter.number),
        ("Sifat", letter.nature),
        ("Lampiran", "-"),
        ("Perihal", letter.subject),
    ):
        pdf.set_font("Times", "", 12)
        pdf.cell(25, 6, label)
        pdf.cell(4, 6, ":")
        pdf.multi_cell(width - 29, 6, _latin(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    line("Yth.")
    line(letter.addressee)
    line(letter.place)
    pdf.ln(4)
    line(letter.opening, align="J")
    pdf.ln(1)
    for index, month in enumerate(letter.months, start=1):
        line(f"    {index}. {month_name(month)}")
    pdf.ln(1)
    line(letter.request, align="J")
    pdf.ln(2)
    line("Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih.")
    # Signature block, on the right half.
    pdf.ln(8)
    half = pdf.l_margin + width / 2
    for text, style in (
        ("a.n. MENTERI DALAM NEGERI", "B"),
        (SIGNATORY.upper() + ",", "B"),
        ("", ""),
        ("", ""),
        ("(ditandatangani secara elektronik)", "I"),
        ("", ""),
        ("DIREKTUR JENDERAL", "B"),
    ):
        pdf.set_x(half)
        pdf.set_font("Times", style, 12)
        pdf.multi_cell(width / 2, 6, _latin(text), align="C", new_x="LMARGIN", new_y="NEXT")
    if letter.copies:
        pdf.ln(6)
        line("Tembusan:", 11)
        for index, copy in enumerate(letter.copies, start=1):
            line(f"{index}. {copy}", 11, h=5)
    pdf.ln(6)
    if letter.step:
        line(f"Tahap pengingat {letter.step}.", 9, "I", h=4)
    line("Surat ini dibuat oleh Pantau TPPO dari catatan pelaporan bulanan.", 9, "I", h=4)
    return bytes(pdf.output())
