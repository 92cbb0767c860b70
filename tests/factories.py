"""Build stored reports directly for tests of the dashboard and queries.

Goes through the ORM, not the file parsers, so tests of the views do not depend on the
ingestion pipeline; ingestion has its own tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import Engine

from pantau.db import session_scope
from pantau.models import Fact, Report, TaskForce
from pantau.reports.model import ORIGIN_REGIONAL, RegionalReport, TaskForceStatus


def store_report(
    engine: Engine,
    report: RegionalReport,
    *,
    source: str = "test",
    late: bool = False,
    status: str = "accepted",
    version: int = 1,
) -> int:
    """Insert ``report`` as an accepted report (``version`` of its key) with its
    task-force row and facts."""
    key = f"{ORIGIN_REGIONAL}|{report.region_code}|{report.period:%Y-%m}"
    digest = hashlib.sha256(repr(report).encode()).hexdigest()
    province = report.region_code[:2]
    with session_scope(engine) as session:
        row = Report(
            origin=ORIGIN_REGIONAL,
            source=source,
            region_code=report.region_code,
            period=report.period,
            report_key=key,
            version=version,
            file_name=f"{report.region_code}_{report.period:%Y-%m}.json",
            content_hash=digest,
            file_format="json",
            status=status,
            late=late,
            synthetic=report.synthetic,
        )
        session.add(row)
        session.flush()
        current = status == "accepted"
        status_row = report.task_force
        session.add(
            TaskForce(
                report_id=row.id,
                region_code=report.region_code,
                province_code=province,
                period=report.period,
                current=current,
                established=status_row.established,
                decree_number=status_row.decree_number,
                decree_date=status_row.decree_date,
                valid_until=status_row.valid_until,
                chair=status_row.chair,
                member_agencies=";".join(status_row.member_agencies),
                action_plan=status_row.action_plan,
                budget_idr=status_row.budget_idr,
            )
        )
        facts = report.facts()
        session.add_all(
            Fact(
                report_id=row.id,
                origin=ORIGIN_REGIONAL,
                region_code=report.region_code,
                province_code=province,
                period=report.period,
                current=current,
                metric=fact.metric,
                item=fact.item,
                sex=fact.sex,
                age_group=fact.age_group,
                exploitation=fact.exploitation,
                country=fact.country,
                value=fact.value,
            )
            for fact in facts
        )
        row.row_count = len(facts)
        return row.id


def simple_report(
    region_code: str, period: dt.date, *, victims: int = 3, established: bool = True
) -> RegionalReport:
    """A small valid report: some activities, ``victims`` overseas in Cambodia, enforcement."""
    from pantau.reports.model import VictimCount

    return RegionalReport(
        region_code=region_code,
        period=period,
        task_force=TaskForceStatus(
            established=established,
            decree_number="188/Kep.100-DP3A/2023" if established else None,
            decree_date=dt.date(2023, 3, 1) if established else None,
            chair="Bupati" if established else None,
            member_agencies=("dinas_pppa", "polri") if established else (),
            action_plan=established,
            budget_idr=150_000_000 if established else None,
        ),
        activities={"socialisation": (2, 120), "training": (1, 30)},
        victims=(VictimCount("female", "adult", "online_scam", "KH", victims),) if victims else (),
        services={"repatriation": victims},
        enforcement={"police_reports": 2, "investigations": 1, "prosecutions": 1},
        restitution_requested_idr=50_000_000,
        restitution_awarded_idr=20_000_000,
    )


def make_release(engine: Engine, today: dt.date | None = None):
    """The next data release of the stored facts (meeting mode reads only releases)."""
    from pantau.releases.store import create_release
    from pantau.settings import get_settings

    return create_release(engine, get_settings(), today=today)
