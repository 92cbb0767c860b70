"""``pantau release create|list|show N|audit N|export N|changes A B``."""

from __future__ import annotations

import time
from pathlib import Path

import click


def _context():
    from pantau.context import open_engine
    from pantau.settings import get_settings

    settings = get_settings()
    return open_engine(settings), settings


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M WIB") if moment else "-"


def _describe(info) -> str:
    synthetic = " (DATA SINTETIS)" if info.synthetic else ""
    return (
        f"release {info.number}: created {_when(info.created_at)}, data as of "
        f"{_when(info.data_as_of)}, months {info.first_month:%Y-%m}..{info.last_month:%Y-%m}, "
        f"{info.reports} report(s), threshold {info.threshold}{synthetic}"
    )


def _tables(summary: dict) -> None:
    click.echo(
        f"  {'table':<28} {'cells':>7} {'persons':>7} {'small':>6} {'compl.':>6} {'hidden':>7}"
    )
    for name, entry in summary["tables"].items():
        click.echo(
            f"  {name:<28} {entry['cells']:>7} {entry['person_cells']:>7} {entry['small']:>6} "
            f"{entry['complement']:>6} {entry['share_hidden']:>7.1%}"
        )


@click.group("release")
def release_group() -> None:
    """Data releases: protected, numbered, immutable figures for audiences."""


@release_group.command("create")
def create_command() -> None:
    """Compute, protect and audit a new release from the current facts."""
    from pantau.releases.store import ReleaseError, create_release

    engine, settings = _context()
    started = time.perf_counter()
    try:
        info = create_release(engine, settings)
    except ReleaseError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(_describe(info))
    _tables(info.summary)
    click.echo(f"created in {time.perf_counter() - started:.1f} s; audit: 0 cells narrowed")


@release_group.command("list")
def list_command() -> None:
    """Every release, newest first."""
    from pantau.releases.store import list_releases

    engine, _ = _context()
    releases = list_releases(engine)
    for info in releases:
        click.echo(_describe(info))
    if not releases:
        click.echo("no release yet")


def _get(engine, number: int):
    from pantau.releases.store import ReleaseError, get_release

    try:
        return get_release(engine, number)
    except ReleaseError as exc:
        raise click.ClickException(str(exc)) from exc


@release_group.command("show")
@click.argument("number", type=int)
def show_command(number: int) -> None:
    """A release's times, reports and the cells hidden per table."""
    engine, _ = _context()
    info = _get(engine, number)
    click.echo(_describe(info))
    _tables(info.summary)


@release_group.command("audit")
@click.argument("number", type=int)
def audit_command(number: int) -> None:
    """Attack every table of release NUMBER together; fails if any cell is narrowed."""
    from pantau.releases.audit import audit_release

    engine, _ = _context()
    _get(engine, number)
    started = time.perf_counter()
    result = audit_release(engine, number)
    click.echo(f"  {'table':<28} {'cells':>7} {'hidden':>7} {'narrowed':>8}")
    for entry in result:
        click.echo(f"  {entry.table:<28} {entry.cells:>7} {entry.hidden:>7} {entry.narrowed:>8}")
    narrowed = sum(entry.narrowed for entry in result)
    click.echo(f"{narrowed} cell(s) narrowed to one value, {time.perf_counter() - started:.1f} s")
    if narrowed:
        raise SystemExit(1)


@release_group.command("export")
@click.argument("number", type=int)
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
def export_command(number: int, out: Path) -> None:
    """Write the publication files (CSV, XLSX, datapackage.json) of release NUMBER."""
    from pantau.releases.publish import export_release

    engine, _ = _context()
    _get(engine, number)
    for path in export_release(engine, number, out):
        click.echo(str(path))


@release_group.command("changes")
@click.argument("before", type=int)
@click.argument("after", type=int)
@click.option("--limit", default=10, show_default=True, help="Figures that moved most.")
def changes_command(before: int, after: int, limit: int) -> None:
    """What changed from release BEFORE to release AFTER."""
    from pantau.releases.changes import release_changes

    engine, _ = _context()
    _get(engine, before)
    _get(engine, after)
    changes = release_changes(engine, before, after, limit=limit)
    click.echo(f"changes from release {before} to release {after}")
    click.echo(f"new reports: {len(changes.new_reports)}")
    for report in changes.new_reports[:limit]:
        click.echo(f"  {report.report_key} (version {report.version})")
    click.echo(f"corrected reports: {len(changes.corrected_reports)}")
    for report in changes.corrected_reports:
        click.echo(f"  {report.report_key}: version {report.previous_version} -> {report.version}")
    click.echo(f"started reporting: {', '.join(changes.started_reporting) or '-'}")
    click.echo(f"stopped reporting: {', '.join(changes.stopped_reporting) or '-'}")
    click.echo("figures that moved most:")
    for moved in changes.moved:
        click.echo(
            f"  {moved.table} {moved.metric} {moved.region_code} {moved.period:%Y-%m} "
            f"{moved.breakdown} {moved.category}: {moved.before} -> {moved.after}".replace(
                "  :", ":"
            )
        )


commands = (release_group,)
