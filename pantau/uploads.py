"""The report upload use case: one file sent by a logged-in user, from any front end.

:func:`upload_report` does everything between receiving the bytes and showing the result:
role and scope check, type and size check, a safe shortened file name, the run log, the
ingest (as the inbox does) and the audit entry, refused uploads included.  It returns an
:class:`UploadResult`; the caller only turns it into text (``message_key`` is a key of the
dashboard's texts, with ``message_params``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath

from sqlalchemy import Engine

from pantau import audit
from pantau.access import Scope
from pantau.reports.loading import IngestOutcome, ingest_file
from pantau.reports.runs import finish_run, start_run
from pantau.settings import Settings

ALLOWED_EXTENSIONS = (".csv", ".xlsx", ".json")
UPLOAD_ROLES = ("admin", "nasional", "provinsi", "kabupaten")
NATIONAL_UPLOAD_ROLES = ("admin", "nasional")
MAX_NAME_CHARS = 120
MAX_NAME_BYTES = 200  # well under the 255 bytes of a file name on common file systems


@dataclass(frozen=True)
class UploadResult:
    """What happened to one upload: ``refused`` (before anything was stored) or the status
    of the ingest (``accepted``, ``rejected``, ``duplicate``)."""

    status: str
    file_name: str
    message_key: str | None = None
    message_params: dict[str, str] = field(default_factory=dict)
    outcome: IngestOutcome | None = None

    @property
    def refused(self) -> bool:
        return self.status == "refused"


def may_upload(scope: Scope, kind: str = "regional") -> bool:
    """Whether the role may send reports of ``kind`` through the browser."""
    if scope.role not in UPLOAD_ROLES:
        return False
    return kind == "regional" or scope.role in NATIONAL_UPLOAD_ROLES


def safe_file_name(name: str | None) -> str:
    """The last part of ``name`` without control characters, shortened to
    :data:`MAX_NAME_CHARS` characters and :data:`MAX_NAME_BYTES` UTF-8 bytes, its
    extension kept (``""`` when nothing is left)."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    stem, dot, extension = base.rpartition(".")
    if not dot or len(extension) > 8:
        stem, extension = base, ""
    suffix = f".{extension}" if extension else ""
    stem = stem[: MAX_NAME_CHARS - len(suffix)]
    while len((stem + suffix).encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return stem + suffix if stem else ""


def decode_data_url(contents: str | None) -> bytes | None:
    """The bytes of a ``data:...;base64,...`` URL (what ``dcc.Upload`` sends), or None."""
    try:
        _header, encoded = (contents or "").split(",", 1)
        return base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        return None


def _report_region(data: bytes, file_name: str, settings: Settings) -> str | None:
    """The region a regional report is for, read before anything is stored."""
    from pantau.reports.budget import Budget
    from pantau.reports.parse import parse_report

    outcome = parse_report(
        data,
        file_name,
        max_bytes=settings.max_report_bytes,
        today=dt.date.today(),
        budget=Budget.of(settings),
    )
    report = outcome.report
    return report.region_code if report is not None else getattr(outcome, "region_code", None)


def _refusal(data: bytes | None, name: str, scope: Scope, kind: str, settings: Settings):
    """(message key, parameters) of why this upload is refused before ingest, or None."""
    if not may_upload(scope, kind):
        return "compliance.upload_forbidden", {}
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        return "upload.bad_type", {}
    if data is None:
        return "upload.unreadable", {}
    if len(data) > settings.max_report_bytes:
        return "upload.too_large", {
            "size": f"{len(data):,} B",
            "limit": f"{settings.max_report_bytes:,} B",
        }
    if kind == "regional" and not scope.is_national:
        region = _report_region(data, name, settings)
        if region is not None and not scope.allows(region):
            return "upload.out_of_scope", {"region": region}
    return None


def upload_report(
    engine: Engine,
    settings: Settings,
    scope: Scope,
    data: bytes | None,
    file_name: str | None,
    kind: str = "regional",
    *,
    username: str | None = None,
    address: str | None = None,
) -> UploadResult:
    """Check, ingest and audit one uploaded file (``data`` None: it could not be decoded)."""
    original = (file_name or "")[:500]
    name = safe_file_name(file_name) or "report"
    refusal = _refusal(data, name if file_name else "", scope, kind, settings)
    if refusal is not None:
        key, params = refusal
        audit.record(
            engine,
            audit.UPLOAD,
            username=username,
            address=address,
            outcome="refused",
            detail={
                "file": original,
                "kind": kind,
                "reason": key.rsplit(".", 1)[-1],
                "bytes": len(data) if data is not None else None,
                **params,
            },
        )
        return UploadResult("refused", name, key, params)
    run_id = start_run(engine, "upload", kind, "upload")
    try:
        outcome = ingest_file(
            engine, data, name, source="upload", settings=settings, run_id=run_id, kind=kind
        )
    except Exception as exc:
        finish_run(engine, run_id, files_seen=1, status="failed", errors=[str(exc)[:500]])
        audit.record(
            engine,
            audit.UPLOAD,
            username=username,
            address=address,
            outcome="failed",
            detail={"file": original, "kind": kind, "error": type(exc).__name__},
        )
        raise
    finish_run(
        engine,
        run_id,
        files_seen=1,
        accepted=int(outcome.accepted),
        rejected=int(outcome.rejected),
        skipped=int(outcome.duplicate),
        rows=outcome.rows,
        errors=[problem.message("en") for problem in outcome.problems if outcome.rejected],
    )
    audit.record(
        engine,
        audit.UPLOAD,
        username=username,
        address=address,
        outcome=outcome.status,
        detail={"file": name, "kind": kind, "reports": list(outcome.report_ids)},
    )
    return UploadResult(outcome.status, name, outcome=outcome)
