"""``pantau users ...`` and ``pantau audit``: manage who may log in and read the audit log."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os

import click

from pantau import access_log, audit
from pantau.access import ROLES


def _engine():
    from pantau.context import open_engine

    return open_engine()


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _record(action: str, name: str, outcome: str = "ok", **detail: object) -> None:
    audit.record(
        _engine(),
        action,
        username=_actor(),
        address="cli",
        outcome=outcome,
        detail={"user": name, **detail},
    )


def _fail(message: str) -> None:
    click.echo(f"pantau: {message}", err=True)
    raise SystemExit(1)


@click.group()
def users() -> None:
    """Add, list and disable the users who may log in to the dashboard."""


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the user may see.")
@click.option("--region", "region", help="Province code (provinsi) or regency code (kabupaten).")
@click.option("--password", help="The password; asked twice, hidden, when left out.")
def add(name: str, role: str, region: str | None, password: str | None) -> None:
    """Add user NAME with ROLE (and REGION for the provinsi and kabupaten roles)."""
    from pantau.auth import UserError, create_user

    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        create_user(_engine(), name, password, role, region)
    except UserError as exc:
        _record(audit.USER_ADD, name, "refused", reason=str(exc))
        _fail(str(exc))
    _record(audit.USER_ADD, name, role=role, region=region)
    where = f" for region {region}" if region else ""
    click.echo(f"user {name.strip().lower()} added with role {role}{where}")


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON list.")
def list_(as_json: bool) -> None:
    """List every user with role, region and state (never a password)."""
    from pantau.auth import list_users

    rows = list_users(_engine())
    if as_json:
        click.echo(json.dumps(rows, default=str))
        return
    if not rows:
        click.echo("no users yet: add one with `pantau users add NAME --role ROLE`")
        return
    for row in rows:
        state = "active" if row["active"] else "disabled"
        last = row["last_login_at"].strftime("%Y-%m-%d %H:%M") if row["last_login_at"] else "-"
        click.echo(
            f"{row['username']:<20} {row['role']:<10} {row['region_code'] or '-':<6} "
            f"{state:<9} last login {last}"
        )


@users.command("disable")
@click.argument("name")
def disable(name: str) -> None:
    """Disable user NAME: login is refused and open sessions end."""
    from pantau.auth import UserError, disable_user

    try:
        disable_user(_engine(), name)
    except UserError as exc:
        _fail(str(exc))
    _record(audit.USER_DISABLE, name)
    click.echo(f"user {name} disabled")


@users.command("set-password")
@click.argument("name")
@click.option("--password", help="The new password; asked twice, hidden, when left out.")
def set_password_(name: str, password: str | None) -> None:
    """Set a new password for NAME; every open session of NAME ends."""
    from pantau.auth import UserError, set_password

    if password is None:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        set_password(_engine(), name, password)
    except UserError as exc:
        _fail(str(exc))
    _record(audit.USER_PASSWORD, name)
    click.echo(f"password of {name} changed; their open sessions have ended")


@users.command("ensure-admin")
@click.option(
    "--login-url",
    default="http://127.0.0.1:8050/login",
    show_default=True,
    help="Where the dashboard's login page will be (said in the message).",
)
def ensure_admin(login_url: str) -> None:
    """Create a first user ``admin`` when there is no user at all; otherwise do nothing.

    The password comes from PANTAU_ADMIN_PASSWORD or is generated and printed once.
    """
    from pantau.auth import UserError, create_user, generate_password, user_count
    from pantau.settings import first_admin_password

    engine = _engine()
    if user_count(engine) > 0:
        click.echo("users exist already: nothing to do (see `pantau users list`)")
        return
    given = first_admin_password()
    password = given or generate_password()
    try:
        create_user(engine, "admin", password, "admin")
    except UserError as exc:
        _fail(f"PANTAU_ADMIN_PASSWORD: {exc}")
    _record(audit.USER_ADD, "admin", role="admin", first=True)
    click.echo("first user created: admin")
    if given:
        click.echo("password: the value of PANTAU_ADMIN_PASSWORD")
    else:
        written = write_admin_password(password)
        click.echo(f"password (shown once, write it down): {password}")
        click.echo(f"the password is also in {written} (readable by you only): delete it")
        click.echo("once you have logged in and changed it (`pantau users set-password admin`)")
    click.echo(f"log in at {login_url}; add others with `pantau users add`")


ADMIN_PASSWORD_FILE = "first-admin-password.txt"


def write_admin_password(password: str):
    """Keep the generated first password in the data dir (mode 0600), where a long
    ``make run`` log cannot scroll it away; returns the file's path."""
    from pantau.settings import get_settings

    path = get_settings().path(ADMIN_PASSWORD_FILE)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(f"admin\n{password}\n")
    os.chmod(path, 0o600)
    return path


@click.command("audit")
@click.option("--user", "username", help="Only events of this user name.")
@click.option("--action", type=click.Choice(audit.ACTIONS), help="Only this action.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="From this date (UTC).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Up to this date included.")
@click.option("--limit", default=200, show_default=True, type=int, help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option(
    "--data-access",
    "data_access",
    is_flag=True,
    help="Show the data access log (pages, callbacks, exports seen) instead.",
)
def audit_command(
    username: str | None,
    action: str | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    limit: int,
    as_json: bool,
    data_access: bool,
) -> None:
    """Show the audit log, newest first (entries are kept, never deleted by Pantau).

    With --data-access: who saw which data (kept PANTAU_ACCESS_LOG_RETENTION_DAYS days).
    """
    if data_access:
        _show_access(username, since, until, limit, as_json)
        return
    rows = audit.entries(
        _engine(),
        username=username,
        action=action,
        since=since.date() if since else None,
        until=until.date() if until else None,
        limit=limit,
    )
    for row in rows:
        if as_json:
            click.echo(json.dumps({**row.__dict__, "at": row.at.isoformat()}, ensure_ascii=False))
            continue
        detail = json.dumps(row.detail, ensure_ascii=False) if row.detail else ""
        click.echo(
            f"{row.at:%Y-%m-%d %H:%M:%S} {row.username or '-':<20} {row.address or '-':<15} "
            f"{row.action:<14} {row.outcome:<8} {detail}"
        )
    if not rows:
        click.echo("no matching audit events")


def _show_access(
    username: str | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    limit: int,
    as_json: bool,
) -> None:
    rows = access_log.entries(
        _engine(),
        username=username,
        since=since.date() if since else None,
        until=until.date() if until else None,
        limit=limit,
    )
    for row in rows:
        if as_json:
            click.echo(json.dumps({**row.__dict__, "at": row.at.isoformat()}, ensure_ascii=False))
            continue
        selection = json.dumps(row.selection, ensure_ascii=False)
        click.echo(
            f"{row.at:%Y-%m-%d %H:%M:%S} {row.username:<20} {row.address or '-':<15} "
            f"{row.kind:<8} {row.target} {selection}"
        )
    if not rows:
        click.echo("no matching data access entries")


commands = (users, audit_command)
