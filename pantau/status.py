"""A summary of what the database holds, for ``pantau status`` and the health route."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from pantau.models import Fact, Region, Report


def database_status(engine: Engine) -> dict[str, Any]:
    """Counts of regions, reports and facts, and the latest period with accepted data."""
    with engine.connect() as connection:
        kinds = dict(
            connection.execute(select(Region.kind, func.count()).group_by(Region.kind)).all()
        )
        statuses = dict(
            connection.execute(select(Report.status, func.count()).group_by(Report.status)).all()
        )
        facts = connection.scalar(select(func.count()).select_from(Fact)) or 0
        latest = connection.scalar(
            select(func.max(Report.period)).where(Report.status == "accepted")
        )
    return {
        "regions": {
            "provinces": kinds.get("provinsi", 0),
            "regencies": kinds.get("kabupaten", 0) + kinds.get("kota", 0),
            "kabupaten": kinds.get("kabupaten", 0),
            "kota": kinds.get("kota", 0),
        },
        "reports": {
            "accepted": statuses.get("accepted", 0),
            "rejected": statuses.get("rejected", 0),
            "superseded": statuses.get("superseded", 0),
            "held": statuses.get("held", 0),
        },
        "facts": facts,
        "latest_period": latest.strftime("%Y-%m") if latest else None,
        "database": engine.url.render_as_string(hide_password=True),
    }
