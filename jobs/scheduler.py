"""``pantau scheduler``: every source on its own cron schedule, never twice at once.

APScheduler keeps one process from overlapping a job with itself (``max_instances=1``,
``coalesce=True``); a database lock (:mod:`jobs.locks`) keeps a second scheduler started by
mistake, on this or another machine sharing the database, from running the same job at
the same time.  Each scheduled run records its tick (the cron time it is for); a tick
already run by another scheduler is skipped, so two schedulers run one tick once.
SIGTERM or SIGINT stops the scheduler cleanly: the file being loaded is finished (or
rolled back), the remaining files wait for the next start, locks are released.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from jobs.config import Config, SourceConfig
from jobs.locks import job_lock
from jobs.reminders_job import SCHEDULE, run_reminders_locked
from jobs.sources import SourceResult, run_source
from pantau.releases.job import release_after_ingest
from pantau.reports.runs import tick_already_run
from pantau.settings import Settings

log = logging.getLogger("pantau.scheduler")


def run_locked(
    engine: Engine,
    settings: Settings,
    source: SourceConfig,
    *,
    lease_seconds: float = 300,
    trigger: str = "scheduler",
    stop: threading.Event | None = None,
    tick: CronTrigger | None = None,
    grace_seconds: float = 60,
) -> SourceResult | None:
    """One pass of ``source`` under its job lock; None when it runs elsewhere already or
    when the current tick of ``tick`` (a scheduled run) was already run."""
    scheduled = current_tick(tick, grace_seconds) if tick is not None else None
    with job_lock(engine, f"source:{source.name}", lease_seconds=lease_seconds) as held:
        if not held:
            log.info("source %s is already running elsewhere; this run is skipped", source.name)
            return None
        if scheduled is not None and tick_already_run(engine, source.name, scheduled):
            log.info("source %s: the tick of %s already ran; skipped", source.name, scheduled)
            return None
        try:
            result = run_source(
                engine, settings, source, trigger=trigger, stop=stop, scheduled_for=scheduled
            )
        except IntegrityError:
            log.info("source %s: the tick of %s already ran; skipped", source.name, scheduled)
            return None
    log.info(
        "source %s: %s, %d file(s), %d accepted, %d rejected, %d duplicate(s), %.1f s",
        source.name,
        result.status,
        result.files_seen,
        result.accepted,
        result.rejected,
        result.duplicates,
        result.duration,
    )
    return result


def run_and_release(engine: Engine, settings: Settings, source: SourceConfig, **kwargs):
    """A scheduled pass of ``source``, then a data release if it accepted reports."""
    result = run_locked(engine, settings, source, **kwargs)
    if result is not None and result.accepted:
        release_after_ingest(engine, settings)
    return result


def current_tick(trigger: CronTrigger, grace_seconds: float) -> dt.datetime:
    """The latest fire time of ``trigger`` not after now (searched back ``grace_seconds``,
    the longest a run may start late), in UTC; now itself when there is none."""
    now = dt.datetime.now(dt.UTC)
    moment = trigger.get_next_fire_time(None, now - dt.timedelta(seconds=grace_seconds))
    latest = None
    while moment is not None and moment <= now:
        latest = moment
        moment = trigger.get_next_fire_time(moment, moment + dt.timedelta(microseconds=1))
    return (latest or now).astimezone(dt.UTC).replace(microsecond=0)


def build_scheduler(
    engine: Engine,
    settings: Settings,
    config: Config,
    stop: threading.Event,
) -> BackgroundScheduler:
    """A scheduler running in its own thread, with one job per enabled source."""
    scheduler = BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(max(1, len(config.sources)))},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": config.misfire_grace_seconds,
        },
        timezone=config.timezone,
    )
    for source in config.sources:
        if not source.enabled:
            continue
        trigger = CronTrigger.from_crontab(source.schedule, timezone=config.timezone)
        scheduler.add_job(
            run_and_release,
            trigger,
            args=(engine, settings, source),
            kwargs={
                "lease_seconds": config.lock_lease_seconds,
                "stop": stop,
                "tick": trigger,
                "grace_seconds": config.misfire_grace_seconds,
            },
            id=f"source:{source.name}",
            name=f"source {source.name} ({source.kind})",
            replace_existing=True,
        )
    scheduler.add_job(
        run_reminders_locked,
        CronTrigger(**SCHEDULE, timezone=config.timezone),
        args=(engine, settings),
        kwargs={"lease_seconds": config.lock_lease_seconds},
        id="reminders",
        name="reminder ladder",
        replace_existing=True,
    )
    return scheduler


# How often the main thread wakes to look at the stop flag.  A signal that lands just
# before a blocking wait is only acted on when that wait ends, so the wait is never long.
STOP_POLL_SECONDS = 0.5


def serve(engine: Engine, settings: Settings, config: Config) -> None:
    """Run the scheduler until SIGTERM or SIGINT, then let the running file finish."""
    stop = threading.Event()
    scheduler = build_scheduler(engine, settings, config, stop)

    def shut_down(_signum, _frame) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, shut_down) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        scheduler.start()
        log.info("Pantau scheduler running (SIGTERM or Ctrl+C to stop)")
        while not stop.wait(STOP_POLL_SECONDS):
            pass
        log.info("stop requested: finishing the current file, then stopping")
        scheduler.shutdown(wait=True)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("Pantau scheduler stopped")
