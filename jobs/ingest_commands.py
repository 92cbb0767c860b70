"""``pantau ingest``, ``pantau sources`` and ``pantau scheduler``."""

from __future__ import annotations

import datetime as dt
import logging
import sys

import click

from jobs.config import Config, load_config
from jobs.sources import SourceResult


def _context():
    from pantau.context import open_engine
    from pantau.settings import get_settings

    settings = get_settings()
    engine = open_engine(settings)
    return settings, engine, load_config(settings)


def print_summary(result: SourceResult, language: str, *, rejected_detail: bool = True) -> None:
    """The lines of one source's pass."""
    click.echo(
        f"{result.name} ({result.kind}): {result.status}, {result.files_seen} file(s) seen, "
        f"{result.accepted} accepted, {result.rejected} rejected, "
        f"{result.duplicates} duplicate(s), {result.rows} row(s), {result.duration:.1f} s"
    )
    if result.waiting:
        click.echo(
            f"  waiting: {len(result.waiting)} file(s) still being written or just written "
            "(loaded by the next pass once settled)"
        )
    for item in result.files:
        if item.status == "rejected" and not rejected_detail:
            first = item.outcome.problems[0].message(language) if item.outcome.problems else ""
            click.echo(f"  rejected {item.name}: {first}")
        elif item.status == "rejected":
            click.echo(f"  rejected {item.name}:")
            for problem in item.outcome.problems:
                click.echo(f"    - {problem.message(language)}")
    for error in result.errors:
        click.echo(f"  error: {error}")


@click.command()
@click.option("--source", "names", multiple=True, help="Only this source (repeatable).")
def ingest(names: tuple[str, ...]) -> None:
    """Run one pass of every configured source now and print what it did.

    Exits with 1 when a source itself failed (unreachable, misconfigured); a rejected
    file is not a failure.
    """
    from jobs.scheduler import run_locked

    # psycopg warns on stderr when a pipeline dies with its connection; an outage is told
    # in one line by the command (pantau.cli), so that warning is not printed besides.
    logging.getLogger("psycopg").addHandler(logging.NullHandler())
    settings, engine, config = _context()
    chosen = [config.source(name) for name in names] or [s for s in config.sources if s.enabled]
    failed = False
    for source in chosen:
        result = run_locked(
            engine, settings, source, lease_seconds=config.lock_lease_seconds, trigger="cli"
        )
        if result is None:
            click.echo(f"{source.name} ({source.kind}): already running elsewhere, skipped")
            continue
        print_summary(result, settings.language)
        failed = failed or result.failed
    if failed:
        sys.exit(1)


def _location(source) -> str:
    return source.url if source.kind == "http" else str(source.path)


def describe_sources(config: Config, runs: dict) -> list[str]:
    """The lines of ``pantau sources``."""
    lines = [f"Sources from {config.path} (schedules in {config.timezone}):"]
    for source in config.sources:
        state = "" if source.enabled else " [disabled]"
        where = _location(source)
        lines.append(f"{source.name} ({source.kind}){state}: {source.schedule}  {where}")
        run = runs.get(source.name)
        if run is None:
            lines.append("  last run: never")
            continue
        lines.append(
            f"  last run: {run.status} at {run.started_at:%Y-%m-%d %H:%M:%S} ({run.trigger}), "
            f"{run.files_seen} file(s), {run.accepted} accepted, {run.rejected} rejected, "
            f"{run.skipped} duplicate(s), {run.rows} row(s)"
        )
        for error in run.errors[:3]:
            lines.append(f"  error: {error}")
    return lines


@click.command()
def sources() -> None:
    """List the configured sources, their schedule and their last run."""
    from pantau.reports.runs import last_runs

    _settings, engine, config = _context()
    for line in describe_sources(config, last_runs(engine)):
        click.echo(line)


@click.command()
def scheduler() -> None:
    """Run every source on its schedule until stopped (SIGTERM or Ctrl+C)."""
    from jobs.scheduler import serve

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    settings, engine, config = _context()
    for source in config.sources:
        if source.enabled:
            click.echo(f"{source.name} ({source.kind}): {source.schedule}")
    serve(engine, settings, config)


def _month(_ctx, _param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise click.BadParameter(f"use YYYY-MM, e.g. 2024-12 (got {value!r})") from None


@click.command()
@click.option("--months", default=12, show_default=True, type=click.IntRange(1, 120))
@click.option("--seed", default=2023, show_default=True, type=int)
@click.option("--end", callback=_month, help="Last month (YYYY-MM); default: last complete month.")
def demo(months: int, seed: int, end: dt.date | None) -> None:
    """Write synthetic reports (flagged synthetic) into the inbox and load them.

    The same seed and end month always give the same files: running it again changes
    nothing.
    """
    from jobs.demo import run_demo
    from pantau.releases.job import release_after_ingest
    from pantau.reporting_calendar import previous_month

    settings, engine, config = _context()
    end = end or previous_month()
    click.echo(f"Demonstration data: {months} month(s) up to {end:%Y-%m}, seed {seed}")
    summary = run_demo(engine, settings, config, months=months, seed=seed, end=end)
    click.echo(f"{summary.planned} file(s) planned, {summary.written} new file(s) written")
    for result in summary.results:
        print_summary(result, settings.language, rejected_detail=False)
    if summary.contacts:
        click.echo(f"{summary.contacts} synthetic contact(s) added (*.example addresses)")
    if any(result.failed for result in summary.results):
        sys.exit(1)
    # as the scheduler does after a pass: meeting mode shows only figures of a release
    release = release_after_ingest(engine, settings)
    if release is not None:
        click.echo(f"data release {release.number} created for meeting mode and publication")


@click.group()
def intake() -> None:
    """Files held for admins (no readable region or period)."""


@intake.command("list")
@click.option("--limit", default=200, show_default=True, help="At most this many files.")
def intake_list(limit: int) -> None:
    """List held files, newest first, with the first reason and where each is stored."""
    from pantau.reports.intake import held_files

    settings, engine, _config = _context()
    held = held_files(engine, language=settings.language, limit=limit)
    if not held:
        click.echo("no held files")
        return
    for item in held:
        click.echo(
            f"#{item.report_id} {item.received_at:%Y-%m-%d %H:%M} {item.source} {item.file_name} "
            f"({item.problems} problem(s), {item.archive_path or 'not stored'})"
        )
        click.echo(f"  {item.first_reason}")


@intake.command("dismiss")
@click.argument("report_id", type=int)
@click.option("--user", "username", required=True, help="The admin who dealt with the file.")
def intake_dismiss(report_id: int, username: str) -> None:
    """Take a held file off the list once it is dealt with (kept for the record, audited)."""
    from pantau.reports.intake import dismiss_held

    _settings, engine, _config = _context()
    if not dismiss_held(engine, report_id, username=username):
        raise click.ClickException(f"report {report_id} is not a held file")
    click.echo(f"held file {report_id} dismissed")


commands: list[click.Command] = [ingest, sources, scheduler, demo, intake]
