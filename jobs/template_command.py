"""``pantau template``: write a blank regional report template for one region and month."""

from __future__ import annotations

from pathlib import Path

import click

from geodata.regions import by_code
from pantau.reports.numbers import InvalidValue, parse_period
from pantau.reports.writing import FORMATS, template_file_name, write_template


def _region(ctx: click.Context, param: click.Parameter, value: str) -> str:
    code = value.strip()
    if code not in by_code():
        raise click.BadParameter(
            f"kode wilayah '{code}' tidak dikenal / unknown region code; "
            "use a Kemendagri code such as 32 or 32.01",
            ctx=ctx,
            param=param,
        )
    return code


def _period(ctx: click.Context, param: click.Parameter, value: str):
    try:
        period = parse_period(value)
    except InvalidValue:
        period = None
    if period is None:
        raise click.BadParameter(
            f"periode '{value}' tidak valid / invalid period; write YYYY-MM, e.g. 2024-05",
            ctx=ctx,
            param=param,
        )
    return period


@click.command("template")
@click.option("--region", required=True, callback=_region, help="Kemendagri code, e.g. 32.01.")
@click.option("--period", required=True, callback=_period, help="Report month, YYYY-MM.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="xlsx",
    show_default=True,
    help="File format.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=True, path_type=Path),
    help="File or folder to write (default: laporan_<region>_<YYYY-MM>.<format> here).",
)
def template(region: str, period, fmt: str, output: Path | None) -> None:
    """Write a blank monthly report template for one region and month."""
    name = template_file_name(region, period, fmt)
    target = Path(name) if output is None else output
    if target.is_dir():
        target = target / name
    try:
        target.write_bytes(write_template(region, period, fmt))
    except OSError as exc:
        raise click.UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    click.echo(f"{target}")
