"""Files held for the admins: rejected files whose region or period could not be read.

They belong to no region and no month, so they are kept out of every compliance view
(``reports.status = 'held'``) and listed here instead (``pantau intake list``, the admin
page ``/admin/intake``).  An admin who has dealt with one (told the sender, who sends a
corrected file) dismisses it: status ``dismissed``, kept for the record with its stored
file, out of the list, audited.  There is no "release": a held file has no region or
month to be filed under, so only a corrected file can become a report.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Engine, select, update

from pantau import audit
from pantau.models import Report

HELD = "held"
DISMISSED = "dismissed"


@dataclass(frozen=True)
class HeldFile:
    """One held file: where it came from, where it is stored, its first reason."""

    report_id: int
    source: str
    file_name: str
    received_at: dt.datetime
    archive_path: str | None
    first_reason: str
    problems: int


def held_files(engine: Engine, *, language: str = "id", limit: int = 200) -> list[HeldFile]:
    """The latest held files, newest first."""
    key = "message_id" if language == "id" else "message_en"
    query = (
        select(
            Report.id,
            Report.source,
            Report.file_name,
            Report.received_at,
            Report.archive_path,
            Report.rejection_reasons,
        )
        .where(Report.status == HELD)
        .order_by(Report.received_at.desc(), Report.id.desc())
        .limit(limit)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    held = []
    for row in rows:
        reasons = json.loads(row.rejection_reasons or "[]")
        held.append(
            HeldFile(
                report_id=row.id,
                source=row.source,
                file_name=row.file_name,
                received_at=row.received_at,
                archive_path=row.archive_path,
                first_reason=reasons[0][key] if reasons else "",
                problems=len(reasons),
            )
        )
    return held


def dismiss_held(
    engine: Engine, report_id: int, *, username: str, address: str | None = None
) -> bool:
    """Take held file ``report_id`` off the list (status ``dismissed``), audited; False
    when it is not (or no longer) held."""
    with engine.begin() as connection:
        changed = connection.execute(
            update(Report)
            .where(Report.id == report_id, Report.status == HELD)
            .values(status=DISMISSED)
        ).rowcount
    if changed:
        audit.record(
            engine,
            audit.INTAKE_DISMISS,
            username=username,
            address=address,
            detail={"report_id": report_id},
        )
    return bool(changed)
