"""Whether the figures of a scope rest on synthetic data (the label every export carries)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from pantau.access import Scope
from pantau.models import Report


def is_synthetic(engine: Engine, scope: Scope) -> bool:
    """Whether any accepted report visible in ``scope`` holds synthetic data."""
    province = func.substr(Report.region_code, 1, 2)
    national_rows = Report.region_code.is_(None) if scope.is_national else None
    region_rows = scope.region_clause(Report.region_code, province)
    visible = region_rows if national_rows is None else (region_rows | national_rows)
    query = (
        select(Report.id)
        .where(Report.status == "accepted", Report.synthetic.is_(True), visible)
        .limit(1)
    )
    with engine.connect() as connection:
        return connection.scalar(query) is not None
