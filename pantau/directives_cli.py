"""``pantau directives ...``: record directives and follow their follow-up."""

from __future__ import annotations

from pathlib import Path

import click

from pantau import directives
from pantau.cli_params import iso_day


def _engine():
    from pantau.context import open_engine

    return open_engine()


@click.group("directives")
def directives_group() -> None:
    """Directives to regional governments and each addressee's follow-up."""


@directives_group.command("add")
@click.option("--number", required=True, help="e.g. 200.6.6/8791/SJ")
@click.option("--date", "issued_on", required=True, callback=iso_day, help="YYYY-MM-DD")
@click.option("--title", required=True)
@click.option(
    "--to",
    "to",
    default="all",
    show_default=True,
    help="all, province:32, or list:32.01,32.02",
)
@click.option("--due", callback=iso_day, help="Due date, YYYY-MM-DD.")
@click.option("--done-when", type=click.Choice(directives.DONE_WHEN), default="acted")
@click.option("--done-text", help="What counts as done, in words.")
def add_command(number, issued_on, title, to, due, done_when, done_text) -> None:
    """Record a directive."""
    kind, _, codes = to.partition(":")
    try:
        directive_id = directives.add_directive(
            _engine(),
            number=number,
            issued_on=issued_on,
            title=title,
            addressees=kind,
            codes=codes.split(",") if codes else (),
            due_date=due,
            done_when=done_when,
            done_text=done_text,
        )
    except directives.DirectiveError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"directive {directive_id} recorded: {number}")


@directives_group.command("list")
def list_command() -> None:
    """Every directive with its done, overdue and pending addressees."""
    for d in directives.list_directives(_engine()):
        c = d.counts
        click.echo(
            f"{d.id:>3} {d.number:<24} {d.issued_on} {d.title[:50]:<50} "
            f"{c['done']} selesai, {c['overdue']} terlambat, {c['pending']} menunggu "
            f"(dari {d.addressees})"
        )


@directives_group.command("show")
@click.argument("directive_id", type=int)
@click.option("--province", help="Only this province's addressees.")
@click.option("--state", type=click.Choice(directives.STATES), help="Only this state.")
def show_command(directive_id: int, province: str | None, state: str | None) -> None:
    """Each addressee of directive DIRECTIVE_ID with its follow-up."""
    engine = _engine()
    try:
        directive = directives.get_directive(engine, directive_id)
    except directives.DirectiveError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = directives.follow_ups(engine, directive_id, province=province)
    counts = directives.summarise(rows)
    click.echo(f"{directive.number} ({directive.issued_on}): {directive.title}")
    click.echo(f"Tenggat: {directive.due_date or '-'}; selesai bila: {directive.done_when}")
    click.echo(
        f"{counts['done']} selesai, {counts['overdue']} terlambat, {counts['pending']} menunggu"
    )
    for row in rows:
        if state and row.state != state:
            continue
        mark = " (sintetis)" if row.synthetic else ""
        click.echo(
            f"  {row.region_code:<6} {row.region_name:<40} {row.state:<8} "
            f"diterima {row.acknowledged_on or '-'}, ditindaklanjuti {row.acted_on or '-'}{mark}"
        )


@directives_group.command("import")
@click.argument("directive_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(directive_id: int, file: Path) -> None:
    """Record follow-ups of DIRECTIVE_ID from a CSV FILE (kode_wilayah, diterima,
    ditindaklanjuti, catatan, bukti)."""
    engine = _engine()
    try:
        stored, errors = directives.import_follow_ups(
            engine, directive_id, directives.read_follow_up_file(file)
        )
    except directives.DirectiveError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{stored} follow-up(s) stored, {len(errors)} rejected")
    for error in errors:
        click.echo(f"  {error}", err=True)
    if errors:
        raise SystemExit(1)


commands = [directives_group]
