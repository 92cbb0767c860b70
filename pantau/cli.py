"""The ``pantau`` command line: a thin layer over the library code."""

from __future__ import annotations

import json
import sys

import click
from sqlalchemy.exc import InterfaceError, OperationalError

from geodata.cli import commands as geodata_commands
from jobs.cli import commands as jobs_commands
from pantau.db import DatabaseUnavailable
from pantau.directives_cli import commands as directive_commands
from pantau.releases.cli import commands as release_commands
from pantau.reminders_cli import commands as reminder_commands
from pantau.settings import SettingsError
from pantau.taskforces_cli import commands as taskforce_commands
from pantau.users_cli import commands as user_commands


class PantauGroup(click.Group):
    """A group that turns configuration and database problems into one clear line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (DatabaseUnavailable, SettingsError) as exc:
            click.echo(f"pantau: {exc}", err=True)
            sys.exit(2)
        except (OperationalError, InterfaceError) as exc:
            # The server went away mid-command: one line without SQL or parameters.
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            click.echo(f"pantau: database unavailable ({reason[:160]})", err=True)
            sys.exit(2)


@click.group(cls=PantauGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pantau-tppo")
def main() -> None:
    """Pantau TPPO: monitoring of Indonesia's anti-trafficking task forces."""


@main.command()
def init() -> None:
    """Create or migrate the database and load the region and country reference data.

    Safe to run again and again: a second run changes nothing.
    """
    from pantau import schema
    from pantau.context import open_engine
    from pantau.reference import load_reference_data

    engine = open_engine(require_schema=False)
    schema.upgrade(engine)
    counts = load_reference_data(engine)
    click.echo(
        f"database ready at revision {schema.current_revision(engine)}: "
        f"{counts['regions']} regions, {counts['countries']} countries"
    )


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def status(as_json: bool) -> None:
    """Show what the database holds: regions, reports, facts and the latest period."""
    from pantau.context import open_engine
    from pantau.status import database_status

    summary = database_status(open_engine())
    if as_json:
        click.echo(json.dumps(summary))
        return
    regions, reports = summary["regions"], summary["reports"]
    click.echo(f"Database:        {summary['database']}")
    click.echo(
        f"Regions:         {regions['provinces']} provinces, {regions['regencies']} "
        f"regencies/cities ({regions['kabupaten']} kabupaten, {regions['kota']} kota)"
    )
    click.echo(
        f"Reports:         {reports['accepted']} accepted, {reports['rejected']} rejected, "
        f"{reports['superseded']} superseded"
    )
    click.echo(f"Facts:           {summary['facts']} rows")
    click.echo(f"Latest period:   {summary['latest_period'] or 'no data yet'}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8050, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--workers", type=int, help="Worker processes (default: PANTAU_WEB_WORKERS or from CPUs)."
)
def serve(host: str, port: int, workers: int | None) -> None:
    """Run the dashboard with gunicorn (open http://HOST:PORT in a browser)."""
    from pantau.context import open_engine
    from pantau.server import run_gunicorn

    open_engine()
    click.echo(f"Pantau TPPO dashboard on http://{host}:{port}/ (Ctrl+C to stop)")
    run_gunicorn("dashboard.wsgi:server", host=host, port=port, workers=workers)


for command in (
    *jobs_commands,
    *geodata_commands,
    *user_commands,
    *taskforce_commands,
    *reminder_commands,
    *directive_commands,
    *release_commands,
):
    main.add_command(command)


if __name__ == "__main__":
    main()
