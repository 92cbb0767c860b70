"""``pantau geodata`` subcommands (registered by ``pantau.cli``)."""

from __future__ import annotations

import click

commands: list[click.Command] = []
