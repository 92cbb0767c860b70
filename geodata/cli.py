"""``pantau geodata`` subcommands (registered by ``pantau.cli``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pantau.settings import get_settings


@click.group("geodata")
def geodata() -> None:
    """Region boundaries: import official boundary files and show what the maps use."""


@geodata.command("import")
@click.argument("path")
@click.option(
    "--level", type=click.Choice(["province", "regency"]), required=True, help="Region level."
)
@click.option("--code-field", help="Field holding the Kemendagri code (found when not given).")
@click.option("--name-field", help="Field holding the region name (found when not given).")
@click.option("--source-name", help="Where the file comes from, for the manifest.")
def import_command(
    path: str,
    level: str,
    code_field: str | None,
    name_field: str | None,
    source_name: str | None,
) -> None:
    """Import a boundary file (GeoJSON, Shapefile, zipped Shapefile, GeoPackage).

    The result goes to <data dir>/boundaries/<level>.geojson with a manifest beside it.
    Importing regencies also derives the province layer, unless provinces were imported.
    """
    from geodata.importer import BoundaryImportError, import_boundaries

    try:
        result = import_boundaries(
            path,
            level,
            get_settings(),
            code_field=code_field,
            name_field=name_field,
            source_name=source_name,
        )
    except BoundaryImportError as exc:
        click.echo(f"pantau geodata import: {exc}", err=True)
        sys.exit(2)
    _echo_result(result.level, result.path, result.manifest)
    if result.derived is not None:
        _echo_result(result.derived.level, result.derived.path, result.derived.manifest)


def _echo_result(level: str, path: Path, manifest: dict) -> None:
    counts = manifest["counts"]
    origin = "derived from regencies" if manifest.get("derived_from") else "imported"
    click.echo(
        f"{level}: {counts['regions']} regions {origin} from {counts['features_read']} "
        f"features -> {path} ({manifest['output_bytes']:,} bytes, simplified at "
        f"{manifest['simplification']['tolerance_degrees']} degrees)"
    )
    if manifest["missing"]:
        click.echo(f"  missing ({len(manifest['missing'])}): {', '.join(manifest['missing'])}")
    for label in ("unmatched", "ambiguous", "extra", "outdated", "conflicts"):
        for item in manifest.get(label, []):
            click.echo(f"  {label}: {_describe(item)}")
    for code, count in manifest.get("duplicates", {}).items():
        click.echo(f"  merged: {count} features with code {code}")
    for warning in manifest["warnings"]:
        click.echo(f"  warning: {warning}")


def _describe(item: dict) -> str:
    text = f"feature {item['feature']} (code {item['code']!r}, name {item['name']!r})"
    if "now" in item:
        return f"{text} is now {item['now']}"
    if "name_matches" in item:
        return f"{text}: the name fits {item['name_matches']}"
    return f"{text}: {item.get('reason', '')}"


@geodata.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def status_command(as_json: bool) -> None:
    """Show the schematic layers and the imported boundaries with their source and date."""
    from geodata.status import geodata_status

    summary = geodata_status(get_settings())
    if as_json:
        click.echo(json.dumps(summary))
        return
    schematic = summary["schematic"]
    if None in schematic.values():
        click.echo("Schematic maps:  not available yet")
    else:
        click.echo(
            f"Schematic maps:  {schematic['provinces']} provinces, {schematic['regencies']} "
            "regencies/cities"
        )
    for level, count in summary["boundaries"].items():
        details = summary["imports"].get(level)
        if count is None or details is None:
            click.echo(f"Boundaries {level + ':':9s} not imported (schematic map only)")
            continue
        derived = ", derived from regencies" if details["derived_from"] else ""
        click.echo(
            f"Boundaries {level + ':':9s} {count} regions from {details['source_name']} "
            f"({details['imported_at']}{derived}), {len(details['missing'])} missing"
        )


commands: list[click.Command] = [geodata]
