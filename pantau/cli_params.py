"""Option callbacks shared by the ``pantau`` command groups, so that every command reads and
refuses a value the same way."""

from __future__ import annotations

import datetime as dt

import click


def iso_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` option as a date (None when not given)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter("use YYYY-MM-DD") from exc
