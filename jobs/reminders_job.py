"""The scheduler's daily reminder job: the ladder of :mod:`pantau.reminders`, sent once."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from jobs.locks import job_lock
from pantau import reminders
from pantau.settings import Settings

log = logging.getLogger("pantau.scheduler")
SCHEDULE = {"hour": 8, "minute": 0}  # every morning, office hours


def run_reminders_locked(
    engine: Engine, settings: Settings, *, lease_seconds: float = 300
) -> reminders.RunResult | None:
    """One pass of the ladder under its job lock (sends only when SMTP is configured)."""
    with job_lock(engine, "reminders", lease_seconds=lease_seconds) as held:
        if not held:
            log.info("reminders are already running elsewhere; this run is skipped")
            return None
        result = reminders.run(engine, settings, send=True)
    if result.dry_run:
        log.info("reminders: %d due, SMTP not configured: nothing sent", len(result.planned))
    else:
        log.info("reminders: %d sent, %d failed", len(result.sent), len(result.failed))
    return result
