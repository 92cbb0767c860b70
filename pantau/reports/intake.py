"""Files held for the admins: rejected files whose region or period could not be read.

They belong to no region and no month, so they are kept out of every compliance view
(``reports.status = 'held'``) and listed here instead.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Engine, select

from pantau.models import Report


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
        .where(Report.status == "held")
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
