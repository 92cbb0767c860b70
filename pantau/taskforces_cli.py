"""``pantau taskforces ...``: the task-force lists and the province roll-up on the terminal."""

from __future__ import annotations

import dataclasses
import json

import click

from pantau import taskforces
from pantau.texts import t


def _json_default(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@click.group("taskforces")
def taskforces_group() -> None:
    """Which task forces are missing, silent, or lack a decree, members, RAD or budget."""


def _common(function):
    function = click.option("--province", help="Only this province's regions (e.g. 32).")(function)
    function = click.option(
        "--months",
        default=taskforces.DEFAULT_SILENT_MONTHS,
        show_default=True,
        type=click.IntRange(1, 120),
        help="Months without a report that make a task force silent.",
    )(function)
    function = click.option(
        "--term-years",
        default=taskforces.DEFAULT_TERM_YEARS,
        show_default=True,
        type=click.IntRange(1, 30),
        help="Age after which a decree counts as old.",
    )(function)
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(function)


def _rows(province: str | None, term_years: int):
    from pantau.context import open_engine
    from pantau.settings import get_settings

    settings = get_settings()
    return taskforces.registry(
        open_engine(settings), settings, province=province, term_years=term_years
    )


@taskforces_group.command("list")
@click.argument("kind", type=click.Choice(taskforces.KINDS))
@_common
def list_command(
    kind: str, province: str | None, months: int, term_years: int, as_json: bool
) -> None:
    """Print list KIND: none, silent, decree, members, no_rad or no_budget."""
    rows = taskforces.select_rows(_rows(province, term_years), kind, months=months)
    if as_json:
        records = [dataclasses.asdict(row) for row in rows]
        click.echo(json.dumps(records, default=_json_default, ensure_ascii=False))
        return
    title = taskforces.list_title(kind, "id")
    click.echo(f"{title}: {len(rows)}")
    for row in rows:
        click.echo(f"{row.region_code:<6} {row.region_name:<40} {_detail(kind, row)}")


def _detail(kind: str, row: taskforces.TaskForceRow) -> str:
    last = f"{row.last_reported:%Y-%m}" if row.last_reported else "belum pernah"
    if kind == "none":
        return "belum pernah melapor" if row.established is None else "tidak terbentuk"
    if kind == "silent":
        return f"{row.silent_months} bulan; laporan terakhir {last}"
    if kind == "decree":
        issue = taskforces.decree_issue_text(row.decree_issue, "id")
        until = f", berlaku sampai {row.valid_until}" if row.valid_until else ""
        return f"{issue}: {row.decree_number or '-'} {row.decree_date or ''}{until}"
    if kind == "members":
        names = ", ".join(taskforces.member_name(c) for c in row.missing_members)
        return t("taskforces.missing_members", "id", names=names)
    return f"laporan terakhir {last}"


@taskforces_group.command("provinces")
@_common
def provinces_command(province: str | None, months: int, term_years: int, as_json: bool) -> None:
    """Per province: regencies/cities with a task force, active and silent."""
    rollup = taskforces.province_rollup(_rows(province, term_years), months=months)
    if as_json:
        records = [
            {
                **{k: v for k, v in dataclasses.asdict(r).items() if k != "own"},
                "active_share": r.active_share,
                "own_established": r.own.established if r.own else None,
                "own_silent_months": r.own.silent_months if r.own else None,
            }
            for r in rollup
        ]
        click.echo(json.dumps(records, default=_json_default, ensure_ascii=False))
        return
    for r in rollup:
        click.echo(
            f"{r.province_code} {r.province_name:<28} {r.with_task_force} dari {r.regencies} "
            f"kab/kota punya gugus tugas, {r.active} aktif, {r.silent} tidak melapor "
            f"({r.active_share:.0%} aktif)"
        )


commands = [taskforces_group]


@click.command("scorecard")
@click.option("--province", help="Only this province's regions (e.g. 32).")
@click.option(
    "--level", type=click.Choice(["regency", "province"]), default="regency", show_default=True
)
@click.option("--limit", type=int, default=20, show_default=True, help="Rows to print.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON with every component.")
def scorecard_command(province: str | None, level: str, limit: int, as_json: bool) -> None:
    """The league table of the task-force scorecard (method: docs/scorecard.md)."""
    from pantau.context import open_engine
    from pantau.scorecard import league_table
    from pantau.settings import get_settings

    settings = get_settings()
    table = league_table(open_engine(settings), settings, province=province, level=level)
    if as_json:
        records = [
            {
                "rank": row.rank,
                "region_code": row.region_code,
                "region_name": row.current.region_name,
                "province_code": row.current.province_code,
                "score": row.score,
                "previous": row.previous,
                "change": row.change,
                "components": [dataclasses.asdict(c) for c in row.current.components],
            }
            for row in table
        ]
        click.echo(json.dumps(records, default=_json_default, ensure_ascii=False))
        return
    for row in table[:limit]:
        change = "" if row.change is None else f" ({row.change:+.1f})"
        click.echo(
            f"{row.rank:>4}. {row.region_code:<6} {row.current.region_name:<40} "
            f"{row.score:5.1f}{change}"
        )


commands.append(scorecard_command)
