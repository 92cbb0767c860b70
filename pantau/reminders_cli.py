"""``pantau contacts ...`` and ``pantau reminders ...``: who is written to, and the ladder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from pantau.cli_params import iso_day


def _context():
    from pantau.context import open_engine
    from pantau.settings import get_settings

    settings = get_settings()
    return open_engine(settings), settings


@click.group("contacts")
def contacts_group() -> None:
    """Official email addresses of each region's offices (secretariat, Sekda, head)."""


@contacts_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Add or update the contacts of FILE (.csv or .xlsx: kode_wilayah, peran, kantor, email)."""
    from pantau.contacts import ContactError, import_contacts, read_contact_file

    engine, _ = _context()
    try:
        rows = read_contact_file(file)
    except ContactError as exc:
        raise click.ClickException(str(exc)) from exc
    result = import_contacts(engine, rows)
    click.echo(f"{result.stored} contact(s) stored, {len(result.errors)} rejected")
    for error in result.errors:
        click.echo(f"  {error}", err=True)
    if result.errors:
        raise SystemExit(1)


@contacts_group.command("list")
@click.option("--province", help="Only this province's regions (e.g. 32).")
@click.option("--region", help="Only this region (e.g. 32.01).")
def list_contacts_command(province: str | None, region: str | None) -> None:
    """Print the contacts, by region and role."""
    from pantau.contacts import list_contacts

    engine, _ = _context()
    rows = list_contacts(engine, province=province, region_code=region)
    for row in rows:
        mark = " (sintetis)" if row.synthetic else ""
        click.echo(f"{row.region_code:<6} {row.role:<14} {row.email:<45} {row.office or ''}{mark}")
    click.echo(f"{len(rows)} contact(s)")


@click.group("reminders")
def reminders_group() -> None:
    """Reminders to task forces that do not report, escalating up the ladder."""


@reminders_group.command("run")
@click.option("--send", is_flag=True, help="Record and send (needs PANTAU_SMTP_HOST and _FROM).")
@click.option("--date", "today", callback=iso_day, help="Judge as on this day (default: today).")
def run_command(send: bool, today: dt.date | None) -> None:
    """Work out who is due which step for which months; send only with --send."""
    from pantau import reminders
    from pantau.reporting_calendar import month_key

    engine, settings = _context()
    result = reminders.run(engine, settings, send=send, today=today)
    if result.dry_run:
        reason = "" if send else " (dry run: add --send to send)"
        if send and not settings.smtp_configured:
            reason = " (SMTP not configured: set PANTAU_SMTP_HOST and PANTAU_SMTP_FROM)"
        click.echo(f"{len(result.planned)} reminder(s) due{reason}")
    for planned in result.planned:
        months = ", ".join(month_key(m) for m in planned.months)
        to = ", ".join(planned.recipients) or "NO CONTACT"
        click.echo(f"  {planned.region_code:<6} {planned.step:<14} {months} -> {to}")
    if not result.dry_run:
        click.echo(f"{len(result.sent)} sent, {len(result.failed)} failed (retried next run)")
        for reminder_id, error in result.failed:
            click.echo(f"  reminder {reminder_id}: {error}", err=True)


@reminders_group.command("list")
@click.option("--region", help="Only this region (e.g. 32.01).")
def list_reminders_command(region: str | None) -> None:
    """Print the recorded reminders, newest first."""
    from pantau.reminders import history

    engine, _ = _context()
    for row in history(engine, region_code=region):
        state = f"sent {row.sent_at:%Y-%m-%d %H:%M}" if row.sent_at else f"NOT SENT: {row.error}"
        click.echo(
            f"{row.id:>5} {row.region_code:<6} {row.step:<14} {','.join(row.months)} "
            f"{row.letter_number or ''} {state}"
        )


commands = [contacts_group, reminders_group]
