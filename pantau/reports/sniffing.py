"""What a received file really is, before any parser looks at it.

Checks, in order: size, emptiness, content type from the first bytes (an XLSX renamed
``.csv`` or a PDF named ``.xlsx`` is caught here), text encoding, and for XLSX the ZIP
directory (member count, total uncompressed size, compression ratio) so that a zip bomb
never reaches openpyxl.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from pantau.reports.messages import Problem

REPORT_FORMATS = ("csv", "xlsx", "json")
EXTENSIONS = {"csv": "csv", "txt": "csv", "xlsx": "xlsx", "json": "json"}

# Limits on an XLSX's ZIP directory.  The template is a few kB; a filled workbook with
# thousands of rows stays far below these.
MAX_ZIP_MEMBERS = 500
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024


@dataclass(frozen=True)
class Sniffed:
    """The detected content type, or the problem that stops reading."""

    detected: str | None
    problem: Problem | None = None


def extension_of(file_name: str) -> str:
    """The lower-case extension without the dot (``""`` when there is none)."""
    return PurePath(file_name).suffix.lower().lstrip(".")


def detect(data: bytes) -> str:
    """The content type of non-empty bytes: a report format or what else it looks like."""
    head = data[:2048]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xlsx" if _is_xlsx(data) else "zip"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith((b"{", b"[")):
        return "json"
    lowered = stripped[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
        return "html"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # UTF-16 text: an encoding problem, reported when decoding
    if b"\x00" in head:
        return "binary"
    return "csv"


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        # A damaged XLSX is still an XLSX: let the workbook reader report it as damaged.
        return b"[Content_Types].xml" in data[:4096] or b"xl/" in data[:4096]
    return "[Content_Types].xml" in names and any(name.startswith("xl/") for name in names)


def sniff(data: bytes, file_name: str, max_bytes: int, allowed: tuple[str, ...]) -> Sniffed:
    """The format to read ``data`` with, or a problem: too large, empty, not a report,
    content that does not match the extension."""
    if len(data) > max_bytes:
        return Sniffed(
            None,
            Problem(
                "file_too_large",
                file_name,
                params={"size_mb": _mb(len(data)), "limit_mb": _mb(max_bytes)},
            ),
        )
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        return Sniffed(None, Problem("empty_file", file_name))
    detected = detect(data)
    extension = extension_of(file_name)
    expected = EXTENSIONS.get(extension)
    if expected in allowed and detected != expected:
        return Sniffed(
            detected if detected in allowed else None,
            Problem(
                "content_mismatch",
                file_name,
                params={"extension": extension, "detected": detected},
            ),
        )
    if detected not in allowed:
        return Sniffed(
            None, Problem("unsupported_format", file_name, params={"detected": detected})
        )
    return Sniffed(detected)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def decode_text(data: bytes, file_name: str) -> tuple[str | None, Problem | None]:
    """UTF-8 text (BOM removed), or a problem telling the officer to save as CSV UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(
            "bad_encoding",
            file_name,
            params={"detail_pair": (" (tersimpan sebagai UTF-16/Unicode)", " (saved as UTF-16)")},
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Problem(
            "bad_encoding",
            file_name,
            row=line,
            params={
                "detail_pair": (
                    f" (karakter tak terbaca pada byte {exc.start})",
                    f" (unreadable character at byte {exc.start})",
                )
            },
        )
    if "\x00" in text:
        return None, Problem(
            "bad_encoding",
            file_name,
            params={"detail_pair": (" (berisi karakter NUL)", " (contains NUL characters)")},
        )
    return text, None


def check_zip(data: bytes, file_name: str) -> Problem | None:
    """Refuse an XLSX whose ZIP directory announces too many members, too many bytes, or
    a compression ratio only a zip bomb has; damaged archives are reported as such."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return Problem("xlsx_corrupt", file_name)
    reason: tuple[str, str] | None = None
    total = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS:
        reason = (f"{len(members)} berkas di dalamnya", f"{len(members)} files inside")
    elif total > MAX_UNCOMPRESSED_BYTES:
        reason = (
            f"{_mb(total)} MB setelah dibuka, batas {_mb(MAX_UNCOMPRESSED_BYTES)} MB",
            f"{_mb(total)} MB once unpacked, limit {_mb(MAX_UNCOMPRESSED_BYTES)} MB",
        )
    else:
        for member in members:
            if member.file_size > RATIO_FLOOR and (
                member.file_size > MAX_RATIO * max(member.compress_size, 1)
            ):
                ratio = member.file_size // max(member.compress_size, 1)
                reason = (
                    f"rasio kompresi {ratio}:1 pada {member.filename}",
                    f"compression ratio {ratio}:1 in {member.filename}",
                )
                break
    if reason is None:
        return None
    return Problem("zip_bomb", file_name, params={"reason_pair": reason})
