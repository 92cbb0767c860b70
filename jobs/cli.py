"""``pantau`` subcommands of the ingestion side (registered by ``pantau.cli``)."""

from __future__ import annotations

import click

commands: list[click.Command] = []


def _ingestion_commands() -> list[click.Command]:
    from jobs.ingest_commands import commands as ingestion

    return ingestion


commands += _ingestion_commands()


def _template_commands() -> list[click.Command]:
    from jobs.template_command import template

    return [template]


commands += _template_commands()
